import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import Spinner from '@atlaskit/spinner';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import type { AuditRecord } from '../../../../src/record/audit-record';
import { queryActivity, type ApiError } from '../api';
import { ErrorNotice } from '../ErrorNotice';
import { useHost } from '../host-context';
import { LogTable } from './LogTable';
import { useActivityLog } from './use-activity-log';
import { useFacets } from './use-facets';
import { EMPTY_VIEW, hasNarrowingFilters, toFilter, type ActivityView } from './view-state';

// The filters' selects (react-select) load beside the first page of the log, not before it.
const FilterBar = lazy(() => import('./FilterBar').then((m) => ({ default: m.FilterBar })));
const RecordDrawer = lazy(() => import('./RecordDrawer'));
const ExportDialog = lazy(() => import('./ExportDialog'));

/**
 * Rows per `activity.query` call: a small first page, so the log appears quickly, then the resolver's
 * largest (500), so scrolling through thousands of rows takes few calls.
 */
const FIRST_PAGE = 100;
const NEXT_PAGES = 500;

interface Props {
  readonly view: ActivityView;
  /** When the address last changed (epoch ms): a new view's relative range ends then. */
  readonly changedAt: number;
  /** The record open in the drawer. */
  readonly openRecord: string | undefined;
  /** A new view, and/or a record opened or closed: a new entry in the page's history. */
  readonly onNavigate: (next: { view: ActivityView; record?: string }) => void;
}

/** The Activity tab: filters, the log, the record drawer and the export. */
export function ActivityTab({ view, changedAt, openRecord, onNavigate }: Props) {
  const host = useHost();
  const [exporting, setExporting] = useState(false);

  // Relative ranges ("last 7 days") are resolved when the view changes or the admin refreshes; a
  // record opened or closed changes the address but not the view, and keeps the range as it is.
  const viewKey = JSON.stringify(view);
  const [resolved, setResolved] = useState(() => ({ viewKey, now: changedAt }));
  if (resolved.viewKey !== viewKey) setResolved({ viewKey, now: changedAt });
  const now = resolved.viewKey === viewKey ? resolved.now : changedAt;
  const stableView = useMemo(() => JSON.parse(viewKey) as ActivityView, [viewKey]);
  const filter = useMemo(() => toFilter(stableView, now), [stableView, now]);
  const fetchPage = useCallback(
    (cursor?: string) =>
      queryActivity({ ...filter, ...(cursor ? { cursor, limit: NEXT_PAGES } : { limit: FIRST_PAGE }) }),
    [filter],
  );
  const { state, loadMore, reload } = useActivityLog(fetchPage);
  const facets = useFacets(filter);

  // Jira's own words, without the resolver's "jql: " prefix (the field is right there).
  const jqlError =
    state.status === 'failed' && state.error.field === 'jql'
      ? state.error.message.replace(/^jql:\s*/, '')
      : undefined;
  const setView = (next: ActivityView) => onNavigate({ view: next });
  // Keyed on `view`'s value: a new object with the same filters must not re-render every row.
  const open = useCallback(
    (record: AuditRecord) => onNavigate({ view: stableView, record: record.id }),
    [stableView, onNavigate],
  );
  const openedRecord =
    openRecord && state.status === 'ready' ? state.items.find((r) => r.id === openRecord) : undefined;

  // Not an admin: the refusal, and nothing else (no filters, no pickers asking the server in vain).
  if (state.status === 'failed' && state.error.code === 'FORBIDDEN') {
    return <ErrorNotice error={state.error} title="" product={host.product} />;
  }

  return (
    <div className="activity">
      <Suspense
        fallback={<div className="filters-placeholder" aria-busy="true" aria-label="Loading the filters" />}
      >
        <FilterBar
          view={view}
          onChange={setView}
          facets={facets.status === 'ready' ? facets.facets : undefined}
          facetsFailed={facets.status === 'failed'}
          {...(jqlError ? { jqlError } : {})}
        />
      </Suspense>
      <div className="log-toolbar">
        <p className="log-summary" aria-live="polite">
          {summary(state, host.locale)}
        </p>
        <div className="log-toolbar-buttons">
          <Button appearance="subtle" onClick={() => setResolved({ viewKey, now: Date.now() })}>
            Refresh
          </Button>
          <Button
            appearance="primary"
            isDisabled={state.status !== 'ready' || state.items.length === 0}
            onClick={() => setExporting(true)}
          >
            Export…
          </Button>
        </div>
      </div>
      <LogArea
        state={state}
        view={view}
        jqlError={jqlError}
        onRetry={reload}
        onLoadMore={loadMore}
        onOpen={open}
        onView={setView}
        {...(openRecord ? { openId: openRecord } : {})}
      />
      <Suspense fallback={null}>
        {openRecord && (
          <RecordDrawer
            id={openRecord}
            record={openedRecord}
            onClose={() => onNavigate({ view })}
            onShowTrail={(objectId) =>
              onNavigate({
                view: { ...EMPTY_VIEW, range: view.range, ...customRange(view), objects: [objectId] },
              })
            }
          />
        )}
        {exporting && <ExportDialog filter={filter} onClose={() => setExporting(false)} />}
      </Suspense>
    </div>
  );
}

function customRange(view: ActivityView): Pick<ActivityView, 'from' | 'to'> {
  return { ...(view.from ? { from: view.from } : {}), ...(view.to ? { to: view.to } : {}) };
}

function summary(state: ReturnType<typeof useActivityLog>['state'], locale: string): string {
  if (state.status === 'loading') return 'Loading activity…';
  if (state.status === 'failed') return '';
  const n = state.items.length.toLocaleString(locale);
  if (state.items.length === 0) return 'No records.';
  return state.nextCursor ? `Showing the newest ${n} records; more load as you scroll.` : `${n} records.`;
}

function LogArea({
  state,
  view,
  jqlError,
  onRetry,
  onLoadMore,
  onOpen,
  onView,
  openId,
}: {
  readonly state: ReturnType<typeof useActivityLog>['state'];
  readonly view: ActivityView;
  readonly jqlError: string | undefined;
  readonly onRetry: () => void;
  readonly onLoadMore: () => void;
  readonly onOpen: (record: AuditRecord) => void;
  readonly onView: (view: ActivityView) => void;
  readonly openId?: string;
}) {
  const host = useHost();
  if (state.status === 'loading') {
    return (
      <div className="loading" aria-busy="true">
        <Spinner size="large" label="Loading activity" />
      </div>
    );
  }
  if (state.status === 'failed') {
    if (jqlError) {
      return (
        <p className="log-message" role="status">
          The log is waiting for a JQL query it can use: correct the JQL field above, or clear it to see every
          record.
        </p>
      );
    }
    return (
      <ErrorNotice
        error={withField(state.error)}
        title="The activity log could not be loaded"
        product={host.product}
        onRetry={onRetry}
      />
    );
  }
  if (state.items.length === 0) {
    const narrowed = hasNarrowingFilters(view);
    const longest = view.range === '90d' || view.range === 'custom';
    return (
      <EmptyState
        header={narrowed ? 'No activity matches these filters' : 'No activity in this time range'}
        headingLevel={2}
        description={
          narrowed
            ? 'Remove a filter or choose a longer time range. Views are recorded only while "Record views" is on in Settings.'
            : longest
              ? 'Audit Trail records activity from the moment it is installed. Choose another range, or check in Settings that what you are looking for is being recorded.'
              : 'Try a longer time range. Audit Trail records activity from the moment it is installed.'
        }
        primaryAction={
          narrowed ? (
            <Button
              appearance="primary"
              onClick={() => onView({ ...EMPTY_VIEW, range: view.range, ...customRange(view) })}
            >
              Clear filters
            </Button>
          ) : !longest ? (
            <Button appearance="primary" onClick={() => onView({ ...view, range: '90d' })}>
              Show the last 90 days
            </Button>
          ) : undefined
        }
      />
    );
  }
  return (
    <LogTable
      items={state.items}
      hasMore={Boolean(state.nextCursor)}
      loadingMore={state.loadingMore}
      onLoadMore={onLoadMore}
      onOpen={onOpen}
      {...(state.moreError ? { moreError: state.moreError } : {})}
      {...(openId ? { openId } : {})}
    />
  );
}

/** A refused filter names its field: say which one, so the admin knows what to change. */
function withField(error: ApiError): ApiError {
  if (error.code !== 'BAD_REQUEST' || !error.field || error.message.includes(error.field)) return error;
  return { ...error, message: `${error.field}: ${error.message}` };
}
