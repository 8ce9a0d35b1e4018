import { changedRows } from './affected-rows';
import type { Store } from './database';

/** Tables holding named leases: a row with `name`, `owner` and `expires_ms` (and whatever else it keeps). */
export type LeaseTable = 'seal_state' | 'job_state';

/**
 * Takes the lease `name` for `owner` until `expiresMs`, if it is free or its holder's time ran out. One
 * conditional UPDATE: the database decides between racing invocations (Forge may start a scheduled
 * trigger twice, and there are no transactions), and the affected-row count says who won. The row is
 * created on first use by `createRow`, which must leave an existing row as it is.
 */
export async function takeLease(
  target: Store,
  table: LeaseTable,
  name: string,
  owner: string,
  nowMs: number,
  expiresMs: number,
  createRow: () => Promise<void>,
): Promise<boolean> {
  // Both tables have these columns; Kysely cannot type an update over a union of tables.
  const leases = table as 'job_state';
  const take = async () => {
    const result = await target.db
      .updateTable(leases)
      .set({ owner, expires_ms: expiresMs })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('owner', 'is', null), eb('expires_ms', '<', nowMs)]))
      .executeTakeFirst();
    return changedRows(result) === 1;
  };
  if (await take()) return true;
  const exists = await target.db
    .selectFrom(leases)
    .select('name')
    .where('name', '=', name)
    .executeTakeFirst();
  if (exists) return false;
  await createRow();
  return take();
}

/** Gives the lease back, if `owner` still holds it. */
export async function releaseLease(
  target: Store,
  table: LeaseTable,
  name: string,
  owner: string,
): Promise<void> {
  await target.db
    .updateTable(table as 'job_state')
    .set({ owner: null, expires_ms: 0 })
    .where('name', '=', name)
    .where('owner', '=', owner)
    .execute();
}
