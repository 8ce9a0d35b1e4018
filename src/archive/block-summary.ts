import { createHash } from 'node:crypto';
import { TEXT_COLUMNS } from '../query/resolved-filter';
import type { BlockRecord } from './block-codec';
import { blockTermKeys } from './block-terms';
import { buildBloom, idItem, trigramsOf } from './text-bloom';

/** A stretch of time a block's records fall in: [start, end] epoch ms, both inclusive. */
export type TimeSpan = readonly [number, number];

/**
 * What a block says about itself without being decompressed: when its records happened (a few spans,
 * not one range, because a block sealed while old history was being imported holds today's records and
 * last month's), its text bloom, and its term keys (stored in the term index, committed to here by digest).
 */
export interface BlockSummary {
  readonly spans: readonly TimeSpan[];
  readonly bloom: Buffer;
  readonly termKeys: readonly number[];
  /** SHA-256 hex of the sorted term keys: what the block's signature commits to. */
  readonly termsDigest: string;
}

/** The most spans a block keeps: the largest gaps between its records' times split them. */
export const MAX_SPANS = 8;

export function summarise(records: readonly (BlockRecord | undefined)[]): BlockSummary {
  const present = records.filter((r): r is BlockRecord => r !== undefined);
  const items = new Set<string>();
  for (const record of present) {
    items.add(idItem(record.id as string));
    for (const column of TEXT_COLUMNS) {
      const value = record[column];
      if (value !== null) for (const gram of trigramsOf(value)) items.add(gram);
    }
  }
  const termKeys = blockTermKeys(present);
  return {
    spans: timeSpans(present.map((r) => r.time_ms)),
    bloom: buildBloom(items),
    termKeys,
    termsDigest: termsDigest(termKeys),
  };
}

export function termsDigest(keys: readonly number[]): string {
  return createHash('sha256').update(keys.join(','), 'utf8').digest('hex');
}

/** The times, sorted, cut into at most MAX_SPANS spans at the widest gaps. Pure. */
export function timeSpans(times: readonly number[]): TimeSpan[] {
  if (times.length === 0) return [];
  const sorted = [...times].sort((a, b) => a - b);
  const gaps = sorted
    .slice(1)
    .map((t, i) => ({ at: i + 1, width: t - sorted[i]! }))
    .filter((g) => g.width > 0)
    .sort((a, b) => b.width - a.width)
    .slice(0, MAX_SPANS - 1)
    .map((g) => g.at)
    .sort((a, b) => a - b);
  const spans: TimeSpan[] = [];
  let start = 0;
  for (const cut of [...gaps, sorted.length]) {
    spans.push([sorted[start]!, sorted[cut - 1]!]);
    start = cut;
  }
  return spans;
}
