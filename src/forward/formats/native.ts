import type { Document, OutgoingRecord } from './outgoing-record';
import { compact } from './outgoing-record';

/**
 * The native format: the record exactly as `AuditRecord` defines it, with its place in the hash chain and the
 * seal's proof — the same line an export holds — so a receiver can verify the chain itself
 * (`npm run verify` reads it).
 */
export function toNative(record: OutgoingRecord): Document {
  return compact({
    id: record.id,
    seq: record.seq,
    hash: record.hash,
    prevHash: record.prevHash,
    time: record.time,
    receivedAt: record.receivedAt,
    product: record.product,
    action: record.action,
    actor: record.actor,
    container: record.container,
    object: record.object,
    changes: record.changes,
    source: record.source,
    seal: record.seal,
  });
}
