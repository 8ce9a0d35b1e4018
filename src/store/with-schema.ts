import type { Store } from './database';
import { ensureSchema } from './run-migrations';
import { classifySqlError } from './sql-errors';

/**
 * Runs a statement; if the schema is not there yet (a fresh installation whose `schema` trigger has not
 * run), applies the migrations and tries once more. Errors of any other kind are the caller's to map.
 */
export async function withSchema<T>(target: Store, statement: () => Promise<T>): Promise<T> {
  try {
    return await statement();
  } catch (error) {
    if (classifySqlError(error) !== 'schema-missing') throw error;
    await ensureSchema(target);
    return statement();
  }
}
