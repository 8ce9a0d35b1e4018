/** The Forge docs' own example payloads (test/fixtures/forge-events) → records. */
import { normalizeEvent } from '../../src/capture/normalize';
import { expectWithinLimits, listFixtures, loadJsonFixture, RECEIVED_AT, recordOf } from '../fixtures';

const USER = '4ad9aa0c52dc1b420a791d12';
const SPACE = { type: 'space', id: '827392002', key: 'SP', name: 'Project: Sample Project' };
const PAGE_PARENT = { type: 'page', id: '838205441', title: 'A brand new page' };
const fixture = (name: string): unknown => loadJsonFixture(`forge-events/${name}`);

describe('Forge docs example payloads', () => {
  const payloadFiles = listFixtures('forge-events').filter((file) => !file.includes('changelog-items'));

  test('there are example payloads to check (the fixtures are where the tests expect them)', () => {
    expect(payloadFiles.length).toBe(17);
  });

  test.each(payloadFiles)('%s normalizes to a record within limits, keeping its event name', (file) => {
    const payload = loadJsonFixture(file);
    const result = normalizeEvent(payload, RECEIVED_AT);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record.action.startsWith('unknown.')).toBe(false);
    expect(result.record.source.event).toBe((payload as { eventType: string }).eventType);
    expectWithinLimits(result.record);
  });

  test('page created: action, actor, space (id as a string), page and its time', () => {
    const record = recordOf(fixture('confluence/confluence_created_page.json'));
    expect(record).toMatchObject({
      product: 'confluence',
      action: 'page.created',
      time: '2021-01-20T06:29:21.907Z',
      receivedAt: RECEIVED_AT.toISOString(),
      actor: { accountId: USER, type: 'user' },
      container: SPACE,
      object: { type: 'page', id: '838205441', title: 'A brand new page' },
      changes: [],
      source: { event: 'avi:confluence:created:page' },
    });
    expect(record.object?.parent).toBeUndefined();
  });

  test('task updated: the task by uuid, its page as parent, status from old to new', () => {
    const record = recordOf(fixture('confluence/confluence_updated_task.json'));
    expect(record).toMatchObject({
      action: 'task.updated',
      actor: { accountId: USER, type: 'user' },
      container: SPACE,
      object: { type: 'task', id: 'e0a0e71d-5575-4185-bf33-61364fb0960e', parent: PAGE_PARENT },
    });
    // assignee and due date did not change, so only the status is a change
    expect(record.changes).toEqual([{ field: 'status', from: 'incomplete', to: 'complete' }]);
  });

  test('comment created: the comment, no title, its page as parent', () => {
    const record = recordOf(fixture('confluence/confluence_created_comment.json'));
    expect(record).toMatchObject({
      action: 'comment.created',
      actor: { accountId: USER, type: 'user' },
      container: SPACE,
      object: { type: 'comment', id: '838205455', parent: PAGE_PARENT },
    });
    expect(record.object?.title).toBeUndefined();
  });

  test('space created (the :V2 event): the space is both object and container', () => {
    const record = recordOf(fixture('confluence/confluence_created_space_V2.json'));
    expect(record).toMatchObject({
      action: 'space.created',
      actor: { accountId: USER, type: 'user' },
      container: SPACE,
      object: { type: 'space', id: '827392002', key: 'SP', title: 'Project: Sample Project' },
    });
  });

  test('attachment created: the file with its page as parent', () => {
    const record = recordOf(fixture('confluence/confluence_created_attachment.json'));
    expect(record).toMatchObject({
      action: 'attachment.created',
      container: SPACE,
      object: { type: 'attachment', id: '838205455', title: 'logo.png', parent: PAGE_PARENT },
    });
  });

  test('custom content created: its page as parent', () => {
    const record = recordOf(fixture('confluence/confluence_created_custom_content.json'));
    expect(record).toMatchObject({
      action: 'custom_content.created',
      time: '2021-01-20T06:29:41.570Z',
      container: SPACE,
      object: {
        type: 'custom_content',
        id: '838205552',
        title: 'My custom content 001',
        parent: PAGE_PARENT,
      },
    });
  });

  test.each([
    ['confluence_added_label.live-doc.json', PAGE_PARENT],
    ['confluence_added_label.space.json', { type: 'space', id: '827392002', key: 'SP' }],
    [
      'confluence_added_label.space-template.json',
      { type: 'template', id: '123456789', title: 'Example Template' },
    ],
  ])('label added (%s): the label, on what it was added to', (file, parent) => {
    const record = recordOf(fixture(`confluence/${file}`));
    expect(record).toMatchObject({
      action: 'label.added',
      actor: { accountId: USER, type: 'user' },
      container: SPACE,
      object: { type: 'label', id: '123456789', title: 'example-label', parent },
      changes: [{ field: 'label', from: null, to: 'example-label' }],
    });
  });

  test('user and group created carry no actor: recorded as unknown, never guessed from the object', () => {
    const user = recordOf(fixture('confluence/confluence_created_user.json'));
    expect(user).toMatchObject({
      action: 'user.created',
      actor: { accountId: null, type: 'unknown' },
      container: null,
      object: { type: 'user', id: USER },
    });
    const group = recordOf(fixture('confluence/confluence_created_group.json'));
    expect(group).toMatchObject({
      action: 'group.created',
      actor: { accountId: null, type: 'unknown' },
      object: { type: 'group', id: 'ab1a3479-143a-456e-8853-d359e577863a', title: 'example-group' },
    });
  });

  test('relations: a stable id from name, source and target; the target as parent', () => {
    const created = recordOf(fixture('confluence/confluence_created_relation.json'));
    expect(created).toMatchObject({
      action: 'relation.created',
      container: SPACE,
      object: {
        type: 'relation',
        id: `watching:user/${USER}>page/838205441`,
        key: 'watching',
        parent: PAGE_PARENT,
      },
    });
    const deleted = recordOf(fixture('confluence/confluence_deleted_relation.json'));
    expect(deleted).toMatchObject({
      action: 'relation.deleted',
      object: {
        type: 'relation',
        id: 'summary:page/838205441>space/827392002',
        parent: { type: 'space', id: '827392002' },
      },
    });
  });

  test('search performed: no object; the query and the result count', () => {
    const record = recordOf(fixture('confluence/confluence_performed_search.json'));
    expect(record).toMatchObject({
      action: 'search.performed',
      actor: { accountId: USER, type: 'user' },
      object: null,
      changes: [
        { field: 'query', from: null, to: 'test search' },
        { field: 'results', from: null, to: '2' },
      ],
    });
  });

  test('Jira Software payloads have no time: the arrival time is used', () => {
    const board = recordOf(fixture('jira-software/jira-software_created_board.json'));
    expect(board).toMatchObject({
      product: 'jira',
      action: 'board.created',
      time: RECEIVED_AT.toISOString(),
      actor: { accountId: '5c37e3bdb393bf4ce95658d5', type: 'user' },
      object: { type: 'board', id: '11', title: 'Some SCRUM board' },
      container: null,
    });
  });

  test('board configuration changed: the board, in the project of its location', () => {
    const record = recordOf(fixture('jira-software/jira-software_configuration-changed_board.json'));
    expect(record).toMatchObject({
      action: 'board.configuration_changed',
      actor: { accountId: '655363:f4dec1e8-6b1a-48aa-a9bf-e03d10b4abba', type: 'user' },
      container: { type: 'project', id: '10005', key: 'CMPSCRUM', name: 'cmpscrum' },
      object: { type: 'board', id: '11', title: 'CMPSCRUM board' },
    });
  });

  test('sprint updated: each key of oldValue, from the old value to the sprint’s new one', () => {
    const record = recordOf(fixture('jira-software/jira-software_updated_sprint.json'));
    expect(record).toMatchObject({
      action: 'sprint.updated',
      object: { type: 'sprint', id: '6', title: 'EX1 Sprint 1', parent: { type: 'board', id: '12' } },
    });
    expect(record.changes).toEqual([
      { field: 'goal', from: 'The goal', to: 'The new goal' },
      { field: 'startDate', from: '2024-10-03T00:00:00.000+0200', to: '2024-10-05T00:00:00.000+0200' },
      { field: 'endDate', from: '2024-10-05T00:00:00.000+0200', to: '2024-10-12T00:00:00.000+0200' },
    ]);
  });
});

describe('changelog items from Atlassian Labs’ issue-status-helper', () => {
  const items = loadJsonFixture('forge-events/jira/issue-status-helper.changelog-items.json') as Record<
    string,
    unknown
  >;
  const updateWith = (name: string): unknown => ({
    eventType: 'avi:jira:updated:issue',
    timestamp: 1700000000000,
    atlassianId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
    issue: {
      id: '10001',
      key: 'BAM-1',
      fields: { summary: 'Parent', project: { id: '10000', key: 'BAM', name: 'Bam' } },
    },
    changelog: { id: '10100', items: items[name] },
  });

  test.each([
    ['statusChangelogItems', { field: 'status', from: 'To Do', to: 'In Progress' }],
    // display strings are null: the ids are what there is
    ['sprintChangelogItems', { field: 'Sprint', from: '126', to: '127' }],
    // no fieldId, only raw `to`
    ['teamManagedParentChangelogItems', { field: 'IssueParentAssociation', from: null, to: '14614' }],
    ['companyManagedParentChangelogItems', { field: 'Epic Link', from: null, to: '14647' }],
    // `to` is null, only `toString` is set
    ['higherLevelParentChangelogItems', { field: 'Parent Link', from: null, to: 'BAM-3' }],
  ])('%s → %o', (name, expected) => {
    const record = recordOf(updateWith(name));
    expect(record.action).toBe('issue.updated');
    expect(record.changes).toEqual([expected]);
    expect(record.container).toEqual({ type: 'project', id: '10000', key: 'BAM', name: 'Bam' });
    expect(record.object).toEqual({ type: 'issue', id: '10001', key: 'BAM-1', title: 'Parent' });
  });
});
