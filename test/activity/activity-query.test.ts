import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { activityFacets } from '../../src/activity/activity-facets';
import { ACTION_CATALOGUE } from '../../src/activity/action-catalogue';
import { queryPayloadSchema } from '../../src/activity/activity-payloads';
import { queryActivity } from '../../src/activity/query-activity';
import type { AuditRecord } from '../../src/record/audit-record';
import { testEngines } from '../support/engines';
import { everyProduct } from '../support/every-product';
import {
  asPage,
  deliverComment,
  deliverIssueUpdate,
  ids,
  isError,
  jiraIssueOf,
  jiraUserOf,
  loadSynthetic,
  newestFirst,
  oracle,
  storedRecords,
  walk,
  type OracleFilter,
} from './support';

const DAY_MS = 86_400_000;

describe.each(testEngines)('activity.query and friends on $name', (engine) => {
  let sandbox: Sandbox;
  let records: AuditRecord[];
  const invoke = (key: string, payload: unknown) =>
    sandbox.host.invoke('jira:adminPage', key, payload, sandbox.defaultAccountId);

  /** The busiest actors, projects and issues of the loaded log, to filter on. */
  let busiest: {
    actors: string[];
    projectId: string;
    projectKey: string;
    spaceId: string;
    spaceKey: string;
    issueWithComments: string;
  };
  const issueKeyOf = (id: string) => sandbox.site.issues.find((i) => i.id === id)!.key;
  const members = (group: string) => new Set(sandbox.site.groups.find((g) => g.name === group)?.memberIds);
  const issuesOfProject = (projectId: string) =>
    new Set(sandbox.site.issues.filter((i) => i.projectId === projectId).map((i) => i.id));

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    await loadSynthetic(sandbox, 1500);
    // Crafted rows for text search: mixed case, a literal %, a literal _.
    const [first, second] = sandbox.site.issues;
    const actor = jiraUserOf(sandbox, sandbox.defaultAccountId);
    const at = Date.now() - 2 * DAY_MS;
    await deliverIssueUpdate(sandbox, {
      issue: jiraIssueOf(sandbox, first!, 'Banner: 50% OFF_Sale ends Friday'),
      actor,
      at: new Date(at),
    });
    await deliverIssueUpdate(sandbox, {
      issue: jiraIssueOf(sandbox, second!, 'Banner: 500 OFFxSale ends Monday'),
      actor,
      at: new Date(at + 1000),
    });
    await deliverComment(sandbox, {
      issue: jiraIssueOf(sandbox, first!),
      actor,
      at: new Date(at + 2000),
      id: '990001',
      body: 'Looks right',
    });
    records = await storedRecords(sandbox);

    const count = <K>(key: (r: AuditRecord) => K | null | undefined) => {
      const counts = new Map<K, number>();
      for (const r of records) {
        const k = key(r);
        if (k !== null && k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      return [...counts].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    };
    const projectId = count((r) => (r.container?.type === 'project' ? r.container.id : null))[0]!;
    const spaceId = count((r) => (r.container?.type === 'space' ? r.container.id : null))[0]!;
    busiest = {
      actors: count((r) => r.actor.accountId),
      projectId,
      projectKey: sandbox.site.projects.find((p) => p.id === projectId)!.key,
      spaceId,
      spaceKey: sandbox.site.spaces.find((s) => s.id === spaceId)!.key,
      // The issue with the most comments among those whose own records are in the log too. The site's
      // own issues only: the synthetic log also creates issues, and which one is busiest depends on the
      // hour the test runs, but only the site's issues have a key the sandbox's Jira can resolve.
      issueWithComments: count((r) => (r.object?.type === 'comment' ? r.object.parent?.id : null)).find(
        (id) =>
          sandbox.site.issues.some((i) => i.id === id) &&
          records.some((r) => r.object?.type === 'issue' && r.object.id === id),
      )!,
    };
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('the log is loaded as expected', () => {
    expect(records.length).toBeGreaterThan(1400);
    expect(new Set(records.map((r) => r.product))).toEqual(new Set(['jira', 'confluence']));
  });

  /** Filters with their oracle equivalents; each is walked page by page and compared row for row. */
  const cases: [string, () => { payload: Record<string, unknown>; expected: OracleFilter }][] = [
    ['everything', () => ({ payload: {}, expected: {} })],
    [
      'one actor',
      () => ({ payload: { actors: [busiest.actors[0]] }, expected: { actors: [busiest.actors[0]!] } }),
    ],
    [
      'two actors within a time range (ISO and epoch ms)',
      () => {
        const from = Date.now() - 40 * DAY_MS;
        const to = Date.now() - 10 * DAY_MS;
        const actors = busiest.actors.slice(0, 2);
        return {
          payload: { actors, from: new Date(from).toISOString(), to },
          expected: { actors, from, to },
        };
      },
    ],
    [
      'a project (container)',
      () => ({ payload: { containers: [busiest.projectId] }, expected: { containers: [busiest.projectId] } }),
    ],
    [
      'a project by its key, typed in lower case (resolved to its id)',
      () => ({
        payload: { containers: [busiest.projectKey.toLowerCase()] },
        expected: { containers: [busiest.projectId] },
      }),
    ],
    [
      'a space by its key, next to a project by id',
      () => ({
        payload: { containers: [busiest.spaceKey, busiest.projectId] },
        expected: { containers: [busiest.spaceId, busiest.projectId] },
      }),
    ],
    ['an action wildcard', () => ({ payload: { actions: ['issue.*'] }, expected: { actions: ['issue.*'] } })],
    [
      'exact actions and a wildcard together',
      () => ({
        payload: { actions: ['comment.created', 'page.*'] },
        expected: { actions: ['comment.created', 'page.*'] },
      }),
    ],
    [
      "an object's trail (the issue and its comments, worklogs, …)",
      () => ({
        payload: { objects: [busiest.issueWithComments] },
        expected: { objects: [busiest.issueWithComments] },
      }),
    ],
    [
      "an issue's trail by the issue's key",
      () => ({
        payload: { objects: [issueKeyOf(busiest.issueWithComments)] },
        expected: { objects: [busiest.issueWithComments] },
      }),
    ],
    [
      'Confluence only',
      () => ({ payload: { products: ['confluence'] }, expected: { products: ['confluence'] } }),
    ],
    [
      'product and action and actor',
      () => ({
        payload: {
          products: ['jira'],
          actions: ['issue.*', 'comment.*'],
          actors: busiest.actors.slice(0, 5),
        },
        expected: {
          products: ['jira'],
          actions: ['issue.*', 'comment.*'],
          actors: busiest.actors.slice(0, 5),
        },
      }),
    ],
    [
      'text, case-insensitive (a project key in lower case)',
      () => ({
        payload: { text: `${busiest.projectKey.toLowerCase()}-1` },
        expected: { text: `${busiest.projectKey.toLowerCase()}-1` },
      }),
    ],
    ['text with a literal %', () => ({ payload: { text: '50% off' }, expected: { text: '50% off' } })],
    ['text with a literal _', () => ({ payload: { text: 'OFF_SALE' }, expected: { text: 'OFF_SALE' } })],
    ['text matching an action', () => ({ payload: { text: 'Worklog.' }, expected: { text: 'Worklog.' } })],
    [
      'a group, expanded to its members',
      () => ({ payload: { groups: ['developers'] }, expected: { groupMembers: members('developers') } }),
    ],
    [
      'a group and actors narrow each other',
      () => {
        const dev = members('developers');
        const actors = busiest.actors.slice(0, 10);
        return { payload: { groups: ['developers'], actors }, expected: { actors, groupMembers: dev } };
      },
    ],
    [
      'a group, on a Confluence-only filter (asked of Confluence)',
      () => ({
        payload: { groups: ['support'], products: ['confluence'] },
        expected: { groupMembers: members('support'), products: ['confluence'] },
      }),
    ],
    [
      'a group by id and a time range',
      () => {
        const group = sandbox.site.groups.find((g) => g.name === 'support')!;
        const from = Date.now() - 30 * DAY_MS;
        return {
          payload: { groups: [group.groupId], from },
          expected: { groupMembers: new Set(group.memberIds), from },
        };
      },
    ],
    [
      'JQL scope (project = KEY): only records on its issues, comments included',
      () => ({
        payload: { jql: `project = ${busiest.projectKey}` },
        expected: { jqlIssues: issuesOfProject(busiest.projectId) },
      }),
    ],
    [
      'JQL scope with other filters',
      () => ({
        payload: { jql: `project = ${busiest.projectKey}`, actions: ['comment.*', 'worklog.*'] },
        expected: { jqlIssues: issuesOfProject(busiest.projectId), actions: ['comment.*', 'worklog.*'] },
      }),
    ],
    [
      'JQL scope with Jira alone chosen: no Confluence records',
      () => ({
        payload: { jql: `project = ${busiest.projectKey}`, products: ['jira'] },
        expected: { jqlIssues: issuesOfProject(busiest.projectId), products: ['jira'] },
      }),
    ],
    [
      "text naming a person: their records (Jira's user search finds the name)",
      () => {
        const person = sandbox.site.users.find((u) => u.accountId === busiest.actors[1])!;
        const text = person.displayName.toLowerCase();
        const named = sandbox.site.users.filter(
          (u) => u.active && u.displayName.toLowerCase().startsWith(text),
        );
        return {
          payload: { text },
          expected: { text, textActors: new Set(named.map((u) => u.accountId)) },
        };
      },
    ],
    [
      'an unbounded JQL (matched batch by batch)',
      () => ({
        payload: { jql: 'ORDER BY created DESC' },
        expected: { jqlIssues: new Set(sandbox.site.issues.map((i) => i.id)) },
      }),
    ],
  ];

  test.each(cases)('%s: every page together is exactly the matching rows, in order', async (_, make) => {
    const { payload, expected } = make();
    const want = oracle(records, expected);
    const got = await walk(invoke, 'activity.query', { ...payload, limit: 97 });
    expect(ids(got.items)).toEqual(ids(want));
    expect(got.pages).toBeGreaterThanOrEqual(Math.ceil(want.length / 97));
  });

  test('the filters above are not vacuous', () => {
    expect(oracle(records, { text: '50% off' })).toHaveLength(1);
    expect(oracle(records, { text: 'OFF_SALE' })).toHaveLength(1);
    const trail = oracle(records, { objects: [busiest.issueWithComments] });
    expect(trail.some((r) => r.object?.type === 'comment')).toBe(true);
    expect(trail.some((r) => r.object?.type === 'issue')).toBe(true);
    const jql = oracle(records, { jqlIssues: issuesOfProject(busiest.projectId), products: ['jira'] });
    expect(jql.length).toBeGreaterThan(10);
    expect(jql.some((r) => r.object?.type === 'comment')).toBe(true);
    // With both products, a JQL keeps every Confluence record beside the issues' records.
    const both = oracle(records, { jqlIssues: issuesOfProject(busiest.projectId) });
    expect(both.filter((r) => r.product === 'confluence')).toHaveLength(
      records.filter((r) => r.product === 'confluence').length,
    );
    const busy = sandbox.site.users.find((u) => u.accountId === busiest.actors[1])!;
    expect(busy.active).toBe(true);
    expect(oracle(records, { text: busy.displayName, textActors: new Set([busy.accountId]) }).length).toBe(
      oracle(records, { actors: [busy.accountId] }).length,
    );
    expect(oracle(records, { groupMembers: members('developers') }).length).toBeGreaterThan(10);
    expect(oracle(records, { containers: [busiest.projectId] }).length).toBeGreaterThan(10);
    expect(oracle(records, { containers: [busiest.spaceId] }).length).toBeGreaterThan(10);
    expect(issueKeyOf(busiest.issueWithComments)).toMatch(/^[A-Z][A-Z0-9]*-\d+$/);
  });

  test('items are the stored records, whole', async () => {
    const page = asPage(await invoke('activity.query', { limit: 20 }));
    const stored = new Map(records.map((r) => [r.id, r]));
    for (const item of page.items) expect(item).toEqual(stored.get(item.id));
  });

  test('a JQL whose issues are matched per batch (large result) gives the same rows as the direct scope', async () => {
    const jql = `project = ${busiest.projectKey}`;
    const want = ids(oracle(records, { jqlIssues: issuesOfProject(busiest.projectId) }));
    const got: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const input = queryPayloadSchema.parse({ jql, limit: 25, ...(cursor ? { cursor } : {}) });
      // smallResultMax 0: as if the JQL matched more than /search/jql's 5,000 ids in one page.
      const page = await queryActivity(sandbox.opened.store, input, {
        smallResultMax: 0,
        candidateBatch: 60,
        products: everyProduct,
      });
      got.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(got).toEqual(want);
    // At least the pages 25 rows each need (was `> rows / 25`, false whenever the rows were a multiple of 25).
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(want.length / 25));
  });

  test.each([
    ['text', { text: '$key-' }, { text: '$key-' }],
    ['products', { products: ['confluence'] }, { products: ['confluence'] }],
    [
      'actor and action',
      { actors: ['$0', '$1'], actions: ['issue.*'] },
      { actors: ['$0', '$1'], actions: ['issue.*'] },
    ],
    ['text and a range', { text: 'e', from: '$30d' }, { text: 'e', from: '$30d' }],
  ])(
    'a filter no single index answers (%s) is scanned in small windows, with the same rows',
    async (_, rawPayload, rawExpected) => {
      const fill = (value: unknown): unknown =>
        Array.isArray(value)
          ? value.map(fill)
          : value === '$key-'
            ? `${busiest.projectKey}-`
            : value === '$30d'
              ? Date.now() - 30 * DAY_MS
              : typeof value === 'string' && /^\$\d$/.test(value)
                ? busiest.actors[Number(value.slice(1))]
                : value;
      const payload = Object.fromEntries(Object.entries(rawPayload).map(([k, v]) => [k, fill(v)]));
      const expected = Object.fromEntries(Object.entries(rawExpected).map(([k, v]) => [k, fill(v)]));
      const want = ids(oracle(records, expected as OracleFilter));
      expect(want.length).toBeGreaterThan(5);
      const got: string[] = [];
      let cursor: string | undefined;
      let calls = 0;
      do {
        const input = queryPayloadSchema.parse({ ...payload, limit: 50, ...(cursor ? { cursor } : {}) });
        // Windows of 40 rows and a tiny time budget: one window per call, so pages come back short.
        const page = await queryActivity(sandbox.opened.store, input, {
          windowRows: 40,
          workMs: 0,
          products: everyProduct,
        });
        calls += 1;
        got.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(got).toEqual(want);
      // More calls than full pages would need: the windows cut them short.
      expect(calls).toBeGreaterThan(Math.ceil(want.length / 50));
    },
  );

  test('a page also stops at its byte budget, and the next page continues exactly there', async () => {
    const want = ids(oracle(records, { products: ['jira'] }));
    const got: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const input = queryPayloadSchema.parse({
        products: ['jira'],
        limit: 500,
        ...(cursor ? { cursor } : {}),
      });
      const page = await queryActivity(sandbox.opened.store, input, {
        chunkBytes: 20_000,
        products: everyProduct,
      });
      expect(page.items.length).toBeGreaterThan(0);
      expect(Buffer.byteLength(JSON.stringify(page.items))).toBeLessThan(20_000 + 5_000);
      got.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(got).toEqual(want);
    expect(pages).toBeGreaterThan(want.length / 50);
  });

  test('the Confluence admin page gets the same answers', async () => {
    const payload = { actions: ['page.*'], limit: 10 };
    expect(
      await sandbox.host.invoke(
        'confluence:globalSettings',
        'activity.query',
        payload,
        sandbox.defaultAccountId,
      ),
    ).toEqual(await invoke('activity.query', payload));
  });

  test("a JQL Jira refuses: Jira's own message, as a BAD_REQUEST on jql", async () => {
    expect(await invoke('activity.query', { jql: 'project = NOPE' })).toEqual({
      error: {
        code: 'BAD_REQUEST',
        message: "jql: The value 'NOPE' does not exist for the field 'project'.",
        field: 'jql',
      },
    });
    const broken = (await invoke('activity.query', { jql: 'project = OPS OR status = Done' })) as {
      error: { code: string; field: string; message: string };
    };
    expect(broken.error).toMatchObject({ code: 'BAD_REQUEST', field: 'jql' });
    expect(broken.error.message).toContain('OR');
  });

  test('a group that does not exist: BAD_REQUEST naming groups', async () => {
    expect(await invoke('activity.query', { groups: ['no-such-group'] })).toEqual({
      error: {
        code: 'BAD_REQUEST',
        message: "groups: The group named 'no-such-group' does not exist.",
        field: 'groups',
      },
    });
  });

  test('keys nothing has: BAD_REQUEST naming containers or objects, never an empty page', async () => {
    expect(await invoke('activity.query', { containers: ['NOPE', busiest.projectKey] })).toEqual({
      error: {
        code: 'BAD_REQUEST',
        message:
          "containers: no Jira project or Confluence space has the key 'NOPE' (filter a deleted one by its id)",
        field: 'containers',
      },
    });
    // A space key is not a project's: with Jira alone, it is not found.
    expect(sandbox.site.projects.map((p) => p.key)).not.toContain(busiest.spaceKey);
    expect(
      await invoke('activity.query', { containers: [busiest.spaceKey], products: ['jira'] }),
    ).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'containers' } });
    expect(await invoke('activity.facets', { objects: [`${busiest.projectKey}-999999`] })).toEqual({
      error: {
        code: 'BAD_REQUEST',
        message: `objects: no Jira issue has the key '${busiest.projectKey}-999999' (filter a deleted one by its id)`,
        field: 'objects',
      },
    });
  });

  test('pages neither repeat nor skip rows while events arrive, newer and older than the cursor', async () => {
    const filter = { products: ['jira'] };
    const before = oracle(records, { products: ['jira'] });
    const issue = jiraIssueOf(sandbox, sandbox.site.issues[5]!);
    const actor = jiraUserOf(sandbox, busiest.actors[1]!);
    const olderThanCursor: AuditRecord[] = [];
    let step = 0;
    const { items } = await walk(invoke, 'activity.query', { ...filter, limit: 41 }, async (page) => {
      const last = page.items[page.items.length - 1];
      if (!page.nextCursor || last === undefined) return;
      step += 1;
      const cursorTime = Date.parse(last.time);
      // Newer than everything (already paged past): must not show up.
      await deliverIssueUpdate(sandbox, { issue, actor, at: new Date(Date.now() + step * 1000) });
      // Older than the cursor (a late event): must show up exactly once, in its place.
      const at = new Date(cursorTime - 60_000 - step);
      const id = await deliverIssueUpdate(sandbox, { issue, actor, at });
      olderThanCursor.push({ id, time: at.toISOString() } as AuditRecord);
      // At the cursor's very millisecond: shows up exactly when it sorts after the cursor's row.
      const tie = await deliverIssueUpdate(sandbox, { issue, actor, at: new Date(cursorTime) });
      if (tie < last.id) olderThanCursor.push({ id: tie, time: last.time } as AuditRecord);
    });
    expect(step).toBeGreaterThan(5);
    const want = [...before, ...olderThanCursor].sort(newestFirst);
    expect(ids(items)).toEqual(ids(want));
    expect(new Set(ids(items)).size).toBe(items.length);
    records = await storedRecords(sandbox);
  });

  test('activity.get returns one whole record; an unknown id is NOT_FOUND', async () => {
    const record = records[records.length - 1]!;
    expect(await invoke('activity.get', { id: record.id })).toEqual(record);
    expect(await invoke('activity.get', { id: 'f'.repeat(32) })).toEqual({
      error: { code: 'NOT_FOUND', message: `No record with id '${'f'.repeat(32)}'.`, field: 'id' },
    });
  });

  test("activity.forObject pages through one issue's trail, newest first", async () => {
    const objectId = busiest.issueWithComments;
    const want = oracle(records, { objects: [objectId] });
    const got = await walk(invoke, 'activity.forObject', { objectId, limit: 3 });
    expect(ids(got.items)).toEqual(ids(want));
    expect(got.pages).toBe(Math.max(1, Math.ceil(want.length / 3)));
  });

  test('activity.facets counts the top people and containers and every action within the filter, over the last 30 days by default', async () => {
    const answer = (await invoke('activity.facets', { products: ['jira'] })) as {
      actors: { value: string; count: number }[];
      actions: { value: string; count: number }[];
      products: { value: string; count: number }[];
      containers: { value: string; key?: string; name?: string; count: number }[];
      from: string;
      to: string;
    };
    const to = Date.parse(answer.to);
    const from = Date.parse(answer.from);
    expect(Math.abs(to - Date.now())).toBeLessThan(60_000);
    expect(to - from).toBe(30 * DAY_MS);
    const inRange = oracle(records, { products: ['jira'], from, to });
    const all = (key: (r: AuditRecord) => string | null | undefined) => {
      const counts = new Map<string, number>();
      for (const r of inRange) {
        const k = key(r);
        if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      return [...counts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    };
    const top = (key: (r: AuditRecord) => string | null | undefined) => all(key).slice(0, 20);
    expect(answer.actors).toEqual(top((r) => r.actor.accountId));
    // Every Jira action of the catalogue, in its order, with its count or 0; then any other in range.
    const actionCounts = all((r) => r.action);
    const jiraCatalogue = ACTION_CATALOGUE.filter((a) => a.products.includes('jira')).map((a) => a.action);
    expect(answer.actions).toEqual([
      ...jiraCatalogue.map((value) => ({
        value,
        count: actionCounts.find((c) => c.value === value)?.count ?? 0,
      })),
      ...actionCounts.filter((c) => !jiraCatalogue.includes(c.value)),
    ]);
    expect(answer.actions.some((a) => a.count === 0)).toBe(true);
    expect(answer.actions.some((a) => a.value.startsWith('page.'))).toBe(false);
    expect(answer.products).toEqual([{ value: 'jira', count: inRange.length }]);
    expect(answer.containers.map(({ value, count }) => ({ value, count }))).toEqual(
      top((r) => r.container?.id),
    );
    const project = sandbox.site.projects.find((p) => p.id === answer.containers[0]?.value);
    expect(answer.containers[0]).toMatchObject({ key: project?.key, name: project?.name });
  });

  test('facets cover at most a bounded number of rows, and say from when', async () => {
    const input = { actions: ['issue.*', 'comment.*'] };
    const answer = await activityFacets(sandbox.opened.store, input, {
      windowRows: 100,
      products: everyProduct,
    });
    expect(answer.partial).toBe(true);
    // The window holds the newest 100 rows the lead condition (the actions) selects.
    const to = Date.parse(answer.to);
    const lead = oracle(records, { actions: input.actions, from: to - 30 * DAY_MS, to });
    expect(answer.from).toBe(lead[99]!.time);
    const covered = oracle(records, { actions: input.actions, from: Date.parse(answer.from), to });
    expect(answer.products.reduce((n, p) => n + p.count, 0)).toBe(covered.length);
    const full = await activityFacets(sandbox.opened.store, input, { products: everyProduct });
    expect(full.partial).toBeUndefined();
  });

  test('facets honour an explicit range and a JQL scope', async () => {
    const from = Date.now() - 60 * DAY_MS;
    const jql = `project = ${busiest.projectKey}`;
    const answer = (await invoke('activity.facets', { from, jql })) as {
      products: { value: string; count: number }[];
      from: string;
    };
    expect(answer.from).toBe(new Date(from).toISOString());
    const inScope = oracle(records, { from, jqlIssues: issuesOfProject(busiest.projectId) });
    const count = (product: string) => inScope.filter((r) => r.product === product).length;
    expect(answer.products).toEqual(
      expect.arrayContaining([
        { value: 'jira', count: count('jira') },
        { value: 'confluence', count: count('confluence') },
      ]),
    );
  });

  test('people.lookup: names and avatars for known account ids; unknown ones are simply absent', async () => {
    const people = sandbox.site.users.slice(0, 3);
    const answer = (await invoke('people.lookup', {
      accountIds: [...people.map((u) => u.accountId), 'no-such-account'],
    })) as { people: Record<string, { displayName: string; avatarUrl?: string; active?: boolean }> };
    expect(Object.keys(answer.people).sort()).toEqual(people.map((u) => u.accountId).sort());
    for (const user of people) {
      expect(answer.people[user.accountId]).toEqual({
        displayName: user.displayName,
        avatarUrl: expect.stringMatching(/^\/avatars\/initials\/.+\.svg\?size=48$/),
        active: user.active,
      });
    }
    // Cached: the same answer again.
    expect(await invoke('people.lookup', { accountIds: [people[0]!.accountId] })).toEqual({
      people: { [people[0]!.accountId]: answer.people[people[0]!.accountId] },
    });
  });

  describe('bad payloads are refused, naming the field', () => {
    const tooMany = (n: number) => Array.from({ length: n }, (_, i) => `id-${i}`);
    test.each([
      ['activity.query', { limit: 0 }, 'limit'],
      ['activity.query', { limit: 501 }, 'limit'],
      ['activity.query', { limit: 2.5 }, 'limit'],
      ['activity.query', { from: '2026-05-02T00:00:00Z', to: '2026-05-01T00:00:00Z' }, 'from'],
      ['activity.query', { from: 'last tuesday' }, 'from'],
      // Date.parse took these as dates; only strict ISO-8601 (or epoch milliseconds) is a time.
      ['activity.query', { from: '-1' }, 'from'],
      ['activity.query', { from: 'foo 2' }, 'from'],
      ['activity.query', { to: '2026-02-30' }, 'to'],
      ['activity.query', { to: 'May 1, 2026' }, 'to'],
      ['activity.facets', { from: '1' + ' 2026' }, 'from'],
      ['activity.export', { format: 'csv', filters: { from: '-1' } }, 'filters.from'],
      ['activity.query', { actors: tooMany(501) }, 'actors'],
      ['activity.query', { groups: tooMany(51) }, 'groups'],
      ['activity.query', { containers: tooMany(201) }, 'containers'],
      ['activity.query', { actions: ['issue.*', ''] }, 'actions.1'],
      ['activity.query', { products: ['bitbucket'] }, 'products.0'],
      ['activity.query', { text: 'x'.repeat(201) }, 'text'],
      ['activity.query', { cursor: 'not a cursor!' }, 'cursor'],
      ['activity.query', { cursor: 'eyJ0IjoxfQ' }, 'cursor'],
      ['activity.facets', { from: 'yesterday' }, 'from'],
      ['activity.facets', { limit: 10 }, undefined],
      ['activity.get', {}, 'id'],
      ['activity.forObject', {}, 'objectId'],
      ['activity.forObject', { objectId: '1', limit: 501 }, 'limit'],
      ['activity.export', { format: 'xml' }, 'format'],
      ['activity.export', { format: 'csv', filters: { actors: 'someone' } }, 'filters.actors'],
      ['activity.export', { format: 'csv', limit: 5 }, undefined],
      ['people.lookup', { accountIds: tooMany(101) }, 'accountIds'],
      ['people.lookup', {}, 'accountIds'],
    ])('%s %j → BAD_REQUEST on %s', async (key, payload, field) => {
      const answer = await invoke(key, payload);
      expect(isError(answer)).toBe(true);
      const { error } = answer as { error: { code: string; message: string; field?: string } };
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.field).toBe(field);
      if (field) expect(error.message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
    });

    test('an unknown key is named in the message', async () => {
      const answer = (await invoke('activity.query', { actor: ['someone'] })) as {
        error: { code: string; message: string };
      };
      expect(answer.error.code).toBe('BAD_REQUEST');
      expect(answer.error.message).toContain('"actor"');
    });

    test('a cursor from another filter (or another resolver) is refused on cursor', async () => {
      const page = asPage(await invoke('activity.query', { actors: [busiest.actors[0]], limit: 1 }));
      expect(page.nextCursor).toBeDefined();
      const elsewhere = [
        ['activity.query', { actors: [busiest.actors[1]], cursor: page.nextCursor }],
        ['activity.query', { actors: [busiest.actors[0]], text: 'x', cursor: page.nextCursor }],
        ['activity.forObject', { objectId: busiest.issueWithComments, cursor: page.nextCursor }],
        [
          'activity.export',
          { format: 'csv', filters: { actors: [busiest.actors[0]] }, cursor: page.nextCursor },
        ],
      ] as const;
      for (const [key, payload] of elsewhere) {
        expect(await invoke(key, payload)).toEqual({
          error: {
            code: 'BAD_REQUEST',
            message: 'cursor: it belongs to another filter; start again without a cursor',
            field: 'cursor',
          },
        });
      }
      // The same filter, written differently (times as ISO or ms, lists in another order), is the same filter.
      const twoActors = busiest.actors.slice(0, 2);
      const first = asPage(await invoke('activity.query', { actors: twoActors, from: 0, limit: 1 }));
      const next = await invoke('activity.query', {
        actors: [...twoActors].reverse(),
        from: '1970-01-01T00:00:00.000Z',
        limit: 1,
        cursor: first.nextCursor,
      });
      expect(isError(next)).toBe(false);
    });
  });

  test('someone who is not an admin gets FORBIDDEN from every activity resolver, in Jira and Confluence', async () => {
    const outsider = sandbox.site.users.find(
      (u) => u.accountType === 'atlassian' && !sandbox.admins.has(u.accountId),
    )!;
    const calls: [string, unknown][] = [
      ['activity.query', {}],
      ['activity.facets', {}],
      ['activity.get', { id: records[0]!.id }],
      ['activity.forObject', { objectId: busiest.issueWithComments }],
      ['activity.export', { format: 'csv', filters: {} }],
      ['people.lookup', { accountIds: [outsider.accountId] }],
    ];
    for (const page of ['jira:adminPage', 'confluence:globalSettings']) {
      for (const [key, payload] of calls) {
        expect(await sandbox.host.invoke(page, key, payload, outsider.accountId)).toEqual({
          error: { code: 'FORBIDDEN', message: expect.stringContaining('administrators') },
        });
      }
      // Even a malformed payload: the admin check comes first and says nothing about the payload.
      expect(
        await sandbox.host.invoke(page, 'activity.query', { limit: 0 }, outsider.accountId),
      ).toMatchObject({
        error: { code: 'FORBIDDEN' },
      });
    }
  });
});
