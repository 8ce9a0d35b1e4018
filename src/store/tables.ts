import type { ColumnType, Generated } from 'kysely';

/**
 * Forge SQL answers through a JSON API that turns BIGINT into strings (FD:storage-reference/sql-data-types),
 * while SQLite and mysql2 give numbers: reads of numeric columns therefore go through `Number(...)`.
 */
type BigIntColumn = ColumnType<number | string, number, number>;

/** One audit record per row; column sizes from `fieldLengths` in limits.ts. */
export interface AuditEventTable {
  id: string;
  time_ms: BigIntColumn;
  received_ms: BigIntColumn;
  product: string;
  action: string;
  actor_id: string | null;
  actor_type: string;
  container_type: string | null;
  container_id: string | null;
  container_key: string | null;
  container_name: string | null;
  object_type: string | null;
  object_id: string | null;
  object_key: string | null;
  object_title: string | null;
  parent_type: string | null;
  parent_id: string | null;
  parent_key: string | null;
  parent_title: string | null;
  /**
   * The issue or page whose trail this record belongs to: the parent's id for a comment, worklog or
   * attachment, else the object's own id. Indexed, so "everything that happened to PROJ-1" is one range.
   */
  trail_id: string | null;
  /** JSON array of `{ field, from, to }`; NULL when there are none (most rows), to keep rows small. */
  changes: string | null;
  source_event: string;
  /**
   * Set by sealing (src/seal): the gap-free position in the installation's chain, NULL until sealed.
   * Nothing pages by the primary key or an AUTO_INCREMENT: TiDB's are not monotonic.
   */
  seq: NullableBigIntColumn;
  /** SHA-256 hex of `prev_hash ‖ canonical sealed form` (src/seal/chain-hash.ts). */
  hash: NullableColumn<string>;
  /** The previous row's `hash`, kept per row so a chain whose oldest rows retention removed still verifies. */
  prev_hash: NullableColumn<string>;
  /** JSON `{ path: digest }`: keyed digests of the personal and UGC fields, which outlive their erasure. */
  seal_digests: NullableColumn<string>;
  /**
   * Ed25519 over `seq` and `hash` (src/seal/record-signature.ts), base64: outside the hash, which it
   * signs. NULL until sealed, and on rows sealed before per-record signatures existed.
   */
  seal_signature: NullableColumn<string>;
}

/** Small named JSON documents: the app's settings. */
export interface SettingTable {
  name: string;
  value: string;
  updated_ms: BigIntColumn;
}

/** What Forge's `migrationRunner` keeps; the SQLite path keeps the same table so both engines read alike. */
export interface MigrationTable {
  id: Generated<number>;
  name: string;
  migratedAt: ColumnType<string, string | undefined, never>;
}

/** A column a later migration added: optional on insert, so the capture path need not know it. */
type NullableColumn<T> = ColumnType<T | null, T | null | undefined, T | null>;
type NullableBigIntColumn = ColumnType<number | string | null, number | null | undefined, number | null>;

/**
 * One row, `name = 'seal'`: the sealing job's lock and the chain's head. Forge SQL has no transactions,
 * so the lock is taken and the head moved by conditional UPDATEs whose affected-row count says who won.
 */
export interface SealStateTable {
  name: string;
  /** The invocation holding the lock (a random id), NULL when free. */
  owner: string | null;
  /** When the lock lapses if its owner died without releasing it. */
  expires_ms: BigIntColumn;
  /** The last published seq (0: none); rows stamped above it belong to a run that has not finished. */
  last_seq: BigIntColumn;
  last_hash: string;
  /** Retention's mark: rows up to this seq were removed on purpose, so verification starts after it. */
  pruned_seq: BigIntColumn;
  /** The latest signed checkpoint's JSON (src/seal/checkpoint.ts): a public copy; KVS holds the trusted one. */
  checkpoint: NullableColumn<string>;
  /** The Ed25519 public key checkpoints are signed with (SPKI DER, base64): public, shown and exported. */
  public_key: NullableColumn<string>;
}

/** Signed erasure entries (src/seal/erasure.ts): which personal fields of a record the app erased. */
export interface SealErasureTable {
  /** Digest of the record id and paths: the same erasure is stored once. */
  id: string;
  record_id: string;
  /** The signed entry's JSON. */
  entry: string;
}

/** Pull-API tokens: only a SHA-256 of each token is kept; the token itself is shown once, on creation. */
export interface PullTokenTable {
  id: string;
  name: string;
  token_hash: string;
  created_by: string;
  created_ms: BigIntColumn;
  last_used_ms: NullableBigIntColumn;
  revoked_ms: NullableBigIntColumn;
  /** Start of the current one-minute rate window and the requests counted in it. */
  window_ms: BigIntColumn;
  window_count: BigIntColumn;
}

/**
 * SIEM destinations (src/forward): the configuration an admin saved, without its credential (that is a
 * KVS secret). `filter_json` and `options_json` are small JSON documents; booleans are 0/1.
 */
export interface DestinationTable {
  id: string;
  name: string;
  type: string;
  url: string;
  format: string;
  filter_json: string;
  options_json: string;
  is_enabled: ColumnType<number, number, number>;
  is_required: ColumnType<number, number, number>;
  created_ms: BigIntColumn;
  updated_ms: BigIntColumn;
}

/**
 * Where each destination's delivery stands. `cursor_seq` is the last seq confirmed delivered (or passed
 * over by the filter) and only ever moves forward; `status` is `active`, `stopped` (a configuration error,
 * `last_error` says which) or `disabled` (the receiver answered 410). The lease keeps two invocations
 * from sending the same batches at once.
 */
export interface DestinationStateTable {
  destination_id: string;
  cursor_seq: BigIntColumn;
  status: string;
  attempts: ColumnType<number, number, number>;
  next_attempt_ms: BigIntColumn;
  last_success_ms: NullableBigIntColumn;
  last_error: NullableColumn<string>;
  last_error_ms: NullableBigIntColumn;
  lease_owner: NullableColumn<string>;
  lease_until_ms: BigIntColumn;
  /** Totals since the destination was created: records confirmed and requests made. */
  delivered: BigIntColumn;
  requests: BigIntColumn;
}

/**
 * Insights rollups (src/insights), one row per UTC day (`YYYY-MM-DD`) and product, kept by the `daily` job
 * so that usage history outlives retention. Each row also says up to which seq its count includes
 * (`through_seq`): a batch that is applied twice (a run that stopped half-way and was redone) adds
 * nothing the second time, because Forge SQL has no transactions to make a batch all-or-nothing.
 */
export interface InsightDayTable {
  day: string;
  product: string;
  /** Every record of the day. */
  events: BigIntColumn;
  /** Records from product events (not native audit imports): a day without any is a gap, not a zero. */
  captured: BigIntColumn;
  through_seq: BigIntColumn;
}

/** Who was active on a day: one row per user actor (people only, not apps) and product. */
export interface InsightActorDayTable {
  day: string;
  product: string;
  actor_id: string;
  events: BigIntColumn;
  through_seq: BigIntColumn;
}

export interface InsightActionDayTable {
  day: string;
  product: string;
  action: string;
  events: BigIntColumn;
  through_seq: BigIntColumn;
}

export interface InsightContainerDayTable {
  day: string;
  product: string;
  container_type: string;
  container_id: string;
  container_key: string | null;
  container_name: string | null;
  events: BigIntColumn;
  through_seq: BigIntColumn;
}

/**
 * Account ids this installation holds personal data for (src/privacy), reported to Atlassian's
 * personal-data API every cycle. `updated_ms` is the `updatedAt` reported: when the app last stored
 * data about the account; `reported_ms` when it was last reported (NULL: not yet in any cycle).
 */
export interface PersonalAccountTable {
  account_id: string;
  updated_ms: BigIntColumn;
  reported_ms: NullableBigIntColumn;
}

/**
 * One row per scheduled job that must not run twice at once (`daily`, `audit-import`): its lock, taken
 * and released by conditional UPDATEs as seal_state's is, and its progress as a small JSON document
 * that only the lock holder writes (checkpoints, last run, what the admin page shows).
 */
export interface JobStateTable {
  name: string;
  owner: string | null;
  expires_ms: BigIntColumn;
  state: string;
  updated_ms: BigIntColumn;
}

/**
 * The archive tier (src/archive): sealed records packed in seq order into compressed blocks, one row a
 * block. `block_id` is the block's first seq. The chain anchors (`prev_hash` before the first record,
 * `hash` after the last) and the Ed25519 `signature` over the block's header (src/seal/block-seal.ts)
 * stand in for the per-record hashes and signatures the live rows carry.
 */
export interface ArchiveBlockTable {
  block_id: BigIntColumn;
  seq_to: BigIntColumn;
  /** Records the block still holds (retention may have removed some: `removed`). */
  record_count: BigIntColumn;
  removed: BigIntColumn;
  time_min: BigIntColumn;
  time_max: BigIntColumn;
  /** JSON `[[start, end], …]`: the stretches of time the records fall in (src/archive/block-summary.ts). */
  spans: string;
  prev_hash: string;
  hash: string;
  payload: ColumnType<Buffer | string, Buffer | unknown, Buffer | unknown>;
  bloom: ColumnType<Buffer | string, Buffer | unknown, Buffer | unknown>;
  terms_digest: string;
  signature: string;
  /**
   * `written` (not yet in the term index: readers ignore it), `indexed` (readers use it; its live rows
   * are still there, hidden), `settled` (its live rows are deleted).
   */
  state: string;
  state_ms: BigIntColumn;
}

/**
 * The archive's term index (src/archive/block-store.ts): `term` is a bucket of term keys, `blocks` the
 * entries `<tag>:<block>,` of the terms in it, a tag naming the term and a block its first seq (base 36).
 */
export interface ArchiveTermTable {
  term: BigIntColumn;
  blocks: string;
}

/**
 * Saved views of the admin page (src/saved-views): a named activity filter, shared by the site's admins.
 * `filter` is the filter's JSON; `name_key` its name folded to lower case, so one name is one view.
 */
export interface SavedViewTable {
  id: string;
  name: string;
  name_key: string;
  filter: string;
  created_by: string;
  created_ms: BigIntColumn;
  updated_by: string;
  updated_ms: BigIntColumn;
}

/** Detection rules the admin saved (src/detect): built-ins changed from their defaults, and custom rules. */
export interface DetectionRuleTable {
  id: string;
  /** The rule as JSON (src/detect/rule.ts), checked again when read. */
  body: string;
  updated_ms: BigIntColumn;
  updated_by: string;
}

/**
 * The evaluation's progress, one row: every rule's cursor (last evaluated seq) and window state as one
 * JSON document, read once per run and replaced per batch by an UPDATE conditional on `version`, so two
 * runs never both move it.
 */
export interface DetectionStateTable {
  name: string;
  version: BigIntColumn;
  state: string;
  updated_ms: BigIntColumn;
}

/** One alert per incident; its id is derived from the incident, so finding it again writes the same row. */
export interface DetectionAlertTable {
  id: string;
  rule_id: string;
  status: string;
  first_ms: BigIntColumn;
  last_ms: BigIntColumn;
  opened_ms: BigIntColumn;
  opened_seq: BigIntColumn;
  /** Comma-separated products of its records: the alert is shown to admins of all of them. */
  products: string;
  /** Rule name, group, count, actors, containers, record ids and the log filter, as JSON. */
  detail: string;
  status_by: NullableColumn<string>;
  status_ms: NullableBigIntColumn;
  /** Per notification channel: delivered, or attempts and the next attempt (JSON). */
  notify: string;
  /** When a notification is next due; NULL once every channel is done. */
  notify_due_ms: NullableBigIntColumn;
}

export interface Database {
  audit_event: AuditEventTable;
  setting: SettingTable;
  __migrations: MigrationTable;
  seal_state: SealStateTable;
  seal_erasure: SealErasureTable;
  pull_token: PullTokenTable;
  destination: DestinationTable;
  destination_state: DestinationStateTable;
  insight_day: InsightDayTable;
  insight_actor_day: InsightActorDayTable;
  insight_action_day: InsightActionDayTable;
  insight_container_day: InsightContainerDayTable;
  personal_account: PersonalAccountTable;
  job_state: JobStateTable;
  archive_block: ArchiveBlockTable;
  archive_term: ArchiveTermTable;
  saved_view: SavedViewTable;
  detection_rule: DetectionRuleTable;
  detection_state: DetectionStateTable;
  detection_alert: DetectionAlertTable;
}
