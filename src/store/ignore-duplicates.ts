import { sql, type InsertQueryBuilder } from 'kysely';
import type { Engine } from './database';

/**
 * An INSERT that leaves an existing row with the same key as it is, on either engine. MySQL has no
 * `ON CONFLICT`; `ON DUPLICATE KEY UPDATE key = key` is its precise equivalent (unlike `INSERT IGNORE`,
 * which would also turn truncation and NOT NULL errors into silent warnings). Its affected-row count
 * does not tell new rows from existing ones: MySQL counts an existing row 0 or 1 depending on the
 * client's FOUND_ROWS flag, which Forge does not document, so callers that must know read it otherwise.
 */
export function ignoreDuplicates<DB, TB extends keyof DB, O>(
  engine: Engine,
  insert: InsertQueryBuilder<DB, TB, O>,
  key: 'id' | 'name',
): InsertQueryBuilder<DB, TB, O> {
  // The key column is checked by the callers' tables; Kysely's column typing cannot follow a parameter.
  return engine === 'sqlite'
    ? insert.onConflict((oc) => oc.column(key as never).doNothing())
    : insert.onDuplicateKeyUpdate({ [key]: sql.ref(key) } as never);
}
