import { createHash } from 'node:crypto';
import type { AuditRecord, Change } from '../record/audit-record';
import { canonicalJson } from '../record/record-id';
import type { FieldDigests } from './field-digest';
import { hasPersonalObjectId } from './personal-fields';

/** The `prevHash` of seq 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** The version of the sealed form below; it is part of what is hashed, so a later form cannot pass as this one. */
export const SEAL_FORMAT = 2;

/**
 * What the chain commits to for one record: every field of the record by value, except the personal
 * ones, which it commits to through their digests. Built field by field (not by spreading the record),
 * so a field added to AuditRecord later does not silently change old hashes; absent optional parts are
 * written as null so that "absent" and "null" hash alike.
 */
export function sealedForm(record: AuditRecord, seq: number, digests: FieldDigests): unknown {
  const { actor, container, object } = record;
  return {
    v: SEAL_FORMAT,
    seq,
    id: record.id,
    time: record.time,
    receivedAt: record.receivedAt,
    product: record.product,
    action: record.action,
    actor: { type: actor.type },
    container:
      container === null
        ? null
        : {
            type: container.type,
            id: container.id,
            key: container.key ?? null,
            name: container.name ?? null,
          },
    object:
      object === null
        ? null
        : {
            type: object.type,
            id: hasPersonalObjectId(record) ? null : object.id,
            key: object.key ?? null,
            parent:
              object.parent === undefined
                ? null
                : { type: object.parent.type, id: object.parent.id, key: object.parent.key ?? null },
          },
    changes: record.changes.map(changeShape),
    source: { event: record.source.event },
    digests,
  };
}

/**
 * A change as committed: every key by value except `from` and `to` (personal: committed through their
 * digests), so a key added inside a stored change breaks the hash; which of the two keys are present is
 * committed too.
 */
function changeShape(change: Change): Record<string, unknown> {
  const shape: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(change)) {
    shape[key] = key === 'from' || key === 'to' ? true : (value as unknown);
  }
  return shape;
}

/** `SHA-256(prevHash ‖ canonical JSON of the sealed form)`, in lowercase hex; prevHash is its 64 hex characters. */
export function chainHash(prevHash: string, record: AuditRecord, seq: number, digests: FieldDigests): string {
  return createHash('sha256')
    .update(prevHash, 'utf8')
    .update(canonicalJson(sealedForm(record, seq, digests)), 'utf8')
    .digest('hex');
}
