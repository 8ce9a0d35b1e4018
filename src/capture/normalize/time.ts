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

/** How far past its arrival an event's own time may be: clock skew, not a record that sorts first for ever. */
export const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/**
 * The change entry that keeps an event's own time when the record carries another (see `recordedTime`).
 * Its `from` is the time the payload stated, its `to` the time recorded.
 */
export const STATED_TIME_FIELD = 'audit-trail:eventTime';

/**
 * The time a record carries: the event's own, or its arrival when the payload has none or states one
 * more than a day after arrival (`9999-12-31` would otherwise sort first in every view for ever). A
 * replaced time is returned as `stated`, for the record to keep.
 */
export function recordedTime(
  own: Date | null,
  arrival: Date,
): { readonly time: Date; readonly stated?: Date } {
  if (own === null) return { time: arrival };
  if (own.getTime() > arrival.getTime() + FUTURE_TOLERANCE_MS) return { time: arrival, stated: own };
  return { time: own };
}
