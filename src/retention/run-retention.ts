import { lifecycleLimits } from '../limits';
import { readSealState } from '../seal/seal-state';
import { signPrunedPrefix } from '../seal/sign-pruned';
import type { Settings } from '../settings/settings';
import type { Store } from '../store/database';
import { requiredFloor } from './required-floor';
import { DAY_MS, extendPrefix, retentionBounds, wouldBeEligible } from './retention-plan';
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
 * The daily retention step: finds the deletable prefix of the chain (src/retention/retention-plan.ts),
 * records it in seal_state (`pruned_seq`, before deleting, so verification never reports the rows as
 * missing), then deletes up to it in bounded statements, oldest first, until done or out of time. A run
 * that stops part-way leaves `pruned_seq` ahead of what is deleted; the next run finishes the deletion
 * before going further. Rollups older than `rollupKeepDays` go too.
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

  // Walk the chain from the oldest kept row while rows may go.
  let through = seal.prunedSeq;
  let taken = 0;
  let reachedLimit = false;
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
      taken,
    );
    taken += step.taken;
    if (step.throughSeq !== undefined) through = step.throughSeq;
    if (step.stop) break;
    if (page.length < pageRows) {
      reachedLimit = true;
      break;
    }
    if (Date.now() >= options.deadlineMs) break;
  }

  // Would the row after the limit go, but for what sets the limit? Then say what holds retention back.
  let held: Pick<RetentionSummary, 'heldBy' | 'heldDestination'> = {};
  if (reachedLimit && bounds.limitedBy !== 'head') {
    const next = await target.db
      .selectFrom('audit_event')
      .select(['seq', 'time_ms'])
      .where('seq', '>', bounds.limitSeq)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    if (next && wouldBeEligible({ seq: Number(next.seq), timeMs: Number(next.time_ms) }, bounds, taken)) {
      held = {
        heldBy: bounds.limitedBy,
        ...(bounds.limitedBy === 'required-destination' && floor
          ? { heldDestination: floor.destinationName }
          : {}),
      };
    }
  }

  // Signed before anything goes, so verification checks the kept chain against the signed prefix.
  if (through > seal.prunedSeq) await signPrunedPrefix(target, through);
  const prunedSeq = (await readSealState(target))?.prunedSeq ?? seal.prunedSeq;
  const { deleted, more } = await deleteThrough(target, prunedSeq, pageRows, options.deadlineMs);
  if (deleted > 0) {
    console.info(`retention: deleted ${deleted} records (through seq ${prunedSeq})`);
  }
  return { ...base, deleted, prunedSeq, ...held, ...(more ? { more } : {}), rollupDaysDeleted };
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
