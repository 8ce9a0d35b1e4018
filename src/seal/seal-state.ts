import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../store/tables';
import { changedRows } from '../store/affected-rows';
import type { Store } from '../store/database';
import { ignoreDuplicates } from '../store/ignore-duplicates';
import { acquireLease, type Lease } from '../store/lease';
import { GENESIS_HASH } from './chain-hash';

const NAME = 'seal';

/** The last published record: readers see seqs up to here, and the next seal continues from it. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export interface SealState {
  readonly head: ChainHead;
  /** Rows up to this seq were removed by retention on purpose. */
  readonly prunedSeq: number;
  /** The public key checkpoints are signed with, as stored (SPKI DER, base64); null before the first. */
  readonly publicKey: string | null;
  /** The public copy of the latest signed checkpoint (JSON); null before the first. */
  readonly checkpoint: string | null;
  readonly owner: string | null;
  readonly expiresMs: number;
}

export async function readSealState(target: Store): Promise<SealState | undefined> {
  const row = await target.db
    .selectFrom('seal_state')
    .selectAll()
    .where('name', '=', NAME)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    head: { seq: Number(row.last_seq), hash: row.last_hash },
    prunedSeq: Number(row.pruned_seq),
    publicKey: row.public_key,
    checkpoint: row.checkpoint,
    owner: row.owner,
    expiresMs: Number(row.expires_ms),
  };
}

/** The seal lock, a lease on the seal state row (made on first use). */
export function sealLease(target: Store): Lease {
  return { table: 'seal_state', name: NAME, createRow: () => createStateRow(target) };
}

/**
 * Publishes a new head and extends the lock, only if `owner` still holds the lock and the head is still
 * `from` (compare-and-set): a writer whose lock lapsed can never move the head.
 */
export async function advanceHead(
  target: Store,
  owner: string,
  from: ChainHead,
  to: ChainHead,
  expiresMs: number,
): Promise<boolean> {
  const result = await target.db
    .updateTable('seal_state')
    .set({ last_seq: to.seq, last_hash: to.hash, expires_ms: expiresMs })
    .where('name', '=', NAME)
    .where('owner', '=', owner)
    .where('last_seq', '=', from.seq)
    .executeTakeFirst();
  return changedRows(result) === 1;
}

/**
 * Extends the lock `owner` holds; false if another run holds it now (it lapsed and was taken). Acquiring
 * a lease one already holds renews it (store/lease.ts).
 */
export async function extendSealLock(target: Store, owner: string, ttlMs: number): Promise<boolean> {
  return (await acquireLease(target, sealLease(target), owner, Date.now(), ttlMs)).acquired;
}

/**
 * For retention: records that rows up to `throughSeq` are being removed on purpose, so verification
 * starts after them instead of reporting them missing. Call it before deleting (`WHERE seq <= ?`), never
 * past the head, and never delete unsealed rows.
 */
export async function notePruned(target: Store, throughSeq: number): Promise<void> {
  await target.db
    .updateTable('seal_state')
    .set({ pruned_seq: throughSeq })
    .where('name', '=', NAME)
    .where('pruned_seq', '<', throughSeq)
    .where('last_seq', '>=', throughSeq)
    .execute();
}

/**
 * A condition for statements that stamp rows: true only while `owner` holds the lock and the head is
 * still `headSeq`. Evaluated inside the same statement, so a writer whose lock lapsed stamps nothing.
 */
export function holdsSealLock(
  eb: ExpressionBuilder<Database, 'audit_event'>,
  owner: string,
  headSeq: number,
) {
  return eb.exists(
    eb
      .selectFrom('seal_state')
      .select('seal_state.name')
      .where('seal_state.name', '=', NAME)
      .where('seal_state.owner', '=', owner)
      .where('seal_state.last_seq', '=', headSeq),
  );
}

async function createStateRow(target: Store): Promise<void> {
  const values = {
    name: NAME,
    owner: null,
    expires_ms: 0,
    last_seq: 0,
    last_hash: GENESIS_HASH,
    pruned_seq: 0,
  };
  const insert = target.db.insertInto('seal_state').values(values);
  await ignoreDuplicates(target.engine, insert, 'name').execute();
}
