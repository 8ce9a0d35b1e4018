import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import { syntheticEvents } from '../dev/seed/synthetic-activity';
import { startSandbox } from '../dev/sandbox';
import { capture } from '../src/index';
import type { Database } from '../src/store/tables';
import { freshMariadb, freshSqlite, mariadbAvailable, type BenchDatabase } from './bench-engines';

export interface IngestFigures {
  readonly engine: 'sqlite' | 'mariadb';
  readonly ugc: 'stored' | 'not_stored';
  readonly events: number;
  readonly stored: number;
  /** Process CPU per event, handler and database client together (SQLite's engine runs in-process too). */
  readonly cpuMicrosPerEvent: number;
  /** Wall time per event in the handler, sequential delivery. */
  readonly wallMillisPerEvent: number;
  readonly eventsPerSecond: number;
  /** SQL requests per event on the Forge SQL path, and how many of them were reads (MariaDB only). */
  readonly statementsPerEvent?: number;
  readonly readsPerEvent?: number;
  /** Table plus indexes on disk, per stored row. */
  readonly bytesPerRow: number;
}

/**
 * Delivers synthetic events (views on, so every event is stored) through the real `capture` handler on
 * each engine, with content stored and not stored, and measures CPU, throughput, SQL requests per event
 * and bytes per row.
 */
export async function benchIngest(events: number): Promise<IngestFigures[]> {
  const figures: IngestFigures[] = [];
  const engines: (() => Promise<BenchDatabase>)[] = [async () => freshSqlite()];
  if (await mariadbAvailable()) engines.push(() => freshMariadb('ingest'));
  else console.log('  (MariaDB not reachable at AUDIT_BENCH_MYSQL: SQLite only)');
  for (const open of engines) {
    for (const ugc of ['stored', 'not_stored'] as const) {
      const database = await open();
      try {
        figures.push(await ingestOnce(database, ugc, events));
      } finally {
        await database.drop();
      }
    }
  }
  return figures;
}

async function ingestOnce(
  database: BenchDatabase,
  ugc: 'stored' | 'not_stored',
  events: number,
): Promise<IngestFigures> {
  const sandbox = await startSandbox({ auditDb: database.auditDb, kvsFile: null });
  try {
    await sandbox.host.invoke(
      'jira:adminPage',
      'settings.update',
      {
        ugc: { jira: ugc, confluence: ugc },
        views: { jira: true, confluence: true },
      },
      sandbox.defaultAccountId,
    );
    const payloads = [...syntheticEvents(sandbox.site, { count: events, seed: 7 })];
    await capture(payloads[0]); // a warm function: settings cached, as on Forge after the first event
    const backend = sandbox.opened.sqlBackend;
    const statements0 = backend?.statements ?? 0;
    const reads0 = backend?.reads ?? 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const payload of payloads.slice(1)) await capture(payload);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const measured = payloads.length - 1;
    const stored = await sandbox.records();
    return {
      engine: database.engine,
      ugc,
      events: measured,
      stored,
      cpuMicrosPerEvent: (cpu.user + cpu.system) / measured,
      wallMillisPerEvent: wall / measured,
      eventsPerSecond: (measured / wall) * 1000,
      ...(backend
        ? {
            statementsPerEvent: (backend.statements - statements0) / measured,
            readsPerEvent: (backend.reads - reads0) / measured,
          }
        : {}),
      bytesPerRow: (await tableBytes(sandbox.opened.store.db, database)) / stored,
    };
  } finally {
    await sandbox.close();
  }
}

/** Bytes the audit_event table and its indexes take on disk. */
async function tableBytes(db: Kysely<Database>, database: BenchDatabase): Promise<number> {
  if (database.engine === 'sqlite') {
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    const file = database.auditDb.slice('sqlite:'.length);
    const sqlite = new BetterSqlite3(file, { readonly: true });
    try {
      // dbstat is compiled into better-sqlite3's SQLite: the bytes of every page of the table and its indexes.
      const row = sqlite
        .prepare(
          "SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name = 'audit_event' OR name IN (SELECT name FROM sqlite_master WHERE tbl_name = 'audit_event' AND type = 'index')",
        )
        .get() as { bytes: number };
      return row.bytes;
    } finally {
      sqlite.close();
    }
  }
  const connection = await createConnection({ uri: database.auditDb });
  try {
    await connection.query('ANALYZE TABLE audit_event');
    const [rows] = await connection.query(
      "SELECT data_length + index_length AS bytes FROM information_schema.TABLES WHERE table_schema = DATABASE() AND table_name = 'audit_event'",
    );
    return Number((rows as { bytes: number }[])[0]?.bytes ?? 0);
  } finally {
    await connection.end();
  }
}
