import { randomBytes } from 'node:crypto';
import { kvs } from '@forge/kvs';

/** The KVS secret holding this installation's sealing key (32 random bytes, hex). */
const SECRET = 'seal-installation-key';

/**
 * The key the field digests are made with (src/seal/field-digest.ts). It lives in KVS as a secret, not in
 * SQL, so that the rows and an export of them are not enough to reverse an erased field's digest.
 * Read per call rather than kept in a module variable: a warm function may serve other installations.
 */
export async function readInstallationKey(): Promise<Buffer | undefined> {
  const hex = await kvs.getSecret<string>(SECRET);
  return typeof hex === 'string' && /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}

/**
 * The key, created on first use. Only the sealing job calls this, while it holds the seal lock, so two
 * invocations cannot each create one; `FAIL_IF_EXISTS` and the read-back guard that on their own.
 */
export async function installationKey(): Promise<Buffer> {
  const existing = await readInstallationKey();
  if (existing) return existing;
  try {
    await kvs.setSecret(SECRET, randomBytes(32).toString('hex'), { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    // Someone else created it first: theirs is the key. Anything else is re-raised below if nothing is there.
    console.warn(`seal: creating the installation key failed, reading it back: ${String(error)}`);
  }
  const stored = await readInstallationKey();
  if (!stored) throw new Error('seal: the installation key could not be created in KVS');
  return stored;
}
