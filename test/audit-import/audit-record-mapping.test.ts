import { fixturePath } from '../fixtures';
import { readNdjsonObjects } from '../../dev/runtime/ndjson-file';
import { auditAction, fromConfluenceAudit, fromJiraAudit } from '../../src/audit-import/audit-record-mapping';
import { fieldLengths } from '../../src/limits';

const FIXTURES = fixturePath('product-audit');
const jira = readNdjsonObjects(`${FIXTURES}/jira-cloud-auditing-records.elastic.ndjson`);
const confluence = readNdjsonObjects(`${FIXTURES}/confluence-cloud-audit-records.elastic.ndjson`);
const AT = new Date('2026-03-01T00:00:00Z');

describe('Jira audit records (the 82 real ones)', () => {
  const records = jira.map((r) => fromJiraAudit(r, AT)!);

  test('each becomes a config.* record at its own time, with a deterministic id', () => {
    expect(records).toHaveLength(82);
    expect(new Set(records.map((r) => r.id)).size).toBe(82);
    expect(jira.map((r) => fromJiraAudit(r, new Date())!.id)).toEqual(records.map((r) => r.id));
    for (const [i, r] of records.entries()) {
      expect(r.action).toMatch(/^config\.[a-z0-9_]+$/);
      expect(r.time).toBe(new Date(Date.parse(String(jira[i]!.created).replace('+0000', 'Z'))).toISOString());
      expect(r.source.event).toBe('jira-audit');
      expect(r.product).toBe('jira');
    }
  });

  test('a workflow update: author, object and time', () => {
    const r = records.find((x) => x.action === 'config.workflow_updated')!;
    expect(r).toMatchObject({
      time: '2022-01-06T09:49:07.418Z',
      actor: { accountId: '5ff328f2a9d0300107c045a6', type: 'user' },
      object: {
        type: 'workflow',
        id: 'Software workflow for project 10018',
        title: 'Software workflow for project 10018',
      },
      container: null,
    });
  });

  test('changed values become changes, empty values null; a project object is also the container', () => {
    const r = fromJiraAudit(
      jira.find((x) => x.summary === 'Customer permissions changed'),
      AT,
    )!;
    expect(r.changes).toEqual([
      {
        field: 'Customer access',
        from: 'Anyone with an account',
        to: 'Customers my team adds to the project',
      },
    ]);
    expect(r.container).toEqual({ type: 'project', id: '10022', name: 'Change Control' });
    const deleted = fromJiraAudit(
      jira.find((x) => x.id === 11958),
      AT,
    )!;
    expect(deleted.action).toBe('config.field_configuration_scheme_deleted');
  });

  test('system actions have an unknown actor; groups without an id are named; associated users become changes', () => {
    const added = fromJiraAudit(
      jira.find((x) => x.id === 11939),
      AT,
    )!;
    expect(added).toMatchObject({
      action: 'config.user_added_to_group',
      actor: { accountId: null, type: 'unknown' },
      object: { type: 'group', id: 'jira-software-users' },
      changes: [{ field: 'associated user', from: null, to: 'ug:2281b112-0f77-4305-b779-66d30930eb83' }],
    });
  });

  test('the remote address is not kept', () => {
    expect(JSON.stringify(records)).not.toMatch(/81\.2\.69\.193|10\.83\.76\.139/);
  });

  test('hostile input: not an object is refused, a bare object is recorded as config.changed', () => {
    expect(fromJiraAudit('x', AT)).toBeNull();
    expect(fromJiraAudit({}, AT)).toMatchObject({
      action: 'config.changed',
      time: AT.toISOString(),
      object: null,
    });
    expect(auditAction('x'.repeat(500)).length).toBeLessThanOrEqual(fieldLengths.action);
  });
});

describe('Confluence audit records (the 37 real ones)', () => {
  const records = confluence.map((r) => fromConfluenceAudit(r, AT)!);

  test('each becomes a config.* record; records without an id still get stable, distinct ids', () => {
    expect(records).toHaveLength(37);
    expect(new Set(records.map((r) => r.id)).size).toBe(37);
    // A renamed author (display name) does not change the id.
    const renamed = confluence.map((r) => ({
      ...r,
      author: { ...(r.author as object), displayName: 'Renamed' },
    }));
    expect(renamed.map((r) => fromConfluenceAudit(r, AT)!.id)).toEqual(records.map((r) => r.id));
    expect(
      records.every((r) => r.action.startsWith('config.') && r.source.event === 'confluence-audit'),
    ).toBe(true);
  });

  test('a space configuration change: changed values, author, object named by a stable hash', () => {
    const r = records.find((x) => x.action === 'config.space_configuration_updated')!;
    expect(r).toMatchObject({
      actor: { accountId: 'df856b17d84fcf010f11fcfcc6be4267', type: 'user' },
      object: { type: 'space', title: 'Service Catalogue' },
      changes: [
        { field: 'Space type', from: null, to: 'global' },
        { field: 'Space status', from: null, to: 'CURRENT' },
        { field: 'Name', from: null, to: 'Service Catalogue' },
        { field: 'Space key', from: null, to: 'SC' },
      ],
    });
    const sameSpace = records.filter((x) => x.object?.title === 'Service Catalogue').map((x) => x.object!.id);
    expect(new Set(sameSpace).size).toBe(1);
    expect(sameSpace[0]).toMatch(/^[0-9a-f]{32}$/);
  });

  test('a deactivation with no object, and an archived page with its space as an associated object', () => {
    expect(records.find((x) => x.action === 'config.user_deactivated')?.object).toBeNull();
    expect(records.find((x) => x.action === 'config.page_archived')).toMatchObject({
      object: { type: 'page', title: 'KB Articles to be Approved' },
      changes: [
        { field: 'Content status', from: 'current', to: 'archived' },
        { field: 'associated space', from: null, to: 'Topics' },
      ],
    });
  });
});

describe('a Confluence space permission change (a real "Space permission added" record)', () => {
  const [added] = readNdjsonObjects(`${FIXTURES}/confluence-space-permission-added.ndjson`);

  test('names the space, the permission and the grantee, as the space.permissions_updated its event lacks them for', () => {
    const r = fromConfluenceAudit(added, AT)!;
    expect(r).toMatchObject({
      action: 'space.permissions_updated',
      product: 'confluence',
      time: new Date(1676297029823).toISOString(),
      actor: { accountId: '63bed71b0913ada386aadbe4', type: 'user' },
      object: { type: 'space', key: '~63bed71b0913ada386aadbe4', title: 'Shaked Klein' },
      changes: [
        { field: 'permission', from: null, to: 'Administer space (SETSPACEPERMISSIONS)' },
        { field: 'granted to user', from: null, to: 'Chat Notifications' },
      ],
    });
  });

  test('removed: the same permission and grantee, on the "from" side', () => {
    const removed = { ...added, summary: 'Space permission removed' };
    expect(fromConfluenceAudit(removed, AT)!.changes).toEqual([
      { field: 'permission', from: 'Administer space (SETSPACEPERMISSIONS)', to: null },
      { field: 'granted to user', from: 'Chat Notifications', to: null },
    ]);
  });

  test('the space object is the same whichever record names it, so its permission changes form one trail', () => {
    const again = { ...added, creationDate: 1676297099999 };
    expect(fromConfluenceAudit(again, AT)!.object!.id).toBe(fromConfluenceAudit(added, AT)!.object!.id);
    expect(fromConfluenceAudit(again, AT)!.id).not.toBe(fromConfluenceAudit(added, AT)!.id);
  });
});
