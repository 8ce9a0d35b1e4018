import { ResolverFailure } from '../admin/resolver-error';
import { findArchived } from '../archive/archive-scan';
import { readBudgets } from '../limits';
import type { ActivityFilter } from '../query/activity-filter';
import type { AuditRecord, Product } from '../record/audit-record';
import { fromRow } from '../store/audit-event-row';
import type { Store } from '../store/database';
import { recordByIdQuery } from './compile-filter';
import type { Position } from '../query/resolved-filter';
import { decodeCursor, encodeCursor, fingerprint } from './cursor';
import { encodedSize } from './export-format';
import { deadlineOf, type ReadOptions } from './read-options';
import { resolveFilter } from './resolve-filter';
import { scanRecords } from './scan-records';

/** One page of the activity log, newest first. `nextCursor` continues it; absent on the last page. */
export interface ActivityPage {
  readonly items: readonly AuditRecord[];
  readonly nextCursor?: string;
}

/** `activity.query`: the filter's records, a page at a time. */
export async function queryActivity(
  target: Store,
  input: ActivityFilter & { readonly cursor?: string; readonly limit: number },
  options: ReadOptions,
): Promise<ActivityPage> {
  const { cursor, limit, ...filter } = input;
  return readPage(target, fingerprint('activity.query', filter), filter, cursor, limit, options);
}

/** `activity.forObject`: the trail of one issue or page (its own records and those of its parts). */
export async function activityForObject(
  target: Store,
  input: { readonly objectId: string; readonly cursor?: string; readonly limit: number },
  options: ReadOptions,
): Promise<ActivityPage> {
  const filter: ActivityFilter = { objects: [input.objectId] };
  return readPage(
    target,
    fingerprint('activity.forObject', filter),
    filter,
    input.cursor,
    input.limit,
    options,
  );
}

/**
 * `activity.get`: one record of the products the caller administers, or NOT_FOUND: another product's
 * record is answered exactly as a missing one, so its existence does not leak.
 */
export async function getRecord(
  target: Store,
  id: string,
  products: ReadonlySet<Product>,
): Promise<AuditRecord> {
  const live = await recordByIdQuery(target.db, id, [...products]).executeTakeFirst();
  const row = live ?? (await findArchived(target, id, Date.now() + readBudgets.workMs));
  if (row === undefined || !products.has(row.product as Product))
    throw new ResolverFailure('NOT_FOUND', `No record with id '${id}'.`, 'id');
  return withoutHash(fromRow(row));
}

async function readPage(
  target: Store,
  question: string,
  filter: ActivityFilter,
  cursor: string | undefined,
  limit: number,
  options: ReadOptions,
): Promise<ActivityPage> {
  const deadline = deadlineOf(options);
  // The cursor is checked before any lookup: a wrong one costs no REST call.
  const after: Position | undefined =
    cursor === undefined ? undefined : decodeCursor(cursor, question).position;
  const resolved = await resolveFilter(filter, options);
  const items: AuditRecord[] = [];
  // A page of 500 records with long changed values could outgrow the 5 MB `invoke` answer: it stops
  // at the byte budget too, like an export chunk (always with at least one record).
  const budget = options.chunkBytes ?? readBudgets.responseBytes;
  let bytes = 0;
  const { next } = await scanRecords(
    target,
    {
      filter: resolved.filter,
      ...(resolved.matcher ? { matcher: resolved.matcher } : {}),
      ...(after ? { after } : {}),
      ...(options.candidateBatch ? { candidateBatch: options.candidateBatch } : {}),
      ...(options.windowRows ? { windowRows: options.windowRows } : {}),
      maxRows: limit,
      deadline,
    },
    (record) => {
      const size = encodedSize(JSON.stringify(record));
      if (items.length > 0 && bytes + size > budget) return false;
      items.push(withoutHash(record));
      bytes += size;
      return true;
    },
  );
  return { items, ...(next ? { nextCursor: encodeCursor({ position: next, rows: 0 }, question) } : {}) };
}

/**
 * Pages and the record panel carry a record's seq, not its chain hash: an archived record's hash is not
 * stored (src/archive) and recomputing it takes the whole block's chain, which only exports and the
 * verifiers need. Left out everywhere, so a record reads the same whichever tier it is in.
 */
function withoutHash(record: AuditRecord): AuditRecord {
  if (record.hash === undefined) return record;
  const copy: { -readonly [K in keyof AuditRecord]?: AuditRecord[K] } = { ...record };
  delete copy.hash;
  return copy as AuditRecord;
}
