import Button from '@atlaskit/button/new';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import type { AuditRecord } from '@contract';
import { queryActivity } from '../api';
import { ErrorNotice } from '../ErrorNotice';
import { useHost } from '../host-context';
import { LogArea } from './LogArea';
import { useActivityLog, type LogState } from './use-activity-log';
import { useFacets } from './use-facets';
import { customRange, EMPTY_VIEW, toFilter, type ActivityView } from './view-state';

// The filters' selects (react-select) load beside the first page of the log, not before it.
const FilterBar = lazy(() => import('./FilterBar').then((m) => ({ default: m.FilterBar })));
const RecordDrawer = lazy(() => import('./RecordDrawer'));
const ExportDialog = lazy(() => import('./ExportDialog'));
const SavedViews = lazy(() => import('./SavedViews'));

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
  const [viewsOpen, setViewsOpen] = useState(false);

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
          <Button appearance="subtle" onClick={() => setViewsOpen(true)}>
            Saved views…
          </Button>
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
        {viewsOpen && <SavedViews view={view} onOpen={setView} onClose={() => setViewsOpen(false)} />}
      </Suspense>
    </div>
  );
}

function summary(state: LogState, locale: string): string {
  if (state.status === 'loading') return 'Loading activity…';
  if (state.status === 'failed') return '';
  const n = state.items.length.toLocaleString(locale);
  if (state.items.length === 0) return 'No records.';
  return state.nextCursor ? `Showing the newest ${n} records; more load as you scroll.` : `${n} records.`;
}
