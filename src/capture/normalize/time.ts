import { MAX_TIME_MS, parseIsoInstant } from '../../record/iso-time';

/**
 * An event time from a payload: epoch milliseconds (number or numeric string, as Jira sends `timestamp`)
 * or an ISO-8601 string (Confluence's `eventCreatedDate`). Null when absent or not a usable instant
 * (NaN, negative, past year 9999), so the caller falls back to the arrival time.
 */
export function parseEventTime(value: unknown): Date | null {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && /^\d{1,16}$/.test(value.trim())) ms = Number(value.trim());
  else if (typeof value === 'string' && value.length <= 64) ms = parseIsoInstant(value.trim()) ?? NaN;
  else return null;
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_TIME_MS) return null;
  return new Date(Math.trunc(ms));
}
