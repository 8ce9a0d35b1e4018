import type { Product } from '../record/audit-record';
import type { Store } from '../store/database';
import { addDays, daysBetween, type Day } from './day';
import type { DailyPoint, InsightsSummary, SiteCensus, Trend } from './insights-types';

export type { InsightsSummary } from './insights-types';

export const TOP_ACTORS = 10;
export const TOP_ACTIONS = 15;
export const TOP_CONTAINERS = 10;
const ALL_PRODUCTS = ['jira', 'confluence'] as const;

/**
 * Reads the rollups for `from`..`to` (UTC days, both included) of `products` only (those the caller
 * administers): another product's counts, people, actions and spaces or projects are never read, and
 * the 'all' line and the active-user figures cover these products only. Every query is a range over the
 * rollup tables' primary keys, which lead with the day, so its cost follows the range, not the log's size.
 */
export async function insightsSummary(
  target: Store,
  range: { readonly from: Day; readonly to: Day },
  products: ReadonlySet<Product>,
  extras: { readonly census?: SiteCensus; readonly updatedAtMs?: number } = {},
): Promise<InsightsSummary> {
  const { db } = target;
  const { from, to } = range;
  const PRODUCTS = ALL_PRODUCTS.filter((p) => products.has(p));
  // `in ()` is not SQL: with no product, nothing is read (the resolver never gets here without one).
  const permitted = PRODUCTS.length > 0 ? [...PRODUCTS] : [''];
  const coverage = await db
    .selectFrom('insight_day')
    .select(['day', 'product', 'events', 'captured'])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('product', 'in', permitted)
    .execute();
  const perProduct = await db
    .selectFrom('insight_actor_day')
    .select((eb) => ['day', 'product', eb.fn.countAll().as('users')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('product', 'in', permitted)
    .groupBy(['day', 'product'])
    .execute();
  const overall = await db
    .selectFrom('insight_actor_day')
    .select((eb) => ['day', eb.fn.count('actor_id').distinct().as('users')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('product', 'in', permitted)
    .groupBy('day')
    .execute();

  const key = (day: string, product: string) => `${day}|${product}`;
  const covered = new Map(coverage.map((c) => [key(c.day, c.product), c]));
  const users = new Map(perProduct.map((r) => [key(r.day, r.product), Number(r.users)]));
  const usersAll = new Map(overall.map((r) => [r.day, Number(r.users)]));
  const daily: DailyPoint[] = [];
  for (const day of daysBetween(from, to)) {
    let anyCovered = false;
    let eventsAll = 0;
    for (const product of PRODUCTS) {
      const c = covered.get(key(day, product));
      const isCovered = c !== undefined && Number(c.captured) > 0;
      anyCovered ||= isCovered;
      eventsAll += c ? Number(c.events) : 0;
      daily.push({
        day,
        product,
        activeUsers: isCovered ? (users.get(key(day, product)) ?? 0) : null,
        events: isCovered ? Number(c.events) : null,
      });
    }
    daily.push({
      day,
      product: 'all',
      activeUsers: anyCovered ? (usersAll.get(day) ?? 0) : null,
      events: anyCovered ? eventsAll : null,
    });
  }

  const distinctUsers = async (first: Day, last: Day): Promise<number> => {
    const row = await db
      .selectFrom('insight_actor_day')
      .select((eb) => eb.fn.count('actor_id').distinct().as('n'))
      .where('day', '>=', first)
      .where('day', '<=', last)
      .where('product', 'in', permitted)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  const windowOf = async (days: number): Promise<Trend> => {
    const current = await distinctUsers(addDays(to, -(days - 1)), to);
    const previous = await distinctUsers(addDays(to, -(2 * days - 1)), addDays(to, -days));
    return { days, current, previous, change: previous === 0 ? null : (current - previous) / previous };
  };
  const d7 = await windowOf(7);
  const d30 = await windowOf(30);

  const actors = await db
    .selectFrom('insight_actor_day')
    .select((eb) => [
      'actor_id',
      eb.fn.sum<number>('events').as('events'),
      eb.fn.count('day').distinct().as('days'),
    ])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('product', 'in', permitted)
    .groupBy('actor_id')
    .orderBy('events', 'desc')
    .orderBy('actor_id')
    .limit(TOP_ACTORS)
    .execute();

  const actions = await db
    .selectFrom('insight_action_day')
    .select((eb) => ['action', eb.fn.sum<number>('events').as('events')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('product', 'in', permitted)
    .groupBy('action')
    .orderBy('events', 'desc')
    .orderBy('action')
    .execute();

  const containers = [];
  for (const product of PRODUCTS) {
    const rows = await db
      .selectFrom('insight_container_day')
      .select((eb) => [
        'container_type',
        'container_id',
        eb.fn.max('container_key').as('container_key'),
        eb.fn.max('container_name').as('container_name'),
        eb.fn.sum<number>('events').as('events'),
      ])
      .where('day', '>=', from)
      .where('day', '<=', to)
      .where('product', '=', product)
      .groupBy(['container_type', 'container_id'])
      .orderBy('events', 'desc')
      .orderBy('container_id')
      .limit(TOP_CONTAINERS)
      .execute();
    containers.push(
      ...rows.map((r) => ({
        product,
        type: r.container_type,
        id: r.container_id,
        ...(r.container_key ? { key: String(r.container_key) } : {}),
        ...(r.container_name ? { name: String(r.container_name) } : {}),
        events: Number(r.events),
      })),
    );
  }

  const topActions = actions
    .slice(0, TOP_ACTIONS)
    .map((a) => ({ action: a.action, events: Number(a.events) }));
  return {
    from,
    to,
    daily,
    activeUsers: {
      asOf: to,
      dau: usersAll.get(to) ?? 0,
      wau: d7.current,
      mau: d30.current,
    },
    trends: { d7, d30 },
    topActors: actors.map((a) => ({
      accountId: a.actor_id,
      events: Number(a.events),
      activeDays: Number(a.days),
    })),
    actions: topActions,
    otherActions: actions.slice(TOP_ACTIONS).reduce((sum, a) => sum + Number(a.events), 0),
    containers,
    inactiveShare: extras.census ?? null,
    ...(extras.updatedAtMs ? { updatedAt: new Date(extras.updatedAtMs).toISOString() } : {}),
  };
}
