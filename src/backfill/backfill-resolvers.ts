import { randomUUID } from 'node:crypto';
import { adminResolver, emptyPayloadSchema } from '../admin/admin-resolver';
import { ResolverFailure } from '../admin/resolver-error';
import { readJobState, writeRequestState } from '../jobs/job-state';
import { measureStorage } from '../retention/storage-size';
import { readSettings } from '../settings/settings-store';
import { store } from '../store/database';
import { backfillPayloadSchema, planOf, type BackfillPayload, type BackfillPlan } from './backfill-plan';
import {
  backfillRequestParts,
  backfillStateParts,
  statusOf,
  type BackfillRequest,
  type BackfillStatus,
} from './backfill-state';
import { estimateBackfill, type BackfillEstimate } from './estimate-backfill';
import { pushContinuation } from './run-backfill';
import type { Caller } from '../admin/admin-resolver';

async function planFor(payload: BackfillPayload, caller: Caller): Promise<BackfillPlan> {
  const plan = planOf(payload, caller.products, Date.now());
  if ('invalid' in plan) throw new ResolverFailure('BAD_REQUEST', plan.invalid);
  return plan;
}

async function currentRequest(): Promise<BackfillRequest | undefined> {
  return (await readJobState(store(), 'backfill-request', backfillRequestParts)).request;
}

/** Only an admin of every product a backfill reads may steer it. */
function mayControl(request: BackfillRequest, caller: Caller): boolean {
  return request.plan.products.every((p) => caller.products.has(p));
}

async function status(): Promise<BackfillStatus> {
  const [request, state] = await Promise.all([
    currentRequest(),
    readJobState(store(), 'backfill', backfillStateParts),
  ]);
  return statusOf(request, state.progress, Date.now());
}

async function command(caller: Caller, next: BackfillRequest['command']): Promise<BackfillStatus> {
  const request = await currentRequest();
  if (request === undefined) throw new ResolverFailure('NOT_FOUND', 'No backfill has been started.');
  if (!mayControl(request, caller)) {
    throw new ResolverFailure('FORBIDDEN', 'This backfill reads a product you do not administer.');
  }
  const current = await status();
  if (current.state === 'done' || current.state === 'cancelled') {
    throw new ResolverFailure('BAD_REQUEST', `The backfill is ${current.state}; start a new one.`);
  }
  await writeRequestState(
    store(),
    'backfill-request',
    { request: { ...request, command: next } },
    Date.now(),
  );
  if (next === 'run') await pushContinuation(0);
  return status();
}

export const backfillResolvers = {
  /**
   * `{ from, products?, containers? }` → how many records the history holds for that period (an
   * estimate from the products' counts) and the storage they would take, against the budget.
   */
  'backfill.estimate': adminResolver(
    backfillPayloadSchema,
    async (input, caller): Promise<BackfillEstimate> => {
      const plan = await planFor(input, caller);
      const [measure, settings] = await Promise.all([measureStorage(store()), readSettings(store())]);
      return estimateBackfill(plan, measure, settings.retention.budgetBytes);
    },
  ),
  /** Starts a backfill (replacing one that is paused, cancelled or done); it runs in the background. */
  'backfill.start': adminResolver(backfillPayloadSchema, async (input, caller): Promise<BackfillStatus> => {
    const plan = await planFor(input, caller);
    const current = await status();
    if (current.state === 'running' || current.state === 'waiting') {
      throw new ResolverFailure('BAD_REQUEST', 'A backfill is running: pause or cancel it first.');
    }
    const [measure, settings] = await Promise.all([measureStorage(store()), readSettings(store())]);
    const estimate = await estimateBackfill(plan, measure, settings.retention.budgetBytes);
    const request: BackfillRequest = {
      runId: randomUUID(),
      plan,
      command: 'run',
      requestedMs: Date.now(),
      estimatedRecords: estimate.records,
    };
    await writeRequestState(store(), 'backfill-request', { request }, Date.now());
    await pushContinuation(0);
    return status();
  }),
  /** `{}` → where the backfill stands: state, counts, the share done and the time left. */
  'backfill.status': adminResolver(emptyPayloadSchema, () => status()),
  'backfill.pause': adminResolver(emptyPayloadSchema, (_input, caller) => command(caller, 'pause')),
  'backfill.resume': adminResolver(emptyPayloadSchema, (_input, caller) => command(caller, 'run')),
  'backfill.cancel': adminResolver(emptyPayloadSchema, (_input, caller) => command(caller, 'cancel')),
};
