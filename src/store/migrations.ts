import { MysqlAdapter, sql, type Compilable, type Kysely } from 'kysely';
import { fieldLengths as len } from '../limits';
import type { Database } from './tables';

/**
 * The schema, one statement per migration (Forge SQL runs one statement per request), in order.
 * Migrations are append-only: a deployed name never changes meaning. Every statement is idempotent
 * (`IF NOT EXISTS`) because two runners may race: the `schema` scheduled trigger and a capture handler
 * that found the table missing on a fresh installation.
 */
export interface Migration {
  readonly name: string;
  build(db: Kysely<Database>): Compilable;
}

const indexes: readonly (readonly [string, readonly (keyof Database['audit_event'])[]])[] = [
  // Newest-first pages over everything; keyset on (time, id). InnoDB/TiDB append the primary key anyway.
  ['ix_audit_event_time', ['time_ms', 'id']],
  ['ix_audit_event_actor_time', ['actor_id', 'time_ms']],
  ['ix_audit_event_container_time', ['container_id', 'time_ms']],
  ['ix_audit_event_action_time', ['action', 'time_ms']],
  ['ix_audit_event_trail_time', ['trail_id', 'time_ms']],
];

export const migrations: readonly Migration[] = [
  {
    name: 'v001_create_audit_event',
    build: (db) =>
      db.schema
        .createTable('audit_event')
        .ifNotExists()
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
        .addColumn('source_event', `varchar(${len.sourceEvent})`, (c) => c.notNull()),
  },
  ...indexes.map(([name, columns]): Migration => ({
    name: `v001_${name}`,
    build: (db) =>
      db.schema
        .createIndex(name)
        .ifNotExists()
        .on('audit_event')
        .columns([...columns]),
  })),
  {
    name: 'v002_create_setting',
    build: (db) =>
      db.schema
        .createTable('setting')
        .ifNotExists()
        .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_ms', 'bigint', (c) => c.notNull()),
  },
  // Sealing (src/seal): gap-free seq and hash chain on every row, plus its lock/head row.
  ...(
    [
      ['seq', 'bigint'],
      ['hash', 'char(64)'],
      ['prev_hash', 'char(64)'],
      ['seal_digests', 'text'],
    ] as const
  ).map(([column, type]): Migration => ({
    name: `v020_audit_event_${column}`,
    build: (db) => addColumnIfMissing(db, 'audit_event', column, type),
  })),
  {
    // Unique: a second writer that somehow computed the same seq fails instead of forking the chain.
    // NULLs (unsealed rows) are distinct in both MySQL and SQLite unique indexes.
    name: 'v020_ux_audit_event_seq',
    build: (db) =>
      db.schema.createIndex('ux_audit_event_seq').ifNotExists().unique().on('audit_event').column('seq'),
  },
  {
    // `WHERE seq IS NULL ORDER BY received_ms, id`: an IS NULL lookup on the leading column, already in
    // the order sealing wants, in MySQL/TiDB and SQLite alike (neither has partial indexes in common).
    name: 'v020_ix_audit_event_unsealed',
    build: (db) =>
      db.schema
        .createIndex('ix_audit_event_unsealed')
        .ifNotExists()
        .on('audit_event')
        .columns(['seq', 'received_ms', 'id']),
  },
  {
    name: 'v020_create_seal_state',
    build: (db) =>
      db.schema
        .createTable('seal_state')
        .ifNotExists()
        .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('owner', 'varchar(64)')
        .addColumn('expires_ms', 'bigint', (c) => c.notNull())
        .addColumn('last_seq', 'bigint', (c) => c.notNull())
        .addColumn('last_hash', 'char(64)', (c) => c.notNull())
        .addColumn('pruned_seq', 'bigint', (c) => c.notNull()),
  },
  // Pull API (src/pull-api): tokens, stored as hashes, with their rate window.
  {
    name: 'v020_create_pull_token',
    build: (db) =>
      db.schema
        .createTable('pull_token')
        .ifNotExists()
        .addColumn('id', 'char(32)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('token_hash', 'char(64)', (c) => c.notNull())
        .addColumn('created_by', `varchar(${len.accountId})`, (c) => c.notNull())
        .addColumn('created_ms', 'bigint', (c) => c.notNull())
        .addColumn('last_used_ms', 'bigint')
        .addColumn('revoked_ms', 'bigint')
        .addColumn('window_ms', 'bigint', (c) => c.notNull())
        .addColumn('window_count', 'bigint', (c) => c.notNull()),
  },
  {
    name: 'v020_ux_pull_token_hash',
    build: (db) =>
      db.schema
        .createIndex('ux_pull_token_hash')
        .ifNotExists()
        .unique()
        .on('pull_token')
        .column('token_hash'),
  },
  // Forwarding (src/forward): SIEM destinations and where each one's delivery stands.
  {
    name: 'v030_create_destination',
    build: (db) =>
      db.schema
        .createTable('destination')
        .ifNotExists()
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
  },
  {
    name: 'v030_create_destination_state',
    build: (db) =>
      db.schema
        .createTable('destination_state')
        .ifNotExists()
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
  },
  // Insights rollups (src/insights): per UTC day and product, kept by the `daily` job beyond retention.
  {
    name: 'v040_create_insight_day',
    build: (db) =>
      db.schema
        .createTable('insight_day')
        .ifNotExists()
        .addColumn('day', 'char(10)', (c) => c.notNull())
        .addColumn('product', 'varchar(16)', (c) => c.notNull())
        .addColumn('events', 'bigint', (c) => c.notNull())
        .addColumn('captured', 'bigint', (c) => c.notNull())
        .addColumn('through_seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('pk_insight_day', ['day', 'product']),
  },
  {
    name: 'v040_create_insight_actor_day',
    build: (db) =>
      db.schema
        .createTable('insight_actor_day')
        .ifNotExists()
        .addColumn('day', 'char(10)', (c) => c.notNull())
        .addColumn('product', 'varchar(16)', (c) => c.notNull())
        .addColumn('actor_id', `varchar(${len.accountId})`, (c) => c.notNull())
        .addColumn('events', 'bigint', (c) => c.notNull())
        .addColumn('through_seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('pk_insight_actor_day', ['day', 'product', 'actor_id']),
  },
  {
    // Pseudonymising a closed account renames its rows: found by actor, not by day.
    name: 'v040_ix_insight_actor_day_actor',
    build: (db) =>
      db.schema
        .createIndex('ix_insight_actor_day_actor')
        .ifNotExists()
        .on('insight_actor_day')
        .columns(['actor_id', 'day']),
  },
  {
    name: 'v040_create_insight_action_day',
    build: (db) =>
      db.schema
        .createTable('insight_action_day')
        .ifNotExists()
        .addColumn('day', 'char(10)', (c) => c.notNull())
        .addColumn('product', 'varchar(16)', (c) => c.notNull())
        .addColumn('action', `varchar(${len.action})`, (c) => c.notNull())
        .addColumn('events', 'bigint', (c) => c.notNull())
        .addColumn('through_seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('pk_insight_action_day', ['day', 'product', 'action']),
  },
  {
    name: 'v040_create_insight_container_day',
    build: (db) =>
      db.schema
        .createTable('insight_container_day')
        .ifNotExists()
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
  },
  // Personal data (src/privacy): the account ids reported to Atlassian every cycle.
  {
    name: 'v040_create_personal_account',
    build: (db) =>
      db.schema
        .createTable('personal_account')
        .ifNotExists()
        .addColumn('account_id', `varchar(${len.accountId})`, (c) => c.primaryKey())
        .addColumn('updated_ms', 'bigint', (c) => c.notNull())
        .addColumn('reported_ms', 'bigint'),
  },
  // Locks and progress of the `daily` and `audit-import` jobs.
  {
    name: 'v040_create_job_state',
    build: (db) =>
      db.schema
        .createTable('job_state')
        .ifNotExists()
        .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('owner', 'varchar(64)')
        .addColumn('expires_ms', 'bigint', (c) => c.notNull())
        .addColumn('state', sql`mediumtext`, (c) => c.notNull())
        .addColumn('updated_ms', 'bigint', (c) => c.notNull()),
  },
];

/**
 * `ALTER TABLE … ADD COLUMN`, idempotent where the engine can say so: TiDB and MariaDB accept
 * `IF NOT EXISTS` (two migration runners may race on Forge); SQLite does not, and needs not, since its
 * runner applies each migration in a transaction with its bookkeeping.
 */
function addColumnIfMissing(
  db: Kysely<Database>,
  table: keyof Database,
  column: string,
  type: 'bigint' | 'text' | `char(${number})`,
): Compilable {
  const mysql = db.getExecutor().adapter instanceof MysqlAdapter;
  return db.schema.alterTable(table).addColumn(column, type, (c) => (mysql ? c.ifNotExists() : c));
}
