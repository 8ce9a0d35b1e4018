import { sql, type Result, type UpdateQueryResponse } from '@forge/sql';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  type Kysely,
} from 'kysely';

/**
 * A Kysely dialect whose every statement goes through `@forge/sql`: Kysely writes MySQL text (what Forge
 * SQL's TiDB speaks), `sql.prepare(text).bindParams(...).execute()` sends it.
 *
 * Forge SQL runs one statement per request and has no session, so there are no transactions: asking
 * for one is a programming error and says so instead of silently running statements one by one.
 */
export class ForgeSqlDialect implements Dialect {
  createAdapter() {
    return new MysqlAdapter();
  }
  createDriver(): Driver {
    return new ForgeSqlDriver();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new MysqlIntrospector(db);
  }
  createQueryCompiler() {
    return new MysqlQueryCompiler();
  }
}

const NO_TRANSACTIONS = 'Forge SQL runs one statement per request: transactions are not available';

class ForgeSqlDriver implements Driver {
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS);
  }
  async commitTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS);
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS);
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

const DDL_NODES = new Set([
  'CreateTableNode',
  'CreateIndexNode',
  'AlterTableNode',
  'DropTableNode',
  'DropIndexNode',
]);

const connection: DatabaseConnection = {
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // DDL has its own endpoint in Forge SQL (and its own rate limit: 25 per minute).
    const result: Result<unknown> = DDL_NODES.has(compiled.query.kind)
      ? await sql.executeDDL(compiled.sql)
      : await sql
          .prepare<unknown>(compiled.sql)
          .bindParams(...compiled.parameters)
          .execute();
    if (Array.isArray(result.rows)) return { rows: result.rows as R[] };
    const update = result.rows as unknown as UpdateQueryResponse;
    return { rows: [], numAffectedRows: BigInt(update.affectedRows ?? 0) };
  },
  // eslint-disable-next-line require-yield
  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('Forge SQL has no streaming results: page with keyset queries instead');
  },
};
