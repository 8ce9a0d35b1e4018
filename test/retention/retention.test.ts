import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { runRetention } from '../../src/retention/run-retention';
import { measureStorage } from '../../src/retention/storage-size';
import { readSealedRows } from '../../src/seal/read-sealed';
import { sealPending } from '../../src/seal/seal-pending';
import { readSealState } from '../../src/seal/seal-state';
import { verifyStoredChain } from '../../src/seal/verify-stored-chain';
import type { Store } from '../../src/store/database';
import { testEngines } from '../support/engines';
import { insertRecords, makeRecord, T0 } from '../seal/seal-support';

const DAY = 24 * 60 * 60 * 1000;
const NOW = T0 + 100 * DAY;
const BIG = 1024 ** 3;

describe.each(testEngines)('retention on $name', (engine) => {
  let sandbox: Sandbox;
  let target: Store;
  let n = 0;

  /** Stores records with these event times (days after T0), received in this order, and seals them. */
  async function add(days: readonly number[], options: { seal?: boolean } = {}): Promise<void> {
    const records = days.map((d) => {
      n += 1;
      return makeRecord(n, { receivedMs: T0 + n * 1000, timeMs: T0 + d * DAY });
    });
    await insertRecords(target, records);
    if (options.seal !== false) await sealPending(target, { deadlineMs: Date.now() + 60_000 });
  }
  const seqs = async () =>
    (await target.db.selectFrom('audit_event').select('seq').orderBy('seq').execute()).map((r) =>
      r.seq === null ? null : Number(r.seq),
    );
  /** The seqs readers see, from both tiers. */
  const sealedSeqs = async () => (await readSealedRows(target, 0, 1000)).map((r) => Number(r.seq));
  const head = async () => (await readSealState(target))!.head.seq;
  const retain = async (maxAgeDays: number, budgetBytes = BIG, rolledUpSeq?: number) =>
    runRetention(target, {
      settings: { maxAgeDays, budgetBytes },
      nowMs: NOW,
      deadlineMs: Date.now() + 60_000,
      rolledUpSeq: rolledUpSeq ?? (await head()),
      pageRows: 3,
    });
  async function destination(id: string, required: boolean, cursor: number | null): Promise<void> {
    await target.db
      .insertInto('destination')
      .values({
        id,
        name: `SIEM ${id}`,
        type: 'webhook',
        url: 'https://siem.example.com/hook',
        format: 'native',
        filter_json: '{}',
        options_json: '{}',
        is_enabled: 1,
        is_required: required ? 1 : 0,
        created_ms: T0,
        updated_ms: T0,
      })
      .execute();
    if (cursor === null) return;
    await target.db
      .insertInto('destination_state')
      .values({
        destination_id: id,
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

  beforeEach(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    target = sandbox.opened.store;
    n = 0;
  });
  afterEach(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('age: older than the maximum goes wherever it was sealed; exactly at it stays', async () => {
    // Event days 1..10, then a late record from day 0 (received last: seq 11).
    await add([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0]);
    const run = await retain(95); // cutoff: day 5
    // The late record goes with the others, though younger records were sealed before it.
    expect(run).toMatchObject({ deleted: 5, prunedSeq: 4 });
    expect(await sealedSeqs()).toEqual([5, 6, 7, 8, 9, 10]);
    expect(await verifyStoredChain(target)).toMatchObject({ ok: true, checked: 6 });
    expect(await retain(93)).toMatchObject({ deleted: 2, prunedSeq: 6 });
    expect(await retain(80)).toMatchObject({ deleted: 4, prunedSeq: 11 });
    expect(await sealedSeqs()).toEqual([]);
    expect(await seqs()).toEqual([]);
    expect(await verifyStoredChain(target)).toMatchObject({ ok: true, checked: 0 });
  });

  test('budget: over it, the oldest go even though young, until the estimate fits', async () => {
    await add(Array.from({ length: 12 }, () => 99));
    const storage = await measureStorage(target);
    // 2.5 rows over the budget: three rows go, oldest first.
    const budget = Math.floor(storage.bytes - 2.5 * storage.bytesPerRow);
    expect(await retain(180, budget)).toMatchObject({ deleted: 3, prunedSeq: 3 });
    expect(await seqs()).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(await retain(180, BIG)).toMatchObject({ deleted: 0 });
    expect(await verifyStoredChain(target)).toMatchObject({ ok: true });
  });

  test('a required destination holds back everything it has not received; others do not', async () => {
    await add([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await destination('optional', false, 0);
    await destination('required', true, 6);
    expect(await retain(30)).toMatchObject({
      deleted: 6,
      prunedSeq: 6,
      heldBy: 'required-destination',
      heldDestination: 'SIEM required',
    });
    expect(await sealedSeqs()).toEqual([7, 8, 9, 10]);
    await target.db
      .updateTable('destination_state')
      .set({ cursor_seq: 9 })
      .where('destination_id', '=', 'required')
      .execute();
    expect(await retain(30)).toMatchObject({ deleted: 3, prunedSeq: 9 });
    // Budget pressure does not override it either.
    expect(await retain(30, 1)).toMatchObject({ deleted: 0, heldBy: 'required-destination' });
    expect(await sealedSeqs()).toEqual([10]);
    expect(await verifyStoredChain(target)).toMatchObject({ ok: true, checked: 1 });
  });

  test('a required destination saved a moment ago (no delivery state yet) holds back everything', async () => {
    await add([1, 2, 3]);
    await destination('new', true, null);
    expect(await retain(30)).toMatchObject({ deleted: 0, heldBy: 'required-destination' });
    expect(await seqs()).toEqual([1, 2, 3]);
  });

  test('unsealed records are never deleted, nor records the rollups have not counted', async () => {
    await add([1, 2, 3, 4]);
    await add([1, 1], { seal: false });
    expect(await retain(30, BIG, 2)).toMatchObject({ deleted: 2, prunedSeq: 2, heldBy: 'rollups' });
    expect(await retain(30)).toMatchObject({ deleted: 2, prunedSeq: 4 });
    expect(await retain(30, 1)).toMatchObject({ deleted: 0 });
    expect(await seqs()).toEqual([null, null]);
  });

  test('a run that stopped after marking the prefix finishes deleting it on the next run', async () => {
    await add([1, 2, 3, 4, 5]);
    const stopped = await runRetention(target, {
      settings: { maxAgeDays: 30, budgetBytes: BIG },
      nowMs: NOW,
      deadlineMs: 0, // out of time as soon as the prefix is marked
      rolledUpSeq: await head(),
      pageRows: 2,
    });
    expect(stopped).toMatchObject({ prunedSeq: 2, deleted: 0, more: true });
    expect(await verifyStoredChain(target)).toMatchObject({ ok: true });
    expect(await retain(30)).toMatchObject({ deleted: 5, prunedSeq: 5 });
  });
});
