import { sql } from 'kysely';
import { readBudgets } from '../limits';
import type { Store } from '../store/database';
import { readInstallationKey } from './installation-key';
import { toSealedRecord, type SealedRecord } from './sealed-record';

/**
 * A row's size in Forge SQL's JSON answer, estimated (bytes on MySQL, characters on SQLite): the fixed
 * columns and hashes take about 3 KB at most; free text counts twice for JSON escaping.
 */
const sizeEstimate = sql<number>`3072 + 2 * (coalesce(length(${sql.ref('changes')}), 0) + coalesce(length(${sql.ref('object_title')}), 0) + coalesce(length(${sql.ref('parent_title')}), 0) + coalesce(length(${sql.ref('container_name')}), 0) + coalesce(length(${sql.ref('seal_digests')}), 0))`;

/**
 * Sealed records after `afterSeq`, in seq order, at most `limit`: what forwarding and the pull API page
 * through. Only published seqs (up to the head) are returned, never rows a running or interrupted seal
 * has stamped but not yet published, so a reader never sees a seq that could still change.
 *
 * Two steps, because one SELECT's answer is capped at 4 MiB (FD:limits-sql) and a record with fifty long
 * changed values is a hundred times the usual one: first the seqs with size estimates, then the rows in
 * seq ranges that fit.
 */
export async function readSealed(target: Store, afterSeq: number, limit: number): Promise<SealedRecord[]> {
  const sizes = await target.db
    .selectFrom('audit_event')
    .select(['seq', sizeEstimate.as('size')])
    .where('seq', '>', afterSeq)
    .where('seq', '<=', (eb) => eb.selectFrom('seal_state').select('last_seq').where('name', '=', 'seal'))
    .orderBy('seq')
    .limit(limit)
    .execute();
  if (sizes.length === 0) return [];
  const rows = [];
  for (const [first, last] of rangesWithin(sizes, readBudgets.rowFetchBytes)) {
    rows.push(
      ...(await target.db
        .selectFrom('audit_event')
        .selectAll()
        .where('seq', '>=', first)
        .where('seq', '<=', last)
        .orderBy('seq')
        .execute()),
    );
  }
  const key = await readInstallationKey();
  if (!key) console.error('seal: the installation key is missing from KVS; records carry no opening keys');
  return rows.map((row) => toSealedRecord(row, key));
}

/** Splits consecutive seqs into [first, last] ranges whose estimated sizes each stay under `budget`. */
function rangesWithin(
  sizes: readonly { seq: number | string | null; size: number | string }[],
  budget: number,
): [number, number][] {
  const ranges: [number, number][] = [];
  let bytes = 0;
  for (const { seq, size } of sizes) {
    const n = Number(seq);
    const current = ranges[ranges.length - 1];
    if (current && bytes + Number(size) <= budget) {
      current[1] = n;
      bytes += Number(size);
    } else {
      ranges.push([n, n]);
      bytes = Number(size);
    }
  }
  return ranges;
}
