import { sql, type InsertQueryBuilder, type RawBuilder, type UpdateObject } from 'kysely';
import type { Engine } from './database';

/**
 * An INSERT that, where a row with the same key is stored, applies `update` to that row instead.
 * SQLite spells it `ON CONFLICT (key) DO UPDATE`; MySQL (TiDB, MariaDB) has no ON CONFLICT and spells it
 * `ON DUPLICATE KEY UPDATE`, which fires on a clash with any unique key, so `key` must be the table's
 * only one.
 *
 * The engines read the row differently inside `update`: SQLite evaluates every assignment against the
 * row as it was; MySQL assigns left to right, and an assignment that reads a column an earlier one set
 * sees the new value. Put an assignment that reads a column before the one that sets it.
 */
export function upsert<DB, TB extends keyof DB, O>(
  engine: Engine,
  insert: InsertQueryBuilder<DB, TB, O>,
  key: readonly (keyof DB[TB] & string)[],
  update: UpdateObject<DB, TB>,
): InsertQueryBuilder<DB, TB, O> {
  // Kysely types ON CONFLICT's update over its own `excluded` table; the assignments are the same.
  return engine === 'sqlite'
    ? insert.onConflict((oc) => oc.columns(key as never).doUpdateSet(update as never))
    : insert.onDuplicateKeyUpdate(update);
}

/**
 * Inside an upsert's `update`, the value the INSERT proposed for `column`: SQLite names the proposed
 * row `excluded`; MySQL has the `VALUES(column)` function instead (MySQL 8.0.20 deprecates it for a row
 * alias, but TiDB and MariaDB accept `VALUES()` and MariaDB has no row alias).
 */
export function insertedValue<T>(engine: Engine, column: string): RawBuilder<T> {
  return engine === 'sqlite' ? sql<T>`excluded.${sql.ref(column)}` : sql<T>`VALUES(${sql.ref(column)})`;
}
