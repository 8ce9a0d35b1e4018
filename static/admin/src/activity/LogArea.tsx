import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import Spinner from '@atlaskit/spinner';
import type { AuditRecord } from '@contract';
import type { ApiError } from '../api';
import { ErrorNotice } from '../ErrorNotice';
import { useHost } from '../host-context';
import { LogTable } from './LogTable';
import type { LogState } from './use-activity-log';
import { customRange, EMPTY_VIEW, hasNarrowingFilters, type ActivityView } from './view-state';
import { fieldMessage } from '../field-message';

/** The log, or what stands in for it: loading, a failure, the JQL waiting for a fix, or no records. */
export function LogArea({
  state,
  view,
  jqlError,
  onRetry,
  onLoadMore,
  onOpen,
  onView,
  openId,
}: {
  readonly state: LogState;
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

/** The filters as the filter bar labels them. */
const FILTER_LABELS = {
  from: 'From',
  to: 'To',
  actors: 'People',
  groups: 'Groups',
  products: 'Product',
  actions: 'Actions',
  containers: 'Projects and spaces',
  objects: 'Issue or page',
  text: 'Search',
  jql: 'JQL',
} as const;

/** A refused filter names its field by the label the filter bar shows, so the admin knows what to change. */
function withField(error: ApiError): ApiError {
  if (error.code !== 'BAD_REQUEST' || !error.field) return error;
  return { ...error, message: fieldMessage(error, FILTER_LABELS) };
}
