import { decodeBlock, encodeBlock } from '../../src/archive/block-codec';
import {
  insertBlock,
  listAllBlocks,
  readBlooms,
  readPayloads,
  rewriteBlock,
  setBlockState,
  type BlockMeta,
  type NewBlock,
} from '../../src/archive/block-store';
import { summarise } from '../../src/archive/block-summary';
import { packArchive, type PackResult } from '../../src/packing/pack-archive';
import { headerOf, signBlock } from '../../src/seal/block-seal';
import { readSigningKey } from '../../src/seal/signing-key';
import type { Store } from '../../src/store/database';
import type { AuditEventTable } from '../../src/store/tables';
import type { Insertable, Selectable } from 'kysely';
import { farDeadline } from '../seal/seal-support';

/** A block as stored, with its bytes: what a test saves and writes back. */
export interface StoredBlock {
  readonly meta: BlockMeta;
  readonly payload: Buffer;
  readonly bloom: Buffer;
}

/** Packs full blocks of `blockRecords` at once; the next run settles them. */
export function pack(target: Store, blockRecords: number): Promise<PackResult> {
  return packArchive(target, {
    deadlineMs: farDeadline(),
    blockRecords,
    settleMs: 0,
    maxLiveAgeMs: Number.MAX_SAFE_INTEGER,
  });
}

export async function storedBlocks(target: Store): Promise<StoredBlock[]> {
  const metas = await listAllBlocks(target);
  const [payloads, blooms] = await Promise.all([readPayloads(target, metas), readBlooms(target, metas)]);
  return metas.map((meta) => ({
    meta,
    payload: payloads.get(meta.blockId)!,
    bloom: blooms.get(meta.blockId)!,
  }));
}

/** The block as `insertBlock` and `rewriteBlock` take it, with `change` applied. */
export function newBlock(block: StoredBlock, change: Partial<NewBlock> = {}): NewBlock {
  const { state: _state, stateMs: _stateMs, payloadBytes: _bytes, ...fields } = block.meta;
  return { ...fields, payload: block.payload, bloom: block.bloom, ...change };
}

/** Puts the archive back exactly as saved: every block, its bytes and its state. */
export async function restoreBlocks(target: Store, blocks: readonly StoredBlock[]): Promise<void> {
  await target.db.deleteFrom('archive_block').execute();
  for (const block of blocks) {
    await insertBlock(target, newBlock(block), block.meta.stateMs);
    await setBlockState(target, block.meta.blockId, block.meta.state, block.meta.stateMs);
  }
}

/** The bytes with one bit of the byte in the middle flipped. */
export function flipped(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  out[out.length >> 1]! ^= 1;
  return out;
}

/**
 * Removes records from a block as retention does where a block mixes ages: each leaves a tombstone, the
 * last of each run (and the block's last seq) keeping its chain hash, and the block is re-summarised and
 * re-signed with the app's key.
 */
export async function removeFromBlock(
  target: Store,
  block: StoredBlock,
  seqs: readonly number[],
  hashOf: (seq: number) => string,
): Promise<void> {
  const first = block.meta.blockId;
  const content = decodeBlock(block.payload);
  const gone = new Set(seqs);
  const records = content.records.map((record, i) => (gone.has(first + i) ? undefined : record));
  const tombstones = new Map(content.tombstones);
  for (const seq of seqs)
    tombstones.set(seq - first, gone.has(seq + 1) && seq < block.meta.seqTo ? '' : hashOf(seq));
  const erasedDigests = new Map([...content.erasedDigests].filter(([i]) => records[i] !== undefined));
  const summary = summarise(records);
  const times = records.flatMap((r) => (r ? [r.time_ms] : []));
  const fields = {
    ...newBlock(block),
    recordCount: times.length,
    removed: block.meta.removed + seqs.length,
    timeMin: Math.min(...times),
    timeMax: Math.max(...times),
    spans: summary.spans,
    termsDigest: summary.termsDigest,
  };
  const signer = (await readSigningKey())!;
  await rewriteBlock(target, {
    ...fields,
    signature: signBlock(signer, headerOf(fields, summary.bloom)),
    payload: encodeBlock({ records, erasedDigests, tombstones }),
    bloom: summary.bloom,
  });
}

/** The live table's rows, to put back with `restoreLive`. */
export function liveRows(target: Store): Promise<Selectable<AuditEventTable>[]> {
  return target.db.selectFrom('audit_event').selectAll().execute();
}

/** Puts the live table back as saved (Forge SQL gives BIGINTs as strings: written back as numbers). */
export async function restoreLive(
  target: Store,
  rows: readonly Selectable<AuditEventTable>[],
): Promise<void> {
  await target.db.deleteFrom('audit_event').execute();
  for (const row of rows) {
    const values: Insertable<AuditEventTable> = {
      ...row,
      time_ms: Number(row.time_ms),
      received_ms: Number(row.received_ms),
      seq: row.seq === null ? null : Number(row.seq),
    };
    await target.db.insertInto('audit_event').values(values).execute();
  }
}
