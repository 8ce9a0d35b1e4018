/**
 * Failed pull-API authentications per caller per minute before the caller is answered 429 without a
 * look at the database. A client with a mistyped token stops long before this; a guesser is held to a
 * trickle, and never costs the installation's SQL requests (150 a second, FD:limits-sql) that capture needs.
 */
export const FAILED_AUTH_PER_MINUTE = 10;
const WINDOW_MS = 60_000;

/** Callers remembered at once: enough for a busy minute, small enough for a function's memory. */
const MAX_CALLERS = 10_000;

/**
 * Kept in memory, per container: Forge runs several, so the bound is per container, which still caps a
 * guesser at a few dozen tries a minute and costs no write per attempt (KVS or SQL would).
 */
const failures = new Map<string, { windowMs: number; count: number }>();

/**
 * Who is trying: the first address of `X-Forwarded-For` (the web trigger's client, as Forge's front
 * door adds it), or, without one, the token's first characters, so one wrong token repeated is caught.
 */
export function callerKey(
  headers: Readonly<Record<string, readonly string[]>> | undefined,
  token: string,
): string {
  for (const [name, values] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'x-forwarded-for') continue;
    const address = (values[0] ?? '').split(',')[0]?.trim();
    if (address) return `address:${address.slice(0, 64)}`;
  }
  return `token:${token.slice(0, 12)}`;
}

/** Seconds until the caller may try again, or 0 when they may now. */
export function blockedForSeconds(key: string, nowMs: number): number {
  const entry = failures.get(key);
  const windowMs = nowMs - (nowMs % WINDOW_MS);
  if (!entry || entry.windowMs !== windowMs || entry.count < FAILED_AUTH_PER_MINUTE) return 0;
  return Math.max(1, Math.ceil((windowMs + WINDOW_MS - nowMs) / 1000));
}

export function noteFailedAuth(key: string, nowMs: number): void {
  const windowMs = nowMs - (nowMs % WINDOW_MS);
  const entry = failures.get(key);
  if (entry && entry.windowMs === windowMs) {
    entry.count += 1;
    return;
  }
  if (failures.size >= MAX_CALLERS) {
    for (const [other, value] of failures) if (value.windowMs !== windowMs) failures.delete(other);
    // Still full within one minute: forget the oldest callers rather than grow without bound.
    for (const other of failures.keys()) {
      if (failures.size < MAX_CALLERS) break;
      failures.delete(other);
    }
  }
  failures.set(key, { windowMs, count: 1 });
}
