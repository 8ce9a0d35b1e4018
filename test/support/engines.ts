import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

export interface TestEngine {
  /**
   * `mariadb`: the SQL stand-in counts the rows an UPDATE changed (MySQL's default); `mariadb-found-rows`:
   * the rows it matched (the client's FOUND_ROWS flag). Forge does not document which its SQL service
   * reports, so the app must give the same answers on both.
   */
  readonly name: 'sqlite' | 'mariadb' | 'mariadb-found-rows';
  /** An AUDIT_DB value for a fresh, empty database; call once per suite. */
  freshDatabase(): Promise<string>;
  /** Drops what `freshDatabase` made. */
  dropAll(): Promise<void>;
}

const sqlite: TestEngine = {
  name: 'sqlite',
  freshDatabase: async () => ':memory:',
  dropAll: async () => {},
};

/**
 * MariaDB joins the run when AUDIT_TEST_MYSQL holds a server URL (CI starts a throwaway server and sets
 * it). Each suite gets its own database, so Jest's parallel workers never share rows.
 */
function mariadb(serverUrl: string, foundRows: boolean): TestEngine {
  const made: string[] = [];
  const admin = () => createConnection({ uri: serverUrl });
  return {
    name: foundRows ? 'mariadb-found-rows' : 'mariadb',
    async freshDatabase() {
      const name = `audit_test_${randomBytes(6).toString('hex')}`;
      const connection = await admin();
      await connection.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
      await connection.end();
      made.push(name);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      if (foundRows) url.searchParams.set('foundRows', '1');
      return url.toString();
    },
    async dropAll() {
      const connection = await admin();
      for (const name of made.splice(0)) await connection.query(`DROP DATABASE IF EXISTS ${name}`);
      await connection.end();
    },
  };
}

export const testEngines: readonly TestEngine[] = process.env.AUDIT_TEST_MYSQL
  ? [sqlite, mariadb(process.env.AUDIT_TEST_MYSQL, false), mariadb(process.env.AUDIT_TEST_MYSQL, true)]
  : [sqlite];
