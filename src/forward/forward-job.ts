import { randomUUID } from 'node:crypto';
import { getAppContext } from '@forge/api';
import { Queue } from '@forge/events';
import { deliveryLimits } from '../limits';
import { sealHeader } from '../seal/export-header';
import { packArchive } from '../packing/pack-archive';
import { sealPending } from '../seal/seal-pending';
import { store, type Store } from '../store/database';
import { EgressBudget } from './delivery/egress-budget';
import { driverFor } from './destinations/drivers';
import { listDestinations } from './destination-store';
import type { FormatContext } from './formats';
import {
  forwardDestination,
  sealedReader,
  type DestinationRun,
  type SealedReader,
} from './forward-destination';

/** The queue a run that is still behind at its deadline continues through (manifest.yml `consumer`). */
export const CONTINUE_QUEUE = 'forward-continue';

export interface ContinueBody extends Record<string, unknown> {
  readonly cloudId?: string;
  /** How many continuations in a row led here; the chain stops at `deliveryLimits.queueChainMax`. */
  readonly depth: number;
}

/**
 * Work that runs in the cycle beside delivery, over the same sealed pages and within the same budget
 * (the detections). The composition root supplies it, so forwarding does not depend on what it is.
 */
export type CycleCompanion = (context: {
  readonly store: Store;
  readonly reader: SealedReader;
  readonly deadlineMs: number;
  readonly egress: EgressBudget;
  readonly formatContext: FormatContext;
}) => Promise<{ readonly behind: boolean }>;

export interface CycleSummary {
  readonly sealed: number;
  readonly headSeq: number;
  readonly destinations: readonly DestinationRun[];
  /** A continuation was queued because sealing or some destination is still behind. */
  readonly continued: boolean;
  readonly error?: string;
}

/** Sealing gets at most this share of a run, so a large backlog of unsealed rows never starves delivery. */
const SEAL_SHARE = 0.4;
/** Packing sealed records into archive blocks gets at most this share after sealing's. */
const PACK_SHARE = 0.2;

/**
 * One cycle of the `seal-and-forward` scheduled trigger (every five minutes) or of its queue consumer:
 * seal new records, then deliver every enabled destination from its cursor, side by side, until each has
 * caught up or the time is spent. When the cycle ends behind, it queues its own continuation (one at a
 * time per installation), so a backlog drains in minutes rather than one scheduled run at a time.
 * Scheduled runs are not retried by Forge: every failure is logged and recorded, and the next run resumes
 * from the cursors.
 */
export async function sealAndForwardCycle(input: {
  readonly cloudId?: string;
  readonly depth?: number;
  readonly companion?: CycleCompanion;
}): Promise<CycleSummary> {
  const started = Date.now();
  const budget = runBudgetMs();
  const deadlineMs = started + budget;
  const target = store();
  try {
    // What sealing publishes is handed to the cycle's reader: delivery and detections start from the
    // records in memory instead of reading back what was just written.
    const reader = sealedReader(target);
    const seal = await sealPending(target, {
      deadlineMs: started + budget * SEAL_SHARE,
      onSealed: (records) => reader.prime(records),
    });
    // Packing never holds up delivery: a failure is logged and the next cycle resumes where it stopped.
    await packArchive(target, { deadlineMs: started + budget * (SEAL_SHARE + PACK_SHARE) }).catch(
      (error: unknown) => console.error(`pack: failed, the next cycle resumes: ${String(error)}`),
    );
    const destinations = (await listDestinations(target)).filter((d) => d.enabled);
    const egress = new EgressBudget();
    const owner = randomUUID();
    // Read once per cycle, after sealing: every event this cycle sends carries the checkpoint as it stands then.
    const header = await sealHeader(target);
    const formatContext = {
      ...(input.cloudId ? { cloudId: input.cloudId } : {}),
      appVersion: appVersion(),
      ...(header ? { seal: header } : {}),
    };
    const companion = input.companion
      ? input
          .companion({ store: target, reader, deadlineMs, egress, formatContext })
          .catch((error: unknown) => {
            console.error(`seal-and-forward: detections failed, the next run resumes: ${String(error)}`);
            return { behind: false };
          })
      : Promise.resolve({ behind: false });
    const runs = await Promise.all(
      destinations.map(async (destination): Promise<DestinationRun> => {
        try {
          return await forwardDestination({
            store: target,
            destination,
            driver: driverFor(destination.type),
            deadlineMs,
            egress,
            owner,
            formatContext,
            reader,
          });
        } catch (error) {
          console.error(`forward: destination ${destination.id} failed: ${String(error)}`);
          return {
            id: destination.id,
            outcome: 'failed',
            delivered: 0,
            requests: 0,
            cursorSeq: 0,
            reason: String(error),
          };
        }
      }),
    );
    const behind = seal.more || runs.some((run) => run.outcome === 'behind') || (await companion).behind;
    const depth = input.depth ?? 0;
    let continued = false;
    if (behind && depth < deliveryLimits.queueChainMax) {
      continued = await pushContinuation({
        ...(input.cloudId ? { cloudId: input.cloudId } : {}),
        depth: depth + 1,
      });
    }
    const delivered = runs.reduce((sum, run) => sum + run.delivered, 0);
    if (seal.sealed || delivered || continued) {
      console.info(
        `seal-and-forward: sealed ${seal.sealed} (head ${seal.headSeq}), delivered ${delivered} to ${runs.length} destinations` +
          (continued ? `, continuing (depth ${depth + 1})` : ''),
      );
    }
    return { sealed: seal.sealed, headSeq: seal.headSeq, destinations: runs, continued };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`seal-and-forward: failed, the next run resumes from the cursors: ${message}`);
    return { sealed: 0, headSeq: 0, destinations: [], continued: false, error: message };
  }
}

async function pushContinuation(body: ContinueBody): Promise<boolean> {
  try {
    await new Queue({ key: CONTINUE_QUEUE }).push({
      body,
      concurrency: { key: 'seal-and-forward', limit: 1 },
    });
    return true;
  } catch (error) {
    console.warn(
      `seal-and-forward: could not queue a continuation; the next scheduled run continues: ${String(error)}`,
    );
    return false;
  }
}

/**
 * What this invocation may spend: the time Forge says is left, less a margin for the request in flight
 * and the final writes; the configured timeout when the platform does not say.
 */
export function runBudgetMs(): number {
  let remaining = deliveryLimits.forwardFunctionTimeoutSeconds * 1000;
  try {
    const left = getAppContext().invocationRemainingTimeInMillis();
    if (Number.isFinite(left) && left > 0) remaining = left;
  } catch {
    // Not reported (older runtime, tunnel): keep the configured timeout.
  }
  const margin = deliveryLimits.forwardSafetyMarginMs;
  return Math.floor(remaining > 2 * margin ? remaining - margin : remaining / 2);
}

function appVersion(): string | undefined {
  try {
    return getAppContext().appVersion;
  } catch {
    return undefined;
  }
}
