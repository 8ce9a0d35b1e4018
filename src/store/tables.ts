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

export interface Database {
  audit_event: AuditEventTable;
  setting: SettingTable;
  __migrations: MigrationTable;
}
