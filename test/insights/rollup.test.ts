import { addDays, dayOf, daysBetween, isDay } from '../../src/insights/day';
import { contributionsOf, type RollupRow } from '../../src/insights/rollup';
import { activePeople, censusOf } from '../../src/insights/site-census';

const T = Date.parse('2026-03-02T23:59:59.999Z');

function row(seq: number, over: Partial<RollupRow> = {}): RollupRow {
  return {
    seq,
    timeMs: T,
    receivedMs: T + 1000,
    product: 'jira',
    action: 'issue.updated',
    actorId: 'acct-a',
    actorType: 'user',
    containerType: 'project',
    containerId: '10000',
    containerKey: 'OPS',
    containerName: 'Operations',
    objectType: 'issue',
    objectId: '20000',
    sourceEvent: 'avi:jira:updated:issue',
    ...over,
  };
}

describe('days', () => {
  test('UTC days, a millisecond either side of midnight', () => {
    expect(dayOf(T)).toBe('2026-03-02');
    expect(dayOf(T + 1)).toBe('2026-03-03');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(daysBetween('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect([isDay('2026-02-29'), isDay('2028-02-29'), isDay('2026-3-1')]).toEqual([false, true, false]);
  });
});

describe('contributionsOf', () => {
  test('counts events per day and product, and people (not apps) per day', () => {
    const c = contributionsOf([
      row(1),
      row(2, { actorId: 'acct-b' }),
      row(3, { actorId: 'acct-a', timeMs: T + 1 }),
      row(4, { actorId: 'app-1', actorType: 'app' }),
      row(5, {
        actorId: null,
        actorType: 'unknown',
        product: 'confluence',
        containerType: 'space',
        containerId: '7',
      }),
    ]);
    expect([...c.days.values()]).toEqual([
      { day: '2026-03-02', product: 'jira', events: 3, captured: 3 },
      { day: '2026-03-03', product: 'jira', events: 1, captured: 1 },
      { day: '2026-03-02', product: 'confluence', events: 1, captured: 1 },
    ]);
    expect([...c.actors.values()].map((a) => [a.day, a.actorId, a.events])).toEqual([
      ['2026-03-02', 'acct-a', 1],
      ['2026-03-02', 'acct-b', 1],
      ['2026-03-03', 'acct-a', 1],
    ]);
    expect([...c.containers.values()].map((x) => [x.day, x.containerId, x.events])).toEqual([
      ['2026-03-02', '10000', 3],
      ['2026-03-03', '10000', 1],
      ['2026-03-02', '7', 1],
    ]);
    expect([...c.accounts.keys()]).toEqual(['acct-a', 'acct-b']);
  });

  test('imported history counts as events but does not mark a day as captured', () => {
    const c = contributionsOf([row(1, { sourceEvent: 'jira-audit', action: 'config.workflow_updated' })]);
    expect([...c.days.values()]).toEqual([{ day: '2026-03-02', product: 'jira', events: 1, captured: 0 }]);
    expect([...c.actions.values()].map((a) => a.action)).toEqual(['config.workflow_updated']);
  });

  test('registers the users user events are about, but not user keys from imported records, nor pseudonyms', () => {
    const c = contributionsOf([
      row(1, {
        actorId: null,
        actorType: 'unknown',
        objectType: 'user',
        objectId: 'acct-new',
        action: 'user.created',
      }),
      row(2, { sourceEvent: 'jira-audit', objectType: 'user', objectId: 'ug:1234', actorId: 'acct-admin' }),
      row(3, { actorId: 'pseudonym:0123456789abcdef0123456789abcdef' }),
    ]);
    expect([...c.accounts.keys()].sort()).toEqual(['acct-admin', 'acct-new']);
    // A pseudonymised person is still one of the day's active people.
    expect([...c.actors.values()].map((a) => a.actorId)).toContain(
      'pseudonym:0123456789abcdef0123456789abcdef',
    );
  });

  test('keeps the newest container key and name seen, and skips days before the rollups are kept', () => {
    const c = contributionsOf(
      [
        row(1, { containerName: 'Old name' }),
        row(2, { containerName: 'New name' }),
        row(3, { timeMs: Date.parse('2020-01-01T00:00:00Z') }),
      ],
      '2025-01-01',
    );
    expect([...c.containers.values()]).toEqual([
      expect.objectContaining({ containerName: 'New name', events: 2 }),
    ]);
    expect([...c.days.values()].map((d) => d.day)).toEqual(['2026-03-02']);
  });
});

describe('site census', () => {
  test('counts active people only, and who of them did nothing', () => {
    const people = activePeople([
      { accountId: 'a', accountType: 'atlassian', active: true },
      { accountId: 'b', accountType: 'atlassian', active: true },
      { accountId: 'c', accountType: 'atlassian', active: false },
      { accountId: 'app', accountType: 'app', active: true },
      { accountId: 'cust', accountType: 'customer', active: true },
    ]);
    expect(people).toEqual(['a', 'b']);
    expect(censusOf(people, new Set(['a', 'x']), '2026-03-02')).toEqual({
      asOf: '2026-03-02',
      siteUsers: 2,
      inactive: 1,
      share: 0.5,
    });
    expect(censusOf([], new Set(), '2026-03-02').share).toBe(0);
  });
});
