import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { changedRows } from '../store/affected-rows';
import type { Store } from '../store/database';

/** A token as the admin page lists it: never the token itself, which exists only in the create answer. */
export interface PullTokenInfo {
  readonly id: string;
  readonly name: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/**
 * Requests one token may make per minute. The pull API reads up to 1,000 records a request, so this is
 * 60,000 records a minute per token — far above what one site produces — while a looping client cannot
 * eat the installation's 150 DML requests a second (FD:limits-sql) that capture needs.
 */
export const PULL_REQUESTS_PER_MINUTE = 60;
const WINDOW_MS = 60_000;

/** Active tokens per installation: enough for every SIEM and script, few enough to review. */
export const MAX_ACTIVE_TOKENS = 25;

/** `atp_` and 32 random bytes in base64url: the prefix lets secret scanners recognise a leaked token. */
const TOKEN_PATTERN = /^atp_[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function createPullToken(
  target: Store,
  name: string,
  createdBy: string,
  nowMs: number,
): Promise<{ readonly token: string; readonly info: PullTokenInfo }> {
  const token = `atp_${randomBytes(32).toString('base64url')}`;
  const row = {
    id: randomBytes(16).toString('hex'),
    name,
    token_hash: hashToken(token),
    created_by: createdBy,
    created_ms: nowMs,
    last_used_ms: null,
    revoked_ms: null,
    window_ms: 0,
    window_count: 0,
  };
  await target.db.insertInto('pull_token').values(row).execute();
  return { token, info: toInfo(row) };
}

export async function countActivePullTokens(target: Store): Promise<number> {
  const row = await target.db
    .selectFrom('pull_token')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('revoked_ms', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every token, newest first, revoked ones included (their history is part of the audit). */
export async function listPullTokens(target: Store): Promise<PullTokenInfo[]> {
  const rows = await target.db
    .selectFrom('pull_token')
    .select(['id', 'name', 'created_by', 'created_ms', 'last_used_ms', 'revoked_ms'])
    .orderBy('created_ms', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toInfo);
}

/** Revokes the token with this id; undefined when there is none. Revoking twice keeps the first time. */
export async function revokePullToken(
  target: Store,
  id: string,
  nowMs: number,
): Promise<PullTokenInfo | undefined> {
  await target.db
    .updateTable('pull_token')
    .set({ revoked_ms: nowMs })
    .where('id', '=', id)
    .where('revoked_ms', 'is', null)
    .execute();
  const row = await target.db
    .selectFrom('pull_token')
    .select(['id', 'name', 'created_by', 'created_ms', 'last_used_ms', 'revoked_ms'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toInfo(row) : undefined;
}

export type Admission =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'unauthorized' }
  | { readonly ok: false; readonly reason: 'rate_limited'; readonly retryAfterSeconds: number };

/**
 * Authenticates a request's token and counts it against the token's per-minute window. A token that is
 * unknown or revoked costs one SELECT and no write; a live one under its limit one SELECT and one UPDATE,
 * which matches only while the token is live and under its limit, bumps the count (or starts a new
 * window) and notes the use, so two requests racing for the last slot cannot both pass.
 *
 * MySQL applies SET assignments left to right, each seeing the ones before; SQLite sees old values
 * throughout. `window_count` is therefore set first, so it reads the old `window_ms` on both.
 */
export async function admitPullRequest(target: Store, token: string, nowMs: number): Promise<Admission> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: 'unauthorized' };
  const tokenHash = hashToken(token);
  const windowMs = nowMs - (nowMs % WINDOW_MS);
  const row = await target.db
    .selectFrom('pull_token')
    .select(['revoked_ms', 'window_ms', 'window_count'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.revoked_ms !== null) return { ok: false, reason: 'unauthorized' };
  const limited = (): Admission => ({
    ok: false,
    reason: 'rate_limited',
    retryAfterSeconds: Math.max(1, Math.ceil((windowMs + WINDOW_MS - nowMs) / 1000)),
  });
  if (Number(row.window_ms) === windowMs && Number(row.window_count) >= PULL_REQUESTS_PER_MINUTE) {
    return limited();
  }
  const result = await target.db
    .updateTable('pull_token')
    .set((eb) => ({
      window_count: eb
        .case()
        .when('window_ms', '=', windowMs)
        .then(sql<number>`window_count + 1`)
        .else(1)
        .end(),
      window_ms: windowMs,
      last_used_ms: nowMs,
    }))
    .where('token_hash', '=', tokenHash)
    .where('revoked_ms', 'is', null)
    .where((eb) =>
      eb.or([eb('window_ms', '<>', windowMs), eb('window_count', '<', PULL_REQUESTS_PER_MINUTE)]),
    )
    .executeTakeFirst();
  // Zero rows: revoked or filled up between the two statements.
  return changedRows(result) === 1 ? { ok: true } : limited();
}

function toInfo(row: {
  id: string;
  name: string;
  created_by: string;
  created_ms: number | string;
  last_used_ms: number | string | null;
  revoked_ms: number | string | null;
}): PullTokenInfo {
  const iso = (ms: number | string | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
  return {
    id: row.id,
    name: row.name,
    createdBy: row.created_by,
    createdAt: new Date(Number(row.created_ms)).toISOString(),
    lastUsedAt: iso(row.last_used_ms),
    revokedAt: iso(row.revoked_ms),
  };
}
