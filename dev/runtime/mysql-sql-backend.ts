import { createPool, type Pool, type ResultSetHeader } from 'mysql2/promise';
import { limits } from '../../src/limits';
import { forgeError } from './json-response';
import { checkStatementPolicy } from './sql-statement-policy';

export interface MysqlSqlBackendOptions {
  /**
   * Whether the connection asks for the rows an UPDATE matched (`FOUND_ROWS`) or those it changed.
   * Forge does not document which its SQL service reports, so the app must answer the same either way
   * and the tests run both.
   */
  readonly foundRows?: boolean;
  /** The clock of the DDL throttle (tests move it instead of waiting a minute). */
  readonly now?: () => number;
}

/** The window of Forge SQL's DDL rate limit: "25 per minute" (FD:limits-sql). */
const DDL_WINDOW_MS = 60_000;

/**
 * Stands in for the Forge SQL service: takes `@forge/sql`'s requests (`{ query, params, method }` to
 * `/api/v1/execute` or `/api/v1/execute/ddl`) and runs them on MariaDB/MySQL. Answers the way Forge SQL
 * does: `{ rows }` with BIGINT as strings, an update summary for DML, and `{ code, message, debug }`
 * errors carrying the database's own errno.
 *
 * It enforces Forge SQL's per-query and per-installation limits (FD:limits-sql) and its query policy
 * (FD:storage-reference/sql-query-policy), so tests meet them before a customer does. Codes:
 * `SQL_POLICY_VIOLATION` (the policy page), `QUERY_TIMED_OUT` and `SQL_EXECUTION_ERROR` (`@forge/sql`'s
 * `errorCodes`). Forge documents no code for the size limits and the DDL rate limit: the stand-in answers
 * `SQL_EXECUTION_ERROR` ("could not be executed") for sizes, and 429 `RATE_LIMIT_EXCEEDED`, the code
 * Forge's hosted storage documents for every exceeded quota (FD:storage-reference/handling-errors-kvs),
 * for the throttle. HTTP statuses are not documented either: 400 for refused queries, 413 for a request
 * too large, 504 for a time-out (the platform stops waiting).
 *
 * `injectFailures` lets a test make the next requests fail as the platform can (429 throttling, 5xx),
 * to check that the app asks Forge to retry instead of losing the event.
 */
export class MysqlSqlBackend {
  private readonly pool: Pool;
  private readonly database: string;
  private readonly now: () => number;
  private readonly failures: { status: number; code: string; message: string }[] = [];
  /** Statements executed, for tests and benchmarks that count SQL requests per event. */
  statements = 0;
  /** Of those, the SELECTs. */
  reads = 0;
  /** The longest a statement took in the database, in ms: benchmarks reset it around what they time. */
  slowestMs = 0;
  /**
   * The DDL requests accepted, as they arrived (`atMs` on the throttle's clock): Forge SQL allows an
   * installation 25 a minute. DDL text sent to the DML endpoint is refused, so never listed.
   */
  readonly ddl: { readonly atMs: number; readonly path: string; readonly query: string }[] = [];
  /**
   * The largest answer sent, in UTF-8 bytes of its JSON: what the 4 MiB response limit measures. An answer
   * refused for its size is not sent, so not counted.
   */
  largestResponseBytes = 0;
  /** The largest request received, in UTF-8 bytes of its JSON: what the 1 MiB request limit measures. */
  largestRequestBytes = 0;

  constructor(url: string, options: MysqlSqlBackendOptions = {}) {
    this.database = decodeURIComponent(new URL(url).pathname.slice(1));
    this.now = options.now ?? Date.now;
    this.pool = createPool({
      uri: url,
      connectionLimit: 8,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      // Off: `ON DUPLICATE KEY UPDATE id = id` on an existing row and an UPDATE to the same values count
      // 0 rows, as MySQL itself reports. On: they count the rows matched.
      flags: [options.foundRows ? 'FOUND_ROWS' : '-FOUND_ROWS'],
      charset: 'utf8mb4',
    });
  }

  injectFailures(count: number, failure: { status: number; code: string; message: string }): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  async handle(path: string, init: RequestInit | undefined): Promise<Response> {
    if (path !== '/api/v1/execute' && path !== '/api/v1/execute/ddl') {
      return forgeError(404, 'NOT_FOUND', `No Forge SQL endpoint ${path}`);
    }
    const endpoint = path === '/api/v1/execute/ddl' ? 'ddl' : 'dml';
    const injected = this.failures.shift();
    if (injected) return forgeError(injected.status, injected.code, injected.message);
    const body = String(init?.body ?? '');
    const requestBytes = Buffer.byteLength(body);
    this.largestRequestBytes = Math.max(this.largestRequestBytes, requestBytes);
    if (requestBytes > limits.sqlRequestBytes) {
      return forgeError(413, 'SQL_EXECUTION_ERROR', 'The request exceeds the 1 MiB request size limit', {
        debug: { requestBytes, limitBytes: limits.sqlRequestBytes },
      });
    }
    let request: { query?: unknown; params?: unknown };
    try {
      request = JSON.parse(body) as typeof request;
    } catch {
      return forgeError(400, 'INVALID_SQL_QUERY', 'Request body is not JSON');
    }
    if (typeof request.query !== 'string')
      return forgeError(400, 'INVALID_SQL_QUERY', 'query must be a string');
    const query = request.query;
    const params = Array.isArray(request.params) ? request.params : [];

    const verdict = checkStatementPolicy(query, endpoint, this.database);
    if (verdict.violation !== undefined) {
      return forgeError(400, 'SQL_POLICY_VIOLATION', verdict.violation, {
        suggestion: 'Change the query to comply with the Forge SQL query policy',
      });
    }
    if (endpoint === 'ddl') {
      const nowMs = this.now();
      const recent = this.ddl.filter((request) => request.atMs > nowMs - DDL_WINDOW_MS).length;
      if (recent >= limits.sqlDdlPerMinute) {
        return forgeError(
          429,
          'RATE_LIMIT_EXCEEDED',
          `More than ${limits.sqlDdlPerMinute} DDL requests in a minute`,
        );
      }
      this.ddl.push({ atMs: nowMs, path, query });
    }

    this.statements += 1;
    if (verdict.reads) this.reads += 1;
    const timeoutMs =
      endpoint === 'ddl'
        ? limits.sqlDdlTimeoutMs
        : verdict.reads
          ? limits.sqlSelectTimeoutMs
          : limits.sqlDmlTimeoutMs;
    const started = performance.now();
    const outcome = await withTimeout(this.run(query, params), timeoutMs);
    this.slowestMs = Math.max(this.slowestMs, performance.now() - started);
    if (outcome === 'timed-out') {
      // As on Forge, the platform stops waiting; the statement itself runs on in the database.
      return forgeError(504, 'QUERY_TIMED_OUT', `The query took more than ${timeoutMs / 1000} s to execute`);
    }
    if ('error' in outcome) return outcome.error;
    const text = JSON.stringify(outcome.answer);
    const responseBytes = Buffer.byteLength(text);
    if (responseBytes > limits.sqlResponseBytes) {
      return forgeError(400, 'SQL_EXECUTION_ERROR', 'The response exceeds the 4 MiB response size limit', {
        debug: { responseBytes, limitBytes: limits.sqlResponseBytes },
      });
    }
    this.largestResponseBytes = Math.max(this.largestResponseBytes, responseBytes);
    return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
  }

  private async run(query: string, params: unknown[]): Promise<{ answer: unknown } | { error: Response }> {
    try {
      const [result] = await this.pool.query(query, params);
      if (Array.isArray(result)) return { answer: { rows: result } };
      const header = result as ResultSetHeader;
      return {
        answer: {
          rows: {
            affectedRows: header.affectedRows,
            insertId: header.insertId,
            fieldCount: header.fieldCount,
            info: header.info,
            serverStatus: header.serverStatus,
            warningStatus: header.warningStatus,
          },
        },
      };
    } catch (error) {
      const e = error as {
        errno?: number;
        code?: string;
        sqlState?: string;
        sqlMessage?: string;
        message?: string;
      };
      return {
        error: forgeError(400, 'SQL_EXECUTION_ERROR', e.sqlMessage ?? e.message ?? 'SQL error', {
          debug: { errno: e.errno, code: e.code, sqlState: e.sqlState, message: e.sqlMessage ?? e.message },
        }),
      };
    }
  }

  /**
   * Starts over as a new installation: an empty schema and a DDL budget of its own. The platform's doing,
   * so it passes neither the query policy nor the throttle (tests of a fresh install use it).
   */
  async reinstall(): Promise<void> {
    const [tables] = await this.pool.query(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
    );
    for (const { name } of tables as { name: string }[]) {
      await this.pool.query(`DROP TABLE IF EXISTS \`${name.replaceAll('`', '``')}\``);
    }
    this.ddl.length = 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** `work`'s result, or 'timed-out' once `ms` have passed; `work` itself is left to finish. */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | 'timed-out'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
