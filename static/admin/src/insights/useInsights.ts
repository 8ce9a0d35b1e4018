import { useCallback, useEffect, useState } from 'react';
import type { InsightsSummary } from '@contract';
import { insightsSummary, type ApiError } from '../api';

export type InsightsState =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly error: ApiError }
  | { readonly status: 'ready'; readonly summary: InsightsSummary };

/** The range presets, in days up to and including today (UTC). */
export const RANGES = [7, 30, 90, 365] as const;
export type RangeDays = (typeof RANGES)[number];

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Loads `insights.summary` for the last `days` days; a newer request wins over an older one. */
export function useInsights(days: RangeDays) {
  const [state, setState] = useState<InsightsState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    const now = Date.now();
    void insightsSummary({ from: utcDay(now - (days - 1) * 86_400_000), to: utcDay(now) }).then((result) => {
      if (!current) return;
      setState(
        result.ok ? { status: 'ready', summary: result.value } : { status: 'failed', error: result.error },
      );
    });
    return () => {
      current = false;
    };
  }, [days, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload };
}
