import type { AuditEventRow } from '../store/audit-event-row';
import type { BlockContent, BlockRecord } from './block-codec';

/** A block's record as a stored row would hold it: its seq from its place, `trail_id` from its object; no seal columns. */
export function rowOf(record: BlockRecord, seq: number): AuditEventRow {
  return {
    ...record,
    trail_id: record.parent_id ?? record.object_id,
    seq,
    hash: null,
    prev_hash: null,
    seal_digests: null,
    seal_signature: null,
  };
}

/** The rows of a decoded block that retention left, in seq order. */
export function rowsOf(content: BlockContent, firstSeq: number): AuditEventRow[] {
  const rows: AuditEventRow[] = [];
  content.records.forEach((record, i) => {
    if (record !== undefined) rows.push(rowOf(record, firstSeq + i));
  });
  return rows;
}
