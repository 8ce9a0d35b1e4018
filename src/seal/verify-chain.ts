import type { AuditRecord } from '../record/audit-record';
import { chainHash, GENESIS_HASH, SEAL_FORMAT } from './chain-hash';
import { coveredPaths } from './erasure';
import { fieldDigest } from './field-digest';
import { isErasedValue, personalFields } from './personal-fields';
import { recordVerifier } from './record-signature';
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
  /**
   * An archive block fails its own checks (signature over its header, summaries, records chaining to its
   * signed hash): found in the database only, at the block's first seq.
   */
  | 'block_altered'
  /** The record at the signed checkpoint's seq does not have the signed hash: the chain was recomputed. */
  | 'checkpoint_mismatch'
  /**
   * The record's signature is missing or does not sign its seq and hash: the record was changed and the
   * chain recomputed from it on (or the signature itself was removed).
   */
  | 'signature_mismatch'
  /**
   * An export's removal line (seqs retention removed) is malformed or not signed by the export's key: it
   * was forged or altered to hide deleted records. Reported at its first seq.
   */
  | 'removal_forged';

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
  /** Records sealed before per-record signatures existed (before `signedFromSeq`): chained, not signed. */
  readonly unsigned?: number;
  /** Seqs passed over because retention removed their records (`removed`): the chain continued from their hashes. */
  readonly removed?: number;
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
  /**
   * With `publicKey`, from the signed checkpoint: records from this seq on must carry their signature
   * (record-signature.ts). Absent: signatures are not checked.
   */
  readonly signedFromSeq?: number;
  /**
   * Seqs whose records retention removed from inside the chain (archive tombstones, which their block's
   * signature vouches for): every seq of each removed run, mapped to the chain hash the chain continues
   * from for the last of the run and to '' for the others. A gap all of whose seqs are here is passed over;
   * any other gap is a missing record.
   */
  readonly removed?: ReadonlyMap<number, string>;
}

/**
 * Verifies a stretch of the chain, in seq order: each record's seq follows the previous one, its
 * `prevHash` is the previous hash, its content hashes to its `hash`, each personal field either
 * matches its digest (opened with the record's opening key) or is erased, and (with `signedFromSeq`)
 * the stretch's last record carries a valid signature. Stops at the first failure.
 *
 * One signature per call is enough: the last record's hash commits to every record back to the
 * anchor, so a valid signature there vouches for them all. When it is not valid, the records are checked
 * one by one and the first whose signature does not match its hash is the one that was edited (every
 * hash after it was recomputed). Every record from `signedFromSeq` on must at least carry a signature
 * of the right form, which costs nothing to check.
 *
 * Pure and incremental: the chain.verify resolver calls it page by page and `npm run verify` chunk by
 * chunk, passing `last` on as the next `after`.
 */
export function verifyChain(records: Iterable<unknown>, options: VerifyOptions = {}): ChainReport {
  let previous: { seq: number; hash?: string } | undefined = options.after;
  let checked = 0;
  let unsigned = 0;
  const erased: number[] = [];
  const signedBy =
    options.publicKey !== undefined && options.signedFromSeq !== undefined
      ? recordVerifier(options.publicKey)
      : undefined;
  const signedFrom = options.signedFromSeq ?? Number.POSITIVE_INFINITY;
  /** The records verified so far, for the signature check. */
  const verified: { seq: number; hash: string; signature: unknown }[] = [];
  /** The first verified record whose signature does not vouch for it, if the last one's does not. */
  const badSignature = () => {
    const last = verified[verified.length - 1];
    if (!signedBy || !last || last.seq < signedFrom || signedBy(last.seq, last.hash, last.signature))
      return undefined;
    const index = verified.findIndex((r) => r.seq >= signedFrom && !signedBy(r.seq, r.hash, r.signature));
    return { index, seq: verified[index]!.seq };
  };
  const removed = options.removed ?? new Map<number, string>();
  let passed = 0;
  const withUnsigned = () => ({ ...(unsigned ? { unsigned } : {}), ...(passed ? { removed: passed } : {}) });
  /** The report for the first verified record whose signature does not vouch for it, if any. */
  const signatureFailure = (): ChainReport | undefined => {
    const bad = badSignature();
    if (!bad) return undefined;
    const before = verified[bad.index - 1];
    return {
      ok: false,
      checked: checked - verified.length + bad.index,
      firstBadSeq: bad.seq,
      problem: {
        kind: 'signature_mismatch',
        message: `seq ${bad.seq}: its signature does not sign its hash: the record was changed and the chain recomputed from it`,
      },
      erased: erased.filter((n) => n < bad.seq),
      ...(before ? { last: { seq: before.seq, hash: before.hash } } : lastOf(options.after)),
    };
  };
  // A failure found further on is reported only if every record verified before it is vouched for.
  const fail = (seq: number, kind: ChainProblemKind, message: string): ChainReport =>
    signatureFailure() ?? {
      ok: false,
      checked,
      firstBadSeq: seq,
      problem: { kind, message },
      erased,
      ...withUnsigned(),
      ...lastOf(previous),
    };

  /**
   * Passes over removed seqs to `to`, whose hash the chain continues from. The records verified before
   * them are no longer vouched for by a later signature, so theirs is checked now.
   */
  const passOver = (to: number, hash: string): ChainReport | undefined => {
    const unvouched = signatureFailure();
    if (unvouched) return unvouched;
    verified.length = 0;
    const signed = options.checkpoint;
    if (signed && signed.seq === to && hash !== signed.hash)
      return fail(
        to,
        'checkpoint_mismatch',
        `seq ${to}: the hash its removal kept is not the one the signed checkpoint vouches for`,
      );
    passed += to - (previous?.seq ?? to);
    previous = { seq: to, hash };
    return undefined;
  };

  for (const item of records) {
    let expected = previous ? previous.seq + 1 : undefined;
    const parsed = asSealedRecord(item);
    if (typeof parsed === 'string') {
      const seq = seqOf(item) ?? expected ?? 1;
      return fail(seq, 'malformed', `seq ${seq}: not a sealed record (${parsed})`);
    }
    const { seq } = parsed;
    if (expected !== undefined && seq > expected && removed.has(expected)) {
      const run = removedRun(removed, expected, seq - 1);
      if (typeof run === 'number')
        return fail(run, 'missing', `seq ${run} is missing: the next record is seq ${seq}`);
      const problem = passOver(seq - 1, run);
      if (problem) return problem;
      expected = seq;
    }
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
    const signature = parsed.seal.signature;
    if (signedBy && seq >= signedFrom && (typeof signature !== 'string' || !SIGNATURE.test(signature)))
      return fail(
        seq,
        'signature_mismatch',
        `seq ${seq}: its signature is missing or malformed, though every record from seq ${signedFrom} is signed`,
      );
    if (signedBy && seq < signedFrom) unsigned += 1;
    if (fields.erased) erased.push(seq);
    checked += 1;
    previous = { seq, hash: parsed.hash };
    if (signedBy) verified.push({ seq, hash: parsed.hash, signature });
  }
  const unvouched = signatureFailure();
  if (unvouched) return unvouched;
  // Records removed after the last one given: the chain goes on from the last of them that kept its hash.
  if (previous !== undefined) {
    let end: number | undefined;
    for (let seq = previous.seq + 1; removed.has(seq); seq += 1) if (removed.get(seq)) end = seq;
    const problem = end === undefined ? undefined : passOver(end, removed.get(end)!);
    if (problem) return problem;
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
  return { ok: true, checked, erased, ...withUnsigned(), ...lastOf(previous) };
}

/**
 * The hash the chain continues from after the removed seqs `from`..`to`, or the first of them that is
 * not a removed record's (missing), or `to` when its removal did not keep its hash.
 */
function removedRun(removed: ReadonlyMap<number, string>, from: number, to: number): string | number {
  for (let seq = from; seq <= to; seq += 1) if (!removed.has(seq)) return seq;
  return removed.get(to) || to;
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
/** An Ed25519 signature in base64: 64 bytes, 88 characters. */
const SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;

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
  if (seal.signature !== undefined && typeof seal.signature !== 'string')
    return 'seal.signature must be a string';
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
