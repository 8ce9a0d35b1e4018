/**
 * Times in the user's own time zone (the host context's `timezone`), not the browser's: an admin in
 * Sydney reading a log on a laptop set to UTC still sees Sydney days. Every tab formats its times
 * here (components through `Time`, in Time.tsx), so one instant reads the same everywhere. Plain Intl, no
 * date library.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  locale: string,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    try {
      found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      found = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
    }
    formatters.set(key, found);
  }
  return found;
}

const ROW_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};
const rowTimeFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * e.g. "12 Mar 2025, 14:03:07" for an instant given as ISO text or epoch ms: one format for every
 * time, so the log's column reads down evenly. Called for every row that scrolls into view, so its
 * formatter is looked up by a plain string key.
 */
export function formatTime(at: string | number, timeZone: string, locale: string): string {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) return String(at);
  const key = `${locale}|${timeZone}`;
  let found = rowTimeFormatters.get(key);
  if (!found) {
    found = formatter(locale, timeZone, ROW_TIME);
    rowTimeFormatters.set(key, found);
  }
  return found.format(ms);
}

/** The zone's name as the user knows it, e.g. "GMT+11", for column headers. */
export function zoneLabel(timeZone: string, locale: string, at = Date.now()): string {
  const part = formatter(locale, timeZone, { timeZoneName: 'short' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** How far the zone is ahead of UTC at that instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const parts = formatter('en-US', timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - (ms - (ms % 1000));
}

/** `YYYY-MM-DD` of the instant, in the zone. */
export function dayOf(ms: number, timeZone: string): string {
  const shifted = new Date(ms + offsetAt(ms, timeZone));
  return shifted.toISOString().slice(0, 10);
}

/** The instant a calendar day (`YYYY-MM-DD`) starts in the zone; undefined for a malformed day. */
export function startOfDay(day: string, timeZone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const naive = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (!Number.isFinite(naive)) return undefined;
  // Two passes: the offset at the guess can differ from the offset at the answer across a DST change.
  let ms = naive - offsetAt(naive, timeZone);
  ms = naive - offsetAt(ms, timeZone);
  return ms;
}

/** The last millisecond of a calendar day in the zone (a custom range's `to` includes the whole day). */
export function endOfDay(day: string, timeZone: string): number | undefined {
  const start = startOfDay(day, timeZone);
  if (start === undefined) return undefined;
  const next = startOfDay(dayOf(start + 36 * 3_600_000, timeZone), timeZone);
  return next === undefined ? undefined : next - 1;
}

/** The viewer's own zone: their computer's, which may differ from the one the page shows times in. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * What hovering a time tells: the same instant in UTC and on the viewer's computer, e.g.
 * "UTC: 10 Mar 2025, 23:30:15 · Your computer (GMT-7): 10 Mar 2025, 16:30:15".
 */
export function timeHover(at: string | number, locale: string, localZone = viewerTimeZone()): string {
  return (
    `UTC: ${formatTime(at, 'UTC', locale)} · ` +
    `Your computer (${zoneLabel(localZone, locale)}): ${formatTime(at, localZone, locale)}`
  );
}

/**
 * The instant a wall-clock time (`HH:mm`) on a calendar day starts in the zone: a custom range's
 * "from 08:00" in the zone the page shows. Undefined for a malformed day or time.
 */
export function instantAt(day: string, clock: string, timeZone: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(clock)) return undefined;
  const naive = Date.parse(`${day}T${clock}:00.000Z`);
  if (!Number.isFinite(naive)) return undefined;
  // Two passes, as for `startOfDay`: the offset can change between the guess and the answer.
  let ms = naive - offsetAt(naive, timeZone);
  ms = naive - offsetAt(ms, timeZone);
  return ms;
}

/** `HH:mm` of the instant, in the zone. */
export function clockOf(ms: number, timeZone: string): string {
  return new Date(ms + offsetAt(ms, timeZone)).toISOString().slice(11, 16);
}
