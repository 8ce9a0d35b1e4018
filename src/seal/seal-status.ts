export type { SealStatus } from './seal-status-type';
import type { Store } from '../store/database';
import { parseCheckpoint } from './checkpoint';
import { readSealState } from './seal-state';
import type { SealStatus } from './seal-status-type';
import { keyFingerprint } from './signing-key';

export async function sealStatus(target: Store, nowMs: number): Promise<SealStatus> {
  const state = await readSealState(target);
  if (!state) return { headSeq: 0, prunedSeq: 0 };
  const checkpoint = parseCheckpoint(state.checkpoint) as { seq?: unknown; time?: unknown } | undefined;
  return {
    headSeq: state.head.seq,
    prunedSeq: state.prunedSeq,
    ...(state.publicKey ? { publicKey: state.publicKey, fingerprint: keyFingerprint(state.publicKey) } : {}),
    ...(checkpoint && typeof checkpoint.seq === 'number' && typeof checkpoint.time === 'string'
      ? { checkpoint: { seq: checkpoint.seq, time: checkpoint.time } }
      : {}),
    ...(state.owner !== null && state.expiresMs > nowMs ? { lockedUntilMs: state.expiresMs } : {}),
  };
}
