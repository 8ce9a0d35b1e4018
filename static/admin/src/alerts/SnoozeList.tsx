import Button from '@atlaskit/button/new';
import { RadioGroup } from '@atlaskit/radio';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import type { Snooze } from '@contract';
import { Field } from '../destinations/FormField';
import { Time } from '../time/Time';

const HOUR_MS = 3_600_000;
const TARGETS = [
  { value: 'actor', label: 'A person (account id)' },
  { value: 'container', label: 'A project or space (key or id)' },
];

/**
 * A rule's snoozes: records by this person, or in this project or space, are left out of the rule
 * until the snooze ends. Saved with the rule.
 */
export function SnoozeList({
  prefix,
  snoozes,
  onChange,
}: {
  readonly prefix: string;
  readonly snoozes: readonly Snooze[];
  readonly onChange: (snoozes: Snooze[]) => void;
}) {
  const [target, setTarget] = useState<'actor' | 'container'>('actor');
  const [value, setValue] = useState('');
  const [hours, setHours] = useState('24');
  const hoursValid = /^\d+$/.test(hours.trim()) && Number(hours) > 0;
  const add = () => {
    const until = Date.now() + Number(hours) * HOUR_MS;
    onChange([...snoozes, { [target]: value.trim(), until }]);
    setValue('');
  };
  return (
    <fieldset>
      <legend>Snoozes</legend>
      {snoozes.length === 0 ? (
        <p>Nobody is snoozed for this rule.</p>
      ) : (
        <ul aria-label="Snoozed for this rule">
          {snoozes.map((s, index) => (
            <li key={`${s.actor ?? ''}:${s.container ?? ''}:${s.until}`}>
              {s.actor ? `Person ${s.actor}` : `Project or space ${s.container}`} until <Time at={s.until} />{' '}
              <Button appearance="subtle" onClick={() => onChange(snoozes.filter((_, i) => i !== index))}>
                Remove snooze <span className="visually-hidden">for {s.actor ?? s.container}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <RadioGroup
        name={`${prefix}-snooze-target`}
        aria-label="Snooze for"
        options={TARGETS}
        value={target}
        onChange={(event) => setTarget(event.currentTarget.value as 'actor' | 'container')}
      />
      <div className="snooze-add">
        <Field id={`${prefix}-snooze-value`} label={target === 'actor' ? 'Account id' : 'Project or space'}>
          <Textfield
            id={`${prefix}-snooze-value`}
            value={value}
            onChange={(event) => setValue(event.currentTarget.value)}
          />
        </Field>
        <Field id={`${prefix}-snooze-hours`} label="For (hours)">
          <Textfield
            id={`${prefix}-snooze-hours`}
            inputMode="numeric"
            value={hours}
            onChange={(event) => setHours(event.currentTarget.value)}
          />
        </Field>
        <Button isDisabled={!value.trim() || !hoursValid} onClick={add}>
          Add snooze
        </Button>
      </div>
    </fieldset>
  );
}
