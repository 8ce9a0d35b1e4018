import Heading from '@atlaskit/heading';
import Spinner from '@atlaskit/spinner';
import type { ImportState, StorageStatus } from '@contract';
import { auditImportStatus, storageStatus, type Result } from '../api';
import { useResolver } from '../resolver/use-resolver';
import { ErrorMessage } from '../ErrorMessage';
import { useHost } from '../host-context';
import '../insights/insights.css';
import { BackfillSection } from './BackfillSection';
import { Time, ZoneNote } from '../time/Time';
import { ImportCard } from './ImportCard';
import { PrivacyReport } from './PrivacyReport';
import { RetentionForm } from './RetentionForm';
import { SealReport } from './SealReport';
import { StorageMeter } from './StorageMeter';

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
 * settings that keep it in bounds, the native audit import, the history backfill, and the personal-data
 * report.
 */
export function StorageTab() {
  const { product, locale } = useHost();
  const status = useResolver(loadStatus, 'storage');

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
  const time = (at: string | number) => <Time at={at} />;
  const when = (ms: number | undefined) => (ms === undefined ? 'never' : time(ms));
  return (
    <div className="storage">
      <ZoneNote />
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
      <BackfillSection products={['jira', 'confluence']} number={number} locale={locale} />
      <PrivacyReport storage={storage} number={number} when={when} />
      <SealReport storage={storage} number={number} when={when} />
    </div>
  );
}
