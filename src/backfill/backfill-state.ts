import { z } from 'zod';
import type { JobStateParts } from '../jobs/job-state';
import { backfillPlanSchema, type BackfillPlan } from './backfill-plan';

/**
 * What the admin asked for (job_state `backfill-request`, written by the resolvers without the job's
 * lock): the run, its plan, and whether it should go on. The job reads it before every step, so a pause
 * or cancel takes effect within one step.
 */
export interface BackfillRequest {
  readonly runId: string;
  readonly plan: BackfillPlan;
  readonly command: 'run' | 'pause' | 'cancel';
  readonly requestedMs: number;
  /** Records the estimate expected, for the progress bar. */
  readonly estimatedRecords: number;
}

/**
 * Where the history read stands, in order: Jira issues (search pages, each with its changelogs,
 * comments and attachments), Jira worklogs, then Confluence pages, blog posts, footer comments and
 * attachments. `cursor` is the API's own page token (`nextPageToken`, a v2 cursor, a worklog `since`);
 * a step is redone whole if a run stops inside it, and its records collapse into the rows it stored.
 */
export type BackfillPhase =
  | 'jira-issues'
  | 'jira-worklogs'
  | 'confluence-spaces'
  | 'confluence-pages'
  | 'confluence-blogposts'
  | 'confluence-comments'
  | 'confluence-attachments'
  | 'done';

export interface BackfillCounts {
  /** REST requests made, throttled ones included. */
  readonly requests: number;
  /** Answers that were 429 (or 503) and waited out. */
  readonly throttled: number;
  /** Records read from the history (within the period). */
  readonly records: number;
  /** Of those, rows that were new; the rest were already in the log (captured live, or an earlier run). */
  readonly inserted: number;
  /** Milliseconds spent waiting for rate limits. */
  readonly waitedMs: number;
}

export interface BackfillProgress {
  readonly runId: string;
  readonly phase: BackfillPhase;
  readonly cursor: string | null;
  readonly startedMs: number;
  readonly finishedMs?: number;
  /** Time spent running (not waiting between runs), for the rate and the ETA. */
  readonly activeMs: number;
  readonly counts: BackfillCounts;
  /** With a project filter: the issues seen, whose worklogs to keep. */
  readonly issueIds?: readonly string[];
  /** Spaces by id (key, name), for the records' containers; and which space each page is in. */
  readonly spaces?: Readonly<Record<string, { readonly key?: string; readonly name?: string }>>;
  readonly pageSpaces?: Readonly<Record<string, string>>;
  /** A rate limit asked to wait until then; the next run starts no sooner. */
  readonly resumeAtMs?: number;
  /** Why the last run stopped short, in the product's words. */
  readonly message?: string;
}

export const ZERO_COUNTS: BackfillCounts = {
  requests: 0,
  throttled: 0,
  records: 0,
  inserted: 0,
  waitedMs: 0,
};

const count = z.number().int().nonnegative();

export const backfillStateParts: JobStateParts<{ progress: BackfillProgress }> = {
  progress: z.object({
    runId: z.string(),
    phase: z.enum([
      'jira-issues',
      'jira-worklogs',
      'confluence-spaces',
      'confluence-pages',
      'confluence-blogposts',
      'confluence-comments',
      'confluence-attachments',
      'done',
    ]),
    cursor: z.string().nullable(),
    startedMs: count,
    finishedMs: count.optional(),
    activeMs: count,
    counts: z.object({
      requests: count,
      throttled: count,
      records: count,
      inserted: count,
      waitedMs: count,
    }),
    issueIds: z.array(z.string()).optional(),
    spaces: z
      .record(z.string(), z.object({ key: z.string().optional(), name: z.string().optional() }))
      .optional(),
    pageSpaces: z.record(z.string(), z.string()).optional(),
    resumeAtMs: count.optional(),
    message: z.string().optional(),
  }),
};

export const backfillRequestParts: JobStateParts<{ request: BackfillRequest }> = {
  request: z.object({
    runId: z.string(),
    plan: backfillPlanSchema,
    command: z.enum(['run', 'pause', 'cancel']),
    requestedMs: count,
    estimatedRecords: count,
  }),
};

/** The phases a plan goes through, in order. */
export function phasesOf(plan: BackfillPlan): readonly BackfillPhase[] {
  return [
    ...(plan.products.includes('jira') ? (['jira-issues', 'jira-worklogs'] as const) : []),
    ...(plan.products.includes('confluence')
      ? ([
          'confluence-spaces',
          'confluence-pages',
          'confluence-blogposts',
          'confluence-comments',
          'confluence-attachments',
        ] as const)
      : []),
    'done',
  ];
}

/** The phase after `phase` in the plan. Pure. */
export function nextPhase(plan: BackfillPlan, phase: BackfillPhase): BackfillPhase {
  const phases = phasesOf(plan);
  return phases[phases.indexOf(phase) + 1] ?? 'done';
}

/** What `backfill.status` answers. */
export interface BackfillStatus {
  readonly state: 'idle' | 'running' | 'waiting' | 'paused' | 'cancelled' | 'done';
  readonly plan?: BackfillPlan;
  readonly phase?: BackfillPhase;
  readonly counts: BackfillCounts;
  readonly estimatedRecords: number;
  /** 0..1: phases done, and within the current one its share of the estimate. */
  readonly fraction: number;
  /** Milliseconds left at the rate so far, when it can be said. */
  readonly etaMs?: number;
  readonly startedMs?: number;
  readonly finishedMs?: number;
  readonly resumeAtMs?: number;
  readonly message?: string;
}

/** Status from the request and the progress. Pure. */
export function statusOf(
  request: BackfillRequest | undefined,
  progress: BackfillProgress | undefined,
  nowMs: number,
): BackfillStatus {
  if (request === undefined) return { state: 'idle', counts: ZERO_COUNTS, estimatedRecords: 0, fraction: 0 };
  const mine = progress?.runId === request.runId ? progress : undefined;
  const counts = mine?.counts ?? ZERO_COUNTS;
  const phases = phasesOf(request.plan);
  const phase = mine?.phase ?? phases[0] ?? 'done';
  const done = phase === 'done';
  const phaseShare = Math.max(0, phases.indexOf(phase)) / Math.max(1, phases.length - 1);
  const recordShare =
    request.estimatedRecords > 0 ? Math.min(0.99, counts.records / request.estimatedRecords) : 0;
  const fraction = done ? 1 : Math.min(0.99, Math.max(phaseShare, recordShare));
  const state: BackfillStatus['state'] = done
    ? 'done'
    : request.command === 'pause'
      ? 'paused'
      : request.command === 'cancel'
        ? 'cancelled'
        : mine?.resumeAtMs !== undefined && mine.resumeAtMs > nowMs
          ? 'waiting'
          : 'running';
  const rate = mine !== undefined && mine.activeMs > 0 && fraction > 0 ? fraction / mine.activeMs : 0;
  return {
    state,
    plan: request.plan,
    phase,
    counts,
    estimatedRecords: request.estimatedRecords,
    fraction,
    ...(rate > 0 && !done ? { etaMs: Math.round((1 - fraction) / rate) } : {}),
    ...(mine ? { startedMs: mine.startedMs } : {}),
    ...(mine?.finishedMs === undefined ? {} : { finishedMs: mine.finishedMs }),
    ...(mine?.resumeAtMs === undefined ? {} : { resumeAtMs: mine.resumeAtMs }),
    ...(mine?.message === undefined ? {} : { message: mine.message }),
  };
}
