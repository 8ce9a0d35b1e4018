import type { Position, ResolvedFilter } from '../query/resolved-filter';
import type { AuditEventRow } from '../store/audit-event-row';
import type { Store } from '../store/database';
import { decodeBlock, decodeColumns } from './block-codec';
import { blockBound, blocksForFilter, comparePositions, isAfter } from './block-choice';
import { rowOf, rowsOf } from './block-rows';
import { listBlocks, listBlocksBySeq, readBlooms, readPayloads, type BlockMeta } from './block-store';
import { columnsMayMatch, rowMatches } from './record-filter';
import { bloomHas, bloomMayContainText, idItem, TRIGRAM } from './text-bloom';

/** Turns a block's payload into its rows; the default decodes it, a sealed reader also checks and re-seals it. */
export type BlockOpener = (block: BlockMeta, payload: Buffer) => Promise<AuditEventRow[]>;

export interface ArchiveScanRequest {
  readonly filter: ResolvedFilter;
  readonly after?: Position;
  readonly maxRows: number;
  readonly deadline: number;
  /** With a JQL matched per batch: the trails among these that match. */
  readonly matching?: (trails: readonly string[]) => Promise<ReadonlySet<string>>;
  readonly open?: BlockOpener;
}

export interface ArchiveScanResult {
  /** Matching rows after `after`, newest first, at most `maxRows`. */
  readonly rows: AuditEventRow[];
  /** Where to continue: every archived row before it in the order has been examined. Absent: no more. */
  readonly next?: Position;
}

/** Blocks opened per round: a page of an active person's records takes a few rounds. */
const ROUND_BYTES = 1024 * 1024;
/** Blooms read at once for a text search: small (a few KB each), so many per statement. */
const BLOOM_BATCH = 200;

const positionOf = (row: AuditEventRow): Position => ({ time: Number(row.time_ms), id: row.id });

/**
 * The archive's side of a newest-first scan. Blocks are taken in the order of the newest time at which
 * each may still hold a wanted record (`blockBound`, from its time spans), after the term index and the
 * text bloom have ruled out those that cannot match. A record found is final once no unopened block can
 * hold a newer one; the scan stops when `maxRows` are final, the blocks run out or the time is spent.
 */
export async function scanArchive(target: Store, request: ArchiveScanRequest): Promise<ArchiveScanResult> {
  const { filter, after, maxRows } = request;
  const ceiling = Math.min(after?.time ?? Number.MAX_SAFE_INTEGER, filter.to ?? Number.MAX_SAFE_INTEGER);
  const listed = await listBlocks(target, {
    ...(filter.from !== undefined ? { from: filter.from } : {}),
    to: ceiling,
  });
  if (listed.length === 0) return { rows: [] };
  const allowed = await blocksForFilter(target, filter, listed);
  const queue = allowed
    .map((block) => ({ block, bound: blockBound(block, ceiling, filter.from) }))
    .filter((q): q is { block: BlockMeta; bound: number } => q.bound !== undefined)
    .sort((a, b) => b.bound - a.bound || b.block.blockId - a.block.blockId);
  const text = filter.text !== undefined && filter.text.length >= TRIGRAM ? filter.text : undefined;
  // A text that names people also matches their records: blocks holding them are not ruled out by the bloom.
  const named = filter.textActors?.length
    ? await blocksForFilter(target, { actors: filter.textActors }, allowed)
    : [];
  const namedIds = new Set(named.map((b) => b.blockId));
  const blooms = new Map<number, Buffer>();
  const open = request.open ?? matchingRows(filter);
  const pool: AuditEventRow[] = [];
  let i = 0;
  const boundAt = (k: number) => (k < queue.length ? queue[k]!.bound : Number.NEGATIVE_INFINITY);
  const finalCount = () => pool.filter((row) => Number(row.time_ms) > boundAt(i)).length;
  let stoppedEarly = false;
  let roundBlocks = 1;
  while (i < queue.length && finalCount() < maxRows) {
    if (i > 0 && Date.now() >= request.deadline) {
      stoppedEarly = true;
      break;
    }
    const round: BlockMeta[] = [];
    let bytes = 0;
    while (i < queue.length && (round.length === 0 || (round.length < roundBlocks && bytes < ROUND_BYTES))) {
      const { block } = queue[i]!;
      i += 1;
      if (text !== undefined) {
        if (!blooms.has(block.blockId)) {
          const ahead = queue.slice(i - 1, i - 1 + BLOOM_BATCH).map((q) => q.block);
          for (const [id, bloom] of await readBlooms(target, ahead)) blooms.set(id, bloom);
        }
        const bloom = blooms.get(block.blockId);
        if (bloom !== undefined && !namedIds.has(block.blockId) && !bloomMayContainText(bloom, text))
          continue;
      }
      round.push(block);
      bytes += block.payloadBytes;
      // The next block may hold newer records than some already final: never open past what the page needs.
      if (finalCount() >= maxRows) break;
    }
    if (round.length === 0) continue;
    // One block first (a dense filter fills its page from the newest), then twice as many each round.
    roundBlocks *= 2;
    const payloads = await readPayloads(target, round);
    for (const block of round) {
      const payload = payloads.get(block.blockId);
      if (!payload) continue;
      let rows = (await open(block, payload)).filter(
        (row) => rowMatches(row, filter) && isAfter(positionOf(row), after),
      );
      if (request.matching && rows.length > 0) {
        const trails = [...new Set(rows.flatMap((r) => (r.trail_id ? [r.trail_id] : [])))];
        const matched = await request.matching(trails);
        rows = rows.filter((r) => r.trail_id !== null && matched.has(r.trail_id));
      }
      pool.push(...rows);
    }
  }
  const limit = boundAt(i);
  const final = pool
    .filter((row) => Number(row.time_ms) > limit)
    .sort((a, b) => comparePositions(positionOf(a), positionOf(b)));
  if (final.length >= maxRows) {
    const rows = final.slice(0, maxRows);
    const more = final.length > maxRows || i < queue.length || stoppedEarly;
    return { rows, ...(more ? { next: positionOf(rows[rows.length - 1]!) } : {}) };
  }
  if (i < queue.length || stoppedEarly) {
    // Everything newer than the next block's bound is examined; never report a place before `after`.
    const examined = { time: limit + 1, id: '' };
    return { rows: final, next: after && comparePositions(examined, after) < 0 ? after : examined };
  }
  return { rows: final };
}

/** Decodes a block and builds only the records whose columns may match the filter. */
function matchingRows(filter: ResolvedFilter): BlockOpener {
  return async (block, payload) => {
    const columns = decodeColumns(payload);
    const rows: AuditEventRow[] = [];
    for (let i = 0; i < columns.n; i++) {
      if (!columnsMayMatch(columns, i, filter)) continue;
      const record = columns.record(i);
      if (record !== undefined) rows.push(rowOf(record, block.blockId + i));
    }
    return rows;
  };
}

/**
 * The archived record with this id, if any: blocks newest first, each ruled in or out by its bloom (which
 * holds every record's id) before it is opened. Stops at `deadline` (undefined then, as for a missing id).
 */
export async function findArchived(
  target: Store,
  id: string,
  deadline: number,
): Promise<AuditEventRow | undefined> {
  const blocks = (await listBlocks(target)).sort((a, b) => b.timeMax - a.timeMax);
  for (let i = 0; i < blocks.length && Date.now() < deadline; i += BLOOM_BATCH) {
    const batch = blocks.slice(i, i + BLOOM_BATCH);
    const blooms = await readBlooms(target, batch);
    const candidates = batch.filter((b) => {
      const bloom = blooms.get(b.blockId);
      return bloom !== undefined && bloomHas(bloom, idItem(id));
    });
    for (const [blockId, payload] of await readPayloads(target, candidates)) {
      const found = rowsOf(decodeBlock(payload), blockId).find((row) => row.id === id);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Archived records with a seq in (after, through], in seq order, at most `limit`, read plainly (no seal
 * check: for counting, such as the insights rollups). Stops at the last archived seq; the caller reads
 * on from the live table after `archivedThrough`.
 */
export async function archivedRowsBySeq(
  target: Store,
  after: number,
  through: number,
  limit: number,
): Promise<AuditEventRow[]> {
  const rows: AuditEventRow[] = [];
  const blocks = await listBlocksBySeq(target, after, through);
  for (const block of blocks) {
    if (rows.length >= limit) break;
    const payload = (await readPayloads(target, [block])).get(block.blockId);
    if (!payload) continue;
    for (const row of rowsOf(decodeBlock(payload), block.blockId)) {
      const seq = Number(row.seq);
      if (seq > after && seq <= through && rows.length < limit) rows.push(row);
    }
  }
  return rows;
}
