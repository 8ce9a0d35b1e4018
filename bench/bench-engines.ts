import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/**
 * The MariaDB server the benchmarks use (a throwaway database on it per part). Read when used, not at
 * import: `npm run bench` sets AUDIT_BENCH_MYSQL once it has started its own server (bench-server.ts).
 */
export function benchMysql(): string {
  return process.env.AUDIT_BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306/test';
}

export interface BenchDatabase {
  readonly engine: 'sqlite' | 'mariadb';
  readonly auditDb: string;
  drop(): Promise<void>;
}

/** A fresh SQLite file (files, not memory, so its size on disk can be measured). */
export function freshSqlite(): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'audit-bench-'));
  return {
    engine: 'sqlite',
    auditDb: `sqlite:${join(dir, 'audit.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function mariadbAvailable(): Promise<boolean> {
  try {
    const connection = await createConnection({ uri: benchMysql(), connectTimeout: 2000 });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

/** A fresh MariaDB database on `benchMysql()`, utf8mb4 with binary collation like Forge SQL's TiDB. */
export async function freshMariadb(label: string): Promise<BenchDatabase> {
  const name = `audit_bench_${label}_${process.pid}`;
  const admin = await createConnection({ uri: benchMysql() });
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.end();
  const url = new URL(benchMysql());
  url.pathname = `/${name}`;
  return {
    engine: 'mariadb',
    auditDb: url.toString(),
    async drop() {
      const connection = await createConnection({ uri: benchMysql() });
      await connection.query(`DROP DATABASE IF EXISTS ${name}`);
      await connection.end();
    },
  };
}
