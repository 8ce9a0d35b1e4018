import { useSyncExternalStore } from 'react';
import type { AuditRecord, Container, ParentRef } from '@contract';
import { queryActivity } from '../api';

/**
 * The issue or page a comment, worklog or attachment is on, when its event named only the parent's id:
 * the log's records of the parent itself (`issue.*` on that issue) name its key, title and project. Rows
 * and the drawer ask for the parents they show; the asks of one render are answered together, by one
 * `activity.query` per parent type over all their trails (a page of 50 rows costs one or two calls, not
 * one per row), and each parent is asked for once for the life of the page.
 */
export interface ParentDetails {
  readonly key?: string;
  readonly title?: string;
  readonly container: Container | null;
}

/** `found`: from the parent's own records; `unnamed`: no record in the log names more than the id. */
export type ParentLookup =
  | { readonly state: 'pending' }
  | { readonly state: 'found'; readonly details: ParentDetails }
  | { readonly state: 'unnamed' };

/** Trails per call: the filter's limit on `objects`. */
const TRAILS_PER_CALL = 200;
/** Records per call: the query's most. */
const RECORDS_PER_CALL = 500;
/**
 * A busy parent's records can fill a call's answer before a quiet one's appear; the parents still
 * unnamed are asked again, on their own, this many times in all.
 */
const ROUNDS = 4;

const PENDING: ParentLookup = { state: 'pending' };
const UNNAMED: ParentLookup = { state: 'unnamed' };

const known = new Map<string, ParentLookup>();
const queued = new Map<string, ParentRef>();
const listeners = new Set<() => void>();
let scheduled = false;

const keyOf = (parent: Pick<ParentRef, 'type' | 'id'>) => `${parent.type}:${parent.id}`;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  listeners.forEach((l) => l());
}

/** Whether the record's parent is named only by its id (or its container is missing). */
function needsParentDetails(record: AuditRecord): boolean {
  const parent = record.object?.parent;
  return parent !== undefined && (parent.key === undefined || record.container === null);
}

/**
 * What the parent's own records say about it: the newest key and title among them, and a container from
 * any of them. Undefined when none names a key or a container.
 */
function detailsFrom(parent: ParentRef, records: readonly AuditRecord[]): ParentDetails | undefined {
  const own = records.filter((r) => r.object?.type === parent.type && r.object.id === parent.id);
  const siblings = records.filter((r) => r.object?.parent?.id === parent.id);
  const key =
    own.find((r) => r.object?.key)?.object?.key ??
    siblings.find((r) => r.object?.parent?.key)?.object?.parent?.key;
  const title =
    own.find((r) => r.object?.title)?.object?.title ??
    siblings.find((r) => r.object?.parent?.title)?.object?.parent?.title;
  const container = [...own, ...siblings].find((r) => r.container !== null)?.container ?? null;
  if (key === undefined && container === null) return undefined;
  return { ...(key !== undefined ? { key } : {}), ...(title !== undefined ? { title } : {}), container };
}

function request(parent: ParentRef): void {
  const key = keyOf(parent);
  if (known.has(key)) return;
  known.set(key, PENDING);
  queued.set(key, parent);
  if (!scheduled) {
    scheduled = true;
    setTimeout(() => void flush(), 20);
  }
}

async function flush(): Promise<void> {
  scheduled = false;
  const byType = new Map<string, ParentRef[]>();
  for (const parent of queued.values()) byType.set(parent.type, [...(byType.get(parent.type) ?? []), parent]);
  queued.clear();
  const batches: ParentRef[][] = [];
  for (const parents of byType.values()) {
    for (let i = 0; i < parents.length; i += TRAILS_PER_CALL)
      batches.push(parents.slice(i, i + TRAILS_PER_CALL));
  }
  await Promise.all(batches.map(lookUp));
}

/** One batch of parents of one type, asked again while some stay unnamed and the log holds more. */
async function lookUp(batch: readonly ParentRef[]): Promise<void> {
  let left = batch;
  for (let round = 0; round < ROUNDS && left.length > 0; round++) {
    const type = left[0]!.type;
    const result = await queryActivity({
      objects: left.map((p) => p.id),
      actions: [`${type}.*`],
      limit: RECORDS_PER_CALL,
    });
    // A failed lookup is not retried on every render: the row says the parent is not named.
    if (!result.ok) break;
    const { items, nextCursor } = result.value;
    const unnamed: ParentRef[] = [];
    for (const parent of left) {
      const details = detailsFrom(parent, items);
      if (details) known.set(keyOf(parent), { state: 'found', details });
      else unnamed.push(parent);
    }
    changed();
    if (!nextCursor || unnamed.length === left.length) {
      left = unnamed;
      break;
    }
    left = unnamed;
  }
  for (const parent of left) known.set(keyOf(parent), UNNAMED);
  changed();
}

/**
 * The record's parent as the log knows it, asked for if not known yet; undefined when the record needs
 * nothing (its event named the parent's key and container, or it has no parent). The caller re-renders
 * when that parent's answer arrives.
 */
export function useParentDetails(record: AuditRecord): ParentLookup | undefined {
  const parent = needsParentDetails(record) ? record.object?.parent : undefined;
  const entry = useSyncExternalStore(subscribe, () => (parent ? known.get(keyOf(parent)) : undefined));
  if (parent && entry === undefined) request(parent);
  return parent ? (entry ?? PENDING) : undefined;
}

/** The record with what its parent's own records say filled in where its event left them out. */
export function withParentDetails(record: AuditRecord, details: ParentDetails): AuditRecord {
  const { object } = record;
  if (!object?.parent) return record;
  const parent: ParentRef = {
    ...object.parent,
    ...(object.parent.key === undefined && details.key !== undefined ? { key: details.key } : {}),
    ...(object.parent.title === undefined && details.title !== undefined ? { title: details.title } : {}),
  };
  return { ...record, object: { ...object, parent }, container: record.container ?? details.container };
}
