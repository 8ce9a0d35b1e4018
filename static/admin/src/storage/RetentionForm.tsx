import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Textfield from '@atlaskit/textfield';
import { useState, type FormEvent } from 'react';
import type { StorageStatus } from '@contract';
import { updateSettings, type ApiError } from '../api';
import { ErrorMessage } from '../ErrorMessage';
import { useHost } from '../host-context';
import { MIB } from './storage-format';

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
  const fieldError = (name: string) => (error?.field === name ? error.message : undefined);

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
        <div className="field">
          <label className="field-label" htmlFor="retention-days">
            Maximum age (days)
          </label>
          <Textfield
            id="retention-days"
            type="number"
            min={1}
            max={3650}
            value={days}
            isDisabled={licenceInactive}
            onChange={(e) => setDays(e.currentTarget.value)}
            isInvalid={Boolean(fieldError('retention.maxAgeDays'))}
            aria-describedby="retention-days-error"
          />
          <div id="retention-days-error" className="field-error">
            {fieldError('retention.maxAgeDays')}
          </div>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="retention-budget">
            Storage budget (MiB, at most 1024)
          </label>
          <Textfield
            id="retention-budget"
            type="number"
            min={16}
            max={1024}
            value={budget}
            isDisabled={licenceInactive}
            onChange={(e) => setBudget(e.currentTarget.value)}
            isInvalid={Boolean(fieldError('retention.budgetBytes'))}
            aria-describedby="retention-budget-error"
          />
          <div id="retention-budget-error" className="field-error">
            {fieldError('retention.budgetBytes')}
          </div>
        </div>
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
