import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../record/record-id';
import { kvs } from '@forge/kvs';
import type { Store } from '../store/database';
import { GENESIS_HASH } from './chain-hash';
import { publicKeyText } from './signing-key';

/**
 * What sealing vouches for, signed with the installation's Ed25519 key: the chain reached `seq` with
 * `hash`, and the records up to `prunedSeq` (the last of them hashing to `prunedHash`) were removed by
 * retention on purpose. Verification checks the stored chain against the latest one: recomputing the
 * chain, cutting its head or removing a prefix cannot produce a matching signature.
 */
export interface Checkpoint {
  readonly v: 1;
  readonly seq: number;
  readonly hash: string;
  readonly prunedSeq: number;
  readonly prunedHash: string;
  /** ISO-8601 UTC: when it was signed. */
  readonly time: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** Ed25519 over the canonical JSON of the other fields, base64. */
  readonly signature: string;
}

const NAME = 'seal';

export function signCheckpoint(key: KeyObject, checkpoint: Checkpoint): SignedCheckpoint {
  const { v, seq, hash, prunedSeq, prunedHash, time } = checkpoint;
  const body = { v, seq, hash, prunedSeq, prunedHash, time };
  return { ...body, signature: sign(null, Buffer.from(canonicalJson(body)), key).toString('base64') };
}

/** The checkpoint if `value` is one signed by `publicKey` (SPKI DER, base64), else undefined. */
export function verifiedCheckpoint(value: unknown, publicKey: string): SignedCheckpoint | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const c = value as Record<string, unknown>;
  const hex = (x: unknown) => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x);
  const seq = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (c.v !== 1 || !seq(c.seq) || !seq(c.prunedSeq) || !hex(c.hash) || !hex(c.prunedHash)) return undefined;
  if (typeof c.time !== 'string' || typeof c.signature !== 'string') return undefined;
  const body = {
    v: c.v,
    seq: c.seq,
    hash: c.hash,
    prunedSeq: c.prunedSeq,
    prunedHash: c.prunedHash,
    time: c.time,
  };
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(canonicalJson(body)), key, Buffer.from(c.signature, 'base64'))
      ? (value as SignedCheckpoint)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The stored checkpoint's JSON, parsed; undefined when there is none or it is not JSON. */
export function parseCheckpoint(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Where the latest checkpoint is kept: app storage (KVS), which SQL access does not reach. */
const KVS_KEY = 'seal-checkpoint';

/**
 * The latest checkpoint, from KVS, checked against the signing key. The copy in seal_state is for
 * readers and exports; this one is what verification trusts, so restoring an older checkpoint in SQL
 * (to hide records removed since) does not work either. Undefined before the first one is signed.
 */
export async function readCheckpoint(key: KeyObject): Promise<SignedCheckpoint | undefined> {
  return verifiedCheckpoint(await kvs.get<unknown>(KVS_KEY), publicKeyText(key));
}

/**
 * Signs and stores a checkpoint: in KVS, then its public copy and the public key in seal_state. Only
 * the holder of the seal lock calls this (sealing, and retention while it takes the lock), so checkpoints
 * have one writer at a time and none overwrites a newer one.
 */
export async function storeCheckpoint(
  target: Store,
  key: KeyObject,
  body: Omit<Checkpoint, 'v' | 'time'>,
): Promise<SignedCheckpoint> {
  const signed = signCheckpoint(key, { v: 1, ...body, time: new Date().toISOString() });
  await kvs.set(KVS_KEY, signed);
  await target.db
    .updateTable('seal_state')
    .set({ checkpoint: JSON.stringify(signed), public_key: publicKeyText(key) })
    .where('name', '=', NAME)
    .execute();
  return signed;
}

/** Where the chain stands before the first checkpoint: nothing sealed, nothing pruned. */
export const NO_CHECKPOINT: Omit<Checkpoint, 'v' | 'time'> = {
  seq: 0,
  hash: GENESIS_HASH,
  prunedSeq: 0,
  prunedHash: GENESIS_HASH,
};
