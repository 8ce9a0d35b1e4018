import type { AuditRecord } from '../record/audit-record';
import { toRow } from './audit-event-row';
import type { Store } from './database';
import { ignoreDuplicates } from './ignore-duplicates';

export type InsertOutcome = 'inserted' | 'duplicate';

/**
 * Stores one record in one statement; a record whose id is already stored is left as it is, so
 * re-deliveries of an event collapse into one row. This is the only statement on the capture hot path.
 */
export async function insertAuditRecord(target: Store, record: AuditRecord): Promise<InsertOutcome> {
  const insert = target.db.insertInto('audit_event').values(toRow(record));
  const result = await ignoreDuplicates(target.engine, insert, 'id').executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0 ? 'inserted' : 'duplicate';
}

export async function countAuditEvents(target: Store): Promise<number> {
  const row = await target.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
