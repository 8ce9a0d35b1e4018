import { handleSiteRequest, type SiteResponse } from '../../dev/site/fake-rest';
import { buildSite, GROUP_NAMES, siteAdminIds, type Site } from '../../dev/site/site-model';

const NOW = new Date('2026-11-20T10:00:00Z');
const site = buildSite({ seed: 42, now: NOW });
const [adminId = ''] = siteAdminIds(site);
const plainUser = site.users.find(
  (u) => u.accountType === 'atlassian' && u.active && u.accountId !== adminId,
);
const userId = plainUser?.accountId ?? '';
const admins = new Set([adminId]);

function jira(method: string, path: string, body?: unknown, as: string | null = adminId): SiteResponse {
  return handleSiteRequest(site, { product: 'jira', method, path, body, asAccountId: as, admins });
}

function confluence(path: string, as: string | null = adminId): SiteResponse {
  return handleSiteRequest(site, { product: 'confluence', method: 'GET', path, asAccountId: as, admins });
}

function body(response: SiteResponse): Record<string, unknown> {
  return response.body as Record<string, unknown>;
}

function search(jql: string, extra: Record<string, unknown> = {}): SiteResponse {
  return jira('POST', '/rest/api/3/search/jql', { jql, ...extra });
}

function searchIds(jql: string): string[] {
  const response = search(jql, { maxResults: 5000 });
  expect(response.status).toBe(200);
  return (body(response).issues as { id: string }[]).map((i) => i.id);
}

function projectIdOf(key: string, from: Site = site): string {
  return from.projects.find((p) => p.key === key)?.id ?? '';
}

describe('site model', () => {
  it('a large site has as many projects and spaces as asked, past the named ones, with issues spread unevenly', () => {
    const large = buildSite({ seed: 42, now: NOW, projects: 60, spaces: 40, issues: 3000 });
    expect(large.projects).toHaveLength(60);
    expect(new Set(large.projects.map((p) => p.key)).size).toBe(60);
    expect(new Set(large.projects.map((p) => p.id)).size).toBe(60);
    // The personal space is one of the spaces asked for.
    expect(new Set(large.spaces.map((s) => s.id)).size).toBe(40);
    const perProject = new Map<string, number>();
    for (const issue of large.issues)
      perProject.set(issue.projectId, (perProject.get(issue.projectId) ?? 0) + 1);
    const counts = [...perProject.values()].sort((a, b) => b - a);
    expect(counts.length).toBeGreaterThan(40);
    expect(counts[0]!).toBeGreaterThan(10 * counts[counts.length - 1]!);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(buildSite({ seed: 42, now: NOW })).toEqual(site);
    const other = buildSite({ seed: 43, now: NOW });
    expect(other.users.map((u) => u.accountId)).not.toEqual(site.users.map((u) => u.accountId));
  });

  it('has the documented shape and sizes', () => {
    expect(site.users).toHaveLength(60);
    expect(site.users.filter((u) => u.accountType === 'app').map((u) => u.displayName)).toEqual([
      'Audit Trail',
      'Automation for Jira',
    ]);
    expect(site.appAccountId).toBe(site.users[0]?.accountId);
    for (const user of site.users) {
      expect(user.accountId).toMatch(
        /^(5[0-9a-f]{23}|(712020|557058):[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/,
      );
    }
    expect(new Set(site.users.map((u) => u.accountId)).size).toBe(60);
    expect(site.groups.map((g) => g.name)).toEqual([...GROUP_NAMES]);
    expect(site.groups.every((g) => g.memberIds.length > 0)).toBe(true);
    expect(site.projects).toHaveLength(8);
    expect(site.projects.map((p) => p.id)).toEqual([
      '10000',
      '10001',
      '10002',
      '10003',
      '10004',
      '10005',
      '10006',
      '10007',
    ]);
    expect(site.issues).toHaveLength(400);
    expect(new Set(site.issues.map((i) => i.key)).size).toBe(400);
    expect(site.spaces).toHaveLength(6);
    expect(site.spaces.every((s) => /^\d+$/.test(s.id))).toBe(true);
    expect(site.pages).toHaveLength(300);
    expect(site.pages.some((p) => p.type === 'blogpost')).toBe(true);
    const spaceIds = new Set(site.spaces.map((s) => s.id));
    expect(site.pages.every((p) => spaceIds.has(p.spaceId))).toBe(true);
    expect(site.issues.every((i) => i.created < NOW.toISOString() && i.updated < NOW.toISOString())).toBe(
      true,
    );
  });

  it('numbers issue keys per project in creation order', () => {
    for (const project of site.projects) {
      const issues = site.issues.filter((i) => i.projectId === project.id);
      expect(issues.map((i) => i.key)).toEqual(issues.map((_, n) => `${project.key}-${n + 1}`));
    }
  });

  it('spreads issues unevenly over projects', () => {
    const counts = site.projects.map((p) => site.issues.filter((i) => i.projectId === p.id).length);
    expect(Math.max(...counts)).toBeGreaterThan(3 * Math.min(...counts));
  });

  it('gives a few users most of the activity weight and some none', () => {
    const weights = site.users.map((u) => u.weight).sort((a, b) => b - a);
    const total = weights.reduce((a, b) => a + b, 0);
    const top = weights.slice(0, Math.ceil(weights.length / 10)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.5);
    expect(weights.filter((w) => w === 0).length).toBeGreaterThan(2);
    expect(site.users.filter((u) => !u.active).every((u) => u.weight === 0)).toBe(true);
  });
});

describe('admin checks', () => {
  it('answers Jira ADMINISTER from the admin set', () => {
    const permission = (as: string | null) =>
      (
        body(jira('GET', '/rest/api/3/mypermissions?permissions=ADMINISTER', undefined, as))
          .permissions as Record<string, { havePermission: boolean; key: string }>
      ).ADMINISTER;
    expect(permission(adminId)).toMatchObject({ key: 'ADMINISTER', havePermission: true });
    expect(permission(userId)).toMatchObject({ key: 'ADMINISTER', havePermission: false });
    // The app itself holds Administer Jira through its configuration scope, but only when it calls as
    // itself: a call made as a user carries that user's rights, app account or not.
    expect(permission(null)?.havePermission).toBe(true);
    for (const app of site.users.filter((u) => u.accountType === 'app')) {
      expect(permission(app.accountId)?.havePermission).toBe(false);
    }
  });

  it('lists the Confluence administer operation for the app only when it calls as itself', () => {
    const administers = (as: string | null) =>
      (
        body(confluence('/wiki/rest/api/user/current?expand=operations', as)).operations as {
          operation: string;
          targetType: string;
        }[]
      ).some((op) => op.operation === 'administer' && op.targetType === 'application');
    expect(administers(null)).toBe(true);
    expect(administers(site.appAccountId)).toBe(false);
    expect(confluence('/wiki/rest/api/audit', site.appAccountId).status).toBe(403);
    expect(confluence('/wiki/rest/api/audit', null).status).toBe(200);
  });

  it('requires the permissions parameter, as Jira does', () => {
    const response = jira('GET', '/rest/api/3/mypermissions');
    expect(response.status).toBe(400);
    expect(body(response)).toEqual({ errorMessages: [expect.any(String)], errors: {} });
  });

  it('lists the Confluence administer operation only for admins, and only when expanded', () => {
    const operations = (as: string) =>
      body(confluence('/wiki/rest/api/user/current?expand=operations', as)).operations as {
        operation: string;
        targetType: string;
      }[];
    expect(operations(adminId)).toContainEqual({ operation: 'administer', targetType: 'application' });
    expect(operations(userId)).not.toContainEqual({ operation: 'administer', targetType: 'application' });
    expect(body(confluence('/wiki/rest/api/user/current', adminId)).operations).toBeUndefined();
  });

  it('answers myself for the caller, and as the app for asApp', () => {
    expect(body(jira('GET', '/rest/api/3/myself', undefined, userId)).accountId).toBe(userId);
    expect(body(jira('GET', '/rest/api/3/myself', undefined, null))).toMatchObject({
      accountId: site.appAccountId,
      accountType: 'app',
    });
  });

  it('refuses a caller the site does not know', () => {
    expect(jira('GET', '/rest/api/3/myself', undefined, 'nobody').status).toBe(401);
    expect(confluence('/wiki/rest/api/user/current', 'nobody').status).toBe(401);
  });

  it('serves native audit records to admins only, newest first', () => {
    const records = [
      { id: 1, summary: 'User created', created: '2026-11-01T10:00:00.000+0000' },
      { id: 2, summary: 'Project deleted', created: '2026-11-02T10:00:00.000+0000' },
    ];
    const ask = (as: string) =>
      handleSiteRequest(site, {
        product: 'jira',
        method: 'GET',
        path: '/rest/api/3/auditing/record?limit=1',
        asAccountId: as,
        admins,
        auditRecords: { jira: records },
      });
    expect(ask(userId).status).toBe(403);
    expect(body(ask(adminId))).toEqual({ offset: 0, limit: 1, total: 2, records: [records[1]] });
  });
});

describe('users and groups', () => {
  it('looks up users and answers 404 for unknown accounts', () => {
    expect(body(jira('GET', `/rest/api/3/user?accountId=${encodeURIComponent(userId)}`))).toMatchObject({
      accountId: userId,
      displayName: plainUser?.displayName,
    });
    const missing = jira('GET', '/rest/api/3/user?accountId=5b10a2844c20165700ede21g');
    expect(missing.status).toBe(404);
    expect(body(missing)).toEqual({ errorMessages: [expect.any(String)], errors: {} });
    expect(confluence('/wiki/rest/api/user?accountId=5b10a2844c20165700ede21g').status).toBe(404);
  });

  it('bulk-gets users, leaving out unknown ids', () => {
    const page = body(
      jira(
        'GET',
        `/rest/api/3/user/bulk?accountId=${encodeURIComponent(userId)}&accountId=unknown&accountId=${encodeURIComponent(adminId)}`,
      ),
    );
    expect(page).toMatchObject({ startAt: 0, total: 2, isLast: true });
    expect((page.values as { accountId: string }[]).map((u) => u.accountId)).toEqual([userId, adminId]);
  });

  it('pages group members like Jira, by name or id', () => {
    const group = site.groups.find((g) => g.name === 'developers');
    const active = new Set(site.users.filter((u) => u.active).map((u) => u.accountId));
    const expected = (group?.memberIds ?? []).filter((id) => active.has(id));
    const seen: string[] = [];
    let path: string | undefined = '/rest/api/3/group/member?groupname=developers&maxResults=5';
    let pages = 0;
    while (path !== undefined) {
      const page = body(jira('GET', path));
      expect(page.total).toBe(expected.length);
      seen.push(...(page.values as { accountId: string }[]).map((u) => u.accountId));
      path = typeof page.nextPage === 'string' ? page.nextPage.replace(site.baseUrl, '') : undefined;
      expect(page.isLast).toBe(path === undefined);
      pages++;
    }
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 5));
    const byId = body(jira('GET', `/rest/api/3/group/member?groupId=${group?.groupId ?? ''}&maxResults=500`));
    expect(byId.maxResults).toBe(50);
    expect(jira('GET', '/rest/api/3/group/member?groupname=no-such-group').status).toBe(404);
    expect(jira('GET', '/rest/api/3/group/member').status).toBe(400);
  });

  it('pages Confluence group members by name and by id', () => {
    const group = site.groups.find((g) => g.name === 'support');
    const first = body(confluence('/wiki/rest/api/group/member?name=support&limit=4'));
    expect(first).toMatchObject({ start: 0, limit: 4, size: 4 });
    expect((first._links as { next?: string }).next).toContain('start=4');
    const all = body(confluence(`/wiki/rest/api/group/${group?.groupId ?? ''}/membersByGroupId`));
    expect((all.results as { accountId: string }[]).map((u) => u.accountId)).toEqual(group?.memberIds);
    expect(confluence('/wiki/rest/api/group/member?name=nope').status).toBe(404);
  });

  it('finds groups with the picker', () => {
    const found = body(jira('GET', '/rest/api/3/groups/picker?query=admin'));
    expect(found.total).toBe(3);
    expect(found.header).toBe('Showing 3 of 3 matching groups');
    expect(found.groups).toContainEqual(
      expect.objectContaining({ name: 'jira-administrators', html: 'jira-<b>admin</b>istrators' }),
    );
  });
});

describe('projects, issues, spaces and pages', () => {
  it('pages projects', () => {
    const first = body(jira('GET', '/rest/api/3/project/search?maxResults=3'));
    expect(first).toMatchObject({ startAt: 0, maxResults: 3, total: 8, isLast: false });
    const last = body(jira('GET', '/rest/api/3/project/search?startAt=6&maxResults=3'));
    expect(last).toMatchObject({ total: 8, isLast: true });
    expect((last.values as unknown[]).length).toBe(2);
    expect(body(jira('GET', '/rest/api/3/project/search?keys=WEB')).values).toEqual([
      expect.objectContaining({ id: '10000', key: 'WEB' }),
    ]);
  });

  it('gets an issue by key or id, and 404s an unknown one', () => {
    const issue = site.issues[5];
    const byKey = body(jira('GET', `/rest/api/3/issue/${issue?.key ?? ''}`));
    expect(byKey).toMatchObject({ id: issue?.id, key: issue?.key });
    expect((byKey.fields as Record<string, unknown>).summary).toBe(issue?.summary);
    const onlySummary = body(jira('GET', `/rest/api/3/issue/${issue?.id ?? ''}?fields=summary`));
    expect(Object.keys(onlySummary.fields as object)).toEqual(['summary']);
    const missing = jira('GET', '/rest/api/3/issue/NOPE-1');
    expect(missing.status).toBe(404);
    expect(body(missing).errorMessages).toEqual([
      'Issue does not exist or you do not have permission to see it.',
    ]);
  });

  it('pages spaces by cursor', () => {
    const seen: string[] = [];
    let path: string | undefined = '/wiki/api/v2/spaces?limit=4';
    while (path !== undefined) {
      const response = confluence(path);
      const page = body(response);
      seen.push(...(page.results as { id: string }[]).map((s) => s.id));
      path = (page._links as { next?: string }).next;
      if (path !== undefined) expect(response.headers.link).toContain('rel="next"');
    }
    expect(seen).toEqual([...site.spaces].map((s) => s.id).sort((a, b) => Number(a) - Number(b)));
    expect(confluence('/wiki/api/v2/spaces?limit=0').status).toBe(400);
  });

  it('gets pages, not blog posts, from /pages', () => {
    const page = site.pages.find((p) => p.type === 'page');
    const blog = site.pages.find((p) => p.type === 'blogpost');
    expect(body(confluence(`/wiki/api/v2/pages/${page?.id ?? ''}`))).toMatchObject({
      id: page?.id,
      title: page?.title,
      spaceId: page?.spaceId,
      version: { number: page?.version },
    });
    const wrong = confluence(`/wiki/api/v2/pages/${blog?.id ?? ''}`);
    expect(wrong.status).toBe(404);
    expect(body(wrong)).toEqual({
      errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }],
    });
    expect(body(confluence(`/wiki/api/v2/blogposts/${blog?.id ?? ''}`)).id).toBe(blog?.id);
  });

  it('answers unknown paths with each API’s 404', () => {
    const jira404 = jira('GET', '/rest/api/3/nothing');
    expect(jira404.status).toBe(404);
    expect(body(jira404)['status-code']).toBe(404);
    expect(confluence('/wiki/api/v2/nothing').status).toBe(404);
    expect(body(confluence('/wiki/rest/api/nothing')).statusCode).toBe(404);
    expect(jira('DELETE', '/rest/api/3/myself').status).toBe(405);
  });
});

describe('JQL subset', () => {
  const web = projectIdOf('WEB');
  const mob = projectIdOf('MOB');
  const idsWhere = (test: (i: Site['issues'][number]) => boolean): string[] =>
    site.issues
      .filter(test)
      .map((i) => i.id)
      .sort();

  it('filters by project, project list, type, status, assignee and key', () => {
    expect(searchIds('project = WEB').sort()).toEqual(idsWhere((i) => i.projectId === web));
    expect(searchIds('project in (WEB, "MOB") AND issuetype = Bug').sort()).toEqual(
      idsWhere((i) => (i.projectId === web || i.projectId === mob) && i.issueType.name === 'Bug'),
    );
    expect(searchIds('status = "Done" AND project = 10001').sort()).toEqual(
      idsWhere((i) => i.status.name === 'Done' && i.projectId === mob),
    );
    const assignee = site.issues.find((i) => i.assigneeId !== null)?.assigneeId ?? '';
    expect(searchIds(`assignee = "${assignee}"`).sort()).toEqual(idsWhere((i) => i.assigneeId === assignee));
    const issue = site.issues[17];
    expect(searchIds(`key = ${issue?.key.toLowerCase() ?? ''}`)).toEqual([issue?.id]);
  });

  it('orders by key numerically within a project', () => {
    const response = search('project = WEB ORDER BY key ASC', { fields: ['key'], maxResults: 12 });
    const keys = (body(response).issues as { key: string }[]).map((i) => i.key);
    expect(keys).toEqual(Array.from({ length: 12 }, (_, n) => `WEB-${n + 1}`));
    const desc = search('project = WEB order by created desc', { fields: ['created'], maxResults: 5 });
    const created = (body(desc).issues as { fields: { created: string } }[]).map((i) => i.fields.created);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('pages with nextPageToken until isLast, without repeats', () => {
    const expected = idsWhere((i) => i.projectId === web);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = body(
        search('project = WEB', { maxResults: 25, ...(token ? { nextPageToken: token } : {}) }),
      );
      seen.push(...(page.issues as { id: string }[]).map((i) => i.id));
      token = page.nextPageToken as string | undefined;
      expect(page.isLast).toBe(token === undefined);
      pages++;
    } while (token !== undefined);
    expect(seen.sort()).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 25));
  });

  it('returns only ids by default, up to 5000 of them, and caps pages with fields at 100', () => {
    const ids = body(search('project in (WEB, MOB, API, OPS, SUP, MKT, HR, SEC)', { maxResults: 5000 }));
    expect((ids.issues as unknown[]).length).toBe(400);
    expect((ids.issues as unknown[])[0]).toEqual({ id: expect.any(String) });
    const withFields = body(
      search('project in (WEB, MOB, API, OPS)', { maxResults: 5000, fields: ['summary'] }),
    );
    expect((withFields.issues as unknown[]).length).toBe(100);
    expect(withFields.nextPageToken).toEqual(expect.any(String));
  });

  it('also answers GET with query parameters', () => {
    const response = jira('GET', '/rest/api/3/search/jql?jql=project%20%3D%20WEB&maxResults=2&fields=key');
    expect(body(response).issues).toHaveLength(2);
  });

  it.each([
    ['project = WEB OR project = MOB', /not 'OR'/],
    ['summary ~ "login"', /not 'summary'/],
    ['project != WEB', /not '!='/],
    ['(project = WEB)', /not '\('/],
    ['assignee = currentUser()', /not 'currentUser'/],
    ['assignee is EMPTY', /not 'is'/],
    ['foo = bar', /^Field 'foo' does not exist/],
    ['project = NOPE', /^The value 'NOPE' does not exist for the field 'project'\.$/],
    ['issuetype = Feature', /^The value 'Feature' does not exist for the field 'issuetype'\.$/],
    ['key = WEB-99999', /^An issue with key 'WEB-99999' does not exist for field 'key'\.$/],
    ['project = WEB AND', /^Error in the JQL Query: Expecting a field name/],
    ['project WEB', /^Error in the JQL Query: Expecting operator but got 'WEB'/],
    ['status = "Done', /has not been completed/],
    ['', /^Unbounded JQL queries are not allowed here/],
    ['ORDER BY created DESC', /^Unbounded JQL queries are not allowed here/],
  ])('refuses %j with a 400 in Jira’s error shape', (jql, message) => {
    const response = search(jql);
    expect(response.status).toBe(400);
    expect(body(response)).toEqual({ errorMessages: [expect.stringMatching(message)], errors: {} });
  });

  it('refuses a page token from another query', () => {
    const token = body(search('project = WEB', { maxResults: 1 })).nextPageToken;
    expect(search('project = MOB', { nextPageToken: token }).status).toBe(400);
  });

  it('matches issue ids against several queries with jql/match', () => {
    const webIssue = site.issues.find((i) => i.projectId === web);
    const mobIssue = site.issues.find((i) => i.projectId === mob);
    const ids = [Number(webIssue?.id), Number(mobIssue?.id), 999999];
    const response = jira('POST', '/rest/api/3/jql/match', {
      issueIds: ids,
      jqls: ['project = WEB', 'project in (WEB, MOB)', 'labels = x'],
    });
    expect(response.status).toBe(200);
    expect(body(response)).toEqual({
      matches: [
        { matchedIssues: [Number(webIssue?.id)], errors: [] },
        { matchedIssues: [Number(webIssue?.id), Number(mobIssue?.id)].sort((a, b) => a - b), errors: [] },
        { matchedIssues: [], errors: [expect.stringMatching(/not 'labels'/)] },
      ],
    });
    expect(jira('POST', '/rest/api/3/jql/match', { issueIds: ids }).status).toBe(400);
  });
});
