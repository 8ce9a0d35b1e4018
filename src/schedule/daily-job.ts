import { randomUUID } from 'node:crypto';
import { insightsDailyStateParts, type InsightsDailyState } from '../insights/insights-daily-state';
import { runRollups } from '../insights/run-rollups';
import { takeCensus } from '../insights/site-census';
import { jobLease, openJobRun, type JobRun, type JobStateParts } from '../jobs/job-state';
import { runDeadlineMs } from '../jobs/run-budget';
import { SCHEMA_NOT_READY, whenSchemaReady, type SchemaNotReady } from '../jobs/when-schema-ready';
import { lifecycleLimits } from '../limits';
import type { PrivacyState } from '../privacy/privacy-cycle';
import { runPrivacy } from '../privacy/run-privacy';
import { retentionDailyStateParts, type RetentionDailyState } from '../retention/retention-daily-state';
import { runRetention, type RetentionSummary } from '../retention/run-retention';
import { withSample } from '../retention/storage-growth';
import { measureStorage } from '../retention/storage-size';
import { readSettings } from '../settings/settings-store';
import { store, type Store } from '../store/database';
import { acquireLease, releaseLease } from '../store/lease';

/**
 * What the `daily` job keeps between runs (job_state `daily`): the parts its steps own, which the admin
 * page's resolvers read through their own part.
 */
export interface DailyState extends InsightsDailyState, RetentionDailyState {}

export const dailyStateParts: JobStateParts<DailyState> = {
  ...insightsDailyStateParts,
  ...retentionDailyStateParts,
};

export type DailyResult =
  | { readonly busy: true }
  | SchemaNotReady
  | {
      readonly retention?: RetentionSummary;
      readonly rolledUp?: number;
      readonly privacy?: PrivacyState;
      readonly errors: readonly string[];
    };

/**
 * The `daily` scheduled trigger: retention, then the insights rollups (and the site census for the
 * inactive share), then the personal-data report. One invocation at a time (job lock); each step runs
 * even if an earlier one failed, and a failure is logged and kept for the admin page (scheduled triggers
 * are not retried; the next day continues from the checkpoints). Retention never deletes a record the
 * rollups have not counted, so the order cannot lose usage history.
 */
export async function dailyJob(
  options: { readonly target?: Store; readonly nowMs?: number } = {},
): Promise<DailyResult> {
  const target = options.target ?? store();
  const nowMs = options.nowMs ?? Date.now();
  const deadlineMs = runDeadlineMs(
    lifecycleLimits.jobFunctionTimeoutSeconds,
    lifecycleLimits.jobSafetyMarginMs,
  );
  const owner = randomUUID();
  const locked = await whenSchemaReady('daily', async () => {
    const now = Date.now();
    const ttlMs = deadlineMs + lifecycleLimits.jobSafetyMarginMs - now;
    return (await acquireLease(target, jobLease(target, 'daily'), owner, now, ttlMs)).acquired;
  });
  if (locked === undefined) return SCHEMA_NOT_READY;
  if (!locked) {
    console.info('daily: another run holds the lock; nothing to do');
    return { busy: true };
  }
  const errors: string[] = [];
  const step = async <T>(name: string, body: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await body();
    } catch (error) {
      const message = `${name}: ${error instanceof Error ? error.message : String(error)}`;
      console.error(`daily: ${message}`);
      errors.push(message);
      return undefined;
    }
  };
  try {
    const run: JobRun<DailyState> = await openJobRun(target, 'daily', owner, dailyStateParts);
    const update = (part: Partial<DailyState>) => run.save({ ...run.state, ...part });
    const settings = await readSettings(target);
    const rolledUpSeq = run.state.rollup?.throughSeq ?? 0;

    const retention = await step('retention', async () => {
      const summary = await runRetention(target, {
        settings: settings.retention,
        nowMs,
        deadlineMs,
        rolledUpSeq,
      });
      const after = await measureStorage(target);
      await update({
        retention: summary,
        storageHistory: withSample(run.state.storageHistory ?? [], {
          atMs: nowMs,
          bytes: after.bytes,
          rows: after.rows,
        }),
      });
      return summary;
    });

    const rollups = await step('rollups', () =>
      runRollups(target, run.state.rollup ?? { throughSeq: 0 }, {
        nowMs,
        deadlineMs,
        save: (rollup) => update({ rollup }),
      }),
    );
    await step('census', async () => {
      const census = await takeCensus(target, nowMs);
      if (census) await update({ census });
    });

    const privacy = await step('privacy', () =>
      runPrivacy(target, run.state.privacy ?? {}, {
        nowMs,
        deadlineMs,
        save: (next) => update({ privacy: next }),
      }),
    );

    await step('state', () => update({ lastRun: { startedMs: nowMs, finishedMs: Date.now(), errors } }));
    return {
      ...(retention ? { retention } : {}),
      ...(rollups ? { rolledUp: rollups.rows } : {}),
      ...(privacy ? { privacy } : {}),
      errors,
    };
  } finally {
    await releaseLease(target, jobLease(target, 'daily'), owner).catch((error: unknown) => {
      console.warn(`daily: could not release the lock, it lapses by itself: ${String(error)}`);
    });
  }
}
