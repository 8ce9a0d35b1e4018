import { z } from 'zod';
import { PRODUCTS } from '../record/audit-record';
import { MAX_TIME_MS, parseIsoInstant } from '../record/iso-time';

/**
 * Times arrive as strict ISO-8601 strings or epoch milliseconds (the UI's date pickers, scripts, the pull
 * API); inside the app they are epoch milliseconds.
 */
const instant = z.union([z.number(), z.string().min(1)]).transform((value, ctx) => {
  const ms =
    typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : (parseIsoInstant(value) ?? NaN);
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_TIME_MS) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 time or epoch milliseconds' });
    return z.NEVER;
  }
  return ms;
});

const ids = (max: number, what: string) =>
  z
    .array(z.string().trim().min(1, `each ${what} must be non-empty`).max(128))
    .max(max, `at most ${max} ${what}s`);

/**
 * The one filter shape: the activity log's query, its facets and exports, forwarding filters, and the
 * UI's URL state all use it. Every part narrows (AND); values inside one part are alternatives (OR).
 */
export const activityFilterSchema = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    /** Account ids. */
    actors: ids(500, 'actor').optional(),
    /** Group names or ids; expanded to their members through the product's REST API. */
    groups: ids(50, 'group').optional(),
    products: z.array(z.enum(PRODUCTS as unknown as ['jira', 'confluence'])).optional(),
    /** `<object>.<verb>`, or `<object>.*` for every verb of one object. */
    actions: ids(100, 'action').optional(),
    /** Project or space ids, or their keys (`PAY`): keys are resolved to ids. */
    containers: ids(200, 'container').optional(),
    /**
     * Issue or page ids, or issue keys (`PAY-12`, resolved to ids): matches the object itself and what
     * belongs to it (comments, worklogs, …).
     */
    objects: ids(200, 'object').optional(),
    /** Matches actor, object key and title, and action. */
    text: z.string().trim().max(200).optional(),
    /** Limits Jira records to issues matching this JQL. */
    jql: z.string().trim().max(10_000).optional(),
  })
  .strict()
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

export type ActivityFilter = z.output<typeof activityFilterSchema>;
export type ActivityFilterInput = z.input<typeof activityFilterSchema>;
