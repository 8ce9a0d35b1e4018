import { stringify } from 'csv-stringify/sync';
import type { AuditRecord } from '../record/audit-record';
import { accountIdsIn } from '../record/person-values';
import type { TextExportFormat } from './activity-payloads';

/**
 * Export encodings, pure: a record becomes one piece of text, and a chunk is a start, pieces and (on the
 * last chunk) an end, so that the chunks concatenate into one valid file whatever their number.
 *
 * - csv: RFC 4180 (CRLF, quotes doubled) with a header row, UTF-8 with a byte-order mark so that
 *   spreadsheet programs read it as UTF-8; the BOM and header come on the first chunk only.
 * - ndjson: one record per line, after the seal header's line.
 * - json: one array, the seal header its first element; `[` on the first chunk, `,` before every
 *   element but the first, `]` at the end.
 */
export const CSV_COLUMNS = [
  'id',
  'time',
  'receivedAt',
  'product',
  'action',
  'actor',
  'actorName',
  'actorType',
  'containerType',
  'containerId',
  'containerKey',
  'containerName',
  'objectType',
  'objectId',
  'objectKey',
  'objectTitle',
  'parentType',
  'parentId',
  'parentKey',
  'parentTitle',
  'changes',
  'changesText',
  'sourceEvent',
] as const;

/** Display names by account id, looked up when the export is made (the log keeps ids only). */
export type Names = ReadonlyMap<string, string>;

const NO_NAMES: Names = new Map();

const BOM = '\uFEFF';

/**
 * Characters some reader takes for a line break: CR and LF, and the Unicode and control separators that
 * line-splitting functions (Python's `splitlines`, JavaScript's line terminators) also break on.
 */
const LINE_BREAKS = '\\n\\r\\v\\f\\u001c-\\u001e\\u0085\\u2028\\u2029';
/** What readers trim or skip before a cell's text: spaces of every kind, zero-width ones, quotes. */
const SKIPPED = ' \\t\\u00a0\\u1680\\u2000-\\u200d\\u202f\\u205f\\u2060\\u3000\\ufeff"';
/** A spreadsheet evaluates a cell that starts with one of these (OWASP, CSV injection). */
const FORMULA_START = '=+\\-@\\t\\r';

/** The cell's start, when its text (trimmed, line breaks included) starts a formula. */
const RUNNABLE_START = new RegExp(`^(?=[${LINE_BREAKS}${SKIPPED}]*[${FORMULA_START}])`);
/**
 * A place inside the cell where a careless reader starts a new cell: after a line break (a reader that
 * reads line by line, or ignores quoting), a comma, a semicolon (the separator in many locales) or a tab
 * (tab-separated readers); when the text there starts a formula.
 */
const RUNNABLE_INSIDE = new RegExp(`([${LINE_BREAKS},;\\t])(?=[${SKIPPED}]*[${FORMULA_START}])`, 'g');
const HAS_LINE_BREAK = new RegExp(`[${LINE_BREAKS}]`);

/**
 * Neutralises spreadsheet formulas (CSV injection, OWASP): wherever some reader could start a cell —
 * the cell's own start, and after each line break, comma, semicolon or tab in it — and the text there
 * (past spaces and quotes a reader may trim) starts with `=`, `+`, `-`, `@`, tab or carriage return, a
 * single quote goes in, so spreadsheet programs show text instead of evaluating it. Titles, names, keys,
 * account ids and changed values are user content, so any of them may hold such text. Idempotent: the
 * quote it puts in is not a formula start, so neutralising twice changes nothing more.
 */
export function neutralise(cell: string): string {
  return cell.replace(RUNNABLE_INSIDE, "$1'").replace(RUNNABLE_START, "'");
}

/**
 * A change as a person reads it: `field: from → to`, "(none)" for a side without a value, and people
 * by name where the value is account ids whose names are known.
 */
export function changeText(
  change: { field: string; from: string | null; to: string | null },
  names: Names = NO_NAMES,
): string {
  const side = (value: string | null) => {
    if (value === null) return '(none)';
    const ids = accountIdsIn(change.field, value);
    return ids === undefined ? value : ids.map((id) => names.get(id) ?? id).join(', ');
  };
  return `${change.field}: ${side(change.from)} → ${side(change.to)}`;
}

export function csvCells(record: AuditRecord, names: Names = NO_NAMES): string[] {
  const { actor, container, object, changes } = record;
  // The changes column is JSON text; its values are neutralised too, for whoever splits them out.
  const safeChanges = changes.map((c) => ({
    field: neutralise(c.field),
    from: c.from === null ? null : neutralise(c.from),
    to: c.to === null ? null : neutralise(c.to),
  }));
  const cells = [
    record.id,
    record.time,
    record.receivedAt,
    record.product,
    record.action,
    actor.accountId ?? '',
    actor.accountId === null ? '' : (names.get(actor.accountId) ?? ''),
    actor.type,
    container?.type ?? '',
    container?.id ?? '',
    container?.key ?? '',
    container?.name ?? '',
    object?.type ?? '',
    object?.id ?? '',
    object?.key ?? '',
    object?.title ?? '',
    object?.parent?.type ?? '',
    object?.parent?.id ?? '',
    object?.parent?.key ?? '',
    object?.parent?.title ?? '',
    changes.length > 0 ? JSON.stringify(safeChanges) : '',
    changes.map((c) => changeText(c, names)).join('; '),
    record.source.event,
  ];
  return cells.map(neutralise);
}

/**
 * csv-stringify quotes a cell with the record delimiter (CRLF) but not one with a bare CR or LF; quoting
 * every cell with any line break keeps the cell whole for every RFC 4180 reader.
 */
function csvLine(cells: readonly string[]): string {
  return stringify([cells], { record_delimiter: 'windows', quoted_match: HAS_LINE_BREAK });
}

export interface ChunkEncoding {
  /** Text before the first record of the whole export (on the first chunk only). */
  readonly start: string;
  /** A record, given how many records the export has emitted before it. */
  row(record: AuditRecord, before: number): string;
  /** Text after the last record of the whole export (on the last chunk only). */
  readonly end: string;
}

/**
 * A record with its actor's display name beside the account id, where one is known. The name is not
 * part of the sealed record (chain-hash.ts commits to the fields it names), so a verifier ignores it.
 */
function withName<R extends AuditRecord>(record: R, names: Names): R {
  const name = record.actor.accountId === null ? undefined : names.get(record.actor.accountId);
  return name === undefined ? record : { ...record, actor: { ...record.actor, displayName: name } };
}

/**
 * The encoding; `header` (the seal header, export-header.ts) comes first in NDJSON and JSON, as the first
 * line or the array's first element, and counts as a piece emitted before the records. CSV takes none:
 * it is for spreadsheets, not for verification. `names` gives the actors' display names.
 */
export function encodingOf(
  format: TextExportFormat,
  header?: object,
  names: Names = NO_NAMES,
): ChunkEncoding {
  switch (format) {
    case 'csv':
      return {
        start: BOM + csvLine(CSV_COLUMNS),
        row: (record) => csvLine(csvCells(record, names)),
        end: '',
      };
    case 'ndjson':
      return {
        start: header ? `${JSON.stringify(header)}\n` : '',
        row: (record) => `${JSON.stringify(withName(record, names))}\n`,
        end: '',
      };
    case 'json':
      return {
        start: header ? `[\n${JSON.stringify(header)}` : '[',
        row: (record, before) => `${before === 0 ? '\n' : ',\n'}${JSON.stringify(withName(record, names))}`,
        end: '\n]',
      };
  }
}

/**
 * A line of a verifiable export that is not a record (a signed removal, src/seal/removal-line.ts), with
 * the punctuation a record in its place would have: a line of NDJSON, an element of the JSON array.
 */
export function entryPiece(format: 'ndjson' | 'json', value: object, before: number): string {
  const text = JSON.stringify(value);
  if (format === 'ndjson') return `${text}\n`;
  return `${before === 0 ? '\n' : ',\n'}${text}`;
}

/**
 * The bytes a piece of text adds to the resolver's answer: UTF-8 of its JSON string encoding (the chunk
 * travels inside a JSON response, where quotes, backslashes and control characters are escaped — CSV's
 * doubled quotes and JSON's own quotes both grow). Additive over concatenation, so pieces are measured
 * one by one.
 */
export function encodedSize(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
}
