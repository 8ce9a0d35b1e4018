import { createHash } from 'node:crypto';
import type { Destination } from '../destinations/destination';
import type { TokenAuthorization, TokenOutcome } from '../destinations/driver';
import { post } from './http-post';

interface Cached {
  readonly token: string;
  readonly expiresAtMs: number;
  readonly fingerprint: string;
}

/**
 * Bearer tokens for the destinations whose drivers declare `authorization`, kept for their lifetime (less
 * a minute) within the running function instance, so a run asks once, not once per batch. A changed
 * secret or options invalidate the kept token.
 */
const cache = new Map<string, Cached>();

type TokenResult =
  | { readonly ok: true; readonly token: string; readonly fromCache: boolean }
  | { readonly ok: false; readonly failure: Exclude<TokenOutcome, { kind: 'token' }> };

/** The token kept for this destination, if it is still good and was made from the same settings. */
export function cachedToken(destination: Destination, secret: string): string | undefined {
  const cached = cache.get(destination.id);
  return cached &&
    cached.fingerprint === fingerprintOf(destination, secret) &&
    cached.expiresAtMs > Date.now()
    ? cached.token
    : undefined;
}

/** A token: the kept one, or a new one from the issuer (one egress request). */
export async function accessToken(
  authorization: TokenAuthorization,
  destination: Destination,
  secret: string,
  timeoutMs: number,
): Promise<TokenResult> {
  const kept = cachedToken(destination, secret);
  if (kept) return { ok: true, token: kept, fromCache: true };
  const request = authorization.tokenRequest(destination, secret);
  const result = await post(
    request.url,
    { 'content-type': 'application/x-www-form-urlencoded' },
    request.body,
    { gzip: false, timeoutMs },
  );
  if (!result.ok)
    return { ok: false, failure: { kind: 'retry', reason: `${authorization.issuer}: ${result.reason}` } };
  const outcome = authorization.interpretToken(result.answer);
  if (outcome.kind !== 'token') return { ok: false, failure: outcome };
  cache.set(destination.id, {
    token: outcome.token,
    expiresAtMs: Date.now() + Math.max(0, outcome.expiresInMs - 60_000),
    fingerprint: fingerprintOf(destination, secret),
  });
  return { ok: true, token: outcome.token, fromCache: false };
}

export function forgetToken(destinationId: string): void {
  cache.delete(destinationId);
}

function fingerprintOf(destination: Destination, secret: string): string {
  return createHash('sha256')
    .update(`${secret}\n${JSON.stringify(destination.options)}`)
    .digest('hex');
}
