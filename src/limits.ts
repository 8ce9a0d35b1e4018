/**
 * Every platform limit the code depends on, with its source, in one place.
 * FD:<path> means https://developer.atlassian.com/platform/forge/<path>/ (see shared/reference/forge-platform.md).
 */
export const limits = {
  /** Product-event retries: at most 4, `retryAfter` capped at 900 s (FD:events-reference/product_events). */
  productEventMaxRetries: 4,
  productEventMaxRetryAfterSeconds: 900,
  /** KVS: a value is at most 240 KiB; a page of a prefix query at most 100 keys (FD:limits-kvs-ce). */
  kvsValueBytes: 240 * 1024,
  kvsQueryPage: 100,
  /** Forge SQL: DDL requests per minute per installation (FD:limits-sql). */
  sqlDdlPerMinute: 25,
  /** Forge SQL: a single request's body (FD:limits-sql). Bounds what one INSERT may carry. */
  sqlRequestBytes: 1024 * 1024,
  /** Forge SQL: SELECT timeout (FD:limits-sql). */
  sqlSelectTimeoutMs: 5000,
  /** Resolver runtime (FD:limits-invocation). */
  resolverTimeoutMs: 25_000,
  /** Forge SQL: one response's size (FD:limits-sql). Bounds how many full rows one SELECT may return. */
  sqlResponseBytes: 4 * 1024 * 1024,
  /** Front-end `invoke` response (FD:limits-invocation). Bounds one export chunk and one query page. */
  invokeResponseBytes: 5 * 1024 * 1024,
  /** Front-end `invoke` request (FD:limits-invocation). The payload schemas keep their arrays well below it. */
  invokeRequestBytes: 500 * 1024,
} as const;


/**
 * Sizes this app chooses for stored strings. They keep a row compact (1 GiB per production install,
 * FD:limits-sql) and every value inside its column; longer text is cut with a visible ellipsis.
 */
export const fieldLengths = {
  id: 32,
  action: 96,
  accountId: 128,
  refType: 64,
  refId: 128,
  refKey: 255,
  title: 255,
  containerName: 255,
  sourceEvent: 128,
  changeValue: 1000,
  changeField: 128,
  /** More changed fields than this in one event are summarised by a final `…` entry, never dropped silently. */
  changesPerRecord: 50,
} as const;

/**
 * Budgets this app derives from the limits above for the admin page's reads (src/activity/).
 */
export const readBudgets = {
  /**
   * How long a resolver keeps starting new batches (SQL scans, JQL matches). Half of `resolverTimeoutMs`,
   * so the last batch started (one SELECT of at most `sqlSelectTimeoutMs` plus one REST call) still ends
   * well inside the 25 s; the caller continues from the returned cursor.
   */
  workMs: 10_000,
  /**
   * One export chunk, measured as the chunk travels: UTF-8 of its JSON string encoding (quotes and
   * control characters escaped). 3.5 MB leaves room under `invokeResponseBytes` (5 MB) for the
   * envelope and for the platform's own encoding, and keeps every chunk under 4 MB.
   */
  exportChunkBytes: 3.5 * 1000 * 1000,
  /**
   * Full rows fetched in one SELECT are grouped so that their estimated size stays under half of
   * `sqlResponseBytes`: Forge SQL answers in JSON, which escapes the quotes in the `changes` column.
   */
  rowFetchBytes: 2 * 1024 * 1024,
} as const;
