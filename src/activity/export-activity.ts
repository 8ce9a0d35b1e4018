import { readBudgets } from '../limits';
import type { AuditRecord } from '../record/audit-record';
import { readErasures } from '../seal/erasure-store';
import { sealHeader } from '../seal/export-header';
import { readInstallationKey } from '../seal/installation-key';
import { archivedWeight } from '../archive/archived-weight';
import { blocksForFilter } from '../archive/block-choice';
import { blocksWithRemovals, listBlocks } from '../archive/block-store';
import type { BlockKeys } from '../seal/block-seal';
import { signedRemovals } from '../seal/export-removals';
import { blockKeys, sealedBlockOpener } from '../seal/read-sealed';
import { toSealedRecord, type SealedRecord } from '../seal/sealed-record';
import type { AuditEventRow } from '../store/audit-event-row';
import type { Store } from '../store/database';
import type { ExportPayload, TextExportFormat } from './activity-payloads';
import { answeredByOneIndex, boundedCountQuery, leadFilter } from './compile-filter';
import type { Position, ResolvedFilter } from '../query/resolved-filter';
import { decodeCursor, encodeCursor, fingerprint } from './cursor';
import { lookupPeople } from '../people/people-lookup';
import { accountIdsIn } from '../record/person-values';
import { encodedSize, encodingOf, entryPiece, type Names } from './export-format';
import { exportParquet } from './export-parquet';
import { deadlineOf, type ReadOptions } from './read-options';
import { resolveFilter } from './resolve-filter';
import { scanRecords } from './scan-records';

/**
 * One chunk of an export. There is no row cap: the client calls again with `nextCursor` until it is
 * absent, and concatenates the chunks. `estimatedRows` comes with the first chunk, for a progress bar.
 */
export interface ExportChunk {
  /** Text, or with `encoding: 'base64'` (Parquet) a binary file's bytes. */
  readonly chunk: string;
  readonly encoding?: 'base64';
  readonly rows: number;
  readonly nextCursor?: string;
  readonly estimatedRows?: number;
}

/**
 * The counts behind `estimatedRows` read at most this many index entries (then say this many): about a
 * full production installation (1 GiB at ~1 KB a row). They only ever count on one index, without
 * reading table rows (see `estimate`), which keeps them well inside Forge SQL's 5 s.
 */
export const ESTIMATE_CAP = 1_000_000;

/**
 * Room kept in the chunk for each erased field of a record: its signed erasure entry (record id, paths,
 * time, an 88-character signature) is read after the scan, so it is counted before it is known. One
 * entry per erased field is the most there are in practice (an entry names one or more of its fields).
 */
const ERASURE_ENTRY_BYTES = 400;

/**
 * Room kept in the chunk for a record's actor's display name, which is looked up after the scan: a
 * typical name. A chunk whose names turn out longer drops its last records (they start the next chunk).
 */
const NAME_BYTES = 64;

/**
 * `activity.export`: records after the cursor, encoded, until the chunk's byte budget is reached.
 *
 * NDJSON and JSON exports are verifiable (`npm run verify`): a sealed record goes out with its seal
 * proof (sealed-record.ts), and the export starts with the seal header — the public key and the latest
 * signed checkpoint, `filtered: true` when a filter or the caller's products chose the records (gaps in
 * seq are expected then). CSV stays plain records, for spreadsheets.
 */
export async function exportActivity(
  target: Store,
  input: ExportPayload,
  options: ReadOptions,
): Promise<ExportChunk> {
  if (input.format === 'parquet') return exportParquet(target, input);
  return exportText(target, { ...input, format: input.format }, options);
}

async function exportText(
  target: Store,
  input: ExportPayload & { readonly format: TextExportFormat },
  options: ReadOptions,
): Promise<ExportChunk> {
  const deadline = deadlineOf(options);
  const budget = options.chunkBytes ?? readBudgets.responseBytes;
  const question = fingerprint('activity.export', { ...input.filters, format: input.format });
  const state = input.cursor === undefined ? undefined : decodeCursor(input.cursor, question);
  const resolved = await resolveFilter(input.filters, options);
  const first = state === undefined;
  const verifiable = input.format !== 'csv';
  const filtered = Object.values(resolved.filter).some((value) => value !== undefined);
  const header = first && verifiable ? await sealHeader(target, filtered) : undefined;
  const measuring = encodingOf(input.format, header);
  const key = verifiable ? await readInstallationKey() : undefined;

  // The header counts as a piece emitted before the records (JSON punctuation).
  const before = state?.rows ?? (header ? 1 : 0);

  const start = first ? measuring.start : '';
  let bytes = encodedSize(start);
  const reserve = encodedSize(measuring.end);
  const taken: { record: AuditRecord; sealed?: SealedRecord; erased: boolean; position: Position }[] = [];
  let rows = 0;
  // Past the last record, an unfiltered export goes on with the removals only.
  const scanned =
    state?.removalsBefore !== undefined
      ? {}
      : await scanRecords(
          target,
          {
            filter: resolved.filter,
            ...(resolved.matcher ? { matcher: resolved.matcher } : {}),
            ...(state ? { after: state.position } : {}),
            ...(options.candidateBatch ? { candidateBatch: options.candidateBatch } : {}),
            ...(options.windowRows ? { windowRows: options.windowRows } : {}),
            // Archived records leave with their seal too: each block is checked and read back as sealed rows.
            ...(verifiable ? { open: sealedBlockOpener(target) } : {}),
            maxRows: Number.POSITIVE_INFINITY,
            deadline,
          },
          (plain, row) => {
            const sealed = verifiable ? sealedOf(row, key) : undefined;
            const erasedFields = sealed ? erasedCount(sealed) : 0;
            const record = sealed ?? plain;
            const size =
              encodedSize(measuring.row(record, before + rows)) +
              erasedFields * ERASURE_ENTRY_BYTES +
              (record.actor.accountId === null ? 0 : NAME_BYTES);
            // Always one record per chunk, so an export advances even if a single record were over budget.
            if (rows > 0 && bytes + size + reserve > budget) return false;
            taken.push({
              record,
              ...(sealed ? { sealed } : {}),
              erased: erasedFields > 0,
              position: { time: Number(row.time_ms), id: row.id },
            });
            bytes += size;
            rows += 1;
            return true;
          },
        );
  const erasures = await readErasures(
    target,
    taken.flatMap(({ record, erased }) => (erased ? [record.id] : [])),
  );
  const encoding = encodingOf(input.format, header, await peopleNames(taken.map((t) => t.record)));
  const pieces = [start];
  let size = encodedSize(start);
  let next = scanned.next;
  for (const [i, { record, sealed }] of taken.entries()) {
    const entries = erasures.get(record.id);
    const full = sealed && entries ? { ...sealed, seal: { ...sealed.seal, erasures: entries } } : record;
    const piece = encoding.row(full, before + i);
    size += encodedSize(piece);
    if (i > 0 && size + reserve > budget) {
      // Longer names than room was kept for: this record and the rest start the next chunk.
      next = taken[i - 1]!.position;
      break;
    }
    pieces.push(piece);
  }
  rows = pieces.length - 1;
  let removalsBefore: number | undefined;
  if (next === undefined && verifiable && !filtered) {
    const tail = await removalPieces(target, {
      format: input.format,
      before: before + rows,
      beforeBlockId: state?.removalsBefore ?? Number.MAX_SAFE_INTEGER,
      room: budget - size - reserve,
      deadline,
      // A chunk that has records already may end before its first block; one without must advance.
      advance: rows === 0,
    });
    pieces.push(...tail.pieces);
    removalsBefore = tail.more;
  }
  if (next === undefined && removalsBefore === undefined) pieces.push(encoding.end);
  // A JQL's rows cannot be counted without matching them all: no estimate then.
  const estimatedRows =
    first && resolved.filter.issueScope === undefined
      ? await estimate(target, resolved.filter, rows, next?.time)
      : undefined;
  return {
    chunk: pieces.join(''),
    rows,
    ...(next ? { nextCursor: encodeCursor({ position: next, rows: before + rows }, question) } : {}),
    ...(removalsBefore !== undefined
      ? {
          nextCursor: encodeCursor(
            {
              position: state?.position ?? { time: 0, id: '' },
              rows: before + pieces.length - 1,
              removalsBefore,
            },
            question,
          ),
        }
      : {}),
    ...(estimatedRows !== undefined ? { estimatedRows } : {}),
  };
}

/** Blocks listed at once when an export looks for removals. */
const REMOVAL_BLOCKS = 50;

/**
 * The signed removal lines of an unfiltered, verifiable export, after its last record: for each block
 * retention removed records from (newest first, below `beforeBlockId`), one line per run of removed seqs,
 * so that `npm run verify` passes over those gaps in the chain (src/seal/removal-line.ts). A block's lines
 * go together; they stop at `room` bytes or the deadline (with `advance`, after at least one block), and `more` says
 * where the next chunk goes on.
 */
async function removalPieces(
  target: Store,
  request: {
    readonly format: TextExportFormat & ('ndjson' | 'json');
    readonly before: number;
    readonly beforeBlockId: number;
    readonly room: number;
    readonly deadline: number;
    readonly advance: boolean;
  },
): Promise<{ pieces: string[]; more?: number }> {
  const pieces: string[] = [];
  let bytes = 0;
  let keys: BlockKeys | undefined;
  let beforeBlockId = request.beforeBlockId;
  let mayStop = !request.advance;
  for (;;) {
    const blocks = await blocksWithRemovals(target, beforeBlockId, REMOVAL_BLOCKS);
    if (blocks.length === 0) return { pieces };
    for (const meta of blocks) {
      if (mayStop && Date.now() >= request.deadline) return { pieces, more: beforeBlockId };
      keys ??= await blockKeys();
      const lines = (await signedRemovals(target, meta, keys)).map((line, i) =>
        entryPiece(request.format, line, request.before + pieces.length + i),
      );
      const size = lines.reduce((sum, line) => sum + encodedSize(line), 0);
      if (mayStop && bytes + size > request.room) return { pieces, more: beforeBlockId };
      pieces.push(...lines);
      bytes += size;
      mayStop = true;
      beforeBlockId = meta.blockId;
    }
  }
}

/**
 * The display names of the records' actors and of the people their changes name (assignees, mentions),
 * through the people lookup the admin page uses (and its ten-minute cache), so an auditor's file says
 * who as the page does.
 */
async function peopleNames(records: readonly AuditRecord[]): Promise<Names> {
  const named = (r: AuditRecord) =>
    r.changes.flatMap((c) => [
      ...(accountIdsIn(c.field, c.from) ?? []),
      ...(accountIdsIn(c.field, c.to) ?? []),
    ]);
  const ids = [
    ...new Set(
      records.flatMap((r) => [...(r.actor.accountId === null ? [] : [r.actor.accountId]), ...named(r)]),
    ),
  ];
  if (ids.length === 0) return new Map();
  const people = await lookupPeople(ids);
  return new Map(Object.entries(people).map(([id, person]) => [id, person.displayName]));
}

/** A sealed row with its seal proof, as an export line carries it (erasure entries are added after). */
function sealedOf(row: AuditEventRow, key: Buffer | undefined): SealedRecord | undefined {
  return row.seq === null || row.hash === null || row.prev_hash === null
    ? undefined
    : toSealedRecord(row, key);
}

/** Fields of the record that were erased: sealed with a value (a digest) and no longer opening it. */
function erasedCount(record: SealedRecord): number {
  const { digests, openings } = record.seal;
  return Object.keys(digests).filter((path) => openings[path] === undefined).length;
}

/**
 * How many rows the whole export will have, for a progress bar, over both tiers. A filter that one index
 * answers, where no archived block may hold a match (the term index rules them out), is counted exactly
 * on that index. Any other would need every row read (text, products, two indexed parts) or every
 * candidate block opened, so its total is extrapolated from the first chunk instead: the chunk's rows,
 * scaled by how many records the filter's time range holds against the part the chunk covered. Live
 * records are counted on the lead index where the archive has no say, else by time; archived ones from
 * the blocks' record counts and time spans (no payload read). An estimate is a nicety: if a count fails,
 * there is none.
 */
async function estimate(
  target: Store,
  filter: ResolvedFilter,
  rows: number,
  chunkEnd: number | undefined,
): Promise<number | undefined> {
  const count = async (f: ResolvedFilter) => {
    const row = await boundedCountQuery(target.db, f, ESTIMATE_CAP).executeTakeFirst();
    return Math.min(Number(row?.n ?? 0), ESTIMATE_CAP);
  };
  try {
    if (chunkEnd === undefined) return rows;
    const lead = leadFilter(filter);
    const range = {
      ...(lead.from !== undefined ? { from: lead.from } : {}),
      ...(lead.to !== undefined ? { to: lead.to } : {}),
    };
    const listed = await listBlocks(target, range);
    const candidates = await blocksForFilter(target, lead, listed);
    if (candidates.length === 0 && answeredByOneIndex(filter)) return await count(filter);
    // Nothing found yet (a rare text, far into the log): nothing to extrapolate from.
    if (rows === 0) return undefined;
    // A block the terms allow holds other records too: with an archive, records are measured by time alone.
    const measure = candidates.length === 0 ? lead : range;
    const blocks = candidates.length === 0 ? [] : listed;
    const all = (await count(measure)) + archivedWeight(blocks, lead.from, lead.to);
    const covered = (await count({ ...measure, from: chunkEnd })) + archivedWeight(blocks, chunkEnd, lead.to);
    return covered === 0 ? undefined : Math.round((rows * all) / covered);
  } catch (error) {
    console.warn(`export: row estimate skipped: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
