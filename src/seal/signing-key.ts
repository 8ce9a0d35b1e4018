import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { kvs } from '@forge/kvs';

/** The KVS secret holding this installation's Ed25519 signing key (PKCS#8 DER, base64). */
const SECRET = 'seal-signing-key';

/**
 * The key checkpoints are signed with (src/seal/checkpoint.ts). Its private half lives only in Forge's
 * secret storage, never in SQL: someone who can rewrite the database can recompute the hash chain, but
 * cannot sign a checkpoint for the rewritten one. Read per call: a warm function may serve other
 * installations.
 */
export async function readSigningKey(): Promise<KeyObject | undefined> {
  const text = await kvs.getSecret<string>(SECRET);
  if (typeof text !== 'string') return undefined;
  try {
    const key = createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The key, created on first use. Only callers holding the seal lock or signing after it (sealing,
 * retention, erasure) call this; `FAIL_IF_EXISTS` and the read-back keep two creators to one key.
 */
export async function signingKey(): Promise<KeyObject> {
  const existing = await readSigningKey();
  if (existing) return existing;
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  try {
    await kvs.setSecret(SECRET, der.toString('base64'), { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    console.warn(`seal: creating the signing key failed, reading it back: ${String(error)}`);
  }
  const stored = await readSigningKey();
  if (!stored) throw new Error('seal: the signing key could not be created in KVS');
  return stored;
}

/** The public half as published (Storage tab, exports, SIEM batches): SPKI DER, base64. */
export function publicKeyText(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
}

/**
 * What an admin records out of band and compares: SHA-256 of the public key's DER, first 32 hex
 * digits in groups of four, short enough to read aloud.
 */
export function keyFingerprint(publicKey: string): string {
  const hex = createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 32);
  return hex.match(/.{4}/g)!.join(':');
}
