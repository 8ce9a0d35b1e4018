import type { BlockOpener } from '../archive/archive-scan';
import {
  archivedThrough,
  blockAtOrAfter,
  readBlooms,
  readPayloads,
  type BlockMeta,
} from '../archive/block-store';
import type { AuditEventRow } from '../store/audit-event-row';
import type { Store } from '../store/database';
import { rowsWithinBytes } from '../store/rows-within-bytes';
import { openSealedBlock, type BlockKeys, type SealedBlock } from './block-seal';
import { readCheckpoint } from './checkpoint';
import { readErasures } from './erasure-store';
import { readInstallationKey } from './installation-key';
import { toSealedRecord, type SealedRecord } from './sealed-record';
import { publicKeyText, readSigningKey } from './signing-key';

export interface ReadSealedOptions {
  /**
   * Stop before the record that would take the rows' estimated size in a SQL answer past this many
   * bytes (the first record always comes): for a caller that sends only so much at a time.
   */
  readonly maxBytes?: number;
  /**
   * Read no seq past this one: a caller that goes block by block (verification) opens, and so
   * decompresses and checks, only the block it asked for.
   */
  readonly throughSeq?: number;
}

/**
 * Sealed records after `afterSeq`, in seq order, at most `limit`: what forwarding, the pull API and
 * verification page through. Only published seqs (up to the head) are returned, never rows a running or
 * interrupted seal has stamped but not yet published, so a reader never sees a seq that could still
 * change.
 */
export async function readSealed(
  target: Store,
  afterSeq: number,
  limit: number,
  options: ReadSealedOptions = {},
): Promise<SealedRecord[]> {
  const rows = await readSealedRows(target, afterSeq, limit, options);
  if (rows.length === 0) return [];
  const key = await readInstallationKey();
  if (!key) console.error('seal: the installation key is missing from KVS; records carry no opening keys');
  const erasures = await readErasures(
    target,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toSealedRecord(row, key, erasures.get(row.id)));
}

/** The stored rows `readSealed` makes its records from: what verification also checks column by column. */
export async function readSealedRows(
  target: Store,
  afterSeq: number,
  limit: number,
  options: ReadSealedOptions = {},
): Promise<AuditEventRow[]> {
  return (await readSealedStretch(target, afterSeq, limit, options)).rows;
}

/**
 * A stretch of the chain: its rows, and the seqs retention removed inside it, each with its chain hash
 * where its block kept it (the last of each run: the hash the chain continues from), else ''.
 */
export interface SealedStretch {
  readonly rows: AuditEventRow[];
  readonly removed: ReadonlyMap<number, string>;
}

/**
 * Rows after `afterSeq` from both tiers: archive blocks (each checked against its signature and read back
 * as the sealed rows it was packed from: src/seal/block-seal.ts) up to the last archived seq, then live
 * rows. A live row at or below that seq is an archived record whose row has not been deleted yet: skipped.
 *
 * Live rows are read in byte-bounded groups (`rowsWithinBytes`): one SELECT's answer is capped at 4 MiB
 * (FD:limits-sql), and a record with fifty long changed values is a hundred times the usual one.
 */
export async function readSealedStretch(
  target: Store,
  afterSeq: number,
  limit: number,
  options: ReadSealedOptions = {},
): Promise<SealedStretch> {
  const through = await archivedThrough(target);
  const until = options.throughSeq ?? Number.POSITIVE_INFINITY;
  const rows: AuditEventRow[] = [];
  const removed = new Map<number, string>();
  let after = afterSeq;
  let bytes = 0;
  let keys: BlockKeys | undefined;
  let full = false;
  while (after < Math.min(through, until) && !full && rows.length < limit) {
    const meta = await blockAtOrAfter(target, after + 1);
    if (!meta || meta.blockId > until) break;
    keys ??= await blockKeys();
    const [payloads, blooms] = await Promise.all([readPayloads(target, [meta]), readBlooms(target, [meta])]);
    const payload = payloads.get(meta.blockId);
    const bloom = blooms.get(meta.blockId);
    // Gone between listing and reading (retention dropped it): the next block, or the live rows, follow.
    if (!payload || !bloom) continue;
    const block = openSealedBlock(meta, payload, bloom, keys);
    let last = Math.min(meta.seqTo, until);
    for (const row of block.rows) {
      const seq = Number(row.seq);
      if (seq <= after) continue;
      if (seq > until) break;
      const size = Buffer.byteLength(JSON.stringify(row));
      if (
        rows.length >= limit ||
        (options.maxBytes !== undefined && rows.length > 0 && bytes + size > options.maxBytes)
      ) {
        full = true;
        last = seq - 1;
        break;
      }
      rows.push(row);
      bytes += size;
    }
    for (const [seq, hash] of block.removed) if (seq > after && seq <= last) removed.set(seq, hash);
    after = last;
  }
  if (full || rows.length >= limit || through >= until) return { rows, removed };
  const live = await rowsWithinBytes(
    target,
    (size) =>
      target.db
        .selectFrom('audit_event')
        .select(['id', size])
        .where('seq', '>', Math.max(after, through))
        .where('seq', '<=', (eb) => eb.selectFrom('seal_state').select('last_seq').where('name', '=', 'seal'))
        .$if(options.throughSeq !== undefined, (query) => query.where('seq', '<=', until))
        .orderBy('seq')
        .limit(limit - rows.length),
    options.maxBytes === undefined ? {} : { totalBytes: Math.max(1, options.maxBytes - bytes) },
  );
  return { rows: [...rows, ...live], removed };
}

/** The keys a block is checked and read back with; a missing one is an error, not a silent skip. */
export async function blockKeys(): Promise<BlockKeys> {
  const [installation, signer] = await Promise.all([readInstallationKey(), readSigningKey()]);
  if (!installation || !signer)
    throw new Error(
      'seal: the installation or signing key is missing from Forge storage; archived records cannot be read back',
    );
  const checkpoint = await readCheckpoint(signer);
  return {
    installation,
    signer,
    signedFromSeq: checkpoint?.signedFromSeq ?? 1,
    publicKey: publicKeyText(signer),
  };
}

/**
 * How a scan reads archived records when they leave with their seal (exports): each block checked and
 * read back as sealed rows, as `readSealed` does. Keys are read once per scan.
 */
export function sealedBlockOpener(target: Store): BlockOpener {
  let keys: Promise<BlockKeys> | undefined;
  return async (meta, payload) => {
    keys ??= blockKeys();
    const bloom = (await readBlooms(target, [meta])).get(meta.blockId);
    if (!bloom) return [];
    return openSealedBlock(meta, payload, bloom, await keys).rows;
  };
}

/** One block read back and checked (throws `BlockAltered`); undefined when it is gone (dropped meanwhile). */
export async function readSealedBlock(
  target: Store,
  meta: BlockMeta,
  keys: BlockKeys,
): Promise<SealedBlock | undefined> {
  const [payloads, blooms] = await Promise.all([readPayloads(target, [meta]), readBlooms(target, [meta])]);
  const payload = payloads.get(meta.blockId);
  const bloom = blooms.get(meta.blockId);
  return payload && bloom ? openSealedBlock(meta, payload, bloom, keys) : undefined;
}
