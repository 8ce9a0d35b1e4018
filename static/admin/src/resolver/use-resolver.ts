import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ApiError, Result } from '../api';

/**
 * Where one resolver call stands. While a newer request is on its way, `value` is still the previous
 * answer's value (if it was one): a tab that already shows data can keep showing it while it asks
 * again, and one that must not show another key's data reads `state` first.
 */
export type Resolved<T> =
  | { readonly state: 'loading'; readonly value: T | undefined; readonly error?: undefined }
  | { readonly state: 'failed'; readonly value: undefined; readonly error: ApiError }
  | { readonly state: 'ready'; readonly value: T; readonly error?: undefined };

export type ResolverCall<T> = Resolved<T> & {
  /** Asks again for the same key. */
  readonly reload: () => void;
};

/** An answer, with the request it answers. */
interface Answer<T> {
  readonly key: unknown;
  readonly generation: number;
  readonly result: Result<T>;
}

/**
 * Calls `load` (one of api.ts's resolver calls) whenever `key` changes (compared with `Object.is`: a
 * string, or a memoised function or object), and on `reload`; an undefined key asks nothing and stays
 * loading (the call waits for something it needs). Only the answer to the newest request
 * is taken: an older request that answers late is dropped, and nothing is set once the component has
 * unmounted. `load` itself may change on every render; the newest one is called. A loader that makes
 * several calls in a row can ask `isCurrent()` between them and stop once its answer is no longer wanted.
 */
export function useResolver<T>(
  load: (isCurrent: () => boolean) => Promise<Result<T>>,
  key: unknown,
): ResolverCall<T> {
  const latestLoad = useRef(load);
  useLayoutEffect(() => {
    latestLoad.current = load;
  });
  const [generation, setGeneration] = useState(0);
  const [answer, setAnswer] = useState<Answer<T> | undefined>(undefined);

  useEffect(() => {
    if (key === undefined) return;
    let current = true;
    void latestLoad
      .current(() => current)
      .then((result) => {
        if (!current) return;
        setAnswer({ key, generation, result });
      });
    return () => {
      current = false;
    };
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  if (!answer || !Object.is(answer.key, key) || answer.generation !== generation) {
    return { state: 'loading', value: answer?.result.ok ? answer.result.value : undefined, reload };
  }
  return answer.result.ok
    ? { state: 'ready', value: answer.result.value, reload }
    : { state: 'failed', value: undefined, error: answer.result.error, reload };
}
