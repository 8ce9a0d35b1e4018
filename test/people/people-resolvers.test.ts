import { startSandbox, type Sandbox } from '../../dev/sandbox';

/** The admin page's pickers, through the app's real resolver and the fake site's REST API. */
describe('people resolvers (groups.search, people.search)', () => {
  let sandbox: Sandbox;
  let outsider: string;
  const asAdmin = (key: string, payload: unknown, page = 'jira:adminPage') =>
    sandbox.host.invoke(page, key, payload, sandbox.defaultAccountId);

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: ':memory:', kvsFile: null });
    outsider = sandbox.site.users.find(
      (u) => u.accountType === 'atlassian' && u.active && !sandbox.admins.has(u.accountId),
    )!.accountId;
  });
  afterAll(() => sandbox.close());

  test('groups.search finds groups by any part of the name, any case, with their ids', async () => {
    const admins = sandbox.site.groups.filter((g) => g.name.includes('admin'));
    expect(await asAdmin('groups.search', { query: 'ADMIN' })).toEqual(
      admins.map((g) => ({ name: g.name, id: g.groupId })).sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(await asAdmin('groups.search', { query: 'no such group' })).toEqual([]);
  });

  test('an empty groups.search lists the first groups; Confluence admins get the same', async () => {
    const all = (await asAdmin('groups.search', { query: '' })) as { name: string }[];
    expect(all.map((g) => g.name)).toEqual(sandbox.site.groups.map((g) => g.name).sort());
    expect(await asAdmin('groups.search', { query: '' }, 'confluence:globalSettings')).toEqual(all);
  });

  test('people.search finds active people by the start of a word of their name', async () => {
    const someone = sandbox.site.users.find((u) => u.accountType === 'atlassian' && u.active)!;
    const last = someone.displayName.split(' ').pop()!;
    const found = (await asAdmin('people.search', { query: last.slice(0, 3).toLowerCase() })) as {
      accountId: string;
      displayName: string;
      active?: boolean;
    }[];
    expect(found.map((p) => p.accountId)).toContain(someone.accountId);
    expect(found.every((p) => p.active === true)).toBe(true);
    expect(found.length).toBeLessThanOrEqual(20);
    expect(await asAdmin('people.search', { query: '' })).toEqual([]);
  });

  test('bad payloads are refused naming the field', async () => {
    expect(await asAdmin('groups.search', { query: 'x'.repeat(101) })).toMatchObject({
      error: { code: 'BAD_REQUEST', field: 'query' },
    });
    expect(await asAdmin('people.search', { query: 'a', limit: 5 })).toMatchObject({
      error: { code: 'BAD_REQUEST' },
    });
  });

  test('someone who is not an admin gets no groups and no people', async () => {
    for (const page of ['jira:adminPage', 'confluence:globalSettings']) {
      for (const key of ['groups.search', 'people.search']) {
        expect(await sandbox.host.invoke(page, key, { query: 'a' }, outsider)).toEqual({
          error: { code: 'FORBIDDEN', message: expect.stringContaining('administrators') },
        });
      }
    }
  });
});
