/**
 * Real classic Jira Cloud webhook bodies (mattermost-plugin-jira test data), converted to the Forge
 * payload the same change produces. They are the closest real captures of Jira issue and comment
 * changelogs: no full Forge Jira payload is published (see test/fixtures/README.md, "Not found").
 */
import { listFixtures, loadJsonFixture, RECEIVED_AT, recordOf, expectWithinLimits } from '../fixtures';

type Json = Readonly<Record<string, unknown>>;

/**
 * Webhook → Forge. The event name comes from `webhookEvent`: jira:issue_created → avi:jira:created:issue,
 * jira:issue_updated → avi:jira:updated:issue (whatever `issue_event_type_name` says: Forge sends an
 * updated event for assignments and transitions too), jira:issue_deleted → avi:jira:deleted:issue,
 * comment_created and comment_updated → avi:jira:commented:issue (Forge has one event for both),
 * comment_deleted → avi:jira:deleted:comment. `timestamp`, `issue`, `changelog` and `comment` are kept
 * as they are; the webhook's `user.accountId` becomes `atlassianId` (comment webhooks have no `user`).
 */
const FORGE_EVENT_OF_WEBHOOK: Readonly<Record<string, string>> = {
  'jira:issue_created': 'avi:jira:created:issue',
  'jira:issue_updated': 'avi:jira:updated:issue',
  'jira:issue_deleted': 'avi:jira:deleted:issue',
  comment_created: 'avi:jira:commented:issue',
  comment_updated: 'avi:jira:commented:issue',
  comment_deleted: 'avi:jira:deleted:comment',
};

function forgeFromWebhook(body: Json): Json {
  const eventType = FORGE_EVENT_OF_WEBHOOK[String(body.webhookEvent)];
  if (eventType === undefined) throw new Error(`no Forge event for webhook ${String(body.webhookEvent)}`);
  const accountId = (body.user as Json | undefined)?.accountId;
  return {
    eventType,
    timestamp: body.timestamp,
    issue: body.issue,
    ...(body.changelog !== undefined ? { changelog: body.changelog } : {}),
    ...(body.comment !== undefined ? { comment: body.comment } : {}),
    ...(typeof accountId === 'string' ? { atlassianId: accountId } : {}),
  };
}

const DIR = 'jira-webhooks/mattermost-plugin-jira';
const webhook = (name: string): Json => loadJsonFixture(`${DIR}/${name}.json`) as Json;
const recordOfWebhook = (name: string) => recordOf(forgeFromWebhook(webhook(name)));

describe('classic Jira webhook captures, as Forge payloads', () => {
  const files = listFixtures(DIR);

  test('all 35 captures are there', () => {
    expect(files.length).toBe(35);
  });

  test.each(files)('%s: a Jira record on the issue, at the webhook’s time', (file) => {
    const body = loadJsonFixture(file) as Json;
    const record = recordOf(forgeFromWebhook(body));
    const issue = body.issue as Json;
    expect(record.product).toBe('jira');
    expect(record.time).toBe(new Date(body.timestamp as number).toISOString());
    expect(record.receivedAt).toBe(RECEIVED_AT.toISOString());
    expect(record.container?.type).toBe('project');
    const issueRef = record.object?.type === 'issue' ? record.object : record.object?.parent;
    expect(issueRef).toMatchObject({ type: 'issue', id: issue.id, key: issue.key });
    expectWithinLimits(record);
  });

  test('assigned: the assignee’s display name, not the account id', () => {
    const record = recordOfWebhook('webhook-issue-updated-assigned');
    expect(record).toMatchObject({
      action: 'issue.updated',
      time: '2019-02-16T03:18:01.752Z',
      actor: { accountId: '5c5f880629be9642ba529340', type: 'user' },
      container: { type: 'project', id: '10000', key: 'TES' },
      object: { type: 'issue', id: '10040', key: 'TES-41' },
    });
    expect(record.changes).toEqual([{ field: 'assignee', from: null, to: 'Test User' }]);
  });

  test('unassigned: the old assignee, then null', () => {
    expect(recordOfWebhook('webhook-issue-updated-assigned-nobody').changes).toEqual([
      { field: 'assignee', from: 'Test User', to: null },
    ]);
  });

  test('status and resolution: display names', () => {
    expect(recordOfWebhook('webhook-issue-updated-resolved').changes).toEqual([
      { field: 'resolution', from: null, to: 'Done' },
      { field: 'status', from: 'In Progress', to: 'Done' },
    ]);
    expect(recordOfWebhook('webhook-issue-updated-reopened').changes).toEqual([
      { field: 'resolution', from: 'Done', to: null },
      { field: 'status', from: 'Done', to: 'To Do' },
    ]);
  });

  test('labels, fix version, priority, issue type, rank: display strings ("" stays "")', () => {
    expect(recordOfWebhook('webhook-issue-updated-labels').changes).toEqual([
      { field: 'labels', from: 'bad test-label', to: 'sad test-label' },
    ]);
    expect(recordOfWebhook('webhook-issue-updated-fix-version').changes).toEqual([
      { field: 'Fix Version', from: 'v1', to: 'v2' },
    ]);
    expect(recordOfWebhook('webhook-issue-updated-raised-priority').changes).toEqual([
      { field: 'priority', from: 'Low', to: 'High' },
    ]);
    expect(recordOfWebhook('webhook-issue-updated-issue-type').changes).toEqual([
      { field: 'issuetype', from: 'Task', to: 'Bug' },
    ]);
    expect(recordOfWebhook('webhook-issue-updated-rank').changes).toEqual([
      { field: 'Rank', from: '', to: 'ranked higher' },
    ]);
  });

  test('several fields in one update: all kept, in order', () => {
    expect(recordOfWebhook('webhook-issue-updated-multiple-values').changes).toEqual([
      { field: 'Fix Version', from: 'v1', to: 'v2' },
      { field: 'assignee', from: null, to: 'Test User' },
      { field: 'QA Steps', from: null, to: 'Make sure it does the thing.' },
    ]);
  });

  test('an assignment with an empty changelog is still an update, with no changes', () => {
    const record = recordOfWebhook('webhook-issue-assigned-empty-changelog');
    expect(record.action).toBe('issue.updated');
    expect(record.changes).toEqual([]);
  });

  test('created: the initial values the changelog carries, the summary as title', () => {
    const record = recordOfWebhook('webhook-issue-created');
    expect(record).toMatchObject({
      action: 'issue.created',
      object: { type: 'issue', id: '10040', key: 'TES-41', title: 'Unit test summary' },
    });
    expect(record.changes).toContainEqual({ field: 'Status', from: null, to: 'To Do' });
    expect(record.changes).toContainEqual({ field: 'reporter', from: null, to: 'Test User' });
  });

  test('deleted: an issue.deleted record', () => {
    expect(recordOfWebhook('webhook-issue-deleted')).toMatchObject({
      action: 'issue.deleted',
      actor: { accountId: '5c5f880629be9642ba529340', type: 'user' },
    });
  });

  test('comment created (updated == created): comment.created, by its author, with the body', () => {
    const record = recordOfWebhook('webhook-cloud-comment-created');
    expect(record).toMatchObject({
      action: 'comment.created',
      actor: { accountId: '5c5f880629be9642ba529340', type: 'user' },
      container: { type: 'project', id: '10000', key: 'TES', name: 'test1' },
      object: {
        type: 'comment',
        id: '10019',
        parent: { type: 'issue', id: '10040', key: 'TES-41', title: 'Unit test summary 1' },
      },
    });
    expect(record.object?.title).toBeUndefined();
    expect(record.changes).toEqual([{ field: 'comment', from: null, to: 'Added a comment' }]);
  });

  test('comment edited (same event name): comment.updated, never a second comment.created', () => {
    const created = recordOfWebhook('webhook-cloud-comment-created');
    const edited = recordOfWebhook('webhook-cloud-comment-updated');
    expect(edited.action).toBe('comment.updated');
    expect(edited.changes).toEqual([{ field: 'comment', from: null, to: 'Added a comment, then edited it' }]);
    expect(edited.id).not.toBe(created.id);
  });

  test('comment deleted: the removed text as the old value', () => {
    const record = recordOfWebhook('webhook-cloud-comment-deleted');
    expect(record).toMatchObject({ action: 'comment.deleted', object: { type: 'comment', id: '10757' } });
    expect(record.changes).toEqual([{ field: 'comment', from: 'wd\n\ndwd', to: null }]);
    // Nobody is named as the one who deleted it: the author is not assumed to be.
    expect(record.actor).toEqual({ accountId: null, type: 'unknown' });
  });
});
