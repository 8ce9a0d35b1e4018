import { readBudgets } from '../limits';
import type { Product } from '../record/audit-record';
import type { JqlScopeOptions } from './jql-scope';

/**
 * Knobs of the read paths that are not part of any payload: the budgets from limits.ts in production;
 * tests shrink them (a small export chunk, a small JQL probe) to exercise several chunks and batches
 * with little data.
 */
export interface ReadOptions extends JqlScopeOptions {
  /**
   * The products whose records may be read: the caller's (`Caller.products`). Required, so no read can
   * forget the caller's rights; the app's own reads of the whole store (tests, the benchmark) name every
   * product.
   */
  readonly products: ReadonlySet<Product>;
  /** How long to keep starting new batches; default `readBudgets.workMs`. */
  readonly workMs?: number;
  /** Export chunk and page budget in encoded bytes; default `readBudgets.responseBytes`. */
  readonly chunkBytes?: number;
  /** Candidate rows per batch when a JQL is matched per batch. */
  readonly candidateBatch?: number;
  /** Lead-index rows per scan window (default `WINDOW_ROWS`) or covered by the facets (`FACET_ROWS`). */
  readonly windowRows?: number;
  /** The clock the facets' default range is taken from. */
  readonly now?: () => number;
}

/** When a read stops starting new batches. */
export function deadlineOf(options: ReadOptions): number {
  return Date.now() + (options.workMs ?? readBudgets.workMs);
}
