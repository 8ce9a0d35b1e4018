import { useCallback, useEffect, useRef, useState } from 'react';
import type { ActivityPage, AuditRecord } from '@contract';
import type { ApiError, Result } from '../api';

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
 * The log for one filter, loaded page after page by cursor. A new filter starts over; an answer for a
 * filter that is no longer current is dropped, so fast typing never shows stale rows.
 *
 * `fetchPage` must be stable per filter (the hook reloads when it changes).
 *
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

export function useActivityLog(fetchPage: ((cursor?: string) => Promise<Result<ActivityPage>>) | undefined): {
  readonly state: LogState;
  readonly loadMore: () => void;
  readonly reload: () => void;
} {
  const [state, setState] = useState<LogState>({ status: 'loading' });
  const generation = useRef(0);
  const current = useRef(state);
  current.current = state;

  const load = useCallback(() => {
    if (!fetchPage) return;
    const mine = ++generation.current;
    setState({ status: 'loading' });
    void fetchRows(fetchPage, undefined, () => mine === generation.current).then((result) => {
      if (mine !== generation.current) return;
      setState(
        result.ok
          ? {
              status: 'ready',
              items: result.value.items,
              loadingMore: false,
              ...(result.value.nextCursor ? { nextCursor: result.value.nextCursor } : {}),
            }
          : { status: 'failed', error: result.error },
      );
    });
  }, [fetchPage]);

  useEffect(load, [load]);

  const loadMore = useCallback(() => {
    const now = current.current;
    if (!fetchPage || now.status !== 'ready' || !now.nextCursor || now.loadingMore) return;
    const mine = generation.current;
    const cursor = now.nextCursor;
    const loading: LogState = { status: 'ready', items: now.items, nextCursor: cursor, loadingMore: true };
    current.current = loading;
    setState(loading);
    void fetchRows(fetchPage, cursor, () => mine === generation.current).then((result) => {
      if (mine !== generation.current) return;
      setState((s) => {
        if (s.status !== 'ready') return s;
        if (!result.ok) return { ...s, loadingMore: false, moreError: result.error };
        return {
          status: 'ready',
          items: s.items.concat(result.value.items),
          loadingMore: false,
          ...(result.value.nextCursor ? { nextCursor: result.value.nextCursor } : {}),
        };
      });
    });
  }, [fetchPage]);

  return { state, loadMore, reload: load };
}
