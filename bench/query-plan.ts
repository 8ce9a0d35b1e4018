/**
 * How the activity log's reads behave on a full installation: 1,000,000 rows on MariaDB, read by the
 * app's own code (src/activity/: the scan with its windows, the facets, the export's first chunk and
 * estimate) for the filter mixes the admin page uses. For each: wall time, rows examined (the server's
 * Handler_read_* counters, over every statement the step ran), the SQL statements it took, and the
 * index the page's keys query uses.
 *
 *   npx tsx bench/query-plan.ts    AUDIT_BENCH_MYSQL (default mysql://root@127.0.0.1:3306/test),
 *                                  BENCH_ROWS (default 1,000,000),
 *                                  BENCH_KEEP_DB=<name> to load once into that database and keep it
 *                                  (later runs reuse it) instead of a throwaway one.
 *
 * Rows are generated directly (synthetic events → normalizer → `toRow`, multi-row INSERTs), not through
 * the capture handler. Times depend on this machine (and its buffer pool); rows examined, statements
 * and plans are the figures to compare.
 */
import { randomBytes } from 'node:crypto';
import { Kysely, MysqlDialect, sql } from 'kysely';
import { createConnection, createPool } from 'mysql2';
import { buildSite } from '../dev/site/site-model';
import { syntheticEvents } from '../dev/seed/synthetic-activity';
import { normalizeEvent } from '../src/capture/normalize';
import { activityFacets } from '../src/activity/activity-facets';
import { exportPayloadSchema } from '../src/activity/activity-payloads';
import { pageKeysQuery, type ResolvedFilter } from '../src/activity/compile-filter';
import { exportActivity } from '../src/activity/export-activity';
import { scanRecords } from '../src/activity/scan-records';
import type { ActivityFilter } from '../src/query/activity-filter';
import { toRow } from '../src/store/audit-event-row';
import type { Store } from '../src/store/database';
import { migrations } from '../src/store/migrations';
import type { Database } from '../src/store/tables';
import { formatTable } from './table';

const SERVER = process.env.AUDIT_BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306/test';
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const KEEP = process.env.BENCH_KEEP_DB;
const DAY_MS = 86_400_000;
const INSERT_BATCH = 1000;

/** Statements run through the bench's Kysely, counted per measured step. */
let statements = 0;

async function main(): Promise<void> {
  const name = KEEP ?? `audit_plan_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE IF NOT EXISTS ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  // One connection: the session's status counters must be the ones the measured statements moved.
  const pool = createPool({
    uri: url.toString(),
    connectionLimit: 1,
    supportBigNumbers: true,
    charset: 'utf8mb4',
  });
  const db = new Kysely<Database>({
    dialect: new MysqlDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') statements += 1;
    },
  });
  const store: Store = { db, engine: 'forge-sql' };
  try {
    const existing = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM information_schema.tables
      WHERE table_schema = ${name} AND table_name = 'audit_event'`.execute(db);
    const loaded = Number(existing.rows[0]?.n ?? 0) > 0 && KEEP !== undefined;
    if (!loaded) for (const migration of migrations) await db.executeQuery(migration.build(db).compile());
    const now = loaded ? await newest(db) : Date.now();
    const world = await survey(db, loaded ? undefined : await load(db, now));
    console.log(`\n${world.note}\n`);
    const rows: string[][] = [];
    for (const mix of mixes(world, now)) {
      const plan = await keysPlan(db, mix.filter);
      for (const step of steps(store, mix.filter, now)) {
        const m = await measure(db, step.run);
        rows.push([
          mix.name,
          step.name,
          m.ms.toFixed(0),
          String(m.examined),
          String(m.statements),
          m.result,
          step.name === 'page 1 (50)' ? plan : '',
        ]);
        console.log(
          `  ${mix.name} / ${step.name}: ${m.ms.toFixed(0)} ms, ${m.examined} rows examined, ${m.statements} statements, ${m.result}`,
        );
      }
    }
    console.log(
      `\n${formatTable(['filter mix', 'step', 'ms', 'rows examined', 'SQL statements', 'result', 'keys query plan (index)'], rows)}\n`,
    );
  } finally {
    await db.destroy();
    if (KEEP === undefined) await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
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
async function load(db: Kysely<Database>, now: number): Promise<string> {
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
  return `loaded ${stored.toLocaleString('en-US')} rows in ${((Date.now() - started) / 1000).toFixed(0)} s`;
}

async function insert(db: Kysely<Database>, rows: readonly ReturnType<typeof toRow>[]): Promise<number> {
  if (rows.length === 0) return 0;
  await db
    .insertInto('audit_event')
    .values([...rows])
    .execute();
  return rows.length;
}

async function newest(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.max('time_ms').as('t'))
    .executeTakeFirst();
  return Number(row?.t ?? Date.now());
}

/** Who and what to filter on: the busiest and a typical actor, the busiest project, a team of 50. */
async function survey(db: Kysely<Database>, loadNote: string | undefined): Promise<World> {
  const total = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
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
      `${Number(total?.n).toLocaleString('en-US')} rows${loadNote ? ` (${loadNote})` : ''}; busiest actor ` +
      `${busy?.n} rows, typical (p75) actor ${typical?.n}, busiest project ${project?.n}, ${actorIds.length} actors`,
  };
}

function mixes(world: World, now: number): { name: string; filter: ActivityFilter }[] {
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
    { name: 'group of 50, 30 d', filter: { actors: [...world.group50], from: days(30) } },
    { name: 'confluence only, 30 d', filter: { products: ['confluence'], from: days(30) } },
  ];
}

interface Step {
  readonly name: string;
  run(): Promise<string>;
}

function steps(store: Store, filter: ActivityFilter, now: number): Step[] {
  const resolved = filter as ResolvedFilter;
  const page = async () => {
    let rows = 0;
    const result = await scanRecords(
      store,
      { filter: resolved, maxRows: 50, deadline: Date.now() + 10_000 },
      () => {
        rows += 1;
        return true;
      },
    );
    return { rows, next: result.next };
  };
  return [
    {
      name: 'page 1 (50)',
      run: async () => {
        const { rows, next } = await page();
        return `${rows} rows${next ? ', more' : ''}`;
      },
    },
    {
      name: 'facets',
      run: async () => {
        const facets = await activityFacets(store, filter, { now: () => now });
        const days = ((Date.parse(facets.to) - Date.parse(facets.from)) / DAY_MS).toFixed(1);
        const counted = facets.products.reduce((n, p) => n + p.count, 0);
        return `${counted} rows counted over ${days} d${facets.partial ? ' (partial)' : ''}`;
      },
    },
    {
      name: 'export chunk 1 (csv)',
      run: async () => {
        const chunk = await exportActivity(
          store,
          exportPayloadSchema.parse({ format: 'csv', filters: filter }),
        );
        return `${chunk.rows} rows, ${(chunk.chunk.length / 1e6).toFixed(1)} MB, estimate ${chunk.estimatedRows ?? 'none'}`;
      },
    },
  ];
}

interface Measured {
  readonly ms: number;
  readonly examined: number;
  readonly statements: number;
  readonly result: string;
}

async function measure(db: Kysely<Database>, run: () => Promise<string>): Promise<Measured> {
  // Warm once (the buffer pool), then measure.
  await run();
  // Reading the counters moves them too: measure that once and take it off.
  const first = await handlerReads(db);
  const ownCost = (await handlerReads(db)) - first;
  const before = await handlerReads(db);
  const count = statements;
  const started = process.hrtime.bigint();
  const result = await run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const ran = statements - count;
  const after = await handlerReads(db);
  return { ms, examined: Math.max(0, after - before - ownCost), statements: ran, result };
}

/** The index the first page's keys query uses (EXPLAIN of the query as the scan first runs it). */
async function keysPlan(db: Kysely<Database>, filter: ActivityFilter): Promise<string> {
  const compiled = pageKeysQuery(db, filter as ResolvedFilter, { limit: 51 }).compile();
  const explain = await db.executeQuery<{ key: string | null; Extra: string | null }>({
    ...compiled,
    sql: `EXPLAIN ${compiled.sql}`,
  });
  return explain.rows.map((r) => `${r.key ?? 'ALL'}${r.Extra ? ` (${r.Extra})` : ''}`).join('; ');
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

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
