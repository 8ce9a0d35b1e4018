/** The latest instant an ISO-8601 year of four digits can express (9999-12-31T23:59:59.999Z). */
export const MAX_TIME_MS = 253_402_300_799_999;

/**
 * `YYYY-MM-DD`, optionally followed by `THH:MM`, seconds, a fraction and an offset (`Z`, `±HH:MM`, or
 * `±HHMM` as Jira writes it). Date.parse is not used: it also takes `-1`, `foo 2` and a browser's
 * free-form dates, and reads a time without an offset in the machine's zone.
 */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Epoch milliseconds of a strict ISO-8601 instant, or null. A date alone is its UTC midnight; a time
 * without an offset is read as UTC, so the answer does not depend on where the code runs. Every field
 * must be in range (no 2025-02-30, no 24:00).
 */
export function parseIsoInstant(text: string): number | null {
  const match = ISO_INSTANT.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', offset = 'Z'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offsetMinutes = offset === 'Z' ? 0 : offsetOf(offset);
  if (offsetMinutes === null) return null;
  const utc = new Date(0);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, Number(fraction.padEnd(3, '0').slice(0, 3)));
  const ms = utc.getTime() - offsetMinutes * 60_000;
  return ms >= 0 && ms <= MAX_TIME_MS ? ms : null;
}

function offsetOf(offset: string): number | null {
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(-2));
  if (hours > 23 || minutes > 59) return null;
  return (offset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}
