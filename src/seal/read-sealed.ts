import type { AuditEventRow } from '../store/audit-event-row';
import type { Store } from '../store/database';
import { rowsWithinBytes } from '../store/rows-within-bytes';
import { readErasures } from './erasure-store';
import { readInstallationKey } from './installation-key';
import { toSealedRecord, type SealedRecord } from './sealed-record';

export interface ReadSealedOptions {
  /**
   * Stop before the record that would take the rows' estimated size in a SQL answer past this many
   * bytes (the first record always comes): for a caller that sends only so much at a time.
   */
  readonly maxBytes?: number;
}

/**
 * Sealed records after `afterSeq`, in seq order, at most `limit`: what forwarding, the pull API and
 * verification page through. Only published seqs (up to the head) are returned, never rows a running or
 * interrupted seal has stamped but not yet published, so a reader never sees a seq that could still
 * change.
 *
 * Read in byte-bounded groups (`rowsWithinBytes`): one SELECT's answer is capped at 4 MiB
 * (FD:limits-sql), and a record with fifty long changed values is a hundred times the usual one.
 */
export async function readSealed(
  target: Store,
  afterSeq: number,
  limit: number,
  options: ReadSealedOptions = {},
): Promise<SealedRecord[]> {
  const rows = await readSealedRows(target, afterSeq, limit, options);
  if (rows.length === 0) return [];
  const key = await readInstallationKey();
  if (!key) console.error('seal: the installation key is missing from KVS; records carry no opening keys');
  const erasures = await readErasures(
    target,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toSealedRecord(row, key, erasures.get(row.id)));
}

/** The stored rows `readSealed` makes its records from: what verification also checks column by column. */
export function readSealedRows(
  target: Store,
  afterSeq: number,
  limit: number,
  options: ReadSealedOptions = {},
): Promise<AuditEventRow[]> {
  return rowsWithinBytes(
    target,
    (size) =>
      target.db
        .selectFrom('audit_event')
        .select(['id', size])
        .where('seq', '>', afterSeq)
        .where('seq', '<=', (eb) => eb.selectFrom('seal_state').select('last_seq').where('name', '=', 'seal'))
        .orderBy('seq')
        .limit(limit),
    options.maxBytes === undefined ? {} : { totalBytes: options.maxBytes },
  );
}
