import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { memo } from 'react';
import type { ApiError } from '../api';

/** How much is loaded, and whether more is on its way; rendered only when that changes. */
export const LogFoot = memo(function LogFoot({
  count,
  hasMore,
  loadingMore,
  moreError,
  onLoadMore,
  locale,
}: {
  readonly count: number;
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  readonly moreError?: ApiError;
  readonly onLoadMore: () => void;
  readonly locale: string;
}) {
  return (
    <div className="log-foot" role="status">
      {loadingMore ? (
        <span className="log-foot-loading">
          <Spinner size="small" label="" /> Loading more records…
        </span>
      ) : moreError ? (
        <span>
          More records could not be loaded: {moreError.message}{' '}
          <Button appearance="subtle" onClick={onLoadMore}>
            Try again
          </Button>
        </span>
      ) : hasMore ? (
        <span>
          {count.toLocaleString(locale)} records loaded; more load as you scroll.{' '}
          <Button appearance="subtle" onClick={onLoadMore}>
            Load more
          </Button>
        </span>
      ) : (
        <span>All {count.toLocaleString(locale)} matching records are loaded.</span>
      )}
    </div>
  );
});
