/** Record ids: one per event, the same for every delivery of it (Forge retries, duplicates). */
import {
  SAMPLE,
  SAMPLE_ISSUE,
  confluenceContentEvent,
  jiraCommentEvent,
  jiraIssueEvent,
  samplePayload,
  sampleContent,
} from '../../dev/payloads';
import { recordId } from '../../src/record/record-id';
import { loadJsonFixture, recordOf } from '../fixtures';

const { alice, bob } = SAMPLE.jira;
const at = new Date('2026-03-02T11:00:00.000Z');
const later = new Date('2026-05-05T05:05:05.000Z');
const idOf = (payload: unknown, receivedAt?: Date): string => recordOf(payload, receivedAt).id;
const retried = (payload: object): object => ({
  ...payload,
  retryContext: { retryCount: 2, retryReason: 'FUNCTION_TIME_OUT', retryData: { attempt: 2 } },
});

const update = (changelogId: string) =>
  jiraIssueEvent('updated', {
    issue: SAMPLE_ISSUE,
    actor: alice,
    at,
    changelogId,
    changes: [{ field: 'status', fromString: 'To Do', toString: 'Done' }],
  });

describe('duplicate deliveries collapse', () => {
  test.each([
    ['avi:jira:updated:issue'],
    ['avi:jira:commented:issue'],
    ['avi:jira:created:worklog'],
    ['avi:confluence:updated:page'],
    ['avi:confluence:viewed:page'],
    ['avi:jira-software:created:board'],
    ['avi:confluence:performed:search'],
  ])('%s: the same payload, again, later, and as a retry, has one id', (eventType) => {
    const payload = samplePayload(eventType);
    const first = idOf(payload);
    expect(idOf(structuredClone(payload), later)).toBe(first);
    expect(idOf(retried(payload), later)).toBe(first);
    expect(idOf({ ...payload, contextToken: 'ctx-2', webhookTraceValue: 'trace-9' })).toBe(first);
  });

  test('a Forge docs example payload and its retry share an id', () => {
    const page = loadJsonFixture('forge-events/confluence/confluence_created_page.json') as object;
    expect(idOf(retried(page))).toBe(idOf(page));
  });

  test('payloads without an event time (Jira Software) hash the payload: key order does not matter', () => {
    const board = {
      eventType: 'avi:jira-software:created:board',
      board: { id: 11, name: 'B', type: 'scrum' },
      atlassianId: 'x',
    };
    const reordered = {
      atlassianId: 'x',
      board: { type: 'scrum', name: 'B', id: 11 },
      eventType: 'avi:jira-software:created:board',
    };
    expect(idOf(reordered, later)).toBe(idOf(board));
    expect(idOf(retried(board))).toBe(idOf(board));
  });

  test('an unknown event and its retry share an id', () => {
    const odd = { eventType: 'avi:jira:exploded:widget', timestamp: 1, widget: { id: 3 } };
    expect(idOf(retried(odd), later)).toBe(idOf(odd));
  });
});

describe('different events get different ids', () => {
  test('two issue updates at the same millisecond differ by changelog id', () => {
    expect(idOf(update('20001'))).not.toBe(idOf(update('20002')));
  });

  test('the issue-updated and issue-assigned events of one change are two records', () => {
    const assigned = jiraIssueEvent('assigned', {
      issue: SAMPLE_ISSUE,
      actor: alice,
      at,
      changelogId: '20001',
    });
    expect(idOf(assigned)).not.toBe(idOf(update('20001')));
  });

  test('a page update to version 3 and one to version 4 at the same moment differ', () => {
    const v3 = confluenceContentEvent('updated', { content: sampleContent('page', 3), at });
    const v4 = confluenceContentEvent('updated', { content: sampleContent('page', 4), at });
    expect(idOf(v3)).not.toBe(idOf(v4));
  });

  test('two people viewing the same page at the same millisecond are two views', () => {
    const page = sampleContent('page', 2);
    const one = confluenceContentEvent('viewed', { content: page, actor: SAMPLE.confluence.carol, at });
    const two = confluenceContentEvent('viewed', { content: page, actor: SAMPLE.confluence.automation, at });
    expect(idOf(one)).not.toBe(idOf(two));
  });

  test('the same issue viewed by the same person at two times are two views', () => {
    const view = (when: Date) => jiraIssueEvent('viewed', { issue: SAMPLE_ISSUE, actor: bob, at: when });
    expect(idOf(view(at))).not.toBe(idOf(view(later)));
  });

  test('a comment and its edit (same id, later `updated`) are two records', () => {
    const created = new Date('2026-03-02T09:00:00.000Z');
    const comment = { id: '10500', body: 'x', author: alice, created };
    const first = jiraCommentEvent('commented', { issue: SAMPLE_ISSUE, comment, at: created });
    const edit = jiraCommentEvent('commented', {
      issue: SAMPLE_ISSUE,
      comment: { ...comment, updated: at },
      at: created,
    });
    expect(idOf(first)).not.toBe(idOf(edit));
  });

  test('boards without event time: a different board payload is a different id', () => {
    const board = (name: string) => ({
      eventType: 'avi:jira-software:updated:board',
      board: { id: 11, name, type: 'scrum' },
    });
    expect(idOf(board('A'))).not.toBe(idOf(board('B')));
  });

  test('a payload whose object id is unreadable is identified by its whole payload, so two such events differ', () => {
    const broken = (summary: string) => ({
      eventType: 'avi:jira:updated:issue',
      timestamp: 5,
      issue: { fields: { summary } },
    });
    expect(idOf(broken('a'))).not.toBe(idOf(broken('b')));
    expect(idOf(broken('a'))).toBe(idOf(broken('a')));
  });
});

describe('ids survive a JSON round trip (the sandbox may deliver an object or its JSON)', () => {
  test.each([
    [
      'an unknown event with undefined and NaN inside',
      { eventType: 'avi:jira:exploded:widget', a: undefined, b: [undefined, Number.NaN], c: 1 },
    ],
    [
      'a board event with an undefined field',
      { eventType: 'avi:jira-software:created:board', board: { id: 1, name: undefined } },
    ],
    ['a viewed issue built without a viewer', jiraIssueEvent('viewed', { issue: SAMPLE_ISSUE, at })],
  ])('%s', (_name, payload) => {
    expect(idOf(JSON.parse(JSON.stringify(payload)) as unknown)).toBe(idOf(payload));
  });
});

describe('near twins: different events alike in all but one detail get different ids', () => {
  type Json = Record<string, unknown>;
  const withoutChangelogId = (payload: object): Json => {
    const copy = structuredClone(payload) as Json;
    delete (copy.changelog as Json).id;
    return copy;
  };
  const statusTo = (to: string) =>
    withoutChangelogId(
      jiraIssueEvent('updated', {
        issue: SAMPLE_ISSUE,
        actor: alice,
        at,
        changes: [{ field: 'status', fromString: 'To Do', toString: to }],
      }),
    );

  test('two issue updates without changelog id, same issue, person and millisecond, different changes', () => {
    expect(idOf(statusTo('Done'))).not.toBe(idOf(statusTo('In Review')));
    // Each is still one event however often it is delivered.
    expect(idOf(retried(statusTo('Done')), later)).toBe(idOf(statusTo('Done')));
    expect(idOf({ ...statusTo('Done'), context: { cloudId: 'c', moduleKey: 'jira-issue-events' } })).toBe(
      idOf(statusTo('Done')),
    );
  });

  test('no actor and an actor whose id is "\\u0000" are two people when no changelog id names the change', () => {
    for (const payload of [statusTo('Done')]) {
      const { atlassianId: _dropped, ...nobody } = payload as Json;
      expect(recordOf(nobody).actor.accountId).toBeNull();
      expect(idOf(nobody)).not.toBe(idOf({ ...nobody, atlassianId: '\u0000' }));
    }
  });

  test('a `__proto__` key is content like any other', () => {
    const odd = (key: string) =>
      JSON.parse(`{"eventType":"avi:jira:exploded:widget","timestamp":1,"${key}":{"a":1}}`);
    expect(idOf(odd('__proto__'))).not.toBe(idOf(odd('\\u0000__proto__')));
    expect(idOf(odd('__proto__'))).not.toBe(idOf({ eventType: 'avi:jira:exploded:widget', timestamp: 1 }));
  });

  test('two renames of one project in one millisecond (project events have no changelog)', () => {
    const project = (name: string) => ({
      ...samplePayload('avi:jira:updated:project', at),
      project: { id: '10000', key: 'OPS', name },
    });
    expect(idOf(project('Ops'))).not.toBe(idOf(project('Operations')));
  });

  test('two moves of one page version in one millisecond, from different places', () => {
    const moved = (fromSpace: string) => ({
      ...confluenceContentEvent('moved', { content: sampleContent('page', 3), at }),
      prevContent: { ...sampleContent('page', 3), space: { id: 1, key: fromSpace } },
    });
    expect(idOf(moved('A'))).not.toBe(idOf(moved('B')));
  });

  test('two edits of one inline task in one millisecond that leave its status alone', () => {
    const base = samplePayload('avi:confluence:updated:task', at) as Json;
    const task = base.task as Json;
    const assign = (assignee: string) => ({ ...base, task: { ...task, assignee } });
    expect(idOf(assign('a'))).not.toBe(idOf(assign('b')));
  });
});

describe('recordId encodes every part list distinctly', () => {
  test.each([
    [[null], ['\u0000']],
    [[null], ['']],
    [[''], ['\u0000']],
    [
      ['ab', 'c'],
      ['a', 'bc'],
    ],
    [['a', null], ['a']],
    [[1], ['1']],
    [['\ud800'], ['\ufffd']],
    [[Number.NaN], ['NaN']],
    [[Number.NaN], [null]],
    [['1:a;'], ['1', 'a']],
  ] as const)('%p and %p', (one, two) => {
    expect(recordId(one)).not.toBe(recordId(two));
  });

  test('32 hex characters (the id column), the same for the same parts', () => {
    expect(recordId(['a', 1, null])).toMatch(/^[0-9a-f]{32}$/);
    expect(recordId(['a', 1, null])).toBe(recordId(['a', 1, undefined]));
  });
});
