import { DummyDriver, Kysely, SqliteDialect, type CompiledQuery, type Dialect } from 'kysely';
import type { Engine, Store } from '../../src/store/database';
import { ForgeSqlDialect } from '../../src/store/forge-sql-dialect';
import type { Database } from '../../src/store/tables';

/** The SQL text and parameters of one statement, as an engine's dialect compiled it. */
export interface Statement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/** The dialect the app uses for `engine`, with Kysely's DummyDriver: statements compile, nothing is sent. */
function compileOnly(engine: Engine): Dialect {
  if (engine === 'forge-sql') {
    return new (class extends ForgeSqlDialect {
      override createDriver() {
        return new DummyDriver();
      }
    })();
  }
  return new (class extends SqliteDialect {
    override createDriver() {
      return new DummyDriver();
    }
  })({
    database: async () => {
      throw new Error('compile only: there is no database');
    },
  });
}

/**
 * A store for `engine` that records each statement it is asked to run and answers every one with no
 * rows: for pinning the exact SQL each engine gets, without a database.
 */
export function recordingStore(engine: Engine): { readonly store: Store; readonly statements: Statement[] } {
  const statements: Statement[] = [];
  const db = new Kysely<Database>({
    dialect: compileOnly(engine),
    log: (event) => {
      if (event.level === 'query') statements.push(statementOf(event.query));
    },
  });
  return { store: { db, engine }, statements };
}

export function statementOf(query: CompiledQuery): Statement {
  return { sql: query.sql, parameters: query.parameters };
}
