import { createHash } from 'node:crypto';
import type { Store } from '../store/database';
import { ignoreDuplicates } from '../store/ignore-duplicates';
import { signErasure, type SignedErasure } from './erasure';
import { signingKey } from './signing-key';

/**
 * Signs and stores an entry for each record about to have fields erased. Called before the rows change,
 * so a run that stops between the two leaves an entry for a value still there (harmless), never an
 * erased value without one. An entry for the same record and paths is stored once.
 */
export async function recordErasures(
  target: Store,
  erasures: readonly { readonly recordId: string; readonly paths: readonly string[] }[],
): Promise<void> {
  if (erasures.length === 0) return;
  const key = await signingKey();
  for (const { recordId, paths } of erasures) {
    const entry = signErasure(key, recordId, paths);
    const id = createHash('sha256')
      .update(`${recordId}\u0000${entry.paths.join('\u0000')}`)
      .digest('hex');
    const insert = target.db.insertInto('seal_erasure').values({
      id: id.slice(0, 32),
      record_id: recordId,
      entry: JSON.stringify(entry),
    });
    await ignoreDuplicates(target.engine, insert, 'id').execute();
  }
}

/** The stored entries of these records, by record id. */
export async function readErasures(
  target: Store,
  recordIds: readonly string[],
): Promise<Map<string, SignedErasure[]>> {
  const byRecord = new Map<string, SignedErasure[]>();
  if (recordIds.length === 0) return byRecord;
  const rows = await target.db
    .selectFrom('seal_erasure')
    .select(['record_id', 'entry'])
    .where('record_id', 'in', [...recordIds])
    .execute();
  for (const row of rows) {
    try {
      const entry = JSON.parse(row.entry) as SignedErasure;
      byRecord.set(row.record_id, [...(byRecord.get(row.record_id) ?? []), entry]);
    } catch {
      // A damaged entry covers nothing: the erased value it was for is then reported.
    }
  }
  return byRecord;
}
