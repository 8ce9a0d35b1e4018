import type { AuditRecord } from '../record/audit-record';
import { chainHash, GENESIS_HASH, SEAL_FORMAT } from './chain-hash';
import { coveredPaths } from './erasure';
import { fieldDigest } from './field-digest';
import { isErasedValue, personalFields } from './personal-fields';
import type { SealedRecord } from './sealed-record';

/** Where a stretch of the chain starts: the seq before its first record and, when known, that record's hash. */
export interface ChainAnchor {
  readonly seq: number;
  readonly hash?: string;
}

export type ChainProblemKind =
  /** Not a sealed record: a field missing or of the wrong type, or a line that is not JSON. */
  | 'malformed'
  /** The expected seq is not there (deleted, or the records are out of order). */
  | 'missing'
  /** The record's `prevHash` is not the previous record's hash. */
  | 'broken_link'
  /** The record's content or seq does not hash to its `hash`. */
  | 'hash_mismatch'
  /** A personal or UGC field holds a value other than the sealed one, and not an erasure. */
  | 'field_altered'
  /** The last record is not the head the sealing job published. */
  | 'head_mismatch'
  /** A stored column is not what the record would be stored as (`trail_id`, say): found in the database only. */
  | 'column_altered'
  /** The record at the signed checkpoint's seq does not have the signed hash: the chain was recomputed. */
  | 'checkpoint_mismatch';

export interface ChainProblem {
  readonly kind: ChainProblemKind;
  readonly message: string;
}

export interface ChainReport {
  readonly ok: boolean;
  /** Records verified (erased ones included). */
  readonly checked: number;
  /** The first seq that fails; with `problem`. */
  readonly firstBadSeq?: number;
  readonly problem?: ChainProblem;
  /** Seqs of records with erased personal fields: intact, but some values are no longer there. */
  readonly erased: readonly number[];
  /** The last record verified: the anchor for verifying the next stretch. */
  readonly last?: { readonly seq: number; readonly hash: string };
}

export interface VerifyOptions {
  /**
   * The position before the first record. Absent: the first record starts the chain as far as this check
   * goes (an export, or a log whose oldest records retention removed), and only seq 1 must follow the
   * genesis hash. With a seq: the first record must be the next one. With a hash too: it must link to it.
   */
  readonly after?: ChainAnchor;
  /** The published head: when given, the records must reach it (a deleted newest record is found so). */
  readonly head?: { readonly seq: number; readonly hash: string };
  /**
   * A signed checkpoint's seq and hash: the record at that seq must have that hash (checked on every
   * call). With `reach`, the records must also get that far.
   */
  readonly checkpoint?: { readonly seq: number; readonly hash: string };
  /** The last call of a check: the records must reach the checkpoint's seq. */
  readonly reach?: boolean;
  /**
   * The signing key's public half (SPKI DER, base64): erasure entries must be signed by it. Without it
   * no erasure is lawful, and every erased value is reported.
   */
  readonly publicKey?: string;
}

/**
 * Verifies a stretch of the chain, in seq order: each record's seq follows the previous one, its
 * `prevHash` is the previous hash, its content hashes to its `hash`, and each personal field either
 * matches its digest (opened with the record's opening key) or is erased. Stops at the first failure.
 *
 * Pure and incremental: the chain.verify resolver calls it page by page and `npm run verify` chunk by
 * chunk, passing `last` on as the next `after`.
 */
export function verifyChain(records: Iterable<unknown>, options: VerifyOptions = {}): ChainReport {
  let previous: { seq: number; hash?: string } | undefined = options.after;
  let checked = 0;
  const erased: number[] = [];
  const fail = (seq: number, kind: ChainProblemKind, message: string): ChainReport => ({
    ok: false,
    checked,
    firstBadSeq: seq,
    problem: { kind, message },
    erased,
    ...lastOf(previous),
  });

  for (const item of records) {
    const expected = previous ? previous.seq + 1 : undefined;
    const parsed = asSealedRecord(item);
    if (typeof parsed === 'string') {
      const seq = seqOf(item) ?? expected ?? 1;
      return fail(seq, 'malformed', `seq ${seq}: not a sealed record (${parsed})`);
    }
    const { seq } = parsed;
    if (expected !== undefined && seq !== expected) {
      return seq > expected
        ? fail(expected, 'missing', `seq ${expected} is missing: the next record is seq ${seq}`)
        : fail(
            expected,
            'missing',
            `seq ${seq} appears where seq ${expected} belongs (out of order or repeated)`,
          );
    }
    const linkTo = previous?.hash ?? (seq === 1 ? GENESIS_HASH : undefined);
    if (linkTo !== undefined && parsed.prevHash !== linkTo) {
      return fail(seq, 'broken_link', `seq ${seq}: prevHash is not the hash of seq ${seq - 1}`);
    }
    if (chainHash(parsed.prevHash, parsed, seq, parsed.seal.digests) !== parsed.hash) {
      return fail(
        seq,
        'hash_mismatch',
        `seq ${seq}: the record does not hash to its hash (content, seq or digests changed)`,
      );
    }
    const signed = options.checkpoint;
    if (signed && seq === signed.seq && parsed.hash !== signed.hash) {
      return fail(
        seq,
        'checkpoint_mismatch',
        `seq ${seq}: its hash is not the one the signed checkpoint vouches for: the chain up to it was rewritten`,
      );
    }
    const fields = checkFields(parsed, options.publicKey);
    if (fields.altered)
      return fail(seq, 'field_altered', `seq ${seq}: ${fields.altered} is not the sealed value`);
    if (fields.erased) erased.push(seq);
    checked += 1;
    previous = { seq, hash: parsed.hash };
  }

  const signed = options.checkpoint;
  if (options.reach && signed && (previous?.seq ?? 0) < signed.seq) {
    const reached = previous?.seq ?? 0;
    return fail(
      reached + 1,
      'missing',
      `seq ${reached + 1} is missing: the signed checkpoint vouches for records through seq ${signed.seq}`,
    );
  }
  const head = options.head;
  if (head && head.seq > 0) {
    const reached = previous?.seq ?? 0;
    if (reached < head.seq) {
      return fail(
        reached + 1,
        'missing',
        `seq ${reached + 1} is missing: the published head is seq ${head.seq}`,
      );
    }
    if (reached === head.seq && previous?.hash !== undefined && previous.hash !== head.hash) {
      return fail(head.seq, 'head_mismatch', `seq ${head.seq}: its hash is not the published head's hash`);
    }
  }
  return { ok: true, checked, erased, ...lastOf(previous) };
}

function lastOf(previous: { seq: number; hash?: string } | undefined) {
  return previous?.hash === undefined ? {} : { last: { seq: previous.seq, hash: previous.hash } };
}

/**
 * Each personal field: intact (its opening key opens its digest), erased (and covered by a signed
 * erasure entry), or altered.
 */
function checkFields(
  record: SealedRecord,
  publicKey: string | undefined,
): { altered?: string; erased: boolean } {
  const { digests, openings } = record.seal;
  let erased = false;
  let covered: Set<string> | undefined;
  for (const [path, value] of personalFields(record)) {
    const digest = digests[path];
    if (digest === undefined) {
      // The field had no value when sealed: any value now was added afterwards.
      if (value !== null) return { altered: path, erased };
      continue;
    }
    if (isErasedValue(path, value)) {
      covered ??= coveredPaths(record.seal.erasures ?? [], record.id, publicKey);
      if (!covered.has(path)) return { altered: `${path} (erased without a signed erasure entry)`, erased };
      erased = true;
      continue;
    }
    const opening = openings[path];
    if (opening === undefined || fieldDigest(opening, value as string) !== digest)
      return { altered: path, erased };
  }
  return { erased };
}

const HASH = /^[0-9a-f]{64}$/;

/** The record if `value` has a sealed record's shape, else what is wrong with it. */
function asSealedRecord(value: unknown): SealedRecord | string {
  if (!isObject(value)) return 'not a JSON object';
  const { seq, hash, prevHash, seal } = value;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1)
    return 'seq must be a positive integer';
  if (typeof hash !== 'string' || !HASH.test(hash)) return 'hash must be 64 hex characters';
  if (typeof prevHash !== 'string' || !HASH.test(prevHash)) return 'prevHash must be 64 hex characters';
  if (!isObject(seal) || seal.v !== SEAL_FORMAT) return `seal.v must be ${SEAL_FORMAT}`;
  if (!isStringMap(seal.digests)) return 'seal.digests must map field paths to digests';
  if (!isStringMap(seal.openings)) return 'seal.openings must map field paths to opening keys';
  if (seal.erasures !== undefined && !Array.isArray(seal.erasures)) return 'seal.erasures must be a list';
  for (const key of ['id', 'time', 'receivedAt', 'product', 'action'] as const) {
    if (typeof value[key] !== 'string') return `${key} must be a string`;
  }
  if (!isObject(value.actor) || typeof value.actor.type !== 'string') return 'actor.type must be a string';
  if (value.actor.accountId !== null && typeof value.actor.accountId !== 'string')
    return 'actor.accountId must be a string or null';
  if (value.container !== null && !isRef(value.container)) return 'container must be null or { type, id }';
  if (value.object !== null && !isRef(value.object)) return 'object must be null or { type, id }';
  if (isObject(value.object) && value.object.parent !== undefined && !isRef(value.object.parent))
    return 'object.parent must be { type, id }';
  if (
    !Array.isArray(value.changes) ||
    !value.changes.every((c) => isObject(c) && typeof c.field === 'string')
  )
    return 'changes must be a list of { field, from, to }';
  if (!isObject(value.source) || typeof value.source.event !== 'string')
    return 'source.event must be a string';
  return value as unknown as SealedRecord & AuditRecord;
}

function seqOf(value: unknown): number | undefined {
  return isObject(value) && typeof value.seq === 'number' && Number.isSafeInteger(value.seq)
    ? value.seq
    : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringMap(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every((v) => typeof v === 'string');
}

function isRef(value: unknown): boolean {
  return isObject(value) && typeof value.type === 'string' && typeof value.id === 'string';
}
