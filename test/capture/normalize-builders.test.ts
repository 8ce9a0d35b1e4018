/**
 * Every event the payload builders cover (dev/payloads) → the expected action. The table is written out
 * by hand, independently of the normalizer's own table, so a change to either shows up here.
 */
import {
  ALL_EVENT_TYPES,
  ALL_EVENT_TYPES_BY_FAMILY,
  SAMPLE,
  SAMPLE_ISSUE,
  confluenceAttachmentEvent,
  confluenceCommentEvent,
  confluenceContentEvent,
  confluenceLabelEvent,
  confluenceSpaceEvent,
  confluenceTaskEvent,
  jiraCommentEvent,
  jiraIssueEvent,
  jiraWorklogEvent,
  samplePayload,
  sampleContent,
} from '../../dev/payloads';
import { KNOWN_EVENT_TYPES } from '../../src/capture/normalize';
import { fieldLengths } from '../../src/limits';
import { expectWithinLimits, recordOf } from '../fixtures';

const EXPECTED_ACTIONS: readonly (readonly [string, string])[] = [
  ['avi:jira:created:issue', 'issue.created'],
  ['avi:jira:updated:issue', 'issue.updated'],
  ['avi:jira:deleted:issue', 'issue.deleted'],
  ['avi:jira:assigned:issue', 'issue.assigned'],
  ['avi:jira:viewed:issue', 'issue.viewed'],
  ['avi:jira:mentioned:issue', 'issue.mentioned'],
  ['avi:jira:commented:issue', 'comment.created'],
  ['avi:jira:mentioned:comment', 'comment.mentioned'],
  ['avi:jira:deleted:comment', 'comment.deleted'],
  ['avi:jira:created:worklog', 'worklog.created'],
  ['avi:jira:updated:worklog', 'worklog.updated'],
  ['avi:jira:deleted:worklog', 'worklog.deleted'],
  ['avi:jira:created:issuelink', 'issuelink.created'],
  ['avi:jira:deleted:issuelink', 'issuelink.deleted'],
  ['avi:jira:created:attachment', 'attachment.created'],
  ['avi:jira:deleted:attachment', 'attachment.deleted'],
  ['avi:jira:set:issue-property', 'issue_property.set'],
  ['avi:jira:deleted:issue-property', 'issue_property.deleted'],
  ['avi:jira:created:project', 'project.created'],
  ['avi:jira:updated:project', 'project.updated'],
  ['avi:jira:softdeleted:project', 'project.trashed'],
  ['avi:jira:deleted:project', 'project.deleted'],
  ['avi:jira:archived:project', 'project.archived'],
  ['avi:jira:unarchived:project', 'project.unarchived'],
  ['avi:jira:restored:project', 'project.restored'],
  ['avi:jira:created:user', 'user.created'],
  ['avi:jira:updated:user', 'user.updated'],
  ['avi:jira:deleted:user', 'user.deleted'],
  ['avi:jira:created:version', 'version.created'],
  ['avi:jira:updated:version', 'version.updated'],
  ['avi:jira:deleted:version', 'version.deleted'],
  ['avi:jira:released:version', 'version.released'],
  ['avi:jira:unreleased:version', 'version.unreleased'],
  ['avi:jira:archived:version', 'version.archived'],
  ['avi:jira:unarchived:version', 'version.unarchived'],
  ['avi:jira:moved:version', 'version.moved'],
  ['avi:jira:merged:version', 'version.merged'],
  ['avi:jira:created:component', 'component.created'],
  ['avi:jira:updated:component', 'component.updated'],
  ['avi:jira:deleted:component', 'component.deleted'],
  ['avi:jira:created:filter', 'filter.created'],
  ['avi:jira:updated:filter', 'filter.updated'],
  ['avi:jira:deleted:filter', 'filter.deleted'],
  ['avi:jira:created:issuetype', 'issuetype.created'],
  ['avi:jira:updated:issuetype', 'issuetype.updated'],
  ['avi:jira:deleted:issuetype', 'issuetype.deleted'],
  ['avi:jira:created:field', 'field.created'],
  ['avi:jira:updated:field', 'field.updated'],
  ['avi:jira:trashed:field', 'field.trashed'],
  ['avi:jira:restored:field', 'field.restored'],
  ['avi:jira:deleted:field', 'field.deleted'],
  ['avi:jira:created:field:context', 'field_context.created'],
  ['avi:jira:updated:field:context', 'field_context.updated'],
  ['avi:jira:deleted:field:context', 'field_context.deleted'],
  ['avi:jira:updated:field:context:configuration', 'field_context.configuration_updated'],
  ['avi:jira:changed:configuration', 'config.changed'],
  ['avi:jira:timetracking:provider:changed', 'config.changed'],
  ['avi:jira-software:created:board', 'board.created'],
  ['avi:jira-software:updated:board', 'board.updated'],
  ['avi:jira-software:deleted:board', 'board.deleted'],
  ['avi:jira-software:configuration-changed:board', 'board.configuration_changed'],
  ['avi:jira-software:created:sprint', 'sprint.created'],
  ['avi:jira-software:started:sprint', 'sprint.started'],
  ['avi:jira-software:updated:sprint', 'sprint.updated'],
  ['avi:jira-software:closed:sprint', 'sprint.closed'],
  ['avi:jira-software:deleted:sprint', 'sprint.deleted'],
  ['avi:confluence:created:page', 'page.created'],
  ['avi:confluence:updated:page', 'page.updated'],
  ['avi:confluence:liked:page', 'page.liked'],
  ['avi:confluence:viewed:page', 'page.viewed'],
  ['avi:confluence:archived:page', 'page.archived'],
  ['avi:confluence:unarchived:page', 'page.unarchived'],
  ['avi:confluence:moved:page', 'page.moved'],
  ['avi:confluence:copied:page', 'page.copied'],
  ['avi:confluence:children_reordered:page', 'page.children_reordered'],
  ['avi:confluence:permissions_updated:page', 'page.permissions_updated'],
  ['avi:confluence:trashed:page', 'page.trashed'],
  ['avi:confluence:restored:page', 'page.restored'],
  ['avi:confluence:deleted:page', 'page.deleted'],
  ['avi:confluence:initialized:page', 'page.created'],
  ['avi:confluence:started:page', 'page.updated'],
  ['avi:confluence:snapshotted:page', 'page.updated'],
  ['avi:confluence:published:page', 'page.published'],
  ['avi:confluence:created:blogpost', 'blogpost.created'],
  ['avi:confluence:updated:blogpost', 'blogpost.updated'],
  ['avi:confluence:liked:blogpost', 'blogpost.liked'],
  ['avi:confluence:viewed:blogpost', 'blogpost.viewed'],
  ['avi:confluence:permissions_updated:blogpost', 'blogpost.permissions_updated'],
  ['avi:confluence:trashed:blogpost', 'blogpost.trashed'],
  ['avi:confluence:restored:blogpost', 'blogpost.restored'],
  ['avi:confluence:deleted:blogpost', 'blogpost.deleted'],
  ['avi:confluence:created:whiteboard', 'whiteboard.created'],
  ['avi:confluence:moved:whiteboard', 'whiteboard.moved'],
  ['avi:confluence:copied:whiteboard', 'whiteboard.copied'],
  ['avi:confluence:permissions_updated:whiteboard', 'whiteboard.permissions_updated'],
  ['avi:confluence:created:database', 'database.created'],
  ['avi:confluence:moved:database', 'database.moved'],
  ['avi:confluence:copied:database', 'database.copied'],
  ['avi:confluence:permissions_updated:database', 'database.permissions_updated'],
  ['avi:confluence:created:folder', 'folder.created'],
  ['avi:confluence:moved:folder', 'folder.moved'],
  ['avi:confluence:copied:folder', 'folder.copied'],
  ['avi:confluence:permissions_updated:folder', 'folder.permissions_updated'],
  ['avi:confluence:created:embed', 'embed.created'],
  ['avi:confluence:moved:embed', 'embed.moved'],
  ['avi:confluence:copied:embed', 'embed.copied'],
  ['avi:confluence:created:task', 'task.created'],
  ['avi:confluence:updated:task', 'task.updated'],
  ['avi:confluence:removed:task', 'task.removed'],
  ['avi:confluence:created:comment', 'comment.created'],
  ['avi:confluence:updated:comment', 'comment.updated'],
  ['avi:confluence:liked:comment', 'comment.liked'],
  ['avi:confluence:deleted:comment', 'comment.deleted'],
  ['avi:confluence:created:space:V2', 'space.created'],
  ['avi:confluence:updated:space:V2', 'space.updated'],
  ['avi:confluence:permissions_updated:space:V2', 'space.permissions_updated'],
  ['avi:confluence:deleted:space:V2', 'space.deleted'],
  ['avi:confluence:created:attachment', 'attachment.created'],
  ['avi:confluence:updated:attachment', 'attachment.updated'],
  ['avi:confluence:viewed:attachment', 'attachment.viewed'],
  ['avi:confluence:archived:attachment', 'attachment.archived'],
  ['avi:confluence:unarchived:attachment', 'attachment.unarchived'],
  ['avi:confluence:trashed:attachment', 'attachment.trashed'],
  ['avi:confluence:restored:attachment', 'attachment.restored'],
  ['avi:confluence:deleted:attachment', 'attachment.deleted'],
  ['avi:confluence:created:custom_content', 'custom_content.created'],
  ['avi:confluence:updated:custom_content', 'custom_content.updated'],
  ['avi:confluence:permissions_updated:custom_content', 'custom_content.permissions_updated'],
  ['avi:confluence:trashed:custom_content', 'custom_content.trashed'],
  ['avi:confluence:restored:custom_content', 'custom_content.restored'],
  ['avi:confluence:deleted:custom_content', 'custom_content.deleted'],
  ['avi:confluence:created:label', 'label.created'],
  ['avi:confluence:added:label', 'label.added'],
  ['avi:confluence:removed:label', 'label.removed'],
  ['avi:confluence:deleted:label', 'label.deleted'],
  ['avi:confluence:created:user', 'user.created'],
  ['avi:confluence:deleted:user', 'user.deleted'],
  ['avi:confluence:created:group', 'group.created'],
  ['avi:confluence:deleted:group', 'group.deleted'],
  ['avi:confluence:created:relation', 'relation.created'],
  ['avi:confluence:deleted:relation', 'relation.deleted'],
  ['avi:confluence:performed:search', 'search.performed'],
];

describe('one payload per event name the builders cover', () => {
  test('the expectation table, the builders and the normalizer cover the same 142 event names', () => {
    const expected = EXPECTED_ACTIONS.map(([eventType]) => eventType);
    expect(new Set(expected).size).toBe(expected.length);
    expect([...ALL_EVENT_TYPES].sort()).toEqual([...expected].sort());
    expect([...KNOWN_EVENT_TYPES].sort()).toEqual([...expected].sort());
    expect(Object.keys(ALL_EVENT_TYPES_BY_FAMILY).length).toBe(34);
  });

  test.each(EXPECTED_ACTIONS)('%s → %s', (eventType, action) => {
    const payload = samplePayload(eventType);
    expect(payload.eventType).toBe(eventType);
    const record = recordOf(payload);
    expect(record.action).toBe(action);
    expect(record.product).toBe(eventType.startsWith('avi:confluence:') ? 'confluence' : 'jira');
    expect(record.source.event).toBe(eventType);
    expectWithinLimits(record);
    // Jira Software payloads have no time; every other sample is at its fixed time.
    if (!eventType.startsWith('avi:jira-software:')) expect(record.time).toBe('2026-03-02T10:00:00.000Z');
    // Only a search has no object.
    if (action !== 'search.performed') expect(record.object).not.toBeNull();
  });

  test('samplePayload refuses a name no builder covers', () => {
    expect(() => samplePayload('avi:jira:exploded:widget')).toThrow(/no builder covers/);
  });
});

const { alice, bob } = SAMPLE.jira;
const { carol, automation } = SAMPLE.confluence;
const at = new Date('2026-03-02T11:00:00.000Z');

describe('Jira specifics, through the builders', () => {
  test('an issue update: summary as title, project as container, changelog as display strings', () => {
    const record = recordOf(
      jiraIssueEvent('updated', {
        issue: SAMPLE_ISSUE,
        actor: alice,
        at,
        changes: [{ field: 'priority', from: '3', fromString: 'Medium', to: '2', toString: 'High' }],
      }),
    );
    expect(record).toMatchObject({
      action: 'issue.updated',
      time: at.toISOString(),
      actor: { accountId: alice.accountId, type: 'user' },
      container: { type: 'project', id: '10000', key: 'OPS', name: 'Operations' },
      object: { type: 'issue', id: '10042', key: 'OPS-42', title: 'Rotate the database credentials' },
      changes: [{ field: 'priority', from: 'Medium', to: 'High' }],
    });
  });

  test('issue created without atlassianId: the one associated user (the creator) is the actor', () => {
    const payload = {
      ...jiraIssueEvent('created', { issue: SAMPLE_ISSUE, actor: bob, at }),
      atlassianId: undefined,
    };
    expect(recordOf(payload).actor).toEqual({ accountId: bob.accountId, type: 'user' });
  });

  test('issue updated without atlassianId: associated users mix in assignees, so the actor stays unknown', () => {
    const payload = {
      ...jiraIssueEvent('updated', { issue: SAMPLE_ISSUE, actor: bob, at }),
      atlassianId: undefined,
      associatedUsers: [{ accountId: bob.accountId }, { accountId: alice.accountId }],
    };
    expect(recordOf(payload).actor).toEqual({ accountId: null, type: 'unknown' });
  });

  test('a viewed issue is issue.viewed by its viewer', () => {
    const record = recordOf(jiraIssueEvent('viewed', { issue: SAMPLE_ISSUE, actor: bob, at }));
    expect(record).toMatchObject({
      action: 'issue.viewed',
      actor: { accountId: bob.accountId, type: 'user' },
    });
  });

  test('a comment edit through the builders: comment.updated by the update author', () => {
    const created = new Date('2026-03-02T09:00:00.000Z');
    const payload = jiraCommentEvent('commented', {
      issue: SAMPLE_ISSUE,
      comment: { id: '10501', body: 'Fixed.', author: alice, updateAuthor: bob, created, updated: at },
      at,
    });
    const record = recordOf({ ...payload, atlassianId: undefined });
    expect(record).toMatchObject({
      action: 'comment.updated',
      actor: { accountId: bob.accountId, type: 'user' },
    });
  });

  test('an ADF body: paragraphs on their own lines, mentions and emoji by their text', () => {
    const body = {
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Hi ' },
            { type: 'mention', attrs: { id: bob.accountId, text: '@Bob Example' } },
            { type: 'text', text: ', done ' },
            { type: 'emoji', attrs: { shortName: ':tada:', text: '🎉' } },
          ],
        },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'line one' },
            { type: 'hardBreak' },
            { type: 'text', text: 'line two' },
          ],
        },
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'item' }] }] },
          ],
        },
      ],
    };
    const record = recordOf(
      jiraCommentEvent('commented', {
        issue: SAMPLE_ISSUE,
        comment: { id: '1', body, author: alice, created: at },
        at,
      }),
    );
    expect(record.changes).toEqual([
      { field: 'comment', from: null, to: 'Hi @Bob Example, done 🎉\nline one\nline two\nitem' },
    ]);
  });

  test('a long comment is cut to the value length with a trailing ellipsis', () => {
    const long = 'word '.repeat(1000);
    const record = recordOf(
      jiraCommentEvent('commented', {
        issue: SAMPLE_ISSUE,
        comment: { id: '2', body: long, author: alice, created: at },
        at,
      }),
    );
    const text = record.changes[0]?.to ?? '';
    expect(text.length).toBe(fieldLengths.changeValue);
    expect(text.endsWith('…')).toBe(true);
  });

  test('more changed fields than a record keeps: the last entry counts the rest', () => {
    const changes = Array.from({ length: 60 }, (_, i) => ({
      field: `field ${i}`,
      fromString: 'a',
      toString: 'b',
    }));
    const record = recordOf(jiraIssueEvent('updated', { issue: SAMPLE_ISSUE, actor: alice, at, changes }));
    expect(record.changes.length).toBe(fieldLengths.changesPerRecord);
    expect(record.changes[48]).toEqual({ field: 'field 48', from: 'a', to: 'b' });
    expect(record.changes[49]).toEqual({ field: '…', from: null, to: '11 more changes not stored' });
  });

  test('a worklog created by an app account is attributed to an app', () => {
    const app = { accountId: '557058:app', displayName: 'Timer', accountType: 'app' as const };
    const payload = jiraWorklogEvent('created', {
      worklog: {
        id: '9',
        issueId: SAMPLE_ISSUE.id,
        author: app,
        timeSpentSeconds: 60,
        started: at,
        created: at,
      },
      at,
    });
    expect(recordOf(payload).actor).toEqual({ accountId: '557058:app', type: 'app' });
  });
});

describe('Confluence specifics, through the builders', () => {
  const page = sampleContent('page', 3);

  test('an anonymous page view (no atlassianId): actor anonymous', () => {
    const record = recordOf(confluenceContentEvent('viewed', { content: page, actor: null, at }));
    expect(record).toMatchObject({ action: 'page.viewed', actor: { accountId: null, type: 'anonymous' } });
  });

  test('anonymous only for views: a trashed page without atlassianId has an unknown actor', () => {
    const record = recordOf(confluenceContentEvent('trashed', { content: page, actor: null, at }));
    expect(record).toMatchObject({ action: 'page.trashed', actor: { accountId: null, type: 'unknown' } });
    expect(recordOf(confluenceContentEvent('deleted', { content: page, at })).action).toBe('page.deleted');
  });

  test('an anonymous attachment view; a blog post trashed', () => {
    const attachment = {
      id: '77',
      title: 'a.png',
      container: page,
      version: 1,
      createdBy: carol,
      createdDate: at,
    };
    expect(recordOf(confluenceAttachmentEvent('viewed', { attachment, actor: null, at })).actor.type).toBe(
      'anonymous',
    );
    expect(
      recordOf(confluenceContentEvent('trashed', { content: sampleContent('blogpost'), at })).action,
    ).toBe('blogpost.trashed');
  });

  test('without atlassianId, an update is by the version author and a create by the creator', () => {
    const edited = { ...page, versionBy: automation };
    expect(recordOf(confluenceContentEvent('updated', { content: edited, actor: null, at })).actor).toEqual({
      accountId: automation.accountId,
      type: 'app',
    });
    expect(recordOf(confluenceContentEvent('created', { content: edited, actor: null, at })).actor).toEqual({
      accountId: carol.accountId,
      type: 'user',
    });
  });

  test('with atlassianId naming an app account (per the version author’s accountType): type app', () => {
    const edited = { ...page, versionBy: automation };
    expect(
      recordOf(confluenceContentEvent('updated', { content: edited, actor: automation, at })).actor,
    ).toEqual({
      accountId: automation.accountId,
      type: 'app',
    });
  });

  test('a live doc is still a page; initialized is page.created, snapshotted page.updated', () => {
    const live = { ...page, subType: 'live' as const };
    const initialized = recordOf(confluenceContentEvent('initialized', { content: live, at }));
    expect(initialized).toMatchObject({ action: 'page.created', object: { type: 'page', id: page.id } });
    expect(recordOf(confluenceContentEvent('snapshotted', { content: live, at })).action).toBe(
      'page.updated',
    );
  });

  test('a page moved to another space: the space change from prevContent', () => {
    const moved = { ...page, space: SAMPLE.confluence.otherSpace };
    const record = recordOf(
      confluenceContentEvent('moved', { content: moved, prevContent: page, actor: carol, at }),
    );
    expect(record).toMatchObject({
      action: 'page.moved',
      container: { type: 'space', id: '827392010', key: 'HR' },
      changes: [{ field: 'space', from: 'ENG', to: 'HR' }],
    });
  });

  test('a comment on a blog post: the blog post is its parent', () => {
    const blog = sampleContent('blogpost');
    const record = recordOf(
      confluenceCommentEvent('updated', {
        comment: { id: '5', container: blog, version: 2, createdBy: carol, createdDate: at },
        at,
      }),
    );
    expect(record).toMatchObject({
      action: 'comment.updated',
      object: { type: 'comment', id: '5', parent: { type: 'blogpost', id: blog.id, title: blog.title } },
      container: { type: 'space', id: '827392002', key: 'ENG' },
    });
  });

  test('a label removed from a page: the old value is the label', () => {
    const record = recordOf(
      confluenceLabelEvent('removed', {
        label: { id: '9', name: 'draft' },
        on: { content: page },
        actor: carol,
        at,
      }),
    );
    expect(record.changes).toEqual([{ field: 'label', from: 'draft', to: null }]);
  });

  test('space permissions updated and deleted keep the space as container', () => {
    for (const verb of ['permissions_updated', 'deleted'] as const) {
      expect(
        recordOf(confluenceSpaceEvent(verb, { space: SAMPLE.confluence.space, actor: carol, at })),
      ).toMatchObject({
        action: `space.${verb}`,
        container: { type: 'space', id: '827392002', key: 'ENG', name: 'Engineering' },
      });
    }
  });

  test('a task created has no status change; a task without uuid is identified by its id', () => {
    const record = recordOf(
      confluenceTaskEvent('created', {
        task: { id: 7, uuid: null, status: 'incomplete' },
        content: page,
        actor: carol,
        at,
      }),
    );
    expect(record).toMatchObject({ action: 'task.created', object: { type: 'task', id: '7' }, changes: [] });
  });
});

describe('the changelog builder', () => {
  test('a change given without toString has a null toString, not Object.prototype’s function', () => {
    const payload = jiraIssueEvent('updated', {
      issue: SAMPLE_ISSUE,
      at,
      changes: [{ field: 'Sprint', from: '1', to: '2' }],
    });
    const item = (payload.changelog as { items: readonly Record<string, unknown>[] }).items[0];
    expect(item).toEqual({
      field: 'Sprint',
      fieldtype: 'jira',
      from: '1',
      fromString: null,
      to: '2',
      toString: null,
    });
  });
});
