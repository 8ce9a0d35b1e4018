/**
 * CSV exports are safe to open (CSV / formula injection): whatever text a record holds, no cell that a
 * reader finds starts a formula. Two readers: csv-parse (RFC 4180, the file as written) and a careless
 * one that ignores quoting, so that every line break starts a row and every comma, semicolon or tab a
 * cell, as spreadsheet imports with another separator or a line-by-line reader do.
 */
import { parse } from 'csv-parse/sync';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { exportPayloadSchema } from '../../src/activity/activity-payloads';
import { exportActivity } from '../../src/activity/export-activity';
import { CSV_COLUMNS, csvCells, encodingOf, neutralise } from '../../src/activity/export-format';
import type { AuditRecord, Change } from '../../src/record/audit-record';
import { cut } from '../../src/capture/normalize/text';
import { fieldLengths } from '../../src/limits';
import { insertAuditRecord } from '../../src/store/audit-events';
import { testEngines } from '../support/engines';
import { everyProduct } from '../support/every-product';

/** A small seeded PRNG (mulberry32): the same strings on every run, so a failure can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T };
}
type Rng = ReturnType<typeof prng>;

const FORMULA = ['=', '+', '-', '@', '\t', '\r', "=cmd|'/C calc'!A0", '=1+1', '+1', '-2', '@SUM(A1:A9)'];
const BREAKS = ['\n', '\r', '\r\n', '\n\r', '\u2028', '\u2029', '\u0085', '\v', '\f'];
const SEPARATORS = [',', ';', '\t', '|'];
const BLANKS = [' ', '  ', '\u00a0', '\uFEFF', '\u200b', '\u3000'];
const QUOTES = ['"', '""', "'", '`'];
const TEXT = ['Plan', 'HYPERLINK("http://evil.example","x")', 'Ünïcödé — ✓ 日本語', '💥', 'a b', '0', ''];

/** Text built from pieces an attacker would use, often ending a piece with a formula right after a break. */
function hostile(r: Rng): string {
  const groups = [FORMULA, BREAKS, SEPARATORS, BLANKS, QUOTES, TEXT];
  let text = '';
  const pieces = 1 + Math.floor(r.next() * 8);
  for (let i = 0; i < pieces; i++) {
    text += r.pick(r.pick(groups));
    if (r.next() < 0.3) text += r.pick(BREAKS) + r.pick([...BLANKS, '', '', '"']) + r.pick(FORMULA);
  }
  return text;
}

/** A record with hostile text in every field, including those a real event never fills freely. */
function hostileRecord(r: Rng): AuditRecord {
  const h = () => hostile(r);
  const record = {
    id: h(),
    time: h(),
    receivedAt: h(),
    product: h(),
    action: h(),
    actor: { accountId: h(), type: h() },
    container: { type: h(), id: h(), key: h(), name: h() },
    object: { type: h(), id: h(), key: h(), title: h(), parent: { type: h(), id: h(), key: h() } },
    changes: [
      { field: h(), from: h(), to: h() },
      { field: h(), from: null, to: h() },
    ],
    source: { event: h() },
  };
  // csvCells must be safe whatever a record holds, so the closed unions (product, actor and container
  // types) get hostile text too.
  return record as unknown as AuditRecord;
}

/** True when `cell` is `original` with nothing but single quotes put in (the neutralising marks). */
function onlyQuotesAdded(cell: string, original: string): boolean {
  let j = 0;
  for (const c of cell) {
    if (j < original.length && original.startsWith(c, j)) j += c.length;
    else if (c !== "'") return false;
  }
  return j === original.length;
}

/** The record's own text per column, before any neutralising (the changes column is checked per value). */
function rawCells(r: AuditRecord): string[] {
  return [
    r.id,
    r.time,
    r.receivedAt,
    r.product,
    r.action,
    r.actor.accountId ?? '',
    '',
    r.actor.type,
    r.container?.type ?? '',
    r.container?.id ?? '',
    r.container?.key ?? '',
    r.container?.name ?? '',
    r.object?.type ?? '',
    r.object?.id ?? '',
    r.object?.key ?? '',
    r.object?.title ?? '',
    r.object?.parent?.type ?? '',
    r.object?.parent?.id ?? '',
    r.object?.parent?.key ?? '',
    r.object?.parent?.title ?? '',
    '',
    '',
    r.source.event,
  ];
}

const LINE_BREAK = /\r\n|[\n\r\u2028\u2029\u0085\v\f]/;
/** Leading characters that readers trim or skip (spaces of every kind, zero-width ones, quotes). */
const LEADING = /^[\s"\u200b-\u200d\u2060]*/;

/** A cell a spreadsheet could run: starts with a formula character, as is or once trimmed. */
function runnable(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell) || /^[=+\-@]/.test(cell.replace(LEADING, ''));
}

/** The careless reader: any line break ends a row and any comma, semicolon or tab ends a cell; quotes are text. */
function carelessCells(file: string): string[] {
  return file.split(LINE_BREAK).flatMap((line) => line.split(/[,;\t]/));
}

function csvFile(records: readonly AuditRecord[]): string {
  const encoding = encodingOf('csv');
  return encoding.start + records.map((record, i) => encoding.row(record, i)).join('') + encoding.end;
}

/** Every way the file could be unsafe or unfaithful, as readable lines (empty when all is well). */
function problemsOf(file: string, records: readonly AuditRecord[]): string[] {
  const problems: string[] = [];
  const show = JSON.stringify;
  const rows = parse(file, { bom: true }) as string[][];
  if (show(rows[0]) !== show(CSV_COLUMNS)) problems.push(`header ${show(rows[0])}`);
  if (rows.length !== records.length + 1)
    problems.push(`${rows.length - 1} rows for ${records.length} records`);
  for (const [i, row] of rows.slice(1).entries()) {
    const record = records[i]!;
    if (show(row) !== show(csvCells(record))) problems.push(`row ${i} reads back as ${show(row)}`);
    const raw = rawCells(record);
    for (const [c, cell] of row.entries()) {
      if (runnable(cell)) problems.push(`row ${i} ${CSV_COLUMNS[c]} runnable: ${show(cell)}`);
      // Nothing but neutralising quotes was put in: the text is the record's own.
      if (CSV_COLUMNS[c] !== 'changes' && CSV_COLUMNS[c] !== 'changesText' && !onlyQuotesAdded(cell, raw[c]!))
        problems.push(`row ${i} ${CSV_COLUMNS[c]}: ${show(cell)} is not ${show(raw[c])}`);
    }
    const changes = JSON.parse(row[CSV_COLUMNS.indexOf('changes')]!) as Change[];
    for (const [k, original] of record.changes.entries()) {
      for (const key of ['field', 'from', 'to'] as const) {
        const value = changes[k]?.[key];
        const before = original[key];
        const faithful =
          value === null
            ? before === null
            : value !== undefined && before !== null && onlyQuotesAdded(value, before);
        if (!faithful) problems.push(`row ${i} change ${k}.${key}: ${show(value)} is not ${show(before)}`);
        if (typeof value === 'string' && runnable(value))
          problems.push(`row ${i} change ${k}.${key} runnable: ${show(value)}`);
      }
    }
  }
  for (const cell of carelessCells(file.slice(1))) {
    if (runnable(cell)) problems.push(`careless reader's cell runnable: ${show(cell)}`);
  }
  return problems;
}

describe('CSV cells from hostile text', () => {
  test('the attacks from the security report are neutralised and the cells quoted', () => {
    expect(neutralise("Plan\n=cmd|'/C calc'!A0")).toBe("Plan\n'=cmd|'/C calc'!A0");
    expect(neutralise('\r=1+1')).toBe("'\r'=1+1");
    expect(neutralise('a\r\n@SUM(A1)')).toBe("a\r\n'@SUM(A1)");
    const line = encodingOf('csv').row(
      hostileRecordWith({ title: "Plan\n=cmd|'/C calc'!A0", accountId: '\r=1+1' }),
      0,
    );
    expect(line).toContain(`"Plan\n'=cmd|'/C calc'!A0"`);
    expect(line).toContain(`"'\r'=1+1"`);
  });

  test('ordinary text is left alone', () => {
    for (const text of ['Plan', 'A - B', 'x@y.example', 'line one\nline two', '10-2', 'a, b; c', ''])
      expect(neutralise(text)).toBe(text);
  });

  test('property: 400 records of generated hostile text in every column, read by both readers', () => {
    const r = prng(20260311);
    const records = Array.from({ length: 400 }, () => hostileRecord(r));
    // Neutralising twice changes nothing more (the changes column's values are neutralised, then its JSON).
    for (const cell of records.flatMap(rawCells)) expect(neutralise(neutralise(cell))).toBe(neutralise(cell));
    expect(problemsOf(csvFile(records), records)).toEqual([]);
  });
});

/** A plausible record with the given text in the actor id and the title. */
function hostileRecordWith(text: { title: string; accountId: string }): AuditRecord {
  return {
    id: '0123456789abcdef0123456789abcdef',
    time: '2026-03-02T11:00:00.000Z',
    receivedAt: '2026-03-02T11:00:01.000Z',
    product: 'jira',
    action: 'issue.updated',
    actor: { accountId: text.accountId, type: 'user' },
    container: { type: 'project', id: '10000', key: '\r=1+1', name: '\n+1' },
    object: { type: 'issue', id: '10001', key: 'OPS-1', title: text.title },
    changes: [{ field: 'summary', from: 'a\n=1', to: text.title }],
    source: { event: 'avi:jira:updated:issue' },
  };
}

describe.each(testEngines)('a CSV export of stored hostile records on $name', (engine) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('every row read back by both readers, nothing runnable', async () => {
    const r = prng(7);
    const stored: AuditRecord[] = [];
    for (let i = 0; i < 60; i++) {
      // Ids, times and the closed unions keep their shapes; every free-text field is hostile, cut to its
      // column as the normalizer cuts it.
      const text = (max: number) => cut(hostile(r), max);
      const record: AuditRecord = {
        id: i.toString(16).padStart(32, '0'),
        time: new Date(Date.UTC(2026, 2, 2, 11, 0, 0, i)).toISOString(),
        receivedAt: new Date(Date.UTC(2026, 2, 2, 11, 0, 1, i)).toISOString(),
        product: 'jira',
        action: text(fieldLengths.action),
        actor: { accountId: text(fieldLengths.accountId), type: 'user' },
        container: {
          type: 'project',
          id: text(fieldLengths.refId),
          key: text(fieldLengths.refKey),
          name: text(fieldLengths.containerName),
        },
        object: {
          type: text(fieldLengths.refType),
          id: text(fieldLengths.refId),
          key: text(fieldLengths.refKey),
          title: text(fieldLengths.title),
          parent: {
            type: text(fieldLengths.refType),
            id: text(fieldLengths.refId),
            key: text(fieldLengths.refKey),
          },
        },
        changes: [
          {
            field: text(fieldLengths.changeField),
            from: text(fieldLengths.changeValue),
            to: text(fieldLengths.changeValue),
          },
        ],
        source: { event: text(fieldLengths.sourceEvent) },
      };
      await insertAuditRecord(sandbox.opened.store, record);
      stored.push(record);
    }
    let file = '';
    let cursor: string | undefined;
    do {
      const input = exportPayloadSchema.parse({ format: 'csv', filters: {}, ...(cursor ? { cursor } : {}) });
      const chunk = await exportActivity(sandbox.opened.store, input, {
        chunkBytes: 20_000,
        products: everyProduct,
      });
      file += chunk.chunk;
      cursor = chunk.nextCursor;
    } while (cursor);
    const exported = parse(file, { bom: true }) as string[][];
    expect(exported).toHaveLength(stored.length + 1);
    const byId = new Map(stored.map((record) => [record.id, record]));
    const order = exported.slice(1).map((row) => byId.get(row[0]!)!);
    expect(problemsOf(file, order)).toEqual([]);
  });
});
