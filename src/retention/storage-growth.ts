import { DAY_MS } from './retention-plan';
import type { StorageOutlook } from './storage-types';

/** One measurement the daily job keeps, to see where storage is heading. */
export interface StorageSample {
  readonly atMs: number;
  readonly bytes: number;
  readonly rows: number;
}

/** Samples kept (one per daily run): a month. */
export const STORAGE_HISTORY_MAX = 30;
/** The growth is fitted over this many days of samples. */
export const GROWTH_WINDOW_DAYS = 14;
/** The storage meter warns when the budget is this close at the current growth (14 days). */
export const WARN_WITHIN_DAYS = 14;

/** The history with `sample` added, oldest dropped. Pure. */
export function withSample(history: readonly StorageSample[], sample: StorageSample): StorageSample[] {
  return [...history, sample].sort((a, b) => a.atMs - b.atMs).slice(-STORAGE_HISTORY_MAX);
}

export interface Growth {
  readonly bytesPerDay: number;
  /**
   * `measured`: the net change of the stored size, fitted over recent daily samples (retention's
   * deletions included, so a steady state reads as no growth). `ingest`: too few samples yet, so what
   * arrives per day at the current size per row, an upper bound.
   */
  readonly basis: 'measured' | 'ingest';
}

/**
 * Net growth per day: the least-squares slope of bytes over time across the samples of the last
 * `GROWTH_WINDOW_DAYS`, once they span at least two days; otherwise `ingestBytesPerDay`. Pure.
 */
export function growthPerDay(
  history: readonly StorageSample[],
  nowMs: number,
  ingestBytesPerDay: number,
): Growth {
  const recent = history.filter((s) => s.atMs >= nowMs - GROWTH_WINDOW_DAYS * DAY_MS);
  const first = recent[0];
  const last = recent[recent.length - 1];
  if (recent.length < 2 || !first || !last || last.atMs - first.atMs < 2 * DAY_MS) {
    return { bytesPerDay: Math.max(0, ingestBytesPerDay), basis: 'ingest' };
  }
  const xs = recent.map((s) => (s.atMs - first.atMs) / DAY_MS);
  const ys = recent.map((s) => s.bytes);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  });
  return { bytesPerDay: den === 0 ? 0 : num / den, basis: 'measured' };
}

/**
 * Days until the estimate reaches the budget at `bytesPerDay`: 0 when it already has, undefined when
 * storage is not growing. Pure.
 */
export function daysToBudget(bytes: number, budgetBytes: number, bytesPerDay: number): number | undefined {
  if (bytes >= budgetBytes) return 0;
  if (!(bytesPerDay > 0)) return undefined;
  return (budgetBytes - bytes) / bytesPerDay;
}

/** The outlook's rate is taken over this many days (fewer while the log is younger). */
export const OUTLOOK_WINDOW_DAYS = 30;

/**
 * Where the log is heading: `recentRecords` arrived over `windowDays`, each costing `bytesPerRecord`
 * all-in; how much history the budget holds at that rate, when it is full, and whether the budget or the
 * maximum age will decide how far back the history reaches. Pure.
 */
export function storageOutlook(input: {
  readonly recentRecords: number;
  readonly windowDays: number;
  readonly bytesPerRecord: number;
  readonly bytes: number;
  readonly budgetBytes: number;
  readonly maxAgeDays: number;
}): StorageOutlook {
  const windowDays = Math.max(1, input.windowDays);
  const recordsPerDay = input.recentRecords / windowDays;
  const bytesPerDay = recordsPerDay * input.bytesPerRecord;
  if (!(bytesPerDay > 0)) {
    return {
      windowDays,
      recordsPerDay,
      bytesPerDay: 0,
      historyReachDays: input.maxAgeDays,
      limitedBy: 'age',
    };
  }
  const budgetHoldsDays = input.budgetBytes / bytesPerDay;
  return {
    windowDays,
    recordsPerDay: Math.round(recordsPerDay * 10) / 10,
    bytesPerDay: Math.round(bytesPerDay),
    budgetHoldsDays: Math.floor(budgetHoldsDays * 10) / 10,
    budgetFullInDays:
      Math.floor(Math.max(0, daysToBudget(input.bytes, input.budgetBytes, bytesPerDay) ?? 0) * 10) / 10,
    historyReachDays: Math.floor(Math.min(input.maxAgeDays, budgetHoldsDays) * 10) / 10,
    limitedBy: budgetHoldsDays < input.maxAgeDays ? 'budget' : 'age',
  };
}
