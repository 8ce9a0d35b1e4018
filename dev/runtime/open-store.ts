import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { ForgeSqlDialect } from '../../src/store/forge-sql-dialect';
import type { Store } from '../../src/store/database';
import type { Database } from '../../src/store/tables';
import { MysqlSqlBackend } from './mysql-sql-backend';

export const DEFAULT_AUDIT_DB = 'sqlite:data/audit.sqlite';

export interface OpenedStore {
  readonly store: Store;
  /** Set when the app talks MySQL through `@forge/sql`: the runtime stand-in must route it here. */
  readonly sqlBackend?: MysqlSqlBackend;
  /** For `/api/health` and the start-up line: 'sqlite' or 'mysql'. */
  readonly engine: 'sqlite' | 'mysql';
  readonly description: string;
  close(): Promise<void>;
}

/**
 * `AUDIT_DB`: `sqlite:<file>` (the default, under the git-ignored data/ folder), `:memory:`, or
 * `mysql://user:pass@host:port/db`. MySQL goes the production way: Kysely's MySQL text through the real
 * `@forge/sql` client, answered by the runtime stand-in from that server. `?foundRows=1` on a MySQL URL
 * makes the stand-in count the rows an UPDATE matched rather than those it changed (see
 * `MysqlSqlBackendOptions.foundRows`).
 */
export function openStore(url: string = DEFAULT_AUDIT_DB): OpenedStore {
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) {
    const server = new URL(url.replace(/^mariadb:/, 'mysql:'));
    const foundRows = server.searchParams.get('foundRows') === '1';
    // The stand-in's own setting, not the driver's: mysql2 would read it as a connection option.
    server.searchParams.delete('foundRows');
    const sqlBackend = new MysqlSqlBackend(server.toString(), { foundRows });
    const db = new Kysely<Database>({ dialect: new ForgeSqlDialect() });
    return {
      store: { db, engine: 'forge-sql' },
      sqlBackend,
      engine: 'mysql',
      description: url.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@'),
      close: () => sqlBackend.close(),
    };
  }
  const file =
    url === ':memory:' ? ':memory:' : url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : null;
  if (file === null) {
    throw new Error(`AUDIT_DB must be sqlite:<file>, :memory: or mysql://…; got '${url}'`);
  }
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  // WAL lets the admin page read while capture writes; NORMAL sync is durable across app crashes.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // SQLite's own lower() folds ASCII letters only; MySQL and TiDB fold every letter, and so does the
  // archive's filter (src/archive/record-filter.ts). The same text search must find the same records here.
  sqlite.function('lower', { deterministic: true }, (value: unknown) =>
    value === null || value === undefined ? null : String(value).toLowerCase(),
  );
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    store: { db, engine: 'sqlite' },
    engine: 'sqlite',
    description: file === ':memory:' ? 'SQLite in memory' : `SQLite ${file}`,
    close: () => db.destroy(),
  };
}
