import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ActivityPage, AuditRecord } from '@contract';
import type { ApiError, Result } from '../api';
import { useResolver } from '../resolver/use-resolver';

export type LogState =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly error: ApiError }
  | {
      readonly status: 'ready';
      readonly items: readonly AuditRecord[];
      readonly nextCursor?: string;
      readonly loadingMore: boolean;
      /** Why the last "load more" failed; the rows already loaded stay. */
      readonly moreError?: ApiError;
    };

/**
 * A page may come back empty but with a cursor: filters no index answers alone (text, JQL, several
 * parts) are scanned in bounded windows on the server, and a window can hold no match. Such pages are
 * followed at once, so the user sees rows or the true end, never a blank "no more" in between.
 */
const MAX_EMPTY_WINDOWS = 20;

async function fetchRows(
  fetchPage: (cursor?: string) => Promise<Result<ActivityPage>>,
  cursor: string | undefined,
  stillWanted: () => boolean,
): Promise<Result<ActivityPage>> {
  let result = await fetchPage(cursor);
  for (let windows = 1; windows < MAX_EMPTY_WINDOWS && stillWanted(); windows++) {
    if (!result.ok || result.value.items.length > 0 || !result.value.nextCursor) break;
    result = await fetchPage(result.value.nextCursor);
  }
  return result;
}

/** The pages loaded after `after` (the first page they follow), with every row so far. */
interface LaterPages {
  readonly after: ActivityPage;
  readonly items: readonly AuditRecord[];
  readonly nextCursor?: string;
  readonly loadingMore: boolean;
  readonly moreError?: ApiError;
}

/**
 * The log for one filter, loaded page after page by cursor. The first page comes through
 * `useResolver`, so a new filter starts over and an answer for a filter that is no longer current is
 * dropped (fast typing never shows stale rows); later pages are kept only while the first page they
 * follow is the one shown.
 *
 * `fetchPage` must be stable per filter (the log starts over when it changes).
 */
export function useActivityLog(fetchPage: (cursor?: string) => Promise<Result<ActivityPage>>): {
  readonly state: LogState;
  readonly loadMore: () => void;
  readonly reload: () => void;
} {
  const first = useResolver((isCurrent) => fetchRows(fetchPage, undefined, isCurrent), fetchPage);
  const page = first.state === 'ready' ? first.value : undefined;
  const [later, setLater] = useState<LaterPages | undefined>(undefined);
  const more = page && later?.after === page ? later : undefined;

  // What a "load more" answer is checked against when it arrives: the page shown then, and whether
  // the log is still on screen at all.
  const shown = useRef(page);
  const mounted = useRef(true);
  const inFlight = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    shown.current = page;
  });
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const loadMore = useCallback(() => {
    if (!page) return;
    const cursor = more ? more.nextCursor : page.nextCursor;
    if (!cursor || more?.loadingMore || inFlight.current === cursor) return;
    inFlight.current = cursor;
    const wanted = () => mounted.current && shown.current === page;
    const items = more ? more.items : page.items;
    setLater({ after: page, items, nextCursor: cursor, loadingMore: true });
    void fetchRows(fetchPage, cursor, wanted).then((result) => {
      if (inFlight.current === cursor) inFlight.current = undefined;
      if (!wanted()) return;
      setLater((s) => {
        if (s?.after !== page) return s;
        if (!result.ok) return { ...s, loadingMore: false, moreError: result.error };
        return {
          after: page,
          items: s.items.concat(result.value.items),
          loadingMore: false,
          ...(result.value.nextCursor ? { nextCursor: result.value.nextCursor } : {}),
        };
      });
    });
  }, [fetchPage, page, more]);

  const failure = first.state === 'failed' ? first.error : undefined;
  const state = useMemo((): LogState => {
    if (failure) return { status: 'failed', error: failure };
    if (!page) return { status: 'loading' };
    if (more) {
      const { after: _after, ...rows } = more;
      return { status: 'ready', ...rows };
    }
    return {
      status: 'ready',
      items: page.items,
      loadingMore: false,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }, [failure, page, more]);

  return { state, loadMore, reload: first.reload };
}
