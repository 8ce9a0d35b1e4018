import { gzipSync } from 'node:zlib';
import { ByteWriter, parquetWrite, type ColumnSource } from 'hyparquet-writer';
import type { AuditEventRow } from '../store/audit-event-row';
import { BLOCK_COLUMNS } from './block-codec';

/**
 * The sealed log's columns as a Parquet file carries them: a block's columns, and the seq and chain
 * links the block recomputes, so the file can be checked against the chain as it stands.
 */
export const PARQUET_COLUMNS = ['seq', ...BLOCK_COLUMNS, 'trail_id', 'hash', 'prev_hash'] as const;
export type ParquetColumn = (typeof PARQUET_COLUMNS)[number];

const INTEGER_COLUMNS: ReadonlySet<ParquetColumn> = new Set(['seq', 'time_ms', 'received_ms']);

/**
 * Sealed rows (in seq order) as one Parquet file, one row group, GZIP-compressed: the codec every
 * reader supports (DuckDB, Spark, Athena, pandas' pyarrow), where brotli is not read everywhere.
 * Integers are INT64, everything else UTF-8 strings (`changes` is its JSON text); column statistics let a
 * reader skip a file by time or seq.
 */
export async function parquetOfRows(rows: readonly AuditEventRow[]): Promise<Uint8Array> {
  const columnData: ColumnSource[] = PARQUET_COLUMNS.map((name) =>
    INTEGER_COLUMNS.has(name)
      ? { name, type: 'INT64', nullable: false, data: rows.map((r) => BigInt(Number(r[name] ?? 0))) }
      : {
          name,
          type: 'STRING',
          data: rows.map((r) => {
            const value = r[name];
            return value === null || value === undefined ? null : String(value);
          }),
        },
  );
  const writer = new ByteWriter();
  await parquetWrite({
    writer,
    columnData,
    codec: 'GZIP',
    compressors: { GZIP: (input) => gzipSync(input) },
    rowGroupSize: Math.max(1, rows.length),
  });
  return new Uint8Array(writer.getBuffer());
}
