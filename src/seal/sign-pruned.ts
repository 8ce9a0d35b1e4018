import { randomUUID } from 'node:crypto';
import type { Store } from '../store/database';
import { acquireLease, releaseLease } from '../store/lease';
import { readCheckpoint, storeCheckpoint } from './checkpoint';
import { SEAL_LOCK_TTL_MS } from './seal-pending';
import { notePruned, sealLease } from './seal-state';
import { signingKey } from './signing-key';

const ATTEMPTS = 3;
const RETRY_MS = 1_000;

/**
 * For retention, before it deletes rows up to `throughSeq`: signs a checkpoint that names the new pruned
 * prefix and the hash of its last record (the anchor the kept chain must link to), then marks it in
 * seal_state. Taken under the seal lock, so sealing and retention never sign over each other. False
 * (and nothing marked) when the lock stayed busy, or the prefix is not within the signed chain: delete
 * nothing beyond what was already marked then.
 */
export async function signPrunedPrefix(target: Store, throughSeq: number): Promise<boolean> {
  const owner = randomUUID();
  for (let attempt = 1; ; attempt += 1) {
    const now = Date.now();
    if ((await acquireLease(target, sealLease(target), owner, now, SEAL_LOCK_TTL_MS)).acquired) break;
    if (attempt === ATTEMPTS) return false;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
  try {
    const anchor = await target.db
      .selectFrom('audit_event')
      .select('hash')
      .where('seq', '=', throughSeq)
      .executeTakeFirst();
    if (!anchor?.hash) return false;
    return await markPrunedPrefix(target, { seq: throughSeq, hash: anchor.hash });
  } finally {
    await releaseLease(target, sealLease(target), owner);
  }
}

/**
 * The signing step of `signPrunedPrefix` for a caller that already holds the seal lock and knows the hash
 * of the prefix's last record (an archive block's signed `hash`, when retention drops whole blocks).
 */
export async function markPrunedPrefix(
  target: Store,
  through: { readonly seq: number; readonly hash: string },
): Promise<boolean> {
  const signer = await signingKey();
  const signed = await readCheckpoint(signer);
  if (!signed || through.seq > signed.seq || through.seq <= signed.prunedSeq) return false;
  await storeCheckpoint(target, signer, { ...signed, prunedSeq: through.seq, prunedHash: through.hash });
  await notePruned(target, through.seq);
  return true;
}
