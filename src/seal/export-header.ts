import type { Store } from '../store/database';
import { parseCheckpoint } from './checkpoint';
import { readSealState } from './seal-state';
import { keyFingerprint } from './signing-key';

/**
 * What an export or a batch carries so that `npm run verify` can check it offline: the public key
 * checkpoints and erasure entries are signed with (and its fingerprint, to compare with the one the
 * Storage tab shows or the admin recorded), and the latest signed checkpoint. The first line of an
 * NDJSON export, recognised by `auditTrailSeal`.
 */
export interface SealHeader {
  readonly auditTrailSeal: 1;
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly checkpoint?: unknown;
  /** True when the export holds only the records a filter chose: gaps in seq are expected then. */
  readonly filtered?: boolean;
}

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
