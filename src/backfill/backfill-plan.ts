import { z } from 'zod';
import type { Product } from '../record/audit-record';

/** The oldest history the backfill reads: Jira Cloud and Confluence keep more, but a year is what the log holds. */
export const MAX_BACKFILL_DAYS = 3 * 365;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What the admin asks for (`backfill.estimate` and `backfill.start`): history since `from` (an ISO date
 * or date-time; the page offers the last 30, 90 or 365 days or a date), for some products, and
 * optionally only some projects and spaces.
 */
export const backfillPayloadSchema = z
  .object({
    from: z
      .string()
      .refine((s) => Number.isFinite(Date.parse(s)), { message: 'must be an ISO date, e.g. 2026-01-31' }),
    products: z
      .array(z.enum(['jira', 'confluence']))
      .min(1)
      .max(2)
      .optional(),
    containers: z
      .array(
        z
          .object({
            type: z.enum(['project', 'space']),
            id: z.string().regex(/^\d{1,18}$/, 'must be a numeric id'),
          })
          .strict(),
      )
      .max(100)
      .optional(),
  })
  .strict();

export type BackfillPayload = z.infer<typeof backfillPayloadSchema>;

/** A payload made definite: the period's start in ms, the products to read, the ids to keep to. */
export interface BackfillPlan {
  readonly fromMs: number;
  readonly products: readonly Product[];
  /** Empty: every project. */
  readonly projectIds: readonly string[];
  /** Empty: every space. */
  readonly spaceIds: readonly string[];
}

export const backfillPlanSchema: z.ZodType<BackfillPlan> = z.object({
  fromMs: z.number().int().nonnegative(),
  products: z.array(z.enum(['jira', 'confluence'])),
  projectIds: z.array(z.string()),
  spaceIds: z.array(z.string()),
});

/**
 * The plan for a payload, or why there is none: a start in the future, or further back than
 * `MAX_BACKFILL_DAYS`. Products the caller does not administer are left out (and if that leaves
 * none, that is the reason). Pure.
 */
export function planOf(
  payload: BackfillPayload,
  administered: ReadonlySet<Product>,
  nowMs: number,
): BackfillPlan | { readonly invalid: string } {
  const fromMs = Date.parse(payload.from);
  if (fromMs > nowMs) return { invalid: 'from: must not be in the future' };
  if (fromMs < nowMs - MAX_BACKFILL_DAYS * DAY_MS)
    return { invalid: `from: at most ${MAX_BACKFILL_DAYS} days back` };
  const asked = payload.products ?? ['jira', 'confluence'];
  const products = asked.filter((p) => administered.has(p));
  if (products.length === 0) return { invalid: 'products: you administer none of them' };
  const containers = payload.containers ?? [];
  return {
    fromMs,
    products,
    projectIds: containers.filter((c) => c.type === 'project').map((c) => c.id),
    spaceIds: containers.filter((c) => c.type === 'space').map((c) => c.id),
  };
}
