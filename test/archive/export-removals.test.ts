import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportActivity } from '../../src/activity/export-activity';
import { packArchive } from '../../src/packing/pack-archive';
import { runRetention } from '../../src/retention/run-retention';
import { readSealed } from '../../src/seal/read-sealed';
import { sealPending } from '../../src/seal/seal-pending';
import { readSealState } from '../../src/seal/seal-state';
import type { SealedRecord } from '../../src/seal/sealed-record';
import { verifyFile } from '../../src/seal/verify-cli';
import type { Store } from '../../src/store/database';
import { testEngines } from '../support/engines';
import { everyProduct } from '../support/every-product';
import { storeForSuite } from '../support/suite-store';
import { farDeadline, insertRecords, makeRecord, T0 } from '../seal/seal-support';

const DAY = 24 * 60 * 60 * 1000;
const NOW = T0 + 100 * DAY;
/** Event days by seq in blocks of ten; with a 50-day maximum age the days below 50 expire. */
const DAYS = [
  ...[1, 1, 2, 2, 3, 3, 4, 4, 5, 5],
  ...[60, 61, 62, 63, 64, 10, 11, 65, 66, 67],
  ...[70, 70, 71, 71, 72, 72, 73, 73, 74, 20],
  ...[30, 30, 31, 31, 32, 32, 33, 33, 34, 34],
  ...[80, 81, 40, 82, 83],
];
const KEPT = DAYS.flatMap((d, i) => (d >= 50 ? [i + 1] : []));

type Line = Record<string, unknown>;

/** Every chunk of an unfiltered export, small chunks so that records and removals span several. */
async function exportAll(target: Store, format: 'ndjson' | 'json', chunkBytes: number): Promise<string> {
  let text = '';
  let cursor: string | undefined;
  do {
    const chunk = await exportActivity(
      target,
      { filters: {}, format, ...(cursor ? { cursor } : {}) },
      { products: everyProduct, chunkBytes },
    );
    text += chunk.chunk;
    cursor = chunk.nextCursor;
  } while (cursor);
  return text;
}

const lines = (ndjson: string): Line[] =>
  ndjson
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Line);

describe.each(testEngines)('exports after retention removed records inside the chain, on $name', (engine) => {
  const store = storeForSuite(engine);
  let dir: string;
  let n = 0;
  let before: SealedRecord[];
  let fingerprint: string;

  const file = (text: string, ext = 'ndjson') => {
    const path = join(dir, `export-${++n}.${ext}`);
    writeFileSync(path, text);
    return path;
  };
  const ndjson = (items: readonly unknown[]) => file(items.map((l) => JSON.stringify(l)).join('\n') + '\n');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-export-removals-'));
    await insertRecords(
      store(),
      DAYS.map((d, i) => makeRecord(i + 1, { receivedMs: T0 + (i + 1) * 1000, timeMs: T0 + d * DAY })),
    );
    await sealPending(store(), { deadlineMs: farDeadline() });
    before = await readSealed(store(), 0, 1000);
    const pack = () =>
      packArchive(store(), {
        deadlineMs: farDeadline(),
        blockRecords: 10,
        settleMs: 0,
        maxLiveAgeMs: Number.MAX_SAFE_INTEGER,
      });
    await pack();
    await pack();
    const head = (await readSealState(store()))!.head.seq;
    await runRetention(store(), {
      settings: { maxAgeDays: 50, budgetBytes: 1024 ** 3 },
      nowMs: NOW,
      deadlineMs: farDeadline(),
      rolledUpSeq: head,
    });
    fingerprint = lines(await exportAll(store(), 'ndjson', 1_000_000))[0]!.fingerprint as string;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('an NDJSON export, chunk by chunk, carries one signed line per removed run and verifies with the pinned key', async () => {
    const text = await exportAll(store(), 'ndjson', 3_000);
    const all = lines(text);
    const removals = all.filter((l) => 'removed' in l).map((l) => l.removed as Line);
    // Runs within each block, newest block first; each run's last seq keeps the hash the chain goes on from.
    expect(removals.map((r) => [r.from, r.to])).toEqual([
      [43, 43],
      [31, 40],
      [30, 30],
      [16, 17],
    ]);
    for (const r of removals) expect(r.hash).toBe(before[(r.to as number) - 1]!.hash);
    // Records come first, newest first, exactly the kept ones; the removals follow them.
    const records = all.filter((l) => typeof l.seq === 'number');
    expect(records.map((r) => r.seq).sort((a, b) => Number(a) - Number(b))).toEqual(KEPT);
    expect(all.findIndex((l) => 'removed' in l)).toBe(1 + records.length);

    const report = await verifyFile(file(text), { key: fingerprint });
    expect(report).toMatchObject({ ok: true, checked: KEPT.length, removed: 14, unchecked: [] });

    // Without the removal lines the same records fail where the first gap is.
    const bare = await verifyFile(ndjson(all.filter((l) => !('removed' in l))));
    expect(bare).toMatchObject({ ok: false, firstBadSeq: 16, problem: { kind: 'missing' } });
  });

  test('a JSON export verifies the same way', async () => {
    const text = await exportAll(store(), 'json', 2_500);
    const parsed = JSON.parse(text) as Line[];
    expect(parsed.filter((l) => 'removed' in l)).toHaveLength(4);
    expect(await verifyFile(file(text, 'json'), { key: fingerprint })).toMatchObject({
      ok: true,
      checked: KEPT.length,
      removed: 14,
    });
  });

  test('a deleted record line covered by a forged removal fails at that seq; so does an altered one', async () => {
    const all = lines(await exportAll(store(), 'ndjson', 1_000_000));
    const real = all.find((l) => 'removed' in l && (l.removed as Line).from === 16)!.removed as Line;
    // Seq 25 taken out, and a removal line for it signed with the wrong message (another run's signature).
    const forged = {
      removed: { from: 25, to: 25, hash: before[24]!.hash, signature: real.signature },
    };
    const hidden = [...all.filter((l) => l.seq !== 25), forged];
    expect(await verifyFile(ndjson(hidden), { key: fingerprint })).toMatchObject({
      ok: false,
      firstBadSeq: 25,
      problem: { kind: 'removal_forged' },
    });
    // An unsigned one.
    const unsigned = [
      ...all.filter((l) => l.seq !== 25),
      { removed: { from: 25, to: 25, hash: before[24]!.hash } },
    ];
    expect(await verifyFile(ndjson(unsigned), { key: fingerprint })).toMatchObject({
      ok: false,
      firstBadSeq: 25,
      problem: { kind: 'removal_forged' },
    });
    // A real removal stretched over the next record, whose line is taken out too.
    const stretched = all
      .filter((l) => l.seq !== 18)
      .map((l) => ('removed' in l && (l.removed as Line).from === 16 ? { removed: { ...real, to: 18 } } : l));
    expect(await verifyFile(ndjson(stretched), { key: fingerprint })).toMatchObject({
      ok: false,
      firstBadSeq: 16,
      problem: { kind: 'removal_forged' },
    });
  });

  test('a filtered export carries no removal lines', async () => {
    const chunk = await exportActivity(
      store(),
      { filters: { products: ['jira'] }, format: 'ndjson' },
      { products: everyProduct },
    );
    expect(lines(chunk.chunk).some((l) => 'removed' in l)).toBe(false);
  });
});
