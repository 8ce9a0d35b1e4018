import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/**
 * The MariaDB server a bench run uses. AUDIT_BENCH_MYSQL names one; otherwise, where MariaDB is
 * installed, the run starts its own throwaway server (as .ci/run does for the tests), so the figures do
 * not depend on how a machine's own server happens to be configured: utf8mb4 with binary collation like
 * Forge SQL's TiDB, and a buffer pool that holds the 5 M-row log's indexes — a machine's default 128 MB
 * pool turns every unindexed read into disk reads, which measures the disk rather than the app.
 */
export interface BenchServer {
  readonly url: string;
  readonly description: string;
  stop(): Promise<void>;
}

const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = '/usr/bin/mariadb-install-db';
const CLIENT = '/usr/bin/mariadb';

/** 30% of memory, at most 6 GiB: room for the 5 M-row log's indexes and hot rows. */
function bufferPoolBytes(): number {
  return Math.min(6 * 2 ** 30, Math.floor((totalmem() * 0.3) / 2 ** 27) * 2 ** 27);
}

export async function startBenchServer(): Promise<BenchServer> {
  const given = process.env.AUDIT_BENCH_MYSQL;
  if (given)
    return {
      url: given,
      description: `MariaDB at ${redact(given)} (AUDIT_BENCH_MYSQL)`,
      stop: async () => {},
    };
  if (!existsSync(MARIADBD) || !existsSync(INSTALL_DB)) {
    const fallback = 'mysql://root@127.0.0.1:3306/test';
    return {
      url: fallback,
      description: `MariaDB at ${fallback} (no mariadbd to start one)`,
      stop: async () => {},
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'audit-bench-mariadb-'));
  execFileSync(INSTALL_DB, ['--no-defaults', '--user=root', `--datadir=${dir}/data`, '--skip-test-db'], {
    stdio: 'ignore',
  });
  const port = await freePort();
  const pool = bufferPoolBytes();
  const server: ChildProcess = spawn(
    MARIADBD,
    [
      '--no-defaults',
      '--user=root',
      `--datadir=${dir}/data`,
      `--socket=${dir}/sock`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${dir}/mariadbd.pid`,
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_bin',
      `--innodb-buffer-pool-size=${pool}`,
      '--innodb-log-file-size=512M',
      `--log-error=${dir}/error.log`,
    ],
    { stdio: 'ignore' },
  );
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((done) => server.once('exit', done));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForSocket(`${dir}/sock`);
    execFileSync(CLIENT, [
      `--socket=${dir}/sock`,
      '-uroot',
      '-e',
      "CREATE USER 'bench'@'127.0.0.1'; GRANT ALL ON *.* TO 'bench'@'127.0.0.1'; CREATE DATABASE test;",
    ]);
  } catch (error) {
    const log = existsSync(`${dir}/error.log`) ? readFileSync(`${dir}/error.log`, 'utf8').slice(-2000) : '';
    await stop();
    throw new Error(`The bench's MariaDB did not start: ${String(error)}\n${log}`, { cause: error });
  }
  return {
    url: `mysql://bench@127.0.0.1:${port}/test`,
    description: `a throwaway MariaDB on port ${port}, buffer pool ${(pool / 2 ** 30).toFixed(1)} GiB`,
    stop,
  };
}

async function waitForSocket(socket: string): Promise<void> {
  for (let i = 0; i < 120; i += 1) {
    if (existsSync(socket)) {
      try {
        const connection = await createConnection({ socketPath: socket, user: 'root' });
        await connection.end();
        return;
      } catch {
        // Not accepting connections yet.
      }
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error('no connection within 60 s');
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
