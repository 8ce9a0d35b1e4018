import { createHash } from 'node:crypto';

/**
 * What a checkpoint says about the erasure entries the app has written: how many, and a digest of which.
 *
 * The digest is the XOR of SHA-256(id ‖ NUL ‖ signature) over the entries, not a hash of their sorted
 * list. Entries are written a chunk at a time while an account is erased (hundreds of calls for a busy
 * account), and the XOR is updated from the entries just written, without reading back every earlier one;
 * it does not depend on the order rows come back in, as the table has none. XOR alone would let someone
 * who chooses entries make them cancel out, but here every entry must carry the signing key's signature
 * (verification reports any that does not) and ids are unique, so the only entries that can exist are the
 * app's own: removing any changes the count, and the digest pins which ones are there.
 */
export interface ErasureTally {
  readonly count: number;
  /** 64 hex digits; all zeros for no entries. */
  readonly digest: string;
}

export const NO_ERASURES: ErasureTally = { count: 0, digest: '0'.repeat(64) };

/** One stored entry as the tally counts it: its row id and its signature. */
export interface TalliedEntry {
  readonly id: string;
  readonly signature: string;
}

/** The tally with `entries` added (or, the same way, removed: XOR is its own inverse). */
export function addToTally(tally: ErasureTally, entries: readonly TalliedEntry[]): ErasureTally {
  const digest = Buffer.from(tally.digest, 'hex');
  for (const entry of entries) {
    const hash = createHash('sha256').update(`${entry.id}\u0000${entry.signature}`).digest();
    for (let i = 0; i < digest.length; i += 1) digest[i]! ^= hash[i]!;
  }
  return { count: tally.count + entries.length, digest: digest.toString('hex') };
}

/** The tally if `value` is one, else undefined. */
export function erasureTallyOf(value: unknown): ErasureTally | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { count, digest } = value as Record<string, unknown>;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) return undefined;
  if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) return undefined;
  return { count, digest };
}
