import { z } from 'zod';
import type { Product } from '../record/audit-record';

const ugc = z.enum(['stored', 'not_stored']);
const perProduct = <T extends z.ZodType>(value: T) => z.object({ jira: value, confluence: value }).strict();

/**
 * What an admin decides about capture, per product (DESIGN.md decision 7).
 * - `ugc`: whether user-generated content (titles, summaries, comment text, changed values) is kept.
 *   "not_stored" still records who did what to which id, and when.
 * - `views`: view events are the firehose (and most of the compute bill), so they are off until chosen.
 */
export const settingsSchema = z
  .object({
    ugc: perProduct(ugc),
    views: perProduct(z.boolean()),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;

/** `settings.update` takes any subset; unknown keys are refused so a typo is not silently ignored. */
export const settingsUpdateSchema = z
  .object({
    ugc: perProduct(ugc).partial().optional(),
    views: perProduct(z.boolean()).partial().optional(),
  })
  .strict();

export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

/** What is read back from storage: the same subset, but keys written by a newer version are ignored. */
export const storedSettingsSchema = z.object({
  ugc: z.object({ jira: ugc.optional(), confluence: ugc.optional() }).optional(),
  views: z.object({ jira: z.boolean().optional(), confluence: z.boolean().optional() }).optional(),
});

export const DEFAULT_SETTINGS: Settings = {
  ugc: { jira: 'stored', confluence: 'stored' },
  views: { jira: false, confluence: false },
};

export function applySettingsUpdate(current: Settings, update: SettingsUpdate): Settings {
  return {
    ugc: { ...current.ugc, ...update.ugc },
    views: { ...current.views, ...update.views },
  };
}

export function storesUgc(settings: Settings, product: Product): boolean {
  return settings.ugc[product] === 'stored';
}
