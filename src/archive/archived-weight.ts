import type { BlockMeta } from './block-store';

/**
 * About how many of the blocks' records fall in [from, to], from their metadata alone (no payload read):
 * each block's record count, times the share of its time spans inside the range (records taken as spread
 * evenly over a block's spans; a span of one instant counts whole when inside). An estimate for progress
 * bars: a block the term index allowed may hold fewer matching records than it holds.
 */
export function archivedWeight(
  blocks: readonly Pick<BlockMeta, 'recordCount' | 'spans'>[],
  from = Number.NEGATIVE_INFINITY,
  to = Number.POSITIVE_INFINITY,
): number {
  let weight = 0;
  for (const block of blocks) {
    let total = 0;
    let inside = 0;
    for (const [start, end] of block.spans) {
      const length = Math.max(1, end - start);
      total += length;
      const overlap = Math.min(end, to) - Math.max(start, from);
      if (overlap > 0) inside += overlap;
      else if (overlap === 0 && start <= to && end >= from) inside += Math.min(1, length);
    }
    if (total > 0) weight += (block.recordCount * Math.min(inside, total)) / total;
  }
  return weight;
}
