import { sql, type ExpressionBuilder, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Product } from '../record/audit-record';
import { TEXT_COLUMNS, type Position, type ResolvedFilter } from '../query/resolved-filter';
import { answerBytes } from '../store/rows-within-bytes';
import type { Database } from '../store/tables';

/**
 * The activity filter compiled to Kysely queries: pure functions from a filter (with its lookups done)
 * to query builders, so each query is written once, compiled for MySQL/TiDB and SQLite alike, and
 * tested without I/O. Values are always bound parameters; only column names and fixed SQL are text.
 *
 * Every query orders newest first by (time_ms, id) and pages by keyset, never by OFFSET: a page starts
 * strictly after the last row of the previous one, so rows arriving meanwhile neither repeat nor shift
 * rows between pages. (The one OFFSET, in `windowStartQuery`, counts index entries to bound a scan.)
 * The indexes (see store/migrations.ts) lead with the column a filter pins and end with time: (time),
 * (actor, time), (container, time), (action, time), (trail, time). These reads add none: on a million
 * rows those five already take ~350 MB next to ~380 MB of rows (bench/query-plan.ts), and with scan
 * windows every filter mix stays bounded on them.
 */

type Where = ExpressionBuilder<Database, 'audit_event'>;

/** `LIKE` with `!` as the escape character: the same on SQLite, MariaDB and TiDB, unlike backslash. */
export function likeContains(text: string): string {
  return `%${escapeLike(text)}%`;
}

export function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

/** The filter's conditions, each an index-friendly predicate; all of them must hold. */
export function filterConditions(eb: Where, filter: ResolvedFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  const inList = (column: 'actor_id' | 'product' | 'container_id' | 'trail_id', values: readonly string[]) =>
    values.length === 0 ? sql<SqlBool>`1 = 0` : eb(column, 'in', [...values]);

  if (filter.from !== undefined) conditions.push(eb('time_ms', '>=', filter.from));
  if (filter.to !== undefined) conditions.push(eb('time_ms', '<=', filter.to));
  if (filter.actors !== undefined) conditions.push(inList('actor_id', filter.actors));
  if (filter.products !== undefined) conditions.push(inList('product', filter.products));
  if (filter.containers !== undefined) conditions.push(inList('container_id', filter.containers));
  if (filter.objects !== undefined) conditions.push(inList('trail_id', filter.objects));
  if (filter.actions !== undefined) {
    const condition = actionCondition(eb, filter.actions);
    if (condition !== undefined) conditions.push(condition);
  }
  if (filter.text !== undefined && filter.text !== '') {
    // LOWER() on both sides: MySQL's utf8mb4_bin (Forge SQL, the tests' MariaDB) compares case-
    // sensitively, SQLite's LIKE folds ASCII only; lowering both sides gives one answer everywhere (the
    // sandbox gives SQLite a lower() that folds every letter, as MySQL's does).
    const pattern = likeContains(filter.text);
    const matches: Expression<SqlBool>[] = TEXT_COLUMNS.map(
      (column) => sql<SqlBool>`lower(${sql.ref(column)}) like lower(${pattern}) escape '!'`,
    );
    if (filter.textActors !== undefined && filter.textActors.length > 0) {
      matches.push(eb('actor_id', 'in', [...filter.textActors]));
    }
    conditions.push(eb.or(matches));
  }
  if (filter.issueScope !== undefined) {
    const jira: Expression<SqlBool>[] = [eb('product', '=', 'jira')];
    // The trail is an issue: the issue's own records, and those of its comments, worklogs, links,
    // attachments and properties (whose parent is the issue).
    jira.push(
      eb.or([
        eb('parent_type', '=', 'issue'),
        eb.and([eb('parent_type', 'is', null), eb('object_type', '=', 'issue')]),
      ]),
    );
    const { issueIds, confluence } = filter.issueScope;
    if (issueIds !== undefined) jira.push(inList('trail_id', issueIds));
    if (confluence) conditions.push(eb.or([eb('product', '=', 'confluence'), eb.and(jira)]));
    else conditions.push(...jira);
  }
  return conditions;
}

function actionCondition(eb: Where, actions: readonly string[]): Expression<SqlBool> | undefined {
  const exact = actions.filter((a) => !a.endsWith('*'));
  const prefixes = actions.filter((a) => a.endsWith('*')).map((a) => a.slice(0, -1));
  // A bare `*` is every action: no condition at all.
  if (prefixes.includes('')) return undefined;
  const parts: Expression<SqlBool>[] = [];
  if (exact.length > 0) parts.push(eb('action', 'in', exact));
  // `issue.*` → `action LIKE 'issue.%'`: a prefix, so still a range on the (action, time) index.
  for (const prefix of prefixes)
    parts.push(sql<SqlBool>`${sql.ref('action')} like ${`${escapeLike(prefix)}%`} escape '!'`);
  if (parts.length === 0) return sql<SqlBool>`1 = 0`;
  return parts.length === 1 ? parts[0] : eb.or(parts);
}

/** Strictly after `position` in the newest-first order; `time_ms <= t` alone gives the index its range. */
function afterPosition(eb: Where, position: Position): Expression<SqlBool> {
  return eb.and([
    eb('time_ms', '<=', position.time),
    eb.or([eb('time_ms', '<', position.time), eb('id', '<', position.id)]),
  ]);
}

/**
 * A page of keys: the rows' ids and order, the trail (for JQL matching) and an estimate of each row's
 * size in a Forge SQL answer, so full rows can then be fetched in groups that fit one response.
 *
 * A deferred join: the inner query reads only `id` and `time_ms`, which every index holds (the primary
 * key rides along in InnoDB and TiDB secondary indexes), and the other two columns are then looked up by
 * primary key for just the page's rows. Asked for all four in one pass, MariaDB takes `ref` access on an
 * (x, time) index — equality on x only, the time bound left as a filter — and reads every row newer than
 * the cursor before the page: page k of a keyset costs k pages of reads (bench/query-plan.ts, page 10).
 */
export function pageKeysQuery(
  db: Kysely<Database>,
  filter: ResolvedFilter,
  page: { readonly after?: Position; readonly limit: number },
) {
  const keys = db
    .selectFrom('audit_event')
    .select(['id', 'time_ms'])
    .where((eb) => eb.and(keysConditions(eb, filter, page.after)))
    .orderBy('time_ms', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit);
  return db
    .selectFrom(keys.as('page'))
    .innerJoin('audit_event as row', 'row.id', 'page.id')
    .select([
      'page.id as id',
      'page.time_ms as time_ms',
      'row.trail_id as trail_id',
      'row.product as product',
      answerBytes('row').as('size_estimate'),
    ])
    .orderBy('page.time_ms', 'desc')
    .orderBy('page.id', 'desc');
}

function keysConditions(eb: Where, filter: ResolvedFilter, after: Position | undefined) {
  const conditions = filterConditions(eb, filter);
  if (after !== undefined) conditions.push(afterPosition(eb, after));
  // Kysely writes an empty AND as `1 = 1`.
  return conditions;
}

/**
 * The part of a filter that one index answers by itself: the time range and the most selective
 * indexed condition (an object trail, then actors, containers, actions), else the time range alone.
 */
export function leadFilter(filter: ResolvedFilter): ResolvedFilter {
  const range = {
    ...(filter.from !== undefined ? { from: filter.from } : {}),
    ...(filter.to !== undefined ? { to: filter.to } : {}),
  };
  if (filter.objects !== undefined) return { ...range, objects: filter.objects };
  // With Confluence's records kept, the JQL's issues are not all the filter's rows: no lead then.
  if (filter.issueScope?.issueIds !== undefined && !filter.issueScope.confluence)
    return { ...range, objects: filter.issueScope.issueIds };
  if (filter.actors !== undefined) return { ...range, actors: filter.actors };
  if (filter.containers !== undefined) return { ...range, containers: filter.containers };
  if (filter.actions !== undefined) return { ...range, actions: filter.actions };
  return range;
}

/**
 * Whether the filter is its own lead: then one index range holds exactly its rows, and a scan in time
 * order examines hardly more rows than it returns. Text, products, a JQL scope or a second indexed
 * condition are checked row by row, so scans of such filters go window by window (`windowStartQuery`).
 */
export function answeredByOneIndex(filter: ResolvedFilter): boolean {
  const indexed = [filter.objects, filter.actors, filter.containers, filter.actions].filter(
    (part) => part !== undefined,
  );
  return (
    indexed.length <= 1 &&
    filter.products === undefined &&
    filter.issueScope === undefined &&
    (filter.text === undefined || filter.text === '')
  );
}

/**
 * Where a window of `rows` rows of the lead filter begins, reading back from `after`: the time of the
 * `rows`-th row, or nothing when fewer remain. It reads one index only (no table rows), so it is cheap
 * however much the rest of the filter will reject; the scan then examines rows no older than this.
 */
export function windowStartQuery(
  db: Kysely<Database>,
  lead: ResolvedFilter,
  after: Position | undefined,
  rows: number,
) {
  return db
    .selectFrom('audit_event')
    .select('time_ms')
    .where((eb) => eb.and(keysConditions(eb, lead, after)))
    .orderBy('time_ms', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .offset(rows - 1);
}

/** Full rows by primary key (the order is restored by the caller). */
export function rowsByIdQuery(db: Kysely<Database>, ids: readonly string[]) {
  return db
    .selectFrom('audit_event')
    .selectAll()
    .where('id', 'in', [...ids]);
}

/** One record by id, if it belongs to one of `products` (the caller's). */
export function recordByIdQuery(db: Kysely<Database>, id: string, products: readonly Product[]) {
  const query = db.selectFrom('audit_event').selectAll().where('id', '=', id);
  return products.length === 0
    ? query.where(sql<SqlBool>`1 = 0`)
    : query.where('product', 'in', [...products]);
}

/**
 * The facets' counts in one pass: rows grouped by every facet column at once (actor, action, product,
 * container), so the rows are read once rather than once per facet; the caller adds the groups up per
 * column. Within a bounded window there are at most as many groups as rows, and far fewer in practice.
 * Key and name come with their container id; MAX() picks one spelling if a project was renamed.
 */
export function facetGroupsQuery(db: Kysely<Database>, filter: ResolvedFilter, hideThrough = 0) {
  return (
    db
      .selectFrom('audit_event')
      .select((eb) => [
        'actor_id',
        'action',
        'product',
        'container_id',
        eb.fn.max('container_key').as('container_key'),
        eb.fn.max('container_name').as('container_name'),
        eb.fn.countAll<number | string>().as('count'),
      ])
      .where((eb) => eb.and(keysConditions(eb, filter, undefined)))
      // Rows at or below the archive's last seq are archived records waiting to be deleted: counted there.
      .$if(hideThrough > 0, (qb) =>
        qb.where((eb) => eb.or([eb('seq', 'is', null), eb('seq', '>', hideThrough)])),
      )
      .groupBy(['actor_id', 'action', 'product', 'container_id'])
  );
}

/**
 * How many rows match, counting at most `cap + 1` of them: the count is only for a progress bar, and a
 * bounded scan keeps it inside Forge SQL's 5 s even on a full installation.
 */
export function boundedCountQuery(db: Kysely<Database>, filter: ResolvedFilter, cap: number) {
  const limited = db
    .selectFrom('audit_event')
    .select(sql<number>`1`.as('one'))
    .where((eb) => eb.and(keysConditions(eb, filter, undefined)))
    .limit(cap + 1);
  return db.selectFrom(limited.as('limited')).select((eb) => eb.fn.countAll<number | string>().as('n'));
}

/**
 * The issues the filter's Jira rows are on, most recently active first (at most `cap + 1`), for
 * matching a JQL against them when the facets need it.
 */
export function recentIssuesQuery(db: Kysely<Database>, filter: ResolvedFilter, cap: number) {
  return db
    .selectFrom('audit_event')
    .select((eb) => ['trail_id', eb.fn.max('time_ms').as('last')])
    .where((eb) =>
      eb.and([
        ...keysConditions(eb, filter, undefined),
        eb('product', '=', 'jira'),
        eb('trail_id', 'is not', null),
      ]),
    )
    .groupBy('trail_id')
    .orderBy('last', 'desc')
    .limit(cap + 1);
}
