import { Kysely } from 'kysely';
import { ForgeSqlDialect } from './forge-sql-dialect';
import type { Database } from './tables';

/**
 * `forge-sql`: MySQL text through `@forge/sql` (Forge itself, and MariaDB behind the sandbox's runtime
 * stand-in). `sqlite`: the sandbox's embedded default, through Kysely's own SQLite dialect.
 */
export type Engine = 'forge-sql' | 'sqlite';

export interface Store {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
}

let current: Store | undefined;

/** The store the handlers use: Forge SQL unless the composition root chose another with `useStore`. */
export function store(): Store {
  current ??= { db: new Kysely<Database>({ dialect: new ForgeSqlDialect() }), engine: 'forge-sql' };
  return current;
}

/** Composition-root hook for the sandbox and tests, which run the same handlers on another engine. */
export function useStore(next: Store): void {
  current = next;
}
