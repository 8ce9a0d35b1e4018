import { z } from 'zod';
import { adminResolver } from '../admin/admin-resolver';
import { administersEveryProduct } from '../admin/product-scope';
import { ResolverFailure } from '../admin/resolver-error';
import { readJobState } from '../jobs/job-state';
import { parseIsoInstant } from '../record/iso-time';
import { store } from '../store/database';
import { addDays, dayOf, dayStartMs, isDay } from './day';
import { insightsDailyStateParts } from './insights-daily-state';
import { insightsSummary } from './insights-summary';

/** The longest range one summary covers: a year and a day, for a year-on-year look. */
export const MAX_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 30;

/** A UTC day `YYYY-MM-DD`, or an ISO date-time whose UTC day is taken. */
const dayInput = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const ms = isDay(value) ? null : parseIsoInstant(value);
    const day = isDay(value) ? value : ms === null ? null : dayOf(ms);
    if (day === null) {
      ctx.addIssue({ code: 'custom', message: 'must be a day (YYYY-MM-DD) or an ISO 8601 date-time' });
      return z.NEVER;
    }
    return day;
  });

export const insightsPayloadSchema = z
  .object({ from: dayInput.optional(), to: dayInput.optional() })
  .strict();

export const insightsResolvers = {
  /**
   * `{ from?, to? }` (UTC days, both included; default: the 30 days up to today) → the summary of
   * src/insights/insights-summary.ts, read from the daily rollups of the products the caller administers.
   */
  'insights.summary': adminResolver(insightsPayloadSchema, async ({ from, to }, caller) => {
    const target = store();
    const last = to ?? dayOf(Date.now());
    const first = from ?? addDays(last, -(DEFAULT_RANGE_DAYS - 1));
    if (first > last) throw new ResolverFailure('BAD_REQUEST', 'from: must not be after to', 'from');
    if ((dayStartMs(last) - dayStartMs(first)) / 86_400_000 + 1 > MAX_RANGE_DAYS) {
      throw new ResolverFailure(
        'BAD_REQUEST',
        `from: a summary covers at most ${MAX_RANGE_DAYS} days`,
        'from',
      );
    }
    const daily = await readJobState(target, 'daily', insightsDailyStateParts);
    return insightsSummary(target, { from: first, to: last }, caller.products, {
      // The census counts people inactive in every product: a figure about both, for admins of both.
      ...(daily.census && administersEveryProduct(caller) ? { census: daily.census } : {}),
      ...(daily.rollup?.lastRunMs ? { updatedAtMs: daily.rollup.lastRunMs } : {}),
    });
  }),
};
