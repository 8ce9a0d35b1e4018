import { readBudgets } from '../limits';
import type { Store } from '../store/database';
import type { ExportPayload } from './activity-payloads';
import { answeredByOneIndex, boundedCountQuery, leadFilter, type ResolvedFilter } from './compile-filter';
import { decodeCursor, encodeCursor, fingerprint } from './cursor';
import { encodedSize, encodingOf } from './export-format';
import { deadlineOf, type ReadOptions } from './read-options';
import { resolveFilter } from './resolve-filter';
import { scanRecords } from './scan-records';

/**
 * One chunk of an export. There is no row cap: the client calls again with `nextCursor` until it is
 * absent, and concatenates the chunks. `estimatedRows` comes with the first chunk, for a progress bar.
 */
export interface ExportChunk {
  readonly chunk: string;
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

/** `activity.export`: records after the cursor, encoded, until the chunk's byte budget is reached. */
export async function exportActivity(
  target: Store,
  input: ExportPayload,
  options: ReadOptions,
): Promise<ExportChunk> {
  const deadline = deadlineOf(options);
  const budget = options.chunkBytes ?? readBudgets.responseBytes;
  const question = fingerprint('activity.export', { ...input.filters, format: input.format });
  const state = input.cursor === undefined ? undefined : decodeCursor(input.cursor, question);
  const resolved = await resolveFilter(input.filters, options);
  const encoding = encodingOf(input.format);

  const first = state === undefined;
  const before = state?.rows ?? 0;

  const pieces: string[] = first ? [encoding.start] : [];
  let bytes = first ? encodedSize(encoding.start) : 0;
  const reserve = encodedSize(encoding.end);
  let rows = 0;
  const { next } = await scanRecords(
    target,
    {
      filter: resolved.filter,
      ...(resolved.matcher ? { matcher: resolved.matcher } : {}),
      ...(state ? { after: state.position } : {}),
      ...(options.candidateBatch ? { candidateBatch: options.candidateBatch } : {}),
      ...(options.windowRows ? { windowRows: options.windowRows } : {}),
      maxRows: Number.POSITIVE_INFINITY,
      deadline,
    },
    (record) => {
      const piece = encoding.row(record, before + rows);
      const size = encodedSize(piece);
      // Always one record per chunk, so an export advances even if a single record were over budget.
      if (rows > 0 && bytes + size + reserve > budget) return false;
      pieces.push(piece);
      bytes += size;
      rows += 1;
      return true;
    },
  );
  if (next === undefined) pieces.push(encoding.end);
  // A JQL's rows cannot be counted without matching them all: no estimate then.
  const estimatedRows =
    first && resolved.filter.issueScope === undefined
      ? await estimate(target, resolved.filter, rows, next?.time)
      : undefined;
  return {
    chunk: pieces.join(''),
    rows,
    ...(next ? { nextCursor: encodeCursor({ position: next, rows: before + rows }, question) } : {}),
    ...(estimatedRows !== undefined ? { estimatedRows } : {}),
  };
}

/**
 * How many rows the whole export will have, for a progress bar. A filter that one index answers is
 * counted exactly on that index. Any other (text, products, two indexed parts) would need every row
 * read, so its total is extrapolated from the first chunk instead: the chunk's rows, scaled by how many
 * rows of the lead index the whole range holds against the part the chunk covered (two index-only
 * counts). An estimate is a nicety: if a count fails, there is none.
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
    if (answeredByOneIndex(filter)) return await count(filter);
    // Nothing found yet (a rare text, far into the log): nothing to extrapolate from.
    if (rows === 0) return undefined;
    const lead = leadFilter(filter);
    const [all, covered] = [await count(lead), await count({ ...lead, from: chunkEnd })];
    return covered === 0 ? undefined : Math.round((rows * all) / covered);
  } catch (error) {
    console.warn(`export: row estimate skipped: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
