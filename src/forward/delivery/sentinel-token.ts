import { createHash } from 'node:crypto';
import type { Destination } from '../destinations/destination';
import type { Outcome } from '../destinations/driver';
import { interpretToken, tokenRequest } from '../destinations/sentinel';
import { post } from './http-post';

interface Cached {
  readonly token: string;
  readonly expiresAtMs: number;
  readonly fingerprint: string;
}

/**
 * Entra access tokens, kept for their lifetime (less a minute) within the running function instance, so a
 * run asks once, not once per batch. A changed secret, client or tenant invalidates the cached token.
 */
const cache = new Map<string, Cached>();

export type TokenResult =
  | { readonly ok: true; readonly token: string; readonly fromCache: boolean }
  | { readonly ok: false; readonly failure: Exclude<Outcome, { kind: 'delivered' | 'partial' | 'split' }> };

/** The token kept for this destination, if it is still good and was made from the same settings. */
export function cachedSentinelToken(destination: Destination, secret: string): string | undefined {
  const cached = cache.get(destination.id);
  return cached &&
    cached.fingerprint === fingerprintOf(destination, secret) &&
    cached.expiresAtMs > Date.now()
    ? cached.token
    : undefined;
}

/** A token: the kept one, or a new one from Entra (one egress request). */
export async function sentinelToken(
  destination: Destination,
  secret: string,
  timeoutMs: number,
): Promise<TokenResult> {
  const kept = cachedSentinelToken(destination, secret);
  if (kept) return { ok: true, token: kept, fromCache: true };
  const request = tokenRequest(destination, secret);
  const result = await post(
    request.url,
    { 'content-type': 'application/x-www-form-urlencoded' },
    request.body,
    { gzip: false, timeoutMs },
  );
  if (!result.ok)
    return { ok: false, failure: { kind: 'retry', reason: `Microsoft Entra: ${result.reason}` } };
  const outcome = interpretToken(result.answer);
  if (outcome.kind === 'token') {
    cache.set(destination.id, {
      token: outcome.token,
      expiresAtMs: Date.now() + Math.max(0, outcome.expiresInMs - 60_000),
      fingerprint: fingerprintOf(destination, secret),
    });
    return { ok: true, token: outcome.token, fromCache: false };
  }
  if (outcome.kind === 'retry' || outcome.kind === 'stop' || outcome.kind === 'disable') {
    return { ok: false, failure: outcome };
  }
  return { ok: false, failure: { kind: 'retry', reason: 'Microsoft Entra gave no token' } };
}

export function forgetSentinelToken(destinationId: string): void {
  cache.delete(destinationId);
}

function fingerprintOf(destination: Destination, secret: string): string {
  return createHash('sha256')
    .update(`${secret}\n${JSON.stringify(destination.options)}`)
    .digest('hex');
}
