import { sql } from 'kysely';
import { blobIn, blobOut, bytesOf } from '../store/blob-column';
import { archiveLimits } from '../limits';
import type { Store } from '../store/database';
import { isDuplicateKey } from '../store/sql-errors';
import { insertedValue, upsert } from '../store/upsert';
import type { TimeSpan } from './block-summary';

/** A block as stored, without its payload and bloom: what listing and choosing blocks read. */
export interface BlockMeta {
  readonly blockId: number;
  readonly seqTo: number;
  readonly recordCount: number;
  readonly removed: number;
  readonly timeMin: number;
  readonly timeMax: number;
  readonly spans: readonly TimeSpan[];
  readonly prevHash: string;
  readonly hash: string;
  readonly termsDigest: string;
  readonly signature: string;
  readonly state: BlockState;
  readonly stateMs: number;
  readonly payloadBytes: number;
}

export type BlockState = 'written' | 'indexed' | 'settled';

/** A block to store: its header fields and its bytes. */
export interface NewBlock extends Omit<BlockMeta, 'state' | 'stateMs' | 'payloadBytes'> {
  readonly payload: Buffer;
  readonly bloom: Buffer;
}

export async function insertBlock(
  target: Store,
  block: NewBlock,
  nowMs: number,
): Promise<'inserted' | 'duplicate'> {
  try {
    await target.db
      .insertInto('archive_block')
      .values({
        block_id: block.blockId,
        seq_to: block.seqTo,
        record_count: block.recordCount,
        removed: block.removed,
        time_min: block.timeMin,
        time_max: block.timeMax,
        spans: JSON.stringify(block.spans),
        prev_hash: block.prevHash,
        hash: block.hash,
        payload: blobIn(target, block.payload),
        bloom: blobIn(target, block.bloom),
        terms_digest: block.termsDigest,
        signature: block.signature,
        state: 'written',
        state_ms: nowMs,
      })
      .execute();
    return 'inserted';
  } catch (error) {
    if (isDuplicateKey(error)) return 'duplicate';
    throw error;
  }
}

/** Replaces a block's content (retention, pseudonymisation): the same seqs, new bytes and a new signature. */
export async function rewriteBlock(target: Store, block: NewBlock): Promise<void> {
  await target.db
    .updateTable('archive_block')
    .set({
      record_count: block.recordCount,
      removed: block.removed,
      time_min: block.timeMin,
      time_max: block.timeMax,
      spans: JSON.stringify(block.spans),
      payload: blobIn(target, block.payload),
      bloom: blobIn(target, block.bloom),
      terms_digest: block.termsDigest,
      signature: block.signature,
    })
    .where('block_id', '=', block.blockId)
    .execute();
}

export async function setBlockState(
  target: Store,
  blockId: number,
  state: BlockState,
  nowMs: number,
): Promise<void> {
  await target.db
    .updateTable('archive_block')
    .set({ state, state_ms: nowMs })
    .where('block_id', '=', blockId)
    .execute();
}

export async function deleteBlock(target: Store, blockId: number): Promise<void> {
  await target.db.deleteFrom('archive_block').where('block_id', '=', blockId).execute();
}

const META_COLUMNS = [
  'block_id',
  'seq_to',
  'record_count',
  'removed',
  'time_min',
  'time_max',
  'spans',
  'prev_hash',
  'hash',
  'terms_digest',
  'signature',
  'state',
  'state_ms',
] as const;

type MetaRow = { [K in (typeof META_COLUMNS)[number]]: unknown } & { payload_bytes: unknown };

function metaOf(row: MetaRow): BlockMeta {
  let spans: TimeSpan[];
  try {
    spans = JSON.parse(String(row.spans)) as TimeSpan[];
  } catch {
    // A damaged spans column leaves the block without time pruning; verification reports the damage.
    spans = [[Number(row.time_min), Number(row.time_max)]];
  }
  return {
    blockId: Number(row.block_id),
    seqTo: Number(row.seq_to),
    recordCount: Number(row.record_count),
    removed: Number(row.removed),
    timeMin: Number(row.time_min),
    timeMax: Number(row.time_max),
    spans,
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
    termsDigest: String(row.terms_digest),
    signature: String(row.signature),
    state: String(row.state) as BlockState,
    stateMs: Number(row.state_ms),
    payloadBytes: Number(row.payload_bytes),
  };
}

function metaQuery(target: Store) {
  return target.db
    .selectFrom('archive_block')
    .select([...META_COLUMNS, sql<number>`octet_length(payload) + octet_length(bloom)`.as('payload_bytes')]);
}

/** Blocks readers use (indexed or settled), in seq order, optionally only those that may hold times in [from, to]. */
export async function listBlocks(
  target: Store,
  range: { readonly from?: number; readonly to?: number } = {},
): Promise<BlockMeta[]> {
  let query = metaQuery(target).where('state', 'in', ['indexed', 'settled']);
  if (range.to !== undefined) query = query.where('time_min', '<=', range.to);
  if (range.from !== undefined) query = query.where('time_max', '>=', range.from);
  return (await query.orderBy('block_id').execute()).map((row) => metaOf(row as MetaRow));
}

/** Blocks readers use that hold seqs in (after, through], in seq order. */
export async function listBlocksBySeq(target: Store, after: number, through: number): Promise<BlockMeta[]> {
  const rows = await metaQuery(target)
    .where('state', 'in', ['indexed', 'settled'])
    .where('seq_to', '>', after)
    .where('block_id', '<=', through)
    .orderBy('block_id')
    .execute();
  return rows.map((row) => metaOf(row as MetaRow));
}

/** Every block in any state, in seq order: for packing's own bookkeeping and verification. */
export async function listAllBlocks(target: Store, afterBlockId = -1, limit = 1000): Promise<BlockMeta[]> {
  const rows = await metaQuery(target)
    .where('block_id', '>', afterBlockId)
    .orderBy('block_id')
    .limit(limit)
    .execute();
  return rows.map((row) => metaOf(row as MetaRow));
}

/**
 * Blocks readers use from which retention removed records (tombstones), newest first, before
 * `beforeBlockId`: what an unfiltered export reads to say which seqs are gone from inside the chain.
 */
export async function blocksWithRemovals(
  target: Store,
  beforeBlockId: number,
  limit: number,
): Promise<BlockMeta[]> {
  const rows = await metaQuery(target)
    .where('state', 'in', ['indexed', 'settled'])
    .where('removed', '>', 0)
    .where('block_id', '<', beforeBlockId)
    .orderBy('block_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => metaOf(row as MetaRow));
}

/** The block holding `seq`, or the first one after it when none does (retention dropped it). */
export async function blockAtOrAfter(target: Store, seq: number): Promise<BlockMeta | undefined> {
  const holding = await metaQuery(target)
    .where('state', 'in', ['indexed', 'settled'])
    .where('block_id', '<=', seq)
    .where('seq_to', '>=', seq)
    .executeTakeFirst();
  if (holding) return metaOf(holding as MetaRow);
  const next = await metaQuery(target)
    .where('state', 'in', ['indexed', 'settled'])
    .where('block_id', '>', seq)
    .orderBy('block_id')
    .limit(1)
    .executeTakeFirst();
  return next ? metaOf(next as MetaRow) : undefined;
}

/**
 * The last seq the archive holds for readers: live rows at or below it are an indexed block's own, kept
 * only until they settle, and every reader skips them. 0 when there is no archive.
 */
export async function archivedThrough(target: Store): Promise<number> {
  const row = await target.db
    .selectFrom('archive_block')
    .select((eb) => eb.fn.max('seq_to').as('last'))
    .where('state', 'in', ['indexed', 'settled'])
    .executeTakeFirst();
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last);
}

/** Payloads by block id, read in groups whose bytes fit one SQL answer. */
export async function readPayloads(
  target: Store,
  blocks: readonly Pick<BlockMeta, 'blockId' | 'payloadBytes'>[],
): Promise<Map<number, Buffer>> {
  return readBytes(target, 'payload', blocks);
}

export async function readBlooms(
  target: Store,
  blocks: readonly Pick<BlockMeta, 'blockId' | 'payloadBytes'>[],
): Promise<Map<number, Buffer>> {
  return readBytes(target, 'bloom', blocks);
}

async function readBytes(
  target: Store,
  column: 'payload' | 'bloom',
  blocks: readonly Pick<BlockMeta, 'blockId' | 'payloadBytes'>[],
): Promise<Map<number, Buffer>> {
  const out = new Map<number, Buffer>();
  let group: number[] = [];
  let bytes = 0;
  const flush = async () => {
    if (group.length === 0) return;
    const rows = await target.db
      .selectFrom('archive_block')
      .select(['block_id', blobOut(target, column).as('bytes')])
      .where('block_id', 'in', group)
      .execute();
    for (const row of rows) out.set(Number(row.block_id), bytesOf(row.bytes));
    group = [];
    bytes = 0;
  };
  for (const block of blocks) {
    if (group.length > 0 && bytes + block.payloadBytes > archiveLimits.payloadFetchBytes) await flush();
    group.push(block.blockId);
    bytes += block.payloadBytes;
  }
  await flush();
  return out;
}

/**
 * The term index is kept in rows of (bucket, generation), not a row per term. A row per term costs InnoDB
 * about 80 bytes on disk however short its list, and tens of thousands of trails made that most of the
 * index; one list per bucket would grow without end and be rewritten by every block. A term's bucket is
 * the low bits of its key and its tag the next 24 bits (two terms of one bucket share a tag about once in
 * 16 million, and then only make a block a candidate it need not be); a generation is a stretch of
 * `GENERATION_SEQS` seqs, so a row takes the entries of at most that many seqs' blocks and is then left
 * alone. A row's text is one entry per block, `<block>:<tag>.<tag>…,` (base 36, the block by its first
 * seq): a block names each of its buckets once.
 */
const TERM_BUCKETS = 1024;
const TAG_RANGE = 2 ** 24;
const GENERATION_SEQS = 64 * 4096;

function bucketOf(key: number): number {
  return key % TERM_BUCKETS;
}

function tagOf(key: number): string {
  return (Math.floor(key / TERM_BUCKETS) % TAG_RANGE).toString(36);
}

/**
 * Adds a block to the lists of its terms: one entry appended per bucket, up to `termsPerStatement`
 * buckets a statement. Idempotent: a row that already holds the block's entry is left as it is, so a run
 * that stopped half-way is simply run again.
 */
export async function indexBlock(target: Store, blockId: number, termKeys: readonly number[]): Promise<void> {
  const gen = Math.floor(blockId / GENERATION_SEQS);
  const tags = new Map<number, string[]>();
  for (const key of [...new Set(termKeys)].sort((a, b) => a - b)) {
    const bucket = bucketOf(key);
    tags.set(bucket, [...(tags.get(bucket) ?? []), tagOf(key)]);
  }
  const rows = [...tags].map(([term, list]) => ({
    term,
    gen,
    blocks: `${blockId.toString(36)}:${list.join('.')},`,
  }));
  for (let i = 0; i < rows.length; i += archiveLimits.termsPerStatement) {
    const insert = target.db
      .insertInto('archive_term')
      .values(rows.slice(i, i + archiveLimits.termsPerStatement));
    const current = sql.ref('archive_term.blocks');
    const added = insertedValue<string>(target.engine, 'blocks');
    await upsert(target.engine, insert, ['term', 'gen'], {
      blocks: sql<string>`case when instr(concat(',', ${current}), concat(',', ${added})) > 0 then ${current} else concat(${current}, ${added}) end`,
    }).execute();
  }
}

/** Every row of these term keys' buckets, as (bucket, generation) rows. */
async function bucketRows(
  target: Store,
  termKeys: readonly number[],
): Promise<{ term: number; gen: number; blocks: string }[]> {
  const buckets = [...new Set(termKeys.map(bucketOf))];
  const out: { term: number; gen: number; blocks: string }[] = [];
  for (let i = 0; i < buckets.length; i += archiveLimits.termsPerStatement) {
    const rows = await target.db
      .selectFrom('archive_term')
      .select(['term', 'gen', 'blocks'])
      .where('term', 'in', buckets.slice(i, i + archiveLimits.termsPerStatement))
      .execute();
    for (const row of rows)
      out.push({ term: Number(row.term), gen: Number(row.gen), blocks: String(row.blocks) });
  }
  return out;
}

/** A row's entries: each block with the tags it holds. */
function entriesOf(text: string): { block: string; tags: string[] }[] {
  return text
    .split(',')
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [block = '', tags = ''] = entry.split(':');
      return { block, tags: tags.split('.') };
    });
}

/** For each term key, the blocks its list names (some may since have been dropped: callers intersect with listed blocks). */
export async function blocksOfTerms(
  target: Store,
  termKeys: readonly number[],
): Promise<Map<number, Set<number>>> {
  const rows = await bucketRows(target, termKeys);
  const out = new Map<number, Set<number>>();
  for (const key of termKeys) {
    const bucket = bucketOf(key);
    const tag = tagOf(key);
    const blocks = new Set<number>();
    for (const row of rows) {
      if (row.term !== bucket) continue;
      for (const entry of entriesOf(row.blocks))
        if (entry.tags.includes(tag)) blocks.add(parseInt(entry.block, 36));
    }
    if (blocks.size > 0) out.set(key, blocks);
  }
  return out;
}

/** Removes these terms' entries from the index (an erased account's terms: the index keeps no trace of its id). */
export async function forgetTerms(target: Store, termKeys: readonly number[]): Promise<void> {
  if (termKeys.length === 0) return;
  for (const row of await bucketRows(target, termKeys)) {
    const forget = new Set(termKeys.filter((k) => bucketOf(k) === row.term).map(tagOf));
    const kept = entriesOf(row.blocks)
      .map(({ block, tags }) => ({ block, tags: tags.filter((t) => !forget.has(t)) }))
      .filter(({ tags }) => tags.length > 0)
      .map(({ block, tags }) => `${block}:${tags.join('.')},`)
      .join('');
    if (kept !== row.blocks)
      await target.db
        .updateTable('archive_term')
        .set({ blocks: kept })
        .where('term', '=', row.term)
        .where('gen', '=', row.gen)
        .execute();
  }
}
