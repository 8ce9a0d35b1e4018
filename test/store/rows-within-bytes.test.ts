import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import type { Change } from '../../src/record/audit-record';
import type { Store } from '../../src/store/database';
import { answerBytes, groupsWithin, rowsWithinBytes } from '../../src/store/rows-within-bytes';
import { insertRecords, makeRecord, T0 } from '../seal/seal-support';
import { testEngines } from '../support/engines';

describe('groupsWithin (pure)', () => {
  const sized = (...sizes: number[]) => sizes.map((size, i) => ({ i, size }));
  const indexes = (groups: { i: number }[][]) => groups.map((g) => g.map((item) => item.i));

  test('consecutive groups, in order, each within the budget', () => {
    expect(indexes(groupsWithin(sized(40, 50, 10, 60, 30, 70), 100))).toEqual([[0, 1, 2], [3, 4], [5]]);
  });

  test('an item over the budget is a group alone, wherever it falls; nothing is dropped', () => {
    expect(indexes(groupsWithin(sized(10, 500, 20, 30, 900), 100))).toEqual([[0], [1], [2, 3], [4]]);
    expect(groupsWithin([], 100)).toEqual([]);
  });

  test('at most maxItems per group; sizes may arrive as strings (Forge SQL numbers)', () => {
    expect(indexes(groupsWithin(sized(1, 1, 1, 1, 1), 100, 2))).toEqual([[0, 1], [2, 3], [4]]);
    expect(groupsWithin([{ size: '60' }, { size: '60' }], 100)).toHaveLength(2);
  });
});

/** Counts the SELECTs that read whole rows (`select *`). */
class WholeRowSelects implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs) {
    const node = args.node as { kind: string; selections?: { selection: { kind: string } }[] };
    if (node.kind === 'SelectQueryNode' && node.selections?.some((s) => s.selection.kind === 'SelectAllNode'))
      this.count += 1;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs) {
    return args.result;
  }
}

const values = (text: string): Change[] =>
  Array.from({ length: 50 }, (_, i) => ({ field: `f${i}`, from: text, to: text }));

describe.each(testEngines)('rows within bytes on $name', (engine) => {
  let sandbox: Sandbox;
  let store: Store;
  // Text that JSON answers make larger than it is stored: escapes, control characters, multibyte.
  const records = [
    makeRecord(1, { receivedMs: T0 }),
    makeRecord(2, { receivedMs: T0 + 1, changes: values('"\\'.repeat(500)) }),
    makeRecord(3, { receivedMs: T0 + 2, changes: values('😀'.repeat(500)), title: '漢'.repeat(255) }),
    makeRecord(4, { receivedMs: T0 + 3, title: '\u0001'.repeat(255), parentTitle: '\u001f'.repeat(255) }),
    makeRecord(5, { receivedMs: T0 + 4, changes: values('é'.repeat(1000)) }),
  ];

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    store = sandbox.opened.store;
    await insertRecords(store, records);
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('the estimate is never below the row as JSON, for any of these rows', async () => {
    const estimates = await store.db
      .selectFrom('audit_event')
      .select(['id', answerBytes().as('size')])
      .execute();
    const rows = await store.db.selectFrom('audit_event').selectAll().execute();
    expect(rows).toHaveLength(records.length);
    for (const row of rows) {
      // BIGINTs as Forge SQL sends them: strings.
      const json = JSON.stringify({
        ...row,
        time_ms: String(row.time_ms),
        received_ms: String(row.received_ms),
      });
      const estimate = Number(estimates.find((e) => e.id === row.id)!.size);
      expect(estimate).toBeGreaterThanOrEqual(Buffer.byteLength(json));
    }
  });

  test('rows come in the keys order, in fetches within the budget; one over the budget comes alone', async () => {
    const sizes = new Map(
      (
        await store.db
          .selectFrom('audit_event')
          .select(['id', answerBytes().as('size')])
          .execute()
      ).map((e) => [e.id, Number(e.size)]),
    );
    const small = sizes.get(records[0]!.id)!;
    const meter = new WholeRowSelects();
    const measured: Store = { db: store.db.withPlugin(meter), engine: store.engine };
    // A budget that holds the small rows two at a time and none of the large ones.
    const rows = await rowsWithinBytes(
      measured,
      (size) => measured.db.selectFrom('audit_event').select(['id', size]).orderBy('received_ms', 'desc'),
      { fetchBytes: 2 * small + 1 },
    );
    expect(rows.map((r) => r.id)).toEqual([...records].reverse().map((r) => r.id));
    expect(Math.max(...[...sizes.values()])).toBeGreaterThan(2 * small + 1);
    expect(meter.count).toBe(
      groupsWithin(
        [...sizes.values()].reverse().map((size) => ({ size })),
        2 * small + 1,
      ).length,
    );
    expect(meter.count).toBeGreaterThanOrEqual(4);

    // A total cap stops before the row that would pass it, but always returns the first.
    const capped = await rowsWithinBytes(
      store,
      (size) => store.db.selectFrom('audit_event').select(['id', size]).orderBy('received_ms'),
      { totalBytes: 1 },
    );
    expect(capped.map((r) => r.id)).toEqual([records[0]!.id]);
  });
});
