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
