import { deliveryLimits } from '../../limits';

/**
 * Full-jitter exponential backoff (a uniformly random wait between 0 and base·2^attempt, capped): retries
 * of many installations against one recovering SIEM spread out instead of arriving together. A receiver's
 * `Retry-After` is a floor: never try sooner than it asked.
 */
export function backoffMs(
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
  base: number = deliveryLimits.backoffBaseMs,
  cap: number = deliveryLimits.backoffCapMs,
): number {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, Math.min(attempt, 30)));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}
