/**
 * Insights count by UTC day, written `YYYY-MM-DD`: the site's own time zone is not known to a scheduled
 * job, and a fixed one keeps every count comparable. Strings sort like the days they name.
 */
export type Day = string;

const DAY_MS = 24 * 60 * 60 * 1000;

export function dayOf(ms: number): Day {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Midnight UTC of `day`, in epoch ms. */
export function dayStartMs(day: Day): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

export function addDays(day: Day, days: number): Day {
  return dayOf(dayStartMs(day) + days * DAY_MS);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && dayOf(dayStartMs(value)) === value;
}
