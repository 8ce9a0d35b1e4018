/** withoutUgc: what is left of a record when the admin chose not to store user-generated content. */
import { SAMPLE_ISSUE, SAMPLE, jiraCommentEvent, jiraIssueEvent, samplePayload } from '../../dev/payloads';
import { withoutUgc } from '../../src/capture/ugc-policy';
import type { AuditRecord } from '../../src/record/audit-record';
import { loadJsonFixture, recordOf } from '../fixtures';

const at = new Date('2026-03-02T11:00:00.000Z');

/** Every key anywhere in a value. */
function keysDeep(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => keysDeep(item, into));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.add(key);
      keysDeep(item, into);
    }
  }
  return into;
}

const records: readonly (readonly [string, AuditRecord])[] = [
  [
    'issue update',
    recordOf(
      jiraIssueEvent('updated', {
        issue: SAMPLE_ISSUE,
        actor: SAMPLE.jira.alice,
        at,
        changes: [
          { field: 'summary', fromString: 'Old secret', toString: 'New secret' },
          { field: 'Sprint', from: '1', to: '2' },
        ],
      }),
    ),
  ],
  [
    'comment',
    recordOf(
      jiraCommentEvent('commented', {
        issue: SAMPLE_ISSUE,
        comment: { id: '1', body: 'the password is hunter2', author: SAMPLE.jira.bob, created: at },
        at,
      }),
    ),
  ],
  ['page fixture', recordOf(loadJsonFixture('forge-events/confluence/confluence_created_page.json'))],
  [
    'attachment fixture',
    recordOf(loadJsonFixture('forge-events/confluence/confluence_created_attachment.json')),
  ],
  ['search fixture', recordOf(loadJsonFixture('forge-events/confluence/confluence_performed_search.json'))],
  [
    'sprint fixture',
    recordOf(loadJsonFixture('forge-events/jira-software/jira-software_updated_sprint.json')),
  ],
  ['space label', recordOf(samplePayload('avi:confluence:added:label'))],
];

describe('withoutUgc', () => {
  test('the examples do carry titles and values to strip (else this test proves nothing)', () => {
    const all = records.map(([, record]) => record);
    expect(all.some((record) => keysDeep(record).has('title'))).toBe(true);
    expect(
      all.every(
        (r) => r.object === null || r.object.title !== undefined || r.object.parent?.title !== undefined,
      ),
    ).toBe(true);
    expect(all.flatMap((record) => record.changes).filter((c) => c.to !== null).length).toBeGreaterThan(5);
  });

  test.each(records)('%s: no title anywhere, every change value null', (_name, record) => {
    const stripped = withoutUgc(record);
    expect(keysDeep(stripped).has('title')).toBe(false);
    for (const change of stripped.changes) {
      expect(change.from).toBeNull();
      expect(change.to).toBeNull();
    }
    expect(JSON.stringify(stripped)).not.toMatch(
      /secret|hunter2|A brand new page|logo\.png|test search|The new goal/,
    );
  });

  test.each(records)(
    '%s: ids, keys, actions, actor, time, container and field names kept',
    (_name, record) => {
      const stripped = withoutUgc(record);
      expect(stripped.id).toBe(record.id);
      expect(stripped.action).toBe(record.action);
      expect(stripped.actor).toEqual(record.actor);
      expect(stripped.time).toBe(record.time);
      expect(stripped.source).toEqual(record.source);
      expect(stripped.container).toEqual(record.container);
      expect(stripped.changes.map((c) => c.field)).toEqual(record.changes.map((c) => c.field));
      expect(stripped.object?.id).toBe(record.object?.id);
      expect(stripped.object?.key).toBe(record.object?.key);
      expect(stripped.object?.type).toBe(record.object?.type);
      expect(stripped.object?.parent?.id).toBe(record.object?.parent?.id);
      expect(stripped.object?.parent?.key).toBe(record.object?.parent?.key);
    },
  );

  test('the comment keeps its issue key but not the issue summary', () => {
    const comment = withoutUgc(records[1]![1]);
    expect(comment.object).toEqual({
      type: 'comment',
      id: '1',
      parent: { type: 'issue', id: '10042', key: 'OPS-42' },
    });
    expect(comment.changes).toEqual([{ field: 'comment', from: null, to: null }]);
  });

  test('the input record is not changed', () => {
    const record = records[0]![1];
    const before = structuredClone(record);
    withoutUgc(record);
    expect(record).toEqual(before);
  });
});
