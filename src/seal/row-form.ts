import { fromRow, toRow, type AuditEventRow } from '../store/audit-event-row';

/**
 * The first column of a stored row that is not what its record would be stored as, if any. The chain
 * hashes the record read from the row (`fromRow`); a column that reading ignores or derives from others
 * — `trail_id`, a parent's key without its id, a change's JSON spelling — would otherwise escape the
 * seal. Storing the record again must give back every column exactly, so any such edit is found.
 */
export function unfaithfulColumn(row: AuditEventRow): string | undefined {
  let expected;
  try {
    expected = toRow(fromRow(row));
  } catch {
    return 'changes';
  }
  for (const [column, value] of Object.entries(expected)) {
    const stored: unknown = row[column as keyof AuditEventRow];
    const same = typeof value === 'number' ? Number(stored) === value : (stored ?? null) === (value ?? null);
    if (!same) return column;
  }
  return undefined;
}
