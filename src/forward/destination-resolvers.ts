import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { adminResolver, emptyPayloadSchema, type Caller } from '../admin/admin-resolver';
import { ResolverFailure } from '../admin/resolver-error';
import { PRODUCTS, type Product } from '../record/audit-record';
import { readSealState } from '../seal/seal-state';
import { unsealedBacklog } from '../seal/unsealed-backlog';
import { store, type Store } from '../store/database';
import { toBatches } from './delivery/batches';
import { clock } from './delivery/clock';
import { EgressBudget } from './delivery/egress-budget';
import { sendBatch } from './delivery/send-batch';
import {
  destinationInputSchema,
  endpointUrl,
  isLoopbackUrl,
  withoutUrlCredentials,
  type Destination,
  type DestinationInput,
} from './destinations/destination';
import type { Entry } from './destinations/driver';
import { driverFor } from './destinations/drivers';
import { egressGroupsUse, egressOf } from './egress/destination-egress';
import { runsInSandbox } from './egress/runs-in-sandbox';
import {
  deleteDestination,
  getDestination,
  listDestinations,
  reactivate,
  readStates,
  saveDestination,
} from './destination-store';
import { formatRecord, type OutgoingRecord } from './formats';
import { deleteSecret, isMasked, maskSecret, readSecret, writeSecret } from './secrets';
import type {
  DestinationDeletion,
  DestinationList,
  DestinationStatus,
  DestinationStatusReport,
  DestinationView,
  TestResult,
} from './destination-view';

/** `destinations.delete` and `destinations.test`: which destination. */
export const idPayload = z.object({ id: z.string().min(1).max(40) }).strict();

export const destinationResolvers = {
  'destinations.list': adminResolver(emptyPayloadSchema, async (_input, caller): Promise<DestinationList> => {
    const destinations = await listDestinations(store());
    return {
      // The products the caller may forward: the page offers only those.
      products: PRODUCTS.filter((p) => caller.products.has(p)),
      items: await Promise.all(destinations.filter((d) => managedBy(d, caller)).map(view)),
      egressGroups: egressGroupsUse(destinations),
    };
  }),

  'destinations.save': adminResolver(destinationInputSchema, (input, caller) => save(store(), input, caller)),

  'destinations.delete': adminResolver(idPayload, async ({ id }, caller): Promise<DestinationDeletion> => {
    await managed(store(), id, caller);
    const deleted = await deleteDestination(store(), id);
    if (!deleted) throw new ResolverFailure('NOT_FOUND', `No destination '${id}'.`, 'id');
    await deleteSecret(id);
    return { deleted };
  }),

  'destinations.test': adminResolver(idPayload, ({ id }, caller) => sendTestEvent(store(), id, caller)),

  'destinations.status': adminResolver(
    emptyPayloadSchema,
    async (_input, caller): Promise<DestinationStatusReport> => {
      const target = store();
      const [all, states, seal, unsealed] = await Promise.all([
        listDestinations(target),
        readStates(target),
        readSealState(target),
        unsealedBacklog(target),
      ]);
      const destinations = all.filter((d) => managedBy(d, caller));
      const headSeq = seal?.head.seq ?? 0;
      const now = clock().now();
      const items = await Promise.all(
        destinations.map(async (destination): Promise<DestinationStatus> => {
          const state = states.get(destination.id);
          const cursorSeq = state?.cursorSeq ?? 0;
          const oldestSealed = cursorSeq < headSeq ? await oldestPendingMs(target, cursorSeq) : undefined;
          const waiting = [oldestSealed, unsealed.oldestReceivedMs].filter((ms) => ms !== undefined);
          const oldest = waiting.length > 0 ? Math.min(...waiting) : undefined;
          const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);
          return {
            id: destination.id,
            status: state?.status ?? 'active',
            enabled: destination.enabled,
            cursorSeq,
            lagRecords: Math.max(0, headSeq - cursorSeq) + unsealed.count,
            unsealedRecords: unsealed.count,
            lagMinutes: oldest === undefined ? 0 : Math.max(0, Math.round((now - oldest) / 60_000)),
            lastSuccessAt: iso(state?.lastSuccessMs),
            lastError: state?.lastError ?? null,
            lastErrorAt: iso(state?.lastErrorMs),
            failedAttempts: state?.attempts ?? 0,
            nextAttemptAt: state && state.nextAttemptMs > now ? iso(state.nextAttemptMs) : null,
            delivered: state?.delivered ?? 0,
            requests: state?.requests ?? 0,
          };
        }),
      );
      return { headSeq, items };
    },
  ),
};

async function view(destination: Destination): Promise<DestinationView> {
  return {
    ...destination,
    url: withoutUrlCredentials(destination.url),
    secret: maskSecret(await readSecret(destination.id)),
    egress: egressOf(destination),
  };
}

/**
 * Creates or updates a destination. The credential is write-only: omitted (or sent back masked) it stays
 * as stored. Saving a stopped or disabled destination is how the admin says "fixed, try again".
 */
async function save(target: Store, input: DestinationInput, caller: Caller): Promise<DestinationView> {
  const existing = input.id ? await managed(target, input.id, caller) : undefined;
  const forwarded = forwardedProducts(input.filter);
  if (!forwarded.every((p) => caller.products.has(p))) {
    throw new ResolverFailure(
      'FORBIDDEN',
      `filter.products: you administer only ${[...caller.products].join(' and ')}; choose the products this destination forwards from those (no choice forwards every product)`,
      'filter.products',
    );
  }
  const id = existing?.id ?? `d-${randomBytes(8).toString('hex')}`;
  const entry = driverFor(input.type).entry;
  const stored = entry?.storedUrl?.(input.url) ?? { url: input.url };
  if ('refused' in stored) throw new ResolverFailure('BAD_REQUEST', `url: ${stored.refused}`, 'url');
  const url = stored.url;
  const secret = (input.secret && !isMasked(input.secret) ? input.secret : undefined) ?? stored.secret;
  for (const key of entry?.urlOptions ?? []) {
    const value = (input.options as Readonly<Record<string, unknown>>)[key];
    if (value === undefined) continue;
    const field = `options.${key}`;
    const checked = endpointUrl.safeParse(value);
    if (!checked.success) {
      const message = `${field}: ${checked.error.issues[0]?.message ?? 'invalid'}`;
      throw new ResolverFailure('BAD_REQUEST', message, field);
    }
    refuseLoopback(checked.data, field);
  }
  refuseLoopback(url, 'url');
  if (secret !== undefined) checkSecret(entry, secret);
  const typeChanged = existing !== undefined && existing.type !== input.type;
  if (secret === undefined && (typeChanged || !(await readSecret(id)))) {
    throw new ResolverFailure('BAD_REQUEST', `secret: required for a ${input.type} destination`, 'secret');
  }
  const destination: Destination = {
    id,
    name: input.name,
    type: input.type,
    url,
    format: input.format,
    filter: input.filter,
    options: input.options,
    enabled: input.enabled,
    required: input.required,
  };
  if (egressOf(destination).allowedBy === 'admin') await checkEgressGroupRoom(target, id);
  if (secret !== undefined) await writeSecret(id, secret);
  await saveDestination(target, destination, clock().now());
  if (existing) await reactivate(target, id);
  return view(destination);
}

/** Forge sends only to hosts on the internet: this machine is a SIEM only in the local sandbox. */
function refuseLoopback(url: string, field: string): void {
  if (isLoopbackUrl(url) && !runsInSandbox()) {
    throw new ResolverFailure(
      'BAD_REQUEST',
      `${field}: must be your SIEM's address on the internet; localhost is accepted only in the local sandbox`,
      field,
    );
  }
}

/**
 * A self-hosted destination needs a customer-managed egress group of its own, and Forge allows an
 * installation only so many: refuse one more rather than save a destination that could never be approved.
 */
async function checkEgressGroupRoom(target: Store, id: string): Promise<void> {
  const others = (await listDestinations(target)).filter((d) => d.id !== id);
  const { used, max } = egressGroupsUse(others);
  if (used >= max) {
    throw new ResolverFailure(
      'BAD_REQUEST',
      `url: Forge allows at most ${max} customer-managed egress groups per installation, and ${used} self-hosted destinations already use them. Delete one, or send to a SaaS SIEM host the app declares (no approval needed).`,
      'url',
    );
  }
}

function checkSecret(entry: Entry | undefined, secret: string): void {
  const problem = entry?.secretProblem?.(secret);
  if (problem !== undefined) throw new ResolverFailure('BAD_REQUEST', `secret: ${problem}`, 'secret');
  if (!/^[\x21-\x7e]+$/.test(secret)) {
    throw new ResolverFailure('BAD_REQUEST', 'secret: must be printable characters without spaces', 'secret');
  }
}

/** Sends one synthetic record now, through the same path as real ones, and says what the receiver did. */
async function sendTestEvent(target: Store, id: string, caller: Caller): Promise<TestResult> {
  const destination = await managed(target, id, caller);
  const forwarded = forwardedProducts(destination.filter);
  const secret = await readSecret(id);
  if (!secret)
    throw new ResolverFailure('BAD_REQUEST', 'secret: no credential is stored; save it first', 'secret');
  const now = new Date(clock().now()).toISOString();
  const record: OutgoingRecord = {
    id: `test${randomBytes(14).toString('hex')}`,
    time: now,
    receivedAt: now,
    product: forwarded.includes(caller.product) ? caller.product : (forwarded[0] ?? caller.product),
    action: 'test_event.sent',
    actor: { accountId: caller.accountId, type: 'user' },
    container: null,
    object: { type: 'destination', id: destination.id, title: destination.name },
    changes: [],
    source: { event: 'audit-trail:test-event' },
  };
  const driver = driverFor(destination.type);
  const item = { record, document: formatRecord(destination.format, record) };
  const [batch] = toBatches(driver, destination, {}, [item]);
  const started = Date.now();
  const result = await sendBatch(
    {
      driver,
      destination,
      secret,
      // Within the resolver's 25 s, with room to answer.
      deadlineMs: started + 18_000,
      egress: new EgressBudget(),
    },
    batch!,
  );
  const durationMs = Date.now() - started;
  if (!result.failure) {
    return {
      ok: true,
      outcome: 'delivered',
      message: `Delivered in ${durationMs} ms.`,
      durationMs,
      recordId: record.id,
    };
  }
  return {
    ok: false,
    outcome: result.failure.kind,
    message: result.failure.reason,
    durationMs,
    recordId: record.id,
  };
}

/**
 * The products a destination forwards: those its filter names, or every product when it names none.
 * It sends those products' records to a SIEM, so only an admin of all of them may see or manage it.
 */
function forwardedProducts(filter: Destination['filter']): readonly Product[] {
  return filter.products?.length ? filter.products : PRODUCTS;
}

function managedBy(destination: Destination, caller: Caller): boolean {
  return forwardedProducts(destination.filter).every((p) => caller.products.has(p));
}

/** A destination the caller may manage, or NOT_FOUND: another product's is answered as a missing one. */
async function managed(target: Store, id: string, caller: Caller): Promise<Destination> {
  const destination = await getDestination(target, id);
  if (!destination || !managedBy(destination, caller)) {
    throw new ResolverFailure('NOT_FOUND', `No destination '${id}'.`, 'id');
  }
  return destination;
}

/** When the oldest sealed record after `cursorSeq` was stored (epoch ms). */
async function oldestPendingMs(target: Store, cursorSeq: number): Promise<number | undefined> {
  const row = await target.db
    .selectFrom('audit_event')
    .select('received_ms')
    .where('seq', '>', cursorSeq)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.received_ms) : undefined;
}
