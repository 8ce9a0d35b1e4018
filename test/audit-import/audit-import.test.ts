import { fixturePath } from '../fixtures';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { readNdjsonObjects } from '../../dev/runtime/ndjson-file';
import type { ImportState } from '../../src/audit-import/import-pass';
import { auditImportJob } from '../../src/audit-import/run-import';
import { runRetention } from '../../src/retention/run-retention';
import { sealPending } from '../../src/seal/seal-pending';
import type { Store } from '../../src/store/database';
import { testEngines } from '../support/engines';

const FIXTURES = fixturePath('product-audit');
const JIRA = readNdjsonObjects(`${FIXTURES}/jira-cloud-auditing-records.elastic.ndjson`);
const CONFLUENCE = readNdjsonObjects(`${FIXTURES}/confluence-cloud-audit-records.elastic.ndjson`);
const NOW = Date.parse('2026-03-01T00:00:00Z');

describe.each(testEngines)('native audit import on $name', (engine) => {
  let sandbox: Sandbox;
  let target: Store;
  // The fake site serves these arrays; a test adds records to them as the products would.
  const jira = [...JIRA];
  const confluence = [...CONFLUENCE];
  const run = (options: { pageSize?: number; deadlineMs?: number; nowMs?: number } = {}) =>
    auditImportJob({ target, nowMs: options.nowMs ?? NOW, ...options });
  const count = async (source: string) =>
    Number(
      (
        await target.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('source_event', '=', source)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const status = () =>
    sandbox.host.invoke(
      'jira:adminPage',
      'auditImport.status',
      {},
      sandbox.defaultAccountId,
    ) as Promise<ImportState>;

  beforeAll(async () => {
    sandbox = await startSandbox({
      auditDb: await engine.freshDatabase(),
      kvsFile: null,
      jiraAudit: jira,
      confluenceAudit: confluence,
    });
    target = sandbox.opened.store;
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('pages are checkpointed: a run out of time stops after a page, the next goes on from there', async () => {
    const first = await run({ pageSize: 30, deadlineMs: 0 });
    expect(first).toMatchObject({
      state: {
        jira: { status: 'running', pass: { offset: 30, total: 82 }, imported: 30 },
        confluence: { status: 'running', pass: { offset: 30 }, imported: 30 },
      },
    });
    expect(await status()).toMatchObject({ jira: { pass: { offset: 30, total: 82 } } });
    // A record created after the pass began is outside its window: offsets do not shift under it.
    jira.unshift({
      ...JIRA[0]!,
      id: 99001,
      created: '2026-03-01T06:00:00.000+0000',
      summary: 'Workflow updated',
    });
    await run({ pageSize: 30, deadlineMs: 0 });
    expect((await status()).jira).toMatchObject({ pass: { offset: 60, total: 82 }, imported: 60 });
    const done = await run({ pageSize: 30 });
    expect(done).toMatchObject({
      state: {
        jira: { status: 'ok', throughMs: NOW, imported: 82, lastRunImported: 22, lastRunDuplicates: 0 },
        confluence: { status: 'ok', throughMs: NOW, imported: 37 },
      },
    });
    expect(done).not.toHaveProperty('state.jira.pass');
    expect(await count('jira-audit')).toBe(82);
    expect(await count('confluence-audit')).toBe(37);
  });

  test('the next pass starts just before the last one ended, picks up the new record, and duplicates collapse', async () => {
    const later = Date.parse('2026-03-01T12:00:00Z');
    const next = await run({ nowMs: later });
    expect(next).toMatchObject({
      state: { jira: { status: 'ok', throughMs: later, lastRunImported: 1, imported: 83 } },
    });
    expect(await count('jira-audit')).toBe(83);
    // As if the checkpoints were lost: everything is read again, and nothing is stored twice.
    await target.db
      .updateTable('job_state')
      .set({ state: '{}' })
      .where('name', '=', 'audit-import')
      .execute();
    const again = await run({ nowMs: later, pageSize: 50 });
    expect(again).toMatchObject({
      state: {
        jira: { lastRunImported: 0, lastRunDuplicates: 83 },
        confluence: { lastRunImported: 0, lastRunDuplicates: 37 },
      },
    });
    expect(await count('jira-audit')).toBe(83);
    expect(await count('confluence-audit')).toBe(37);
  });

  test('imported records follow the content setting and are searchable as config.* actions', async () => {
    const workflow = await target.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'config.workflow_updated')
      .where('time_ms', '=', Date.parse('2022-01-06T09:49:07.418Z'))
      .executeTakeFirstOrThrow();
    expect(workflow).toMatchObject({
      product: 'jira',
      object_type: 'workflow',
      actor_id: '5ff328f2a9d0300107c045a6',
    });
    const page = await sandbox.host.invoke(
      'jira:adminPage',
      'activity.query',
      { actions: ['config.space_configuration_updated'] },
      sandbox.defaultAccountId,
    );
    expect((page as { items: unknown[] }).items.length).toBe(3);

    await sandbox.host.invoke(
      'jira:adminPage',
      'settings.update',
      { ugc: { confluence: 'not_stored' } },
      sandbox.defaultAccountId,
    );
    const configured = CONFLUENCE.find((r) => r.summary === 'Space configuration updated')!;
    confluence.unshift({ ...configured, creationDate: Date.parse('2026-03-02T08:00:00Z') });
    await run({ nowMs: Date.parse('2026-03-02T12:00:00Z') });
    const stripped = await target.db
      .selectFrom('audit_event')
      .selectAll()
      .where('source_event', '=', 'confluence-audit')
      .where('time_ms', '=', Date.parse('2026-03-02T08:00:00Z'))
      .executeTakeFirstOrThrow();
    expect(stripped.object_title).toBeNull();
    expect(JSON.parse(stripped.changes!)).toEqual([
      { field: 'Space type', from: null, to: null },
      { field: 'Space status', from: null, to: null },
      { field: 'Name', from: null, to: null },
      { field: 'Space key', from: null, to: null },
    ]);
  });

  test('retention applies to imported records like any other', async () => {
    await sealPending(target, { deadlineMs: Date.now() + 60_000 });
    const head = Number(
      (
        await target.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.max('seq').as('s'))
          .executeTakeFirstOrThrow()
      ).s,
    );
    const run = await runRetention(target, {
      settings: { maxAgeDays: 180, budgetBytes: 1024 ** 3 },
      nowMs: Date.parse('2026-03-03T00:00:00Z'),
      deadlineMs: Date.now() + 60_000,
      rolledUpSeq: head,
    });
    // The 2021–2022 history is past 180 days; the records from 2026 (the last ones imported) stay.
    expect(run.deleted).toBe(head - 2);
    expect(await count('jira-audit')).toBe(1);
    expect(await count('confluence-audit')).toBe(1);
  });
});
