import type { Insertable, Selectable } from 'kysely';
import type { ActorType, AuditRecord, Change, ContainerType, Product } from '../record/audit-record';
import type { AuditEventTable } from './tables';

export type AuditEventRow = Selectable<AuditEventTable>;

/** Flattens a record into its row; the normalizer has already cut every value to its column's size. */
export function toRow(record: AuditRecord): Insertable<AuditEventTable> {
  const { actor, container, object, changes } = record;
  return {
    id: record.id,
    time_ms: Date.parse(record.time),
    received_ms: Date.parse(record.receivedAt),
    product: record.product,
    action: record.action,
    actor_id: actor.accountId,
    actor_type: actor.type,
    container_type: container?.type ?? null,
    container_id: container?.id ?? null,
    container_key: container?.key ?? null,
    container_name: container?.name ?? null,
    object_type: object?.type ?? null,
    object_id: object?.id ?? null,
    object_key: object?.key ?? null,
    object_title: object?.title ?? null,
    parent_type: object?.parent?.type ?? null,
    parent_id: object?.parent?.id ?? null,
    parent_key: object?.parent?.key ?? null,
    parent_title: object?.parent?.title ?? null,
    trail_id: object?.parent?.id ?? object?.id ?? null,
    changes: changes.length > 0 ? JSON.stringify(changes) : null,
    source_event: record.source.event,
  };
}

/** The inverse of `toRow`. Numbers may arrive as strings (Forge SQL's JSON answers). */
export function fromRow(row: AuditEventRow): AuditRecord {
  const optional = <T extends string>(key: string, value: T | null) =>
    value === null ? {} : { [key]: value };
  return {
    id: row.id,
    ...(row.seq === null || row.seq === undefined ? {} : { seq: Number(row.seq) }),
    ...(row.hash === null || row.hash === undefined ? {} : { hash: row.hash }),
    time: new Date(Number(row.time_ms)).toISOString(),
    receivedAt: new Date(Number(row.received_ms)).toISOString(),
    product: row.product as Product,
    action: row.action,
    actor: { accountId: row.actor_id, type: row.actor_type as ActorType },
    container:
      row.container_type === null || row.container_id === null
        ? null
        : {
            type: row.container_type as ContainerType,
            id: row.container_id,
            ...optional('key', row.container_key),
            ...optional('name', row.container_name),
          },
    object:
      row.object_type === null || row.object_id === null
        ? null
        : {
            type: row.object_type,
            id: row.object_id,
            ...optional('key', row.object_key),
            ...optional('title', row.object_title),
            ...(row.parent_type === null || row.parent_id === null
              ? {}
              : {
                  parent: {
                    type: row.parent_type,
                    id: row.parent_id,
                    ...optional('key', row.parent_key),
                    ...optional('title', row.parent_title),
                  },
                }),
          },
    changes: row.changes === null ? [] : (JSON.parse(row.changes) as Change[]),
    source: { event: row.source_event },
  };
}
