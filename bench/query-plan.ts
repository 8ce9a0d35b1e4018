/**
 * How the activity log's queries behave on a full installation: 1,000,000 rows on MariaDB, queried with
 * the app's own compiled queries (src/activity/compile-filter.ts) for the filter mixes the admin page
 * uses. For each mix: the first page (keys, then full rows), the facets, and the export's bounded
 * count — time, rows examined (the server's Handler_read_* counters) and the index the plan uses.
 *
 *   npx tsx bench/query-plan.ts          (AUDIT_BENCH_MYSQL, default mysql://root@127.0.0.1:3306/test;
 *                                         BENCH_ROWS, default 1,000,000)
 *
 * Rows are generated directly (synthetic events → normalizer → `toRow`, multi-row INSERTs), not through
 * the capture handler. The database is created for the run and dropped at the end. Times depend on this
 * machine; rows examined and plans are the figures to compare.
 */
import { randomBytes } from 'node:crypto';
import { Kysely, MysqlDialect, sql, type Compilable } from 'kysely';
import { createConnection, createPool } from 'mysql2';
import { buildSite } from '../dev/site/site-model';
import { syntheticEvents } from '../dev/seed/synthetic-activity';
import { normalizeEvent } from '../src/capture/normalize';
import {
  boundedCountQuery,
  facetQuery,
  pageKeysQuery,
  rowsByIdQuery,
  type ResolvedFilter,
} from '../src/activity/compile-filter';
import { ESTIMATE_CAP } from '../src/activity/export-activity';
import { FACET_TOP } from '../src/activity/activity-facets';
import { toRow } from '../src/store/audit-event-row';
import { migrations } from '../src/store/migrations';
import type { Database } from '../src/store/tables';

const SERVER = process.env.AUDIT_BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306/test';
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const DAY_MS = 86_400_000;
const INSERT_BATCH = 1000;

async function main(): Promise<void> {
  const name = `audit_plan_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  // One connection: the session's status counters must be the ones the measured statement moved.
  const pool = createPool({
    uri: url.toString(),
    connectionLimit: 1,
    supportBigNumbers: true,
    charset: 'utf8mb4',
  });
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
  try {
    for (const migration of migrations) await migration.build(db).execute();
    const now = Date.now();
    const world = await load(db, now);
    console.log(`\n${ROWS.toLocaleString('en-US')} rows; ${world.note}\n`);
    const rows: string[][] = [];
    for (const mix of mixes(world, now)) {
      for (const step of steps(db, mix.filter)) {
        const m = await measure(db, step.query);
        rows.push([mix.name, step.name, m.ms.toFixed(1), String(m.examined), String(m.returned), m.plan]);
        console.log(`  ${mix.name} / ${step.name}: ${m.ms.toFixed(1)} ms, ${m.examined} rows examined`);
      }
    }
    console.log(
      `\n${table(['filter mix', 'query', 'ms', 'rows examined', 'rows returned', 'plan (table: key, extra)'], rows)}\n`,
    );
  } finally {
    await db.destroy();
    await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
  }
}

interface World {
  readonly busyActor: string;
  readonly typicalActor: string;
  readonly project: string;
  readonly group50: readonly string[];
  readonly note: string;
}

/** Synthetic activity over the last 90 days of a 1,000-person site, views included (the worst case). */
async function load(db: Kysely<Database>, now: number): Promise<World> {
  const site = buildSite({ users: 1000, issues: 20_000, pages: 5000 });
  const started = Date.now();
  let batch: ReturnType<typeof toRow>[] = [];
  let stored = 0;
  const seen = new Set<string>();
  for (const event of syntheticEvents(site, { count: ROWS, end: new Date(now) })) {
    const normalized = normalizeEvent(event, new Date(now));
    if (!normalized.ok || seen.has(normalized.record.id)) continue;
    seen.add(normalized.record.id);
    batch.push(toRow(normalized.record));
    if (batch.length === INSERT_BATCH) {
      stored += await insert(db, batch);
      batch = [];
      if (stored % 100_000 === 0) console.log(`  loaded ${stored.toLocaleString('en-US')} rows`);
    }
  }
  stored += await insert(db, batch);
  await sql`ANALYZE TABLE audit_event`.execute(db);
  const secs = ((Date.now() - started) / 1000).toFixed(0);

  const byActor = await db
    .selectFrom('audit_event')
    .select((eb) => ['actor_id', eb.fn.countAll<string>().as('n')])
    .where('actor_id', 'is not', null)
    .groupBy('actor_id')
    .orderBy('n', 'desc')
    .execute();
  const byProject = await db
    .selectFrom('audit_event')
    .select((eb) => ['container_id', eb.fn.countAll<string>().as('n')])
    .where('container_type', '=', 'project')
    .groupBy('container_id')
    .orderBy('n', 'desc')
    .execute();
  const actorIds = byActor.map((a) => a.actor_id as string);
  // Fifty people spread over the activity ranking, as a real team would be.
  const group50 = Array.from(
    { length: 50 },
    (_, i) => actorIds[Math.floor((i * actorIds.length) / 50)] as string,
  );
  const busy = byActor[0];
  const typical = byActor[Math.floor(byActor.length / 4)];
  const project = byProject[0];
  return {
    busyActor: busy?.actor_id as string,
    typicalActor: typical?.actor_id as string,
    project: project?.container_id as string,
    group50,
    note:
      `${stored.toLocaleString('en-US')} stored in ${secs} s; busiest actor ${busy?.n} rows, typical (p75) ` +
      `actor ${typical?.n} rows, busiest project ${project?.n} rows, ${actorIds.length} actors`,
  };
}

async function insert(db: Kysely<Database>, rows: readonly ReturnType<typeof toRow>[]): Promise<number> {
  if (rows.length === 0) return 0;
  await db
    .insertInto('audit_event')
    .values([...rows])
    .execute();
  return rows.length;
}

function mixes(world: World, now: number): { name: string; filter: ResolvedFilter }[] {
  const days = (n: number) => now - n * DAY_MS;
  return [
    { name: 'everything', filter: {} },
    { name: 'one actor, 7 d', filter: { actors: [world.typicalActor], from: days(7) } },
    { name: 'busiest actor, 7 d', filter: { actors: [world.busyActor], from: days(7) } },
    { name: 'a project, 30 d', filter: { containers: [world.project], from: days(30) } },
    { name: 'issue.updated, 90 d', filter: { actions: ['issue.updated'], from: days(90) } },
    { name: 'comment.*, 90 d', filter: { actions: ['comment.*'], from: days(90) } },
    { name: 'actor + project', filter: { actors: [world.typicalActor], containers: [world.project] } },
    { name: 'text (common word)', filter: { text: 'release' } },
    { name: 'text (no match)', filter: { text: 'zz-no-such-text' } },
    { name: 'group of 50, 30 d', filter: { actors: world.group50, from: days(30) } },
    { name: 'confluence only, 30 d', filter: { products: ['confluence'], from: days(30) } },
  ];
}

function steps(db: Kysely<Database>, filter: ResolvedFilter): { name: string; query: Compilable }[] {
  return [
    { name: 'page keys (50)', query: pageKeysQuery(db, filter, { limit: 51 }) },
    { name: 'facet: actors', query: facetQuery(db, filterForFacets(filter), 'actor_id', FACET_TOP) },
    { name: 'facet: containers', query: facetQuery(db, filterForFacets(filter), 'container_id', FACET_TOP) },
    { name: 'export count', query: boundedCountQuery(db, filter, ESTIMATE_CAP) },
  ];
}

/** Facets default to the last 30 days when the filter sets no `from`. */
function filterForFacets(filter: ResolvedFilter): ResolvedFilter {
  return filter.from === undefined ? { ...filter, from: Date.now() - 30 * DAY_MS } : filter;
}

interface Measured {
  readonly ms: number;
  readonly examined: number;
  readonly returned: number;
  readonly plan: string;
}

async function measure(db: Kysely<Database>, query: Compilable): Promise<Measured> {
  const compiled = query.compile();
  // Warm once (the buffer pool), then measure.
  await db.executeQuery(compiled);
  // Reading the counters moves them too: measure that once and take it off.
  const first = await handlerReads(db);
  const ownCost = (await handlerReads(db)) - first;
  const before = await handlerReads(db);
  const started = process.hrtime.bigint();
  const result = await db.executeQuery(compiled);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const after = await handlerReads(db);
  const explain = await db.executeQuery<{ table: string; key: string | null; Extra: string | null }>({
    ...compiled,
    sql: `EXPLAIN ${compiled.sql}`,
  });
  // A page also fetches its full rows by id: count that lookup in the page's time.
  let fetchMs = 0;
  const ids = (result.rows as { id?: unknown }[]).flatMap((r) => (typeof r.id === 'string' ? [r.id] : []));
  if (ids.length > 0) {
    const fetch = rowsByIdQuery(db, ids.slice(0, 50)).compile();
    const t = process.hrtime.bigint();
    await db.executeQuery(fetch);
    fetchMs = Number(process.hrtime.bigint() - t) / 1e6;
  }
  return {
    ms: ms + fetchMs,
    examined: Math.max(0, after - before - ownCost),
    returned: result.rows.length,
    plan: explain.rows
      .map((r) => `${r.table}: ${r.key ?? 'ALL'}${r.Extra ? ` (${r.Extra})` : ''}`)
      .join('; '),
  };
}

/** Rows the storage engine handed to the server so far in this session. */
async function handlerReads(db: Kysely<Database>): Promise<number> {
  const rows = await sql<{
    Variable_name: string;
    Value: string;
  }>`SHOW SESSION STATUS LIKE 'Handler_read%'`.execute(db);
  return rows.rows.reduce((sum, r) => sum + Number(r.Value), 0);
}

async function adminQuery(statement: string): Promise<void> {
  const connection = createConnection({ uri: SERVER });
  await connection.promise().query(statement);
  await connection.promise().end();
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
