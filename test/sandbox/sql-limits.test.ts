import { ForgeSQLAPIError, sql } from '@forge/sql';
import { installForgeRuntime } from '../../dev/runtime/forge-runtime';
import { FileKvsBackend } from '../../dev/runtime/file-kvs-backend';
import { MysqlSqlBackend } from '../../dev/runtime/mysql-sql-backend';
import { limits } from '../../src/limits';
import { classifySqlError } from '../../src/store/sql-errors';
import { testEngines } from '../support/engines';

/**
 * The Forge SQL stand-in refuses what Forge SQL refuses (FD:limits-sql, FD:storage-reference/sql-query-policy),
 * through the real `@forge/sql` client: each refusal arrives as the `ForgeSQLAPIError` the app would see.
 */
const mariadb = testEngines.find((e) => e.name === 'mariadb');
const describeOnMariadb = mariadb ? describe : describe.skip;

describeOnMariadb('the Forge SQL stand-in enforces Forge SQL limits', () => {
  let url: string;
  let backend: MysqlSqlBackend;
  const backends: MysqlSqlBackend[] = [];
  let clockMs = 1_000_000;

  /** Routes `@forge/sql` to a new stand-in (its own DDL budget) on the suite's database. */
  const connect = () => {
    backend = new MysqlSqlBackend(url, { now: () => clockMs });
    backends.push(backend);
    installForgeRuntime({
      sql: backend,
      kvs: new FileKvsBackend(null),
      products: () => ({ status: 404, body: {} }),
      cloudId: 'sql-limits',
    });
    return backend;
  };
  const refused = (code: string, status: number) =>
    expect.objectContaining({ code, responseDetails: expect.objectContaining({ status }) });

  beforeAll(async () => {
    url = await mariadb!.freshDatabase();
    connect();
    await sql.executeDDL('CREATE TABLE item (id VARCHAR(32) PRIMARY KEY, body MEDIUMTEXT)');
  });
  afterAll(async () => {
    for (const opened of backends) await opened.close();
    await mariadb!.dropAll();
  });

  test('one statement per request: a second is refused unrun; semicolons in literals and comments are not statements', async () => {
    const twice = sql.prepare("SELECT 1; DELETE FROM item WHERE id = 'kept'").execute();
    await expect(twice).rejects.toBeInstanceOf(ForgeSQLAPIError);
    await expect(twice).rejects.toEqual(refused('SQL_POLICY_VIOLATION', 400));
    await expect(twice).rejects.toHaveProperty('suggestion', expect.any(String));

    await sql.prepare("INSERT INTO item (id, body) VALUES ('kept', 'a; b \\'; c'' ;')").execute();
    await sql.prepare('INSERT INTO item (id, body) VALUES (?, ?);').bindParams('semi', ';').execute();
    const read = sql.prepare<{ body: string }>(
      'SELECT body /* ; */ FROM item -- ;\n WHERE `id` = "kept" # ;\n ORDER BY id',
    );
    expect((await read.execute()).rows).toEqual([{ body: "a; b '; c' ;" }]);
    await expect(sql.prepare("SELECT 'unclosed; DROP TABLE item").execute()).rejects.toEqual(
      refused('SQL_EXECUTION_ERROR', 400),
    );
    expect((await sql.prepare('SELECT id FROM item ORDER BY id').execute()).rows).toEqual([
      { id: 'kept' },
      { id: 'semi' },
    ]);
  });

  test.each([
    ['USE', 'USE mysql'],
    ['SET of a system variable', 'SET autocommit = 0'],
    ['SET of a session variable', 'SET @@session.sql_mode = ""'],
    ['SHOW beyond tables, columns and indexes', 'SHOW DATABASES'],
    ['SQL-level PREPARE', "PREPARE s FROM 'SELECT 1'"],
    ['SQL-level EXECUTE', 'EXECUTE s'],
    ['BEGIN', 'BEGIN'],
    ['START TRANSACTION', 'START TRANSACTION'],
    ['COMMIT', 'COMMIT'],
    ['ROLLBACK', 'ROLLBACK'],
    ['LOCK TABLES', 'LOCK TABLES item WRITE'],
    ['GRANT', 'GRANT ALL ON *.* TO someone'],
    ['CREATE USER', "CREATE USER someone IDENTIFIED BY 'x'"],
    ['LOAD DATA', "LOAD DATA INFILE '/etc/hosts' INTO TABLE item"],
    ['SELECT … INTO OUTFILE', "SELECT id FROM item INTO OUTFILE '/tmp/items'"],
    ['another installation’s table', 'SELECT * FROM other_installation.users'],
    ['another installation’s table in a list', 'SELECT * FROM item, `other_installation`.`users`'],
    ['another installation’s column', 'SELECT other_installation.users.id FROM item'],
    ['an optimizer hint not on the list', 'SELECT /*+ MAX_EXECUTION_TIME(1000) */ id FROM item'],
    ['DDL on the DML endpoint', 'CREATE TABLE sneaky (id INT)'],
    ['a statement hidden in an executable comment', 'SELECT 1 /*!50000 ; DROP TABLE item */'],
  ])('%s is refused with SQL_POLICY_VIOLATION', async (_what, query) => {
    await expect(sql.prepare(query).execute()).rejects.toEqual(refused('SQL_POLICY_VIOLATION', 400));
  });

  test.each([
    ['SET of a user variable', 'SET @n = 1'],
    ['SHOW TABLES', 'SHOW TABLES'],
    ['SHOW FULL COLUMNS', 'SHOW FULL COLUMNS FROM item'],
    ['SHOW INDEXES', 'SHOW INDEXES FROM item'],
    [
      'information_schema',
      'SELECT table_name FROM information_schema.TABLES WHERE table_schema = DATABASE()',
    ],
    ['the mysql schema', 'SELECT 1 FROM mysql.user LIMIT 0'],
    ['a permitted optimizer hint', 'SELECT /*+ USE_INDEX(item, PRIMARY) */ id FROM item'],
    [
      'aliases and qualified columns',
      'SELECT a.id FROM item AS a JOIN item b ON a.id = b.id WHERE b.id <> ?',
    ],
    ['SLEEP, which only triggers an audit', 'SELECT SLEEP(0)'],
  ])('%s is allowed', async (_what, query) => {
    await expect(sql.prepare(query).bindParams('x').execute()).resolves.toHaveProperty('rows');
  });

  test('a request over 1 MiB is refused; one just under it is run', async () => {
    const overhead = Buffer.byteLength(JSON.stringify({ query: 'SELECT ?', params: [''], method: 'all' }));
    const fits = 'x'.repeat(limits.sqlRequestBytes - overhead);
    await expect(sql.prepare('SELECT ?').bindParams(fits).execute()).resolves.toHaveProperty('rows');
    expect(backend.largestRequestBytes).toBe(limits.sqlRequestBytes);
    const tooLarge = sql.prepare('SELECT ?').bindParams(`${fits}x`).execute();
    await expect(tooLarge).rejects.toEqual(refused('SQL_EXECUTION_ERROR', 413));
    expect(backend.largestRequestBytes).toBe(limits.sqlRequestBytes + 1);
  });

  test('a response over 4 MiB is refused; one just under it is sent', async () => {
    const overhead = Buffer.byteLength(JSON.stringify({ rows: [{ big: '' }] }));
    const fits = limits.sqlResponseBytes - overhead;
    const answer = await sql
      .prepare<{ big: string }>('SELECT REPEAT(?, ?) AS big')
      .bindParams('x', fits)
      .execute();
    expect(answer.rows[0]?.big.length).toBe(fits);
    expect(backend.largestResponseBytes).toBe(limits.sqlResponseBytes);
    const tooLarge = sql
      .prepare('SELECT REPEAT(?, ?) AS big')
      .bindParams('x', fits + 1)
      .execute();
    await expect(tooLarge).rejects.toEqual(refused('SQL_EXECUTION_ERROR', 400));
    // UTF-8 bytes, not characters: 'é' is two.
    const accents = sql
      .prepare('SELECT REPEAT(?, ?) AS big')
      .bindParams('é', fits / 2 + 1)
      .execute();
    await expect(accents).rejects.toEqual(refused('SQL_EXECUTION_ERROR', 400));
  });

  test('DDL beyond 25 in a rolling minute is throttled with 429, which the app reads as a rate limit', async () => {
    const throttled = connect();
    for (let i = 0; i < limits.sqlDdlPerMinute; i++) {
      await sql.executeDDL(`CREATE TABLE IF NOT EXISTS ddl_${i % 3} (id INT)`);
      clockMs += 1000;
    }
    expect(throttled.ddl).toHaveLength(limits.sqlDdlPerMinute);
    const refusedDdl = sql.executeDDL('CREATE TABLE IF NOT EXISTS ddl_0 (id INT)');
    await expect(refusedDdl).rejects.toEqual(refused('RATE_LIMIT_EXCEEDED', 429));
    expect(classifySqlError(await refusedDdl.catch((e: unknown) => e))).toBe('rate-limited');
    // DML has its own limit: it still runs.
    await expect(sql.prepare('SELECT 1 AS one').execute()).resolves.toEqual({ rows: [{ one: 1 }] });
    // 60 s after the first DDL, one slot is free again, and only one.
    clockMs = throttled.ddl[0]!.atMs + 60_000;
    await expect(sql.executeDDL('CREATE TABLE IF NOT EXISTS ddl_0 (id INT)')).resolves.toBeDefined();
    await expect(sql.executeDDL('CREATE TABLE IF NOT EXISTS ddl_0 (id INT)')).rejects.toEqual(
      refused('RATE_LIMIT_EXCEEDED', 429),
    );
    expect(throttled.ddl).toHaveLength(limits.sqlDdlPerMinute + 1);
  });

  test('a SELECT times out after 5 s and DML after 10 s, with QUERY_TIMED_OUT, which the app retries', async () => {
    const started = Date.now();
    const elapsed = <T>(work: Promise<T>) =>
      work.then(
        (value) => ({ value, ms: Date.now() - started }),
        (error: unknown) => ({ error, ms: Date.now() - started }),
      );
    const [slowSelect, slowUpdate, longerUpdate] = await Promise.all([
      elapsed(sql.prepare('SELECT SLEEP(6) AS slept').execute()),
      elapsed(sql.prepare("UPDATE item SET body = 'slept' WHERE id = 'kept' AND SLEEP(6) = 0").execute()),
      elapsed(sql.prepare("UPDATE item SET body = 'late' WHERE id = 'semi' AND SLEEP(11) = 0").execute()),
    ]);
    expect(slowSelect).toEqual({ error: refused('QUERY_TIMED_OUT', 504), ms: expect.any(Number) });
    expect(slowSelect.ms).toBeGreaterThanOrEqual(limits.sqlSelectTimeoutMs);
    expect(classifySqlError((slowSelect as { error: unknown }).error)).toBe('transient');
    // A write is not held to the SELECT's 5 s…
    expect(slowUpdate).toEqual({
      value: { rows: expect.objectContaining({ affectedRows: 1 }) },
      ms: expect.any(Number),
    });
    // …but to its own 10 s.
    expect(longerUpdate).toEqual({ error: refused('QUERY_TIMED_OUT', 504), ms: expect.any(Number) });
    expect(longerUpdate.ms).toBeGreaterThanOrEqual(limits.sqlDmlTimeoutMs);
  }, 30_000);

  test('a new installation has an empty schema and a DDL budget of its own', async () => {
    const spent = connect();
    for (let i = 0; i < limits.sqlDdlPerMinute; i++)
      await sql.executeDDL('CREATE TABLE IF NOT EXISTS ddl_0 (id INT)');
    await expect(sql.executeDDL('DROP TABLE ddl_0')).rejects.toEqual(refused('RATE_LIMIT_EXCEEDED', 429));
    await spent.reinstall();
    expect(spent.ddl).toEqual([]);
    expect((await sql.prepare('SHOW TABLES').execute()).rows).toEqual([]);
    await expect(sql.executeDDL('CREATE TABLE ddl_0 (id INT)')).resolves.toBeDefined();
  });
});
