import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { exportPayloadSchema } from '../../src/activity/activity-payloads';
import { exportActivity, type ExportChunk } from '../../src/activity/export-activity';
import { everyProduct } from '../support/every-product';
import { CSV_COLUMNS } from '../../src/activity/export-format';
import type { AuditRecord } from '../../src/record/audit-record';
import { testEngines } from '../support/engines';
import {
  deliverIssueUpdate,
  ids,
  jiraIssueOf,
  jiraUserOf,
  loadSynthetic,
  oracle,
  storedRecords,
  type OracleFilter,
} from './support';

const DAY_MS = 86_400_000;
const SMALL_CHUNK = 60_000;

/** What a cell must read: the record's value, with a leading quote where a spreadsheet would see a formula. */
function expectedCell(value: string | null | undefined): string {
  const text = value ?? '';
  return ['=', '+', '-', '@', '\t', '\r'].includes(text.charAt(0)) ? `'${text}` : text;
}

/** The record as JSON exports carry it: the actor's display name beside the account id, where known. */
function named(r: AuditRecord, names: ReadonlyMap<string, string>): AuditRecord {
  const name = r.actor.accountId === null ? undefined : names.get(r.actor.accountId);
  return name === undefined ? r : { ...r, actor: { ...r.actor, displayName: name } as AuditRecord['actor'] };
}

/** One side of a readable change: "(none)", or an assignee's or mention's account ids by name. */
function side(field: string, value: string | null, names: ReadonlyMap<string, string>): string {
  if (value === null) return '(none)';
  const people = ['assignee', 'mentioned'].includes(field.toLowerCase());
  const ids = value.split(',').map((v) => v.trim());
  if (!people || !ids.every((id) => /^(?:[0-9a-f]{24}|\d+:[0-9a-f-]{36})$/i.test(id))) return value;
  return ids.map((id) => names.get(id) ?? id).join(', ');
}

function expectedRow(r: AuditRecord, names: ReadonlyMap<string, string>): string[] {
  const changes = r.changes.map((c) => ({
    field: expectedCell(c.field),
    from: c.from === null ? null : expectedCell(c.from),
    to: c.to === null ? null : expectedCell(c.to),
  }));
  return [
    r.id,
    r.time,
    r.receivedAt,
    r.product,
    r.action,
    r.actor.accountId,
    names.get(r.actor.accountId ?? '') ?? '',
    r.actor.type,
    r.container?.type,
    r.container?.id,
    r.container?.key,
    r.container?.name,
    r.object?.type,
    r.object?.id,
    r.object?.key,
    r.object?.title,
    r.object?.parent?.type,
    r.object?.parent?.id,
    r.object?.parent?.key,
    r.object?.parent?.title,
    r.changes.length > 0 ? JSON.stringify(changes) : '',
    r.changes
      .map((c) => `${c.field}: ${side(c.field, c.from, names)} → ${side(c.field, c.to, names)}`)
      .join('; '),
    r.source.event,
  ].map(expectedCell);
}

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF records (csv-parse is not installed). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text.charAt(i + 1) === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
      } else {
        field += c;
        i += 1;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i += 1;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' && text.charAt(i + 1) === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      if (c === '\n' || c === '\r' || c === '"')
        throw new Error(`bare ${JSON.stringify(c)} at ${i}: not RFC 4180`);
      field += c;
      i += 1;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('last record without CRLF');
  return rows;
}

const travelSize = (chunk: ExportChunk) => Buffer.byteLength(JSON.stringify(chunk), 'utf8');

describe.each(testEngines)('activity.export on $name', (engine) => {
  let sandbox: Sandbox;
  let records: AuditRecord[];
  const invoke = (key: string, payload: unknown) =>
    sandbox.host.invoke('jira:adminPage', key, payload, sandbox.defaultAccountId);
  /** The site's people by account id, as the people lookup finds them. */
  const names = () => new Map(sandbox.site.users.map((u) => [u.accountId, u.displayName]));

  /** Every chunk of an export (with a small chunk budget, through the function the resolver calls). */
  async function exportAll(
    format: 'csv' | 'json' | 'ndjson',
    filters: Record<string, unknown>,
    options: { chunkBytes?: number; smallResultMax?: number } = { chunkBytes: SMALL_CHUNK },
  ): Promise<ExportChunk[]> {
    const chunks: ExportChunk[] = [];
    let cursor: string | undefined;
    do {
      const input = exportPayloadSchema.parse({ format, filters, ...(cursor ? { cursor } : {}) });
      const chunk = await exportActivity(sandbox.opened.store, input, { ...options, products: everyProduct });
      chunks.push(chunk);
      cursor = chunk.nextCursor;
      if (chunks.length > 1000) throw new Error('runaway export');
    } while (cursor);
    return chunks;
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    await loadSynthetic(sandbox, 3000, 11);
    // Content a spreadsheet would run as a formula, in a title and in changed values, plus quotes,
    // commas, line breaks and non-ASCII text that CSV must carry intact.
    const actor = jiraUserOf(sandbox, sandbox.defaultAccountId);
    const issues = sandbox.site.issues;
    const at = Date.now() - DAY_MS;
    const nasty: [string, string, string][] = [
      ['=HYPERLINK("http://evil.example","click")', '+1', '-2'],
      ['@SUM(A1:A9)', '\tindented', '\rreturn'],
      ['Quote "this", please', 'line one\nline two', '=1+1'],
      ['Ünïcödé — ✓ 日本語', '-', '@'],
    ];
    for (const [i, [title, from, to]] of nasty.entries()) {
      await deliverIssueUpdate(sandbox, {
        issue: jiraIssueOf(sandbox, issues[i]!, title),
        actor,
        at: new Date(at + i),
        from,
        to,
      });
    }
    records = await storedRecords(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('CSV over many chunks parses back to exactly the rows, formulas neutralised', async () => {
    const chunks = await exportAll('csv', {});
    expect(records.length).toBeGreaterThan(2500);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(travelSize(chunk)).toBeLessThan(SMALL_CHUNK + 1000);
    // The BOM and header on the first chunk only.
    expect(chunks[0]!.chunk.startsWith('\uFEFFid,time,')).toBe(true);
    expect(chunks.slice(1).every((c) => !c.chunk.includes('\uFEFF') && !c.chunk.startsWith('id,'))).toBe(
      true,
    );
    expect(chunks.reduce((n, c) => n + c.rows, 0)).toBe(records.length);
    expect(chunks[0]!.estimatedRows).toBe(records.length);
    expect(chunks.slice(1).every((c) => c.estimatedRows === undefined)).toBe(true);

    const [header, ...rows] = parseCsv(
      chunks
        .map((c) => c.chunk)
        .join('')
        .slice(1),
    );
    expect(header).toEqual([...CSV_COLUMNS]);
    const want = oracle(records, {});
    expect(rows).toEqual(want.map((r) => expectedRow(r, names())));
    // Names, parents' titles and readable changes, as an auditor reads them.
    const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const admin = sandbox.site.users.find((u) => u.accountId === sandbox.defaultAccountId)!;
    expect(rows.filter((r) => r[column('actorName')] === admin.displayName).length).toBeGreaterThan(3);
    expect(rows.some((r) => r[column('changesText')] === "summary: '+1 → -2")).toBe(false);
    expect(rows.some((r) => r[column('changesText')] === 'summary: +1 → -2')).toBe(true);
    // A reassignment's account ids read as the people's names.
    const assigned = rows.find(
      (r) => r[column('action')] === 'issue.assigned' && /^assignee: /.test(r[column('changesText')]!),
    );
    expect(assigned).toBeDefined();
    expect(assigned![column('changesText')]).not.toMatch(/[0-9a-f]{24}|\d+:[0-9a-f-]{36}/);
    expect(rows.some((r) => r[column('objectType')] === 'comment' && r[column('parentTitle')] !== '')).toBe(
      true,
    );
    // The crafted cells really are there, neutralised.
    const cells = rows.flat();
    expect(cells).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(cells).toContain("'@SUM(A1:A9)");
    expect(cells.some((c) => c.includes('"from":"\'+1"') && c.includes('"to":"\'-2"'))).toBe(true);
    expect(cells).toContain('Ünïcödé — ✓ 日本語');
    expect(cells.every((c) => !/^[=+\-@\t\r]/.test(c))).toBe(true);
  });

  test('JSON chunks concatenate into one valid array of the records', async () => {
    const chunks = await exportAll('json', {});
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks[0]!.chunk.startsWith('[')).toBe(true);
    expect(chunks[chunks.length - 1]!.chunk.endsWith(']')).toBe(true);
    for (const chunk of chunks) expect(travelSize(chunk)).toBeLessThan(SMALL_CHUNK + 1000);
    const parsed = JSON.parse(chunks.map((c) => c.chunk).join('')) as AuditRecord[];
    expect(parsed).toEqual(oracle(records, {}).map((r) => named(r, names())));
  });

  test('NDJSON: one record per line, line count = rows', async () => {
    const filter: OracleFilter = { products: ['confluence'] };
    const chunks = await exportAll('ndjson', { products: ['confluence'] });
    const text = chunks.map((c) => c.chunk).join('');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBe(chunks.reduce((n, c) => n + c.rows, 0));
    expect(lines.map((l) => JSON.parse(l) as AuditRecord)).toEqual(
      oracle(records, filter).map((r) => named(r, names())),
    );
  });

  test('the estimate is exact where one index answers the filter, and extrapolated from the first chunk elsewhere', async () => {
    const project = sandbox.site.projects[1]!.id;
    const [exact] = await exportAll('ndjson', { containers: [project] }, { chunkBytes: 20_000 });
    expect(exact!.estimatedRows).toBe(oracle(records, { containers: [project] }).length);
    const [extrapolated] = await exportAll('ndjson', { text: 'e' }, { chunkBytes: 20_000 });
    const truth = oracle(records, { text: 'e' }).length;
    expect(extrapolated!.nextCursor).toBeDefined();
    expect(extrapolated!.estimatedRows).toBeGreaterThan(truth * 0.5);
    expect(extrapolated!.estimatedRows).toBeLessThan(truth * 2);
  });

  test('empty results are still valid files', async () => {
    const filters = { text: 'no such text anywhere' };
    const [json] = await exportAll('json', filters);
    expect(JSON.parse(json!.chunk)).toEqual([]);
    expect(json).toMatchObject({ rows: 0, estimatedRows: 0 });
    const [csv] = await exportAll('csv', filters);
    expect(parseCsv(csv!.chunk.slice(1))).toEqual([[...CSV_COLUMNS]]);
    const [ndjson] = await exportAll('ndjson', filters);
    expect(ndjson!.chunk).toBe('');
  });

  test('a JQL export (matched per batch) has the JQL rows and no estimate', async () => {
    const project = sandbox.site.projects[0]!;
    const jqlIssues = new Set(sandbox.site.issues.filter((i) => i.projectId === project.id).map((i) => i.id));
    const chunks = await exportAll(
      'ndjson',
      { jql: `project = ${project.key}` },
      { chunkBytes: 20_000, smallResultMax: 0 },
    );
    expect(chunks[0]!.estimatedRows).toBeUndefined();
    const got = chunks
      .map((c) => c.chunk)
      .join('')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => (JSON.parse(l) as AuditRecord).id);
    const want = ids(oracle(records, { jqlIssues }));
    expect(want.length).toBeGreaterThan(20);
    expect(got).toEqual(want);
  });

  test('through the resolver: a first chunk with the default budget holds everything, under 4 MB', async () => {
    const answer = (await invoke('activity.export', {
      format: 'csv',
      filters: { products: ['jira'] },
    })) as ExportChunk;
    const want = oracle(records, { products: ['jira'] });
    expect(answer).toMatchObject({ rows: want.length, estimatedRows: want.length });
    expect(answer.nextCursor).toBeUndefined();
    expect(travelSize(answer)).toBeLessThan(4_000_000);
    // And a cursor from the CSV export is no good for the JSON one.
    const first = await exportActivity(
      sandbox.opened.store,
      exportPayloadSchema.parse({ format: 'csv', filters: {} }),
      { chunkBytes: SMALL_CHUNK, products: everyProduct },
    );
    expect(
      await invoke('activity.export', { format: 'json', filters: {}, cursor: first.nextCursor }),
    ).toMatchObject({
      error: { code: 'BAD_REQUEST', field: 'cursor' },
    });
  });
});
