import { Kysely, MysqlDialect, sql, type LogEvent } from 'kysely';
import { createConnection, createPool } from 'mysql2';
import { buildSite } from '../dev/site/site-model';
import { syntheticEvents } from '../dev/seed/synthetic-activity';
import { normalizeEvent } from '../src/capture/normalize';
import { toRow } from '../src/store/audit-event-row';
import { createIndexStatements, forgeSqlStatement, migrations } from '../src/store/migrations';
import type { Database } from '../src/store/tables';
import { benchMysql } from './bench-engines';

/**
 * The large audit logs the query and export benchmarks read, in MariaDB: a 1,000-person site with 100
 * projects and 100 spaces over 90 days with views recorded (the heaviest case), made of the sandbox's
 * synthetic events — a few heavy actors and many light ones, busy and quiet containers, every event
 * family — passed through the app's
 * own normalizer and row mapping. Larger logs are that log repeated further back in time (each copy 90
 * days older, with its own ids): the site's history grows, its daily rhythm and skew stay the same.
 *
 * A log is kept between runs in a database named for its size, with a marker row saying it is complete,
 * so `npm run bench -- export` after `npm run bench -- query` loads nothing; `dropSyntheticLogs()`
 * removes them (run.ts does at the end unless BENCH_KEEP_DB is set).
 */
export const DAY_MS = 86_400_000;
const SPAN_DAYS = 90;
const INSERT_BATCH = 2000;
/** The base log's size; BENCH_BASE_ROWS makes it smaller for a quick check of the harness. */
const BASE_ROWS = Number(process.env.BENCH_BASE_ROWS ?? 1_000_000);
const PREFIX = 'audit_bench_log_';

export interface SyntheticLog {
  readonly db: Kysely<Database>;
  readonly rows: number;
  /** The newest event's time: "now" for the log's filters. */
  readonly now: number;
  /** How the log was made (loaded now, or reused) for the printed header. */
  readonly note: string;
  close(): Promise<void>;
}

/**
 * Opens the log of `rows` rows (a multiple of BASE_ROWS above it), loading it first if needed. One
 * connection: the session's status counters must be the ones the measured statements moved.
 */
export async function openSyntheticLog(
  rows: number,
  options: { readonly progress?: (line: string) => void; readonly onQuery?: (event: LogEvent) => void } = {},
): Promise<SyntheticLog> {
  const name = `${PREFIX}${rows}`;
  let db = connect(name, options.onQuery);
  let note: string;
  if (await isComplete(db, rows)) note = `reused database ${name}`;
  else {
    await db.destroy();
    await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
    await adminQuery(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    db = connect(name, options.onQuery);
    const started = Date.now();
    await withoutSecondaryIndexes(db, async () => {
      if (rows <= BASE_ROWS) await loadEvents(db, rows, Date.now());
      else await repeatBase(db, name, rows);
    });
    await sql`ANALYZE TABLE audit_event`.execute(db);
    await sql`CREATE TABLE bench_log (rows_loaded BIGINT NOT NULL)`.execute(db);
    await sql`INSERT INTO bench_log VALUES (${rows})`.execute(db);
    note = `loaded into ${name} in ${((Date.now() - started) / 1000).toFixed(0)} s`;
  }
  const newest = await db
    .selectFrom('audit_event')
    .select((eb) => [eb.fn.max('time_ms').as('t'), eb.fn.countAll<string>().as('n')])
    .executeTakeFirstOrThrow();
  options.progress?.(`${Number(newest.n).toLocaleString('en-US')} rows: ${note}`);
  return { db, rows: Number(newest.n), now: Number(newest.t), note, close: () => db.destroy() };
}

/** Removes every log database this module made. */
export async function dropSyntheticLogs(): Promise<void> {
  const connection = createConnection({ uri: benchMysql() }).promise();
  try {
    const [found] = await connection.query(`SHOW DATABASES LIKE '${PREFIX}%'`);
    for (const row of found as Record<string, string>[])
      await connection.query(`DROP DATABASE IF EXISTS \`${Object.values(row)[0]}\``);
  } finally {
    await connection.end();
  }
}

function connect(name: string, onQuery?: (event: LogEvent) => void): Kysely<Database> {
  const url = new URL(benchMysql());
  url.pathname = `/${name}`;
  const pool = createPool({
    uri: url.toString(),
    connectionLimit: 1,
    supportBigNumbers: true,
    charset: 'utf8mb4',
    multipleStatements: false,
  });
  return new Kysely<Database>({
    dialect: new MysqlDialect({ pool }),
    ...(onQuery ? { log: onQuery } : {}),
  });
}

async function isComplete(db: Kysely<Database>, rows: number): Promise<boolean> {
  try {
    const marker = await sql<{ rows_loaded: number }>`SELECT rows_loaded FROM bench_log`.execute(db);
    return Number(marker.rows[0]?.rows_loaded) === rows;
  } catch {
    return false;
  }
}

/**
 * Loads with the primary key only and builds the secondary indexes afterwards from sorted runs, as a
 * restore would: minutes faster than maintaining seven indexes row by row, and the indexes end the same
 * (the app's own migrations create them, so their definitions cannot drift from production's).
 */
async function withoutSecondaryIndexes(db: Kysely<Database>, load: () => Promise<void>): Promise<void> {
  for (const migration of migrations) await sql.raw(forgeSqlStatement(db, migration)).execute(db);
  const indexes = await secondaryIndexes(db);
  for (const name of indexes) await sql`ALTER TABLE audit_event DROP INDEX ${sql.id(name)}`.execute(db);
  await load();
  const auditEvent = migrations.filter((m) => m.table === 'audit_event');
  for (const statement of auditEvent.flatMap((m) => createIndexStatements(db, m)))
    await db.executeQuery(statement);
}

/** The names of audit_event's indexes other than its primary key, as the app's migrations made them. */
export async function secondaryIndexes(db: Kysely<Database>): Promise<string[]> {
  const indexes = await sql<{ name: string }>`SELECT DISTINCT index_name AS name FROM
    information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'audit_event'
    AND index_name <> 'PRIMARY'`.execute(db);
  return indexes.rows.map((r) => r.name);
}

async function loadEvents(db: Kysely<Database>, rows: number, now: number): Promise<void> {
  const site = buildSite({ users: 1000, projects: 100, spaces: 100, issues: 20_000, pages: 5000 });
  const seen = new Set<string>();
  let batch: ReturnType<typeof toRow>[] = [];
  let stored = 0;
  const flush = async () => {
    if (batch.length > 0) await db.insertInto('audit_event').values(batch).execute();
    stored += batch.length;
    batch = [];
  };
  // Deterministic ids collapse the rare duplicate event: ask for a few more than needed.
  for (const event of syntheticEvents(site, {
    count: Math.ceil(rows * 1.01),
    end: new Date(now),
    start: new Date(now - SPAN_DAYS * DAY_MS),
  })) {
    if (stored + batch.length >= rows) break;
    const normalized = normalizeEvent(event, new Date(now));
    if (!normalized.ok || seen.has(normalized.record.id)) continue;
    seen.add(normalized.record.id);
    batch.push(toRow(normalized.record));
    if (batch.length === INSERT_BATCH) await flush();
  }
  await flush();
}

/** The base log, then copies of it each SPAN_DAYS older, with ids derived from the original's. */
async function repeatBase(db: Kysely<Database>, name: string, rows: number): Promise<void> {
  const base = await openSyntheticLog(BASE_ROWS);
  await base.close();
  const source = `${PREFIX}${BASE_ROWS}.audit_event`;
  const columns = (
    await sql<{ c: string }>`SELECT column_name AS c FROM information_schema.columns
    WHERE table_schema = ${name} AND table_name = 'audit_event' ORDER BY ordinal_position`.execute(db)
  ).rows.map((r) => r.c);
  for (let copy = 0; copy * BASE_ROWS < rows; copy += 1) {
    const shift = copy * SPAN_DAYS * DAY_MS;
    const select = columns.map((c) => {
      if (c === 'id') return copy === 0 ? 'id' : `LEFT(MD5(CONCAT(id, '/${copy}')), 32)`;
      if (c === 'time_ms' || c === 'received_ms') return `${c} - ${shift}`;
      return c;
    });
    await sql
      .raw(
        `INSERT INTO audit_event (${columns.join(', ')}) SELECT ${select.join(', ')} FROM ${source} LIMIT ${Math.min(BASE_ROWS, rows - copy * BASE_ROWS)}`,
      )
      .execute(db);
  }
}

async function adminQuery(statement: string): Promise<void> {
  const connection = createConnection({ uri: benchMysql() }).promise();
  try {
    await connection.query(statement);
  } finally {
    await connection.end();
  }
}
