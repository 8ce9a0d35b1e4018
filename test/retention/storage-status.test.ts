import { packArchive } from '../../src/packing/pack-archive';
import { storageStatus } from '../../src/retention/storage-resolvers';
import { storageOutlook } from '../../src/retention/storage-growth';
import { sealPending } from '../../src/seal/seal-pending';
import { testEngines } from '../support/engines';
import { storeForSuite } from '../support/suite-store';
import { farDeadline, insertRecords, makeRecord, T0 } from '../seal/seal-support';

const DAY = 86_400_000;
const N = 240;
const BLOCK = 50;
/** The log's records happen evenly over the 60 days before NOW, so half fall in the last 30. */
const NOW = T0 + 60 * DAY;

describe.each(testEngines)('storage.status over both tiers on $name', (engine) => {
  const store = storeForSuite(engine);
  const pack = (settleMs: number) =>
    packArchive(store(), {
      deadlineMs: farDeadline(),
      blockRecords: BLOCK,
      settleMs,
      maxLiveAgeMs: Number.MAX_SAFE_INTEGER,
    });
  const totalOfTiers = (s: Awaited<ReturnType<typeof storageStatus>>) =>
    s.tiers.live.bytes + s.tiers.archive.bytes + s.tiers.termIndex.bytes + s.tiers.other.bytes;

  beforeAll(async () => {
    await insertRecords(
      store(),
      Array.from({ length: N }, (_, i) =>
        makeRecord(i + 1, { receivedMs: T0 + i * 1000, timeMs: T0 + Math.round(((i + 0.5) * 60 * DAY) / N) }),
      ),
    );
    await sealPending(store(), { deadlineMs: farDeadline() });
  });

  it('counts every record once while an indexed block still hides its live rows', async () => {
    const before = await storageStatus(store(), NOW);
    expect(before).toMatchObject({
      rows: N,
      tiers: { live: { rows: N, records: N }, archive: { blocks: 0, records: 0 } },
    });
    expect(await pack(Number.MAX_SAFE_INTEGER)).toMatchObject({ packed: 4, settled: 0 });
    const packed = await storageStatus(store(), NOW);
    expect(packed).toMatchObject({
      rows: N,
      tiers: { live: { rows: N, records: N - 200 }, archive: { blocks: 4, records: 200 } },
    });
    expect(packed.tiers.termIndex.terms).toBeGreaterThan(0);
  });

  it('after settling: bytes per tier add up to the total, and the archive costs less per record', async () => {
    expect(await pack(0)).toMatchObject({ settled: 4 });
    const status = await storageStatus(store(), NOW);
    expect(status).toMatchObject({
      rows: N,
      oldest: new Date(T0 + Math.round((0.5 * 60 * DAY) / N)).toISOString(),
      tiers: { live: { rows: N - 200, records: N - 200 }, archive: { records: 200 } },
    });
    expect(totalOfTiers(status)).toBe(status.bytes);
    expect(status.bytesPerRow).toBe(Math.round(status.bytes / N));
    expect(status.tiers.archive.bytes / 200).toBeLessThan(status.tiers.live.bytes / (N - 200));
  });

  it('projects from the last 30 days: records a day, how much history the budget holds, which limit decides', async () => {
    const status = await storageStatus(store(), NOW);
    // Half the records (120) in 30 days; the block straddling the window's start is counted by its spans.
    expect(status.outlook.windowDays).toBe(30);
    expect(status.outlook.recordsPerDay).toBeGreaterThanOrEqual((N / 2 - BLOCK) / 30);
    expect(status.outlook.recordsPerDay).toBeLessThanOrEqual((N / 2 + BLOCK) / 30);
    expect(status.outlook.limitedBy).toBe('age');
    expect(status.outlook.historyReachDays).toBe(status.maxAgeDays);

    const { bytesPerDay, budgetHoldsDays, budgetFullInDays } = status.outlook;
    // recordsPerDay is rounded to a tenth: the bytes a day agree with it to within a record's bytes.
    expect(Math.abs(bytesPerDay - status.outlook.recordsPerDay * (status.bytes / N))).toBeLessThan(
      status.bytes / N,
    );
    // Within a thousandth (bytesPerDay is rounded to a byte).
    expect(budgetHoldsDays! / (status.budgetBytes / bytesPerDay)).toBeCloseTo(1, 3);
    expect(budgetFullInDays! / ((status.budgetBytes - status.bytes) / bytesPerDay)).toBeCloseTo(1, 3);
  });
});

describe('storageOutlook', () => {
  const base = { windowDays: 30, bytesPerRecord: 100, bytes: 1000, budgetBytes: 1_000_000, maxAgeDays: 365 };

  it('the budget decides where it holds fewer days than the maximum age', () => {
    expect(storageOutlook({ ...base, recentRecords: 3000 })).toEqual({
      windowDays: 30,
      recordsPerDay: 100,
      bytesPerDay: 10_000,
      budgetHoldsDays: 100,
      budgetFullInDays: 99.9,
      historyReachDays: 100,
      limitedBy: 'budget',
    });
  });

  it('the maximum age decides otherwise, and nothing arriving means no end', () => {
    expect(storageOutlook({ ...base, recentRecords: 30 })).toMatchObject({
      budgetHoldsDays: 10_000,
      historyReachDays: 365,
      limitedBy: 'age',
    });
    expect(storageOutlook({ ...base, recentRecords: 0 })).toEqual({
      windowDays: 30,
      recordsPerDay: 0,
      bytesPerDay: 0,
      historyReachDays: 365,
      limitedBy: 'age',
    });
  });
});
