import { ALL_EVENT_TYPES, ALL_EVENT_TYPES_BY_FAMILY, type EventFamily } from '../../dev/payloads';
import { syntheticEvents } from '../../dev/seed/synthetic-activity';
import { buildSite } from '../../dev/site/site-model';

type Payload = Record<string, unknown>;

const site = buildSite({ seed: 11, now: new Date('2026-11-20T00:00:00Z') });
const end = new Date('2026-11-20T00:00:00Z');
const start = new Date('2026-08-22T00:00:00Z');
const events = [...syntheticEvents(site, { count: 5000, seed: 7, start, end })];

/** The event's own time: Jira's root `timestamp`, Confluence's `eventCreatedDate`. */
function timeOf(event: Payload): number {
  return typeof event.timestamp === 'number' ? event.timestamp : Date.parse(String(event.eventCreatedDate));
}

function typeOf(event: Payload): string {
  return String(event.eventType);
}

/** Who did it, where the payload says: `atlassianId`, or the author of a worklog or attachment. */
function actorOf(event: Payload): string | undefined {
  if (typeof event.atlassianId === 'string') return event.atlassianId;
  const author = (event.worklog ?? event.attachment) as { author?: { accountId?: string } } | undefined;
  return author?.author?.accountId;
}

const isView = (event: Payload): boolean => typeOf(event).includes(':viewed:');

describe('synthetic activity', () => {
  it('is deterministic for a seed, and another seed gives other events', () => {
    const again = [...syntheticEvents(site, { count: 5000, seed: 7, start, end })];
    expect(again).toEqual(events);
    const other = [...syntheticEvents(site, { count: 200, seed: 8, start, end })];
    expect(other).not.toEqual(events.slice(0, 200));
  });

  it('produces exactly the count asked for', () => {
    for (const count of [0, 1, 2, 777]) {
      expect([...syntheticEvents(site, { count, seed: 3, start, end })]).toHaveLength(count);
    }
    expect(events).toHaveLength(5000);
  });

  it('is ordered by event time, within the window', () => {
    const times = events.map(timeOf);
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] ?? 0))).toBe(true);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start.getTime());
    expect(Math.max(...times)).toBeLessThan(end.getTime());
  });

  it('defaults to the last 90 days', () => {
    const recent = [...syntheticEvents(site, { count: 300 })].map(timeOf);
    const now = Date.now();
    expect(Math.min(...recent)).toBeGreaterThanOrEqual(now - 91 * 86_400_000);
    expect(Math.max(...recent)).toBeLessThanOrEqual(now);
  });

  it('covers every event family and only known event names', () => {
    const types = new Set(events.map(typeOf));
    for (const type of types) expect(ALL_EVENT_TYPES).toContain(type);
    const families: EventFamily[] = [
      'jira:issue',
      'jira:comment',
      'jira:worklog',
      'jira:issuelink',
      'jira:attachment',
      'jira:project',
      'jira:user',
      'jira:version',
      'jira:component',
      'jira:filter',
      'jira:configuration',
      'confluence:page',
      'confluence:blogpost',
      'confluence:comment',
      'confluence:attachment',
      'confluence:space',
      'confluence:user',
      'confluence:group',
      'confluence:label',
    ];
    for (const family of families) {
      const names: readonly string[] = ALL_EVENT_TYPES_BY_FAMILY[family];
      expect({ family, present: names.some((name) => types.has(name)) }).toEqual({ family, present: true });
    }
    for (const verb of ['created', 'updated', 'assigned', 'viewed', 'deleted']) {
      expect(types).toContain(`avi:jira:${verb}:issue`);
    }
    for (const verb of ['created', 'updated', 'viewed', 'moved', 'trashed', 'restored', 'deleted']) {
      expect(types).toContain(`avi:confluence:${verb}:page`);
    }
    for (const verb of ['created', 'updated', 'viewed'])
      expect(types).toContain(`avi:confluence:${verb}:blogpost`);
    for (const type of [
      'avi:jira:commented:issue',
      'avi:jira:deleted:comment',
      'avi:confluence:created:comment',
    ]) {
      expect(types).toContain(type);
    }
  });

  it('changes the fields people change, with changelogs that follow the issue', () => {
    const fields = new Set(
      events
        .filter((e) => typeOf(e) === 'avi:jira:updated:issue')
        .flatMap((e) => ((e.changelog as { items: { field: string }[] }).items ?? []).map((i) => i.field)),
    );
    for (const field of [
      'status',
      'assignee',
      'summary',
      'priority',
      'labels',
      'description',
      'resolution',
    ]) {
      expect(fields).toContain(field);
    }
    // An assignment arrives as assigned:issue followed by updated:issue with the same changelog.
    const at = events.findIndex((e) => typeOf(e) === 'avi:jira:assigned:issue');
    const assigned = events[at];
    const companion = events[at + 1];
    expect(companion && typeOf(companion)).toBe('avi:jira:updated:issue');
    expect(companion?.changelog).toEqual(assigned?.changelog);
  });

  it('makes views the largest share', () => {
    const share = events.filter(isView).length / events.length;
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.75);
  });

  it('has a few heavy users and many light ones', () => {
    const perActor = new Map<string, number>();
    for (const event of events.filter((e) => !isView(e))) {
      const actor = actorOf(event);
      if (actor !== undefined) perActor.set(actor, (perActor.get(actor) ?? 0) + 1);
    }
    const counts = [...perActor.values()].sort((a, b) => b - a);
    const total = counts.reduce((a, b) => a + b, 0);
    const top = counts.slice(0, Math.ceil(site.users.length / 10)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.5);
    expect(counts.length).toBeGreaterThan(site.users.length / 2);
    // People with no activity weight (deactivated or idle) never act.
    const idle = new Set(site.users.filter((u) => u.weight === 0).map((u) => u.accountId));
    expect([...perActor.keys()].filter((id) => idle.has(id))).toEqual([]);
  });

  it('follows the working week', () => {
    const perDay = new Map<number, number>();
    for (const event of events) {
      const day = new Date(timeOf(event)).getUTCDay();
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const weekday = ([1, 2, 3] as const).reduce((sum, d) => sum + (perDay.get(d) ?? 0), 0) / 3;
    const weekend = ((perDay.get(0) ?? 0) + (perDay.get(6) ?? 0)) / 2;
    expect(weekday).toBeGreaterThan(3 * weekend);
  });

  it('is lazy: the first of a billion events arrives without building the rest', () => {
    // Memory and speed over a million events are figures for `npm run bench`, not assertions here.
    const iterator = syntheticEvents(site, { count: 1_000_000_000, seed: 5, start, end })[Symbol.iterator]();
    const first = [iterator.next(), iterator.next(), iterator.next()];
    expect(first.every((step) => step.done === false)).toBe(true);
    expect(timeOf(first[0]!.value as Record<string, unknown>)).toBeLessThanOrEqual(
      timeOf(first[2]!.value as Record<string, unknown>),
    );
  });
});
