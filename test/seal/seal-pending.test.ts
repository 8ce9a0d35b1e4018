import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  RootOperationNode,
} from 'kysely';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { readInstallationKey } from '../../src/seal/installation-key';
import { readSealed } from '../../src/seal/read-sealed';
import { sealStatus } from '../../src/seal/seal-status';
import { SEAL_LOCK_TTL_MS, sealPending } from '../../src/seal/seal-pending';
import { readSealState } from '../../src/seal/seal-state';
import { verifyChain } from '../../src/seal/verify-chain';
import type { Store } from '../../src/store/database';
import { testEngines } from '../support/engines';
import { farDeadline, insertRecords, makeRecord, records, sealColumns, T0 } from './seal-support';

/**
 * Fails every statement on seal_state once rows have been stamped: the run stamps its first batch and dies
 * before it can move the head or release the lock, as a function stopped mid-run would.
 */
class DieBeforeHeadMove implements KyselyPlugin {
  private stamped = false;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (args.node.kind === 'UpdateQueryNode') {
      const table = (args.node as { table?: { table?: { identifier?: { name?: string } } } }).table?.table
        ?.identifier?.name;
      if (table === 'audit_event') this.stamped = true;
      if (table === 'seal_state' && this.stamped)
        throw new Error('simulated crash: the function stopped here');
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs) {
    return args.result;
  }
}

describe.each(testEngines)('sealing on $name', (engine) => {
  let sandbox: Sandbox;
  let target: Store;
  const seal = (batchSize?: number) =>
    sealPending(target, { deadlineMs: farDeadline(), ...(batchSize ? { batchSize } : {}) });
  const expireLock = () => target.db.updateTable('seal_state').set({ expires_ms: 1 }).execute();

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    target = sandbox.opened.store;
  });
  beforeEach(async () => {
    await target.db.deleteFrom('audit_event').execute();
    await target.db.deleteFrom('seal_state').execute();
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('seqs are gap-free and follow arrival across calls, with late events (old time) sealed after earlier arrivals', async () => {
    await insertRecords(target, records(1, 5, T0));
    expect(await seal()).toEqual({ sealed: 5, headSeq: 5, more: false });

    // Arrive next: one that happened a day ago (late delivery), and two current ones, out of id order.
    const late = makeRecord(100, { receivedMs: T0 + 20_000, timeMs: T0 - 86_400_000 });
    await insertRecords(target, [
      makeRecord(101, { receivedMs: T0 + 30_000 }),
      late,
      ...records(102, 1, T0 + 10_000),
    ]);
    expect(await seal()).toEqual({ sealed: 3, headSeq: 8, more: false });
    expect(await seal()).toEqual({ sealed: 0, headSeq: 8, more: false });

    const rows = await sealColumns(target);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const received = rows.map((r) => r.received_ms);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect(rows.find((r) => r.id === late.id)?.seq).toBe(7);
    rows.forEach((row, i) => expect(row.prev_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1]!.hash));

    const sealed = await readSealed(target, 0, 100);
    expect(sealed.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(verifyChain(sealed)).toMatchObject({ ok: true, checked: 8 });
    expect((await readSealed(target, 3, 2)).map((r) => r.seq)).toEqual([4, 5]);
    // The record type carries its seal.
    expect(sealed[6]).toMatchObject({ id: late.id, seq: 7, hash: rows[6]!.hash, time: late.time });
  });

  test('small batches seal everything in order; a deadline already passed seals nothing and says there is more', async () => {
    await insertRecords(target, records(1, 25, T0));
    expect(await sealPending(target, { deadlineMs: Date.now() - 1 })).toEqual({
      sealed: 0,
      headSeq: 0,
      more: true,
    });
    expect(await seal(7)).toEqual({ sealed: 25, headSeq: 25, more: false });
    expect(verifyChain(await readSealed(target, 0, 100))).toMatchObject({ ok: true, checked: 25 });
  });

  test('concurrent and duplicate invocations, with events arriving meanwhile, never duplicate or skip a seq', async () => {
    let next = 1;
    const outcomes = [];
    for (let round = 0; round < 6; round++) {
      const batch = records(next, 10, T0 + next * 1000);
      next += 10;
      outcomes.push(
        ...(await Promise.all([
          seal(4),
          insertRecords(target, batch.slice(0, 5)).then(() => undefined),
          seal(3),
          insertRecords(target, batch.slice(5)).then(() => undefined),
          seal(),
        ])),
      );
    }
    while ((await seal()).sealed > 0);
    const rows = await sealColumns(target);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.hash)).size).toBe(60);
    expect(verifyChain(await readSealed(target, 0, 100))).toMatchObject({ ok: true, checked: 60 });
    // Some invocation found another one holding the lock and stood back.
    expect(outcomes.some((o) => o?.busy === true)).toBe(true);
  });

  test('a live lock makes a duplicate invocation do nothing; a lapsed one is taken over', async () => {
    await insertRecords(target, records(1, 2, T0));
    await seal();
    await insertRecords(target, records(3, 2, T0 + 5000));
    await target.db
      .updateTable('seal_state')
      .set({ owner: 'another-invocation', expires_ms: Date.now() + 60_000 })
      .execute();
    const until = Number((await readSealState(target))!.expiresMs);
    // Blocked says so, with when the lock lapses; the Storage tab shows the same.
    expect(await seal()).toEqual({ sealed: 0, headSeq: 2, more: false, busy: true, lockedUntilMs: until });
    expect(await sealStatus(target, Date.now())).toMatchObject({ headSeq: 2, lockedUntilMs: until });
    await expireLock();
    expect(await seal()).toEqual({ sealed: 2, headSeq: 4, more: false });
    expect((await readSealState(target))?.owner).toBeNull();
  });

  test('a run that dies between stamping rows and moving the head: readers never see the stamps; the next run publishes them as stamped', async () => {
    await insertRecords(target, records(1, 30, T0));
    const dying: Store = { db: target.db.withPlugin(new DieBeforeHeadMove()), engine: target.engine };
    await expect(sealPending(dying, { deadlineMs: farDeadline(), batchSize: 10 })).rejects.toThrow(
      /simulated crash/,
    );
    const stamped = (await sealColumns(target)).filter((r) => r.seq !== null);
    expect(stamped.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await readSealState(target)).toMatchObject({ head: { seq: 0 } });
    expect(await readSealed(target, 0, 100)).toEqual([]);

    // Its lock is still held until it lapses, within one five-minute cycle: a duplicate invocation
    // meanwhile does nothing.
    const lapses = (await readSealState(target))!.expiresMs;
    expect(lapses - Date.now()).toBeLessThanOrEqual(SEAL_LOCK_TTL_MS);
    expect(SEAL_LOCK_TTL_MS).toBeLessThan(5 * 60_000);
    expect(await seal()).toMatchObject({ sealed: 0, busy: true });
    await expireLock();
    expect(await seal()).toEqual({ sealed: 30, headSeq: 30, more: false });
    const after = await sealColumns(target);
    for (const row of stamped)
      expect(after.find((r) => r.id === row.id)).toMatchObject({ seq: row.seq, hash: row.hash });
    expect(verifyChain(await readSealed(target, 0, 100))).toMatchObject({ ok: true, checked: 30 });
  });

  test('unpublished stamps that no longer chain are cleared and sealed afresh; the published ones stay', async () => {
    await insertRecords(target, records(1, 4, T0));
    await seal();
    await insertRecords(target, records(5, 6, T0 + 10_000));
    const dying: Store = { db: target.db.withPlugin(new DieBeforeHeadMove()), engine: target.engine };
    await expect(sealPending(dying, { deadlineMs: farDeadline() })).rejects.toThrow(/simulated crash/);
    const before = await sealColumns(target);
    await target.db
      .updateTable('audit_event')
      .set({ hash: 'f'.repeat(64) })
      .where('seq', '=', 7)
      .execute();
    await expireLock();

    expect(await seal()).toEqual({ sealed: 6, headSeq: 10, more: false });
    const after = await sealColumns(target);
    expect(after.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Seqs 1–6 were adopted or already published; 7–10 were resealed, deterministically, to the same values.
    expect(after.map((r) => [r.id, r.seq, r.hash])).toEqual(before.map((r) => [r.id, r.seq, r.hash]));
    expect(verifyChain(await readSealed(target, 0, 100))).toMatchObject({ ok: true, checked: 10 });
  });

  test('the installation key is created on first use and kept', async () => {
    await insertRecords(target, records(1, 1, T0));
    await seal();
    const key = await readInstallationKey();
    expect(key?.length).toBe(32);
    await insertRecords(target, records(2, 1, T0 + 1000));
    await seal();
    expect((await readInstallationKey())?.equals(key!)).toBe(true);
  });

  if (engine.name === 'mariadb') {
    test('200 records are sealed in a handful of SQL requests, not one per record', async () => {
      await insertRecords(target, records(1, 200, T0));
      const backend = sandbox.opened.sqlBackend!;
      const before = backend.statements;
      expect(await seal(200)).toEqual({ sealed: 200, headSeq: 200, more: false });
      // lock (+ check, create and lock again on first use), state, recovery check, read (keys, then rows),
      // 4 stamping statements, head, empty read, release.
      expect(backend.statements - before).toBeLessThanOrEqual(15);
    });
  }
});
