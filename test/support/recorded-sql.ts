import {
  Kysely,
  SqliteDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { Engine, Store } from '../../src/store/database';
import { ForgeSqlDialect } from '../../src/store/forge-sql-dialect';
import type { Database } from '../../src/store/tables';

/** The SQL text and parameters of one statement, as an engine's dialect compiled it. */
export interface Statement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/** The rows a recorded statement is answered with. */
export type Answer = (statement: Statement) => readonly Record<string, unknown>[];

export function statementOf(query: CompiledQuery): Statement {
  return { sql: query.sql, parameters: query.parameters };
}

/** Records each statement and answers it from `answer`, like Kysely's DummyDriver with rows. */
class RecordingDriver implements Driver {
  constructor(
    private readonly statements: Statement[],
    private readonly answer: Answer,
  ) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const statement = statementOf(query);
        this.statements.push(statement);
        return { rows: this.answer(statement) as R[] };
      },
      // eslint-disable-next-line require-yield
      async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
        throw new Error('the recording store does not stream');
      },
    };
  }
  async beginTransaction(): Promise<void> {}
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/** The dialect the app uses for `engine`, its driver swapped for `driver`: nothing is sent anywhere. */
function dialectOf(engine: Engine, driver: Driver): Dialect {
  if (engine === 'forge-sql') {
    return new (class extends ForgeSqlDialect {
      override createDriver() {
        return driver;
      }
    })();
  }
  return new (class extends SqliteDialect {
    override createDriver() {
      return driver;
    }
  })({
    database: async () => {
      throw new Error('compile only: there is no database');
    },
  });
}

/**
 * A store for `engine` that records each statement it is asked to run, compiled by that engine's
 * dialect, and answers it from `answer` (no rows, and an UPDATE count of 0, unless told otherwise): for
 * pinning the exact SQL each engine gets, without a database.
 */
export function recordingStore(
  engine: Engine,
  answer: Answer = () => [],
): { readonly store: Store; readonly statements: Statement[] } {
  const statements: Statement[] = [];
  const db = new Kysely<Database>({ dialect: dialectOf(engine, new RecordingDriver(statements, answer)) });
  return { store: { db, engine }, statements };
}
