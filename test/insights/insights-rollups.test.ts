import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { syntheticEvents } from '../../dev/seed/synthetic-activity';
import { addDays, dayOf, dayStartMs, daysBetween } from '../../src/insights/day';
import type { InsightsSummary } from '../../src/insights/insights-summary';
import { readJobState } from '../../src/jobs/job-state';
import { dailyJob, dailyStateParts } from '../../src/schedule/daily-job';
import { sealPending } from '../../src/seal/seal-pending';
import type { Store } from '../../src/store/database';
import { testEngines } from '../support/engines';

const DAY = 24 * 60 * 60 * 1000;
const START = Date.parse('2026-01-05T00:00:00Z');
const END = Date.parse('2026-02-14T00:00:00Z');
const NOW = Date.parse('2026-02-20T12:00:00Z');

/** Raw counts straight from audit_event, by SQL over each day's time range: what the rollups must equal. */
async function rawDay(target: Store, day: string, product: string) {
  const q = target.db
    .selectFrom('audit_event')
    .where('time_ms', '>=', dayStartMs(day))
    .where('time_ms', '<', dayStartMs(day) + DAY)
    .where('product', '=', product);
  const events = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const users = await q
    .where('actor_type', '=', 'user')
    .where('actor_id', 'is not', null)
    .select((eb) => eb.fn.count('actor_id').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return { events: Number(events.n), users: Number(users.n) };
}

async function rawDistinctUsers(target: Store, from: string, to: string): Promise<number> {
  const row = await target.db
    .selectFrom('audit_event')
    .where('time_ms', '>=', dayStartMs(from))
    .where('time_ms', '<', dayStartMs(to) + DAY)
    .where('actor_type', '=', 'user')
    .where('actor_id', 'is not', null)
    .select((eb) => eb.fn.count('actor_id').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(testEngines)('insights rollups on $name', (engine) => {
  let sandbox: Sandbox;
  let target: Store;
  const seal = () => sealPending(target, { deadlineMs: Date.now() + 60_000, batchSize: 1000 });
  const summary = (payload: { from?: string; to?: string }) =>
    sandbox.host.invoke('jira:adminPage', 'insights.summary', payload, sandbox.defaultAccountId) as Promise<
      InsightsSummary & { error?: { code: string; field?: string } }
    >;

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    target = sandbox.opened.store;
    for (const event of syntheticEvents(sandbox.site, {
      count: 1500,
      start: new Date(START),
      end: new Date(END),
    })) {
      await sandbox.host.deliverEvent(event);
    }
    await seal();
    expect(await dailyJob({ target, nowMs: NOW })).toMatchObject({ errors: [] });
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  async function expectRollupsEqualRaw(): Promise<void> {
    const days = await target.db.selectFrom('insight_day').selectAll().execute();
    expect(days.length).toBeGreaterThan(20);
    for (const day of daysBetween(dayOf(START), dayOf(END))) {
      for (const product of ['jira', 'confluence']) {
        const raw = await rawDay(target, day, product);
        const rolled = days.find((d) => d.day === day && d.product === product);
        const users = await target.db
          .selectFrom('insight_actor_day')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('day', '=', day)
          .where('product', '=', product)
          .executeTakeFirstOrThrow();
        expect([day, product, Number(rolled?.events ?? 0), Number(users.n)]).toEqual([
          day,
          product,
          raw.events,
          raw.users,
        ]);
      }
    }
    // Every action and container, summed over all days, against GROUP BY over the raw rows.
    const rawActions = await target.db
      .selectFrom('audit_event')
      .select((eb) => ['action', eb.fn.countAll().as('n')])
      .groupBy('action')
      .execute();
    const rolledActions = await target.db
      .selectFrom('insight_action_day')
      .select((eb) => ['action', eb.fn.sum<number>('events').as('n')])
      .groupBy('action')
      .execute();
    const byAction = (rows: { action: string; n: unknown }[]) =>
      Object.fromEntries(rows.map((r) => [r.action, Number(r.n)]));
    expect(byAction(rolledActions)).toEqual(byAction(rawActions));
    const rawContainers = await target.db
      .selectFrom('audit_event')
      .select((eb) => ['container_id', eb.fn.countAll().as('n')])
      .where('container_id', 'is not', null)
      .groupBy('container_id')
      .execute();
    const rolledContainers = await target.db
      .selectFrom('insight_container_day')
      .select((eb) => ['container_id', eb.fn.sum<number>('events').as('n')])
      .groupBy('container_id')
      .execute();
    const byContainer = (rows: { container_id: string | null; n: unknown }[]) =>
      Object.fromEntries(rows.map((r) => [r.container_id, Number(r.n)]));
    expect(byContainer(rolledContainers)).toEqual(byContainer(rawContainers));
  }

  test('after the daily job, every day, product, action and container equals the raw counts', async () => {
    await expectRollupsEqualRaw();
  });

  test('late events for old days and re-delivered duplicates keep the rollups equal to the raw counts', async () => {
    const late = [
      ...syntheticEvents(sandbox.site, { count: 200, seed: 7, start: new Date(START), end: new Date(END) }),
    ];
    for (const event of late) await sandbox.host.deliverEvent(event);
    for (const event of late.slice(0, 50)) await sandbox.host.deliverEvent(event);
    await seal();
    await dailyJob({ target, nowMs: NOW + DAY });
    await expectRollupsEqualRaw();
  });

  test('a batch redone after a run stopped part-way is not counted twice', async () => {
    const state = await readJobState(target, 'daily', dailyStateParts);
    const through = state.rollup!.throughSeq;
    // As if the last run had written its whole batch and stopped before moving the checkpoint.
    await target.db
      .updateTable('job_state')
      .set({
        state: JSON.stringify({ ...state, rollup: { throughSeq: through - 150, pendingSeq: through } }),
      })
      .where('name', '=', 'daily')
      .execute();
    await dailyJob({ target, nowMs: NOW + 2 * DAY });
    expect((await readJobState(target, 'daily', dailyStateParts)).rollup).toMatchObject({
      throughSeq: through,
    });
    await expectRollupsEqualRaw();
  });

  test('the summary: days without data are gaps (null), active people match the raw distinct counts', async () => {
    const from = addDays(dayOf(START), -5);
    const to = dayOf(END - DAY);
    const answer = await summary({ from, to });
    expect(answer.error).toBeUndefined();
    const before = answer.daily.filter((p) => p.day < dayOf(START));
    expect(before).toHaveLength(15);
    expect(before.every((p) => p.activeUsers === null && p.events === null)).toBe(true);
    const covered = answer.daily.filter((p) => p.day >= dayOf(START) && p.product === 'all');
    expect(covered.every((p) => p.activeUsers !== null)).toBe(true);
    for (const point of answer.daily
      .filter((p) => p.product !== 'all' && p.activeUsers !== null)
      .slice(0, 20)) {
      expect(point.activeUsers).toBe((await rawDay(target, point.day, point.product)).users);
    }
    expect(answer.activeUsers).toEqual({
      asOf: to,
      dau: await rawDistinctUsers(target, to, to),
      wau: await rawDistinctUsers(target, addDays(to, -6), to),
      mau: await rawDistinctUsers(target, addDays(to, -29), to),
    });
    expect(answer.trends.d7).toMatchObject({
      current: answer.activeUsers.wau,
      previous: await rawDistinctUsers(target, addDays(to, -13), addDays(to, -7)),
    });
    const total = await target.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('time_ms', '>=', dayStartMs(from))
      .where('time_ms', '<', dayStartMs(to) + DAY)
      .executeTakeFirstOrThrow();
    expect(answer.actions.reduce((s, a) => s + a.events, 0) + answer.otherActions).toBe(Number(total.n));
    expect(answer.topActors.length).toBeGreaterThan(0);
    expect(answer.topActors[0]!.events).toBeGreaterThanOrEqual(answer.topActors.at(-1)!.events);
    expect(answer.containers.some((c) => c.product === 'jira' && c.type === 'project')).toBe(true);
    expect(answer.containers.some((c) => c.product === 'confluence' && c.type === 'space')).toBe(true);
    expect(answer.updatedAt).toBeDefined();
  });

  test('the inactive share counts the site’s active people with no activity in 30 days', async () => {
    const answer = await summary({});
    const census = answer.inactiveShare!;
    const people = sandbox.site.users.filter((u) => u.accountType === 'atlassian' && u.active);
    expect(census.siteUsers).toBe(people.length);
    const active = await target.db
      .selectFrom('insight_actor_day')
      .select('actor_id')
      .distinct()
      .where('day', '>', addDays(census.asOf, -30))
      .where('day', '<=', census.asOf)
      .execute();
    const activeIds = new Set(active.map((r) => r.actor_id));
    expect(census.inactive).toBe(people.filter((p) => !activeIds.has(p.accountId)).length);
    expect(census.share).toBeCloseTo(census.inactive / census.siteUsers);
  });

  test('bad ranges are refused, naming the field', async () => {
    expect((await summary({ from: '2026-02-10', to: '2026-02-01' })).error).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'from',
    });
    expect((await summary({ from: '2024-01-01', to: '2026-02-01' })).error).toMatchObject({ field: 'from' });
    expect((await summary({ to: 'yesterday' })).error).toMatchObject({ code: 'BAD_REQUEST', field: 'to' });
    // Date.parse took these as dates.
    for (const to of ['-1', 'foo 2', '2026-02-01 10:00', '2026-02-30T00:00:00Z'])
      expect((await summary({ to })).error).toMatchObject({ code: 'BAD_REQUEST', field: 'to' });
  });
});
