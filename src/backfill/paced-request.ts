import { asApp, assumeTrustedRoute, type APIResponse, type RequestInit } from '@forge/api';
import { backfillLimits } from '../limits';
import type { Product } from '../record/audit-record';

/** A rate limit asked for a wait longer than this run has left: the run saves and continues later. */
export class WaitLonger extends Error {
  constructor(readonly untilMs: number) {
    super(`rate limited until ${new Date(untilMs).toISOString()}`);
  }
}

/** What a run's requests share: counts, the clock, and how to wait (tests wait without sleeping). */
export interface Pacer {
  requests: number;
  throttled: number;
  waitedMs: number;
  readonly deadlineMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** How long a 429 or 503 asks to wait: `Retry-After` in seconds or as a date; else exponential backoff. */
export function retryAfterMs(response: APIResponse, attempt: number, nowMs: number): number {
  const header = response.headers.get('retry-after');
  if (header !== null) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const at = Date.parse(header);
    if (Number.isFinite(at)) return Math.max(0, at - nowMs);
  }
  return Math.min(backfillLimits.maxBackoffMs, backfillLimits.firstBackoffMs * 2 ** attempt);
}

/**
 * One history request as the app, one at a time: Jira's and Confluence's rate limits are shared with
 * every other app on the site, so the backfill never runs requests in parallel. A 429 (or 503) is waited
 * out for as long as `Retry-After` says, here if this run has the time, else by `WaitLonger` (the run
 * saves its checkpoint and continues after the wait); `X-RateLimit-NearLimit` slows the next request.
 */
export async function pacedRequest(
  pacer: Pacer,
  product: Product,
  path: string,
  init?: { readonly method: 'POST'; readonly body: unknown },
): Promise<APIResponse> {
  for (let attempt = 0; ; attempt++) {
    const options: RequestInit = init
      ? {
          method: init.method,
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(init.body),
        }
      : { headers: { accept: 'application/json' } };
    // Paths are built here from ids the APIs returned, never from what an admin typed.
    const call = assumeTrustedRoute(path);
    pacer.requests += 1;
    const response =
      product === 'jira'
        ? await asApp().requestJira(call, options)
        : await asApp().requestConfluence(call, options);
    if (response.status !== 429 && response.status !== 503) {
      if (response.headers.get('x-ratelimit-nearlimit') === 'true') {
        await pacer.sleep(backfillLimits.nearLimitPauseMs);
        pacer.waitedMs += backfillLimits.nearLimitPauseMs;
      }
      return response;
    }
    pacer.throttled += 1;
    const now = Date.now();
    const wait = retryAfterMs(response, attempt, now);
    if (now + wait >= pacer.deadlineMs) throw new WaitLonger(now + wait);
    await pacer.sleep(wait);
    pacer.waitedMs += wait;
  }
}
