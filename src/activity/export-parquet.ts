import { parquetOfRows } from '../archive/archive-parquet';
import { archiveLimits, readBudgets } from '../limits';
import { ResolverFailure } from '../admin/resolver-error';
import { readSealedStretch } from '../seal/read-sealed';
import type { Store } from '../store/database';

/** One part of a Parquet export: a whole file, base64. */
export interface ParquetChunk {
  readonly chunk: string;
  readonly rows: number;
  readonly encoding: 'base64';
  readonly nextCursor?: string;
}

/** Records a part reads at most: eight full blocks. */
const PART_RECORDS = 8 * archiveLimits.blockRecords;
/** Base64 is 4/3 of the bytes: a part's Parquet file stays under this so its answer fits `responseBytes`. */
const PART_FILE_BYTES = Math.floor((readBudgets.responseBytes * 3) / 4) - 1024;
/** The rows' JSON read for one part: memory for the rows and their columns, far under a function's. */
const PART_READ_BYTES = 48 * 1024 * 1024;

/**
 * `activity.export` as Parquet: the whole sealed log in seq order, both tiers (archive blocks are read
 * back and checked as every sealed read does), a part at a time. Each chunk is one complete Parquet file
 * (base64, `encoding: 'base64'`) for a stretch of seqs, so the parts of a long log are files a data-lake
 * tool reads as one dataset (DuckDB's `read_parquet('*.parquet')`, Spark, Athena, pandas). The cursor is
 * the last seq exported. No filter: the file is the log itself, filtered in the tool that reads it.
 */
export async function exportParquet(
  target: Store,
  input: { readonly filters: object; readonly cursor?: string },
): Promise<ParquetChunk> {
  if (Object.values(input.filters).some((value) => value !== undefined))
    throw new ResolverFailure(
      'BAD_REQUEST',
      'filters: a Parquet export is the whole sealed log; filter it in the tool that reads it, or export CSV, NDJSON or JSON',
      'filters',
    );
  const afterSeq = input.cursor === undefined ? 0 : seqOf(input.cursor);
  let { rows } = await readSealedStretch(target, afterSeq, PART_RECORDS, { maxBytes: PART_READ_BYTES });
  for (;;) {
    if (rows.length === 0) return { chunk: '', rows: 0, encoding: 'base64' };
    const file = await parquetOfRows(rows);
    // Text that compresses badly makes a file too large for one answer: fewer records, down to one.
    if (file.byteLength > PART_FILE_BYTES && rows.length > 1) {
      rows = rows.slice(0, Math.ceil(rows.length / 2));
      continue;
    }
    const last = Number(rows[rows.length - 1]!.seq);
    const more = (await readSealedStretch(target, last, 1)).rows.length > 0;
    return {
      chunk: Buffer.from(file).toString('base64'),
      rows: rows.length,
      encoding: 'base64',
      ...(more ? { nextCursor: `seq:${last}` } : {}),
    };
  }
}

function seqOf(cursor: string): number {
  const match = /^seq:(\d{1,15})$/.exec(cursor);
  if (!match) throw new ResolverFailure('BAD_REQUEST', 'cursor: not a cursor of a Parquet export', 'cursor');
  return Number(match[1]);
}
