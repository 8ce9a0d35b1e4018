import { createHmac } from 'node:crypto';
import type { AuditRecord } from '../record/audit-record';
import { personalFields, type PersonalFieldPath } from './personal-fields';

/** `path → digest` for each personal field that held a value when the record was sealed. */
export type FieldDigests = Readonly<Record<PersonalFieldPath, string>>;

/** `path → opening key` for each digest whose field still holds the value it was made from. */
export type FieldOpenings = Readonly<Record<PersonalFieldPath, string>>;

/**
 * A digest is HMAC-SHA256 cut to 128 bits (RFC 2104 §5 allows down to half the hash), in hex: it is kept
 * on every row, for every personal field, and the storage is 1 GiB per installation.
 */
const DIGEST_HEX = 32;

/**
 * The key a field's digest is made with: HMAC-SHA256(installation key, record id ‖ path), in hex.
 *
 * Why a key per field rather than the installation key itself: an export line carries the opening keys of
 * its present values, so anyone holding the export can check value against digest without the
 * installation secret. An opening key opens that one field of that one record and nothing else, and
 * once the field is erased its opening key is no longer given out, so its digest cannot be reversed by
 * trying candidate values (account ids are easy to enumerate).
 */
export function openingKey(installationKey: Buffer, recordId: string, path: PersonalFieldPath): string {
  return createHmac('sha256', installationKey).update(`${recordId}\u0000${path}`).digest('hex');
}

export function fieldDigest(opening: string, value: string): string {
  return createHmac('sha256', Buffer.from(opening, 'hex'))
    .update(value, 'utf8')
    .digest('hex')
    .slice(0, DIGEST_HEX);
}

/** What sealing stores for a record: the digest of each personal field that has a value. */
export function digestsOf(installationKey: Buffer, record: AuditRecord): FieldDigests {
  const digests: Record<string, string> = {};
  for (const [path, value] of personalFields(record)) {
    if (value !== null) digests[path] = fieldDigest(openingKey(installationKey, record.id, path), value);
  }
  return digests;
}

/**
 * The opening keys an export may carry: only for fields whose current value still matches its digest. An
 * erased (or altered) field gets none, which is what lets a verifier tell it from an intact one.
 */
export function openingsOf(
  installationKey: Buffer,
  record: AuditRecord,
  digests: FieldDigests,
): FieldOpenings {
  const openings: Record<string, string> = {};
  for (const [path, value] of personalFields(record)) {
    const digest = digests[path];
    if (value === null || digest === undefined) continue;
    const opening = openingKey(installationKey, record.id, path);
    if (fieldDigest(opening, value) === digest) openings[path] = opening;
  }
  return openings;
}
