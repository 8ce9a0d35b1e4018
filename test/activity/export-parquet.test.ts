import { gunzipSync } from 'node:zlib';
import { parquetReadObjects } from 'hyparquet';
import { PARQUET_COLUMNS } from '../../src/archive/archive-parquet';
import { exportActivity } from '../../src/activity/export-activity';
import { packArchive } from '../../src/packing/pack-archive';
import { readSealedRows } from '../../src/seal/read-sealed';
import { sealPending } from '../../src/seal/seal-pending';
import { testEngines } from '../support/engines';
import { storeForSuite } from '../support/suite-store';
import { farDeadline, insertRecords, records, T0 } from '../seal/seal-support';

const N = 130;
const products = new Set(['jira', 'confluence'] as const);

describe.each(testEngines)('the sealed log as Parquet on $name', (engine) => {
  const store = storeForSuite(engine);

  beforeAll(async () => {
    await insertRecords(store(), records(1, N, T0));
    await sealPending(store(), { deadlineMs: farDeadline() });
    // Two runs: the second deletes the packed live rows, so most records come from blocks.
    for (let run = 0; run < 2; run++)
      await packArchive(store(), {
        deadlineMs: farDeadline(),
        blockRecords: 50,
        settleMs: 0,
        maxLiveAgeMs: Number.MAX_SAFE_INTEGER,
      });
  });

  it('reads back with hyparquet as the same records, from both tiers, in seq order', async () => {
    const chunk = await exportActivity(store(), { filters: {}, format: 'parquet' }, { products });
    expect(chunk).toMatchObject({ rows: N, encoding: 'base64' });
    expect(chunk.nextCursor).toBeUndefined();
    const bytes = Buffer.from(chunk.chunk, 'base64');
    const read = await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      compressors: { GZIP: (input) => gunzipSync(input) },
    });
    const expected = (await readSealedRows(store(), 0, 1000)).map((row) =>
      Object.fromEntries(PARQUET_COLUMNS.map((c) => [c, row[c] ?? null])),
    );
    const actual = read.map((row) =>
      Object.fromEntries(
        PARQUET_COLUMNS.map((c) => {
          const value = (row as Record<string, unknown>)[c];
          return [c, typeof value === 'bigint' ? Number(value) : (value ?? null)];
        }),
      ),
    );
    const normal = (rows: Record<string, unknown>[]) =>
      rows.map((r) => ({
        ...r,
        seq: Number(r.seq),
        time_ms: Number(r.time_ms),
        received_ms: Number(r.received_ms),
      }));
    expect(normal(actual)).toEqual(normal(expected));
  });

  it('continues by cursor, and refuses a filter or a foreign cursor by name', async () => {
    const rest = await exportActivity(
      store(),
      { filters: {}, format: 'parquet', cursor: 'seq:100' },
      { products },
    );
    expect(rest).toMatchObject({ rows: N - 100 });
    await expect(
      exportActivity(store(), { filters: { text: 'x' }, format: 'parquet' }, { products }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'filters' });
    await expect(
      exportActivity(store(), { filters: {}, format: 'parquet', cursor: 'nope' }, { products }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'cursor' });
  });
});
