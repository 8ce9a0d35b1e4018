import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { testEngines } from '../support/engines';

describe.each(testEngines)('settings resolvers on $name', (engine) => {
  let sandbox: Sandbox;
  let outsider: string;
  const asAdmin = (key: string, payload: unknown = {}, page = 'jira:adminPage') =>
    sandbox.host.invoke(page, key, payload, sandbox.defaultAccountId);

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    const someone = sandbox.site.users.find(
      (u) => u.accountType === 'atlassian' && !sandbox.admins.has(u.accountId),
    );
    outsider = someone!.accountId;
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  const DEFAULT_RETENTION = { maxAgeDays: 180, budgetBytes: Math.floor(0.8 * 1024 ** 3) };

  test('an admin reads the defaults: content stored, views off, 180 days and 80 % of 1 GiB', async () => {
    expect(await asAdmin('settings.get')).toEqual({
      ugc: { jira: 'stored', confluence: 'stored' },
      views: { jira: false, confluence: false },
      retention: DEFAULT_RETENTION,
      products: ['jira', 'confluence'],
      siteWide: true,
    });
  });

  test('an update takes any subset and keeps the rest', async () => {
    expect(await asAdmin('settings.update', { views: { confluence: true } })).toEqual({
      ugc: { jira: 'stored', confluence: 'stored' },
      views: { jira: false, confluence: true },
      retention: DEFAULT_RETENTION,
      products: ['jira', 'confluence'],
      siteWide: true,
    });
    await asAdmin('settings.update', { ugc: { confluence: 'not_stored' } });
    await asAdmin('settings.update', { retention: { maxAgeDays: 90 } });
    expect(await asAdmin('settings.get', {}, 'confluence:globalSettings')).toEqual({
      ugc: { jira: 'stored', confluence: 'not_stored' },
      views: { jira: false, confluence: true },
      retention: { ...DEFAULT_RETENTION, maxAgeDays: 90 },
      products: ['jira', 'confluence'],
      siteWide: true,
    });
    await asAdmin('settings.update', { retention: { budgetBytes: 512 * 1024 ** 2 } });
    expect(await asAdmin('settings.get')).toMatchObject({
      retention: { maxAgeDays: 90, budgetBytes: 512 * 1024 ** 2 },
    });
  });

  test.each([
    [{ views: { jira: 'yes' } }, 'views.jira'],
    [{ ugc: { confluence: 'maybe' } }, 'ugc.confluence'],
    [{ ugc: { bitbucket: 'stored' } }, 'ugc'],
    [{ retention: { maxAgeDays: 0 } }, 'retention.maxAgeDays'],
    [{ retention: { maxAgeDays: 7.5 } }, 'retention.maxAgeDays'],
    [{ retention: { budgetBytes: 1024 } }, 'retention.budgetBytes'],
    [{ retention: { budgetBytes: 2 * 1024 ** 3 } }, 'retention.budgetBytes'],
    [{ retention: { keepForever: true } }, 'retention'],
    ['not an object', undefined],
  ])('a bad update %j is refused, naming the field, and changes nothing', async (payload, field) => {
    const before = await asAdmin('settings.get');
    const answer = (await asAdmin('settings.update', payload)) as {
      error: { code: string; message: string; field?: string };
    };
    expect(answer.error.code).toBe('BAD_REQUEST');
    if (field) {
      expect(answer.error.field).toBe(field);
      expect(answer.error.message).toContain(field);
    }
    expect(await asAdmin('settings.get')).toEqual(before);
  });

  test('someone who is not an admin gets nothing and changes nothing, in Jira and in Confluence', async () => {
    const before = await asAdmin('settings.get');
    for (const page of ['jira:adminPage', 'confluence:globalSettings']) {
      const read = await sandbox.host.invoke(page, 'settings.get', {}, outsider);
      const write = await sandbox.host.invoke(page, 'settings.update', { views: { jira: true } }, outsider);
      expect(read).toEqual({
        error: { code: 'FORBIDDEN', message: expect.stringContaining('administrators') },
      });
      expect(write).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect(await asAdmin('settings.get')).toEqual(before);
  });

  test('a stored settings document that is damaged reads as the defaults', async () => {
    await sandbox.opened.store.db
      .updateTable('setting')
      .set({ value: '{not json' })
      .where('name', '=', 'settings')
      .execute();
    expect(await asAdmin('settings.get')).toMatchObject({ views: { jira: false, confluence: false } });
  });

  test('a stored document from before retention existed keeps its choices and gets the retention defaults', async () => {
    await sandbox.opened.store.db
      .updateTable('setting')
      .set({ value: JSON.stringify({ ugc: { jira: 'not_stored' }, views: { confluence: true } }) })
      .where('name', '=', 'settings')
      .execute();
    expect(await asAdmin('settings.get')).toEqual({
      ugc: { jira: 'not_stored', confluence: 'stored' },
      views: { jira: false, confluence: true },
      retention: DEFAULT_RETENTION,
      products: ['jira', 'confluence'],
      siteWide: true,
    });
  });

  test('a retention value a newer version stored out of this range falls back alone', async () => {
    await sandbox.opened.store.db
      .updateTable('setting')
      .set({
        value: JSON.stringify({
          views: { jira: true },
          retention: { maxAgeDays: 99999, budgetBytes: 64 * 1024 ** 2 },
        }),
      })
      .where('name', '=', 'settings')
      .execute();
    expect(await asAdmin('settings.get')).toMatchObject({
      views: { jira: true },
      retention: { maxAgeDays: 180, budgetBytes: 64 * 1024 ** 2 },
    });
  });
});
