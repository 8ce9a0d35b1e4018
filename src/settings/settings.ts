import { z } from 'zod';
import { lifecycleLimits } from '../limits';
import type { Product } from '../record/audit-record';

const ugc = z.enum(['stored', 'not_stored']);
const perProduct = <T extends z.ZodType>(value: T) => z.object({ jira: value, confluence: value }).strict();

/** A budget below this would have retention delete nearly everything on its next run: refused. */
export const MIN_BUDGET_BYTES = 16 * 1024 * 1024;
export const MAX_AGE_DAYS_LIMIT = 3650;

const maxAgeDays = z.number().int().min(1).max(MAX_AGE_DAYS_LIMIT);
const budgetBytes = z.number().int().min(MIN_BUDGET_BYTES).max(lifecycleLimits.sqlStorageBytes);

/**
 * What an admin decides about capture, per product.
 * - `ugc`: whether user-generated content (titles, summaries, comment text, changed values) is kept.
 *   "not_stored" still records who did what to which id, and when.
 * - `views`: view events are the firehose (and most of the compute bill), so they are off until chosen.
 * - `retention`: records older than `maxAgeDays` are deleted, and the oldest go first whenever the
 *   estimated storage passes `budgetBytes` (Forge SQL holds 1 GiB per installation). See src/retention.
 */
export const settingsSchema = z
  .object({
    ugc: perProduct(ugc),
    views: perProduct(z.boolean()),
    retention: z.object({ maxAgeDays, budgetBytes }).strict(),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;

/**
 * What `settings.get` and `settings.update` answer: only the capture settings of the products the caller
 * administers (`products`, which the page also uses to show only those), retention (read by every admin;
 * changed only when `siteWide`: the caller administers every product on the site).
 */
export interface SettingsView {
  readonly ugc: Partial<Settings['ugc']>;
  readonly views: Partial<Settings['views']>;
  readonly retention: Settings['retention'];
  readonly products: readonly Product[];
  readonly siteWide: boolean;
}

/** `settings.update` takes any subset; unknown keys are refused so a typo is not silently ignored. */
export const settingsUpdateSchema = z
  .object({
    ugc: perProduct(ugc).partial().optional(),
    views: perProduct(z.boolean()).partial().optional(),
    retention: z.object({ maxAgeDays, budgetBytes }).strict().partial().optional(),
  })
  .strict();

export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

/**
 * What is read back from storage: the same subset, but keys written by a newer version are ignored, and
 * a retention value this version would refuse (a newer version's wider range) falls back to its default
 * rather than taking the rest of the document with it.
 */
export const storedSettingsSchema = z.object({
  ugc: z.object({ jira: ugc.optional(), confluence: ugc.optional() }).optional(),
  views: z.object({ jira: z.boolean().optional(), confluence: z.boolean().optional() }).optional(),
  retention: z
    .object({
      maxAgeDays: maxAgeDays.optional().catch(undefined),
      budgetBytes: budgetBytes.optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

export const DEFAULT_SETTINGS: Settings = {
  ugc: { jira: 'stored', confluence: 'stored' },
  views: { jira: false, confluence: false },
  retention: {
    maxAgeDays: lifecycleLimits.defaultMaxAgeDays,
    budgetBytes: lifecycleLimits.defaultBudgetBytes,
  },
};

/** Applies a validated update; parts it leaves out (and `undefined` values) keep their current value. */
export function applySettingsUpdate(current: Settings, update: SettingsUpdate): Settings {
  return {
    ugc: { ...current.ugc, ...definedOnly(update.ugc) },
    views: { ...current.views, ...definedOnly(update.views) },
    retention: { ...current.retention, ...definedOnly(update.retention) },
  };
}

function definedOnly<T extends object>(part: T | undefined): Partial<T> {
  if (!part) return {};
  return Object.fromEntries(Object.entries(part).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function storesUgc(settings: Settings, product: Product): boolean {
  return settings.ugc[product] === 'stored';
}
