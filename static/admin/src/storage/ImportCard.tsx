import Lozenge from '@atlaskit/lozenge';
import ProgressBar from '@atlaskit/progress-bar';
import type { ProductImport } from '@contract';
import type { ReactNode } from 'react';
import { importProgress } from './storage-format';

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

export function ImportCard({
  name,
  state,
  number,
  when,
}: {
  readonly name: string;
  readonly state: ProductImport | undefined;
  readonly number: Intl.NumberFormat;
  readonly when: (ms: number | undefined) => ReactNode;
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
