import { randomUUID, type KeyObject } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { blockRecordOf, decodeBlock, encodeBlock, type BlockContent } from '../archive/block-codec';
import {
  deleteBlock,
  indexBlock,
  insertBlock,
  listAllBlocks,
  readPayloads,
  setBlockState,
  type BlockMeta,
  type NewBlock,
} from '../archive/block-store';
import { summarise } from '../archive/block-summary';
import { archiveLimits } from '../limits';
import { headerOf, signBlock } from '../seal/block-seal';
import { GENESIS_HASH } from '../seal/chain-hash';
import { readCheckpoint, type SignedCheckpoint } from '../seal/checkpoint';
import { readErasures } from '../seal/erasure-store';
import { digestsOf } from '../seal/field-digest';
import { readInstallationKey } from '../seal/installation-key';
import { parseDigests, toSealedRecord } from '../seal/sealed-record';
import { extendSealLock, readSealState, sealLease } from '../seal/seal-state';
import { publicKeyText, readSigningKey } from '../seal/signing-key';
import { verifyChain } from '../seal/verify-chain';
import { fromRow, type AuditEventRow } from '../store/audit-event-row';
import type { Store } from '../store/database';
import { acquireLease, releaseLease } from '../store/lease';
import { rowsWithinBytes } from '../store/rows-within-bytes';

export interface PackOptions {
  /** Epoch ms: no block is started after this. */
  readonly deadlineMs: number;
  readonly now?: () => number;
  /** Records per block; default `archiveLimits.blockRecords` (tests make it small). */
  readonly blockRecords?: number;
  readonly maxLiveAgeMs?: number;
  readonly settleMs?: number;
  /** Default `archiveLimits.liveWindowMs`. */
  readonly liveWindowMs?: number;
}

export interface PackResult {
  /** Blocks written and indexed by this call. */
  readonly packed: number;
  readonly records: number;
  /** Blocks whose live rows this call deleted. */
  readonly settled: number;
  /** The seal lock was held by another run: nothing was done. */
  readonly busy?: true;
  /** Packing stopped because live rows do not verify: they are left for chain.verify to report. */
  readonly refused?: string;
}

const LOCK_MS = 120_000;

/**
 * Moves sealed records from the live table into archive blocks, oldest first, in seq order:
 *
 * 1. **Settle**: an indexed block's live rows are deleted once every reader that could have listed the
 *    blocks before it was indexed has finished (`settleMs`); until then readers skip them.
 * 2. **Recover**: a block a crashed run wrote but did not index is read back against its live rows (still
 *    there) and indexed, or removed to be packed again.
 * 3. **Pack**: the next full block of sealed rows (or, once the oldest waited `maxLiveAgeMs`, whatever there
 *    is) is verified as a stretch of the chain — a row edited in SQL must not be laundered into a freshly
 *    signed block — encoded, summarised, signed, written, read back and compared, and only then indexed.
 *
 * A crash at any point leaves every record in exactly one place for readers: an unindexed block is
 * invisible, an indexed block hides its live rows, and rows are deleted only after that. Runs under the
 * seal lock, so sealing, retention and pseudonymisation never see a block change under them.
 */
export async function packArchive(target: Store, options: PackOptions): Promise<PackResult> {
  const now = options.now ?? Date.now;
  const owner = `pack-${randomUUID()}`;
  if (!(await acquireLease(target, sealLease(target), owner, now(), LOCK_MS)).acquired)
    return { packed: 0, records: 0, settled: 0, busy: true };
  try {
    return await packWhileLocked(target, owner, options, now);
  } finally {
    await releaseLease(target, sealLease(target), owner).catch((error: unknown) => {
      console.warn(`pack: could not release the seal lock, it lapses by itself: ${String(error)}`);
    });
  }
}

interface Keys {
  readonly installation: Buffer;
  readonly signer: KeyObject;
  readonly publicKey: string;
  readonly checkpoint: SignedCheckpoint;
}

async function packWhileLocked(
  target: Store,
  owner: string,
  options: PackOptions,
  now: () => number,
): Promise<PackResult> {
  const blockRecords = options.blockRecords ?? archiveLimits.blockRecords;
  const blocks = await allBlocks(target);
  const settled = await settle(target, blocks, now() - (options.settleMs ?? archiveLimits.settleMs), now);
  const installation = await readInstallationKey();
  const signer = await readSigningKey();
  const checkpoint = signer && (await readCheckpoint(signer));
  if (!installation || !signer || !checkpoint) return { packed: 0, records: 0, settled };
  const keys: Keys = { installation, signer, publicKey: publicKeyText(signer), checkpoint };
  const standing: BlockMeta[] = [];
  for (const block of blocks)
    if (block.state !== 'written' || (await recover(target, block, now))) standing.push(block);

  let packed = 0;
  let records = 0;
  // Packing goes on after the last block that stands: one recovery removed is packed again, never skipped.
  let last = standing[standing.length - 1];
  while (now() < options.deadlineMs) {
    const state = await readSealState(target);
    if (!state) break;
    const afterSeq = last ? last.seqTo : Math.max(state.prunedSeq, await firstLiveSeq(target));
    const fetched = await liveSealedRows(target, afterSeq, state.head.seq, blockRecords);
    // Only records past the live window: a re-delivered event must still meet its first copy live.
    const windowStart = now() - (options.liveWindowMs ?? archiveLimits.liveWindowMs);
    const young = fetched.findIndex((r) => Number(r.received_ms) >= windowStart);
    const rows = young < 0 ? fetched : fetched.slice(0, young);
    if (rows.length === 0) break;
    const oldest = Math.min(...rows.map((r) => Number(r.received_ms)));
    if (rows.length < blockRecords && oldest > now() - (options.maxLiveAgeMs ?? archiveLimits.maxLiveAgeMs))
      break;
    const anchor = last
      ? { seq: last.seqTo, hash: last.hash }
      : anchorAt(afterSeq, keys.checkpoint, rows[0]!);
    const problem = await verifyStretch(target, rows, anchor, keys);
    if (problem) {
      console.error(`pack: ${problem}; nothing more is packed until chain.verify finds it resolved`);
      return { packed, records, settled, refused: problem };
    }
    const block = await packBlock(target, rows, anchor.hash, keys, now());
    if (!block) break;
    if (!(await extendSealLock(target, owner, LOCK_MS))) break;
    last = block;
    packed += 1;
    records += block.recordCount;
  }
  return { packed, records, settled };
}

async function allBlocks(target: Store): Promise<BlockMeta[]> {
  const out: BlockMeta[] = [];
  for (;;) {
    const page = await listAllBlocks(target, out.length ? out[out.length - 1]!.blockId : -1);
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

/** Deletes the live rows of blocks indexed long enough ago. */
async function settle(
  target: Store,
  blocks: readonly BlockMeta[],
  before: number,
  now: () => number,
): Promise<number> {
  let count = 0;
  for (const block of blocks) {
    if (block.state !== 'indexed' || block.stateMs > before) continue;
    await target.db
      .deleteFrom('audit_event')
      .where('seq', '>=', block.blockId)
      .where('seq', '<=', block.seqTo)
      .execute();
    await setBlockState(target, block.blockId, 'settled', now());
    count += 1;
  }
  return count;
}

/**
 * A written, unindexed block: indexed if it holds exactly its live rows, else removed to be packed again.
 * Whether it stands.
 */
async function recover(target: Store, block: BlockMeta, now: () => number): Promise<boolean> {
  const rows = await liveSealedRows(target, block.blockId - 1, block.seqTo, block.seqTo - block.blockId + 1);
  const payload = (await readPayloads(target, [block])).get(block.blockId);
  let content: BlockContent | undefined;
  try {
    content = payload ? decodeBlock(payload) : undefined;
  } catch {
    content = undefined;
  }
  if (content && isDeepStrictEqual(content.records, rows.map(blockRecordOf))) {
    await indexBlock(target, block.blockId, summarise(content.records).termKeys);
    await setBlockState(target, block.blockId, 'indexed', now());
    return true;
  }
  console.warn(`pack: block ${block.blockId} was written by a run that stopped; it is packed again`);
  await deleteBlock(target, block.blockId);
  return false;
}

async function firstLiveSeq(target: Store): Promise<number> {
  const row = await target.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.min('seq').as('first'))
    .where('seq', 'is not', null)
    .executeTakeFirst();
  return row?.first === null || row?.first === undefined ? 0 : Number(row.first) - 1;
}

/** The anchor of the first block: the signed pruned prefix's, or the genesis. */
function anchorAt(
  afterSeq: number,
  checkpoint: SignedCheckpoint,
  first: AuditEventRow,
): { seq: number; hash: string } {
  if (afterSeq === 0) return { seq: 0, hash: GENESIS_HASH };
  if (afterSeq === checkpoint.prunedSeq) return { seq: afterSeq, hash: checkpoint.prunedHash };
  // Retention removed rows after the signed prefix and has not signed it yet: the row says where it links.
  return { seq: afterSeq, hash: first.prev_hash ?? '' };
}

/** Published sealed live rows after `afterSeq`, in seq order, at most `limit` and none past `headSeq`. */
function liveSealedRows(
  target: Store,
  afterSeq: number,
  headSeq: number,
  limit: number,
): Promise<AuditEventRow[]> {
  return rowsWithinBytes(target, (size) =>
    target.db
      .selectFrom('audit_event')
      .select(['id', size])
      .where('seq', '>', afterSeq)
      .where('seq', '<=', headSeq)
      .orderBy('seq')
      .limit(limit),
  );
}

/** Why the rows are not a verified stretch of the chain from `anchor`, if they are not. */
async function verifyStretch(
  target: Store,
  rows: readonly AuditEventRow[],
  anchor: { seq: number; hash: string },
  keys: Keys,
): Promise<string | undefined> {
  const erasures = await readErasures(
    target,
    rows.map((r) => r.id),
  );
  const report = verifyChain(
    rows.map((row) => toSealedRecord(row, keys.installation, erasures.get(row.id))),
    { after: anchor, publicKey: keys.publicKey, signedFromSeq: keys.checkpoint.signedFromSeq },
  );
  return report.ok
    ? undefined
    : `the live rows do not verify at seq ${report.firstBadSeq}: ${report.problem?.message}`;
}

/**
 * Writes one block of `rows` (fewer when their bytes would not fit one request: the block is cut),
 * reads it back, and indexes it. Undefined when the read-back differs (the block is removed again).
 */
async function packBlock(
  target: Store,
  all: readonly AuditEventRow[],
  prevHash: string,
  keys: Keys,
  nowMs: number,
): Promise<BlockMeta | undefined> {
  let rows = all;
  for (;;) {
    const content = contentOf(rows, keys.installation);
    const payload = encodeBlock(content);
    const summary = summarise(content.records);
    if (payload.byteLength + summary.bloom.byteLength > archiveLimits.blockBytes && rows.length > 1) {
      rows = rows.slice(0, Math.ceil(rows.length / 2));
      continue;
    }
    const times = rows.map((r) => Number(r.time_ms));
    const fields = {
      blockId: Number(rows[0]!.seq),
      seqTo: Number(rows[rows.length - 1]!.seq),
      recordCount: rows.length,
      removed: 0,
      timeMin: Math.min(...times),
      timeMax: Math.max(...times),
      spans: summary.spans,
      prevHash,
      hash: rows[rows.length - 1]!.hash ?? '',
      termsDigest: summary.termsDigest,
    };
    const block: NewBlock = {
      ...fields,
      signature: signBlock(keys.signer, headerOf(fields, summary.bloom)),
      payload,
      bloom: summary.bloom,
    };
    await insertBlock(target, block, nowMs);
    const stored = (
      await readPayloads(target, [{ blockId: block.blockId, payloadBytes: payload.byteLength }])
    ).get(block.blockId);
    if (!stored || !stored.equals(payload)) {
      console.error(`pack: block ${block.blockId} did not read back as written; removed, to be packed again`);
      await deleteBlock(target, block.blockId);
      return undefined;
    }
    await indexBlock(target, block.blockId, summary.termKeys);
    await setBlockState(target, block.blockId, 'indexed', nowMs);
    return { ...block, state: 'indexed', stateMs: nowMs, payloadBytes: payload.byteLength };
  }
}

/** The rows as block content: their block columns, and the stored digests that no longer recompute (erased values). */
function contentOf(rows: readonly AuditEventRow[], installation: Buffer): BlockContent {
  const erasedDigests = new Map<number, Record<string, string>>();
  rows.forEach((row, i) => {
    const stored = parseDigests(row.seal_digests);
    if (!isDeepStrictEqual(stored, digestsOf(installation, fromRow(row))))
      erasedDigests.set(i, { ...stored });
  });
  return { records: rows.map(blockRecordOf), erasedDigests, tombstones: new Map() };
}
