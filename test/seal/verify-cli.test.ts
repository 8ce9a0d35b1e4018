import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { PSEUDONYM_PREFIX } from '../../src/seal/personal-fields';
import { sealHeader } from '../../src/seal/export-header';
import { readSealed } from '../../src/seal/read-sealed';
import { sealPending } from '../../src/seal/seal-pending';
import type { SealedRecord } from '../../src/seal/sealed-record';
import { main, verifyFile } from '../../src/seal/verify-cli';
import { signCheckpoint, type Checkpoint } from '../../src/seal/checkpoint';
import { keyFingerprint, publicKeyText } from '../../src/seal/signing-key';
import type { Store } from '../../src/store/database';
import { testEngines } from '../support/engines';
import { farDeadline, insertRecords, recordErasuresLocked, records, T0 } from './seal-support';

const ROOT = resolve(__dirname, '../..');

describe.each(testEngines)('npm run verify on an export from $name', (engine) => {
  let sandbox: Sandbox;
  let target: Store;
  let dir: string;
  let exported: SealedRecord[];
  let n = 0;

  /** Writes lines to a fresh file and runs the CLI's main on it: exit code and what it printed. */
  async function run(lines: readonly unknown[], ...flags: string[]) {
    const file = join(dir, `export-${++n}.ndjson`);
    writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
    const out: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
    const error = jest.spyOn(console, 'error').mockImplementation((m: string) => void out.push(m));
    try {
      return { code: await main([file, ...flags]), output: out.join('\n'), file };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }
  const edited = (seq: number, change: (r: SealedRecord) => SealedRecord) =>
    exported.map((r) => (r.seq === seq ? change(r) : r));

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    target = sandbox.opened.store;
    await insertRecords(target, records(1, 40, T0));
    await sealPending(target, { deadlineMs: farDeadline() });
    exported = await readSealed(target, 0, 1000);
    dir = mkdtempSync(join(tmpdir(), 'audit-verify-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await sandbox.close();
    await engine.dropAll();
  });

  test('an intact export verifies: exit 0', async () => {
    const { code, output } = await run(exported);
    expect(code).toBe(0);
    // Without a header there is no key: what the chain alone proves is checked, and the rest is named.
    expect(output).toMatch(
      /^OK: .*: 40 records verified, through seq 40; not checked: record signatures \(no signed checkpoint in a header\)$/,
    );
  });

  test('a part of the log (as a pull-API page gives it) verifies on its own', async () => {
    expect((await run(exported.slice(10, 25))).code).toBe(0);
  });

  test.each<[string, number, (r: SealedRecord) => SealedRecord]>([
    ['a title', 17, (r) => ({ ...r, object: { ...r.object!, title: 'Forged' } })],
    ['the actor', 17, (r) => ({ ...r, actor: { ...r.actor, accountId: '557058:someone-else' } })],
    [
      'a changed value',
      3,
      (r) => ({ ...r, changes: [{ ...r.changes[0]!, to: 'Forged' }, ...r.changes.slice(1)] }),
    ],
    ['the action', 40, (r) => ({ ...r, action: 'issue.deleted' })],
    ['the time', 1, (r) => ({ ...r, time: '2020-01-01T00:00:00.000Z' })],
    ['a hash', 22, (r) => ({ ...r, hash: 'c'.repeat(64) })],
    ['the opening keys (dropped)', 9, (r) => ({ ...r, seal: { ...r.seal, openings: {} } })],
  ])('editing %s is found: exit 1 naming the seq', async (_name, seq, change) => {
    const { code, output } = await run(edited(seq, change));
    expect(code).toBe(1);
    expect(output).toContain(`TAMPERED`);
    expect(output).toContain(`first bad seq ${seq} `);
  });

  test('a removed line, a repeated line and a line that is not JSON are found', async () => {
    expect((await run(exported.filter((r) => r.seq !== 12))).output).toContain('first bad seq 12 (missing)');
    // Lines are read in seq order, whatever their order in the file; a repeated one is found.
    const repeated = [...exported.slice(0, 5), exported[4]!, ...exported.slice(5)];
    expect((await run(repeated)).output).toContain('first bad seq 6 (missing)');
    const broken = exported.map((r) => (r.seq === 8 ? '{"seq": 8, "truncated' : r));
    expect(await run(broken)).toMatchObject({
      code: 1,
      output: expect.stringContaining('first bad seq 8 (malformed)'),
    });
  });

  test('lines cut from the end are found against the head the site published', async () => {
    const head = exported[39]!;
    expect((await run(exported.slice(0, 38), '--head', `${head.seq}:${head.hash}`)).output).toContain(
      'first bad seq 39 (missing)',
    );
    expect((await run(exported, '--head', `${head.seq}:${head.hash}`)).code).toBe(0);
  });

  test('an export taken after erasure verifies with its header, naming the erased records', async () => {
    const [six, seven] = [exported[5]!, exported[6]!];
    await recordErasuresLocked(target, [
      { recordId: six.id, paths: ['actor.accountId'] },
      { recordId: seven.id, paths: ['object.title'] },
    ]);
    await target.db
      .updateTable('audit_event')
      .set({ actor_id: `${PSEUDONYM_PREFIX}42` })
      .where('seq', '=', 6)
      .execute();
    await target.db.updateTable('audit_event').set({ object_title: null }).where('seq', '=', 7).execute();
    const afterErasure = await readSealed(target, 0, 1000);
    // The erased fields' opening keys are no longer given out.
    expect(afterErasure[5]!.seal.openings['actor.accountId']).toBeUndefined();
    expect(afterErasure[6]!.seal.openings['object.title']).toBeUndefined();
    const header = (await sealHeader(target))!;
    const { code, output } = await run([header, ...afterErasure]);
    expect(code).toBe(0);
    expect(output).toContain('2 with erased personal fields (seq 6, 7)');
    // Without the header's key, no erasure entry can be checked: the erased values are reported.
    expect((await run(afterErasure)).output).toContain('first bad seq 6 (field_altered)');
    // A value blanked without an entry is tampering, with the header too.
    const blanked = afterErasure.map((r) =>
      r.seq === 9 ? { ...r, actor: { ...r.actor, accountId: null } } : r,
    );
    expect((await run([header, ...blanked])).output).toContain('first bad seq 9 (field_altered)');
  });

  test('with the header: the checkpoint is checked, newest-first order is read, the key can be pinned', async () => {
    const header = (await sealHeader(target))!;
    const all = await readSealed(target, 0, 1000);
    const newestFirst = await run([header, ...[...all].reverse()], '--key', header.fingerprint);
    expect(newestFirst).toMatchObject({ code: 0 });
    expect(newestFirst.output).toContain(`signed with key ${header.fingerprint}`);
    // A removed head and a removed prefix: the signed checkpoint names what must be there.
    expect((await run([header, ...all.slice(0, 39)])).output).toContain('first bad seq 40 (missing)');
    expect((await run([header, ...all.slice(5)])).output).toContain('first bad seq 1 (missing)');
    // Another key: refused when pinned; a checkpoint not signed by the named key is refused always.
    expect((await run([header, ...all], '--key', '0000:0000:0000:0000:0000:0000:0000:0000')).code).toBe(1);
    const forged = { ...header, checkpoint: { ...(header.checkpoint as object), seq: 39 } };
    expect((await run([forged, ...all])).code).toBe(1);
  });

  test('a filtered export (gaps between runs) verifies and says what it could not check', async () => {
    const header = { ...(await sealHeader(target))!, filtered: true };
    const all = await readSealed(target, 0, 1000);
    const some = all.filter((r) => r.seq % 3 !== 0 || r.seq > 30).reverse();
    const { code, output } = await run([header, ...some]);
    expect(code).toBe(0);
    expect(output).toMatch(/not checked: \d+ gaps where records outside the filter were left out/);
    const edited = some.map((r) => (r.seq === 20 ? { ...r, action: 'issue.deleted' } : r));
    expect((await run([header, ...edited])).output).toContain('first bad seq 20 (hash_mismatch)');
  });

  /** An export exactly as the admin page takes it: `activity.export` chunk by chunk, concatenated. */
  async function adminExport(format: 'ndjson' | 'json', filters: object): Promise<string> {
    let text = '';
    let cursor: string | undefined;
    do {
      const chunk = (await sandbox.host.invoke(
        'jira:adminPage',
        'activity.export',
        { format, filters, ...(cursor ? { cursor } : {}) },
        sandbox.defaultAccountId,
      )) as { chunk: string; nextCursor?: string };
      expect(typeof chunk.chunk).toBe('string');
      text += chunk.chunk;
      cursor = chunk.nextCursor;
    } while (cursor);
    return text;
  }
  /** The export's header and records, and the same file text with each replaced. */
  function parts(format: 'ndjson' | 'json', text: string) {
    const items = (
      format === 'json'
        ? JSON.parse(text)
        : text
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l))
    ) as [Record<string, unknown>, ...Record<string, unknown>[]];
    const write = (all: readonly unknown[]) =>
      format === 'json' ? JSON.stringify(all, null, 1) : all.map((i) => JSON.stringify(i)).join('\n');
    return { header: items[0], records: items.slice(1), write };
  }

  describe.each([
    ['unfiltered', {}],
    ['filtered', { actions: ['issue.updated'] }],
  ] as const)('the admin page’s export, %s', (name, filters) => {
    beforeAll(async () => {
      // Some records not yet sealed: they are exported, and said to be unchecked.
      if (name === 'unfiltered') await insertRecords(target, records(100, 3, T0 + 100_000));
    });

    test.each(['ndjson', 'json'] as const)(
      '%s: untouched it verifies and says what it could not check; edited it fails at that seq',
      async (format) => {
        const text = await adminExport(format, filters);
        const { header, records: lines, write } = parts(format, text);
        expect(header).toMatchObject({ auditTrailSeal: 1, fingerprint: expect.any(String) });
        expect(Boolean(header.filtered)).toBe(name === 'filtered');
        // Newest first, as the admin page lists them.
        expect(String(lines[0]!.time) >= String(lines[lines.length - 1]!.time)).toBe(true);
        const file = join(dir, `admin-${name}.${format}`);
        writeFileSync(file, text);
        const report = await verifyFile(file, { key: header.fingerprint as string });
        expect(report).toMatchObject({ ok: true });
        expect(report.checked).toBeGreaterThan(0);
        expect(report.unchecked.join('; ')).toMatch(
          name === 'filtered'
            ? /gaps where records outside the filter were left out/
            : /3 records not yet sealed/,
        );
        const seq = (lines.find((l) => typeof l.seq === 'number' && l.seq > 5) as { seq: number }).seq;
        const edited = join(dir, `admin-${name}-edited.${format}`);
        writeFileSync(
          edited,
          write([header, ...lines.map((l) => (l.seq === seq ? { ...l, action: 'issue.deleted' } : l))]),
        );
        expect(await verifyFile(edited)).toMatchObject({ ok: false, firstBadSeq: seq });
      },
    );

    test.each(['ndjson', 'json'] as const)(
      '%s: another key in the header fails when the real fingerprint is pinned',
      async (format) => {
        const { header, records: lines, write } = parts(format, await adminExport(format, filters));
        // The attacker's whole rewrite: their own key, a checkpoint signed with it.
        const { privateKey } = generateKeyPairSync('ed25519');
        const publicKey = publicKeyText(privateKey);
        const checkpoint = signCheckpoint(privateKey, header.checkpoint as Checkpoint);
        const swapped = { ...header, publicKey, fingerprint: keyFingerprint(publicKey), checkpoint };
        const file = join(dir, `admin-${name}-swapped.${format}`);
        writeFileSync(file, write([swapped, ...lines]));
        expect(await main([file, '--key', header.fingerprint as string]).catch(() => 2)).toBe(1);
      },
    );
  });

  test('usage errors: exit 2', async () => {
    expect(await main([])).toBe(2);
    expect(await main([join(dir, 'no-such-file.ndjson')])).toBe(2);
  });

  if (engine.name === 'sqlite') {
    test('`npm run verify -- <file>` runs it: exit 0 when intact, 1 naming the seq when not', async () => {
      const good = (await run(exported)).file;
      const bad = (await run(edited(25, (r) => ({ ...r, receivedAt: new Date(T0).toISOString() })))).file;
      const npm = (file: string) =>
        spawnSync('npm', ['run', '--silent', 'verify', '--', file], { cwd: ROOT, encoding: 'utf8' });
      expect(npm(good).status).toBe(0);
      const failed = npm(bad);
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain('first bad seq 25 (hash_mismatch)');
    });
  }
});
