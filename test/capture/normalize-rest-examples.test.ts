/**
 * Jira REST documentation examples (worklog, comment, issue link, project), wrapped in Forge event
 * envelopes. The docs mirror does not show the Forge Worklog/Comment/Project types, so these REST
 * representations are the best available picture of what the events carry.
 */
import { loadJsonFixture, recordOf } from '../fixtures';

type Json = Readonly<Record<string, unknown>>;
const rest = (name: string): Json => loadJsonFixture(`jira-rest-openapi-examples/${name}.200.json`) as Json;
const AT = 1_700_000_000_000;
const AUTHOR = '5b10a2844c20165700ede21g';
const ISSUE = {
  id: '10010',
  key: 'EX-10',
  fields: { summary: 'Example issue', project: { id: '10000', key: 'EX', name: 'Example' } },
};

describe('worklog events around the REST Worklog', () => {
  const worklog = rest('get-issue-worklog-id');

  test('created: the author is the actor; time spent as Jira shows it; the issue as parent', () => {
    const record = recordOf({ eventType: 'avi:jira:created:worklog', timestamp: AT, worklog });
    expect(record).toMatchObject({
      action: 'worklog.created',
      time: new Date(AT).toISOString(),
      actor: { accountId: AUTHOR, type: 'user' },
      object: { type: 'worklog', id: '100028', parent: { type: 'issue', id: '10002' } },
      changes: [{ field: 'timeSpent', from: null, to: '3h 20m' }],
    });
  });

  test('updated: the update author is the actor', () => {
    const edited = { ...worklog, updateAuthor: { accountId: 'editor-1', accountType: 'atlassian' } };
    const record = recordOf({ eventType: 'avi:jira:updated:worklog', timestamp: AT, worklog: edited });
    expect(record.actor).toEqual({ accountId: 'editor-1', type: 'user' });
  });

  test('deleted: nobody is named as the deleter, so the actor is unknown; the time spent is the old value', () => {
    const record = recordOf({ eventType: 'avi:jira:deleted:worklog', timestamp: AT, worklog });
    expect(record.actor).toEqual({ accountId: null, type: 'unknown' });
    expect(record.changes).toEqual([{ field: 'timeSpent', from: '3h 20m', to: null }]);
  });

  test('without the display string, seconds are shown', () => {
    const { timeSpent: _omit, ...bare } = worklog;
    const record = recordOf({ eventType: 'avi:jira:created:worklog', timestamp: AT, worklog: bare });
    expect(record.changes).toEqual([{ field: 'timeSpent', from: null, to: '12000s' }]);
  });

  test('each worklog of a page of worklogs is its own record', () => {
    const page = rest('get-issue-worklog');
    const worklogs = page.worklogs as readonly Json[];
    const records = worklogs.map((w) =>
      recordOf({ eventType: 'avi:jira:created:worklog', timestamp: AT, worklog: w }),
    );
    expect(records.map((r) => r.object?.id)).toEqual(worklogs.map((w) => w.id));
    expect(new Set(records.map((r) => r.id)).size).toBe(worklogs.length);
  });
});

describe('commented:issue around the REST Comment (ADF body)', () => {
  const comment = rest('get-issue-comment-id');
  const event = (c: Json): Json => ({
    eventType: 'avi:jira:commented:issue',
    timestamp: AT,
    issue: ISSUE,
    comment: c,
  });

  test('updated later than created: comment.updated by the update author, the ADF flattened to text', () => {
    const record = recordOf(event(comment));
    expect(record).toMatchObject({
      action: 'comment.updated',
      actor: { accountId: AUTHOR, type: 'user' },
      container: { type: 'project', id: '10000', key: 'EX', name: 'Example' },
      object: {
        type: 'comment',
        id: '10000',
        parent: { type: 'issue', id: '10010', key: 'EX-10', title: 'Example issue' },
      },
    });
    expect(record.changes).toEqual([
      {
        field: 'comment',
        from: null,
        to: expect.stringMatching(/^Lorem ipsum dolor sit amet, .* augue semper\.$/) as unknown as string,
      },
    ]);
  });

  test('with `updated` absent: comment.created', () => {
    const { updated: _omit, ...fresh } = comment;
    expect(recordOf(event(fresh)).action).toBe('comment.created');
  });

  test('with `updated` equal to `created`: comment.created', () => {
    expect(recordOf(event({ ...comment, updated: comment.created })).action).toBe('comment.created');
  });
});

describe('issue link events around the REST IssueLink', () => {
  const link = rest('get-issueLink');
  const inward = link.inwardIssue as Json;
  const outward = link.outwardIssue as Json;
  const type = link.type as Json;
  // The Forge payload has flat ids; the example's only project id is the inward issue type's scope.
  const payload = (verb: string): Json => ({
    eventType: `avi:jira:${verb}:issuelink`,
    timestamp: AT,
    id: link.id,
    sourceIssueId: inward.id,
    destinationIssueId: outward.id,
    sourceProjectId: '10000',
    destinationProjectId: '10000',
    issueLinkType: type,
  });

  test('created: the link, its source issue as parent, the project, the link as a change; no actor', () => {
    expect(recordOf(payload('created'))).toMatchObject({
      action: 'issuelink.created',
      actor: { accountId: null, type: 'unknown' },
      container: { type: 'project', id: '10000' },
      object: { type: 'issuelink', id: '10001', parent: { type: 'issue', id: '10004' } },
      changes: [{ field: 'Link', from: null, to: 'Duplicates issue 10004L' }],
    });
  });

  test('deleted: the link as the old value', () => {
    expect(recordOf(payload('deleted'))).toMatchObject({
      action: 'issuelink.deleted',
      changes: [{ field: 'Link', from: 'Duplicates issue 10004L', to: null }],
    });
  });
});

describe('project events around the REST Project', () => {
  const project = rest('get-project');

  test.each([
    ['created', 'project.created'],
    ['updated', 'project.updated'],
    ['softdeleted', 'project.trashed'],
    ['deleted', 'project.deleted'],
    ['archived', 'project.archived'],
    ['unarchived', 'project.unarchived'],
    ['restored', 'project.restored'],
  ])(
    'avi:jira:%s:project → %s: the project is object and container; its lead is not the actor',
    (verb, action) => {
      expect(recordOf({ eventType: `avi:jira:${verb}:project`, timestamp: AT, project })).toEqual(
        expect.objectContaining({
          action,
          actor: { accountId: null, type: 'unknown' },
          container: { type: 'project', id: '10000', key: 'EX', name: 'Example' },
          object: { type: 'project', id: '10000', key: 'EX', title: 'Example' },
          changes: [],
        }),
      );
    },
  );
});
