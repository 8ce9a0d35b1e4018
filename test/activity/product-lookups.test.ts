import { handleSiteRequest } from '../../dev/site/fake-rest';
import { buildSite, siteAdminIds } from '../../dev/site/site-model';
import { FileKvsBackend } from '../../dev/runtime/file-kvs-backend';
import { installForgeRuntime, type ProductRequest } from '../../dev/runtime/forge-runtime';
import { forgetGroupMembers, groupMembers, MAX_GROUP_MEMBERS } from '../../src/activity/group-members';
import { forgetPeople, lookupPeople } from '../../src/people/people-lookup';

/**
 * The REST lookups behind group filters and people, on a site without Jira (a Confluence-only site)
 * and on one whose Jira answers: which API is asked, paging, caching and errors.
 */
describe('group and people lookups', () => {
  const site = buildSite({ users: 160 });
  const admins = new Set(siteAdminIds(site));
  let jiraInstalled = true;
  const calls: ProductRequest[] = [];

  beforeAll(() => {
    installForgeRuntime({
      kvs: new FileKvsBackend(null),
      cloudId: site.cloudId,
      products: (request) => {
        calls.push(request);
        if (request.product === 'jira' && !jiraInstalled) {
          return { status: 404, body: { message: 'No Jira on this site' } };
        }
        return handleSiteRequest(site, { ...request, admins });
      },
    });
  });
  beforeEach(() => {
    calls.length = 0;
    forgetGroupMembers();
    forgetPeople();
  });

  const biggest = () => [...site.groups].sort((a, b) => b.memberIds.length - a.memberIds.length)[0]!;

  test('a group is expanded through every page of Jira, inactive members included, then cached', async () => {
    const group = biggest();
    expect(group.memberIds.length).toBeGreaterThan(50);
    expect(new Set(await groupMembers([group.name], undefined))).toEqual(new Set(group.memberIds));
    const pages = calls.filter((c) => c.path.startsWith('/rest/api/3/group/member'));
    expect(pages).toHaveLength(Math.ceil(group.memberIds.length / 50));
    expect(pages.every((c) => c.path.includes('includeInactiveUsers=true') && c.asAccountId === null)).toBe(
      true,
    );
    calls.length = 0;
    await groupMembers([group.name], ['jira', 'confluence']);
    expect(calls).toHaveLength(0);
  });

  test('a Confluence-only filter asks Confluence, by name and by group id', async () => {
    const group = biggest();
    expect(new Set(await groupMembers([group.name], ['confluence']))).toEqual(new Set(group.memberIds));
    expect(new Set(await groupMembers([group.groupId], ['confluence']))).toEqual(new Set(group.memberIds));
    expect(calls.map((c) => `${c.product} ${c.path.split('?')[0]}`)).toEqual([
      'confluence /wiki/rest/api/group/member',
      `confluence /wiki/rest/api/group/${group.groupId}/membersByGroupId`,
    ]);
  });

  test('a group that does not exist is a BAD_REQUEST on groups, in either product', async () => {
    await expect(groupMembers(['ghosts'], undefined)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      field: 'groups',
    });
    await expect(groupMembers(['ghosts'], ['confluence'])).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      field: 'groups',
      message: "groups: Group with name 'ghosts' does not exist.",
    });
  });

  test('the cap on members is far above real teams', () => {
    expect(MAX_GROUP_MEMBERS).toBeGreaterThanOrEqual(1000);
  });

  test('people come from Jira in bulk, unknown ids are absent, and answers are cached', async () => {
    const people = site.users.slice(0, 70);
    const answer = await lookupPeople([...people.map((u) => u.accountId), 'nobody-1', 'nobody-2']);
    expect(Object.keys(answer).sort()).toEqual(people.map((u) => u.accountId).sort());
    expect(answer[people[0]!.accountId]).toEqual({
      displayName: people[0]!.displayName,
      avatarUrl: expect.stringMatching(/size=48$/),
      active: people[0]!.active,
    });
    // 72 ids: two bulk calls of at most 50 ids each.
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.product === 'jira' && c.path.startsWith('/rest/api/3/user/bulk'))).toBe(true);
    calls.length = 0;
    expect(await lookupPeople(['nobody-1', people[1]!.accountId])).toEqual({
      [people[1]!.accountId]: answer[people[1]!.accountId],
    });
    expect(calls).toHaveLength(0);
  });

  test('on a site without Jira, people come from Confluence, one by one', async () => {
    jiraInstalled = false;
    try {
      const people = site.users.slice(0, 7);
      const answer = await lookupPeople([...people.map((u) => u.accountId), 'nobody']);
      expect(Object.keys(answer).sort()).toEqual(people.map((u) => u.accountId).sort());
      expect(answer[people[0]!.accountId]).toEqual({
        displayName: people[0]!.displayName,
        avatarUrl: `${site.baseUrl}/wiki/aa-avatar/${people[0]!.accountId}`,
      });
      expect(calls.filter((c) => c.product === 'confluence')).toHaveLength(8);
    } finally {
      jiraInstalled = true;
    }
  });
});
