import { setTimeout as delay } from 'node:timers/promises';
import { samplePayload } from '../../dev/payloads';
import type { Delivery } from '../../dev/runtime/app-host';
import { readManifest } from '../../dev/runtime/manifest-index';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { limits } from '../../src/limits';
import { migrations } from '../../src/store/migrations';
import { testEngines } from '../support/engines';
import { dropSchema, rowsOf } from '../support/rows';

/**
 * A fresh installation: Forge delivers product events (to as many cold containers as it likes) before
 * the `schema` trigger has made the tables. Nothing but that trigger may run DDL (Forge SQL allows 25
 * DDL requests a minute per installation), and no event may be lost while the tables are missing.
 */
const manifest = readManifest(`${__dirname}/../../manifest.yml`);
const eventTypes = [...manifest.triggers.keys()].filter((t) => !t.includes(':viewed:'));
const at = new Date('2026-03-02T10:00:00Z');
const events = eventTypes.slice(0, 40).map((type) => samplePayload(type, at));
/** Delivered before the schema exists with Forge's last retry: only parking can keep it. */
const lastTry = { ...samplePayload(eventTypes[40]!, at), retryContext: { retryCount: 4 } };
const retries = (event: object, retryCount: number) => ({ ...event, retryContext: { retryCount } });

/** The most DDL requests that arrived within any 60 seconds. */
function busiestMinute(times: readonly number[]): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length));
}

describe.each(testEngines)('a fresh installation on $name', (engine) => {
  let sandbox: Sandbox;
  /** DDL requests that reached the Forge SQL stand-in since `from` (MariaDB only: SQLite has no limit). */
  const ddlSince = (from: number) => sandbox.opened.sqlBackend?.ddl.slice(from) ?? [];
  const ddlMark = () => sandbox.opened.sqlBackend?.ddl.length ?? 0;
  const invoke = (key: string, payload: unknown = {}) =>
    sandbox.host.invoke('jira:adminPage', key, payload, sandbox.defaultAccountId);
  /** Every answer each event got, in delivery order. */
  const answers = new Map<object, Delivery[]>();
  const deliver = async (event: object, retryCount = 0): Promise<Delivery> => {
    const answer = await sandbox.host.deliverEvent(retryCount ? retries(event, retryCount) : event);
    answers.set(event, [...(answers.get(event) ?? []), answer]);
    return answer;
  };

  beforeAll(async () => {
    expect(events).toHaveLength(40);
    // The sandbox runs the schema trigger at start, as Forge does after an install: undo it.
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    await dropSchema(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('before the schema trigger: capture asks for retries, resolvers say PREPARING, jobs skip, and none runs DDL', async () => {
    const mark = ddlMark();
    const early = await Promise.all(events.slice(0, 20).map((event) => deliver(event)));
    for (const answer of early) {
      expect(answer).toMatchObject({ status: 'retry', reason: { failure: 'schema-missing' } });
      expect(answer.retryAfter).toBeGreaterThanOrEqual(1);
    }
    expect(await deliver(lastTry, 4)).toMatchObject({ status: 'parked' });

    for (const key of ['settings.get', 'activity.query', 'insights.summary', 'storage.status', 'tokens.list'])
      expect([
        key,
        await invoke(key, key === 'insights.summary' ? { from: '2026-03-01', to: '2026-03-02' } : {}),
      ]).toMatchObject([key, { error: { code: 'PREPARING' } }]);
    expect(await sandbox.host.runScheduled('daily')).toEqual({ skipped: 'schema-missing' });
    expect(await sandbox.host.runScheduled('audit-import')).toEqual({ skipped: 'schema-missing' });
    await sandbox.host.runScheduled('seal-and-forward');

    if (engine.name === 'mariadb') expect(ddlSince(mark)).toEqual([]);
  });

  test('the schema trigger with capture running alongside: at most 25 DDL requests a minute, and every event stored exactly once', async () => {
    const mark = ddlMark();
    const schemaRun = sandbox.host.runScheduled('schema');
    // Spread over the run (it takes about a second), so some land before the tables and some after.
    const during = await Promise.all(
      events.slice(20).map((event, i) => delay(i * 50).then(() => deliver(event))),
    );
    expect(await schemaRun).toMatchObject({
      ran: migrations.map((m) => m.name),
      parked: { replayed: 1, failed: 0 },
    });
    // Whatever raced the migrations was stored or asked for a retry; nothing was dropped or parked.
    for (const answer of during) expect(['stored', 'retry']).toContain(answer.status);

    // Forge delivers every event that asked for a retry again; the tables are there now.
    for (const event of events) {
      const last = answers.get(event)!.at(-1)!;
      if (last.status === 'retry') expect(await deliver(event, 1)).toMatchObject({ status: 'stored' });
    }

    const rows = await rowsOf(sandbox);
    const storedIds = events.flatMap((event) =>
      answers.get(event)!.flatMap((answer) => (answer.status === 'stored' ? [answer.id] : [])),
    );
    const parkedId = answers.get(lastTry)![0]!.id;
    expect(new Set(storedIds).size).toBe(events.length);
    expect(rows.map((row) => row.id).sort()).toEqual([...storedIds, parkedId].sort());

    if (engine.name === 'mariadb') {
      const ddl = ddlSince(mark);
      // Forge's migrationRunner: CREATE TABLE __migrations and its listing (a SELECT sent to the DDL
      // endpoint), then one statement per migration: a CREATE TABLE per table, an ALTER TABLE per later
      // column. Capture ran none.
      expect(ddl).toHaveLength(migrations.length + 2);
      expect(ddl.every((request) => request.path === '/api/v1/execute/ddl')).toBe(true);
      const alters = migrations.filter((m) => m.forgeSql !== undefined).length;
      expect(alters).toBeGreaterThan(0);
      expect(ddl.filter((request) => /^create table if not exists `/.test(request.query))).toHaveLength(
        migrations.length - alters,
      );
      expect(
        ddl.filter((request) => /^alter table `\w+` add column if not exists /.test(request.query)),
      ).toHaveLength(alters);
      expect(busiestMinute(ddl.map((request) => request.atMs))).toBeLessThanOrEqual(limits.sqlDdlPerMinute);
    }
  });

  test('later runs of the schema trigger apply nothing and spend no DDL request (the runner is not started)', async () => {
    const mark = ddlMark();
    expect(await sandbox.host.runScheduled('schema')).toMatchObject({ ran: [] });
    expect(await sandbox.host.runScheduled('schema')).toMatchObject({ ran: [] });
    if (engine.name === 'mariadb') expect(ddlSince(mark)).toEqual([]);
  });
});
