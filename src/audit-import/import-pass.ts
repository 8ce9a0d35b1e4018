import { z } from 'zod';
import type { JobStateParts } from '../jobs/job-state';
import type { Product } from '../record/audit-record';

/**
 * Where the import of one product's audit log stands (job_state `audit-import`). The APIs page by
 * offset over records newest first, so an import works in *passes*: a pass fixes its window
 * (`fromMs`..`toMs`) when it starts, so records created meanwhile (after `toMs`) cannot shift the
 * offsets under it, and pages through that window, saving the offset after every page. Only a finished
 * pass moves `throughMs`; the next pass starts a little before it (`OVERLAP_MS`), and the records seen
 * twice collapse into the rows already stored (deterministic ids). The first pass has no lower bound:
 * it imports everything the API returns.
 */
export interface ProductImport {
  readonly status?: 'ok' | 'running' | 'error' | 'unavailable';
  /** Every record created up to here has been imported. */
  readonly throughMs?: number;
  readonly pass?: ImportPassState;
  readonly lastRunMs?: number;
  readonly lastSuccessMs?: number;
  /** New rows stored by the last run, and records it met that were already there. */
  readonly lastRunImported?: number;
  readonly lastRunDuplicates?: number;
  /** New rows stored since installation. */
  readonly imported?: number;
  /** Why the last run stopped short (HTTP status and the product's words), for the admin page. */
  readonly message?: string;
}

export interface ImportPassState {
  readonly fromMs?: number;
  readonly toMs: number;
  /** Records of the window already read. */
  readonly offset: number;
  /** What the API said the window holds (Jira sends `total`; Confluence does not). */
  readonly total?: number;
  readonly startedMs: number;
}

export type ImportState = Partial<Record<Product, ProductImport>>;

const count = z.number().int().nonnegative();

const productImportSchema: z.ZodType<ProductImport> = z.object({
  status: z.enum(['ok', 'running', 'error', 'unavailable']).optional(),
  throughMs: count.optional(),
  pass: z
    .object({
      fromMs: count.optional(),
      toMs: count,
      offset: count,
      total: count.optional(),
      startedMs: count,
    })
    .optional(),
  lastRunMs: count.optional(),
  lastSuccessMs: count.optional(),
  lastRunImported: count.optional(),
  lastRunDuplicates: count.optional(),
  imported: count.optional(),
  message: z.string().optional(),
});

/** How job_state `audit-import` is checked when read: each product's part on its own. */
export const importStateParts: JobStateParts<ImportState> = {
  jira: productImportSchema,
  confluence: productImportSchema,
};

/** A pass starts this far before the last one's end: audit records may be written a little late. */
export const OVERLAP_MS = 60 * 60 * 1000;

/** The pass to continue, or a new one if none is under way. Pure. */
export function currentPass(state: ProductImport, nowMs: number): ImportPassState {
  if (state.pass) return state.pass;
  return {
    ...(state.throughMs === undefined ? {} : { fromMs: Math.max(0, state.throughMs - OVERLAP_MS) }),
    toMs: nowMs,
    offset: 0,
    startedMs: nowMs,
  };
}

/**
 * The state after one page: the offset moves on; a page that ends the window ends the pass, and then
 * `throughMs` moves to the pass's end. Pure.
 */
export function afterPage(
  state: ProductImport,
  pass: ImportPassState,
  page: { readonly count: number; readonly more: boolean; readonly total?: number },
): ProductImport {
  const offset = pass.offset + page.count;
  const total = page.total ?? pass.total;
  const finished = !page.more || page.count === 0 || (total !== undefined && offset >= total);
  if (finished) {
    const { pass: _done, ...rest } = state;
    return { ...rest, throughMs: Math.max(state.throughMs ?? 0, pass.toMs) };
  }
  return { ...state, pass: { ...pass, offset, ...(total === undefined ? {} : { total }) } };
}
