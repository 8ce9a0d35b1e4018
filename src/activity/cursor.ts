import { createHash } from 'node:crypto';
import { ResolverFailure } from '../admin/resolver-error';
import { canonicalJson } from '../record/record-id';
import type { Position } from '../query/resolved-filter';

/**
 * Page cursors: base64url JSON of where the previous page stopped (time, id) and a fingerprint of the
 * question it answered (resolver and filter). A cursor shown to another filter is refused rather than
 * silently continuing a different list. Cursors are not secrets: every call is checked for admin rights
 * anyway, and a forged one can only choose where a scan starts.
 */
export interface CursorState {
  readonly position: Position;
  /** Pieces handed out so far: records, and an export's seal header (exports punctuate JSON with it). */
  readonly rows: number;
  /**
   * An export past its last record, signing the removals of blocks below this block id (export-activity.ts):
   * the records are done, the chain's gaps are still being accounted for.
   */
  readonly removalsBefore?: number;
}

interface CursorBody {
  readonly t: number;
  readonly i: string;
  readonly f: string;
  readonly r?: number;
  readonly k?: number;
}

/**
 * A short digest of what the cursor belongs to. Lists are sorted first: `actors: [a, b]` and `[b, a]`
 * ask the same question. Times are already epoch milliseconds, whichever way they were written.
 */
export function fingerprint(purpose: string, question: Readonly<Record<string, unknown>>): string {
  const normalized: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(question)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      normalized[key] = [...new Set(value.map(String))].sort();
    } else normalized[key] = value;
  }
  return createHash('sha256')
    .update(canonicalJson([purpose, normalized]))
    .digest('base64url')
    .slice(0, 16);
}

export function encodeCursor(state: CursorState, fingerprintOfQuestion: string): string {
  const body: CursorBody = {
    t: state.position.time,
    i: state.position.id,
    f: fingerprintOfQuestion,
    ...(state.rows > 0 ? { r: state.rows } : {}),
    ...(state.removalsBefore !== undefined ? { k: state.removalsBefore } : {}),
  };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** The cursor's state, or a BAD_REQUEST on `cursor` if it is damaged or belongs to another question. */
export function decodeCursor(cursor: string, fingerprintOfQuestion: string): CursorState {
  const body = parse(cursor);
  if (body === undefined) {
    throw new ResolverFailure('BAD_REQUEST', 'cursor: not a cursor this app returned', 'cursor');
  }
  if (body.f !== fingerprintOfQuestion) {
    throw new ResolverFailure(
      'BAD_REQUEST',
      'cursor: it belongs to another filter; start again without a cursor',
      'cursor',
    );
  }
  return {
    position: { time: body.t, id: body.i },
    rows: body.r ?? 0,
    ...(body.k === undefined ? {} : { removalsBefore: body.k }),
  };
}

function parse(cursor: string): CursorBody | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const { t, i, f, r, k } = value as Record<string, unknown>;
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) return undefined;
  // An empty id marks a window boundary: everything at time `t` has been examined.
  if (typeof i !== 'string' || i.length > 64) return undefined;
  if (typeof f !== 'string') return undefined;
  if (r !== undefined && (typeof r !== 'number' || !Number.isSafeInteger(r) || r < 0)) return undefined;
  if (k !== undefined && (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 0)) return undefined;
  return { t, i, f, ...(r === undefined ? {} : { r }), ...(k === undefined ? {} : { k }) };
}
