import { createPool, type Pool, type ResultSetHeader } from 'mysql2/promise';
import { forgeError } from './json-response';

/**
 * Stands in for the Forge SQL service: takes `@forge/sql`'s requests (`{ query, params, method }` to
 * `/api/v1/execute` or `/api/v1/execute/ddl`) and runs them on MariaDB/MySQL. Answers the way Forge SQL
 * does: `{ rows }` with BIGINT as strings, an update summary for DML, and `{ code, message, debug }`
 * errors carrying the database's own errno.
 *
 * `injectFailures` lets a test make the next requests fail as the platform can (429 throttling, 5xx),
 * to check that the app asks Forge to retry instead of losing the event.
 */
export class MysqlSqlBackend {
  private readonly pool: Pool;
  private readonly failures: { status: number; code: string; message: string }[] = [];
  /** Statements executed, for tests and benchmarks that count SQL requests per event. */
  statements = 0;
  /** Of those, the SELECTs. */
  reads = 0;
  /**
   * DDL requests (the DDL endpoint, and DDL text sent to the DML one) as they arrived, for tests of
   * Forge SQL's 25 DDL requests a minute per installation.
   */
  readonly ddl: { readonly atMs: number; readonly path: string; readonly query: string }[] = [];
  /** The largest successful answer's and the largest request's body, in bytes (Forge SQL caps them). */
  largestResponseBytes = 0;
  largestRequestBytes = 0;

  constructor(url: string) {
    this.pool = createPool({
      uri: url,
      connectionLimit: 8,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      // Report 0 affected rows for `ON DUPLICATE KEY UPDATE id = id` on an existing row, as MySQL itself does.
      flags: ['-FOUND_ROWS'],
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
    const injected = this.failures.shift();
    if (injected) return forgeError(injected.status, injected.code, injected.message);
    this.largestRequestBytes = Math.max(
      this.largestRequestBytes,
      Buffer.byteLength(String(init?.body ?? '')),
    );
    let request: { query?: unknown; params?: unknown };
    try {
      request = JSON.parse(String(init?.body ?? '')) as typeof request;
    } catch {
      return forgeError(400, 'INVALID_SQL_QUERY', 'Request body is not JSON');
    }
    if (typeof request.query !== 'string')
      return forgeError(400, 'INVALID_SQL_QUERY', 'query must be a string');
    const params = Array.isArray(request.params) ? request.params : [];
    this.statements += 1;
    if (/^\s*select\b/i.test(request.query)) this.reads += 1;
    if (path === '/api/v1/execute/ddl' || /^\s*(create|alter|drop|truncate|rename)\b/i.test(request.query))
      this.ddl.push({ atMs: Date.now(), path, query: request.query });
    try {
      const [result] = await this.pool.query(request.query, params);
      if (Array.isArray(result)) return this.answer({ rows: result });
      const header = result as ResultSetHeader;
      return this.answer({
        rows: {
          affectedRows: header.affectedRows,
          insertId: header.insertId,
          fieldCount: header.fieldCount,
          info: header.info,
          serverStatus: header.serverStatus,
          warningStatus: header.warningStatus,
        },
      });
    } catch (error) {
      const e = error as {
        errno?: number;
        code?: string;
        sqlState?: string;
        sqlMessage?: string;
        message?: string;
      };
      return forgeError(400, 'SQL_EXECUTION_ERROR', e.sqlMessage ?? e.message ?? 'SQL error', {
        debug: { errno: e.errno, code: e.code, sqlState: e.sqlState, message: e.sqlMessage ?? e.message },
      });
    }
  }

  private answer(body: unknown): Response {
    const text = JSON.stringify(body);
    this.largestResponseBytes = Math.max(this.largestResponseBytes, Buffer.byteLength(text));
    return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
