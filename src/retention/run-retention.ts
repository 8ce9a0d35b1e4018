import { archivedThrough, listBlocks } from '../archive/block-store';
import { lifecycleLimits } from '../limits';
import { packArchive } from '../packing/pack-archive';
import { readSealState } from '../seal/seal-state';
import { signPrunedPrefix } from '../seal/sign-pruned';
import { hasLiveRecordBefore } from '../store/audit-events';
import type { Settings } from '../settings/settings';
import type { Store } from '../store/database';
import { requiredFloor } from './required-floor';
import { expireBlocks } from './expire-blocks';
import { DAY_MS, extendPrefix, retentionBounds, type RetentionBounds } from './retention-plan';
import { measureStorage, type StorageMeasure } from './storage-size';
import type { RetentionSummary } from './storage-types';
import { dayOf } from '../insights/day';

export type { RetentionSummary } from './storage-types';

export interface RetentionOptions {
  readonly settings: Settings['retention'];
  readonly nowMs: number;
  readonly deadlineMs: number;
  /** Rows up to this seq are counted in the insights rollups; nothing above it is deleted. */
  readonly rolledUpSeq: number;
  /** Rows read per page while finding the prefix, and deleted per statement. */
  readonly pageRows?: number;
}

/**
 * The daily retention step. Every record past the maximum age goes, wherever it sits in the chain, and
 * while over the budget the oldest stored go too; never anything above the limit (the head, a required
 * destination's cursor, the rollups: src/retention/retention-plan.ts).
 *
 * 1. Expired live rows past the prefix are packed into a block at once (a row cannot leave the middle of
 *    the live chain, a block's record can).
 * 2. The archive (src/retention/expire-blocks.ts): the oldest blocks that go whole are dropped, others
 *    keep tombstones where records went; the signed pruned prefix moves with the oldest.
 * 3. With no block left, the live table's deletable prefix is found and signed as the pruned prefix.
 * 4. Live rows up to the pruned prefix are deleted in bounded statements, oldest first, until done or out
 *    of time; a run that stops part-way leaves `pruned_seq` ahead of what is deleted, and the next run
 *    finishes the deletion. Rollups older than `rollupKeepDays` go too.
 */
export async function runRetention(target: Store, options: RetentionOptions): Promise<RetentionSummary> {
  const pageRows = options.pageRows ?? lifecycleLimits.retentionDeleteRows;
  const storage: StorageMeasure = await measureStorage(target);
  const base = {
    atMs: options.nowMs,
    deleted: 0,
    prunedSeq: 0,
    bytesBefore: storage.bytes,
    budgetBytes: options.settings.budgetBytes,
    maxAgeDays: options.settings.maxAgeDays,
  };
  const seal = await readSealState(target);
  const rollupDaysDeleted = await pruneRollups(target, options.nowMs);
  if (!seal) return { ...base, rollupDaysDeleted };

  const floor = await requiredFloor(target);
  const bounds = retentionBounds({
    nowMs: options.nowMs,
    maxAgeDays: options.settings.maxAgeDays,
    budgetBytes: options.settings.budgetBytes,
    bytes: storage.bytes,
    rows: storage.rows,
    headSeq: seal.head.seq,
    prunedSeq: seal.prunedSeq,
    requiredFloorSeq: floor?.seq ?? null,
    rolledUpSeq: options.rolledUpSeq,
  });

  // A live row cannot be removed from the middle of the chain: expired ones past the prefix are packed
  // now (however few), so that their block can drop them below.
  const archivedBefore = await archivedThrough(target);
  if (
    await hasLiveRecordBefore(
      target,
      Math.max(seal.prunedSeq, archivedBefore),
      bounds.limitSeq,
      bounds.cutoffMs,
    )
  ) {
    await packArchive(target, { deadlineMs: options.deadlineMs, maxLiveAgeMs: 0 });
  }
  const archive = await expireBlocks(target, bounds, options.deadlineMs);

  // Only with no block left is the live table's oldest row the oldest record: then its prefix may go.
  let taken = archive.taken;
  if ((await archivedThrough(target)) === 0) {
    const prefix = await livePrefix(target, bounds, taken, pageRows, options.deadlineMs);
    taken += prefix.taken;
    // Signed before anything goes, so verification checks the kept chain against the signed prefix.
    const prunedSeq = (await readSealState(target))?.prunedSeq ?? seal.prunedSeq;
    if (prefix.through > prunedSeq) await signPrunedPrefix(target, prefix.through);
  }

  // Would records above the limit go, but for what sets the limit? Then say what holds retention back.
  let held: Pick<RetentionSummary, 'heldBy' | 'heldDestination'> = {};
  if (bounds.limitedBy !== 'head' && (await heldBack(target, bounds, seal.head.seq, taken))) {
    held = {
      heldBy: bounds.limitedBy,
      ...(bounds.limitedBy === 'required-destination' && floor
        ? { heldDestination: floor.destinationName }
        : {}),
    };
  }

  const prunedSeq = (await readSealState(target))?.prunedSeq ?? seal.prunedSeq;
  // Live rows an archive block held are its hidden copies: deleted, not counted again.
  const copiesFrom = archive.firstArchivedSeq ?? Number.POSITIVE_INFINITY;
  const live = await deleteThrough(target, Math.min(prunedSeq, copiesFrom - 1), pageRows, options.deadlineMs);
  const copies = live.more ? live : await deleteThrough(target, prunedSeq, pageRows, options.deadlineMs);
  const deleted = archive.removed + live.deleted;
  if (deleted > 0) {
    console.info(
      `retention: removed ${deleted} records (${archive.removed} archived: ${archive.blocksDropped} blocks dropped, ${archive.blocksRewritten} rewritten; pruned through seq ${prunedSeq})`,
    );
  }
  const more = archive.more || copies.more;
  return {
    ...base,
    deleted,
    prunedSeq,
    ...held,
    ...(archive.blocksDropped ? { blocksDropped: archive.blocksDropped } : {}),
    ...(archive.blocksRewritten ? { blocksRewritten: archive.blocksRewritten } : {}),
    ...(more ? { more } : {}),
    rollupDaysDeleted,
  };
}

/**
 * Whether a sealed record above the limit would go but for it: one past the maximum age (in a block
 * whose header says it holds one above the limit, or live), or any while over the budget.
 */
async function heldBack(
  target: Store,
  bounds: RetentionBounds,
  headSeq: number,
  taken: number,
): Promise<boolean> {
  if (headSeq <= bounds.limitSeq) return false;
  if (taken < bounds.budgetRows) return true;
  const old = await listBlocks(target, { to: bounds.cutoffMs - 1 });
  if (old.some((b) => b.recordCount > 0 && b.seqTo > bounds.limitSeq)) return true;
  const live = Math.max(bounds.limitSeq, await archivedThrough(target));
  return hasLiveRecordBefore(target, live, headSeq, bounds.cutoffMs);
}

/** How far the live table's prefix may go: the last seq that may go, and how many rows that is. */
async function livePrefix(
  target: Store,
  bounds: RetentionBounds,
  takenBefore: number,
  pageRows: number,
  deadlineMs: number,
): Promise<{ through: number; taken: number }> {
  let through = (await readSealState(target))?.prunedSeq ?? 0;
  let taken = 0;
  for (;;) {
    const page = await target.db
      .selectFrom('audit_event')
      .select(['seq', 'time_ms'])
      .where('seq', '>', through)
      .where('seq', '<=', bounds.limitSeq)
      .orderBy('seq')
      .limit(pageRows)
      .execute();
    const step = extendPrefix(
      page.map((r) => ({ seq: Number(r.seq), timeMs: Number(r.time_ms) })),
      bounds,
      takenBefore + taken,
    );
    taken += step.taken;
    if (step.throughSeq !== undefined) through = step.throughSeq;
    if (step.stop || page.length < pageRows || Date.now() >= deadlineMs) return { through, taken };
  }
}

/** Deletes every row with seq ≤ `prunedSeq`, `chunk` seqs per statement, oldest first. */
async function deleteThrough(
  target: Store,
  prunedSeq: number,
  chunk: number,
  deadlineMs: number,
): Promise<{ deleted: number; more: boolean }> {
  let deleted = 0;
  for (;;) {
    const low = await target.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.min('seq').as('seq'))
      .where('seq', '<=', prunedSeq)
      .executeTakeFirst();
    if (low?.seq === null || low?.seq === undefined) return { deleted, more: false };
    if (Date.now() >= deadlineMs) return { deleted, more: true };
    const from = Number(low.seq);
    const result = await target.db
      .deleteFrom('audit_event')
      .where('seq', '>=', from)
      .where('seq', '<=', Math.min(prunedSeq, from + chunk - 1))
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
}

/** Rollups outlive retention, but not forever: days older than `rollupKeepDays` are removed. */
async function pruneRollups(target: Store, nowMs: number): Promise<number> {
  const before = dayOf(nowMs - lifecycleLimits.rollupKeepDays * DAY_MS);
  let deleted = 0;
  for (const table of ['insight_actor_day', 'insight_action_day', 'insight_container_day'] as const) {
    await target.db.deleteFrom(table).where('day', '<', before).execute();
  }
  const days = await target.db.deleteFrom('insight_day').where('day', '<', before).executeTakeFirst();
  deleted += Number(days.numDeletedRows);
  return deleted;
}
