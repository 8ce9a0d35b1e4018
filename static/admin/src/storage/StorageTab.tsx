import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import Textfield from '@atlaskit/textfield';
import { useState, type FormEvent } from 'react';
import type { ImportState, ProductImport } from '../../../../src/audit-import/import-pass';
import type { StorageStatus } from '../../../../src/retention/storage-types';
import { auditImportStatus, storageStatus, updateSettings, type ApiError, type Result } from '../api';
import { useResolver } from '../resolver/use-resolver';
import { ErrorMessage } from '../ErrorMessage';
import { useHost } from '../host-context';
import '../insights/insights.css';
import { useFormatTime } from '../time/use-format-time';
import { formatBytes, importProgress, MIB } from './storage-format';

interface Status {
  readonly storage: StorageStatus;
  readonly imports: ImportState;
}

/** `storage.status` and `auditImport.status` together: the tab shows both or neither. */
async function loadStatus(): Promise<Result<Status>> {
  const [storage, imports] = await Promise.all([storageStatus(), auditImportStatus()]);
  if (!storage.ok) return storage;
  if (!imports.ok) return imports;
  return { ok: true, value: { storage: storage.value, imports: imports.value } };
}

/**
 * The Storage tab: how much of Forge SQL's 1 GiB the log uses and where it is heading, the retention
 * settings that keep it in bounds, the native audit import, and the personal-data report.
 */
export function StorageTab() {
  const { product, locale } = useHost();
  const status = useResolver(loadStatus, 'storage');
  const time = useFormatTime();

  if (status.state === 'failed') {
    return (
      <ErrorMessage
        error={status.error}
        title="Audit Trail could not load its storage status"
        product={product}
        onRetry={status.reload}
      />
    );
  }
  // A reload (after retention is saved) keeps the tab as it is until the new status arrives.
  if (!status.value) {
    return (
      <div className="loading">
        <Spinner size="large" label="Loading storage" />
      </div>
    );
  }
  const { storage, imports } = status.value;
  const number = new Intl.NumberFormat(locale);
  const when = (ms: number | undefined) => (ms === undefined ? 'never' : time(ms));
  return (
    <div className="storage">
      <StorageMeter storage={storage} number={number} locale={locale} time={time} />
      <RetentionForm storage={storage} onSaved={status.reload} />
      <section aria-labelledby="import-heading">
        <Heading size="medium" as="h2" id="import-heading">
          Native audit import
        </Heading>
        <p className="muted">
          Every hour, the products’ own audit logs are imported as <code>config.*</code> records: workflow,
          scheme, permission, custom field and group changes that product events do not carry.
        </p>
        <div className="insights-grid">
          <ImportCard name="Jira" state={imports.jira} number={number} when={when} />
          <ImportCard name="Confluence" state={imports.confluence} number={number} when={when} />
        </div>
      </section>
      <PrivacyReport storage={storage} number={number} when={when} />
      <SealReport storage={storage} number={number} when={when} />
    </div>
  );
}

function StorageMeter({
  storage,
  number,
  locale,
  time,
}: {
  readonly storage: StorageStatus;
  readonly number: Intl.NumberFormat;
  readonly locale: string;
  readonly time: (at: string | number) => string;
}) {
  const share = Math.min(1, storage.bytes / storage.budgetBytes);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
  const retention = storage.retention;
  return (
    <section aria-labelledby="storage-heading">
      <Heading size="medium" as="h2" id="storage-heading">
        Storage
      </Heading>
      <p>
        {formatBytes(storage.bytes, locale)} of the {formatBytes(storage.budgetBytes, locale)} budget (
        {percent}){storage.method === 'sampled-row-size' ? ', estimated from the size of recent records' : ''}
      </p>
      <ProgressBar ariaLabel={`Storage used: ${percent} of the budget`} value={share} />
      {storage.warning && (
        <div role="alert" className="storage-warning">
          <SectionMessage appearance="warning" title="The storage budget will be reached soon">
            <p>
              At the current growth the log reaches its budget in{' '}
              {storage.daysToBudget !== undefined
                ? `${number.format(Math.max(0, Math.floor(storage.daysToBudget)))} days`
                : 'days'}
              . Retention will then delete the oldest records before they are {storage.maxAgeDays} days old.
              Raise the budget, shorten the maximum age, or record fewer views.
            </p>
          </SectionMessage>
        </div>
      )}
      <dl className="storage-facts">
        <dt>Records</dt>
        <dd>{number.format(storage.rows)}</dd>
        <dt>Oldest record</dt>
        <dd>{storage.oldest ? time(storage.oldest) : 'none yet'}</dd>
        <dt>Days covered</dt>
        <dd>{number.format(storage.daysCovered)}</dd>
        <dt>Growth per day</dt>
        <dd>
          {formatBytes(storage.growthBytesPerDay, locale)}{' '}
          <span className="muted">
            (
            {storage.growthBasis === 'measured'
              ? 'net, measured over recent days'
              : 'arrivals; measured growth after a few days'}
            )
          </span>
        </dd>
        <dt>Budget reached in</dt>
        <dd>
          {storage.daysToBudget === undefined
            ? 'not growing'
            : `${number.format(Math.floor(storage.daysToBudget))} days`}
        </dd>
        <dt>Last retention run</dt>
        <dd>
          {retention
            ? `${time(retention.atMs)}: ${number.format(retention.deleted)} records deleted`
            : 'not run yet (daily)'}
        </dd>
      </dl>
      {retention?.heldBy === 'required-destination' && (
        <SectionMessage appearance="information" title="Retention is waiting for a required destination">
          <p>
            {retention.heldDestination ?? 'A destination'} is marked required and has not received every
            record retention would delete. They are kept until it has; fix, un-mark or delete it under
            Destinations.
          </p>
        </SectionMessage>
      )}
    </section>
  );
}

function RetentionForm({
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

const IMPORT_STATUS: Readonly<
  Record<
    NonNullable<ProductImport['status']>,
    { text: string; appearance: 'success' | 'inprogress' | 'removed' | 'moved' }
  >
> = {
  ok: { text: 'Up to date', appearance: 'success' },
  running: { text: 'Importing', appearance: 'inprogress' },
  error: { text: 'Failed, retrying', appearance: 'removed' },
  unavailable: { text: 'Not available', appearance: 'moved' },
};

function ImportCard({
  name,
  state,
  number,
  when,
}: {
  readonly name: string;
  readonly state: ProductImport | undefined;
  readonly number: Intl.NumberFormat;
  readonly when: (ms: number | undefined) => string;
}) {
  const status = state?.status ? IMPORT_STATUS[state.status] : undefined;
  const progress = state ? importProgress(state) : undefined;
  return (
    <div className="insights-card">
      <div className="insights-card-label">{name}</div>
      <div>
        {status ? (
          <Lozenge appearance={status.appearance}>{status.text}</Lozenge>
        ) : (
          <Lozenge>Not run yet</Lozenge>
        )}
      </div>
      {progress && (
        <>
          <ProgressBar
            ariaLabel={`${name} audit import progress`}
            {...(progress.share === undefined ? { isIndeterminate: true } : { value: progress.share })}
          />
          <div className="muted">
            {number.format(progress.read)}{' '}
            {progress.total === undefined
              ? 'records read so far'
              : `of ${number.format(progress.total)} records read`}
          </div>
        </>
      )}
      <dl className="storage-facts">
        <dt>Last run</dt>
        <dd>{when(state?.lastRunMs)}</dd>
        <dt>Last complete</dt>
        <dd>{when(state?.lastSuccessMs)}</dd>
        <dt>Imported</dt>
        <dd>
          {number.format(state?.imported ?? 0)} records
          {state?.lastRunImported !== undefined
            ? ` (last run: ${number.format(state.lastRunImported)} new, ${number.format(state.lastRunDuplicates ?? 0)} already there)`
            : ''}
        </dd>
      </dl>
      {state?.message && <p className="muted">{state.message}</p>}
    </div>
  );
}

/** What the Personal data and Tamper evidence reports read: the status, and the tab's formatters. */
interface ReportProps {
  readonly storage: StorageStatus;
  readonly number: Intl.NumberFormat;
  readonly when: (ms: number | undefined) => string;
}

function PrivacyReport({ storage, number, when }: ReportProps) {
  const privacy = storage.privacy;
  return (
    <section aria-labelledby="privacy-heading">
      <Heading size="medium" as="h2" id="privacy-heading">
        Personal data
      </Heading>
      <p className="muted">
        The account ids in the log are reported to Atlassian every cycle. Closed accounts are replaced by a
        stable pseudonym in every table, so a former user’s timeline stays whole without saying who they were.
      </p>
      <dl className="storage-facts">
        <dt>Last report</dt>
        <dd>{when(privacy?.lastReportMs)}</dd>
        <dt>Next cycle</dt>
        <dd>
          {privacy?.nextCycleMs
            ? when(privacy.nextCycleMs)
            : privacy?.cycleStartMs
              ? 'this cycle is still reporting'
              : 'with the next daily run'}
        </dd>
        <dt>Accounts reported</dt>
        <dd>{number.format(privacy?.reported ?? 0)}</dd>
        <dt>Closed, pseudonymised</dt>
        <dd>{number.format(privacy?.closed ?? 0)}</dd>
        <dt>Updated</dt>
        <dd>{number.format(privacy?.updated ?? 0)}</dd>
      </dl>
      {(privacy?.heldSealedObjects ?? 0) > 0 && (
        <p className="muted">
          {number.format(privacy!.heldSealedObjects!)} sealed records about closed accounts still carry their
          account id as the record’s object: the tamper-evidence chain does not yet allow replacing it.
        </p>
      )}
      {privacy?.lastError && <p className="field-error">{privacy.lastError}</p>}
      {storage.lastDailyRun && storage.lastDailyRun.errors.length > 0 && (
        <SectionMessage appearance="warning" title="Part of the last daily run failed">
          <ul>
            {storage.lastDailyRun.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </SectionMessage>
      )}
    </section>
  );
}

/**
 * Sealing: the key checkpoints are signed with, for the admin to record out of band (`npm run verify
 * --key <fingerprint>` then pins it), the latest checkpoint, and a lock that blocks sealing.
 */
function SealReport({ storage, number, when }: ReportProps) {
  const seal = storage.seal;
  return (
    <section aria-labelledby="seal-heading">
      <Heading size="medium" as="h2" id="seal-heading">
        Tamper evidence
      </Heading>
      <p className="muted">
        Every record is sealed into a hash chain, and its head is signed with a key only the app holds. Record
        this fingerprint somewhere outside Jira and Confluence: an export verified with it cannot have been
        rewritten.
      </p>
      <dl className="storage-facts">
        <dt>Sealed through</dt>
        <dd>seq {number.format(seal?.headSeq ?? 0)}</dd>
        <dt>Last signed checkpoint</dt>
        <dd>
          {seal?.checkpoint
            ? `seq ${number.format(seal.checkpoint.seq)}, ${when(Date.parse(seal.checkpoint.time))}`
            : 'none yet'}
        </dd>
        <dt>Signing key fingerprint</dt>
        <dd>
          <code>{seal?.fingerprint ?? 'made on the first seal'}</code>
        </dd>
        {seal?.publicKey && (
          <>
            <dt>Public key</dt>
            <dd>
              <code className="wrap">{seal.publicKey}</code>
            </dd>
          </>
        )}
      </dl>
      {seal?.lockedUntilMs !== undefined && (
        <SectionMessage appearance="information" title="A seal run holds the lock">
          <p>
            Sealing runs that start before {when(seal.lockedUntilMs)} are blocked and seal nothing. If the run
            holding it stopped, the lock lapses then and the next run goes on.
          </p>
        </SectionMessage>
      )}
    </section>
  );
}
