/**
 * Every platform limit the code depends on, with its source, in one place.
 * FD:<path> means https://developer.atlassian.com/platform/forge/<path>/ (see shared/reference/forge-platform.md).
 */
export const limits = {
  /** Product-event retries: at most 4, `retryAfter` capped at 900 s (FD:events-reference/product_events). */
  productEventMaxRetryAfterSeconds: 900,
  /** Forge SQL: DDL requests per minute per installation (FD:limits-sql). */
  sqlDdlPerMinute: 25,
  /** Forge SQL: a single request's body (FD:limits-sql). Bounds what one INSERT may carry. */
  sqlRequestBytes: 1024 * 1024,
  /** Forge SQL: SELECT timeout (FD:limits-sql). */
  sqlSelectTimeoutMs: 5000,
  /** Resolver runtime (FD:limits-invocation). */
  resolverTimeoutMs: 25_000,
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
