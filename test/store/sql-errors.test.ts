import { ForgeSQLAPIError } from '@forge/sql';
import { retryAfterSeconds } from '../../src/capture/retry';
import { classifySqlError } from '../../src/store/sql-errors';

const forgeError = (status: number, body: { code: string; message: string; debug?: object }) =>
  new ForgeSQLAPIError({ status, statusText: '', traceId: null }, body);

describe('classifySqlError', () => {
  test.each([
    [
      'Forge SQL: table missing (errno 1146)',
      forgeError(400, {
        code: 'SQL_EXECUTION_ERROR',
        message: "Table 'x.audit_event' doesn't exist",
        debug: { errno: 1146 },
      }),
      'schema-missing',
    ],
    [
      'Forge SQL: column missing after an upgrade',
      forgeError(400, { code: 'SQL_EXECUTION_ERROR', message: 'x', debug: { errno: 1054 } }),
      'schema-missing',
    ],
    ['SQLite: no such table', new Error('no such table: audit_event'), 'schema-missing'],
    [
      'platform throttling',
      forgeError(429, { code: 'RATE_LIMIT_EXCEEDED', message: 'Too many requests' }),
      'rate-limited',
    ],
    ['a 5xx', forgeError(503, { code: 'UNKNOWN_ERROR', message: 'unavailable' }), 'transient'],
    ['a time-out', forgeError(400, { code: 'QUERY_TIMED_OUT', message: 'took too long' }), 'transient'],
    [
      'a TiDB write conflict',
      forgeError(400, { code: 'SQL_EXECUTION_ERROR', message: 'x', debug: { errno: 9007 } }),
      'transient',
    ],
    ['a network failure', new TypeError('fetch failed'), 'transient'],
    ['a syntax error', forgeError(400, { code: 'INVALID_SQL_QUERY', message: 'bad' }), 'permanent'],
    ['not even an error', 'boom', 'permanent'],
  ])('%s', (_name, error, expected) => {
    expect(classifySqlError(error)).toBe(expected);
  });
});

describe('retryAfterSeconds', () => {
  test('grows with each retry, stays within Forge’s 1–900 s, and is jittered', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3].map((n) => retryAfterSeconds('transient', n, mid))).toEqual([30, 120, 480, 900]);
    expect(retryAfterSeconds('rate-limited', 0, () => 0)).toBe(11);
    expect(retryAfterSeconds('rate-limited', 0, () => 0.999)).toBe(19);
    expect(retryAfterSeconds('schema-missing', 9, () => 0.999)).toBe(900);
  });
});
