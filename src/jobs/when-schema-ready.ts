import { classifySqlError } from '../store/sql-errors';

/** A scheduled job's answer when it skipped its run because the schema is not there yet. */
export interface SchemaNotReady {
  readonly skipped: 'schema-missing';
}

export const SCHEMA_NOT_READY: SchemaNotReady = { skipped: 'schema-missing' };

/**
 * Runs a job's first statement; `undefined` when the tables are not there yet (a fresh installation
 * whose `schema` trigger has not run), after logging why the job skips this run. Only that trigger runs
 * DDL (Forge SQL allows 25 DDL requests a minute per installation), and the job's next run finds the
 * tables. Other errors are the job's own to handle.
 */
export async function whenSchemaReady<T>(job: string, statement: () => Promise<T>): Promise<T | undefined> {
  try {
    return await statement();
  } catch (error) {
    if (classifySqlError(error) !== 'schema-missing') throw error;
    console.info(`${job}: skipped, the database schema is not there yet (the schema trigger makes it)`);
    return undefined;
  }
}
