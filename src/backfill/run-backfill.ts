import { randomUUID } from 'node:crypto';
import { Queue } from '@forge/events';
import { withoutUgc } from '../capture/ugc-policy';
import { jobLease, openJobRun, readJobState } from '../jobs/job-state';
import { runDeadlineMs } from '../jobs/run-budget';
import { SCHEMA_NOT_READY, whenSchemaReady, type SchemaNotReady } from '../jobs/when-schema-ready';
import { deliveryLimits, lifecycleLimits } from '../limits';
import { storesUgc } from '../settings/settings';
import { readSettings } from '../settings/settings-store';
import { store, type Store } from '../store/database';
import { archivedAlready } from '../archive/archived-ids';
import { insertRecords } from '../store/insert-records';
import { acquireLease, releaseLease } from '../store/lease';
import {
  backfillRequestParts,
  backfillStateParts,
  phasesOf,
  ZERO_COUNTS,
  type BackfillProgress,
  type BackfillRequest,
} from './backfill-state';
import { HistoryRefused, runStep } from './history-steps';
import { WaitLonger, type Pacer } from './paced-request';

/** The queue a backfill continues through between scheduled runs. */
export const BACKFILL_QUEUE = 'backfill-continue';

export type BackfillRunResult =
  | SchemaNotReady
  | { readonly busy: true }
  | {
      readonly steps: number;
      readonly progress?: BackfillProgress;
      /** More to do: a continuation was queued (or the next scheduled run goes on). */
      readonly more: boolean;
    };

export interface BackfillJobOptions {
  readonly target?: Store;
  readonly deadlineMs?: number;
  /** How to wait out a rate limit; tests record the waits instead of sleeping. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Tests: stop after this many steps, as a run stopped by its deadline would. */
  readonly maxSteps?: number;
  /** Whether to queue a continuation when more is left (the sandbox and Forge: yes; tests: no). */
  readonly continueByQueue?: boolean;
  /** The queue chain's depth so far; a chain stops at `deliveryLimits.queueChainMax`. */
  readonly depth?: number;
}

/**
 * Runs the backfill the admin asked for (job_state `backfill-request`) one step at a time, saving the
 * progress after every step, until it is done, paused or cancelled, or the run's time is up; then
 * continues through the `backfill-continue` queue (after the wait a rate limit asked for, if any). One
 * run at a time (job lock). The hourly `audit-import` trigger runs it too, so a broken queue chain
 * only delays it. Records go in through the same insert as imports, with the admin's content setting
 * applied; those already in the log (captured live, or read by an earlier step) are left as they are.
 */
export async function backfillJob(options: BackfillJobOptions = {}): Promise<BackfillRunResult> {
  const target = options.target ?? store();
  const deadlineMs =
    options.deadlineMs ??
    runDeadlineMs(lifecycleLimits.jobFunctionTimeoutSeconds, lifecycleLimits.jobSafetyMarginMs);
  const owner = randomUUID();
  const locked = await whenSchemaReady('backfill', async () => {
    const now = Date.now();
    const ttlMs = deadlineMs + lifecycleLimits.jobSafetyMarginMs - now;
    return (await acquireLease(target, jobLease(target, 'backfill'), owner, now, ttlMs)).acquired;
  });
  if (locked === undefined) return SCHEMA_NOT_READY;
  if (!locked) return { busy: true };
  let steps = 0;
  let more = false;
  let resumeAtMs: number | undefined;
  let progress: BackfillProgress | undefined;
  try {
    const run = await openJobRun(target, 'backfill', owner, backfillStateParts);
    const settings = await readSettings(target);
    const pacer: Pacer = {
      requests: 0,
      throttled: 0,
      waitedMs: 0,
      deadlineMs,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    };
    for (;;) {
      const { request } = await readJobState(target, 'backfill-request', backfillRequestParts);
      if (request === undefined || request.command !== 'run') break;
      progress = run.state.progress?.runId === request.runId ? run.state.progress : fresh(request);
      if (progress.phase === 'done') break;
      if (progress.resumeAtMs !== undefined && progress.resumeAtMs > Date.now()) {
        more = true;
        resumeAtMs = progress.resumeAtMs;
        break;
      }
      if (steps >= (options.maxSteps ?? Infinity) || Date.now() >= deadlineMs) {
        more = true;
        break;
      }
      const before = { requests: pacer.requests, throttled: pacer.throttled, waitedMs: pacer.waitedMs };
      const started = Date.now();
      try {
        const step = await runStep(request.plan, progress, pacer, new Date());
        const stored = step.records.map((r) => (storesUgc(settings, r.product) ? r : withoutUgc(r)));
        // A change already captured and since packed into the archive is not inserted again.
        const archived = await archivedAlready(target, stored);
        const kept = stored.filter((r) => !archived.has(r.id));
        const inserted = await insertRecords(target, kept);
        const { resumeAtMs: _waited, message: _m, ...next } = step.progress;
        progress = {
          ...next,
          activeMs: progress.activeMs + (Date.now() - started),
          counts: {
            requests: progress.counts.requests + pacer.requests - before.requests,
            throttled: progress.counts.throttled + pacer.throttled - before.throttled,
            waitedMs: progress.counts.waitedMs + pacer.waitedMs - before.waitedMs,
            records: progress.counts.records + kept.length,
            inserted: progress.counts.inserted + inserted,
          },
          ...(next.phase === 'done' ? { finishedMs: Date.now() } : {}),
        };
      } catch (error) {
        if (!(error instanceof WaitLonger)) throw error;
        // The step is redone after the wait; what it stored so far collapses into the same rows.
        progress = {
          ...progress,
          resumeAtMs: error.untilMs,
          counts: {
            ...progress.counts,
            requests: progress.counts.requests + pacer.requests - before.requests,
            throttled: progress.counts.throttled + pacer.throttled - before.throttled,
          },
        };
        resumeAtMs = error.untilMs;
        more = true;
      }
      await run.save({ progress });
      steps += 1;
      if (resumeAtMs !== undefined) break;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`backfill: stopped, the next run resumes from the checkpoint: ${message}`);
    if (progress !== undefined) {
      progress = { ...progress, message };
      await saveQuietly(target, owner, progress);
    }
    // A refusal (no permission, a bad request) will not pass by itself; anything else is tried again.
    more = !(error instanceof HistoryRefused);
  } finally {
    await releaseLease(target, jobLease(target, 'backfill'), owner).catch((error: unknown) => {
      console.warn(`backfill: could not release the lock, it lapses by itself: ${String(error)}`);
    });
  }
  const depth = options.depth ?? 0;
  if (more && (options.continueByQueue ?? true) && depth < deliveryLimits.queueChainMax) {
    await pushContinuation(depth + 1, resumeAtMs);
  }
  return { steps, more, ...(progress ? { progress } : {}) };
}

function fresh(request: BackfillRequest): BackfillProgress {
  return {
    runId: request.runId,
    phase: phasesOf(request.plan)[0] ?? 'done',
    cursor: null,
    startedMs: Date.now(),
    activeMs: 0,
    counts: ZERO_COUNTS,
  };
}

async function saveQuietly(target: Store, owner: string, progress: BackfillProgress): Promise<void> {
  try {
    const run = await openJobRun(target, 'backfill', owner, backfillStateParts);
    await run.save({ progress });
  } catch (error) {
    console.warn(`backfill: could not save why it stopped: ${String(error)}`);
  }
}

/** Queues the next run, after the wait a rate limit asked for (Forge delays at most 900 s). */
export async function pushContinuation(depth: number, resumeAtMs?: number): Promise<void> {
  const delay =
    resumeAtMs === undefined
      ? 0
      : Math.min(
          deliveryLimits.queueMaxDelaySeconds,
          Math.max(0, Math.ceil((resumeAtMs - Date.now()) / 1000)),
        );
  try {
    await new Queue({ key: BACKFILL_QUEUE }).push({
      body: { depth },
      ...(delay > 0 ? { delayInSeconds: delay } : {}),
      concurrency: { key: 'backfill', limit: 1 },
    });
  } catch (error) {
    console.warn(`backfill: could not queue a continuation; the hourly run continues: ${String(error)}`);
  }
}
