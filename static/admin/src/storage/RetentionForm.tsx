import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Textfield from '@atlaskit/textfield';
import { useState, type FormEvent } from 'react';
import type { StorageStatus } from '@contract';
import { updateSettings, type ApiError } from '../api';
import { ErrorMessage } from '../ErrorMessage';
import { useHost } from '../host-context';
import { MIB } from './storage-format';
import { withoutFieldKey } from '../field-message';

export function RetentionForm({
  storage,
  onSaved,
}: {
  readonly storage: StorageStatus;
  readonly onSaved: () => void;
}) {
  const { product, licenceInactive } = useHost();
  const [days, setDays] = useState(String(storage.maxAgeDays));
  const [budget, setBudget] = useState(String(Math.round(storage.budgetBytes / MIB)));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setSaved(false);
    setError(undefined);
    const result = await updateSettings({
      retention: { maxAgeDays: Number(days), budgetBytes: Math.round(Number(budget) * MIB) },
    });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    setSaved(true);
    onSaved();
  };
  const fieldError = (name: string) => (error?.field === name ? withoutFieldKey(error) : undefined);

  return (
    <section aria-labelledby="retention-heading">
      <Heading size="medium" as="h2" id="retention-heading">
        Retention
      </Heading>
      <p className="muted">
        Once a day, records older than the maximum age are deleted, oldest first, and more of the oldest
        whenever the log passes its budget. Nothing a required destination has not received is deleted.
        Insights are kept.
      </p>
      <form className="storage-form" onSubmit={(e) => void submit(e)} noValidate>
        <NumberField
          id="retention-days"
          label="Maximum age (days)"
          min={1}
          max={3650}
          value={days}
          onChange={setDays}
          disabled={licenceInactive}
          error={fieldError('retention.maxAgeDays')}
        />
        <NumberField
          id="retention-budget"
          label="Storage budget (MiB, at most 1024)"
          min={16}
          max={1024}
          value={budget}
          onChange={setBudget}
          disabled={licenceInactive}
          error={fieldError('retention.budgetBytes')}
        />
        <Button type="submit" appearance="primary" isLoading={saving} isDisabled={licenceInactive}>
          Save retention
        </Button>
        <p className="status" role="status">
          {saved ? 'Retention saved; it applies from the next daily run.' : ''}
        </p>
      </form>
      {error && !error.field && (
        <ErrorMessage
          error={error}
          title="Retention was not saved"
          product={product}
          onDismiss={() => setError(undefined)}
        />
      )}
    </section>
  );
}

/** A labelled number input with its error under it, tied together for screen readers. */
function NumberField(props: {
  readonly id: string;
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly disabled: boolean;
  readonly error: string | undefined;
}) {
  const { id, label, min, max, value, onChange, disabled, error } = props;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <Textfield
        id={id}
        type="number"
        min={min}
        max={max}
        value={value}
        isDisabled={disabled}
        onChange={(e) => onChange(e.currentTarget.value)}
        isInvalid={Boolean(error)}
        aria-describedby={`${id}-error`}
      />
      <div id={`${id}-error`} className="field-error">
        {error}
      </div>
    </div>
  );
}
