import { sql, type AliasedRawBuilder, type RawBuilder } from 'kysely';
import { readBudgets } from '../limits';
import type { AuditEventRow } from './audit-event-row';
import type { Store } from './database';
import type { AuditEventTable } from './tables';

/**
 * audit_event's text columns that hold JSON text (`JSON.stringify` output): a JSON answer escapes at most
 * a quote or backslash in them, so each byte at most doubles.
 */
export const AUDIT_EVENT_JSON_COLUMNS = [
  'changes',
  'seal_digests',
] as const satisfies readonly (keyof AuditEventTable)[];

/**
 * Its other text columns: short (at most 255 characters each, `fieldLengths`), but free text, where a raw
 * control character becomes six bytes (`\u0001`) in a JSON answer.
 */
export const AUDIT_EVENT_TEXT_COLUMNS = [
  'id',
  'product',
  'action',
  'actor_id',
  'actor_type',
  'container_type',
  'container_id',
  'container_key',
  'container_name',
  'object_type',
  'object_id',
  'object_key',
  'object_title',
  'parent_type',
  'parent_id',
  'parent_key',
  'parent_title',
  'trail_id',
  'source_event',
  'hash',
  'prev_hash',
  'seal_signature',
] as const satisfies readonly (keyof AuditEventTable)[];

/**
 * What a row adds to a JSON answer besides its text values: 27 quoted column names, the three BIGINTs
 * (strings in Forge SQL's answers), quotes, colons, commas and braces. About 600 bytes; rounded up.
 */
const FIXED_ANSWER_BYTES = 1024;

/**
 * The most ids one fetch names: keeps the statement small whatever the rows weigh. The SELECTs this
 * module serves ask for at most 1,000 rows, so that is two fetches at most for small rows.
 */
const MAX_IDS_PER_FETCH = 500;

/**
 * A row's size in Forge SQL's JSON answer, as an SQL expression, never under the size a standard JSON
 * encoder gives: the UTF-8 bytes of the JSON-text columns doubled, of the other text columns times six,
 * plus the fixed part. `octet_length` is bytes on TiDB, MySQL, MariaDB and SQLite alike (SQLite's
 * `length` counts characters, which would under-count non-Latin text).
 *
 * Read budgets are half the response limit, so an encoder that escapes more than JSON requires (non-ASCII
 * as `\uXXXX`: at most three bytes per byte) still answers under the limit.
 *
 * `table` qualifies the columns, for queries that join audit_event under an alias.
 */
export function answerBytes(table?: string): RawBuilder<number> {
  const lengths = (columns: readonly string[]) =>
    sql.join(
      columns.map(
        (column) => sql`coalesce(octet_length(${sql.ref(table ? `${table}.${column}` : column)}), 0)`,
      ),
      sql` + `,
    );
  return sql<number>`${sql.lit(FIXED_ANSWER_BYTES)} + 2 * (${lengths(AUDIT_EVENT_JSON_COLUMNS)}) + 6 * (${lengths(AUDIT_EVENT_TEXT_COLUMNS)})`;
}

/** A row's id and its `answerBytes` (Forge SQL may send numbers as strings). */
export interface SizedKey {
  readonly id: string;
  readonly size: number | string;
}

/** Any SELECT of sized keys, in the order the rows are wanted. */
export interface SizedKeysQuery {
  execute(): Promise<readonly SizedKey[]>;
}

/**
 * Splits sized items, in order, into consecutive groups whose sizes add up to at most `budget` and that
 * hold at most `maxItems`. An item larger than the budget is a group alone: it is still read, never
 * skipped or left to stall the caller. Pure.
 */
export function groupsWithin<T extends { readonly size: number | string }>(
  items: readonly T[],
  budget: number,
  maxItems: number = MAX_IDS_PER_FETCH,
): T[][] {
  const groups: T[][] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Number(item.size);
    const current = groups[groups.length - 1];
    if (current && current.length < maxItems && bytes + size <= budget) {
      current.push(item);
      bytes += size;
    } else {
      groups.push([item]);
      bytes = size;
    }
  }
  return groups;
}

export interface RowsWithinBytesOptions {
  /** Bytes one fetch may answer, by `answerBytes`; default `readBudgets.rowFetchBytes`. */
  readonly fetchBytes?: number;
  /**
   * Stop before the row that would take the estimated total past this (the first row always comes):
   * for callers that can use only so much at a time. Absent: every key is read.
   */
  readonly totalBytes?: number;
}

/**
 * Whole audit_event rows in the order of a keys query, read so that no answer outgrows Forge SQL's
 * 4 MiB (FD:limits-sql) however large the rows: first the keys — ids with `answerBytes` estimates, in
 * whatever order and bound the caller's query sets (`where seq is null order by received_ms, id`,
 * `where seq > n order by seq`, …) — then the rows by primary key, in groups whose estimates fit
 * `fetchBytes`. A row deleted between the two steps (retention) is simply not returned.
 *
 * ```ts
 * rowsWithinBytes(store, (size) =>
 *   store.db.selectFrom('audit_event').select(['id', size]).where('seq', 'is', null)
 *     .orderBy('received_ms').orderBy('id').limit(200));
 * ```
 */
export async function rowsWithinBytes(
  target: Store,
  keysQuery: (size: AliasedRawBuilder<number, 'size'>) => SizedKeysQuery,
  options: RowsWithinBytesOptions = {},
): Promise<AuditEventRow[]> {
  let keys = await keysQuery(answerBytes().as('size')).execute();
  if (options.totalBytes !== undefined) keys = withinTotal(keys, options.totalBytes);
  const rows: AuditEventRow[] = [];
  for (const group of groupsWithin(keys, options.fetchBytes ?? readBudgets.rowFetchBytes)) {
    const fetched = await target.db
      .selectFrom('audit_event')
      .selectAll()
      .where(
        'id',
        'in',
        group.map((key) => key.id),
      )
      .execute();
    const byId = new Map(fetched.map((row) => [row.id, row]));
    for (const key of group) {
      const row = byId.get(key.id);
      if (row) rows.push(row);
    }
  }
  return rows;
}

/** The leading keys whose sizes add up to at most `total`, and at least the first. */
function withinTotal(keys: readonly SizedKey[], total: number): readonly SizedKey[] {
  let bytes = 0;
  for (let i = 0; i < keys.length; i++) {
    bytes += Number(keys[i]!.size);
    if (i > 0 && bytes > total) return keys.slice(0, i);
  }
  return keys;
}
