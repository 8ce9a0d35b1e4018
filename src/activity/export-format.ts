import { stringify } from 'csv-stringify/sync';
import type { AuditRecord } from '../record/audit-record';
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
  'changes',
  'sourceEvent',
] as const;

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

export function csvCells(record: AuditRecord): string[] {
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
    changes.length > 0 ? JSON.stringify(safeChanges) : '',
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
 * The encoding; `header` (the seal header, export-header.ts) comes first in NDJSON and JSON, as the first
 * line or the array's first element, and counts as a piece emitted before the records. CSV takes none:
 * it is for spreadsheets, not for verification.
 */
export function encodingOf(format: TextExportFormat, header?: object): ChunkEncoding {
  switch (format) {
    case 'csv':
      return { start: BOM + csvLine(CSV_COLUMNS), row: (record) => csvLine(csvCells(record)), end: '' };
    case 'ndjson':
      return {
        start: header ? `${JSON.stringify(header)}\n` : '',
        row: (record) => `${JSON.stringify(record)}\n`,
        end: '',
      };
    case 'json':
      return {
        start: header ? `[\n${JSON.stringify(header)}` : '[',
        row: (record, before) => `${before === 0 ? '\n' : ',\n'}${JSON.stringify(record)}`,
        end: '\n]',
      };
  }
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
