import { randomBytes } from 'node:crypto';
import { kvs } from '@forge/kvs';

/** The KVS secret holding the key closed accounts' pseudonyms are made with (32 random bytes, hex). */
export const PSEUDONYM_KEY_SECRET = 'privacy-pseudonym-key';

export async function readPseudonymKey(): Promise<Buffer | undefined> {
  const hex = await kvs.getSecret<string>(PSEUDONYM_KEY_SECRET);
  return typeof hex === 'string' && /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}

/**
 * The key, created once. A secret in KVS, not a row in SQL: the rows alone must not be enough to tell
 * whose pseudonym is whose. Only the daily job calls this, holding its lock; `FAIL_IF_EXISTS` and the
 * read-back guard against a second creator all the same. Read per call, never kept in a module
 * variable: a warm function may serve other installations.
 */
export async function pseudonymKey(): Promise<Buffer> {
  const existing = await readPseudonymKey();
  if (existing) return existing;
  try {
    await kvs.setSecret(PSEUDONYM_KEY_SECRET, randomBytes(32).toString('hex'), {
      keyPolicy: 'FAIL_IF_EXISTS',
    });
  } catch (error) {
    console.warn(`privacy: creating the pseudonym key failed, reading it back: ${String(error)}`);
  }
  const stored = await readPseudonymKey();
  if (!stored) throw new Error('privacy: the pseudonym key could not be created in KVS');
  return stored;
}
