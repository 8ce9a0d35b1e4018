import { sql } from 'kysely';
import type { AuditRecord } from '../record/audit-record';
import { toRow } from './audit-event-row';
import type { Store } from './database';

export type InsertOutcome = 'inserted' | 'duplicate';

/**
 * Stores one record in one statement; a record whose id is already stored is left as it is, so
 * re-deliveries of an event collapse into one row. This is the only statement on the capture hot path.
 *
 * MySQL has no `ON CONFLICT`; `ON DUPLICATE KEY UPDATE id = id` is its precise equivalent (unlike
 * `INSERT IGNORE`, which would also turn truncation and NOT NULL errors into silent warnings).
 */
export async function insertAuditRecord(target: Store, record: AuditRecord): Promise<InsertOutcome> {
  const insert = target.db.insertInto('audit_event').values(toRow(record));
  const statement =
    target.engine === 'sqlite'
      ? insert.onConflict((oc) => oc.column('id').doNothing())
      : insert.onDuplicateKeyUpdate({ id: sql.ref('id') });
  const result = await statement.executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0 ? 'inserted' : 'duplicate';
}

export async function countAuditEvents(target: Store): Promise<number> {
  const row = await target.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
