import { scanArchive } from '../archive/archive-scan';
import { archivedThrough } from '../archive/block-store';
import type { ActivityFilter } from '../query/activity-filter';
import type { Product } from '../record/audit-record';
import type { Store } from '../store/database';
import { facetGroupsQuery, leadFilter, recentIssuesQuery, windowStartQuery } from './compile-filter';
import type { ResolvedFilter } from '../query/resolved-filter';
import { ACTION_CATALOGUE } from './action-catalogue';
import { deadlineOf, type ReadOptions } from './read-options';
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
 * The most frequent people and containers within the current filter, and every action, for the filter
 * UI. `actions` lists the whole catalogue of the caller's products (count 0 where the range has none),
 * then any other action the range holds (imported `config.*` records), so an investigator can pick
 * "Issue deleted" however rare it is, and a group's total is the exact sum of its actions. `from`/`to` is the range the
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

/** One group of the counts: from the live table's GROUP BY, or one archived record. */
interface FacetGroup {
  readonly actor_id: string | null;
  readonly action: string;
  readonly product: string;
  readonly container_id: string | null;
  readonly container_key: string | null;
  readonly container_name: string | null;
  readonly count: number | string;
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
  const through = await archivedThrough(target);
  const groups: FacetGroup[] = await facetGroupsQuery(target.db, filter, through).execute();
  if (through > 0 && start === undefined) {
    // The live rows did not fill the bound: the archive's newest matching records count towards it.
    const counted = groups.reduce((sum, g) => sum + Number(g.count), 0);
    const archived = await scanArchive(target, {
      filter,
      maxRows: Math.max(0, rows - counted),
      deadline: deadlineOf(options),
    });
    for (const row of archived.rows) groups.push({ ...row, count: 1 });
    if (archived.next) {
      partial = true;
      filter = { ...filter, from: archived.next.time };
    }
  }
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
    actions: withCatalogue(actions.all(), catalogueProducts(input, options)),
    products: products.top(FACET_TOP),
    containers: containers.top(FACET_TOP).map(({ value, count }) => ({ value, ...names.get(value), count })),
    from: new Date(filter.from ?? from).toISOString(),
    to: new Date(to).toISOString(),
    ...(partial ? { partial: true as const } : {}),
  };
}

/** The products whose catalogue is listed: the caller's, narrowed to the filter's when it names some. */
function catalogueProducts(input: ActivityFilter, options: ReadOptions): ReadonlySet<Product> {
  const asked = input.products;
  return asked === undefined ? options.products : new Set(asked.filter((p) => options.products.has(p)));
}

/** Every catalogue action of these products, with its count (0 where none), and the range's others. */
function withCatalogue(counted: readonly FacetValue[], products: ReadonlySet<Product>): FacetValue[] {
  const counts = new Map(counted.map((f) => [f.value, f.count]));
  const listed = ACTION_CATALOGUE.filter((a) => a.products.some((p) => products.has(p))).map((a) => a.action);
  const known = new Set(listed);
  return [
    ...listed.map((value) => ({ value, count: counts.get(value) ?? 0 })),
    ...counted.filter((f) => !known.has(f.value)),
  ];
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
    return this.all().slice(0, n);
  }

  all(): FacetValue[] {
    return [...this.counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
}
