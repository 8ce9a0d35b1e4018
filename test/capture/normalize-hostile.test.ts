/** Whatever arrives, the normalizer answers: a record or a reason. It never throws. */
import { normalizeEvent } from '../../src/capture/normalize';
import { fieldLengths } from '../../src/limits';
import { expectWithinLimits, RECEIVED_AT, recordOf } from '../fixtures';

const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

function nested(depth: number): unknown {
  let value: unknown = { type: 'text', text: 'bottom' };
  for (let i = 0; i < depth; i += 1) value = { type: 'paragraph', content: [value] };
  return value;
}

describe('refused: nothing recordable', () => {
  test.each([
    ['null', null, 'payload is not an object'],
    ['undefined', undefined, 'payload is not an object'],
    ['a number', 42, 'payload is not an object'],
    ['a string', 'x', 'payload is not an object'],
    ['an array', [], 'payload is not an object'],
    ['an array of events', [{ eventType: 'avi:jira:created:issue' }], 'payload is not an object'],
    ['an empty object', {}, 'eventType missing'],
    ['eventType null', { eventType: null }, 'eventType missing'],
    ['eventType a number', { eventType: 5 }, 'eventType is not a string'],
    [
      'eventType an object',
      { eventType: { toString: 'avi:jira:created:issue' } },
      'eventType is not a string',
    ],
    ['eventType empty', { eventType: '  ' }, 'eventType is empty'],
    ['another product', { eventType: 'avi:bitbucket:created:repository' }, 'nothing recordable'],
    ['not an avi event', { eventType: 'jira:issue_created' }, 'nothing recordable'],
    ['a bare prefix', { eventType: 'avi:' }, 'nothing recordable'],
  ])('%s → ok:false with a specific reason', (_name, payload, reason) => {
    const result = normalizeEvent(payload, RECEIVED_AT);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  test('an invalid arrival time is refused, not thrown', () => {
    const result = normalizeEvent({ eventType: 'avi:jira:created:issue' }, new Date(Number.NaN));
    expect(result).toEqual({ ok: false, reason: 'receivedAt is not a valid date' });
  });

  test('a 10 MB event type of another product: the reason stays short', () => {
    const result = normalizeEvent({ eventType: `avi:zzz:${TEN_MB}` }, RECEIVED_AT);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeLessThan(400);
  });
});

describe('recorded, whatever shape the rest has', () => {
  const withPrototypeKeys = JSON.parse(
    '{"eventType":"avi:jira:updated:issue","timestamp":1700000000000,"__proto__":{"atlassianId":"evil"},' +
      '"issue":{"id":"1","__proto__":{"key":"EVIL-1"},"fields":{"summary":"s","constructor":{"prototype":{"x":1}}}},' +
      '"changelog":{"id":"9","items":[{"field":"status","from":"1","to":"2"},{"__proto__":{"field":"x"}}]}}',
  ) as unknown;
  const nullProto = Object.assign(Object.create(null) as object, {
    eventType: 'avi:jira:created:issue',
    timestamp: 1700000000000,
    issue: Object.assign(Object.create(null) as object, { id: '7', key: 'NP-7' }),
  });
  const cyclic: Record<string, unknown> = { eventType: 'avi:jira:exploded:widget', timestamp: 1 };
  cyclic.self = cyclic;

  test.each([
    [
      'issue is a string, changelog items a string',
      { eventType: 'avi:jira:updated:issue', issue: 'nope', changelog: { items: 'x' } },
    ],
    [
      'every part of a comment mistyped',
      { eventType: 'avi:jira:commented:issue', issue: 5, comment: [1, 2], timestamp: {} },
    ],
    [
      'a worklog with wrong types',
      { eventType: 'avi:jira:updated:worklog', worklog: { id: {}, author: 'me', timeSpentSeconds: 'a lot' } },
    ],
    [
      'Confluence content as an array',
      { eventType: 'avi:confluence:updated:page', content: [], eventCreatedDate: 12 },
    ],
    ['a label with nothing', { eventType: 'avi:confluence:added:label' }],
    [
      'a relation with junk entities',
      { eventType: 'avi:confluence:created:relation', source: 1, target: { content: 'x' } },
    ],
    [
      'sprint oldValue an array',
      { eventType: 'avi:jira-software:updated:sprint', sprint: null, oldValue: ['goal'] },
    ],
    [
      'a 10 MB summary, title and body',
      {
        eventType: 'avi:jira:commented:issue',
        timestamp: 1,
        atlassianId: TEN_MB,
        issue: {
          id: TEN_MB,
          key: TEN_MB,
          fields: { summary: TEN_MB, project: { id: TEN_MB, key: TEN_MB, name: TEN_MB } },
        },
        comment: { id: '1', body: TEN_MB },
      },
    ],
    ['a 10 MB unknown event type', { eventType: `avi:jira:${TEN_MB}` }],
    [
      'an ADF body nested 100,000 deep',
      {
        eventType: 'avi:jira:commented:issue',
        timestamp: 1,
        issue: { id: '1' },
        comment: { id: '2', body: nested(100_000) },
      },
    ],
    [
      'junk nested 100,000 deep in an unknown event',
      { eventType: 'avi:confluence:exploded:widget', junk: nested(100_000) },
    ],
    ['a cycle in an unknown event', cyclic],
    ['__proto__ and constructor keys', withPrototypeKeys],
    ['Object.create(null) objects', nullProto],
    [
      'lone surrogates in values',
      { eventType: 'avi:confluence:created:group', group: { id: '\ud800x', name: 'a\udc00' } },
    ],
  ])('%s: a record within limits', (_name, payload) => {
    const record = recordOf(payload);
    expectWithinLimits(record);
  });

  test('own properties only: __proto__ keys are data, and a missing toString is not Object.prototype’s', () => {
    const record = recordOf(withPrototypeKeys);
    expect(record.actor).toEqual({ accountId: null, type: 'unknown' });
    expect(record.object).toEqual({ type: 'issue', id: '1', title: 's' });
    // The first item has no own fromString/toString: its raw ids are the values, not a function's text.
    expect(record.changes[0]).toEqual({ field: 'status', from: '1', to: '2' });
    expect(record.changes[1]).toEqual({ field: '(unnamed field)', from: null, to: null });
    expect(({} as Record<string, unknown>).atlassianId).toBeUndefined();
  });

  test('Object.create(null) objects are read like any other', () => {
    expect(recordOf(nullProto).object).toEqual({ type: 'issue', id: '7', key: 'NP-7' });
  });

  test('mistyped parts become nulls, not a throw: the time and the action survive', () => {
    const record = recordOf({
      eventType: 'avi:jira:updated:issue',
      timestamp: '1700000000000',
      issue: 'nope',
      changelog: { items: 'x' },
    });
    expect(record).toMatchObject({
      action: 'issue.updated',
      time: '2023-11-14T22:13:20.000Z',
      actor: { accountId: null, type: 'unknown' },
      container: null,
      object: null,
      changes: [],
    });
  });

  test('10 MB values are cut to their columns with an ellipsis', () => {
    const record = recordOf({
      eventType: 'avi:jira:updated:issue',
      timestamp: 1,
      issue: { id: '1', key: 'K-1', fields: { summary: TEN_MB } },
      changelog: { items: [{ field: TEN_MB, fromString: TEN_MB, toString: TEN_MB }] },
    });
    expect(record.object?.title?.length).toBe(fieldLengths.title);
    expect(record.object?.title?.endsWith('…')).toBe(true);
    expect(record.changes[0]?.field.length).toBe(fieldLengths.changeField);
    expect(record.changes[0]?.to?.length).toBe(fieldLengths.changeValue);
  });

  test('cutting never splits a surrogate pair', () => {
    const emoji = '😀'.repeat(300);
    const record = recordOf({
      eventType: 'avi:jira:created:issue',
      timestamp: 1,
      issue: { id: '1', fields: { summary: `a${emoji}` } },
    });
    const title = record.object?.title ?? '';
    expect(title.length).toBeLessThanOrEqual(fieldLengths.title);
    expect(title.endsWith('😀…')).toBe(true);
  });

  test('an unknown event of a known product is still a record: actor and time from the payload', () => {
    expect(
      recordOf({ eventType: 'avi:jira:exploded:widget', atlassianId: 'acc-1', timestamp: 1700000000000 }),
    ).toMatchObject({
      product: 'jira',
      action: 'unknown.avi:jira:exploded:widget',
      time: '2023-11-14T22:13:20.000Z',
      actor: { accountId: 'acc-1', type: 'user' },
      object: null,
      container: null,
      changes: [],
      source: { event: 'avi:jira:exploded:widget' },
    });
    expect(recordOf({ eventType: 'avi:confluence:exploded:widget' })).toMatchObject({
      product: 'confluence',
      time: RECEIVED_AT.toISOString(),
      actor: { accountId: null, type: 'unknown' },
    });
  });

  test('a 10 MB unknown event type is cut in the action and the source', () => {
    const record = recordOf({ eventType: `avi:jira:${TEN_MB}` });
    expect(record.action.length).toBe(fieldLengths.action);
    expect(record.source.event.length).toBe(fieldLengths.sourceEvent);
  });

  test.each([
    ['NaN text', 'NaN'],
    ['negative', -5],
    ['past year 9999', 253402300800000],
    ['a date-less string', 'yesterday'],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an object', { ms: 1 }],
  ])('an unusable event time (%s) falls back to the arrival time', (_name, timestamp) => {
    const record = recordOf({ eventType: 'avi:jira:deleted:issue', timestamp, issue: { id: '1' } });
    expect(record.time).toBe(RECEIVED_AT.toISOString());
  });

  test('event times: epoch ms as a number or string for Jira; ISO or epoch ms for Confluence', () => {
    const jira = (timestamp: unknown) =>
      recordOf({ eventType: 'avi:jira:deleted:issue', timestamp, issue: { id: '1' } }).time;
    expect(jira(1700000000123)).toBe('2023-11-14T22:13:20.123Z');
    expect(jira('1700000000123')).toBe('2023-11-14T22:13:20.123Z');
    const confluence = (eventCreatedDate: unknown) =>
      recordOf({ eventType: 'avi:confluence:created:group', eventCreatedDate, group: { id: 'g' } }).time;
    expect(confluence('2021-01-20T06:29:21.907+01:00')).toBe('2021-01-20T05:29:21.907Z');
    expect(confluence(1700000000123)).toBe('2023-11-14T22:13:20.123Z');
    expect(confluence('2019-02-15T19:01:52.971-0800')).toBe('2019-02-16T03:01:52.971Z');
    // Date.parse read these as dates; a strict ISO-8601 reading does not, so the arrival time is used.
    for (const loose of ['-1', 'foo 2', '2021-02-30', '2021-01-20 06:29', 'Jan 20 2021'])
      expect(confluence(loose)).toBe(RECEIVED_AT.toISOString());
  });

  test('an event time more than a day after arrival is clamped to arrival; the stated time is kept', () => {
    const late = new Date(RECEIVED_AT.getTime() + 25 * 3600 * 1000).toISOString();
    for (const stated of ['9999-12-31T23:59:59.999Z', late]) {
      for (const payload of [
        { eventType: 'avi:jira:deleted:issue', eventCreatedDate: stated, issue: { id: '1' } },
        { eventType: 'avi:jira:frobbed:issue', eventCreatedDate: stated },
      ]) {
        const record = recordOf({ ...payload, timestamp: undefined });
        expect(record.time).toBe(RECEIVED_AT.toISOString());
        expect(record.changes).toContainEqual({
          field: 'audit-trail:eventTime',
          from: stated,
          to: RECEIVED_AT.toISOString(),
        });
      }
    }
    // Within a day of arrival (clock skew) the event's own time stands, with nothing added.
    const skewed = new Date(RECEIVED_AT.getTime() + 23 * 3600 * 1000).toISOString();
    const record = recordOf({
      eventType: 'avi:jira:deleted:issue',
      eventCreatedDate: skewed,
      issue: { id: '1' },
    });
    expect(record.time).toBe(skewed);
    expect(record.changes).toEqual([]);
  });
});
