import { fixturePath } from '../fixtures';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { listFromEnv, readNdjsonObjects } from '../../dev/runtime/ndjson-file';
import { seedSyntheticActivity } from '../../dev/seed-sandbox';
import type { StorageStatus } from '../../src/retention/storage-resolvers';

const FIXTURES = fixturePath('product-audit');

/**
 * The daily and audit-import jobs as the platform runs them: scheduled triggers routed by manifest.yml
 * to the app's handlers, then read back through the admin page's resolvers.
 */
describe('daily and audit-import in the sandbox', () => {
  let sandbox: Sandbox;
  const invoke = (key: string, payload: unknown = {}) =>
    sandbox.host.invoke('jira:adminPage', key, payload, sandbox.defaultAccountId);

  beforeAll(async () => {
    sandbox = await startSandbox({
      auditDb: ':memory:',
      kvsFile: null,
      closedAccounts: listFromEnv(' a , ,b'),
      jiraAudit: readNdjsonObjects(`${FIXTURES}/jira-cloud-auditing-records.elastic.ndjson`),
      confluenceAudit: readNdjsonObjects(`${FIXTURES}/confluence-cloud-audit-records.elastic.ndjson`),
    });
    await seedSyntheticActivity(sandbox, 300);
  });
  afterAll(() => sandbox.close());

  test('the manifest names both jobs, and they run as scheduled triggers', async () => {
    expect(sandbox.host.scheduledKeys()).toEqual(expect.arrayContaining(['daily', 'audit-import']));
    expect(await sandbox.host.runScheduled('audit-import')).toMatchObject({
      state: { jira: { status: 'ok', imported: 82 }, confluence: { status: 'ok', imported: 37 } },
    });
    await sandbox.host.runScheduled('seal-and-forward');
    expect(await sandbox.host.runScheduled('daily')).toMatchObject({ errors: [] });
  });

  test('storage.status: the meter, the last retention run and the personal-data report', async () => {
    const status = (await invoke('storage.status')) as StorageStatus;
    expect(status).toMatchObject({
      rows: await sandbox.records(),
      budgetBytes: Math.floor(0.8 * 1024 ** 3),
      maxAgeDays: 180,
      method: 'sqlite-pages',
      warning: false,
      retention: { maxAgeDays: 180 },
      privacy: { reported: expect.any(Number) },
      lastDailyRun: { errors: [] },
    });
    expect(status.bytes).toBeGreaterThan(0);
    expect(status.daysCovered).toBeGreaterThan(0);
    expect(sandbox.privacy.reports.length).toBeGreaterThan(0);
  });

  test('insights.summary and auditImport.status answer admins, and refuse others', async () => {
    expect(await invoke('insights.summary', { from: '2026-01-01', to: '2026-01-07' })).toMatchObject({
      from: '2026-01-01',
      to: '2026-01-07',
    });
    expect(await invoke('auditImport.status')).toMatchObject({ jira: { status: 'ok' } });
    const outsider = sandbox.site.users.find(
      (u) => u.accountType === 'atlassian' && !sandbox.admins.has(u.accountId),
    )!;
    for (const key of ['insights.summary', 'storage.status', 'auditImport.status']) {
      expect(await sandbox.host.invoke('jira:adminPage', key, {}, outsider.accountId)).toMatchObject({
        error: { code: 'FORBIDDEN' },
      });
    }
  });
});
