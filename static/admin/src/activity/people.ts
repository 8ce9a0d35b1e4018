import { useSyncExternalStore } from 'react';
import type { Person } from '@contract';
import { lookupPeople } from '../api';

/**
 * Names and avatars of the account ids in the log, fetched through `people.lookup` (the product's REST
 * API behind it) and kept for the life of the page. Rows ask for the person they show; the asks of one
 * render are batched into calls of at most 100 ids, and an id is asked for once, however many rows
 * (of 10,000) show it.
 */
const LOOKUP_BATCH = 100;

type Entry = Person | 'pending' | 'unknown';

const known = new Map<string, Entry>();
const queued = new Set<string>();
const listeners = new Set<() => void>();
let scheduled = false;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  listeners.forEach((l) => l());
}

/** Asks for these ids (those not already known or on their way). */
export function requestPeople(accountIds: Iterable<string>): void {
  for (const id of accountIds) {
    if (!id || known.has(id)) continue;
    known.set(id, 'pending');
    queued.add(id);
  }
  if (queued.size > 0 && !scheduled) {
    scheduled = true;
    setTimeout(flush, 20);
  }
}

/** Resolves when every id asked for so far has an answer. */
export async function peopleSettled(accountIds: readonly string[]): Promise<void> {
  requestPeople(accountIds);
  while (accountIds.some((id) => known.get(id) === 'pending')) {
    await new Promise<void>((done) => {
      const stop = subscribe(() => {
        stop();
        done();
      });
    });
  }
}

async function flush(): Promise<void> {
  scheduled = false;
  const ids = [...queued];
  queued.clear();
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += LOOKUP_BATCH) batches.push(ids.slice(i, i + LOOKUP_BATCH));
  await Promise.all(
    batches.map(async (batch) => {
      const result = await lookupPeople(batch);
      const people = result.ok ? result.value.people : {};
      // A failed lookup is not retried on every render: the row shows the account id instead.
      for (const id of batch) known.set(id, people[id] ?? 'unknown');
      changed();
    }),
  );
}

/** People a search has already described: no lookup needed for them. */
export function rememberPeople(people: readonly (Person & { readonly accountId: string })[]): void {
  let added = false;
  for (const { accountId, ...person } of people) {
    if (typeof known.get(accountId) === 'object') continue;
    known.set(accountId, person);
    queued.delete(accountId);
    added = true;
  }
  if (added) changed();
}

/** A person's name and avatar, or undefined while unknown (the account id is shown meanwhile). */
export function personOf(accountId: string): Person | undefined {
  const entry = known.get(accountId);
  return typeof entry === 'object' ? entry : undefined;
}

/**
 * One person, asked for if not known yet. The caller re-renders when that person's answer arrives, and
 * not when anyone else's does: a screenful of rows stays still while names for the next one load.
 */
export function usePerson(accountId: string | null): Person | undefined {
  const entry = useSyncExternalStore(subscribe, () => (accountId ? known.get(accountId) : undefined));
  if (accountId && entry === undefined) requestPeople([accountId]);
  return typeof entry === 'object' ? entry : undefined;
}
