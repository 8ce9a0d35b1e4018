import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Each sealed record's own signature: Ed25519, with the checkpoints' key, over its seq and hash. The
 * checkpoint vouches only for the head, so a chain recomputed from an edited record onwards would be found
 * only there; with a signature per record it is found at the edited record itself, whose recomputed hash
 * no longer matches its signature. Outside the hash (it signs the hash), stored beside it.
 *
 * The signed text starts with its purpose, so a record's signature can never pass for a checkpoint's or
 * an erasure entry's (theirs are over JSON objects).
 */
function message(seq: number, hash: string): Buffer {
  return Buffer.from(`audit-trail record ${seq} ${hash}`);
}

/** Base64, 88 characters. */
export function signRecord(key: KeyObject, seq: number, hash: string): string {
  return sign(null, message(seq, hash), key).toString('base64');
}

/** A verifier for one public key (SPKI DER, base64), parsed once; undefined when the key is not one. */
export function recordVerifier(
  publicKey: string,
): ((seq: number, hash: string, signature: unknown) => boolean) | undefined {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
  return (seq, hash, signature) => {
    if (typeof signature !== 'string' || signature.length === 0) return false;
    try {
      return verify(null, message(seq, hash), key, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  };
}
