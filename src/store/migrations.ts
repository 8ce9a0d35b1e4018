import { sql, type Compilable, type Kysely } from 'kysely';
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
];
