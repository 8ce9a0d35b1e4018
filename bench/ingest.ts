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
  /** Table plus indexes on disk, per stored row, as captured (before sealing). */
  readonly bytesPerRowCaptured: number;
  /**
   * The same once sealed (seq, hash chain and field digests added): what every row weighs minutes after
   * it is captured, so the figure rows per GiB follow from.
   */
  readonly bytesPerRowSealed: number;
  /** Sealed, after the table is rebuilt (VACUUM / OPTIMIZE TABLE): the data without free space in pages. */
  readonly bytesPerRowCompacted: number;
  /** SQL requests the seal-and-forward job spent per 1,000 stored events (MariaDB only). */
  readonly sealStatementsPer1000?: number;
  /** Wall time of the seal-and-forward job per stored event, sealing the whole backlog. */
  readonly sealWallMillisPerEvent: number;
  /** One seal-and-forward run with nothing to do (every five minutes on Forge), and its SQL requests. */
  readonly idleSealMillis: number;
  readonly idleSealStatements?: number;
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
    const statements = (backend?.statements ?? 0) - statements0;
    const reads = (backend?.reads ?? 0) - reads0;
    const stored = await sandbox.records();
    const bytesPerRowCaptured = (await tableBytes(sandbox.opened.store.db, database)) / stored;
    const sealStatements0 = backend?.statements ?? 0;
    const sealStarted = performance.now();
    await sandbox.host.runScheduled('seal-and-forward');
    await sandbox.queue.idle();
    const sealWall = performance.now() - sealStarted;
    const sealStatements = (backend?.statements ?? 0) - sealStatements0;
    const idleStatements0 = backend?.statements ?? 0;
    const idleStarted = performance.now();
    await sandbox.host.runScheduled('seal-and-forward');
    const idleSealMillis = performance.now() - idleStarted;
    const idleStatements = (backend?.statements ?? 0) - idleStatements0;
    const unsealed = await sandbox.opened.store.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('seq', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(unsealed.n) > 0) throw new Error(`${unsealed.n} rows still unsealed after the seal job`);
    const bytesPerRowSealed = (await tableBytes(sandbox.opened.store.db, database)) / stored;
    await compact(sandbox.opened.store.db, database);
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
            statementsPerEvent: statements / measured,
            readsPerEvent: reads / measured,
            sealStatementsPer1000: (sealStatements * 1000) / stored,
            idleSealStatements: idleStatements,
          }
        : {}),
      sealWallMillisPerEvent: sealWall / stored,
      idleSealMillis,
      bytesPerRowCaptured,
      bytesPerRowSealed,
      bytesPerRowCompacted: (await tableBytes(sandbox.opened.store.db, database)) / stored,
    };
  } finally {
    await sandbox.close();
  }
}

/** Rebuilds the table and its indexes, leaving no free space inside pages. */
async function compact(db: Kysely<Database>, database: BenchDatabase): Promise<void> {
  if (database.engine === 'sqlite') await sql`VACUUM`.execute(db);
  else await sql`OPTIMIZE TABLE audit_event`.execute(db);
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
