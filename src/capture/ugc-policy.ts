import type { AuditRecord, ObjectRef, ParentRef } from '../record/audit-record';
import { STATED_TIME_FIELD } from './normalize/time';

function withoutTitle<T extends ObjectRef | ParentRef>(ref: T): Omit<T, 'title'> {
  const { title: _title, ...rest } = ref;
  return rest;
}

/**
 * Strips user-generated content: object/parent titles (issue summaries, page titles, file names…), change
 * values (from/to -> null), keeps field names, ids, keys, actions, and an event's stated time (not content,
 * see `recordedTime`). Container names (project and space
 * names) are kept: they are set by admins, and the activity views filter and group by them.
 */
export function withoutUgc(record: AuditRecord): AuditRecord {
  const object = record.object;
  return {
    ...record,
    object:
      object === null
        ? null
        : {
            ...withoutTitle(object),
            ...(object.parent !== undefined ? { parent: withoutTitle(object.parent) } : {}),
          },
    changes: record.changes.map((c) =>
      c.field === STATED_TIME_FIELD ? c : { field: c.field, from: null, to: null },
    ),
  };
}
