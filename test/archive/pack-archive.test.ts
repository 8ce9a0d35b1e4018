import { archivedThrough, listAllBlocks } from '../../src/archive/block-store';
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

  it('verifies across both tiers', async () => {
    expect(await verifyStoredChain(store())).toMatchObject({ ok: true, checked: N, headSeq: N });
  });
});
