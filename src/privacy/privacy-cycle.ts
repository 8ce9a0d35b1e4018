import { lifecycleLimits } from '../limits';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where the personal-data reporting cycle stands, kept in the daily job's state. A cycle reports every
 * stored account once; the next starts `cyclePeriodMs` after this one started (the API's `Cycle-Period`,
 * 7 days by default). The daily job runs once a day, so a cycle starts at most a day late.
 */
export interface PrivacyState {
  /** When the current (or last) cycle started. */
  readonly cycleStartMs?: number;
  /** Set once every account of the cycle has been reported: when the next cycle is due. */
  readonly nextCycleMs?: number;
  readonly cyclePeriodMs?: number;
  readonly lastReportMs?: number;
  /** Totals since installation (for the storage page). */
  readonly reported?: number;
  readonly closed?: number;
  readonly updated?: number;
  /**
   * Closed accounts whose erasure could not finish (the seal lock was busy for unsealed rows): retried
   * first on the next run, then dropped from here.
   */
  readonly pendingErasure?: readonly string[];
  /** Sealed rows whose object id is a closed account's, kept because sealing does not yet accept it. */
  readonly heldSealedObjects?: number;
  readonly lastError?: string;
  /** Not before this (the API answered 429 with Retry-After). */
  readonly notBeforeMs?: number;
}

/**
 * The API's `Cycle-Period` header as milliseconds. It is documented only as "honour it"; Atlassian's
 * reference implementation and others read a number of seconds (604800 for a week), and an ISO-8601
 * duration of days (`P7D`) is accepted as well. Anything else, or a value outside one to thirty days,
 * falls back to the default or to that range: reporting a little more often is harmless, less often is
 * not. Pure.
 */
export function cyclePeriodMs(header: string | undefined): number {
  if (header === undefined) return lifecycleLimits.defaultCyclePeriodMs;
  const text = header.trim();
  let ms: number | undefined;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  const iso = /^P(\d+)D$/i.exec(text);
  if (iso) ms = Number(iso[1]) * DAY_MS;
  if (ms === undefined || !Number.isFinite(ms)) return lifecycleLimits.defaultCyclePeriodMs;
  return Math.min(30 * DAY_MS, Math.max(DAY_MS, ms));
}

/** Whether a new cycle starts now: none yet, or the last one finished and its period has passed. Pure. */
export function startsNewCycle(state: PrivacyState, nowMs: number): boolean {
  if (state.cycleStartMs === undefined) return true;
  return state.nextCycleMs !== undefined && nowMs >= state.nextCycleMs;
}
