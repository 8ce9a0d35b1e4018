import { archivedAlready } from '../../src/archive/archived-ids';
import { archivedThrough, listAllBlocks } from '../../src/archive/block-store';
import { runRollups } from '../../src/insights/run-rollups';
import { packArchive } from '../../src/packing/pack-archive';
import { readSealed } from '../../src/seal/read-sealed';
import { sealPending } from '../../src/seal/seal-pending';
import { verifyStoredChain } from '../../src/seal/verify-stored-chain';
import { countAuditEvents } from '../../src/store/audit-events';
import { testEngines } from '../support/engines';
import { storeForSuite } from '../support/suite-store';
import { farDeadline, insertRecords, records, T0 } from '../seal/seal-support';

const N = 230;
const BLOCK = 50;

describe.each(testEngines)('packing sealed records into archive blocks on $name', (engine) => {
  const store = storeForSuite(engine);
  let before: unknown[];

  beforeAll(async () => {
    await insertRecords(store(), records(1, N, T0));
    await sealPending(store(), { deadlineMs: farDeadline() });
    before = await readSealed(store(), 0, 1000);
  });

  it('packs full blocks only, and every sealed read answers as before', async () => {
    const result = await packArchive(store(), {
      deadlineMs: farDeadline(),
      blockRecords: BLOCK,
      settleMs: 0,
      maxLiveAgeMs: Number.MAX_SAFE_INTEGER,
    });
    expect(result).toMatchObject({ packed: 4, records: 200 });
    expect(await archivedThrough(store())).toBe(200);
    expect(await readSealed(store(), 0, 1000)).toEqual(before);
    expect(await readSealed(store(), 37, 90)).toEqual(before.slice(37, 127));
  });

  it('deletes the live rows of indexed blocks on the next run, and still answers the same', async () => {
    const result = await packArchive(store(), {
      deadlineMs: farDeadline(),
      blockRecords: BLOCK,
      settleMs: 0,
      maxLiveAgeMs: Number.MAX_SAFE_INTEGER,
    });
    expect(result.settled).toBe(4);
    expect(await countAuditEvents(store())).toBe(N - 200);
    expect(await readSealed(store(), 0, 1000)).toEqual(before);
    expect((await listAllBlocks(store())).map((b) => b.state)).toEqual([
      'settled',
      'settled',
      'settled',
      'settled',
    ]);
  });

  it('rolls up every record, archived or live, once', async () => {
    const run = await runRollups(
      store(),
      { throughSeq: 0 },
      {
        nowMs: T0 + 86_400_000,
        deadlineMs: farDeadline(),
        save: async () => {},
        batchRows: 70,
      },
    );
    expect(run.rows).toBe(N);
    const days = await store()
      .db.selectFrom('insight_day')
      .select((eb) => eb.fn.sum<number>('events').as('n'))
      .executeTakeFirst();
    expect(Number(days?.n)).toBe(N);
  });

  it('knows which re-read records it already holds (imports and backfills insert them only once)', async () => {
    const all = records(1, N, T0);
    const found = await archivedAlready(store(), [
      ...all.slice(0, 40),
      ...all.slice(220),
      ...records(N + 1, 5, T0),
    ]);
    expect([...found].sort()).toEqual(
      all
        .slice(0, 40)
        .map((r) => r.id)
        .sort(),
    );
  });

  it('verifies across both tiers', async () => {
    expect(await verifyStoredChain(store())).toMatchObject({ ok: true, checked: N, headSeq: N });
  });
});
