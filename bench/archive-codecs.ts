import { isDeepStrictEqual } from 'node:util';
import { performance } from 'node:perf_hooks';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { parquetReadObjects } from 'hyparquet';
import { ByteWriter, parquetWrite, type ColumnSource } from 'hyparquet-writer';
import { bloomFilterBytes, exactSetBytes, textWords } from './summary-size';

/**
 * How compactly sealed records pack into archive blocks, codec by codec: each encoding writes a block of
 * records, reads it back, and must give the same records. Pure apart from the clock and the heap.
 */

/** One sealed audit_event row: column → value, as MariaDB returns it (BIGINT columns as numbers). */
export type SealedRow = Readonly<Record<string, string | number | null>>;

/**
 * Per-record seal columns a block need not keep: the chain and field digests can be recomputed from the
 * rest and a chain anchor, and the per-record signature gives way to one signature over the block.
 */
const HASH_COLUMNS = ['hash', 'prev_hash', 'seal_digests', 'seal_signature'] as const;
const INTEGER_COLUMNS = new Set(['time_ms', 'received_ms', 'seq']);

interface Codec {
  readonly name: string;
  encode(rows: readonly SealedRow[], columns: readonly string[]): Promise<Uint8Array>;
  decode(bytes: Uint8Array, columns: readonly string[]): Promise<SealedRow[]>;
}

const brotli = (input: Uint8Array): Uint8Array =>
  brotliCompressSync(input, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: input.byteLength,
    },
  });
const gzip = (input: Uint8Array): Uint8Array => gzipSync(input, { level: 9 });

/** A row without its null columns (an encoder writes only what is there) and only the chosen columns. */
function present(row: SealedRow, columns: readonly string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const column of columns) {
    const value = row[column];
    if (value !== null && value !== undefined) out[column] = value;
  }
  return out;
}

function ndjson(
  name: string,
  compress: (b: Uint8Array) => Uint8Array,
  expand: (b: Uint8Array) => Buffer,
): Codec {
  return {
    name,
    encode: async (rows, columns) =>
      compress(Buffer.from(rows.map((row) => JSON.stringify(present(row, columns))).join('\n'))),
    decode: async (bytes, columns) =>
      expand(bytes)
        .toString('utf8')
        .split('\n')
        .map((line) => {
          const parsed = JSON.parse(line) as Record<string, string | number>;
          return Object.fromEntries(columns.map((c) => [c, parsed[c] ?? null]));
        }),
  };
}

/** One JSON array per column, the whole block one document: like values sit together for the compressor. */
const columnJsonBrotli: Codec = {
  name: 'column-wise JSON + brotli',
  encode: async (rows, columns) =>
    brotli(
      Buffer.from(JSON.stringify(Object.fromEntries(columns.map((c) => [c, rows.map((r) => r[c] ?? null)])))),
    ),
  decode: async (bytes, columns) => {
    const table = JSON.parse(brotliDecompressSync(bytes).toString('utf8')) as Record<
      string,
      (string | number | null)[]
    >;
    const count = table[columns[0]!]?.length ?? 0;
    return Array.from({ length: count }, (_, i) =>
      Object.fromEntries(columns.map((c) => [c, table[c]?.[i] ?? null])),
    );
  },
};

type ParquetCodecName = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' | 'BROTLI';

/** Columns the pruning summaries would index; Parquet can carry split-block bloom filters for them. */
const BLOOM_COLUMNS = new Set(['actor_id', 'container_id', 'action', 'object_id', 'trail_id']);

function parquet(codec: ParquetCodecName, blooms = false): Codec {
  return {
    name: `Parquet ${codec.toLowerCase()}${blooms ? ' + bloom filters (actor, container, action, object, trail)' : ''}`,
    async encode(rows, columns) {
      const columnData: ColumnSource[] = columns.map((name) =>
        INTEGER_COLUMNS.has(name)
          ? { name, type: 'INT64', nullable: false, data: rows.map((r) => BigInt(r[name] ?? 0)) }
          : {
              name,
              type: 'STRING',
              data: rows.map((r) => (r[name] === null || r[name] === undefined ? null : String(r[name]))),
              ...(blooms && BLOOM_COLUMNS.has(name) ? { bloomFilter: { fpp: 0.01 } } : {}),
            },
      );
      const writer = new ByteWriter();
      await parquetWrite({
        writer,
        columnData,
        codec,
        compressors: { GZIP: gzip, BROTLI: brotli },
        // One row group per block: the block is the unit that is read or skipped whole.
        rowGroupSize: rows.length,
      });
      return new Uint8Array(writer.getBuffer());
    },
    async decode(bytes, columns) {
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      const rows = await parquetReadObjects({
        file,
        compressors: { GZIP: (input) => gunzipSync(input), BROTLI: (input) => brotliDecompressSync(input) },
      });
      return rows.map((row) =>
        Object.fromEntries(
          columns.map((c) => {
            const value = (row as Record<string, unknown>)[c];
            return [
              c,
              typeof value === 'bigint' ? Number(value) : ((value as string | null | undefined) ?? null),
            ];
          }),
        ),
      );
    },
  };
}

const CODECS: readonly Codec[] = [
  ndjson('NDJSON + gzip -9', gzip, (b) => gunzipSync(b)),
  ndjson('NDJSON + brotli 11', brotli, (b) => brotliDecompressSync(b)),
  columnJsonBrotli,
  parquet('UNCOMPRESSED'),
  parquet('SNAPPY'),
  parquet('GZIP'),
  parquet('BROTLI'),
  parquet('BROTLI', true),
];

export interface CodecFigures {
  readonly codec: string;
  readonly blockRecords: number;
  readonly hashColumns: boolean;
  readonly blocks: number;
  readonly records: number;
  readonly bytesPerRecord: number;
  /** Encode and decode (with the round-trip check excluded), microseconds per record. */
  readonly encodeMicrosPerRecord: number;
  readonly decodeMicrosPerRecord: number;
  /** The most the JavaScript heap and buffers grew while one block was encoded and decoded. */
  readonly peakBlockMemoryMb: number;
}

/** Heap plus array buffers: where a block's strings and its compressed bytes live. */
function memoryInUse(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Encodes `rows` (in seq order) block by block with each codec, checks every block decodes to its
 * records, and reports bytes, time and memory per record. `collect` frees memory between blocks when
 * the process runs with a collector exposed, so each block's peak is its own.
 */
export async function measureCodecs(
  rows: readonly SealedRow[],
  blockRecords: number,
  hashColumns: boolean,
  allColumns: readonly string[],
  collect: () => void,
): Promise<CodecFigures[]> {
  const columns = hashColumns
    ? allColumns
    : allColumns.filter((c) => !(HASH_COLUMNS as readonly string[]).includes(c));
  const blocks: SealedRow[][] = [];
  for (let i = 0; i + blockRecords <= rows.length; i += blockRecords)
    blocks.push(rows.slice(i, i + blockRecords));
  const figures: CodecFigures[] = [];
  for (const codec of CODECS) {
    let bytes = 0;
    let encodeMs = 0;
    let decodeMs = 0;
    let peak = 0;
    for (const block of blocks) {
      const expected = block.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
      collect();
      const base = memoryInUse();
      const t0 = performance.now();
      const encoded = await codec.encode(block, columns);
      const t1 = performance.now();
      const afterEncode = memoryInUse();
      const decoded = await codec.decode(encoded, columns);
      const t2 = performance.now();
      peak = Math.max(peak, afterEncode - base, memoryInUse() - base);
      encodeMs += t1 - t0;
      decodeMs += t2 - t1;
      bytes += encoded.byteLength;
      if (!isDeepStrictEqual(decoded, expected))
        throw new Error(`${codec.name}: a block of ${blockRecords} records did not read back as written`);
    }
    const records = blocks.length * blockRecords;
    figures.push({
      codec: codec.name,
      blockRecords,
      hashColumns,
      blocks: blocks.length,
      records,
      bytesPerRecord: bytes / records,
      encodeMicrosPerRecord: (encodeMs * 1000) / records,
      decodeMicrosPerRecord: (decodeMs * 1000) / records,
      peakBlockMemoryMb: peak / 2 ** 20,
    });
  }
  return figures;
}

/** The fields a block's pruning summaries cover, each a function of one record. */
const SUMMARY_FIELDS: Readonly<Record<string, (row: SealedRow) => readonly string[]>> = {
  actors: (r) => values(r.actor_id),
  containers: (r) => values(r.container_id),
  actions: (r) => values(r.action),
  objects: (r) => values(r.object_id),
  trails: (r) => values(r.trail_id),
  'text words': (r) =>
    [r.container_name, r.object_title, r.parent_title, r.changes].flatMap((v) =>
      typeof v === 'string' ? textWords(v) : [],
    ),
};

function values(value: string | number | null | undefined): readonly string[] {
  return value === null || value === undefined ? [] : [String(value)];
}

export interface SummaryFigures {
  readonly field: string;
  readonly blockRecords: number;
  /** Distinct values per block, on average. */
  readonly distinctPerBlock: number;
  readonly bloomBytesPerBlock: number;
  readonly exactSetBytesPerBlock: number;
  /** The exact set brotli-compressed, as it would be stored. */
  readonly exactSetCompressedBytesPerBlock: number;
  readonly bloomBytesPerRecord: number;
  readonly exactSetCompressedBytesPerRecord: number;
}

/** Sizes of each field's pruning summary per block: a 1% bloom filter, or the exact set of values. */
export function measureSummaries(rows: readonly SealedRow[], blockRecords: number): SummaryFigures[] {
  const blocks: SealedRow[][] = [];
  for (let i = 0; i + blockRecords <= rows.length; i += blockRecords)
    blocks.push(rows.slice(i, i + blockRecords));
  return Object.entries(SUMMARY_FIELDS).map(([field, of]) => {
    let distinct = 0;
    let bloom = 0;
    let exact = 0;
    let compressed = 0;
    for (const block of blocks) {
      const set = [...new Set(block.flatMap(of))].sort();
      distinct += set.length;
      bloom += bloomFilterBytes(set.length, 0.01);
      exact += exactSetBytes(set);
      compressed += set.length === 0 ? 0 : brotli(Buffer.from(set.join('\n'))).byteLength;
    }
    const n = Math.max(1, blocks.length);
    return {
      field,
      blockRecords,
      distinctPerBlock: distinct / n,
      bloomBytesPerBlock: bloom / n,
      exactSetBytesPerBlock: exact / n,
      exactSetCompressedBytesPerBlock: compressed / n,
      bloomBytesPerRecord: bloom / (n * blockRecords),
      exactSetCompressedBytesPerRecord: compressed / (n * blockRecords),
    };
  });
}
