import { deliveryLimits } from '../../limits';
import type { Destination } from '../destinations/destination';
import type { Driver, Outcome } from '../destinations/driver';
import { accessToken, cachedToken, forgetToken } from './access-token';
import type { Batch } from './batches';
import { bodyOf } from './batches';
import { backoffMs } from './backoff';
import { sleep } from './clock';
import type { EgressBudget } from './egress-budget';
import { post } from './http-post';
import { scrubSecrets, secretsOf } from './scrub-secrets';

/** Why items were not delivered: wait and try again, stop until fixed, disable, or (deferred) out of time. */
export type Failure =
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs?: number }
  | { readonly kind: 'stop'; readonly reason: string }
  | { readonly kind: 'disable'; readonly reason: string }
  | { readonly kind: 'deferred'; readonly reason: string };

export interface SendResult {
  /** How many leading items of the batch are confirmed delivered: the cursor may pass exactly these. */
  readonly delivered: number;
  readonly failure?: Failure;
}

export interface SendContext {
  readonly driver: Driver;
  readonly destination: Destination;
  readonly secret: string;
  /** Real time (Date.now) after which no request starts. */
  readonly deadlineMs: number;
  readonly egress: EgressBudget;
  readonly formatContext?: { readonly cloudId?: string };
  readonly random?: () => number;
  /** Counts requests made, for the destination's totals and the measurements. */
  readonly onRequest?: (info: { readonly status: number | null; readonly bytes: number }) => void;
}

/** Waits inside a run only this long; longer waits become the destination's backoff instead. */
const IN_RUN_WAIT_MS = 10_000;
const IN_RUN_RETRIES = 3;

/**
 * Sends one batch and reports how far delivery got. A 413 splits the batch and sends the halves; a bulk
 * answer with some items refused for back-pressure sends only those again; a short Retry-After is waited
 * out here; anything else is returned for the caller to record (backoff, stop or disable).
 */
export async function sendBatch(context: SendContext, batch: Batch, depth = 0): Promise<SendResult> {
  const outcome = await attempt(context, batch);
  switch (outcome.kind) {
    case 'delivered':
      return { delivered: batch.items.length };
    case 'split': {
      if (batch.items.length === 1) {
        return {
          delivered: 0,
          failure: {
            kind: 'stop',
            reason: `${outcome.reason}, and record ${batch.items[0]?.record.id} alone is over the receiver's limit`,
          },
        };
      }
      const half = Math.ceil(batch.items.length / 2);
      const first = await sendBatch(context, slice(batch, 0, half), depth);
      if (first.failure) return first;
      const second = await sendBatch(context, slice(batch, half, batch.items.length), depth);
      return { delivered: half + second.delivered, ...(second.failure ? { failure: second.failure } : {}) };
    }
    case 'partial': {
      const wait = outcome.retryAfterMs ?? backoffMs(depth, undefined, context.random, 1000, IN_RUN_WAIT_MS);
      const firstPending = outcome.retry[0] ?? batch.items.length;
      if (depth >= IN_RUN_RETRIES || wait > IN_RUN_WAIT_MS || Date.now() + wait >= context.deadlineMs) {
        return { delivered: firstPending, failure: { kind: 'retry', reason: outcome.reason } };
      }
      await sleep(wait);
      const pending = pick(batch, outcome.retry);
      const again = await sendBatch(context, pending, depth + 1);
      const delivered =
        again.delivered < outcome.retry.length ? outcome.retry[again.delivered]! : batch.items.length;
      return { delivered, ...(again.failure ? { failure: again.failure } : {}) };
    }
    case 'retry': {
      const wait = outcome.retryAfterMs;
      if (
        wait !== undefined &&
        wait <= IN_RUN_WAIT_MS &&
        depth < IN_RUN_RETRIES &&
        Date.now() + wait < context.deadlineMs
      ) {
        await sleep(wait);
        return sendBatch(context, batch, depth + 1);
      }
      return { delivered: 0, failure: outcome };
    }
    default:
      return { delivered: 0, failure: outcome };
  }
}

/**
 * One request, its reason free of the credential: a receiver that echoes the request (or a token issuer
 * echoing a client secret) must not put it into `last_error` or the test answer.
 */
async function attempt(context: SendContext, batch: Batch, reauthorized = false): Promise<Outcome | Failure> {
  const hidden: string[] = secretsOf(context.secret);
  const outcome = await attemptOnce(context, batch, reauthorized, hidden);
  return 'reason' in outcome ? { ...outcome, reason: scrubSecrets(outcome.reason, hidden) } : outcome;
}

async function attemptOnce(
  context: SendContext,
  batch: Batch,
  reauthorized: boolean,
  hidden: string[],
): Promise<Outcome | Failure> {
  const { driver, destination, secret } = context;
  let token: string | undefined;
  let fromCache = false;
  if (driver.authorization) {
    // Asking the issuer for a token is an egress request too, but only when none is kept.
    if (!cachedToken(destination, secret) && !context.egress.take()) {
      return outOfTime();
    }
    const got = await accessToken(driver.authorization, destination, secret, timeoutFor(context));
    if (!got.ok) return got.failure;
    token = got.token;
    fromCache = got.fromCache;
  }
  if (Date.now() >= context.deadlineMs || !context.egress.take()) return outOfTime();
  const body = bodyOf(driver, batch);
  const request = driver.request({
    destination,
    secret,
    body,
    items: batch.items,
    // Real time, not the scheduling clock: receivers check signature timestamps against their own clocks.
    nowMs: Date.now(),
    ...(token !== undefined ? { token } : {}),
  });
  hidden.push(...secretsOf(secret, { headers: request.headers, ...(token !== undefined ? { token } : {}) }));
  const result = await post(request.url, request.headers, body, {
    gzip: driver.gzip,
    timeoutMs: timeoutFor(context),
  });
  context.onRequest?.({ status: result.ok ? result.answer.status : null, bytes: result.sentBytes });
  if (!result.ok) return { kind: 'retry', reason: result.reason };
  // A cached token the receiver no longer accepts (revoked, clock skew): fetch a new one, once.
  if (result.answer.status === 401 && fromCache && !reauthorized) {
    forgetToken(destination.id);
    return attempt(context, batch, true);
  }
  return driver.interpret(result.answer, batch.items);
}

function timeoutFor(context: SendContext): number {
  // AbortSignal.timeout takes whole milliseconds only.
  return Math.floor(
    Math.max(1000, Math.min(deliveryLimits.requestTimeoutMs, context.deadlineMs - Date.now())),
  );
}

function outOfTime(): Failure {
  return { kind: 'deferred', reason: 'out of time or egress budget for this run' };
}

function slice(batch: Batch, from: number, to: number): Batch {
  return { items: batch.items.slice(from, to), chunks: batch.chunks.slice(from, to) };
}

function pick(batch: Batch, indexes: readonly number[]): Batch {
  return { items: indexes.map((i) => batch.items[i]!), chunks: indexes.map((i) => batch.chunks[i]!) };
}
