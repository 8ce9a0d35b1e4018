import { randomUUID } from 'node:crypto';
import { withRemoved } from '../archive/block-tombstones';
import { deleteBlock, listBlocks } from '../archive/block-store';
import { BlockAltered } from '../seal/block-seal';
import { rewriteSealedBlock } from '../seal/block-rewrite';
import { blockKeys, readSealedBlock } from '../seal/read-sealed';
import { extendSealLock, readSealState, sealLease } from '../seal/seal-state';
import { markPrunedPrefix } from '../seal/sign-pruned';
import { signingKey } from '../seal/signing-key';
import type { Store } from '../store/database';
import { acquireLease, releaseLease } from '../store/lease';
import { blockMayShrink, removalsInBlock, wholeBlockGoes, type RetentionBounds } from './retention-plan';

/** What retention did to the archive. */
export interface BlockExpiry {
  /** Records removed, as tombstones or with their whole block. */
  readonly removed: number;
  /** Records that count towards the budget (`removed`, as `extendPrefix` counts them). */
  readonly taken: number;
  readonly blocksDropped: number;
  readonly blocksRewritten: number;
  /** The first seq the archive held when the run started: live rows from it on were hidden copies. */
  readonly firstArchivedSeq?: number;
  /** Blocks that failed their checks and were left as they are, for chain.verify to report. */
  readonly altered: number;
  /** Stopped at the deadline, or the seal lock was lost or busy: the next run goes on. */
  readonly more: boolean;
}

const LOCK_MS = 120_000;
const ATTEMPTS = 3;
const RETRY_MS = 1_000;

/**
 * Removes what retention lets go from the archive blocks, oldest block first, under the seal lock (so
 * packing, sealing and pseudonymisation never rewrite a block under it):
 * - the oldest blocks whose every record goes are dropped whole, after the signed pruned prefix is moved
 *   to their last seq and hash, so verification starts after them;
 * - any other block holding a record that goes is rewritten with tombstones in place of those records
 *   (src/archive/block-tombstones.ts) and signed again; the chain verifies through them. When such a block
 *   is the oldest, the pruned prefix moves to the end of its leading tombstones too.
 * A block is decompressed only when its header says it may hold a record that goes. Nothing above
 * `bounds.limitSeq` is touched.
 */
export async function expireBlocks(
  target: Store,
  bounds: RetentionBounds,
  deadlineMs: number,
): Promise<BlockExpiry> {
  const owner = `retention-${randomUUID()}`;
  const none = { removed: 0, taken: 0, blocksDropped: 0, blocksRewritten: 0, altered: 0 };
  for (let attempt = 1; ; attempt += 1) {
    if ((await acquireLease(target, sealLease(target), owner, Date.now(), LOCK_MS)).acquired) break;
    if (attempt === ATTEMPTS) return { ...none, more: true };
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
  try {
    return await expireWhileLocked(target, owner, bounds, deadlineMs);
  } finally {
    await releaseLease(target, sealLease(target), owner).catch((error: unknown) => {
      console.warn(`retention: could not release the seal lock, it lapses by itself: ${String(error)}`);
    });
  }
}

async function expireWhileLocked(
  target: Store,
  owner: string,
  bounds: RetentionBounds,
  deadlineMs: number,
): Promise<BlockExpiry> {
  const blocks = await listBlocks(target);
  const none = { removed: 0, taken: 0, blocksDropped: 0, blocksRewritten: 0, altered: 0, more: false };
  if (blocks.length === 0) return none;
  const [keys, signer] = await Promise.all([blockKeys(), signingKey()]);
  let prunedSeq = (await readSealState(target))?.prunedSeq ?? 0;
  let { removed, taken, blocksDropped, blocksRewritten, altered, more } = none;
  /** Every block before this one is gone: this one is the oldest. */
  let oldest = true;
  /** Moves the signed pruned prefix to `seq`; false when the checkpoint does not allow it (not signed that far). */
  const prunedThrough = async (seq: number, hash: string): Promise<boolean> => {
    if (seq <= prunedSeq) return true;
    if (!(await markPrunedPrefix(target, { seq, hash }))) return false;
    prunedSeq = seq;
    return true;
  };

  for (const meta of blocks) {
    if (meta.blockId > bounds.limitSeq) break;
    if (Date.now() >= deadlineMs || !(await extendSealLock(target, owner, LOCK_MS))) {
      more = true;
      break;
    }
    if (meta.seqTo <= prunedSeq) {
      // Marked pruned by a run that stopped before dropping it.
      await deleteBlock(target, meta.blockId);
      blocksDropped += 1;
      continue;
    }
    if (oldest && wholeBlockGoes(meta, bounds, taken) && (await prunedThrough(meta.seqTo, meta.hash))) {
      await deleteBlock(target, meta.blockId);
      removed += meta.recordCount;
      taken += meta.recordCount;
      blocksDropped += 1;
      continue;
    }
    if (!blockMayShrink(meta, bounds, taken)) {
      oldest = false;
      continue;
    }
    let block;
    try {
      block = await readSealedBlock(target, meta, keys);
    } catch (error) {
      if (!(error instanceof BlockAltered)) throw error;
      // Rewriting it would sign what the app did not seal; chain.verify reports it.
      console.error(`retention: ${error.message}; the block is left as it is`);
      altered += 1;
      oldest = false;
      continue;
    }
    if (!block) continue;
    const step = removalsInBlock(
      block.content.records.map((r) => r?.time_ms),
      meta.blockId,
      bounds,
      taken,
    );
    if (step.indexes.length === 0) {
      oldest = false;
      continue;
    }
    taken += step.taken;
    removed += step.indexes.length;
    const hashes = new Map(block.rows.map((row) => [Number(row.seq) - meta.blockId, row.hash ?? '']));
    const content = withRemoved(block.content, new Set(step.indexes), (i) => hashes.get(i) ?? '');
    const leading = content.records.findIndex((r) => r !== undefined);
    if (oldest && leading < 0 && (await prunedThrough(meta.seqTo, meta.hash))) {
      await deleteBlock(target, meta.blockId);
      blocksDropped += 1;
      continue;
    }
    await rewriteSealedBlock(target, meta, content, signer);
    blocksRewritten += 1;
    if (oldest && leading > 0) {
      const last = meta.blockId + leading - 1;
      await prunedThrough(last, content.tombstones.get(leading - 1) ?? '');
    }
    oldest = false;
  }
  return {
    removed,
    taken,
    blocksDropped,
    blocksRewritten,
    altered,
    more,
    firstArchivedSeq: blocks[0]!.blockId,
  };
}
