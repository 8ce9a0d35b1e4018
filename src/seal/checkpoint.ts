import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../record/record-id';
import { kvs } from '@forge/kvs';
import type { Store } from '../store/database';
import { GENESIS_HASH } from './chain-hash';
import { erasureTallyOf, NO_ERASURES, type ErasureTally } from './erasure-tally';
import { publicKeyText } from './signing-key';

/**
 * What sealing vouches for, signed with the installation's Ed25519 key: the chain reached `seq` with
 * `hash`; the records up to `prunedSeq` (the last of them hashing to `prunedHash`) were removed by
 * retention on purpose; every record from `signedFromSeq` on carries its own signature (record-signature.ts);
 * and the app has written exactly the erasure entries `erasures` sums up. Verification checks the stored
 * chain against the latest one: recomputing the chain, cutting its head, removing a prefix, nulling a
 * record's signature or deleting an erasure entry cannot produce a matching signature.
 */
export interface Checkpoint {
  readonly v: 2;
  readonly seq: number;
  readonly hash: string;
  readonly prunedSeq: number;
  readonly prunedHash: string;
  /**
   * The first seq sealed with a per-record signature: 1 on an installation that had them from the start,
   * else the first seq sealed after they came. Records before it are reported as not signed, not as
   * tampered; from it on a missing signature is tampering. Signed, so nulling signatures cannot move it.
   */
  readonly signedFromSeq: number;
  readonly erasures: ErasureTally;
  /** ISO-8601 UTC: when it was signed. */
  readonly time: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** Ed25519 over the canonical JSON of the other fields, base64. */
  readonly signature: string;
}

const NAME = 'seal';

export function signCheckpoint(key: KeyObject, checkpoint: Checkpoint): SignedCheckpoint {
  const body = bodyOf(checkpoint);
  return { ...body, signature: sign(null, Buffer.from(canonicalJson(body)), key).toString('base64') };
}

/** The signed fields, and nothing else a stored copy might carry. */
function bodyOf(c: Checkpoint): Checkpoint {
  const { v, seq, hash, prunedSeq, prunedHash, signedFromSeq, erasures, time } = c;
  return { v, seq, hash, prunedSeq, prunedHash, signedFromSeq, erasures, time };
}

/** The checkpoint if `value` is one signed by `publicKey` (SPKI DER, base64), else undefined. */
export function verifiedCheckpoint(value: unknown, publicKey: string): SignedCheckpoint | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const c = value as Record<string, unknown>;
  const hex = (x: unknown) => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x);
  const seq = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (c.v !== 2 || !seq(c.seq) || !seq(c.prunedSeq) || !hex(c.hash) || !hex(c.prunedHash)) return undefined;
  if (!seq(c.signedFromSeq) || (c.signedFromSeq as number) < 1) return undefined;
  const erasures = erasureTallyOf(c.erasures);
  if (!erasures || typeof c.time !== 'string' || typeof c.signature !== 'string') return undefined;
  const body = bodyOf({ ...(c as unknown as Checkpoint), erasures });
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

/** What a writer of checkpoints says; the version and time are added when it is signed. */
export type CheckpointBody = Omit<Checkpoint, 'v' | 'time'>;

/**
 * Signs and stores a checkpoint: in KVS, then its public copy and the public key in seal_state. Only
 * the holder of the seal lock calls this (sealing, retention and erasure, each while it holds the lock),
 * so checkpoints have one writer at a time and none overwrites a newer one.
 */
export async function storeCheckpoint(
  target: Store,
  key: KeyObject,
  body: CheckpointBody,
): Promise<SignedCheckpoint> {
  const signed = signCheckpoint(key, { v: 2, ...body, time: new Date().toISOString() });
  await kvs.set(KVS_KEY, signed);
  await target.db
    .updateTable('seal_state')
    .set({ checkpoint: JSON.stringify(signed), public_key: publicKeyText(key) })
    .where('name', '=', NAME)
    .execute();
  return signed;
}

/**
 * Where the chain stands before the first checkpoint: nothing sealed, nothing pruned, no erasures, and
 * signatures on every record from the next one sealed (`headSeq + 1`: records sealed before per-record
 * signatures existed have none).
 */
export function firstCheckpoint(headSeq: number): CheckpointBody {
  return {
    seq: 0,
    hash: GENESIS_HASH,
    prunedSeq: 0,
    prunedHash: GENESIS_HASH,
    signedFromSeq: headSeq + 1,
    erasures: NO_ERASURES,
  };
}
