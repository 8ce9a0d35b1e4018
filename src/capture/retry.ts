import { InvocationError, InvocationErrorCode } from '@forge/events';
import { limits } from '../limits';
import type { SqlFailure } from '../store/sql-errors';

/**
 * How long Forge should wait before delivering the event again. Product events are retried at most
 * four times (FD:events-reference/product_events), so the waits grow to spread those four tries over
 * about an hour, with jitter so a burst that hit a limit together does not return together.
 */
export function retryAfterSeconds(failure: SqlFailure, retryCount: number, random = Math.random): number {
  const base = failure === 'rate-limited' ? 15 : failure === 'schema-missing' ? 120 : 30;
  const grown = base * 4 ** Math.max(0, Math.min(retryCount, 3));
  const jittered = grown * (0.75 + random() * 0.5);
  return Math.max(1, Math.min(limits.productEventMaxRetryAfterSeconds, Math.round(jittered)));
}

export function retryLater(failure: SqlFailure, retryCount: number, detail: string): InvocationError {
  return new InvocationError({
    retryAfter: retryAfterSeconds(failure, retryCount),
    retryReason:
      failure === 'rate-limited'
        ? InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED
        : InvocationErrorCode.FUNCTION_RETRY_REQUEST,
    // retryData must be a small object (≤ 4 KB); it comes back in event.retryContext for the logs.
    retryData: { failure, detail: detail.slice(0, 500) },
  });
}
