import type { Random } from '../site/random';

/**
 * When people work: a weekday, office-hours rhythm in each person's own time zone, summed over the
 * site. Times are bucketed by hour of the week (0 = Sunday 00:00 UTC … 167).
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const HOURS_PER_WEEK = 168;

// Local hour of day → relative activity: quiet nights, a morning ramp, a lunch dip, an evening tail.
// prettier-ignore
const HOUR_FACTOR = [
  0.03, 0.02, 0.02, 0.02, 0.03, 0.06, 0.15, 0.4, 0.8, 1, 1, 0.95,
  0.7, 0.85, 1, 0.95, 0.85, 0.65, 0.4, 0.25, 0.18, 0.12, 0.08, 0.05,
];
/** Sunday … Saturday: weekends are nearly silent, Fridays a little lighter. */
const DAY_FACTOR = [0.08, 1, 1, 1, 0.95, 0.8, 0.1];

/**
 * Standard-time UTC offsets (hours) of the zones the fake site uses. Daylight saving is ignored: an
 * hour's drift for half the year does not change the shape of the week.
 */
const UTC_OFFSET_HOURS: Readonly<Record<string, number>> = {
  UTC: 0,
  'Europe/London': 0,
  'Europe/Berlin': 1,
  'Europe/Warsaw': 1,
  'Africa/Lagos': 1,
  'Asia/Kolkata': 5,
  'Asia/Tokyo': 9,
  'Australia/Sydney': 10,
  'America/Sao_Paulo': -3,
  'America/New_York': -5,
  'America/Los_Angeles': -8,
};

/** Hour of the week, UTC, of an epoch-ms time. 1970-01-01 was a Thursday. */
export function slotOfWeek(ms: number): number {
  const day = (Math.floor(ms / DAY_MS) + 4) % 7;
  return day * 24 + Math.floor((ms % DAY_MS) / HOUR_MS);
}

/** How active someone in `timeZone` is during UTC hour-of-week `slot`, 0‥1. */
export function localActivity(timeZone: string, slot: number): number {
  const local = (slot + (UTC_OFFSET_HOURS[timeZone] ?? 0) + HOURS_PER_WEEK) % HOURS_PER_WEEK;
  return (DAY_FACTOR[Math.floor(local / 24)] ?? 0) * (HOUR_FACTOR[local % 24] ?? 0);
}

/**
 * Exactly `count` event times in ascending order between `start` and `end`, spread over the hours in
 * proportion to `intensity(slot)` (with some hour-to-hour noise). Only one hour's times are held at once.
 */
export function* eventTimes(
  random: Random,
  count: number,
  start: number,
  end: number,
  intensity: (slot: number) => number,
): Generator<number> {
  if (count <= 0 || end <= start) return;
  const firstHour = Math.floor(start / HOUR_MS) * HOUR_MS;
  const buckets: { from: number; to: number; weight: number }[] = [];
  let total = 0;
  for (let hour = firstHour; hour < end; hour += HOUR_MS) {
    const from = Math.max(start, hour);
    const to = Math.min(end, hour + HOUR_MS);
    const noise = 0.6 + 0.8 * random.next();
    const weight = intensity(slotOfWeek(hour)) * noise * ((to - from) / HOUR_MS);
    buckets.push({ from, to, weight });
    total += weight;
  }
  // Hand out the count by cumulative share, so rounding never loses or adds an event.
  let cumulative = 0;
  let handedOut = 0;
  for (const [i, bucket] of buckets.entries()) {
    cumulative += bucket.weight;
    const share = total > 0 ? cumulative / total : (i + 1) / buckets.length;
    const target = i === buckets.length - 1 ? count : Math.round(count * share);
    const n = target - handedOut;
    handedOut = target;
    if (n <= 0) continue;
    const times = Array.from(
      { length: n },
      () => bucket.from + Math.floor(random.next() * (bucket.to - bucket.from)),
    );
    times.sort((a, b) => a - b);
    yield* times;
  }
}
