import { sql, type CompiledQuery, type Compilable, type CreateTableBuilder, type Kysely } from 'kysely';
import { fieldLengths as len } from '../limits';
import type { Database } from './tables';

/**
 * The schema: one migration per table, in order, then later changes. Forge SQL allows 25 DDL requests a
 * minute per installation (`limits.sqlDdlPerMinute`) and runs one statement per request, so on Forge each
 * migration is one statement: a CREATE TABLE with its indexes declared inside it, or one ALTER TABLE. A
 * fresh install costs one DDL request per migration, plus the two `migrationRunner` spends on its own
 * bookkeeping. Migrations are append-only once deployed: a later change is a new migration, never an
 * edit of a deployed one. Every statement is idempotent (`IF NOT EXISTS`), so a run that stopped
 * half-way is simply run again.
 */
export interface Migration {
  readonly name: string;
  /** The table it creates or changes. */
  readonly table: keyof Database;
  /** CREATE TABLE with columns and primary key (secondary indexes are in `indexes`), or an ALTER TABLE. */
  create(db: Kysely<Database>): Compilable;
  readonly indexes: readonly TableIndex[];
  /** The ALTER TABLE for Forge SQL (TiDB and MariaDB take `ADD COLUMN IF NOT EXISTS`; SQLite does not). */
  readonly forgeSql?: string;
}

export interface TableIndex {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique?: boolean;
}

type Columns<T extends keyof Database> = (table: CreateTableBuilder<T, never>) => Compilable;

interface Index<T extends keyof Database> extends TableIndex {
  readonly columns: readonly (keyof Database[T] & string)[];
}

/** A CREATE TABLE migration; `version` orders it among the others (tables added later take later ones). */
function table<T extends keyof Database>(
  name: T,
  columns: Columns<T>,
  indexes: readonly Index<T>[] = [],
  version = 'v001',
): Migration {
  return {
    name: `${version}_${name}`,
    table: name,
    create: (db) => columns(db.schema.createTable(name).ifNotExists()),
    indexes,
  };
}

export const migrations: readonly Migration[] = [
  table(
    'audit_event',
    (t) =>
      t
        .addColumn('id', `char(${len.id})`, (c) => c.primaryKey())
        .addColumn('time_ms', 'bigint', (c) => c.notNull())
        .addColumn('received_ms', 'bigint', (c) => c.notNull())
        .addColumn('product', 'varchar(16)', (c) => c.notNull())
        .addColumn('action', `varchar(${len.action})`, (c) => c.notNull())
        .addColumn('actor_id', `varchar(${len.accountId})`)
        .addColumn('actor_type', 'varchar(16)', (c) => c.notNull())
        .addColumn('container_type', 'varchar(16)')
        .addColumn('container_id', `varchar(${len.refId})`)
        .addColumn('container_key', `varchar(${len.refKey})`)
        .addColumn('container_name', `varchar(${len.containerName})`)
        .addColumn('object_type', `varchar(${len.refType})`)
        .addColumn('object_id', `varchar(${len.refId})`)
        .addColumn('object_key', `varchar(${len.refKey})`)
        .addColumn('object_title', `varchar(${len.title})`)
        .addColumn('parent_type', `varchar(${len.refType})`)
        .addColumn('parent_id', `varchar(${len.refId})`)
        .addColumn('parent_key', `varchar(${len.refKey})`)
        .addColumn('parent_title', `varchar(${len.title})`)
        .addColumn('trail_id', `varchar(${len.refId})`)
        // Up to 50 changes of 1,000 characters each side: more than TEXT's 64 KiB in UTF-8.
        .addColumn('changes', sql`mediumtext`)
        .addColumn('source_event', `varchar(${len.sourceEvent})`, (c) => c.notNull())
        // Sealing (src/seal): gap-free seq and hash chain on every row, NULL until sealed.
        .addColumn('seq', 'bigint')
        .addColumn('hash', 'char(64)')
        .addColumn('prev_hash', 'char(64)')
        .addColumn('seal_digests', 'text'),
    [
      // Newest-first pages over everything; keyset on (time, id). InnoDB/TiDB append the primary key anyway.
      { name: 'ix_audit_event_time', columns: ['time_ms', 'id'] },
      { name: 'ix_audit_event_actor_time', columns: ['actor_id', 'time_ms'] },
      { name: 'ix_audit_event_container_time', columns: ['container_id', 'time_ms'] },
      { name: 'ix_audit_event_action_time', columns: ['action', 'time_ms'] },
      { name: 'ix_audit_event_trail_time', columns: ['trail_id', 'time_ms'] },
      // Unique: a second writer that somehow computed the same seq fails instead of forking the chain.
      // NULLs (unsealed rows) are distinct in both MySQL and SQLite unique indexes.
      { name: 'ux_audit_event_seq', columns: ['seq'], unique: true },
      // `WHERE seq IS NULL ORDER BY received_ms, id`: an IS NULL lookup on the leading column, already in
      // the order sealing wants, in MySQL/TiDB and SQLite alike (neither has partial indexes in common).
      { name: 'ix_audit_event_unsealed', columns: ['seq', 'received_ms', 'id'] },
    ],
  ),
  table('setting', (t) =>
    t
      .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_ms', 'bigint', (c) => c.notNull()),
  ),
  // Sealing's lock and the chain's head.
  table('seal_state', (t) =>
    t
      .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('owner', 'varchar(64)')
      .addColumn('expires_ms', 'bigint', (c) => c.notNull())
      .addColumn('last_seq', 'bigint', (c) => c.notNull())
      .addColumn('last_hash', 'char(64)', (c) => c.notNull())
      .addColumn('pruned_seq', 'bigint', (c) => c.notNull())
      .addColumn('checkpoint', 'text')
      .addColumn('public_key', 'varchar(100)'),
  ),
  // Signed erasure entries: which personal fields of a record the app itself erased.
  table(
    'seal_erasure',
    (t) =>
      t
        .addColumn('id', 'char(32)', (c) => c.primaryKey())
        .addColumn('record_id', `char(${len.id})`, (c) => c.notNull())
        .addColumn('entry', 'text', (c) => c.notNull()),
    [{ name: 'ix_seal_erasure_record', columns: ['record_id'] }],
  ),
  // Pull API (src/pull-api): tokens, stored as hashes, with their rate window.
  table(
    'pull_token',
    (t) =>
      t
        .addColumn('id', 'char(32)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('token_hash', 'char(64)', (c) => c.notNull())
        .addColumn('created_by', `varchar(${len.accountId})`, (c) => c.notNull())
        .addColumn('created_ms', 'bigint', (c) => c.notNull())
        .addColumn('last_used_ms', 'bigint')
        .addColumn('revoked_ms', 'bigint')
        .addColumn('window_ms', 'bigint', (c) => c.notNull())
        .addColumn('window_count', 'bigint', (c) => c.notNull()),
    [{ name: 'ux_pull_token_hash', columns: ['token_hash'], unique: true }],
  ),
  // Forwarding (src/forward): SIEM destinations and where each one's delivery stands.
  table('destination', (t) =>
    t
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('type', 'varchar(16)', (c) => c.notNull())
      .addColumn('url', 'varchar(2000)', (c) => c.notNull())
      .addColumn('format', 'varchar(16)', (c) => c.notNull())
      .addColumn('filter_json', 'text', (c) => c.notNull())
      .addColumn('options_json', 'text', (c) => c.notNull())
      .addColumn('is_enabled', 'integer', (c) => c.notNull())
      .addColumn('is_required', 'integer', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('updated_ms', 'bigint', (c) => c.notNull()),
  ),
  table('destination_state', (t) =>
    t
      .addColumn('destination_id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('cursor_seq', 'bigint', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_ms', 'bigint', (c) => c.notNull())
      .addColumn('last_success_ms', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('last_error_ms', 'bigint')
      .addColumn('lease_owner', 'varchar(64)')
      .addColumn('lease_until_ms', 'bigint', (c) => c.notNull())
      .addColumn('delivered', 'bigint', (c) => c.notNull())
      .addColumn('requests', 'bigint', (c) => c.notNull()),
  ),
  // Insights rollups (src/insights): per UTC day and product, kept by the `daily` job beyond retention.
  table('insight_day', (t) =>
    t
      .addColumn('day', 'char(10)', (c) => c.notNull())
      .addColumn('product', 'varchar(16)', (c) => c.notNull())
      .addColumn('events', 'bigint', (c) => c.notNull())
      .addColumn('captured', 'bigint', (c) => c.notNull())
      .addColumn('through_seq', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('pk_insight_day', ['day', 'product']),
  ),
  table(
    'insight_actor_day',
    (t) =>
      t
        .addColumn('day', 'char(10)', (c) => c.notNull())
        .addColumn('product', 'varchar(16)', (c) => c.notNull())
        .addColumn('actor_id', `varchar(${len.accountId})`, (c) => c.notNull())
        .addColumn('events', 'bigint', (c) => c.notNull())
        .addColumn('through_seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('pk_insight_actor_day', ['day', 'product', 'actor_id']),
    // Pseudonymising a closed account renames its rows: found by actor, not by day.
    [{ name: 'ix_insight_actor_day_actor', columns: ['actor_id', 'day'] }],
  ),
  table('insight_action_day', (t) =>
    t
      .addColumn('day', 'char(10)', (c) => c.notNull())
      .addColumn('product', 'varchar(16)', (c) => c.notNull())
      .addColumn('action', `varchar(${len.action})`, (c) => c.notNull())
      .addColumn('events', 'bigint', (c) => c.notNull())
      .addColumn('through_seq', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('pk_insight_action_day', ['day', 'product', 'action']),
  ),
  table('insight_container_day', (t) =>
    t
      .addColumn('day', 'char(10)', (c) => c.notNull())
      .addColumn('product', 'varchar(16)', (c) => c.notNull())
      .addColumn('container_type', 'varchar(16)', (c) => c.notNull())
      .addColumn('container_id', `varchar(${len.refId})`, (c) => c.notNull())
      .addColumn('container_key', `varchar(${len.refKey})`)
      .addColumn('container_name', `varchar(${len.containerName})`)
      .addColumn('events', 'bigint', (c) => c.notNull())
      .addColumn('through_seq', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('pk_insight_container_day', [
        'day',
        'product',
        'container_type',
        'container_id',
      ]),
  ),
  // Personal data (src/privacy): the account ids reported to Atlassian every cycle.
  table('personal_account', (t) =>
    t
      .addColumn('account_id', `varchar(${len.accountId})`, (c) => c.primaryKey())
      .addColumn('updated_ms', 'bigint', (c) => c.notNull())
      .addColumn('reported_ms', 'bigint'),
  ),
  // Locks and progress of the `daily` and `audit-import` jobs.
  table('job_state', (t) =>
    t
      .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('owner', 'varchar(64)')
      .addColumn('expires_ms', 'bigint', (c) => c.notNull())
      .addColumn('state', sql`mediumtext`, (c) => c.notNull())
      .addColumn('updated_ms', 'bigint', (c) => c.notNull()),
  ),
  // Each sealed record's own signature (src/seal/record-signature.ts): Ed25519, base64, 88 characters.
  // NULL on rows sealed before it existed; verification knows from the checkpoint where it starts.
  {
    name: 'v002_audit_event_seal_signature',
    table: 'audit_event',
    create: (db) => db.schema.alterTable('audit_event').addColumn('seal_signature', 'varchar(100)'),
    indexes: [],
    forgeSql: 'alter table `audit_event` add column if not exists `seal_signature` varchar(100)',
  },
  // The archive tier (src/archive): compressed blocks of sealed records and their term index.
  table(
    'archive_block',
    (t) =>
      t
        .addColumn('block_id', 'bigint', (c) => c.primaryKey())
        .addColumn('seq_to', 'bigint', (c) => c.notNull())
        .addColumn('record_count', 'bigint', (c) => c.notNull())
        .addColumn('removed', 'bigint', (c) => c.notNull())
        .addColumn('time_min', 'bigint', (c) => c.notNull())
        .addColumn('time_max', 'bigint', (c) => c.notNull())
        .addColumn('spans', 'varchar(400)', (c) => c.notNull())
        .addColumn('prev_hash', 'char(64)', (c) => c.notNull())
        .addColumn('hash', 'char(64)', (c) => c.notNull())
        // A block is kept under Forge SQL's 1 MiB request (archiveLimits.blockBytes): MEDIUMBLOB's 16 MiB is ample.
        .addColumn('payload', sql`mediumblob`, (c) => c.notNull())
        .addColumn('bloom', sql`mediumblob`, (c) => c.notNull())
        .addColumn('terms_digest', 'char(64)', (c) => c.notNull())
        .addColumn('signature', 'varchar(100)', (c) => c.notNull())
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('state_ms', 'bigint', (c) => c.notNull()),
    [{ name: 'ix_archive_block_time', columns: ['time_max', 'time_min'] }],
    'v003',
  ),
  table(
    'archive_term',
    (t) =>
      t
        .addColumn('term', 'integer', (c) => c.notNull())
        .addColumn('gen', 'integer', (c) => c.notNull())
        .addColumn('blocks', sql`mediumtext`, (c) => c.notNull())
        .addPrimaryKeyConstraint('pk_archive_term', ['term', 'gen']),
    [],
    'v004',
  ),
  // Saved views (src/saved-views): named filters the site's admins share.
  table(
    'saved_view',
    (t) =>
      t
        .addColumn('id', `char(${len.id})`, (c) => c.primaryKey())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('name_key', 'varchar(100)', (c) => c.notNull())
        .addColumn('filter', sql`mediumtext`, (c) => c.notNull())
        .addColumn('created_by', `varchar(${len.accountId})`, (c) => c.notNull())
        .addColumn('created_ms', 'bigint', (c) => c.notNull())
        .addColumn('updated_by', `varchar(${len.accountId})`, (c) => c.notNull())
        .addColumn('updated_ms', 'bigint', (c) => c.notNull()),
    [{ name: 'ux_saved_view_name', columns: ['name_key'], unique: true }],
    'v005',
  ),
  // Detections (src/detect): saved rules, the evaluation's progress, alerts.
  table(
    'detection_rule',
    (t) =>
      t
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('body', sql`mediumtext`, (c) => c.notNull())
        .addColumn('updated_ms', 'bigint', (c) => c.notNull())
        .addColumn('updated_by', `varchar(${len.accountId})`, (c) => c.notNull()),
    [],
    'v006',
  ),
  table(
    'detection_state',
    (t) =>
      t
        .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('state', sql`mediumtext`, (c) => c.notNull())
        .addColumn('updated_ms', 'bigint', (c) => c.notNull()),
    [],
    'v007',
  ),
  table(
    'detection_alert',
    (t) =>
      t
        .addColumn('id', `char(${len.id})`, (c) => c.primaryKey())
        .addColumn('rule_id', 'varchar(40)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('first_ms', 'bigint', (c) => c.notNull())
        .addColumn('last_ms', 'bigint', (c) => c.notNull())
        .addColumn('opened_ms', 'bigint', (c) => c.notNull())
        .addColumn('opened_seq', 'bigint', (c) => c.notNull())
        .addColumn('products', 'varchar(32)', (c) => c.notNull())
        .addColumn('detail', sql`mediumtext`, (c) => c.notNull())
        .addColumn('status_by', `varchar(${len.accountId})`)
        .addColumn('status_ms', 'bigint')
        .addColumn('notify', sql`mediumtext`, (c) => c.notNull())
        .addColumn('notify_due_ms', 'bigint'),
    [
      { name: 'ix_detection_alert_first', columns: ['first_ms'] },
      { name: 'ix_detection_alert_rule', columns: ['rule_id', 'first_ms'] },
      { name: 'ix_detection_alert_due', columns: ['notify_due_ms'] },
    ],
    'v008',
  ),
];

/**
 * A migration as one MySQL/TiDB statement: its ALTER TABLE, or the CREATE TABLE with every index declared inside it, so the
 * table and its indexes cost one DDL request. Kysely's table builder has no index clause, so the
 * clauses go in before the statement's closing parenthesis.
 */
export function forgeSqlStatement(db: Kysely<Database>, migration: Migration): string {
  if (migration.forgeSql !== undefined) return migration.forgeSql;
  const create = migration.create(db).compile().sql;
  if (!create.endsWith(')')) throw new Error(`${migration.name}: CREATE TABLE must end with its column list`);
  const quote = (name: string) => `\`${name}\``;
  const clauses = migration.indexes.map(
    (ix) => `${ix.unique ? 'unique ' : ''}index ${quote(ix.name)} (${ix.columns.map(quote).join(', ')})`,
  );
  return clauses.length ? `${create.slice(0, -1)}, ${clauses.join(', ')})` : create;
}

/**
 * A migration's secondary indexes as CREATE INDEX statements: how SQLite (which has no index clause in
 * CREATE TABLE, and no DDL limit) gets them, and how a bulk load rebuilds them after loading.
 */
export function createIndexStatements(db: Kysely<Database>, migration: Migration): CompiledQuery[] {
  return migration.indexes.map((ix) => {
    const index = db.schema.createIndex(ix.name).ifNotExists();
    return (ix.unique ? index.unique() : index)
      .on(migration.table)
      .columns([...ix.columns])
      .compile();
  });
}
