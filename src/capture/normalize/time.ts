/** The latest instant an ISO-8601 year of four digits can express (9999-12-31T23:59:59.999Z). */
const MAX_TIME_MS = 253_402_300_799_999;

/**
 * An event time from a payload: epoch milliseconds (number or numeric string, as Jira sends `timestamp`)
 * or an ISO-8601 string (Confluence's `eventCreatedDate`). Null when absent or not a usable instant
 * (NaN, negative, past year 9999), so the caller falls back to the arrival time.
 */
export function parseEventTime(value: unknown): Date | null {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && /^\d{1,16}$/.test(value.trim())) ms = Number(value.trim());
  else if (typeof value === 'string' && value.length <= 64 && /^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    ms = Date.parse(value.trim());
  } else return null;
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_TIME_MS) return null;
  return new Date(Math.trunc(ms));
}
