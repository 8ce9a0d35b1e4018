import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { decodeBlock, type BlockContent } from '../archive/block-codec';
import type { BlockMeta } from '../archive/block-store';
import { rowOf } from '../archive/block-rows';
import { summarise } from '../archive/block-summary';
import { canonicalJson } from '../record/record-id';
import { fromRow, type AuditEventRow } from '../store/audit-event-row';
import { chainHash } from './chain-hash';
import { digestsOf, type FieldDigests } from './field-digest';
import { signRecord } from './record-signature';

/**
 * What a block's one signature covers: its place in the chain (first and last seq, the hash before and
 * after), how many records it still holds and how many retention removed, and digests of its summaries.
 * The per-record hashes are not stored: they are recomputed from the records and the anchor, and must
 * arrive at the signed `hash`; so an edited record, a block moved or swapped, or a summary changed to hide
 * a block from a filter, all fail here.
 */
export interface BlockHeader {
  readonly v: 1;
  readonly first: number;
  readonly last: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly records: number;
  readonly removed: number;
  readonly timeMin: number;
  readonly timeMax: number;
  readonly spans: readonly (readonly [number, number])[];
  readonly bloom: string;
  readonly terms: string;
}

/** Why a block cannot be trusted, and the first seq it holds (what verification reports). */
export class BlockAltered extends Error {
  constructor(
    readonly seq: number,
    message: string,
  ) {
    super(message);
  }
}

export function headerOf(
  meta: Omit<BlockMeta, 'state' | 'stateMs' | 'payloadBytes' | 'signature'>,
  bloom: Uint8Array,
): BlockHeader {
  return {
    v: 1,
    first: meta.blockId,
    last: meta.seqTo,
    prevHash: meta.prevHash,
    hash: meta.hash,
    records: meta.recordCount,
    removed: meta.removed,
    timeMin: meta.timeMin,
    timeMax: meta.timeMax,
    spans: meta.spans,
    bloom: createHash('sha256').update(bloom).digest('hex'),
    terms: meta.termsDigest,
  };
}

/** Signed text starts with its purpose, so a block's signature never passes for a record's or a checkpoint's. */
function message(header: BlockHeader): Buffer {
  return Buffer.from(`audit-trail block ${canonicalJson(header)}`);
}

export function signBlock(key: KeyObject, header: BlockHeader): string {
  return sign(null, message(header), key).toString('base64');
}

export function blockSignatureValid(publicKey: string, header: BlockHeader, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, message(header), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The keys reading a block back as sealed rows needs. */
export interface BlockKeys {
  /** The installation key: recomputes the digests of values still present. */
  readonly installation: Buffer;
  /** The signing key and the seq from which records carry signatures: each record's signature is re-made. */
  readonly signer?: KeyObject;
  readonly signedFromSeq: number;
  readonly publicKey: string;
}

/** A block read back as sealed rows, with the hashes of the records retention removed from it. */
export interface SealedBlock {
  readonly rows: AuditEventRow[];
  /**
   * Seq → chain hash of each record retention removed: kept for the last of each run (where the chain
   * continues from), '' for the others.
   */
  readonly removed: Map<number, string>;
  readonly content: BlockContent;
}

/**
 * Reads a block back as the sealed rows it was packed from — hashes, links, digests and signatures
 * recomputed — after checking it: its signature over its header, its summaries against its records, and
 * its records' chain from the signed anchor to the signed hash. Ed25519 signatures are deterministic
 * (RFC 8032), so a re-made signature is byte for byte the one the record had; and since the block checked
 * out first, the app never signs a record it did not seal. Throws `BlockAltered` otherwise.
 */
export function openSealedBlock(
  meta: BlockMeta,
  payload: Uint8Array,
  bloom: Uint8Array,
  keys: BlockKeys,
): SealedBlock {
  const first = meta.blockId;
  if (!blockSignatureValid(keys.publicKey, headerOf(meta, bloom), meta.signature))
    throw new BlockAltered(
      first,
      `seqs ${first}–${meta.seqTo}: the block's header or summary is not what the app signed`,
    );
  let content: BlockContent;
  try {
    content = decodeBlock(payload);
  } catch {
    throw new BlockAltered(
      first,
      `seqs ${first}–${meta.seqTo}: the block's payload cannot be read: it was altered`,
    );
  }
  if (content.records.length !== meta.seqTo - first + 1)
    throw new BlockAltered(
      first,
      `seqs ${first}–${meta.seqTo}: the block holds ${content.records.length} records`,
    );
  const summary = summarise(content.records);
  if (
    summary.termsDigest !== meta.termsDigest ||
    !Buffer.from(bloom).equals(summary.bloom) ||
    !isDeepStrictEqual(summary.spans, meta.spans)
  )
    throw new BlockAltered(
      first,
      `seqs ${first}–${meta.seqTo}: the block's summary does not describe its records`,
    );
  const rows: AuditEventRow[] = [];
  const removed = new Map<number, string>();
  let prev = meta.prevHash;
  content.records.forEach((record, i) => {
    const seq = first + i;
    if (record === undefined) {
      const hash = content.tombstones.get(i) ?? '';
      removed.set(seq, hash);
      if (hash) prev = hash;
      return;
    }
    const row = rowOf(record, seq);
    const audit = fromRow(row);
    const digests: FieldDigests = content.erasedDigests.get(i) ?? digestsOf(keys.installation, audit);
    const hash = chainHash(prev, audit, seq, digests);
    rows.push({
      ...row,
      hash,
      prev_hash: prev,
      seal_digests: JSON.stringify(digests),
      seal_signature: keys.signer && seq >= keys.signedFromSeq ? signRecord(keys.signer, seq, hash) : null,
    });
    prev = hash;
  });
  if (prev !== meta.hash)
    throw new BlockAltered(
      first,
      `seqs ${first}–${meta.seqTo}: the block's records do not chain to its signed hash: a record was altered`,
    );
  return { rows, removed, content };
}
