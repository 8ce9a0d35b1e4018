import { readBudgets } from '../limits';
import type { AuditRecord } from '../record/audit-record';
import { toRow } from './audit-event-row';
import type { Store } from './database';
import { ignoreDuplicates } from './ignore-duplicates';

/** Rows per INSERT: a page of 1,000 audit records in ten statements instead of a thousand. */
export const IMPORT_INSERT_ROWS = 100;

/**
 * Stores imported records, many per statement, leaving any whose id is already stored as it is (the same
 * rule as `insertAuditRecord`). A statement is also cut before its values reach
 * `readBudgets.statementBytes`, a quarter of Forge SQL's 1 MiB request limit. Returns how many rows were
 * new: each batch first reads which of its ids are stored, because the INSERT's affected-row count
 * cannot say (see `ignoreDuplicates`).
 */
export async function insertRecords(target: Store, records: readonly AuditRecord[]): Promise<number> {
  let inserted = 0;
  let chunk: ReturnType<typeof toRow>[] = [];
  let bytes = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const ids = chunk.map((row) => row.id);
    const stored = await target.db.selectFrom('audit_event').select('id').where('id', 'in', ids).execute();
    const known = new Set(stored.map((row) => row.id));
    // One row per new id, even where a page repeats a record.
    const fresh = [
      ...new Map(chunk.filter((row) => !known.has(row.id)).map((row) => [row.id, row])).values(),
    ];
    // Still an INSERT that ignores duplicates: another run may store the same ids in between.
    if (fresh.length > 0)
      await ignoreDuplicates(
        target.engine,
        target.db.insertInto('audit_event').values(fresh),
        'id',
      ).execute();
    inserted += fresh.length;
    chunk = [];
    bytes = 0;
  };
  for (const record of records) {
    const row = toRow(record);
    const size = Buffer.byteLength(JSON.stringify(row));
    if (chunk.length >= IMPORT_INSERT_ROWS || bytes + size > readBudgets.statementBytes) await flush();
    chunk.push(row);
    bytes += size;
  }
  await flush();
  return inserted;
}
