import type { AuditRecord } from '../record/audit-record';
import { toRow } from './audit-event-row';
import type { Store } from './database';
import { isDuplicateKey } from './sql-errors';

export type InsertOutcome = 'inserted' | 'duplicate';

/**
 * Stores one record in one statement; a record whose id is already stored is left as it is, so
 * re-deliveries of an event collapse into one row. This is the only statement on the capture hot path.
 *
 * The duplicate is told by the key error, not by an affected-row count: for `ON DUPLICATE KEY UPDATE
 * id = id` on an existing row MySQL reports 0 rows or 1 depending on the client's FOUND_ROWS flag, and
 * Forge does not document which its SQL service uses.
 */
export async function insertAuditRecord(target: Store, record: AuditRecord): Promise<InsertOutcome> {
  try {
    await target.db.insertInto('audit_event').values(toRow(record)).execute();
    return 'inserted';
  } catch (error) {
    if (isDuplicateKey(error)) return 'duplicate';
    throw error;
  }
}

export async function countAuditEvents(target: Store): Promise<number> {
  const row = await target.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether a live row with a seq in (afterSeq, throughSeq] happened before `beforeMs`. */
export async function hasLiveRecordBefore(
  target: Store,
  afterSeq: number,
  throughSeq: number,
  beforeMs: number,
): Promise<boolean> {
  if (throughSeq <= afterSeq) return false;
  const row = await target.db
    .selectFrom('audit_event')
    .select('seq')
    .where('seq', '>', afterSeq)
    .where('seq', '<=', throughSeq)
    .where('time_ms', '<', beforeMs)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Live rows readers see (`records`): those not yet archived (`seq` unsealed or past `archivedThroughSeq`);
 * the others belong to an archive block and wait to be deleted. `sinceMs`: only records from that time on.
 */
export async function countLiveRecords(
  target: Store,
  archivedThroughSeq: number,
  sinceMs?: number,
): Promise<number> {
  let query = target.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => eb.or([eb('seq', 'is', null), eb('seq', '>', archivedThroughSeq)]));
  if (sinceMs !== undefined) query = query.where('time_ms', '>=', sinceMs);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
