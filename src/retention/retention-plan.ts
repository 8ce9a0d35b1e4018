/**
 * Which records retention may delete: the pure core of the daily retention step (src/retention/run-retention.ts).
 *
 * Retention removes a *prefix of the sealed chain*, oldest seq first, never a record from the middle:
 * the chain stays verifiable from the oldest kept row (its `prev_hash`, kept as seal_state.pruned_seq), and
 * what every consumer has read is described by one number. A row is eligible when it is older than the
 * maximum age, or while the estimated storage is over the budget; the prefix ends at the first row that
 * is neither. It never passes:
 * - the chain's published head (unsealed rows are never deleted: sealing has not seen them);
 * - the cursor of a destination marked required (it has not received what is after);
 * - the insights rollups (a row not yet counted would be lost from the usage history).
 *
 * Seq order is ingest order, so "oldest first" means oldest stored first. In the archive
 * (src/retention/expire-blocks.ts) a record past the maximum age goes wherever it is, not only in the
 * prefix: an old record that arrived late (a native audit import of last year's changes) sits among
 * younger ones, and is left as a tombstone there (`removalsInBlock`). The live table only ever loses a
 * prefix; its late records are packed first so that their block can drop them.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Why the prefix stops where it does, when something other than the records' own age stops it. */
export type RetentionLimit = 'head' | 'required-destination' | 'rollups';

export interface RetentionInput {
  readonly nowMs: number;
  readonly maxAgeDays: number;
  readonly budgetBytes: number;
  /** The estimate of what the installation stores now, and how many audit rows that is. */
  readonly bytes: number;
  readonly rows: number;
  /** The last published seq (seal_state.last_seq). */
  readonly headSeq: number;
  /** Rows up to here were already removed on purpose (seal_state.pruned_seq). */
  readonly prunedSeq: number;
  /** The lowest cursor among destinations marked required; null when none is. */
  readonly requiredFloorSeq: number | null;
  /** The insights rollups include every row up to this seq. */
  readonly rolledUpSeq: number;
}

export interface RetentionBounds {
  /** Records whose `time` is before this are past the maximum age. */
  readonly cutoffMs: number;
  /** No row above this seq may be deleted. */
  readonly limitSeq: number;
  /** What sets `limitSeq`. */
  readonly limitedBy: RetentionLimit;
  /** How many rows, oldest first, must go to bring the estimate back under the budget (0: it is under). */
  readonly budgetRows: number;
}

export function retentionBounds(input: RetentionInput): RetentionBounds {
  const limits: [number, RetentionLimit][] = [[input.headSeq, 'head']];
  if (input.requiredFloorSeq !== null) limits.push([input.requiredFloorSeq, 'required-destination']);
  limits.push([input.rolledUpSeq, 'rollups']);
  // The lowest limit wins; on a tie, the one listed first (the head) is named.
  const [limitSeq, limitedBy] = limits.reduce((low, next) => (next[0] < low[0] ? next : low));
  return {
    cutoffMs: input.nowMs - input.maxAgeDays * DAY_MS,
    limitSeq: Math.max(limitSeq, input.prunedSeq),
    limitedBy,
    budgetRows: rowsOverBudget(input.bytes, input.rows, input.budgetBytes),
  };
}

/**
 * Rows to remove so that the estimate fits the budget again, at the average size per row. Rounded up:
 * the budget is a ceiling. Zero when under budget or when there is nothing to measure.
 */
export function rowsOverBudget(bytes: number, rows: number, budgetBytes: number): number {
  if (bytes <= budgetBytes || rows <= 0 || bytes <= 0) return 0;
  const perRow = bytes / rows;
  return Math.min(rows, Math.ceil((bytes - budgetBytes) / perRow));
}

export interface RetentionCandidate {
  readonly seq: number;
  readonly timeMs: number;
}

export interface PrefixStep {
  /** The last seq of the page that may go (with everything before it); undefined: none on this page. */
  readonly throughSeq?: number;
  /** How many rows of this page may go. */
  readonly taken: number;
  /** A row that must be kept was met: the prefix ends here. */
  readonly stop: boolean;
}

/**
 * Extends the deletable prefix over one page of rows (in seq order, all above the prefix so far and at
 * most `limitSeq`). `takenBefore`: rows already taken on earlier pages, which count towards the budget.
 */
export function extendPrefix(
  page: readonly RetentionCandidate[],
  bounds: RetentionBounds,
  takenBefore: number,
): PrefixStep {
  let taken = 0;
  let throughSeq: number | undefined;
  for (const row of page) {
    if (row.seq > bounds.limitSeq)
      return { ...(throughSeq === undefined ? {} : { throughSeq }), taken, stop: true };
    const old = row.timeMs < bounds.cutoffMs;
    const overBudget = takenBefore + taken < bounds.budgetRows;
    if (!old && !overBudget)
      return { ...(throughSeq === undefined ? {} : { throughSeq }), taken, stop: true };
    taken += 1;
    throughSeq = row.seq;
  }
  return { ...(throughSeq === undefined ? {} : { throughSeq }), taken, stop: false };
}

/** A stored archive block as retention first sees it, before deciding whether to decompress it. */
export interface BlockExtent {
  readonly blockId: number;
  readonly seqTo: number;
  /** Records it still holds. */
  readonly recordCount: number;
  readonly timeMin: number;
  readonly timeMax: number;
}

/** Whether every record the block holds may go, from its header alone (`takenBefore`: as in `extendPrefix`). */
export function wholeBlockGoes(block: BlockExtent, bounds: RetentionBounds, takenBefore: number): boolean {
  if (block.seqTo > bounds.limitSeq) return false;
  return (
    block.recordCount === 0 ||
    block.timeMax < bounds.cutoffMs ||
    takenBefore + block.recordCount <= bounds.budgetRows
  );
}

/** Whether the block may hold a record that goes: only then is it decompressed. */
export function blockMayShrink(block: BlockExtent, bounds: RetentionBounds, takenBefore: number): boolean {
  return (
    block.blockId <= bounds.limitSeq &&
    block.recordCount > 0 &&
    (block.timeMin < bounds.cutoffMs || takenBefore < bounds.budgetRows)
  );
}

/**
 * The records of a block that go, by index (`times[i]`: the event time of the record at seq
 * `firstSeq + i`, undefined where it was removed before): every one past the maximum age, and while over
 * the budget the oldest stored, up to `limitSeq`. Records past the maximum age count towards the
 * budget as they are met, as in `extendPrefix`.
 */
export function removalsInBlock(
  times: readonly (number | undefined)[],
  firstSeq: number,
  bounds: RetentionBounds,
  takenBefore: number,
): { readonly indexes: readonly number[]; readonly taken: number } {
  const indexes: number[] = [];
  times.forEach((time, i) => {
    if (time === undefined || firstSeq + i > bounds.limitSeq) return;
    if (time < bounds.cutoffMs || takenBefore + indexes.length < bounds.budgetRows) indexes.push(i);
  });
  return { indexes, taken: indexes.length };
}
