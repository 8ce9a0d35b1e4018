import { archivedThrough, listAllBlocks, rewriteBlock, setBlockState } from '../../src/archive/block-store';
import { readSealed } from '../../src/seal/read-sealed';
import { sealPending } from '../../src/seal/seal-pending';
import type { SealedRecord } from '../../src/seal/sealed-record';
import { verifyStoredChain } from '../../src/seal/verify-stored-chain';
import { countAuditEvents } from '../../src/store/audit-events';
import type { Store } from '../../src/store/database';
import { testEngines } from '../support/engines';
import { storeForSuite } from '../support/suite-store';
import { farDeadline, insertRecords, records, T0 } from '../seal/seal-support';
import { flipped, newBlock, pack, storedBlocks } from './archive-support';

const BLOCK = 10;

const states = async (target: Store) =>
  (await listAllBlocks(target)).map((b) => [b.blockId, b.state] as const);

/** Every record once, in seq order, and the chain verifying over them all: nothing lost, nothing doubled. */
async function expectIntact(target: Store, expected: readonly SealedRecord[]): Promise<void> {
  expect(await readSealed(target, 0, 1000)).toEqual(expected);
  expect(await verifyStoredChain(target)).toMatchObject({ ok: true, checked: expected.length });
}

describe.each(testEngines)('packing that stops part-way, on $name', (engine) => {
  const store = storeForSuite(engine);
  let before: SealedRecord[];

  async function addSealed(first: number, count: number): Promise<void> {
    await insertRecords(store(), records(first, count, T0 + first * 1000));
    await sealPending(store(), { deadlineMs: farDeadline() });
    before = await readSealed(store(), 0, 1000);
  }

  beforeAll(async () => {
    await addSealed(1, 45);
  });

  test('a block written but not indexed is invisible; the next run checks it against its live rows and indexes it', async () => {
    expect(await pack(store(), BLOCK)).toMatchObject({ packed: 4, records: 40, settled: 0 });
    // As if the run had stopped after writing the block at 31 and before indexing it.
    await setBlockState(store(), 31, 'written', Date.now());
    expect(await archivedThrough(store())).toBe(30);
    await expectIntact(store(), before);

    expect(await pack(store(), BLOCK)).toMatchObject({ packed: 0, settled: 3 });
    expect(await states(store())).toEqual([
      [1, 'settled'],
      [11, 'settled'],
      [21, 'settled'],
      [31, 'indexed'],
    ]);
    expect(await countAuditEvents(store())).toBe(45 - 30);
    await expectIntact(store(), before);
  });

  test('an indexed block whose live rows are deleted but which is not marked settled reads once, and settles', async () => {
    // As if the run had stopped between deleting the block's live rows and marking it settled.
    await store().db.deleteFrom('audit_event').where('seq', '>=', 31).where('seq', '<=', 40).execute();
    await expectIntact(store(), before);
    expect(await pack(store(), BLOCK)).toMatchObject({ packed: 0, settled: 1 });
    expect((await states(store())).every(([, state]) => state === 'settled')).toBe(true);
    expect(await countAuditEvents(store())).toBe(5);
    await expectIntact(store(), before);
  });

  test('runs again and again change nothing', async () => {
    const blocks = await storedBlocks(store());
    for (let i = 0; i < 3; i += 1)
      expect(await pack(store(), BLOCK)).toEqual({ packed: 0, records: 0, settled: 0 });
    expect(await storedBlocks(store())).toEqual(blocks);
    await expectIntact(store(), before);
  });

  test('a written block that is not its live rows is removed, and the rows are packed again behind the blocks that stand', async () => {
    await addSealed(46, 20);
    expect(await pack(store(), BLOCK)).toMatchObject({ packed: 2, records: 20 });
    // As if the run had stopped after writing the block at 41 (which no longer matches its rows: a
    // pseudonymisation of live rows ran since, say), before indexing it or writing the next.
    const [written] = (await storedBlocks(store())).filter((b) => b.meta.blockId === 41);
    await rewriteBlock(store(), newBlock(written!, { payload: flipped(written!.payload) }));
    await setBlockState(store(), 41, 'written', Date.now());
    await store().db.deleteFrom('archive_block').where('block_id', '=', 51).execute();
    await expectIntact(store(), before);

    await pack(store(), BLOCK);
    await expectIntact(store(), before);
    await pack(store(), BLOCK);
    expect(await states(store())).toEqual([1, 11, 21, 31, 41, 51].map((s) => [s, 'settled']));
    expect(await countAuditEvents(store())).toBe(5);
    await expectIntact(store(), before);
  });
});

describe.each(testEngines)('packing live rows that do not verify, on $name', (engine) => {
  const store = storeForSuite(engine);

  test('is refused: nothing is packed, and once the row is put back the block is', async () => {
    await insertRecords(store(), records(1, 25, T0));
    await sealPending(store(), { deadlineMs: farDeadline() });
    const before = await readSealed(store(), 0, 1000);
    const edit = (action: string) =>
      store().db.updateTable('audit_event').set({ action }).where('seq', '=', 17).execute();
    await edit('issue.deleted');
    const refused = await pack(store(), BLOCK);
    // The rows before the edited one verify: their block is packed; the edited one's is not.
    expect(refused).toMatchObject({ packed: 1, records: 10, refused: expect.stringContaining('seq 17') });
    expect(await archivedThrough(store())).toBe(10);
    expect(await listAllBlocks(store())).toHaveLength(1);
    expect(await verifyStoredChain(store())).toMatchObject({ ok: false, firstBadSeq: 17 });

    await edit(before[16]!.action);
    expect(await pack(store(), BLOCK)).toMatchObject({ packed: 1, records: 10 });
    expect(await archivedThrough(store())).toBe(20);
    await expectIntact(store(), before);
  });
});
