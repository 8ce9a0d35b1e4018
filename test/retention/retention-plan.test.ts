import { withRemoved } from '../../src/archive/block-tombstones';
import type { BlockRecord } from '../../src/archive/block-codec';
import {
  blockMayShrink,
  DAY_MS,
  extendPrefix,
  removalsInBlock,
  retentionBounds,
  wholeBlockGoes,
  rowsOverBudget,
  type RetentionInput,
} from '../../src/retention/retention-plan';
import { daysToBudget, growthPerDay, withSample } from '../../src/retention/storage-growth';
import { averageLengths, estimateRowBytes } from '../../src/retention/storage-size';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const base: RetentionInput = {
  nowMs: NOW,
  maxAgeDays: 30,
  budgetBytes: 1000,
  bytes: 500,
  rows: 100,
  headSeq: 100,
  prunedSeq: 0,
  requiredFloorSeq: null,
  rolledUpSeq: 100,
};
const rows = (from: number, to: number, ageDays: (seq: number) => number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    seq: from + i,
    timeMs: NOW - ageDays(from + i) * DAY_MS,
  }));

describe('retention bounds', () => {
  test('the lowest of head, required destination and rollups limits what may go, and is named', () => {
    expect(retentionBounds(base)).toMatchObject({ limitSeq: 100, limitedBy: 'head', budgetRows: 0 });
    expect(retentionBounds({ ...base, requiredFloorSeq: 40 })).toMatchObject({
      limitSeq: 40,
      limitedBy: 'required-destination',
    });
    expect(retentionBounds({ ...base, requiredFloorSeq: 40, rolledUpSeq: 20 })).toMatchObject({
      limitSeq: 20,
      limitedBy: 'rollups',
    });
    expect(retentionBounds(base).cutoffMs).toBe(NOW - 30 * DAY_MS);
  });

  test('over budget: enough of the oldest rows to get back under it, rounded up', () => {
    expect(rowsOverBudget(1000, 100, 1000)).toBe(0);
    expect(rowsOverBudget(1001, 100, 1000)).toBe(1);
    expect(rowsOverBudget(1500, 100, 1000)).toBe(34); // 15 bytes a row, 500 over: 33.3 rows, so 34
    expect(rowsOverBudget(5000, 10, 100)).toBe(10); // never more rows than there are
    expect(rowsOverBudget(5000, 0, 100)).toBe(0);
  });
});

describe('the deletable prefix', () => {
  test('takes rows past the maximum age and stops at the first younger one, even if older ones follow', () => {
    const page = rows(1, 10, (seq) => (seq === 5 ? 10 : 40));
    const step = extendPrefix(page, retentionBounds(base), 0);
    expect(step).toEqual({ throughSeq: 4, taken: 4, stop: true });
  });

  test('exactly at the cutoff a row is kept; a millisecond older it goes', () => {
    const bounds = retentionBounds(base);
    expect(extendPrefix([{ seq: 1, timeMs: bounds.cutoffMs }], bounds, 0)).toEqual({ taken: 0, stop: true });
    expect(extendPrefix([{ seq: 1, timeMs: bounds.cutoffMs - 1 }], bounds, 0)).toEqual({
      throughSeq: 1,
      taken: 1,
      stop: false,
    });
  });

  test('over budget, young rows go too, oldest first, until enough have gone (counting earlier pages)', () => {
    const bounds = retentionBounds({ ...base, bytes: 1100, rows: 100 }); // 11 a row, 100 over: 10 rows
    expect(bounds.budgetRows).toBe(10);
    const young = rows(1, 20, () => 1);
    expect(extendPrefix(young, bounds, 0)).toEqual({ throughSeq: 10, taken: 10, stop: true });
    expect(extendPrefix(young.slice(6), bounds, 6)).toEqual({ throughSeq: 10, taken: 4, stop: true });
  });

  test('never past the limit, however old the rows', () => {
    const bounds = retentionBounds({ ...base, requiredFloorSeq: 3 });
    expect(
      extendPrefix(
        rows(1, 10, () => 400),
        bounds,
        0,
      ),
    ).toEqual({ throughSeq: 3, taken: 3, stop: true });
  });
});

describe('storage estimate and growth', () => {
  test('a row is its columns, eight bytes per BIGINT, an overhead, and one entry per index', () => {
    const lengths = averageLengths([
      { id: 32, action: 13, actor_id: 24, trail_id: 5, container_id: 5, changes: 100 },
      { id: 32, action: 13, actor_id: 24, trail_id: 5, container_id: 5, changes: 0 },
    ]);
    expect(lengths.changes).toBe(50);
    const bytes = estimateRowBytes(lengths);
    // data 32+13+24+5+5+50 + 3×8 = 153; overhead 40; indexes 7 × (32 + 20) + keys (8, 24+8, 5+8, 13+8, 5+8, 8, 16) = 364 + 111
    expect(bytes).toBe(153 + 40 + 364 + 111);
  });

  test('growth is the net slope of recent samples once they span two days, else the ingest rate', () => {
    const day = (d: number, bytes: number) => ({ atMs: NOW - d * DAY_MS, bytes, rows: bytes / 10 });
    expect(growthPerDay([day(1, 100)], NOW, 42)).toEqual({ bytesPerDay: 42, basis: 'ingest' });
    expect(growthPerDay([day(3, 100), day(2, 200), day(1, 300), day(0, 400)], NOW, 42)).toEqual({
      bytesPerDay: 100,
      basis: 'measured',
    });
    // Retention keeping storage steady: no growth, so no warning however fast records arrive.
    expect(growthPerDay([day(3, 500), day(2, 500), day(1, 500)], NOW, 10_000).bytesPerDay).toBe(0);
    expect(
      withSample(
        Array.from({ length: 40 }, (_, i) => day(40 - i, i)),
        day(0, 99),
      ),
    ).toHaveLength(30);
  });

  test('days to budget: none when not growing, zero when already there', () => {
    expect(daysToBudget(900, 1000, 10)).toBe(10);
    expect(daysToBudget(900, 1000, 0)).toBeUndefined();
    expect(daysToBudget(1000, 1000, 0)).toBe(0);
  });
});

describe('retention inside archive blocks', () => {
  const day = (age: number) => NOW - age * DAY_MS;
  const bounds = retentionBounds({ ...base, rolledUpSeq: 18 });
  const extent = { blockId: 11, seqTo: 15, recordCount: 5, timeMin: day(60), timeMax: day(40) };

  test('a block goes whole, or is opened, from its header alone; never past the limit', () => {
    expect(wholeBlockGoes(extent, bounds, 0)).toBe(true);
    expect(wholeBlockGoes({ ...extent, timeMax: day(10) }, bounds, 0)).toBe(false);
    expect(wholeBlockGoes({ ...extent, seqTo: 20 }, bounds, 0)).toBe(false);
    expect(wholeBlockGoes({ ...extent, timeMax: day(10), recordCount: 0 }, bounds, 0)).toBe(true);
    expect(blockMayShrink({ ...extent, timeMin: day(10) }, bounds, 0)).toBe(false);
    expect(blockMayShrink({ ...extent, blockId: 19, seqTo: 25 }, bounds, 0)).toBe(false);
    const overBudget = { ...bounds, budgetRows: 3 };
    expect(blockMayShrink({ ...extent, timeMin: day(10) }, overBudget, 0)).toBe(true);
    expect(wholeBlockGoes({ ...extent, timeMax: day(10) }, overBudget, 0)).toBe(false);
  });

  test('every expired record goes wherever it is, up to the limit; over budget the oldest stored first', () => {
    // Seqs 16..20; the limit (rollups) is 18.
    const times = [day(10), day(40), undefined, day(50), day(60)];
    expect(removalsInBlock(times, 16, bounds, 0)).toEqual({ indexes: [1], taken: 1 });
    expect(removalsInBlock(times, 16, { ...bounds, budgetRows: 1 }, 0)).toEqual({
      indexes: [0, 1],
      taken: 2,
    });
  });

  test('tombstones keep the chain hash only at the end of each run, merging with older ones', () => {
    const record = { id: 'r' } as BlockRecord;
    const content = {
      records: [record, undefined, undefined, record, record, record],
      erasedDigests: new Map([[4, { 'actor.accountId': 'd' }]]),
      tombstones: new Map([
        [1, ''],
        [2, 'h2'],
      ]),
    };
    const after = withRemoved(content, new Set([3, 4]), (i) => `h${i}`);
    expect(after.records).toEqual([record, undefined, undefined, undefined, undefined, record]);
    expect(after.tombstones).toEqual(
      new Map([
        [1, ''],
        [2, ''],
        [3, ''],
        [4, 'h4'],
      ]),
    );
    expect(after.erasedDigests.size).toBe(0);
    expect(withRemoved(content, new Set([0]), (i) => `h${i}`).tombstones).toEqual(
      new Map([
        [0, ''],
        [1, ''],
        [2, 'h2'],
      ]),
    );
  });
});
