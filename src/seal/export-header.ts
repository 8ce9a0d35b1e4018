import type { Store } from '../store/database';
import { parseCheckpoint } from './checkpoint';
import { readSealState } from './seal-state';
import type { SealHeader } from './seal-header-type';
import { keyFingerprint } from './signing-key';

/** The header as the database holds it now; undefined before the first checkpoint is signed. */
export async function sealHeader(target: Store, filtered = false): Promise<SealHeader | undefined> {
  const state = await readSealState(target);
  if (!state?.publicKey) return undefined;
  const checkpoint = parseCheckpoint(state.checkpoint);
  return {
    auditTrailSeal: 1,
    publicKey: state.publicKey,
    fingerprint: keyFingerprint(state.publicKey),
    ...(checkpoint === undefined ? {} : { checkpoint }),
    ...(filtered ? { filtered } : {}),
  };
}

export function isSealHeader(value: unknown): value is SealHeader {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as Record<string, unknown>).auditTrailSeal === 1 &&
    typeof (value as Record<string, unknown>).publicKey === 'string'
  );
}
