import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kvs } from '@forge/kvs';
import { kvsFileFor, startSandbox, type Sandbox } from '../../dev/sandbox';

/**
 * Per product, whether `accountId` administers it as the app sees it: 'admin' when `settings.get` lists
 * the product among the caller's, else the error code, or FORBIDDEN when only the other product is theirs.
 */
async function rightsOf(sandbox: Sandbox, accountId: string): Promise<Record<string, string>> {
  const result = (await sandbox.host.invoke('jira:adminPage', 'settings.get', {}, accountId)) as {
    error?: { code: string };
    products?: string[];
  };
  const answer = (product: string) =>
    result.error?.code ?? (result.products?.includes(product) ? 'admin' : 'FORBIDDEN');
  return { jira: answer('jira'), confluence: answer('confluence') };
}

describe('SANDBOX_ADMIN, SANDBOX_JIRA_ADMIN and SANDBOX_CONFLUENCE_ADMIN', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      auditDb: ':memory:',
      admins: ['my-id'],
      jiraAdmins: ['jira-only'],
      confluenceAdmins: ['confluence-only'],
    });
  });
  afterAll(() => sandbox.close());

  test('ids the fake site did not know administer what the settings say, and the first acts by default', async () => {
    expect(sandbox.defaultAccountId).toBe('my-id');
    expect(sandbox.adminsOf).toEqual({
      jira: new Set(['my-id', 'jira-only']),
      confluence: new Set(['my-id', 'confluence-only']),
    });
    expect(await rightsOf(sandbox, 'my-id')).toEqual({ jira: 'admin', confluence: 'admin' });
    expect(await rightsOf(sandbox, 'jira-only')).toEqual({ jira: 'admin', confluence: 'FORBIDDEN' });
    expect(await rightsOf(sandbox, 'confluence-only')).toEqual({ jira: 'FORBIDDEN', confluence: 'admin' });
  });

  test("the site's own admins are not admins once the settings name others; nor is an unknown id", async () => {
    const jiraAdministrators = sandbox.site.groups.find((g) => g.name === 'jira-administrators')!;
    const [siteAdmin] = jiraAdministrators.memberIds;
    expect(await rightsOf(sandbox, siteAdmin!)).toEqual({ jira: 'FORBIDDEN', confluence: 'FORBIDDEN' });
    expect(await rightsOf(sandbox, 'nobody-named')).toEqual({ jira: 'FORBIDDEN', confluence: 'FORBIDDEN' });
  });

  test('an app account is no admin when a call is made as that user', async () => {
    const apps = sandbox.site.users.filter((u) => u.accountType === 'app');
    expect(apps.map((u) => u.accountId)).toContain(sandbox.site.appAccountId);
    for (const app of apps) {
      expect(await rightsOf(sandbox, app.accountId)).toEqual({ jira: 'FORBIDDEN', confluence: 'FORBIDDEN' });
    }
  });
});

describe('with no admin settings', () => {
  test("the fake site's jira-administrators administer both products", async () => {
    const sandbox = await startSandbox({ auditDb: ':memory:' });
    try {
      const members = sandbox.site.groups.find((g) => g.name === 'jira-administrators')!.memberIds;
      expect(members.length).toBeGreaterThan(0);
      expect(sandbox.adminsOf).toEqual({ jira: new Set(members), confluence: new Set(members) });
      expect(await rightsOf(sandbox, sandbox.defaultAccountId)).toEqual({
        jira: 'admin',
        confluence: 'admin',
      });
    } finally {
      await sandbox.close();
    }
  });
});

describe('the KVS stand-in lives with its database', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-kvs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('its default file is beside the SQLite file, in memory for :memory:, under data/ for MySQL', () => {
    expect(kvsFileFor('sqlite:data/audit.sqlite')).toBe(join('data', 'audit.kvs.json'));
    expect(kvsFileFor('sqlite:/tmp/x/run.db')).toBe('/tmp/x/run.kvs.json');
    expect(kvsFileFor('sqlite:plain')).toBe('plain.kvs.json');
    expect(kvsFileFor(':memory:')).toBeNull();
    expect(kvsFileFor('sqlite::memory:')).toBeNull();
    expect(kvsFileFor('mysql://root@127.0.0.1:3306/audit_dev')).toBe(join('data', 'audit_dev.kvs.json'));
  });

  /** Starts a sandbox, runs `fn` inside it (the KVS calls reach that sandbox's stand-in), closes it. */
  async function within<T>(options: Parameters<typeof startSandbox>[0], fn: () => Promise<T>): Promise<T> {
    const sandbox = await startSandbox(options);
    try {
      return await fn();
    } finally {
      await sandbox.close();
    }
  }

  test('secrets stay with their SQLite file: kept for its next run, absent from another database', async () => {
    const first = `sqlite:${join(dir, 'first.sqlite')}`;
    await within({ auditDb: first }, () => kvs.setSecret('probe', 'first'));
    expect(existsSync(join(dir, 'first.kvs.json'))).toBe(true);
    expect(await within({ auditDb: first }, () => kvs.getSecret('probe'))).toBe('first');
    const second = `sqlite:${join(dir, 'second.sqlite')}`;
    expect(await within({ auditDb: second }, () => kvs.getSecret('probe'))).toBeUndefined();
  });

  test('a :memory: sandbox starts with an empty KVS and leaves nothing behind', async () => {
    await within({ auditDb: ':memory:' }, () => kvs.setSecret('probe', 'in memory'));
    expect(await within({ auditDb: ':memory:' }, () => kvs.getSecret('probe'))).toBeUndefined();
  });

  test('AUDIT_KVS names the file, whatever the database', async () => {
    const file = join(dir, 'named.json');
    await within({ auditDb: ':memory:', kvsFile: file }, () => kvs.setSecret('probe', 'named'));
    expect(existsSync(file)).toBe(true);
    expect(await within({ auditDb: ':memory:', kvsFile: file }, () => kvs.getSecret('probe'))).toBe('named');
  });
});
