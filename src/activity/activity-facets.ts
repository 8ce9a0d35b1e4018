import type { ActivityFilter } from '../query/activity-filter';
import type { Store } from '../store/database';
import {
  facetGroupsQuery,
  leadFilter,
  recentIssuesQuery,
  windowStartQuery,
  type ResolvedFilter,
} from './compile-filter';
import type { ReadOptions } from './read-options';
import { resolveFilter } from './resolve-filter';

export interface FacetValue {
  readonly value: string;
  readonly count: number;
}

export interface ContainerFacetValue extends FacetValue {
  readonly key?: string;
  readonly name?: string;
}

/**
 * The most frequent values within the current filter, for the filter UI. `from`/`to` is the range the
 * counts cover: the filter's own, or the last 30 days when it sets no `from`; and no more than the
 * newest `FACET_ROWS` rows of it, found on the filter's lead index (a GROUP BY reads every row it
 * counts, and on a full installation 30 days are ~300,000 rows: far beyond Forge SQL's 5 s). When that
 * bound, or the number of a JQL's issues taken into account, cut the range, `from` says where the
 * counts begin and `partial` is set.
 */
export interface ActivityFacets {
  readonly actors: readonly FacetValue[];
  readonly actions: readonly FacetValue[];
  readonly products: readonly FacetValue[];
  readonly containers: readonly ContainerFacetValue[];
  readonly from: string;
  readonly to: string;
  readonly partial?: true;
}

export const FACET_TOP = 20;
export const FACET_DEFAULT_DAYS = 30;
/**
 * The most rows of the lead index the counts cover: the GROUP BY reads at most about this many table
 * rows (the same bound as one scan window; see bench/query-plan.ts for what that costs).
 */
export const FACET_ROWS = 10_000;
/** With a JQL matched per row: the most recently active issues whose matches the counts take in. */
const FACET_ISSUES_MAX = 5000;
const DAY_MS = 86_400_000;

export async function activityFacets(
  target: Store,
  input: ActivityFilter,
  options: ReadOptions,
): Promise<ActivityFacets> {
  const now = (options.now ?? Date.now)();
  const to = input.to ?? now;
  const from = input.from ?? to - FACET_DEFAULT_DAYS * DAY_MS;
  const resolved = await resolveFilter({ ...input, from, to }, options);
  let filter: ResolvedFilter = resolved.filter;
  const rows = options.windowRows ?? FACET_ROWS;
  const start = await windowStartQuery(target.db, leadFilter(filter), undefined, rows).executeTakeFirst();
  let partial = start !== undefined;
  if (start !== undefined) filter = { ...filter, from: Number(start.time_ms) };
  if (resolved.matcher !== undefined) {
    // The counts need the matching issues up front: the filter's issues in range, matched once.
    const recent = await recentIssuesQuery(target.db, filter, FACET_ISSUES_MAX).execute();
    partial ||= recent.length > FACET_ISSUES_MAX;
    const trails = recent.slice(0, FACET_ISSUES_MAX).flatMap((r) => (r.trail_id ? [r.trail_id] : []));
    const issueIds = [...(await resolved.matcher.matching(trails))];
    filter = { ...filter, issueScope: { ...filter.issueScope, issueIds } };
  }
  const groups = await facetGroupsQuery(target.db, filter).execute();
  const actors = new Tally();
  const actions = new Tally();
  const products = new Tally();
  const containers = new Tally();
  const names = new Map<string, { key?: string; name?: string }>();
  for (const g of groups) {
    const count = Number(g.count);
    actors.add(g.actor_id, count);
    actions.add(g.action, count);
    products.add(g.product, count);
    containers.add(g.container_id, count);
    if (g.container_id !== null) {
      // Like MAX() across the groups: one spelling per container, the same on every engine.
      const seen = names.get(g.container_id);
      const key = greatest(seen?.key, g.container_key);
      const name = greatest(seen?.name, g.container_name);
      names.set(g.container_id, { ...(key ? { key } : {}), ...(name ? { name } : {}) });
    }
  }
  return {
    actors: actors.top(FACET_TOP),
    actions: actions.top(FACET_TOP),
    products: products.top(FACET_TOP),
    containers: containers.top(FACET_TOP).map(({ value, count }) => ({ value, ...names.get(value), count })),
    from: new Date(filter.from ?? from).toISOString(),
    to: new Date(to).toISOString(),
    ...(partial ? { partial: true as const } : {}),
  };
}

function greatest(a: string | null | undefined, b: string | null | undefined): string | undefined {
  if (!a) return b ?? undefined;
  if (!b) return a;
  return a > b ? a : b;
}

/** Counts per value; the top ones by count, ties by value (as a binary collation orders them). */
class Tally {
  private readonly counts = new Map<string, number>();

  add(value: string | null, count: number): void {
    if (value !== null) this.counts.set(value, (this.counts.get(value) ?? 0) + count);
  }

  top(n: number): FacetValue[] {
    return [...this.counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, n);
  }
}
