import type { InsightsSummary } from '@contract';
import { insightsSummary } from '../api';
import { useResolver, type ResolverCall } from '../resolver/use-resolver';

/** The range presets, in days up to and including today (UTC). */
export const RANGES = [7, 30, 90, 365] as const;
export type RangeDays = (typeof RANGES)[number];

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Loads `insights.summary` for the last `days` days; a newer request wins over an older one. */
export function useInsights(days: RangeDays): ResolverCall<InsightsSummary> {
  return useResolver(() => {
    const now = Date.now();
    return insightsSummary({ from: utcDay(now - (days - 1) * 86_400_000), to: utcDay(now) });
  }, days);
}
