import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * A run of seqs retention removed from inside the chain, as an unfiltered export carries it: the first and
 * last seq of the run, the chain hash of the last (where the chain goes on from) and an Ed25519 signature
 * over the three with the checkpoints' key. The app signs one only for a run that a block it has checked
 * vouches for (the block's signature covers its tombstones), so a verifier holding the pinned key can pass
 * over the gap; a line forged or altered in the file fails its signature.
 */
export interface Removal {
  readonly from: number;
  readonly to: number;
  readonly hash: string;
  readonly signature: string;
}

/** An export line holding one removal: `{"removed": {...}}`. */
export interface RemovalLine {
  readonly removed: Removal;
}

/** Signed text starts with its purpose, so it never passes for a record's, a block's or a checkpoint's. */
function message(from: number, to: number, hash: string): Buffer {
  return Buffer.from(`audit-trail removed ${from} ${to} ${hash}`);
}

/**
 * The signed lines for the removed seqs of one block (seq → hash, '' for all but the last of a run), one
 * per run. Ed25519 is deterministic (RFC 8032): the same run always gets the same line. A run whose last
 * seq kept no hash cannot be passed over and gets no line.
 */
export function removalLines(key: KeyObject, removed: ReadonlyMap<number, string>): RemovalLine[] {
  const seqs = [...removed.keys()].sort((a, b) => a - b);
  const lines: RemovalLine[] = [];
  let from: number | undefined;
  seqs.forEach((seq, i) => {
    from ??= seq;
    const next = seqs[i + 1];
    if (next === seq + 1) return;
    const hash = removed.get(seq)!;
    if (hash)
      lines.push({
        removed: {
          from,
          to: seq,
          hash,
          signature: sign(null, message(from, seq, hash), key).toString('base64'),
        },
      });
    from = undefined;
  });
  return lines;
}

/** A checker for one public key (SPKI DER, base64); undefined when the key is not one. */
export function removalVerifier(publicKey: string): ((removal: Removal) => boolean) | undefined {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
  return ({ from, to, hash, signature }) => {
    try {
      return verify(null, message(from, to, hash), key, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  };
}

/** True for an export line that claims to be a removal (whatever its fields hold): `{"removed": …}` without a seq. */
export function isRemovalLine(value: unknown): value is { readonly removed: unknown } {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    'removed' in value &&
    !('seq' in value)
  );
}

const HASH = /^[0-9a-f]{64}$/;

/** The removal if the line's fields have its shape, else what is wrong with them. */
export function asRemoval(line: { readonly removed: unknown }): Removal | string {
  const value = line.removed;
  if (value === null || typeof value !== 'object') return 'removed must be { from, to, hash, signature }';
  const { from, to, hash, signature } = value as Record<string, unknown>;
  if (typeof from !== 'number' || !Number.isSafeInteger(from) || from < 1)
    return 'removed.from must be a positive integer';
  if (typeof to !== 'number' || !Number.isSafeInteger(to) || to < from)
    return 'removed.to must be an integer not below removed.from';
  if (typeof hash !== 'string' || !HASH.test(hash)) return 'removed.hash must be 64 hex characters';
  if (typeof signature !== 'string') return 'removed.signature must be a string';
  return { from, to, hash, signature };
}
