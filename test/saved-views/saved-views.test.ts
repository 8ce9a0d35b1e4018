import { startSandbox, type Sandbox } from '../../dev/sandbox';
import type { AuditRecord } from '../../src/record/audit-record';
import { testEngines } from '../support/engines';

type Answer = { error?: { code: string; message: string; field?: string } } & Record<string, unknown>;
interface View {
  id: string;
  name: string;
  filter: Record<string, unknown>;
  createdBy: string;
  updatedBy: string;
}

const BOTH = 'admin-of-both';
const JIRA = 'jira-only-admin';
const CONFLUENCE = 'confluence-only-admin';
const NOBODY = 'no-admin-at-all';

/**
 * Saved views: stored in SQL, shared by every admin of the site, each change recorded in the audit trail
 * as the app's own action, under a product the admin who made it administers.
 */
describe.each(testEngines)('saved views on $name', (engine) => {
  let sandbox: Sandbox;
  const invoke = (accountId: string, key: string, payload: unknown = {}, page = 'jira:adminPage') =>
    sandbox.host.invoke(page, key, payload, accountId) as Promise<Answer>;
  const viewRecords = async (accountId: string) =>
    (
      (await invoke(accountId, 'activity.query', { actions: ['saved_view.*'], limit: 500 })) as unknown as {
        items: AuditRecord[];
      }
    ).items;

  beforeAll(async () => {
    sandbox = await startSandbox({
      auditDb: await engine.freshDatabase(),
      kvsFile: null,
      admins: [BOTH],
      jiraAdmins: [JIRA],
      confluenceAdmins: [CONFLUENCE],
    });
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('an admin saves a view; every admin of the site lists it, with its filter as saved', async () => {
    const filter = { range: '7d', actions: ['issue.deleted'], products: ['jira'], text: 'MOB' };
    const saved = (await invoke(JIRA, 'views.save', { name: 'Deleted issues', filter })) as unknown as View;
    expect(saved).toMatchObject({ name: 'Deleted issues', filter, createdBy: JIRA, updatedBy: JIRA });
    expect(saved.id).toMatch(/^[0-9a-f]{32}$/);
    for (const who of [BOTH, JIRA, CONFLUENCE]) {
      expect(await invoke(who, 'views.list', {}, 'confluence:globalSettings')).toEqual({ items: [saved] });
    }
    // A custom range keeps its instants, as epoch milliseconds.
    const custom = (await invoke(BOTH, 'views.save', {
      name: 'March incident',
      filter: { from: '2025-03-10T08:00:00.000Z', to: '2025-03-10T18:30:00.000Z', actors: ['a1'] },
    })) as unknown as View;
    expect(custom.filter).toEqual({
      from: Date.parse('2025-03-10T08:00:00.000Z'),
      to: Date.parse('2025-03-10T18:30:00.000Z'),
      actors: ['a1'],
    });
    const list = (await invoke(BOTH, 'views.list')) as unknown as { items: View[] };
    expect(list.items.map((v) => v.name)).toEqual(['Deleted issues', 'March incident']);
  });

  test('a name is one view whatever its case; a change keeps the id; delete removes it', async () => {
    const { items } = (await invoke(BOTH, 'views.list')) as unknown as { items: View[] };
    const deleted = items.find((v) => v.name === 'Deleted issues')!;
    expect(await invoke(BOTH, 'views.save', { name: 'deleted ISSUES', filter: {} })).toEqual({
      error: { code: 'BAD_REQUEST', message: 'A view named “Deleted issues” already exists.', field: 'name' },
    });
    const changed = (await invoke(CONFLUENCE, 'views.save', {
      id: deleted.id,
      name: 'Deleted issues',
      filter: { range: '30d', actions: ['issue.deleted', 'page.trashed'] },
    })) as unknown as View;
    expect(changed).toMatchObject({ id: deleted.id, createdBy: JIRA, updatedBy: CONFLUENCE });
    expect(await invoke(BOTH, 'views.delete', { id: deleted.id })).toEqual({ deleted: changed });
    expect(await invoke(BOTH, 'views.delete', { id: deleted.id })).toMatchObject({
      error: { code: 'NOT_FOUND', field: 'id' },
    });
    const after = (await invoke(BOTH, 'views.list')) as unknown as { items: View[] };
    expect(after.items.map((v) => v.name)).toEqual(['March incident']);
  });

  test('each change is in the audit trail, filed under a product its author administers', async () => {
    const records = await viewRecords(BOTH);
    expect(records.map((r) => [r.action, r.actor.accountId, r.product, r.object?.title])).toEqual([
      ['saved_view.deleted', BOTH, 'jira', 'Deleted issues'],
      ['saved_view.updated', CONFLUENCE, 'confluence', 'Deleted issues'],
      ['saved_view.created', BOTH, 'jira', 'March incident'],
      ['saved_view.created', JIRA, 'jira', 'Deleted issues'],
    ]);
    const updated = records[1]!;
    expect(updated.source.event).toBe('audit-trail:saved-views');
    expect(updated.changes.map((c) => c.field)).toEqual(['filter']);
    const [change] = updated.changes;
    expect(JSON.parse(change!.from!)).toEqual({
      range: '7d',
      actions: ['issue.deleted'],
      products: ['jira'],
      text: 'MOB',
    });
    expect(JSON.parse(change!.to!)).toEqual({ range: '30d', actions: ['issue.deleted', 'page.trashed'] });
    // Per-product access applies to these records as to any: the Jira admin does not see Confluence's.
    expect((await viewRecords(JIRA)).map((r) => r.action)).not.toContain('saved_view.updated');
  });

  test.each([
    [{ name: '', filter: {} }, 'name'],
    [{ name: 'x', filter: { actionz: [] } }, 'filter'],
    [{ name: 'x', filter: { range: 'forever' } }, 'filter.range'],
    [{ name: 'x', filter: { range: '7d', from: 1 } }, 'filter.range'],
    [{ name: 'x', filter: { from: 'yesterday' } }, 'filter.from'],
    [{ id: 'nope', name: 'x', filter: {} }, 'id'],
  ])('views.save refuses %j naming %s', async (payload, field) => {
    expect(await invoke(BOTH, 'views.save', payload)).toMatchObject({
      error: { code: 'BAD_REQUEST', field },
    });
  });

  test('non-admins are refused, and an unknown id is NOT_FOUND', async () => {
    for (const key of ['views.list', 'views.save', 'views.delete']) {
      expect(await invoke(NOBODY, key, { name: 'x', filter: {}, id: 'f'.repeat(32) })).toMatchObject({
        error: { code: 'FORBIDDEN' },
      });
    }
    expect(await invoke(BOTH, 'views.save', { id: 'f'.repeat(32), name: 'Ghost', filter: {} })).toMatchObject(
      { error: { code: 'NOT_FOUND', field: 'id' } },
    );
  });
});
