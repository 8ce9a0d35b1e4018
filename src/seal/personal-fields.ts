import type { AuditRecord } from '../record/audit-record';

/**
 * Where a record holds personal data or user-generated content: the values lawful erasure may later
 * replace (a closed account pseudonymised, content dropped when the admin stops storing it). The chain
 * commits to a keyed digest of each of them instead of the value, so erasing one keeps the chain whole.
 *
 * Paths are stable names, used as keys in the stored digests and in export lines:
 * `actor.accountId`, `object.title`, `object.parent.title`, `changes.<i>.from`, `changes.<i>.to`, and
 * `object.id` where the object is a user (its id is the person's account id).
 * Everything else in the record (ids, keys, actions, times, container names, field names) is hashed as is.
 */
export type PersonalFieldPath = string;

/** Each personal field of the record with its current value; null where it has none. */
export function personalFields(
  record: AuditRecord,
): readonly (readonly [PersonalFieldPath, string | null])[] {
  const fields: [PersonalFieldPath, string | null][] = [
    ['actor.accountId', text(record.actor.accountId)],
    ...(hasPersonalObjectId(record)
      ? [['object.id', text(record.object?.id)] as [PersonalFieldPath, string | null]]
      : []),
    ['object.title', text(record.object?.title)],
    ['object.parent.title', text(record.object?.parent?.title)],
  ];
  record.changes.forEach((change, i) => {
    fields.push([`changes.${i}.from`, text(change.from)], [`changes.${i}.to`, text(change.to)]);
  });
  return fields;
}

/** A user object's id is an account id: personal, so committed through a digest like the actor's. */
export function hasPersonalObjectId(record: AuditRecord): boolean {
  return record.object?.type === 'user';
}

/** Values are strings by type; a stored row or an export line might still hold a number, and sealing must not stop on it. */
function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/**
 * How a closed account's id reads once pseudonymised in place: whatever follows the
 * prefix is the privacy job's choice (a stable token, so one person's activity still groups together).
 * Verification treats such a value, or a null, where the seal recorded a value as erased, not tampered.
 */
export const PSEUDONYM_PREFIX = 'pseudonym:';

/** Whether `value` is what erasure leaves in the field at `path`: nothing, or for an account a pseudonym. */
export function isErasedValue(path: PersonalFieldPath, value: string | null): boolean {
  return (
    value === null ||
    ((path === 'actor.accountId' || path === 'object.id') && value.startsWith(PSEUDONYM_PREFIX))
  );
}
