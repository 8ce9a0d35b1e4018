import { readSealed } from '../seal/read-sealed';
import type { SealedRecord } from '../seal/sealed-record';
import type { Store } from '../store/database';
import { acquireLease, releaseLease } from '../store/lease';
import { formatRecord, type FormatContext } from './formats';
import { passesFilter, type Destination } from './destinations/destination';
import type { Driver, Item } from './destinations/driver';
import { toBatches } from './delivery/batches';
import { backoffMs } from './delivery/backoff';
import { clock } from './delivery/clock';
import type { EgressBudget } from './delivery/egress-budget';
import { sendBatch, type Failure } from './delivery/send-batch';
import { advanceCursor, countRequests, destinationLease, noteFailure, readState } from './destination-store';
import { readSecret } from './secrets';

/** Sealed records read per page. A page is formatted and cut into requests by the driver's batching. */
export const PAGE_SIZE = 500;

export interface DestinationRun {
  readonly id: string;
  /**
   * `caught-up`: nothing sealed is left to send. `behind`: the run ended (time, egress budget) with
   * records left. `waiting`: in backoff. `busy`: another invocation holds the lease. `inactive`:
   * disabled, stopped or switched off. `failed`: this run hit an error, now recorded in the state.
   */
  readonly outcome: 'caught-up' | 'behind' | 'waiting' | 'busy' | 'inactive' | 'failed';
  readonly delivered: number;
  readonly requests: number;
  readonly cursorSeq: number;
  readonly reason?: string;
}

export interface ForwardInput {
  readonly store: Store;
  readonly destination: Destination;
  /** The destination's driver: what its requests look like, and what the run must provide for them. */
  readonly driver: Driver;
  /** Real time (Date.now) after which no request starts. */
  readonly deadlineMs: number;
  readonly egress: EgressBudget;
  /** This invocation, for the lease. */
  readonly owner: string;
  readonly formatContext: FormatContext;
  readonly pageSize?: number;
  /** Where sealed pages come from; one cycle's destinations share one (see `sealedReader`). */
  readonly reader?: SealedReader;
}

/** Sealed records by page. */
export interface SealedReader {
  read(afterSeq: number, limit: number): Promise<readonly SealedRecord[]>;
  /** Records the cycle has just sealed, in seq order: pages inside them are served without a read. */
  prime(records: readonly SealedRecord[]): void;
}

/** The most just-sealed records a reader keeps: a few pages' worth, a few MB. */
const PRIMED_MAX = 5000;

/**
 * Reads sealed pages, remembering the last few: destinations delivering side by side from the same
 * cursor (every destination after an outage) then read and unseal each page once, not once each.
 */
export function sealedReader(store: Store, keep = 16): SealedReader {
  const pages = new Map<string, Promise<SealedRecord[]>>();
  let primed: SealedRecord[] = [];
  return {
    prime(records) {
      const first = records[0];
      if (!first) return;
      const last = primed[primed.length - 1];
      // Only a run continuing the kept ones is kept: a gap would serve a page with a record missing.
      primed = last && last.seq + 1 === first.seq ? [...primed, ...records] : [...records];
      if (primed.length > PRIMED_MAX) primed = primed.slice(primed.length - PRIMED_MAX);
    },
    read(afterSeq, limit) {
      const start = primed[0]?.seq;
      // A page starting inside the just-sealed records is served from them, up to the head they reached.
      if (start !== undefined && afterSeq + 1 >= start && afterSeq < primed[primed.length - 1]!.seq)
        return Promise.resolve(primed.slice(afterSeq + 1 - start, afterSeq + 1 - start + limit));
      const key = `${afterSeq}:${limit}`;
      let page = pages.get(key);
      if (!page) {
        page = readSealed(store, afterSeq, limit);
        page.catch(() => pages.delete(key));
        pages.set(key, page);
        if (pages.size > keep) pages.delete(pages.keys().next().value!);
      }
      return page;
    },
  };
}

/**
 * Delivers one destination from its cursor until it has caught up or the time is spent. The cursor moves
 * only past records the receiver confirmed (or that the filter leaves out), one request at a time, so an
 * interruption at any point loses nothing and at worst sends a batch twice (at-least-once; every record
 * carries its stable id for de-duplication).
 */
export async function forwardDestination(input: ForwardInput): Promise<DestinationRun> {
  const { store, destination, driver, owner } = input;
  const state = await readState(store, destination.id);
  const base = { id: destination.id, delivered: 0, requests: 0, cursorSeq: state?.cursorSeq ?? 0 };
  if (!state || !destination.enabled || state.status !== 'active') return { ...base, outcome: 'inactive' };
  const now = clock().now();
  if (state.nextAttemptMs > now) return { ...base, outcome: 'waiting' };
  const lease = destinationLease(destination.id);
  const leaseTtlMs = Math.max(0, input.deadlineMs - Date.now()) + 60_000;
  if (!(await acquireLease(store, lease, owner, now, leaseTtlMs)).acquired)
    return { ...base, outcome: 'busy' };
  let requests = 0;
  try {
    const secret = await readSecret(destination.id);
    if (!secret) {
      return fail(input, base, requests, {
        kind: 'stop',
        reason: 'No credential is stored for this destination: edit it, enter the secret and save.',
      });
    }
    const reader = input.reader ?? sealedReader(store);
    const pageSize = input.pageSize ?? PAGE_SIZE;
    /** Confirmed: every record up to here is delivered or filtered out. */
    let cursor = state.cursorSeq;
    /** Read: records up to here are formatted; those not yet sent wait in `carry`. */
    let readThrough = cursor;
    let carry: Item[] = [];
    let delivered = 0;
    // The seal header rides on the first event a run sends, not on every one (formats/seal-field.ts).
    const { seal: _seal, ...unsealed } = input.formatContext;
    let headerCarried = false;
    for (;;) {
      if (Date.now() >= input.deadlineMs) {
        return { ...base, outcome: 'behind', delivered, requests, cursorSeq: cursor };
      }
      const page = await reader.read(readThrough, pageSize);
      const more = page.length === pageSize;
      try {
        for (const record of page) {
          if (passesFilter(destination.filter, record)) {
            const context = headerCarried ? unsealed : input.formatContext;
            carry.push({ record, document: formatRecord(destination.format, record, context) });
            headerCarried = true;
          }
        }
      } catch (error) {
        return fail(input, { ...base, cursorSeq: cursor }, requests, {
          kind: 'stop',
          reason: `A record could not be formatted as ${destination.format}: ${String(error)}`,
        });
      }
      if (page.length > 0) readThrough = page[page.length - 1]!.seq;
      // Full requests go now; a last, partly filled one waits for the next page, unless there is none.
      const batches = toBatches(driver, destination, input.formatContext, carry);
      const now = more ? batches.slice(0, -1) : batches;
      carry = more ? [...(batches[batches.length - 1]?.items ?? [])] : [];
      for (const batch of now) {
        const result = await sendBatch(
          {
            driver,
            destination,
            secret,
            deadlineMs: input.deadlineMs,
            egress: input.egress,
            formatContext: input.formatContext,
            onRequest: () => {
              requests += 1;
            },
          },
          batch,
        );
        if (result.delivered > 0) {
          // The cursor may pass the filtered-out records before the last item delivered.
          const through = (batch.items[result.delivered - 1]!.record as SealedRecord).seq;
          await advanceCursor(store, destination.id, through, result.delivered, clock().now());
          cursor = through;
          delivered += result.delivered;
        }
        if (result.failure) {
          if (result.failure.kind === 'deferred') {
            return { ...base, outcome: 'behind', delivered, requests, cursorSeq: cursor };
          }
          const attempts = delivered > 0 ? 0 : state.attempts;
          return fail(input, { ...base, delivered, cursorSeq: cursor }, requests, result.failure, attempts);
        }
      }
      // Nothing waiting: whatever was read is delivered or filtered out, so the cursor passes it all.
      if (carry.length === 0 && readThrough > cursor) {
        await advanceCursor(store, destination.id, readThrough, 0, clock().now());
        cursor = readThrough;
      }
      if (!more) return { ...base, outcome: 'caught-up', delivered, requests, cursorSeq: cursor };
    }
  } finally {
    await countRequests(store, destination.id, requests).catch(() => {});
    await releaseLease(store, lease, owner).catch(() => {});
  }
}

async function fail(
  input: ForwardInput,
  base: Omit<DestinationRun, 'outcome' | 'requests'>,
  requests: number,
  failure: Exclude<Failure, { kind: 'deferred' }>,
  attempts = 0,
): Promise<DestinationRun> {
  const now = clock().now();
  const status = failure.kind === 'stop' ? 'stopped' : failure.kind === 'disable' ? 'disabled' : 'active';
  const wait = failure.kind === 'retry' ? backoffMs(attempts, failure.retryAfterMs) : 0;
  await noteFailure(
    input.store,
    input.destination.id,
    { reason: failure.reason, status, nextAttemptMs: now + wait },
    now,
  );
  console.warn(
    `forward: ${input.destination.type} destination ${input.destination.id}: ${failure.reason}` +
      (failure.kind === 'retry' ? ` (next attempt in ${Math.round(wait / 1000)} s)` : ` (${status})`),
  );
  return { ...base, outcome: 'failed', requests, reason: failure.reason };
}
