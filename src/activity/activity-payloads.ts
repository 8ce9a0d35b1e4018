import { z } from 'zod';
import { activityFilterSchema } from '../query/activity-filter';

/**
 * The payloads of the admin page's activity resolvers. The filter is the shared `ActivityFilter`, as is;
 * each resolver adds only its own paging or format fields. Every object is strict: an unknown key is
 * refused by name rather than ignored (a misspelt filter that silently matched everything would be worse
 * than an error).
 */

/** Rows per page: 50 unless asked; at most 500 (a page's worth of records stays far below 5 MB). */
export const PAGE_SIZE = { min: 1, max: 500, default: 50 } as const;

const limit = z.number().int().min(PAGE_SIZE.min).max(PAGE_SIZE.max).default(PAGE_SIZE.default);

/** Opaque: what a previous answer returned as `nextCursor`. */
const cursor = z.string().min(1).max(1000).optional();

export const queryPayloadSchema = activityFilterSchema.safeExtend({ cursor, limit });

export const facetsPayloadSchema = activityFilterSchema;

export const getPayloadSchema = z.object({ id: z.string().trim().min(1).max(64) }).strict();

export const forObjectPayloadSchema = z
  .object({ objectId: z.string().trim().min(1).max(128), cursor, limit })
  .strict();

export const EXPORT_FORMATS = ['csv', 'ndjson', 'json', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The formats whose chunks are text that concatenates into one file. */
export type TextExportFormat = Exclude<ExportFormat, 'parquet'>;

export const exportPayloadSchema = z
  .object({ filters: activityFilterSchema.prefault({}), format: z.enum(EXPORT_FORMATS), cursor })
  .strict();
export type ExportPayload = z.output<typeof exportPayloadSchema>;

/** At most 100 people per call: one page of names and avatars for the rows on screen. */
export const peopleLookupPayloadSchema = z
  .object({
    accountIds: z.array(z.string().trim().min(1).max(128)).max(100, 'at most 100 account ids'),
  })
  .strict();
