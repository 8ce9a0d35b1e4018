import { randomUUID, type KeyObject } from 'node:crypto';
import { sql } from 'kysely';
import { readBudgets } from '../limits';
import { changedRows } from '../store/affected-rows';
import { fromRow, type AuditEventRow } from '../store/audit-event-row';
import type { Store } from '../store/database';
import { acquireLease, releaseLease } from '../store/lease';
import { groupsWithin, rowsWithinBytes } from '../store/rows-within-bytes';
import { chainHash } from './chain-hash';
import { digestsOf } from './field-digest';
import { firstCheckpoint, readCheckpoint, storeCheckpoint, type CheckpointBody } from './checkpoint';
import { installationKey } from './installation-key';
import { recordVerifier, signRecord } from './record-signature';
import { publicKeyText, signingKey } from './signing-key';
import { parseDigests, toSealedRecord, type SealedRecord } from './sealed-record';
import { advanceHead, holdsSealLock, readSealState, sealLease, type ChainHead } from './seal-state';

export interface SealOptions {
  /** Epoch milliseconds: no batch starts after this, so the caller can still forward within its own time. */
  readonly deadlineMs: number;
  /** Rows per batch (one read, a few writes, one head move). Default 200, at most 1000. */
  readonly batchSize?: number;
  /**
   * Called with each batch once it is published, as the sealed records `readSealed` would return: the
   * cycle's readers (forwarding, detections) then start from them instead of reading them back.
   */
  readonly onSealed?: (records: readonly SealedRecord[]) => void;
}

export interface SealResult {
  /** Records published by this call (including any an interrupted earlier run had stamped). */
  readonly sealed: number;
  /** The last published seq after this call. */
  readonly headSeq: number;
  /** Unsealed records remain that this call left (deadline, or an anomaly the next run repairs): continue soon. */
  readonly more: boolean;
  /** Another invocation holds the seal lock; this one did nothing. */
  readonly busy?: boolean;
  /** With `busy`: when the lock lapses if its holder does not release it (epoch ms). */
  readonly lockedUntilMs?: number;
}

/**
 * The lock outlives a batch by a wide margin (a batch is a handful of statements, each at most 10 s on
 * Forge SQL) and is renewed with every head move; a holder that died frees it after this long. Well
 * under the five-minute schedule, so a crashed run delays sealing by at most one cycle: the next
 * scheduled run finds it lapsed.
 */
export const SEAL_LOCK_TTL_MS = 60_000;

/**
 * Rows stamped per UPDATE: one `CASE id WHEN … THEN …` statement per column for this many rows, instead of
 * an UPDATE per row (Forge SQL allows 150 DML requests a second per installation, shared with capture).
 * Fewer when their stamps would make the request too large (`stampStatements`).
 */
export const STAMP_ROWS_PER_STATEMENT = 50;

const DEFAULT_BATCH = 200;
const MAX_BATCH = 1000;

/**
 * Seals unsealed records in ingest order — by (received_ms, id), so an event that arrives late, even
 * with an old `time`, gets a later seq — each with the next gap-free `seq` and
 * `hash = SHA-256(prev_hash ‖ sealed form)`.
 *
 * Single writer without transactions: the seal lock is one conditional UPDATE; rows are stamped only while
 * the lock is held and the head is unchanged (checked inside the stamping statement itself); the head
 * moves after its rows are written, by compare-and-set. Readers see seqs up to the head only. A run that
 * stops between stamping and moving the head leaves rows stamped above the head; the next run adopts
 * them if they chain correctly from the head (never giving a seq out twice), and clears any that do not.
 * A duplicate invocation finds the lock taken and returns `busy`.
 */
export async function sealPending(target: Store, options: SealOptions): Promise<SealResult> {
  const owner = randomUUID();
  const now = Date.now();
  const lock = await acquireLease(target, sealLease(target), owner, now, SEAL_LOCK_TTL_MS);
  if (!lock.acquired) {
    const state = await readSealState(target);
    const lockedUntilMs = lock.heldUntilMs ?? now;
    console.warn(
      `seal: blocked, another run holds the lock until ${new Date(lockedUntilMs).toISOString()}; this run sealed nothing`,
    );
    return { sealed: 0, headSeq: state?.head.seq ?? 0, more: false, busy: true, lockedUntilMs };
  }
  try {
    return await sealWhileLocked(target, owner, options);
  } finally {
    await releaseLease(target, sealLease(target), owner).catch((error: unknown) => {
      console.warn(`seal: could not release the lock, it lapses by itself: ${String(error)}`);
    });
  }
}

async function sealWhileLocked(target: Store, owner: string, options: SealOptions): Promise<SealResult> {
  const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.floor(options.batchSize ?? DEFAULT_BATCH)));
  let key: Buffer | undefined;
  const state = await readSealState(target);
  if (!state) throw new Error('seal: the state row vanished while locked');
  const signer = await signingKey();
  const recovered = await adoptStamped(target, owner, state.head, signer);
  if (!recovered) return { sealed: 0, headSeq: state.head.seq, more: false };
  let head = recovered;
  let sealed = head.seq - state.head.seq;
  let signed: CheckpointBody = (await readCheckpoint(signer)) ?? firstCheckpoint(state.head.seq);
  // A run that stopped after publishing and before signing leaves the head ahead of the checkpoint: sign it
  // if it still continues the signed chain. If not, the database was rewritten: never sign that.
  const signing = await continuesFrom(target, signed, head);
  if (!signing) {
    console.error(
      `seal: the chain no longer continues from the signed checkpoint at seq ${signed.seq}; no checkpoint is signed until this is resolved (chain.verify shows where)`,
    );
  } else if (signed.seq !== head.seq) {
    signed = await storeCheckpoint(target, signer, { ...signed, seq: head.seq, hash: head.hash });
  }

  while (Date.now() < options.deadlineMs) {
    const rows = await unsealedRows(target, batchSize);
    if (rows.length === 0) return { sealed, headSeq: head.seq, more: false };
    key ??= await installationKey();
    const stamps = stampRows(key, signer, head, rows);
    for (const chunk of stampStatements(stamps)) {
      const written = await writeStamps(target, owner, head.seq, chunk);
      if (written !== chunk.length) {
        // The lock lapsed, or rows changed under us. What was stamped stays above the head, unpublished;
        // the next run adopts or clears it.
        console.warn(`seal: stamped ${written} of ${chunk.length} rows after seq ${head.seq}; stopping`);
        return { sealed, headSeq: head.seq, more: true };
      }
    }
    const last = stamps[stamps.length - 1]!;
    const next = { seq: last.seq, hash: last.hash };
    if (!(await advanceHead(target, owner, head, next, Date.now() + SEAL_LOCK_TTL_MS))) {
      console.warn(`seal: lost the lock before publishing seqs ${head.seq + 1}–${next.seq}; stopping`);
      return { sealed, headSeq: head.seq, more: false };
    }
    sealed += stamps.length;
    head = next;
    if (options.onSealed) options.onSealed(sealedRecordsOf(rows, stamps, key));
    if (signing)
      signed = await storeCheckpoint(target, signer, { ...signed, seq: head.seq, hash: head.hash });
    if (rows.length < batchSize) return { sealed, headSeq: head.seq, more: false };
  }
  return { sealed, headSeq: head.seq, more: await hasUnsealed(target) };
}

/** The published rows as sealed records: just stamped, so no erasure applies to them yet. */
function sealedRecordsOf(
  rows: readonly AuditEventRow[],
  stamps: readonly Stamp[],
  key: Buffer,
): SealedRecord[] {
  return rows.map((row, i) => {
    const stamp = stamps[i]!;
    return toSealedRecord(
      {
        ...row,
        seq: stamp.seq,
        hash: stamp.hash,
        prev_hash: stamp.prevHash,
        seal_digests: stamp.digests,
        seal_signature: stamp.signature,
      },
      key,
    );
  });
}

/**
 * One row's seal: its seq, hash, the hash it follows, the digests the hash committed to, and the
 * signature over its seq and hash.
 */
export interface Stamp {
  readonly id: string;
  readonly seq: number;
  readonly hash: string;
  readonly prevHash: string;
  readonly digests: string;
  readonly signature: string;
}

/** Chains `rows` onto `head`, in the order given, and signs each (about 30 µs a record). Pure. */
export function stampRows(
  key: Buffer,
  signer: KeyObject,
  head: ChainHead,
  rows: readonly AuditEventRow[],
): Stamp[] {
  let previous = head;
  return rows.map((row) => {
    let record;
    try {
      record = fromRow(row);
    } catch (error) {
      throw new Error(`seal: row ${row.id} cannot be read as a record: ${String(error)}`, { cause: error });
    }
    const seq = previous.seq + 1;
    const digests = digestsOf(key, record);
    const hash = chainHash(previous.hash, record, seq, digests);
    const stamp = {
      id: row.id,
      seq,
      hash,
      prevHash: previous.hash,
      digests: JSON.stringify(digests),
      signature: signRecord(signer, seq, hash),
    };
    previous = { seq, hash };
    return stamp;
  });
}

/**
 * Splits stamps, in order, into the UPDATEs that write them: at most STAMP_ROWS_PER_STATEMENT rows, and
 * parameters within `readBudgets.statementBytes` of the 1 MiB a Forge SQL request may carry
 * (FD:limits-sql): a record with many stored values has many digests, a few KB of them. Pure.
 */
export function stampStatements(stamps: readonly Stamp[]): Stamp[][] {
  const sized = stamps.map((stamp) => ({ stamp, size: stampRequestBytes(stamp) }));
  return groupsWithin(sized, readBudgets.statementBytes, STAMP_ROWS_PER_STATEMENT).map((group) =>
    group.map((item) => item.stamp),
  );
}

/**
 * What one stamp adds to the UPDATE's request: its values as the JSON request carries them (the id six
 * times: once per `CASE` and once in the `IN` list) and its share of the SQL text.
 */
function stampRequestBytes(s: Stamp): number {
  const values = [s.id, s.id, s.id, s.id, s.id, s.id, s.seq, s.hash, s.prevHash, s.digests, s.signature];
  return Buffer.byteLength(JSON.stringify(values)) + 5 * 'when ? then ? '.length + '?, '.length;
}

/**
 * Unsealed rows in ingest order, read through the (seq, received_ms, id) index: the keys first, then the
 * rows in groups that fit one SQL answer (a batch of large records would not).
 */
function unsealedRows(target: Store, limit: number): Promise<AuditEventRow[]> {
  return rowsWithinBytes(target, (size) =>
    target.db
      .selectFrom('audit_event')
      .select(['id', size])
      .where('seq', 'is', null)
      .orderBy('received_ms')
      .orderBy('id')
      .limit(limit),
  );
}

async function hasUnsealed(target: Store): Promise<boolean> {
  const row = await target.db
    .selectFrom('audit_event')
    .select('id')
    .where('seq', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Stamps one `stampStatements` group in one statement; returns how many it stamped. */
async function writeStamps(
  target: Store,
  owner: string,
  headSeq: number,
  stamps: readonly Stamp[],
): Promise<number> {
  const byId = <T>(value: (stamp: Stamp) => T) =>
    sql<T>`case ${sql.ref('id')} ${sql.join(
      stamps.map((s) => sql`when ${s.id} then ${value(s)}`),
      sql` `,
    )} end`;
  const result = await target.db
    .updateTable('audit_event')
    .set({
      seq: byId((s) => s.seq),
      hash: byId((s) => s.hash),
      prev_hash: byId((s) => s.prevHash),
      seal_digests: byId((s) => s.digests),
      seal_signature: byId((s) => s.signature),
    })
    .where(
      'id',
      'in',
      stamps.map((s) => s.id),
    )
    .where('seq', 'is', null)
    .where((eb) => holdsSealLock(eb, owner, headSeq))
    .executeTakeFirst();
  return changedRows(result);
}

const ADOPT_PAGE = 500;

/**
 * Crash recovery: rows stamped above the head by a run that stopped before publishing them. Those that
 * continue the chain from the head (right seq, right prev_hash, hash recomputed from the row, a valid signature) are adopted
 * by moving the head over them. Anything after the first that does not — possible only if rows changed
 * while unpublished — is unstamped so those rows are sealed afresh; no reader has seen those seqs.
 * Returns the head, or undefined if the lock was lost.
 */
async function adoptStamped(
  target: Store,
  owner: string,
  head: ChainHead,
  signer: KeyObject,
): Promise<ChainHead | undefined> {
  const signedBy = recordVerifier(publicKeyText(signer))!;
  let current = head;
  for (;;) {
    const from = current.seq;
    const rows = await rowsWithinBytes(target, (size) =>
      target.db
        .selectFrom('audit_event')
        .select(['id', size])
        .where('seq', '>', from)
        .orderBy('seq')
        .limit(ADOPT_PAGE),
    );
    if (rows.length === 0) return current;
    let adopted = current;
    let consistent = true;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (!continuesChain(row, seq, adopted) || !signedBy(seq, row.hash!, row.seal_signature)) {
        consistent = false;
        break;
      }
      adopted = { seq, hash: row.hash! };
    }
    if (adopted.seq > current.seq) {
      if (!(await advanceHead(target, owner, current, adopted, Date.now() + SEAL_LOCK_TTL_MS)))
        return undefined;
      console.warn(
        `seal: published seqs ${current.seq + 1}–${adopted.seq}, stamped by a run that did not finish`,
      );
      current = adopted;
    }
    if (!consistent) {
      await target.db
        .updateTable('audit_event')
        .set({ seq: null, hash: null, prev_hash: null, seal_digests: null, seal_signature: null })
        .where('seq', '>', current.seq)
        .where((eb) => holdsSealLock(eb, owner, current.seq))
        .execute();
      console.warn(
        `seal: cleared unpublished stamps above seq ${current.seq} that did not chain; resealing them`,
      );
      return current;
    }
    if (rows.length < ADOPT_PAGE) return current;
  }
}

/**
 * Whether the published chain up to `to` continues the signed one at `from`: the same hash where they
 * meet, and each record after it linking and hashing (recomputed from the row) onto the one before.
 */
async function continuesFrom(
  target: Store,
  from: { seq: number; hash: string },
  to: ChainHead,
): Promise<boolean> {
  if (to.seq <= from.seq) return to.seq === from.seq && to.hash === from.hash;
  let previous: ChainHead = { seq: from.seq, hash: from.hash };
  while (previous.seq < to.seq) {
    const after = previous.seq;
    const rows = await rowsWithinBytes(target, (size) =>
      target.db
        .selectFrom('audit_event')
        .select(['id', size])
        .where('seq', '>', after)
        .where('seq', '<=', to.seq)
        .orderBy('seq')
        .limit(ADOPT_PAGE),
    );
    if (rows.length === 0) return false;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (!continuesChain(row, seq, previous)) return false;
      previous = { seq, hash: row.hash! };
    }
  }
  return previous.hash === to.hash;
}

function continuesChain(row: AuditEventRow, seq: number, previous: ChainHead): boolean {
  if (seq !== previous.seq + 1 || row.prev_hash !== previous.hash || row.hash === null) return false;
  try {
    return row.hash === chainHash(previous.hash, fromRow(row), seq, parseDigests(row.seal_digests));
  } catch {
    return false;
  }
}
