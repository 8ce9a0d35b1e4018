import { createHmac } from 'node:crypto';
import type { Change } from '../record/audit-record';
import { isErasedValue, personalFields, PSEUDONYM_PREFIX } from '../seal/personal-fields';

/**
 * A closed account's stable pseudonym: `pseudonym:` and the first 128 bits of HMAC-SHA256(key, account
 * id), in hex. Keyed, so that nobody holding the log (or an export) can find whose pseudonym it is by
 * hashing candidate account ids, which are easy to enumerate; stable, so one person's timeline stays
 * one timeline. The key is this installation's own (src/privacy/pseudonym-key.ts). Pure.
 */
export function pseudonymOf(key: Buffer, accountId: string): string {
  return `${PSEUDONYM_PREFIX}${createHmac('sha256', key).update(accountId, 'utf8').digest('hex').slice(0, 32)}`;
}

/**
 * Change values naming `accountId`, erased: set to null, which is what the chain accepts as lawful
 * erasure of a value (src/seal/personal-fields.ts). Undefined when none names it. Pure.
 */
export function eraseAccountInChanges(
  changes: readonly Change[],
  accountId: string,
): readonly Change[] | undefined {
  let erased = false;
  const names = (value: string | null) => value !== null && value.includes(accountId);
  const out = changes.map((c) => {
    if (!names(c.from) && !names(c.to)) return c;
    erased = true;
    return { field: c.field, from: names(c.from) ? null : c.from, to: names(c.to) ? null : c.to };
  });
  return erased ? out : undefined;
}

/** The paths (`changes.<i>.from`, `changes.<i>.to`) of the values `eraseAccountInChanges` erased. Pure. */
export function erasedChangePaths(before: readonly Change[], after: readonly Change[]): string[] {
  return after.flatMap((c, i) => [
    ...(c.from !== before[i]!.from ? [`changes.${i}.from`] : []),
    ...(c.to !== before[i]!.to ? [`changes.${i}.to`] : []),
  ]);
}

/**
 * Whether sealing commits to `object.id` through a digest (so a pseudonym there reads as erased), which
 * it must before a sealed record's object id may be pseudonymised: today the chain hashes object ids by
 * value, and replacing one would read as tampering. Asked of sealing itself, so this starts working the
 * day sealing treats the id of a `user` object as a personal field.
 */
export function sealAcceptsObjectIdErasure(pseudonym: string): boolean {
  const probe = {
    id: 'probe',
    time: '1970-01-01T00:00:00.000Z',
    receivedAt: '1970-01-01T00:00:00.000Z',
    product: 'jira' as const,
    action: 'user.deleted',
    actor: { accountId: null, type: 'unknown' as const },
    container: null,
    object: { type: 'user', id: 'probe-account' },
    changes: [],
    source: { event: 'probe' },
  };
  return (
    personalFields(probe).some(([path]) => path === 'object.id') && isErasedValue('object.id', pseudonym)
  );
}
