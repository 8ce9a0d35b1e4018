import type { Actor, Change, Container, ObjectRef, ParentRef } from '../../record/audit-record';
import { fieldLengths } from '../../limits';
import type { EventSpec } from './event-types';
import type { Obj } from './read';
import { idAt, str } from './read';
import { cut, cutOrNull } from './text';

/** What a family reader gets: the payload and what the event name already told us. */
export interface EventInput {
  readonly eventType: string;
  readonly spec: EventSpec;
  readonly payload: Obj;
}

/** What a family reader finds in a payload; the index adds id, time, product and source. */
export interface Extracted {
  /** Only when the payload decides the action (a Jira comment edit); else the table's action. */
  readonly action?: string;
  readonly actor: Actor;
  readonly container: Container | null;
  readonly object: ObjectRef | null;
  readonly changes: readonly Change[];
  /**
   * The payload's own name for this occurrence, where it has one: a changelog id, a comment's or
   * worklog's id and edit time, the number of the content version this event made. With the event type,
   * object, time and actor it is the record id. Absent, or with a null part, when the payload names no
   * occurrence: then the record id is a digest of the payload's content (`payloadId`), because two
   * different events may agree on everything else (two changes to one issue, by one person, in one
   * millisecond).
   */
  readonly occurrence?: readonly (string | number | null)[];
  /**
   * The natural key the product's REST history also names this change by (src/record/natural-id.ts):
   * `[]` where the object itself is the key (an issue's creation, a comment's), else the changelog id,
   * the edit's time in epoch ms, the version number. When present with no null part it decides the
   * record id, so the history backfill finds the same id; absent for what the history does not keep.
   */
  readonly natural?: readonly (string | number | null)[];
}

interface RefExtras {
  readonly key?: string | null;
  readonly title?: string | null;
}

function optional(extras: RefExtras): { key?: string; title?: string } {
  const key = cutOrNull(extras.key ?? null, fieldLengths.refKey);
  const title = cutOrNull(extras.title ?? null, fieldLengths.title);
  return { ...(key !== null ? { key } : {}), ...(title !== null ? { title } : {}) };
}

/** A parent reference, or null when there is no id to point at. */
export function parentRef(type: string, id: string | null, extras: RefExtras = {}): ParentRef | null {
  if (id === null) return null;
  return { type: cut(type, fieldLengths.refType), id: cut(id, fieldLengths.refId), ...optional(extras) };
}

/** The record's object, or null when the payload does not say which one it is. */
export function objectRef(
  type: string,
  id: string | null,
  extras: RefExtras & { readonly parent?: ParentRef | null } = {},
): ObjectRef | null {
  if (id === null) return null;
  return {
    type: cut(type, fieldLengths.refType),
    id: cut(id, fieldLengths.refId),
    ...optional(extras),
    ...(extras.parent ? { parent: extras.parent } : {}),
  };
}

function container(
  type: Container['type'],
  id: string | null,
  key: string | null,
  name: string | null,
): Container | null {
  if (id === null) return null;
  const k = cutOrNull(key, fieldLengths.refKey);
  const n = cutOrNull(name, fieldLengths.containerName);
  return {
    type,
    id: cut(id, fieldLengths.refId),
    ...(k !== null ? { key: k } : {}),
    ...(n !== null ? { name: n } : {}),
  };
}

/** A Jira project `{id, key, name}` (issue.fields.project, payload.project, …) as the container. */
export function projectContainer(project: unknown): Container | null {
  return container('project', idAt(project, 'id'), str(project, 'key'), str(project, 'name'));
}

export function projectContainerOf(id: string | null, key: string | null = null): Container | null {
  return container('project', id, key, null);
}

/** A Confluence space `{id (a number in payloads), key, name}` as the container; the id becomes a string. */
export function spaceContainer(space: unknown): Container | null {
  return container('space', idAt(space, 'id'), str(space, 'key'), str(space, 'name'));
}

/** One change, every part cut to its column. */
export function change(fieldName: string, from: string | null, to: string | null): Change {
  return {
    field: cut(fieldName, fieldLengths.changeField),
    from: cutOrNull(from, fieldLengths.changeValue),
    to: cutOrNull(to, fieldLengths.changeValue),
  };
}

/**
 * At most `changesPerRecord` entries; when there are more, the last kept entry says how many were left
 * out, so nothing is dropped silently.
 */
export function limitChanges(changes: readonly Change[]): readonly Change[] {
  const max = fieldLengths.changesPerRecord;
  if (changes.length <= max) return changes;
  const kept = changes.slice(0, max - 1);
  return [...kept, change('…', null, `${changes.length - kept.length} more changes not stored`)];
}
