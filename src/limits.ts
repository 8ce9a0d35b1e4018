/**
 * Every platform limit the code depends on, with its source, in one place.
 * FD:<path> means https://developer.atlassian.com/platform/forge/<path>/.
 */
export const limits = {
  /** Product-event retries: at most 4, `retryAfter` capped at 900 s (FD:events-reference/product_events). */
  productEventMaxRetries: 4,
  productEventMaxRetryAfterSeconds: 900,
  /** KVS: a value is at most 240 KiB; a page of a prefix query at most 100 keys (FD:limits-kvs-ce). */
  kvsValueBytes: 240 * 1024,
  kvsQueryPage: 100,
  /** KVS: a key is 1–500 characters (FD:limits-kvs-ce; FD:storage-reference/handling-errors-kvs). */
  kvsKeyMaxLength: 500,
  /** Forge SQL: DDL requests per minute per installation (FD:limits-sql). */
  sqlDdlPerMinute: 25,
  /** Forge SQL: a single request's body (FD:limits-sql). Bounds what one INSERT may carry. */
  sqlRequestBytes: 1024 * 1024,
  /** Forge SQL: SELECT timeout (FD:limits-sql). */
  sqlSelectTimeoutMs: 5000,
  /** Forge SQL: INSERT/UPDATE/DELETE timeout (FD:limits-sql). */
  sqlDmlTimeoutMs: 10_000,
  /** Forge SQL: DDL timeout (FD:limits-sql). */
  sqlDdlTimeoutMs: 20_000,
  /** Resolver runtime (FD:limits-invocation). */
  resolverTimeoutMs: 25_000,
  /** Forge SQL: one response's size (FD:limits-sql). Bounds how many full rows one SELECT may return. */
  sqlResponseBytes: 4 * 1024 * 1024,
  /** Front-end `invoke` response (FD:limits-invocation). Bounds one export chunk and one query page. */
  invokeResponseBytes: 5 * 1024 * 1024,
  /** Front-end `invoke` request (FD:limits-invocation). The payload schemas keep their arrays well below it. */
  invokeRequestBytes: 500 * 1024,
  /**
   * A function's invocation payload, 5 MB (FD:limits-invocation); a web trigger's request and response are
   * held to it (FD:events-reference/web-trigger). Bounds one pull-API page.
   */
  invocationPayloadBytes: 5 * 1024 * 1024,
  /** Forge SQL: DML requests per second per installation, shared by every function (FD:limits-sql). */
  sqlDmlPerSecond: 150,
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
 * Budgets this app derives from the limits above for reads and batched writes of records: the admin
 * page's pages and exports (src/activity/), sealing, forwarding, the pull API, imports.
 */
export const readBudgets = {
  /**
   * How long a resolver keeps starting new batches (SQL scans, JQL matches). Half of `resolverTimeoutMs`,
   * so the last batch started (one SELECT of at most `sqlSelectTimeoutMs` plus one REST call) still ends
   * well inside the 25 s; the caller continues from the returned cursor.
   */
  workMs: 10_000,
  /**
   * One export chunk or one page of records, measured as it travels: UTF-8 of its JSON encoding (quotes
   * and control characters escaped). 3.5 MB leaves room under `invokeResponseBytes` (5 MB) for the
   * envelope and the platform's own encoding, and keeps every answer under 4 MB.
   */
  responseBytes: 3.5 * 1000 * 1000,
  /**
   * Full rows fetched in one SELECT are grouped so that their estimated size (`answerBytes` in
   * src/store/rows-within-bytes.ts, never below a standard JSON encoding of the row) stays under half of
   * `sqlResponseBytes`: the other half is room for an encoder that escapes more than JSON requires.
   */
  rowFetchBytes: 2 * 1024 * 1024,
  /**
   * One INSERT or UPDATE carrying many rows is cut before its values, measured as JSON, reach a quarter of
   * `sqlRequestBytes`: the request also carries the SQL text, and an UPDATE names each id more than once.
   */
  statementBytes: limits.sqlRequestBytes / 4,
} as const;

/**
 * The archive tier (src/archive, src/packing): sizes chosen against the limits above.
 */
export const archiveLimits = {
  /** Records a block holds: the bench part `capacity` measured bytes per record at 1,024, 4,096 and 16,384. */
  blockRecords: 4096,
  /**
   * A block's compressed payload and bloom together: sent base64 (4/3 of it) inside one INSERT, they stay
   * under `sqlRequestBytes` (1 MiB) with room for the rest of the statement. A fuller block is split.
   */
  blockBytes: 640 * 1024,
  /**
   * How long an indexed block's live rows stay (hidden) before they are deleted: longer than any one
   * read (a resolver's 25 s, a SELECT's 5 s), so a reader that listed the blocks before this one was
   * indexed still finds its records in the live table.
   */
  settleMs: 5 * 60_000,
  /**
   * Records stay live at least this long after they were received: a product event Forge delivers again
   * (at most `productEventMaxRetries` times, each after at most `productEventMaxRetryAfterSeconds`) must
   * still find its first copy in the live table, whose key is what makes the second one a duplicate.
   */
  liveWindowMs: limits.productEventMaxRetries * limits.productEventMaxRetryAfterSeconds * 1000,
  /** A partial block is packed once its oldest record was received this long ago: small sites too get the archive. */
  maxLiveAgeMs: 24 * 3_600_000,
  /** Term keys per index statement: each carries a few dozen bytes, far under `readBudgets.statementBytes`. */
  termsPerStatement: 500,
  /** Payload bytes read in one SELECT: half of `sqlResponseBytes`, as base64 is 4/3 of the bytes. */
  payloadFetchBytes: 2 * 1024 * 1024,
} as const;

/**
 * Forwarding to SIEMs: the platform's limits on a delivery run, and each receiver's documented request
 * limits. Sources: FD:… as above, and the vendors' docs:
 * - Splunk HEC: https://help.splunk.com/en/splunk-enterprise/get-data-in/collect-http-event-data/http-event-collector-rest-api-endpoints
 * - Elastic `_bulk`: https://elastic.co/guide/en/elasticsearch/reference/7.1/docs-bulk.html
 * - Datadog Logs v2: https://docs.datadoghq.com/api/latest/logs/send-logs/
 * - Azure Monitor Logs Ingestion API: https://learn.microsoft.com/en-us/azure/azure-monitor/logs/logs-ingestion-api-overview
 * - Sumo Logic HTTP source: https://help-opensource.sumologic.com/docs/send-data/hosted-collectors/http-source/logs-metrics/
 * - Standard Webhooks v1: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
export const deliveryLimits = {
  /** Scheduled and queue-consumer functions may run up to 900 s with `timeoutSeconds` (FD:limits-invocation). */
  longFunctionTimeoutSeconds: 900,
  /** What manifest.yml gives `seal-and-forward` and its queue consumer (`timeoutSeconds`). */
  forwardFunctionTimeoutSeconds: 600,
  /** Stop starting work this long before the function's time runs out: a request in flight must finish. */
  forwardSafetyMarginMs: 45_000,
  /** Egress: 100 requests per runtime-minute per invocation (FD:limits-invocation). */
  egressRequestsPerMinute: 100,
  /**
   * Customer-managed egress: at most 10 egress groups per installation (FD:customer-managed-egress-and-remotes).
   * One group per self-hosted destination, so at most this many of them; SaaS SIEMs declared in the
   * manifest need none.
   */
  egressGroupsPerInstallation: 10,
  /** Queue: at most 900 s of `delayInSeconds` (FD:runtime-reference/async-events-api). */
  queueMaxDelaySeconds: 900,
  /** Queue: cyclic chains of pushes are cut at 1,000 (FD:limits-async-events); ours stays far below. */
  queueChainMax: 200,
  /** One outgoing request: Standard Webhooks advises a 15–30 s timeout. */
  requestTimeoutMs: 30_000,
  /** Splunk HEC: no request cap is documented; ~1 MB (third-party advice) is the safe size. */
  splunkRequestBytes: 1_000_000,
  /** Elastic `_bulk`: 100 MB `http.max_content_length`; 5–15 MiB and 1,000–5,000 documents in practice. */
  elasticRequestBytes: 5 * 1024 * 1024,
  elasticRequestDocuments: 1000,
  /** Datadog Logs v2: 5 MB uncompressed and 1,000 entries per request. */
  datadogRequestBytes: 5_000_000,
  datadogRequestEntries: 1000,
  /** Azure Monitor Logs Ingestion API: 1 MB per call, compressed or not. */
  azureRequestBytes: 1_000_000,
  /** Sumo Logic HTTP source: at most 1 MB uncompressed. */
  sumoRequestBytes: 1_000_000,
  /**
   * Generic webhook: Standard Webhooks leaves the request size to the receiver (its ~20 KB advice is for
   * one event, which batching passes anyway). Our choice is 1 MB, the cap Splunk HEC, Azure and Sumo Logic
   * document and the default `client_max_body_size` of nginx in front of a self-hosted endpoint; 1,000
   * records, about as many native records as fit in it. A
   * receiver with a smaller cap answers 413 and the batch goes in halves (nothing is lost); its admin can
   * lower the records per request. (256 KiB cost 3.9 requests per 1,000 records, twice any other type,
   * out of an invocation's 100 egress requests a minute: bench/forward.ts.)
   */
  webhookRequestBytes: 1_000_000,
  webhookRequestRecords: 1000,
  /** Backoff between failed attempts: full jitter over base·2^attempt, capped (our choice). */
  backoffBaseMs: 5_000,
  backoffCapMs: 60 * 60 * 1000,
} as const;

/**
 * Retention, insights, personal data and the native audit import (src/retention, src/insights,
 * src/privacy, src/audit-import): the platform's numbers these depend on, and the budgets chosen from them.
 */
export const lifecycleLimits = {
  /** Forge SQL: total stored data of a production installation (FD:limits-sql). */
  sqlStorageBytes: 1024 * 1024 * 1024,
  /** Default storage budget: 80 % of it, so retention acts well before Forge SQL refuses writes (our choice). */
  defaultBudgetBytes: Math.floor(0.8 * 1024 * 1024 * 1024),
  /** Default maximum age of a record (our choice; Atlassian's own audit logs keep 180 days). */
  defaultMaxAgeDays: 180,
  /** Retention deletes at most this many rows per statement: Forge SQL DML times out at 10 s (FD:limits-sql). */
  retentionDeleteRows: 1000,
  /** What the `daily` and `audit-import` functions get (`timeoutSeconds` in manifest.yml; at most 900). */
  jobFunctionTimeoutSeconds: 600,
  /** Stop starting work this long before the function's time runs out. */
  jobSafetyMarginMs: 45_000,
  /** Personal data reporting: at most 90 accounts per request (FD:runtime-reference/privacy-api). */
  personalDataBatch: 90,
  /** Personal data reporting: the cycle when the API does not send `Cycle-Period` (FD:user-privacy-guidelines). */
  defaultCyclePeriodMs: 7 * 24 * 60 * 60 * 1000,
  /** Jira `GET /rest/api/3/auditing/record`: `limit` defaults to, and is capped at, 1000 (Jira v3 OpenAPI). */
  jiraAuditPage: 1000,
  /** Confluence `GET /wiki/rest/api/audit`: `limit` "may be restricted by fixed system limits"; 1000 asked. */
  confluenceAuditPage: 1000,
  /** Rollups are kept this long (two years: a month compared with the same month last year), our choice. */
  rollupKeepDays: 731,
  /** Site users listed for the inactive share: `/rest/api/3/users/search` pages at most 1000 (Jira v3 OpenAPI). */
  siteUsersPage: 1000,
  /** …and at most this many are listed; a larger site's share is computed over this many (our choice). */
  siteUsersMax: 50_000,
} as const;

/** The history backfill's page sizes and pacing (src/backfill). */
export const backfillLimits = {
  /** `POST /rest/api/3/search/jql`: at most 100 issues a page when fields beyond id/key are asked (Jira v3 OpenAPI). */
  searchPage: 100,
  /** `POST /rest/api/3/changelog/bulkfetch`: at most 1,000 issues a call (Jira v3 OpenAPI). */
  bulkChangelogIssues: 1000,
  /** …and at most 10,000 changelogs a page (`maxResults`, Jira v3 OpenAPI). */
  bulkChangelogPage: 10_000,
  /** `GET /rest/api/3/issue/{id}/comment`: `maxResults` at most 100 (Jira v3 OpenAPI; 5000 documented, 100 served). */
  commentPage: 100,
  /** `GET /rest/api/3/worklog/updated` pages 1,000 ids; `POST /worklog/list` takes at most 1,000 (Jira v3 OpenAPI). */
  worklogIds: 1000,
  /** Confluence v2 list endpoints: `limit` at most 250 (Confluence v2 OpenAPI). */
  v2Page: 250,
  /** Backoff without `Retry-After`: from 2 s, doubling, at most 60 s (Jira's rate-limiting guide's advice). */
  firstBackoffMs: 2000,
  maxBackoffMs: 60_000,
  /** A pause before the next request when an answer says `X-RateLimit-NearLimit: true` (our choice). */
  nearLimitPauseMs: 1000,
  /** Estimate: records per issue changed in the period, and per page or blog post edited in it (our sample of the seeded site). */
  recordsPerIssue: 6,
  recordsPerPage: 3,
  /** Estimate: bytes a record takes when the log is still empty and cannot be measured (our measure). */
  defaultRecordBytes: 700,
} as const;
