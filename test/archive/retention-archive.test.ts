import { decodeBlock } from '../../src/archive/block-codec';
import { listAllBlocks, readPayloads } from '../../src/archive/block-store';
import { packArchive } from '../../src/packing/pack-archive';
import { runRetention } from '../../src/retention/run-retention';
import { readSealed, readSealedStretch } from '../../src/seal/read-sealed';
import { sealPending } from '../../src/seal/seal-pending';
import { readSealState } from '../../src/seal/seal-state';
import type { SealedRecord } from '../../src/seal/sealed-record';
import { verifyStoredChain } from '../../src/seal/verify-stored-chain';
import { countAuditEvents } from '../../src/store/audit-events';
import type { Store } from '../../src/store/database';
import { testEngines } from '../support/engines';
import { storeForEach } from '../support/suite-store';
import { farDeadline, insertRecords, makeRecord, T0 } from '../seal/seal-support';

const DAY = 24 * 60 * 60 * 1000;
const NOW = T0 + 100 * DAY;
const BIG = 1024 ** 3;
const BLOCK = 10;
/** With the maximum age at 50 days, records from before day 50 have expired. */
const MAX_AGE = 50;

/**
 * Event days by seq, in the order the records were stored. Blocks of ten:
 * - seqs 1–10: all expired (the oldest block: dropped whole);
 * - seqs 11–20: young, with two late imports of old history at 16 and 17 (tombstoned in place);
 * - seqs 21–30: young, but the last one (a tombstone at a block's end);
 * - seqs 31–40: backfilled old history sealed after younger records (every record tombstoned, the block
 *   kept: it is not the oldest);
 * - seqs 41–45: still live (too few for a block), one of them late (43): packed at once by retention.
 */
const DAYS = [
  ...[1, 1, 2, 2, 3, 3, 4, 4, 5, 5],
  ...[60, 61, 62, 63, 64, 10, 11, 65, 66, 67],
  ...[70, 70, 71, 71, 72, 72, 73, 73, 74, 20],
  ...[30, 30, 31, 31, 32, 32, 33, 33, 34, 34],
  ...[80, 81, 40, 82, 83],
];
const EXPIRED = DAYS.flatMap((d, i) => (d < MAX_AGE ? [i + 1] : []));

describe.each(testEngines)('retention over archive blocks on $name', (engine) => {
  const store = storeForEach(engine);
  let before: SealedRecord[];

  beforeEach(async () => {
    await insertRecords(
      store(),
      DAYS.map((d, i) => makeRecord(i + 1, { receivedMs: T0 + (i + 1) * 1000, timeMs: T0 + d * DAY })),
    );
    await sealPending(store(), { deadlineMs: farDeadline() });
    before = await readSealed(store(), 0, 1000);
    const pack = () =>
      packArchive(store(), {
        deadlineMs: farDeadline(),
        blockRecords: BLOCK,
        settleMs: 0,
        maxLiveAgeMs: Number.MAX_SAFE_INTEGER,
      });
    expect(await pack()).toMatchObject({ packed: 4, records: 40 });
    expect(await pack()).toMatchObject({ settled: 4 });
  });

  const head = async () => (await readSealState(store()))!.head.seq;
  const retain = async (maxAgeDays: number, nowMs = NOW) =>
    runRetention(store(), {
      settings: { maxAgeDays, budgetBytes: BIG },
      nowMs,
      deadlineMs: farDeadline(),
      rolledUpSeq: await head(),
    });
  const hashAt = (seq: number) => before[seq - 1]!.hash;
  const kept = (removed: readonly number[]) => before.filter((r) => !removed.includes(r.seq));

  test('expired records go from every block, late ones included; the chain verifies through the tombstones', async () => {
    const run = await retain(MAX_AGE);
    expect(run).toMatchObject({
      deleted: EXPIRED.length,
      prunedSeq: 10,
      blocksDropped: 1,
      blocksRewritten: 4,
    });

    const stretch = await readSealedStretch(store(), 0, 1000);
    expect(stretch.rows.map((r) => Number(r.seq))).toEqual(kept(EXPIRED).map((r) => r.seq));
    expect(await readSealed(store(), 0, 1000)).toEqual(kept(EXPIRED));
    // The last of each run of removed records, with the hash the chain goes on from.
    // Every removed seq is listed; the last of each run carries the hash the chain goes on from.
    expect([...stretch.removed.keys()]).toEqual([16, 17, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 43]);
    expect(new Map([...stretch.removed].filter(([, hash]) => hash !== ''))).toEqual(
      new Map([17, 30, 40, 43].map((seq) => [seq, hashAt(seq)])),
    );
    expect(await verifyStoredChain(store())).toMatchObject({
      ok: true,
      checked: before.length - EXPIRED.length,
      headSeq: 45,
    });

    const blocks = await listAllBlocks(store());
    expect(blocks.map((b) => [b.blockId, b.seqTo, b.recordCount, b.removed])).toEqual([
      [11, 20, 8, 2],
      [21, 30, 9, 1],
      [31, 40, 0, 10],
      [41, 45, 4, 1],
    ]);
    // The expired records are not in the blocks' bytes any more, only their tombstones.
    const payloads = await readPayloads(store(), blocks);
    const ids = blocks.flatMap((b) =>
      decodeBlock(payloads.get(b.blockId)!).records.flatMap((r) => (r ? [r.id] : [])),
    );
    expect(ids).toEqual(kept(EXPIRED).map((r) => r.id));
    expect(decodeBlock(payloads.get(11)!).tombstones).toEqual(
      new Map([
        [5, ''],
        [6, hashAt(17)],
      ]),
    );

    // A second run finds nothing more to remove.
    expect(await retain(MAX_AGE)).toMatchObject({ deleted: 0, prunedSeq: 10 });
  });

  test('once everything has expired, the blocks go whole, the tombstoned one too, and nothing is left', async () => {
    await retain(MAX_AGE);
    const run = await retain(MAX_AGE, NOW + 100 * DAY);
    expect(run).toMatchObject({
      deleted: before.length - EXPIRED.length,
      prunedSeq: 45,
      blocksDropped: 4,
    });
    expect(await listAllBlocks(store())).toEqual([]);
    expect(await readSealed(store(), 0, 1000)).toEqual([]);
    expect(await countAuditEvents(store())).toBe(0);
    expect(await verifyStoredChain(store())).toMatchObject({ ok: true, checked: 0, headSeq: 45 });
    // Packing goes on from the signed pruned prefix.
    await insertRecords(store(), [makeRecord(46, { receivedMs: NOW, timeMs: NOW })]);
    await sealPending(store(), { deadlineMs: farDeadline() });
    await packArchive(store(), { deadlineMs: farDeadline(), maxLiveAgeMs: 0, settleMs: 0 });
    expect((await listAllBlocks(store())).map((b) => [b.blockId, b.seqTo])).toEqual([[46, 46]]);
    expect(await verifyStoredChain(store())).toMatchObject({ ok: true, checked: 1, headSeq: 46 });
  });

  test('nothing past a required destination’s cursor goes, until it has received it', async () => {
    await requiredDestination(store(), 25);
    const held = await retain(MAX_AGE);
    const upTo25 = EXPIRED.filter((seq) => seq <= 25);
    expect(held).toMatchObject({
      deleted: upTo25.length,
      prunedSeq: 10,
      heldBy: 'required-destination',
      heldDestination: 'SIEM',
    });
    expect((await readSealed(store(), 0, 1000)).map((r) => r.seq)).toEqual(kept(upTo25).map((r) => r.seq));
    expect(await verifyStoredChain(store())).toMatchObject({ ok: true });

    await store()
      .db.updateTable('destination_state')
      .set({ cursor_seq: 45 })
      .where('destination_id', '=', 'siem')
      .execute();
    const rest = await retain(MAX_AGE);
    expect(rest).toMatchObject({ deleted: EXPIRED.length - upTo25.length, prunedSeq: 10 });
    expect(rest).not.toHaveProperty('heldBy');
    expect(await readSealed(store(), 0, 1000)).toEqual(kept(EXPIRED));
    expect(await verifyStoredChain(store())).toMatchObject({
      ok: true,
      checked: before.length - EXPIRED.length,
    });
  });
});

async function requiredDestination(target: Store, cursor: number): Promise<void> {
  await target.db
    .insertInto('destination')
    .values({
      id: 'siem',
      name: 'SIEM',
      type: 'webhook',
      url: 'https://siem.example.com/hook',
      format: 'native',
      filter_json: '{}',
      options_json: '{}',
      is_enabled: 1,
      is_required: 1,
      created_ms: T0,
      updated_ms: T0,
    })
    .execute();
  await target.db
    .insertInto('destination_state')
    .values({
      destination_id: 'siem',
      cursor_seq: cursor,
      status: 'active',
      attempts: 0,
      next_attempt_ms: 0,
      last_success_ms: null,
      last_error: null,
      last_error_ms: null,
      lease_owner: null,
      lease_until_ms: 0,
      delivered: cursor,
      requests: 1,
    })
    .execute();
}
