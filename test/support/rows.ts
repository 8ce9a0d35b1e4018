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
  // On Forge SQL a fresh installation also has a fresh DDL budget (25 a minute), which dropping the
  // tables one by one through the app's own path would spend.
  if (sandbox.opened.sqlBackend) return sandbox.opened.sqlBackend.reinstall();
  const { db } = sandbox.opened.store;
  for (const table of [...migrations.map((m) => m.table), '__migrations'])
    await db.schema.dropTable(table).ifExists().execute();
}
