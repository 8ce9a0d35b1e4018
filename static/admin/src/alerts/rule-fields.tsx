import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import { Field } from '../destinations/FormField';

/**
 * A whole number typed into a text box. The box keeps what is typed (an empty box while retyping);
 * the rule gets the number, or NaN, which the server refuses by name.
 */
export function NumberField({
  id,
  label,
  value,
  onChange,
  help,
}: {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly help?: string;
}) {
  const [text, setText] = useState(String(value));
  return (
    <Field id={id} label={label} help={help}>
      <Textfield
        id={id}
        inputMode="numeric"
        value={text}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setText(next);
          onChange(/^\d+$/.test(next.trim()) ? Number(next.trim()) : NaN);
        }}
      />
    </Field>
  );
}

/** A list typed as comma-separated values ("PAY, OPS"); the box keeps the text as typed. */
export function ListField({
  id,
  label,
  values,
  onChange,
  help,
}: {
  readonly id: string;
  readonly label: string;
  readonly values: readonly string[];
  readonly onChange: (values: string[]) => void;
  readonly help?: string;
}) {
  const [text, setText] = useState(values.join(', '));
  return (
    <Field id={id} label={label} help={help}>
      <Textfield
        id={id}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          onChange(
            event.currentTarget.value
              .split(',')
              .map((v) => v.trim())
              .filter(Boolean),
          );
        }}
      />
    </Field>
  );
}
