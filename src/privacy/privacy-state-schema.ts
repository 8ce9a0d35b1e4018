import { z } from 'zod';
import type { PrivacyState } from './privacy-cycle';

const count = z.number().int().nonnegative();

/**
 * `PrivacyState` as read back from the daily job's state. Apart from privacy-cycle.ts so that the admin
 * page's type-only imports of that file stay free of zod.
 */
export const privacyStateSchema: z.ZodType<PrivacyState> = z.object({
  cycleStartMs: count.optional(),
  nextCycleMs: count.optional(),
  cyclePeriodMs: count.optional(),
  lastReportMs: count.optional(),
  reported: count.optional(),
  closed: count.optional(),
  updated: count.optional(),
  pendingErasure: z.array(z.string()).optional(),
  heldSealedObjects: count.optional(),
  lastError: z.string().optional(),
  notBeforeMs: count.optional(),
});
