import { startSandbox, type Sandbox } from '../../dev/sandbox';
import type { AuditRecord, Product } from '../../src/record/audit-record';
import type { InsightsSummary } from '../../src/insights/insights-summary';
import type { SettingsView } from '../../src/settings/settings';
import { isError, loadSynthetic, walk } from '../activity/support';
import { testEngines } from '../support/engines';

type Answer = { error?: { code: string; message: string; field?: string } } & Record<string, unknown>;

const BOTH = 'admin-of-both';
const JIRA = 'jira-only-admin';
const CONFLUENCE = 'confluence-only-admin';
const NOBODY = 'no-admin-at-all';

/**
 * Per-product access through the sandbox's per-product admins: each product answers its own permission
 * check per account, so a Jira-only admin is one Confluence says is no admin.
 */
describe.each(testEngines)('per-product access, on $name', (engine) => {
  let sandbox: Sandbox;
  let all: AuditRecord[];
  const invoke = (accountId: string, key: string, payload: unknown = {}, page = 'jira:adminPage') =>
    sandbox.host.invoke(page, key, payload, accountId) as Promise<Answer>;
  const as = (accountId: string) => (key: string, payload: unknown) => invoke(accountId, key, payload);
  const productsOf = (records: readonly AuditRecord[]) => new Set(records.map((r) => r.product));

  beforeAll(async () => {
    sandbox = await startSandbox({
      auditDb: await engine.freshDatabase(),
      kvsFile: null,
      admins: [BOTH],
      jiraAdmins: [JIRA],
      confluenceAdmins: [CONFLUENCE],
    });
    await loadSynthetic(sandbox, 300);
    await sandbox.host.runScheduled('seal-and-forward');
    await sandbox.queue.idle();
    await sandbox.host.runScheduled('daily');
    all = (await walk(as(BOTH), 'activity.query', { limit: 500 })).items;
    // The log holds both products, or the test could not fail.
    expect(productsOf(all)).toEqual(new Set(['jira', 'confluence']));
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  const cases: [string, string, Product][] = [
    ['a Jira-only admin', JIRA, 'jira'],
    ['a Confluence-only admin', CONFLUENCE, 'confluence'],
  ];

  describe.each(cases)('%s', (_name, who, mine) => {
    const other: Product = mine === 'jira' ? 'confluence' : 'jira';

    test("reads only their product's records: query, asking for the other, forObject, get, export", async () => {
      const own = all.filter((r) => r.product === mine);
      const seen = (await walk(as(who), 'activity.query', { limit: 500 })).items;
      expect(seen.map((r) => r.id)).toEqual(own.map((r) => r.id));
      const asked = await walk(as(who), 'activity.query', { products: [other], limit: 500 });
      expect(asked.items).toEqual([]);

      const foreign = all.find((r) => r.product === other)!;
      const get = await invoke(who, 'activity.get', { id: foreign.id });
      // Answered as a missing record: NOT_FOUND, not FORBIDDEN, so its existence does not leak.
      expect(get.error).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
      expect(await invoke(who, 'activity.get', { id: own[0]!.id })).toMatchObject({ id: own[0]!.id });

      const trail = all.find(
        (r) => r.product === other && (r.object?.type === 'issue' || r.object?.type === 'page'),
      )!;
      const trailBoth = (await walk(as(BOTH), 'activity.forObject', { objectId: trail.object!.id })).items;
      expect(trailBoth.length).toBeGreaterThan(0);
      expect((await walk(as(who), 'activity.forObject', { objectId: trail.object!.id })).items).toEqual([]);

      let text = '';
      let cursor: string | undefined;
      do {
        const chunk = await invoke(who, 'activity.export', {
          format: 'ndjson',
          ...(cursor ? { cursor } : {}),
        });
        expect(chunk.error).toBeUndefined();
        text += String(chunk.chunk);
        cursor = chunk.nextCursor as string | undefined;
      } while (cursor);
      const [header, ...exported] = text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { product: string; auditTrailSeal?: number; filtered?: boolean });
      // The seal header first; the export is scoped to one product, so gaps in seq are expected.
      expect(header).toMatchObject({ auditTrailSeal: 1, filtered: true });
      expect(exported).toHaveLength(own.length);
      expect(new Set(exported.map((r) => r.product))).toEqual(new Set([mine]));
    });

    test('facets and insights count their product only', async () => {
      const facets = await invoke(who, 'activity.facets', {});
      expect(facets.error).toBeUndefined();
      expect((facets.products as { value: string }[]).map((p) => p.value)).toEqual([mine]);

      const both = (await invoke(BOTH, 'insights.summary')) as unknown as InsightsSummary;
      const summary = (await invoke(who, 'insights.summary')) as unknown as InsightsSummary;
      expect(new Set(both.daily.map((d) => d.product))).toEqual(new Set(['jira', 'confluence', 'all']));
      expect(new Set(summary.daily.map((d) => d.product))).toEqual(new Set([mine, 'all']));
      expect(summary.containers.every((c) => c.product === mine)).toBe(true);
      expect(both.containers.some((c) => c.product === other)).toBe(true);
      // The 'all' line is their product's line: the other's events are not in it.
      const events = (product: string) =>
        summary.daily.filter((d) => d.product === product).map((d) => d.events);
      expect(events('all')).toEqual(events(mine));
      expect(summary.inactiveShare).toBeNull();
    });

    test("sees and changes their product's settings only, and no site-wide one", async () => {
      const settings = (await invoke(who, 'settings.get')) as unknown as SettingsView;
      expect(settings.products).toEqual([mine]);
      expect(Object.keys(settings.ugc)).toEqual([mine]);
      expect(Object.keys(settings.views)).toEqual([mine]);
      expect(settings.siteWide).toBe(false);

      const refused = await invoke(who, 'settings.update', { views: { [other]: false } });
      expect(refused.error).toMatchObject({ code: 'FORBIDDEN', field: `views.${other}` });
      const retention = await invoke(who, 'settings.update', { retention: { maxAgeDays: 1 } });
      expect(retention.error).toMatchObject({ code: 'FORBIDDEN', field: 'retention.maxAgeDays' });
      // Nothing moved.
      const full = (await invoke(BOTH, 'settings.get')) as unknown as SettingsView;
      expect(full.views[other]).toBe(true);
      expect(full.retention.maxAgeDays).toBeGreaterThan(1);

      const allowed = (await invoke(who, 'settings.update', {
        ugc: { [mine]: 'not_stored' },
      })) as unknown as SettingsView;
      expect(allowed.ugc).toEqual({ [mine]: 'not_stored' });
      await invoke(BOTH, 'settings.update', { ugc: { [mine]: 'stored' } });

      for (const key of ['chain.verify', 'tokens.list']) {
        expect((await invoke(who, key)).error).toMatchObject({ code: 'FORBIDDEN' });
      }
      expect((await invoke(who, 'tokens.create', { name: 'mine' })).error).toMatchObject({
        code: 'FORBIDDEN',
      });
    });

    test("cannot see or manage a destination that forwards the other product's records", async () => {
      const webhook = {
        type: 'webhook',
        url: 'http://127.0.0.1:9/hook',
        secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
      };
      const theirs = await invoke(BOTH, 'destinations.save', {
        ...webhook,
        name: `${other} SOC`,
        filter: { products: [other] },
      });
      const everything = await invoke(BOTH, 'destinations.save', { ...webhook, name: 'All SOC' });
      const ours = await invoke(who, 'destinations.save', {
        ...webhook,
        name: `${mine} SOC`,
        filter: { products: [mine] },
      });
      expect([theirs.error, everything.error, ours.error]).toEqual([undefined, undefined, undefined]);

      const list = await invoke(who, 'destinations.list');
      expect((list.items as { id: string }[]).map((d) => d.id)).toEqual([ours.id]);
      const status = await invoke(who, 'destinations.status');
      expect((status.items as { id: string }[]).map((d) => d.id)).toEqual([ours.id]);
      const listBoth = await invoke(BOTH, 'destinations.list');
      expect((listBoth.items as unknown[]).length).toBe(3);

      for (const id of [theirs.id, everything.id]) {
        for (const key of ['destinations.delete', 'destinations.test']) {
          expect((await invoke(who, key, { id })).error).toMatchObject({ code: 'NOT_FOUND' });
        }
        const save = await invoke(who, 'destinations.save', { ...webhook, id, name: 'taken over' });
        expect(save.error).toMatchObject({ code: 'NOT_FOUND' });
      }
      for (const filter of [{ products: [other] }, {}, { products: [mine, other] }]) {
        const save = await invoke(who, 'destinations.save', { ...webhook, name: 'wider', filter });
        expect(save.error).toMatchObject({ code: 'FORBIDDEN', field: 'filter.products' });
      }
      expect(((await invoke(BOTH, 'destinations.list')).items as unknown[]).length).toBe(3);
      for (const id of [theirs.id, everything.id, ours.id]) {
        expect(await invoke(BOTH, 'destinations.delete', { id })).toEqual({ deleted: true });
      }
    });
  });

  test("an admin of both sees both products' records and settings, and may use site-wide ones", async () => {
    const settings = (await invoke(BOTH, 'settings.get')) as unknown as SettingsView;
    expect(settings.products).toEqual(['jira', 'confluence']);
    expect(settings.siteWide).toBe(true);
    const facets = await invoke(BOTH, 'activity.facets', {});
    expect(new Set((facets.products as { value: string }[]).map((p) => p.value))).toEqual(
      new Set(['jira', 'confluence']),
    );
    expect(await invoke(BOTH, 'chain.verify')).toMatchObject({ ok: true });
    expect((await invoke(BOTH, 'tokens.list')).error).toBeUndefined();
    // The same from Confluence's page: rights are the caller's, not the hosting product's.
    const fromConfluence = await invoke(BOTH, 'activity.query', { limit: 500 }, 'confluence:globalSettings');
    expect(isError(fromConfluence)).toBe(false);
  });

  test('a caller who administers neither product is refused everything', async () => {
    for (const key of ['settings.get', 'activity.query', 'insights.summary', 'destinations.list']) {
      for (const page of ['jira:adminPage', 'confluence:globalSettings']) {
        expect((await invoke(NOBODY, key, {}, page)).error).toMatchObject({ code: 'FORBIDDEN' });
      }
    }
  });
});
