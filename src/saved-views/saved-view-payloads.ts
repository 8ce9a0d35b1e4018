import { z } from 'zod';
import { activityFilterSchema } from '../query/activity-filter';
import { displayName } from '../record/display-name';

/** The relative ranges a saved view may keep: opened next week, "last 7 days" means that week. */
export const SAVED_RANGES = ['24h', '7d', '30d', '90d'] as const;

/** Views per site: enough for every recurring investigation, few enough to read as one list. */
export const MAX_SAVED_VIEWS = 100;

/**
 * What a saved view keeps: the activity filter, as every read takes it, and optionally a relative range
 * in place of fixed `from`/`to` instants. Strict like the filter: a misspelt key is refused by name.
 */
export const savedFilterSchema = activityFilterSchema
  .safeExtend({ range: z.enum(SAVED_RANGES).optional() })
  .refine((f) => f.range === undefined || (f.from === undefined && f.to === undefined), {
    message: 'a relative range cannot be saved with from or to',
    path: ['range'],
  });

export type SavedFilter = z.output<typeof savedFilterSchema>;

const viewId = z.string().regex(/^[0-9a-f]{32}$/, 'must be a view id from views.list');

/** `views.save`: a new view (no id) or a change to one (its id). */
export const saveViewPayloadSchema = z
  .object({ id: viewId.optional(), name: displayName(100), filter: savedFilterSchema })
  .strict();

/** `views.delete`: which view. */
export const deleteViewPayloadSchema = z.object({ id: viewId }).strict();
