import { sql } from 'kysely';
import { archiveFootprint, type ArchiveFootprint } from '../archive/archive-size';
import { archivedThrough } from '../archive/block-store';
import { countAuditEvents, countLiveRecords } from '../store/audit-events';
import type { Store } from '../store/database';
import { exactDatabaseBytes, exactTableBytes } from '../store/database-size';
import { AUDIT_EVENT_JSON_COLUMNS, AUDIT_EVENT_TEXT_COLUMNS } from '../store/rows-within-bytes';
import type { StorageTiers } from './storage-types';

/**
 * How much the installation stores, for the storage meter and the retention budget.
 *
 * Where the store can measure the size exactly (SQLite, the sandbox: `exactDatabaseBytes`), that is
 * the size. Forge SQL (and MariaDB behind it) cannot, so there the size is *estimated*:
 *
 *   bytes ≈ rows × (measured average row bytes + row overhead + one entry per index)
 *
 * with the average measured by `octet_length()` of each column (bytes on every engine, where `LENGTH()`
 * counts characters on SQLite) over a sample of the newest rows. It is
 * linear in the row count, so deleting rows lowers it in proportion, and retention's arithmetic holds.
 * Archive blocks and the term index are counted by their stored values' octet lengths plus their fixed
 * columns and row overhead; the smaller tables (rollups, accounts, settings) at a fixed size per row.
 */
export interface StorageMeasure {
  readonly bytes: number;
  /** Records readers find, in both tiers (live rows an archive block already holds are not counted twice). */
  readonly rows: number;
  /** Bytes per record, everything included (what retention divides by). */
  readonly bytesPerRow: number;
  readonly method: 'sqlite-pages' | 'sampled-row-size';
  readonly tiers: StorageTiers;
  /** The last seq the archive holds for readers (0 without an archive). */
  readonly archivedThroughSeq: number;
}

/** Rows sampled for the average size: the newest, so the estimate follows what the app stores now. */
export const SIZE_SAMPLE_ROWS = 500;

/**
 * Per stored row, beyond its columns' bytes: the row header and its key in the clustered index (TiDB's
 * row format v2 and InnoDB both spend a few tens of bytes). A round, slightly high figure.
 */
export const ROW_OVERHEAD_BYTES = 40;
/** Per entry of a secondary index, beyond its key columns and the primary key it carries. */
export const INDEX_ENTRY_OVERHEAD_BYTES = 20;
/** Rollup, account and job rows: small, fixed-width rows with one or two index entries each. */
export const SMALL_ROW_BYTES = 160;
/**
 * An archive block's fixed columns (seven BIGINTs and three 64-character hex digests), its row overhead,
 * and its time index entry (two BIGINTs and the primary key).
 */
export const BLOCK_ROW_FIXED_BYTES = 7 * 8 + 3 * 64 + ROW_OVERHEAD_BYTES + 3 * 8 + INDEX_ENTRY_OVERHEAD_BYTES;
/** A term index row beyond its block list: the BIGINT key and the row overhead. */
export const TERM_ROW_FIXED_BYTES = 8 + ROW_OVERHEAD_BYTES;

/** Columns whose byte length is measured (every text column); BIGINT columns are 8 bytes, counted separately. */
export const MEASURED_COLUMNS = [...AUDIT_EVENT_TEXT_COLUMNS, ...AUDIT_EVENT_JSON_COLUMNS] as const;

type MeasuredColumn = (typeof MEASURED_COLUMNS)[number];
const BIGINT_COLUMNS = ['time_ms', 'received_ms', 'seq'] as const;
type Column = MeasuredColumn | (typeof BIGINT_COLUMNS)[number];

/** audit_event's secondary indexes (src/store/migrations.ts), each entry also holding the primary key. */
const INDEXES: readonly (readonly Column[])[] = [
  ['time_ms'],
  ['actor_id', 'time_ms'],
  ['container_id', 'time_ms'],
  ['action', 'time_ms'],
  ['trail_id', 'time_ms'],
  ['seq'],
  ['seq', 'received_ms'],
];

/** Average byte lengths per measured column, as the sample found them. */
export type ColumnLengths = Readonly<Partial<Record<MeasuredColumn, number>>>;

/** Bytes one audit row takes, its index entries included, from the average column lengths. Pure. */
export function estimateRowBytes(lengths: ColumnLengths): number {
  const size = (column: Column): number =>
    (BIGINT_COLUMNS as readonly string[]).includes(column) ? 8 : (lengths[column as MeasuredColumn] ?? 0);
  const data = [...MEASURED_COLUMNS, ...BIGINT_COLUMNS].reduce((sum, c) => sum + size(c), 0);
  const key = size('id');
  const indexes = INDEXES.reduce(
    (sum, columns) => sum + columns.reduce((s, c) => s + size(c), 0) + key + INDEX_ENTRY_OVERHEAD_BYTES,
    0,
  );
  return Math.round(data + ROW_OVERHEAD_BYTES + indexes);
}

/** Averages of the sampled rows' lengths per column. Pure. */
export function averageLengths(rows: readonly Readonly<Record<string, unknown>>[]): ColumnLengths {
  const out: Partial<Record<MeasuredColumn, number>> = {};
  if (rows.length === 0) return out;
  for (const column of MEASURED_COLUMNS) {
    const total = rows.reduce((sum, row) => sum + (Number(row[column] ?? 0) || 0), 0);
    out[column] = total / rows.length;
  }
  return out;
}

export async function measureStorage(target: Store): Promise<StorageMeasure> {
  const through = await archivedThrough(target);
  const liveRows = await countAuditEvents(target);
  const liveRecords = await countLiveRecords(target, through);
  const archive = await archiveFootprint(target);
  const records = liveRecords + archive.records;
  const total = await exactDatabaseBytes(target);
  const tables = await exactTableBytes(target);
  if (total !== undefined && tables !== undefined) {
    const live = tables.get('audit_event') ?? 0;
    const blocks = tables.get('archive_block') ?? 0;
    const terms = tables.get('archive_term') ?? 0;
    return measure(total, records, 'sqlite-pages', through, {
      live: { rows: liveRows, records: liveRecords, bytes: live },
      archive: { blocks: archive.blocks, records: archive.records, bytes: blocks },
      termIndex: { terms: archive.terms, bytes: terms },
      other: { bytes: Math.max(0, total - live - blocks - terms) },
    });
  }
  const sample = await target.db
    .selectFrom('audit_event')
    .select((eb) =>
      MEASURED_COLUMNS.map((column) =>
        eb.fn.coalesce(eb.fn<number>('octet_length', [eb.ref(column)]), sql.lit(0)).as(column),
      ),
    )
    .orderBy('time_ms', 'desc')
    .limit(SIZE_SAMPLE_ROWS)
    .execute();
  const liveRowBytes = sample.length > 0 ? estimateRowBytes(averageLengths(sample)) : 0;
  const tiers = estimatedTiers(liveRows, liveRecords, liveRowBytes, archive, await countSmallRows(target));
  const bytes = tiers.live.bytes + tiers.archive.bytes + tiers.termIndex.bytes + tiers.other.bytes;
  return measure(bytes, records, 'sampled-row-size', through, tiers);
}

/** The tiers' sizes from counts and measured lengths (Forge SQL, MariaDB). Pure. */
export function estimatedTiers(
  liveRows: number,
  liveRecords: number,
  liveRowBytes: number,
  archive: ArchiveFootprint,
  smallRows: number,
): StorageTiers {
  return {
    live: { rows: liveRows, records: liveRecords, bytes: Math.round(liveRows * liveRowBytes) },
    archive: {
      blocks: archive.blocks,
      records: archive.records,
      bytes: archive.blockValueBytes + archive.blocks * BLOCK_ROW_FIXED_BYTES,
    },
    termIndex: { terms: archive.terms, bytes: archive.termValueBytes + archive.terms * TERM_ROW_FIXED_BYTES },
    other: { bytes: smallRows * SMALL_ROW_BYTES },
  };
}

function measure(
  bytes: number,
  records: number,
  method: StorageMeasure['method'],
  archivedThroughSeq: number,
  tiers: StorageTiers,
): StorageMeasure {
  return {
    bytes,
    rows: records,
    bytesPerRow: records > 0 ? bytes / records : 0,
    method,
    tiers,
    archivedThroughSeq,
  };
}

async function countSmallRows(target: Store): Promise<number> {
  let total = 0;
  for (const table of [
    'insight_day',
    'insight_actor_day',
    'insight_action_day',
    'insight_container_day',
    'personal_account',
  ] as const) {
    const row = await target.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    total += Number(row.n);
  }
  return total;
}
