import { z } from 'zod';
import type { JobStateParts } from '../jobs/job-state';
import type { PrivacyState } from '../privacy/privacy-cycle';
import { privacyStateSchema } from '../privacy/privacy-state-schema';
import type { StorageSample } from './storage-growth';
import type { DailyRunSummary, RetentionSummary } from './storage-types';

/**
 * The part of the daily job's state that the storage page reports. Declared here, not in the job, so
 * that the storage resolver depends on its own folder and the job (which runs retention) composes it.
 */
export interface RetentionDailyState {
  readonly retention: RetentionSummary;
  readonly storageHistory: readonly StorageSample[];
  readonly privacy: PrivacyState;
  readonly lastRun: DailyRunSummary;
}

const count = z.number().int().nonnegative();

export const retentionDailyStateParts: JobStateParts<RetentionDailyState> = {
  retention: z.object({
    atMs: count,
    deleted: count,
    prunedSeq: count,
    bytesBefore: z.number().nonnegative(),
    budgetBytes: z.number().nonnegative(),
    maxAgeDays: count,
    heldBy: z.enum(['required-destination', 'rollups']).optional(),
    heldDestination: z.string().optional(),
    more: z.boolean().optional(),
    rollupDaysDeleted: count.optional(),
  }),
  storageHistory: z.array(
    z.object({ atMs: count, bytes: z.number().nonnegative(), rows: z.number().nonnegative() }),
  ),
  privacy: privacyStateSchema,
  lastRun: z.object({ startedMs: count, finishedMs: count, errors: z.array(z.string()) }),
};
