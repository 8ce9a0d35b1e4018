import type { Selectable } from 'kysely';
import { updateFoundRow } from '../store/affected-rows';
import type { Store } from '../store/database';
import type { Lease } from '../store/lease';
import type { DestinationStateTable, DestinationTable } from '../store/tables';
import type { Destination, DestinationType } from './destinations/destination';
import type { DeliveryStatus } from './destination-view';

/**
 * SQL for destinations and their delivery state, written once with Kysely for both engines. Forge SQL
 * has no transactions, so every state change is one statement, and those that must not race (the
 * cursor, the lease) are conditional UPDATEs.
 */
export type { DeliveryStatus };

export interface DeliveryState {
  readonly destinationId: string;
  /** The last seq delivered (or passed over by the filter); 0 before the first. Only moves forward. */
  readonly cursorSeq: number;
  readonly status: DeliveryStatus;
  /** Failed attempts in a row; sets the backoff. */
  readonly attempts: number;
  /** No attempt before this (epoch ms): backoff or the receiver's Retry-After. */
  readonly nextAttemptMs: number;
  readonly lastSuccessMs: number | null;
  readonly lastError: string | null;
  readonly lastErrorMs: number | null;
  readonly delivered: number;
  readonly requests: number;
}

export async function listDestinations(target: Store): Promise<Destination[]> {
  const rows = await target.db
    .selectFrom('destination')
    .selectAll()
    .orderBy('created_ms')
    .orderBy('id')
    .execute();
  return rows.map(toDestination);
}

export async function getDestination(target: Store, id: string): Promise<Destination | undefined> {
  const row = await target.db.selectFrom('destination').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDestination(row) : undefined;
}

/** Inserts or replaces a destination's configuration; a new one starts with its state at seq 0. */
export async function saveDestination(target: Store, destination: Destination, nowMs: number): Promise<void> {
  const values = {
    name: destination.name,
    type: destination.type,
    url: destination.url,
    format: destination.format,
    filter_json: JSON.stringify(destination.filter),
    options_json: JSON.stringify(destination.options),
    is_enabled: destination.enabled ? 1 : 0,
    is_required: destination.required ? 1 : 0,
    updated_ms: nowMs,
  };
  const updated = await target.db
    .updateTable('destination')
    .set(values)
    .where('id', '=', destination.id)
    .executeTakeFirst();
  // The same values saved again within the millisecond may count 0 though the row exists.
  const exists = await updateFoundRow(
    updated,
    async () =>
      (await target.db
        .selectFrom('destination')
        .select('id')
        .where('id', '=', destination.id)
        .executeTakeFirst()) !== undefined,
  );
  if (!exists) {
    await target.db
      .insertInto('destination')
      .values({ id: destination.id, created_ms: nowMs, ...values })
      .execute();
  }
  const state = await target.db
    .selectFrom('destination_state')
    .select('destination_id')
    .where('destination_id', '=', destination.id)
    .executeTakeFirst();
  if (!state) {
    await target.db
      .insertInto('destination_state')
      .values({
        destination_id: destination.id,
        cursor_seq: 0,
        status: 'active',
        attempts: 0,
        next_attempt_ms: 0,
        last_success_ms: null,
        last_error: null,
        last_error_ms: null,
        lease_owner: null,
        lease_until_ms: 0,
        delivered: 0,
        requests: 0,
      })
      .execute();
  }
}

export async function deleteDestination(target: Store, id: string): Promise<boolean> {
  const deleted = await target.db.deleteFrom('destination').where('id', '=', id).executeTakeFirst();
  await target.db.deleteFrom('destination_state').where('destination_id', '=', id).execute();
  return Number(deleted.numDeletedRows) > 0;
}

export async function readStates(target: Store): Promise<Map<string, DeliveryState>> {
  const rows = await target.db.selectFrom('destination_state').selectAll().execute();
  return new Map(rows.map((row) => [row.destination_id, toState(row)]));
}

export async function readState(target: Store, id: string): Promise<DeliveryState | undefined> {
  const row = await target.db
    .selectFrom('destination_state')
    .selectAll()
    .where('destination_id', '=', id)
    .executeTakeFirst();
  return row ? toState(row) : undefined;
}

/**
 * The destination's lease, on its delivery-state row (made when the destination is saved): one
 * invocation at a time sends its batches.
 */
export function destinationLease(id: string): Lease {
  return { table: 'destination_state', name: id };
}

/**
 * Moves the cursor forward to `seq` (never back: a slower duplicate invocation cannot undo progress)
 * and records the success. `delivered` records were confirmed by this step; zero when the filter
 * passed over them.
 */
export async function advanceCursor(
  target: Store,
  id: string,
  seq: number,
  delivered: number,
  nowMs: number,
): Promise<void> {
  await target.db
    .updateTable('destination_state')
    .set((eb) => ({
      cursor_seq: seq,
      attempts: 0,
      next_attempt_ms: 0,
      delivered: eb('delivered', '+', delivered).$castTo<number>(),
      ...(delivered > 0 ? { last_success_ms: nowMs } : {}),
    }))
    .where('destination_id', '=', id)
    .where('cursor_seq', '<', seq)
    .execute();
}

export async function countRequests(target: Store, id: string, requests: number): Promise<void> {
  if (requests === 0) return;
  await target.db
    .updateTable('destination_state')
    .set((eb) => ({ requests: eb('requests', '+', requests).$castTo<number>() }))
    .where('destination_id', '=', id)
    .execute();
}

/** A failed attempt: the error is shown, and the next attempt waits until `nextAttemptMs`. */
export async function noteFailure(
  target: Store,
  id: string,
  failure: { readonly reason: string; readonly status: DeliveryStatus; readonly nextAttemptMs: number },
  nowMs: number,
): Promise<void> {
  await target.db
    .updateTable('destination_state')
    .set((eb) => ({
      status: failure.status,
      attempts: eb('attempts', '+', 1),
      next_attempt_ms: failure.nextAttemptMs,
      last_error: failure.reason.slice(0, 2000),
      last_error_ms: nowMs,
    }))
    .where('destination_id', '=', id)
    .execute();
}

/** After the admin saved the destination again: a stopped or disabled one is tried afresh. */
export async function reactivate(target: Store, id: string): Promise<void> {
  await target.db
    .updateTable('destination_state')
    .set({ status: 'active', attempts: 0, next_attempt_ms: 0 })
    .where('destination_id', '=', id)
    .execute();
}

function toDestination(row: Selectable<DestinationTable>): Destination {
  return {
    id: row.id,
    name: row.name,
    type: row.type as DestinationType,
    url: row.url,
    format: row.format as Destination['format'],
    filter: parseObject(row.filter_json) as Destination['filter'],
    options: parseObject(row.options_json),
    enabled: Number(row.is_enabled) === 1,
    required: Number(row.is_required) === 1,
  };
}

function toState(row: Selectable<DestinationStateTable>): DeliveryState {
  const optionalNumber = (value: number | string | null) => (value === null ? null : Number(value));
  return {
    destinationId: row.destination_id,
    cursorSeq: Number(row.cursor_seq),
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptMs: Number(row.next_attempt_ms),
    lastSuccessMs: optionalNumber(row.last_success_ms),
    lastError: row.last_error,
    lastErrorMs: optionalNumber(row.last_error_ms),
    delivered: Number(row.delivered),
    requests: Number(row.requests),
  };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
