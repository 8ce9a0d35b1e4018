import { sql } from 'kysely';
import type { Store } from '../store/database';
import type { TimeSpan } from './block-summary';
import { listBlocks } from './block-store';

/** What the archive holds, counted in SQL without reading a payload. */
export interface ArchiveFootprint {
  /** Blocks in any state: a written block not yet indexed takes its space too. */
  readonly blocks: number;
  /** Records readers find in the archive: those of indexed and settled blocks, less what retention removed. */
  readonly records: number;
  /** The blocks' variable-length bytes: payload, bloom, spans, signature, state. */
  readonly blockValueBytes: number;
  readonly terms: number;
  /** The term index's block lists. */
  readonly termValueBytes: number;
}

export async function archiveFootprint(target: Store): Promise<ArchiveFootprint> {
  const blocks = await target.db
    .selectFrom('archive_block')
    .select((eb) => [
      eb.fn.countAll().as('blocks'),
      eb.fn
        .sum<number>(
          sql`case when ${sql.ref('state')} in ('indexed', 'settled') then ${sql.ref('record_count')} else 0 end`,
        )
        .as('records'),
      eb.fn
        .sum<number>(
          sql`octet_length(payload) + octet_length(bloom) + octet_length(spans) + octet_length(signature) + octet_length(state)`,
        )
        .as('bytes'),
    ])
    .executeTakeFirstOrThrow();
  const terms = await target.db
    .selectFrom('archive_term')
    .select((eb) => [eb.fn.countAll().as('terms'), eb.fn.sum<number>(sql`octet_length(blocks)`).as('bytes')])
    .executeTakeFirstOrThrow();
  return {
    blocks: Number(blocks.blocks),
    records: Number(blocks.records ?? 0),
    blockValueBytes: Number(blocks.bytes ?? 0),
    terms: Number(terms.terms),
    termValueBytes: Number(terms.bytes ?? 0),
  };
}

/**
 * Archived records that happened at or after `sinceMs`, estimated from the blocks' time spans (no
 * payload is read): a block wholly after it counts in full, one that straddles it by the share of its
 * spans' time that falls after it.
 */
export async function archivedRecordsSince(target: Store, sinceMs: number): Promise<number> {
  let total = 0;
  for (const block of await listBlocks(target, { from: sinceMs })) {
    total += block.recordCount * shareAfter(block.spans, block.timeMin, block.timeMax, sinceMs);
  }
  return Math.round(total);
}

/** The share of the spans' length at or after `sinceMs` (a span of one instant weighs as one ms). Pure. */
export function shareAfter(
  spans: readonly TimeSpan[],
  timeMin: number,
  timeMax: number,
  sinceMs: number,
): number {
  if (timeMin >= sinceMs) return 1;
  if (timeMax < sinceMs) return 0;
  const list: readonly TimeSpan[] = spans.length > 0 ? spans : [[timeMin, timeMax]];
  let all = 0;
  let after = 0;
  for (const [start, end] of list) {
    const length = end - start + 1;
    all += length;
    if (start >= sinceMs) after += length;
    else if (end >= sinceMs) after += end - sinceMs + 1;
  }
  return all === 0 ? 0 : after / all;
}

/** The earliest and latest time of any archived record readers find; nulls without an archive. */
export async function archiveTimeRange(
  target: Store,
): Promise<{ readonly oldest: number | null; readonly newest: number | null }> {
  const row = await target.db
    .selectFrom('archive_block')
    .select((eb) => [eb.fn.min('time_min').as('oldest'), eb.fn.max('time_max').as('newest')])
    .where('state', 'in', ['indexed', 'settled'])
    .executeTakeFirst();
  const value = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { oldest: value(row?.oldest), newest: value(row?.newest) };
}
