import { scanArchive, type BlockOpener } from '../archive/archive-scan';
import { comparePositions } from '../archive/block-choice';
import { archivedThrough } from '../archive/block-store';
import { readBudgets } from '../limits';
import type { AuditRecord } from '../record/audit-record';
import { fromRow, type AuditEventRow } from '../store/audit-event-row';
import type { Store } from '../store/database';
import { groupsWithin } from '../store/rows-within-bytes';
import {
  answeredByOneIndex,
  leadFilter,
  pageKeysQuery,
  rowsByIdQuery,
  windowStartQuery,
} from './compile-filter';
import type { Position, ResolvedFilter } from '../query/resolved-filter';
import type { JqlMatcher } from './jql-scope';

/**
 * Reads matching records newest first from a position, for pages and export chunks alike.
 *
 * Two steps per batch: the filter's keys (id, time, trail, size estimate) in order, then the full rows
 * by id, in groups whose estimated size fits one Forge SQL answer (4 MiB): a record's `changes` can be
 * large, and a page of 500 large records must not become one oversized response.
 *
 * A filter that one index cannot answer alone (text, products, a JQL scope, two indexed conditions) is
 * scanned window by window: each window holds at most `WINDOW_ROWS` rows of the filter's lead index
 * (found on that index alone), so no single SELECT examines more than that many rows, whatever the
 * filter rejects — a text that matches nothing must not become one scan of the whole log against
 * Forge SQL's 5 s. Windows follow each other until the page is full, the log ends or the time budget
 * is spent. Finding a window's start reads as many index entries as the window holds, so a page starts
 * with a small window (twice the rows it wants) and each window that leaves the page short is four
 * times the last, up to `WINDOW_ROWS`: a filter that most rows pass fills its page in the first small
 * window instead of paying for ten thousand index entries, and a rare one still reaches full windows
 * after a few steps.
 *
 * With a JQL that is matched per batch, the keys are candidates: their issues are matched, and the
 * scan continues batch after batch in the same way. The position of the last row examined is where the
 * next call resumes, so a page may come back short, even empty, with a `nextCursor`.
 */
export interface ScanRequest {
  readonly filter: ResolvedFilter;
  /** Set when the JQL is matched per batch of candidate rows. */
  readonly matcher?: JqlMatcher;
  /** Start strictly after this position (a cursor's). */
  readonly after?: Position;
  /** Stop after this many records (Infinity for exports, which stop on bytes instead). */
  readonly maxRows: number;
  /** Epoch ms after which no new batch is started. */
  readonly deadline: number;
  /** Candidate rows per batch when matching a JQL; default from `maxRows`. */
  readonly candidateBatch?: number;
  /** Lead-index rows per window; default `WINDOW_ROWS` (tests make it small). */
  readonly windowRows?: number;
  /** How archived records are read back: with their seal (exports) or plainly (pages). */
  readonly open?: BlockOpener;
}

export interface ScanResult {
  /** Where to continue; absent when nothing more matches. */
  readonly next?: Position;
}

/** `visit` takes a record (true) or refuses it (false: the scan stops just before it); `row` is its stored row. */
export type Visit = (record: AuditRecord, row: AuditEventRow) => boolean;

/** The most keys one batch reads: its answer stays small (~100 bytes a key) and quick. */
const MAX_KEYS = 2000;
/**
 * Rows of the lead index per window: the most rows one keys SELECT examines for a filter that needs
 * windows. On the benchmark's MariaDB the slowest statement of any page, windows included, takes about
 * 50 ms on a 5 M-row log (bench/query-plan.ts): a hundredth of Forge SQL's 5 s.
 */
export const WINDOW_ROWS = 10_000;
const WINDOW_GROWTH = 4;

interface Key {
  readonly id: string;
  readonly time: number;
  readonly trail: string | null;
  readonly product: string;
  readonly size: number;
}

/**
 * Reads matching records newest first across both tiers: the live table (`scanLive`) and the archive's
 * blocks (src/archive/archive-scan.ts), merged batch by batch. Each side reports how far it has examined;
 * a record is handed on only once the other side is known to hold nothing newer, so the order, and a
 * cursor's position, are the same whichever tier a record is in. Live rows at or below the archive's last
 * seq are records already archived whose rows wait to be deleted: skipped.
 */
export async function scanRecords(target: Store, request: ScanRequest, visit: Visit): Promise<ScanResult> {
  const through = await archivedThrough(target);
  if (through === 0) return scanLive(target, request, visit);
  let position = request.after;
  let taken = 0;
  for (;;) {
    const want = Math.min(request.maxRows - taken, MERGE_BATCH);
    const after = position ? { after: position } : {};
    const live: { record: AuditRecord; row: AuditEventRow }[] = [];
    const liveScan = await scanLive(
      target,
      { ...request, ...after, maxRows: want, hideThrough: through },
      (record, row) => {
        live.push({ record, row });
        return true;
      },
    );
    // A full batch of live records bounds what the archive must add: only records newer than its last.
    const last = live.length === want ? live[live.length - 1]!.row : undefined;
    const floor =
      last === undefined ? request.filter.from : Math.max(request.filter.from ?? 0, Number(last.time_ms));
    const archived = await scanArchive(target, {
      filter: floor === undefined ? request.filter : { ...request.filter, from: floor },
      ...after,
      maxRows: want,
      deadline: request.deadline,
      ...(request.matcher ? { matching: (trails) => request.matcher!.matching(trails) } : {}),
      ...(request.open ? { open: request.open } : {}),
    });
    const boundaries = [liveScan.next, archived.next].filter((p): p is Position => p !== undefined);
    const boundary = boundaries.sort(comparePositions)[0];
    const merged = [...live, ...archived.rows.map((row) => ({ record: fromRow(row), row }))]
      .map((item) => ({ ...item, at: { time: Number(item.row.time_ms), id: item.row.id } }))
      .filter((item) => boundary === undefined || comparePositions(item.at, boundary) <= 0)
      .sort((a, b) => comparePositions(a.at, b.at))
      .slice(0, want);
    for (const item of merged) {
      if (!visit(item.record, item.row)) return { ...(position ? { next: position } : {}) };
      taken += 1;
      position = item.at;
    }
    if (merged.length === want) {
      if (taken >= request.maxRows) return { next: position! };
      continue;
    }
    if (boundary === undefined) return {};
    position = boundary;
    if (Date.now() >= request.deadline) return { next: position };
  }
}

/** Records merged per round: a page's worth, so an export (no row limit) still reads in bounded steps. */
const MERGE_BATCH = 500;

async function scanLive(
  target: Store,
  request: ScanRequest & { readonly hideThrough?: number },
  visit: Visit,
): Promise<ScanResult> {
  const { filter, matcher, maxRows, deadline } = request;
  const windowRows = request.windowRows ?? WINDOW_ROWS;
  const lead = answeredByOneIndex(filter) ? undefined : leadFilter(filter);
  // Exports (no row limit) go straight to full windows.
  let windowSize = Math.min(windowRows, 2 * (maxRows + 1));
  let position = request.after;
  let taken = 0;
  for (;;) {
    let windowStart: number | undefined;
    if (lead !== undefined) {
      const start = await windowStartQuery(target.db, lead, position, windowSize).executeTakeFirst();
      windowStart = start === undefined ? undefined : Number(start.time_ms);
    }
    const bounded = windowStart === undefined ? filter : { ...filter, from: windowStart };
    const wanted = maxRows - taken;
    // Without per-row matching, one key more than needed says whether another page exists.
    const limit = matcher
      ? Math.min(MAX_KEYS, request.candidateBatch ?? Math.max(200, Math.min(wanted, 500) * 4))
      : Math.min(MAX_KEYS, wanted + 1);
    const keys = (
      await pageKeysQuery(target.db, bounded, { ...(position ? { after: position } : {}), limit }).execute()
    ).map((row): Key => ({
      id: row.id,
      time: Number(row.time_ms),
      trail: row.trail_id,
      product: row.product,
      size: Number(row.size_estimate),
    }));
    // Only Jira's rows are matched against the JQL; Confluence's are among the keys only when the
    // filter keeps them (compile-filter.ts), and then they qualify as they are.
    const matched = matcher
      ? await matcher.matching(keys.flatMap((k) => (k.trail && k.product === 'jira' ? [k.trail] : [])))
      : undefined;
    const qualifies = (key: Key) =>
      matched === undefined || key.product !== 'jira' || (key.trail !== null && matched.has(key.trail));

    const fetched = new Map<string, AuditEventRow | null>();
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as Key;
      if (qualifies(key)) {
        if (taken >= maxRows) return { ...(position ? { next: position } : {}) };
        if (!fetched.has(key.id)) await fetchGroup(target, keys, i, maxRows - taken, qualifies, fetched);
        const row = fetched.get(key.id);
        // A row gone between the two steps (retention) is simply not there any more; one at or below
        // `hideThrough` is an archived record's row, read from the archive instead.
        if (
          row &&
          !(row.seq !== null && request.hideThrough !== undefined && Number(row.seq) <= request.hideThrough)
        ) {
          if (!visit(fromRow(row), row)) return { ...(position ? { next: position } : {}) };
          taken += 1;
        }
      }
      position = { time: key.time, id: key.id };
    }
    if (keys.length < limit) {
      if (windowStart === undefined) return {};
      // The window is done: every row from its start on has been examined.
      position = { time: windowStart, id: '' };
      windowSize = Math.min(windowRows, windowSize * WINDOW_GROWTH);
    }
    if (taken >= maxRows || Date.now() >= deadline) return { ...(position ? { next: position } : {}) };
  }
}

/** Fetches the qualifying rows from `start` on, as many as are wanted and fit one answer. */
async function fetchGroup(
  target: Store,
  keys: readonly Key[],
  start: number,
  wanted: number,
  qualifies: (key: Key) => boolean,
  into: Map<string, AuditEventRow | null>,
): Promise<void> {
  const candidates = keys.slice(start).filter(qualifies).slice(0, wanted);
  const [group = []] = groupsWithin(candidates, readBudgets.rowFetchBytes);
  const ids = group.map((key) => key.id);
  for (const id of ids) into.set(id, null);
  for (const row of await rowsByIdQuery(target.db, ids).execute()) into.set(row.id, row);
}
