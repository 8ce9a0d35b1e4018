import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archivedThrough } from '../../src/archive/block-store';
import { sealHeader } from '../../src/seal/export-header';
import { readSealed } from '../../src/seal/read-sealed';
import { sealPending } from '../../src/seal/seal-pending';
import type { SealedRecord } from '../../src/seal/sealed-record';
import { verifyFile } from '../../src/seal/verify-cli';
import { testEngines } from '../support/engines';
import { storeForSuite } from '../support/suite-store';
import { farDeadline, insertRecords, records, T0 } from '../seal/seal-support';
import { pack } from './archive-support';

const N = 47;

describe.each(testEngines)('npm run verify on an export of archived records from $name', (engine) => {
  const store = storeForSuite(engine);
  let dir: string;
  let live: SealedRecord[];
  let archived: SealedRecord[];
  let n = 0;

  /** An NDJSON export: the header line, then one record per line. */
  function exportFile(lines: readonly unknown[]): string {
    const file = join(dir, `export-${++n}.ndjson`);
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    return file;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-archive-verify-'));
    await insertRecords(store(), records(1, N, T0));
    await sealPending(store(), { deadlineMs: farDeadline() });
    live = await readSealed(store(), 0, 1000);
    await pack(store(), 10);
    await pack(store(), 10);
    expect(await archivedThrough(store())).toBe(40);
    archived = await readSealed(store(), 0, 1000);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('archived records export exactly as they did live: hashes, digests, openings and signatures', () => {
    expect(archived).toEqual(live);
  });

  test('an export spanning both tiers verifies with its header, signatures and all', async () => {
    const header = (await sealHeader(store()))!;
    const report = await verifyFile(exportFile([header, ...archived]), { key: header.fingerprint });
    expect(report).toMatchObject({ ok: true, checked: N, unchecked: [], last: { seq: N } });
  });

  test('a part from inside the archive verifies on its own, newest first too', async () => {
    const report = await verifyFile(exportFile([...archived.slice(12, 33)].reverse()));
    expect(report).toMatchObject({ ok: true, checked: 21 });
  });

  test('an archived record edited in the export is found at its seq', async () => {
    const header = (await sealHeader(store()))!;
    const edited = archived.map((r) => (r.seq === 23 ? { ...r, action: 'issue.deleted' } : r));
    expect(await verifyFile(exportFile([header, ...edited]))).toMatchObject({ ok: false, firstBadSeq: 23 });
  });
});
