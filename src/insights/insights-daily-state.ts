import { z } from 'zod';
import type { JobStateParts } from '../jobs/job-state';
import { isDay } from './day';
import type { SiteCensus } from './insights-types';
import type { RollupCheckpoint } from './run-rollups';

/**
 * The part of the daily job's state that insights writes and its resolver reads. Declared here, not in
 * the job, so that the resolver depends on insights alone and the job (which runs insights) composes it.
 */
export interface InsightsDailyState {
  readonly rollup: RollupCheckpoint;
  readonly census: SiteCensus;
}

const count = z.number().int().nonnegative();

export const insightsDailyStateParts: JobStateParts<InsightsDailyState> = {
  rollup: z.object({
    throughSeq: count,
    pendingSeq: count.optional(),
    lastRunMs: count.optional(),
  }),
  census: z.object({
    asOf: z.string().refine(isDay, 'must be a day (YYYY-MM-DD)'),
    siteUsers: count,
    inactive: count,
    share: z.number().min(0).max(1),
    truncated: z.boolean().optional(),
  }),
};
