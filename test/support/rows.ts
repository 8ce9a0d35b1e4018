import type { Sandbox } from '../../dev/sandbox';
import { migrations } from '../../src/store/migrations';

/** Reads stored rows straight from the database, to check what capture really wrote. */
export function rowsOf(sandbox: Sandbox) {
  return sandbox.opened.store.db
    .selectFrom('audit_event')
    .selectAll()
    .orderBy('time_ms')
    .orderBy('id')
    .execute();
}

export async function rowCount(sandbox: Sandbox): Promise<number> {
  return sandbox.records();
}

/** Removes everything, schema included, as on a fresh installation. */
export async function dropSchema(sandbox: Sandbox): Promise<void> {
  const { db } = sandbox.opened.store;
  for (const table of [...migrations.map((m) => m.table), '__migrations'])
    await db.schema.dropTable(table).ifExists().execute();
}
