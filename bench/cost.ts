import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { IngestFigures } from './ingest';

/**
 * Forge bills functions by GB-seconds: duration × configured memory (FD:forge-platform-pricing; free
 * allowance 200,000 GB-s a month, then $0.000025 per GB-s).
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
  readonly memoryMbSeal: number;
  /** Capture: measured handler time plus the assumed round trip per SQL request. */
  readonly captureSecondsPerEvent: number;
  /** Sealing (and handing to destinations): its measured time per record plus its SQL round trips. */
  readonly sealSecondsPerEvent: number;
  readonly gbSecondsPer1000Events: number;
  readonly gbSecondsPer1000Views: number;
  /** A view event that is off: refused before any SQL request (settings cached), local time only. */
  readonly gbSecondsPer1000ViewsOff: number;
  /** The seal-and-forward schedule running with nothing to do, every five minutes for a month. */
  readonly idleScheduleGbSecondsPerMonth: number;
  readonly monthViewsOff: number;
  readonly monthViewsOn: number;
  readonly freeAllowance: number;
  readonly overageUsdViewsOn: number;
}

interface ManifestFunctions {
  app: { runtime: { memoryMB?: number } };
  modules: { function: { key: string; runtime?: { memoryMB?: number } }[] };
}

function memoryOf(functionKey: string): number {
  const manifest = parse(readFileSync(resolve(__dirname, '../manifest.yml'), 'utf8')) as ManifestFunctions;
  const fn = manifest.modules.function.find((f) => f.key === functionKey);
  return fn?.runtime?.memoryMB ?? manifest.app.runtime.memoryMB ?? 512;
}

const FIVE_MINUTE_RUNS_PER_MONTH = (30 * 24 * 60) / 5;

/**
 * GB-seconds from the measured MariaDB (Forge SQL path) figures, else SQLite's: every stored event is
 * captured once and sealed once (forwarding adds its own requests per destination, see the forward
 * part); the five-minute seal schedule costs its idle run even on a quiet site.
 */
export function costModel(ingest: readonly IngestFigures[]): CostFigures {
  const basis = ingest.find((f) => f.engine === 'mariadb' && f.ugc === 'stored') ?? ingest[0];
  if (!basis) throw new Error('cost needs the ingest figures');
  const roundTrips = (requests: number) => (requests * ASSUMED_SQL_ROUND_TRIP_MS) / 1000;
  const captureSecondsPerEvent = basis.wallMillisPerEvent / 1000 + roundTrips(basis.statementsPerEvent ?? 1);
  const sealSecondsPerEvent =
    basis.sealWallMillisPerEvent / 1000 + roundTrips((basis.sealStatementsPer1000 ?? 0) / 1000);
  const idleSeconds = basis.idleSealMillis / 1000 + roundTrips(basis.idleSealStatements ?? 0);
  const memoryMbCapture = memoryOf('capture');
  const memoryMbViews = memoryOf('capture-views');
  const memoryMbSeal = memoryOf('seal-forward-job');
  const gb = (mb: number) => mb / 1024;
  const sealPer1000 = 1000 * sealSecondsPerEvent * gb(memoryMbSeal);
  const gbSecondsPer1000Events = 1000 * captureSecondsPerEvent * gb(memoryMbCapture) + sealPer1000;
  const gbSecondsPer1000Views = 1000 * captureSecondsPerEvent * gb(memoryMbViews) + sealPer1000;
  const gbSecondsPer1000ViewsOff = (basis.cpuMicrosPerEvent / 1000) * gb(memoryMbViews);
  const idleScheduleGbSecondsPerMonth = FIVE_MINUTE_RUNS_PER_MONTH * idleSeconds * gb(memoryMbSeal);
  const month = (perUserDay: number) => (PROFILE.users * PROFILE.workingDays * perUserDay) / 1000;
  const nonViews = month(PROFILE.nonViewEventsPerUserDay) * gbSecondsPer1000Events;
  const monthViewsOff =
    idleScheduleGbSecondsPerMonth + nonViews + month(PROFILE.viewEventsPerUserDay) * gbSecondsPer1000ViewsOff;
  const monthViewsOn =
    idleScheduleGbSecondsPerMonth + nonViews + month(PROFILE.viewEventsPerUserDay) * gbSecondsPer1000Views;
  return {
    memoryMbCapture,
    memoryMbViews,
    memoryMbSeal,
    captureSecondsPerEvent,
    sealSecondsPerEvent,
    gbSecondsPer1000Events,
    gbSecondsPer1000Views,
    gbSecondsPer1000ViewsOff,
    idleScheduleGbSecondsPerMonth,
    monthViewsOff,
    monthViewsOn,
    freeAllowance: FREE_GB_SECONDS_PER_MONTH,
    overageUsdViewsOn: Math.max(0, monthViewsOn - FREE_GB_SECONDS_PER_MONTH) * PRICE_PER_GB_SECOND,
  };
}
