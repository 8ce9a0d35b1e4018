import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { IngestFigures } from './ingest';

/**
 * Forge bills functions by GB-seconds: duration × configured memory (FD:forge-platform-pricing; free
 * allowance 200,000 GB-s a month, then $0.000025 per GB-s; see shared/reference/forge-platform.md §2.5).
 */
const FREE_GB_SECONDS_PER_MONTH = 200_000;
const PRICE_PER_GB_SECOND = 0.000025;

/**
 * Local handler time does not include Forge SQL's network round trip. This much is added per SQL
 * request; it is an assumption (no Forge site is reachable from here), stated in the output.
 */
export const ASSUMED_SQL_ROUND_TRIP_MS = 15;

/** The activity profile the monthly figure is for: a 1,000-user site, per active user per working day. */
export const PROFILE = {
  users: 1000,
  workingDays: 21,
  nonViewEventsPerUserDay: 40,
  viewEventsPerUserDay: 120,
} as const;

export interface CostFigures {
  readonly memoryMbCapture: number;
  readonly memoryMbViews: number;
  readonly secondsPerEvent: number;
  readonly gbSecondsPer1000Events: number;
  readonly gbSecondsPer1000Views: number;
  readonly monthViewsOff: number;
  readonly monthViewsOn: number;
  readonly freeAllowance: number;
  readonly overageUsdViewsOn: number;
}

function memoryOf(functionKey: string): number {
  const manifest = parse(readFileSync(resolve(__dirname, '../manifest.yml'), 'utf8')) as {
    app: { runtime: { memoryMB?: number } };
    modules: { function: { key: string; runtime?: { memoryMB?: number } }[] };
  };
  const fn = manifest.modules.function.find((f) => f.key === functionKey);
  return fn?.runtime?.memoryMB ?? manifest.app.runtime.memoryMB ?? 512;
}

/** GB-seconds from the measured MariaDB (Forge SQL path) handler time, else SQLite's. */
export function costModel(ingest: readonly IngestFigures[]): CostFigures {
  const basis = ingest.find((f) => f.engine === 'mariadb' && f.ugc === 'stored') ?? ingest[0];
  if (!basis) throw new Error('cost needs the ingest figures');
  const statements = basis.statementsPerEvent ?? 1;
  const secondsPerEvent = (basis.wallMillisPerEvent + statements * ASSUMED_SQL_ROUND_TRIP_MS) / 1000;
  const memoryMbCapture = memoryOf('capture');
  const memoryMbViews = memoryOf('capture-views');
  const gbSecondsPer1000Events = 1000 * secondsPerEvent * (memoryMbCapture / 1024);
  // Views that are off are discarded before any SQL request (the settings are cached): local time only.
  const viewSecondsOff = basis.cpuMicrosPerEvent / 1e6;
  const gbSecondsPer1000Views = 1000 * secondsPerEvent * (memoryMbViews / 1024);
  const gbSecondsPer1000ViewsOff = 1000 * viewSecondsOff * (memoryMbViews / 1024);
  const month = (perUserDay: number) => PROFILE.users * PROFILE.workingDays * perUserDay;
  const nonViews = (month(PROFILE.nonViewEventsPerUserDay) / 1000) * gbSecondsPer1000Events;
  const monthViewsOff = nonViews + (month(PROFILE.viewEventsPerUserDay) / 1000) * gbSecondsPer1000ViewsOff;
  const monthViewsOn = nonViews + (month(PROFILE.viewEventsPerUserDay) / 1000) * gbSecondsPer1000Views;
  return {
    memoryMbCapture,
    memoryMbViews,
    secondsPerEvent,
    gbSecondsPer1000Events,
    gbSecondsPer1000Views,
    monthViewsOff,
    monthViewsOn,
    freeAllowance: FREE_GB_SECONDS_PER_MONTH,
    overageUsdViewsOn: Math.max(0, monthViewsOn - FREE_GB_SECONDS_PER_MONTH) * PRICE_PER_GB_SECOND,
  };
}
