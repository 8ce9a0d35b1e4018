/**
 * What a failed SQL request means for the caller. Forge SQL reports errors as `ForgeSQLAPIError`
 * (`code`, `responseDetails.status`, `context.debug` with the database's own errno and message); the
 * platform's proxy reports throttling as HTTP 429; SQLite throws its own errors. All are read here.
 */
export type SqlFailure =
  /** The schema is not there yet (fresh installation) or is older than the code (upgrade in progress). */
  | 'schema-missing'
  /** Forge SQL's per-installation limits (150 DML/s, 25 DDL/min, 62.5 s query time per minute). */
  | 'rate-limited'
  /** Time-outs, lock conflicts, 5xx, network: the same statement may well succeed shortly. */
  | 'transient'
  | 'permanent';

// MySQL/MariaDB/TiDB: 1146 no such table, 1054 unknown column. 1205 lock wait timeout, 1213 deadlock,
// 2006/2013 server gone, 8027/8028 TiDB schema changed, 9001-9007 TiDB/TiKV busy or write conflict.
const SCHEMA_ERRNOS = new Set([1146, 1054]);
const TRANSIENT_ERRNOS = new Set([1205, 1213, 2006, 2013, 8027, 8028, 9001, 9002, 9003, 9005, 9006, 9007]);

export function classifySqlError(error: unknown): SqlFailure {
  const e = asRecord(error);
  const status = numberOf(asRecord(e.responseDetails).status) ?? numberOf(e.status);
  const code = String(e.code ?? '');
  const debug = asRecord(asRecord(e.context).debug);
  const errno = numberOf(debug.errno) ?? numberOf(e.errno);
  const text = `${String(e.message ?? '')} ${String(debug.message ?? debug.sqlMessage ?? '')}`.toLowerCase();

  if (
    (errno !== undefined && SCHEMA_ERRNOS.has(errno)) ||
    /no such table|has no column named|no such column|doesn't exist|unknown column/.test(text)
  )
    return 'schema-missing';
  if (status === 429 || /rate_limit|too_many_requests|rate limit/i.test(code) || /rate limit/.test(text))
    return 'rate-limited';
  if (
    (status !== undefined && status >= 500) ||
    code === 'QUERY_TIMED_OUT' ||
    code === 'UNKNOWN_ERROR' ||
    code === 'SQLITE_BUSY' ||
    (errno !== undefined && TRANSIENT_ERRNOS.has(errno)) ||
    /fetch failed|econnreset|econnrefused|etimedout|socket hang up/.test(text)
  )
    return 'transient';
  return 'permanent';
}

/**
 * A row with the same primary or unique key is already stored: MySQL/MariaDB/TiDB errno 1062
 * (ER_DUP_ENTRY, "Duplicate entry … for key …"), SQLite's UNIQUE/PRIMARY KEY constraint.
 */
export function isDuplicateKey(error: unknown): boolean {
  const e = asRecord(error);
  const debug = asRecord(asRecord(e.context).debug);
  const errno = numberOf(debug.errno) ?? numberOf(e.errno);
  const code = String(e.code ?? '');
  const text = `${String(e.message ?? '')} ${String(debug.message ?? '')}`;
  return (
    errno === 1062 ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /duplicate entry|unique constraint failed/i.test(text)
  );
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
