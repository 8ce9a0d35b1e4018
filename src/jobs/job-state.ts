import type { z } from 'zod';
import { updateFoundRow } from '../store/affected-rows';
import type { Store } from '../store/database';
import { ignoreDuplicates } from '../store/ignore-duplicates';
import type { Lease } from '../store/lease';

/** The jobs that keep a lock and a progress document in `job_state`. */
export type JobName = 'daily' | 'audit-import' | 'backfill' | 'backfill-request';

/** The job's lock, a lease on its `job_state` row (made on first use). */
export function jobLease(target: Store, name: JobName): Lease {
  return {
    table: 'job_state',
    name,
    createRow: async () => {
      const values = { name, owner: null, expires_ms: 0, state: '{}', updated_ms: Date.now() };
      await ignoreDuplicates(
        target.engine,
        target.db.insertInto('job_state').values(values),
        'name',
      ).execute();
    },
  };
}

/**
 * How each top-level part of a job's progress document is checked when read: one schema per key, so a
 * part that does not fit is dropped alone and the others' checkpoints survive.
 */
export type JobStateParts<T extends object> = { readonly [K in keyof T]-?: z.ZodType<T[K]> };

/**
 * The job's progress document; `{}` before its first run. A stored document that is not a JSON object,
 * or a part that does not fit its schema, is logged and read as missing: that part starts afresh, as on
 * the job's first run, instead of the job or the admin page failing on it every time. Keys `parts` does
 * not name are left out.
 */
export async function readJobState<T extends object>(
  target: Store,
  name: JobName,
  parts: JobStateParts<T>,
): Promise<Partial<T>> {
  const row = await target.db
    .selectFrom('job_state')
    .select('state')
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) return {};
  let stored: unknown;
  try {
    stored = JSON.parse(row.state);
  } catch {
    console.warn(`job_state ${name}: the stored document is not JSON; starting afresh`);
    return {};
  }
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) {
    console.warn(`job_state ${name}: the stored document is not an object; starting afresh`);
    return {};
  }
  const state: Partial<T> = {};
  for (const key of Object.keys(parts) as (keyof T & string)[]) {
    const value: unknown = (stored as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const parsed = parts[key].safeParse(value);
    if (parsed.success) {
      state[key] = parsed.data;
    } else {
      const issue = parsed.error.issues[0];
      const where = [key, ...(issue?.path ?? [])].join('.');
      console.warn(`job_state ${name}: ${where} does not fit (${issue?.message}); starting that part afresh`);
    }
  }
  return state;
}

/**
 * Writes the progress document, only while `owner` holds the lock: a run whose lock lapsed (and was
 * taken over) cannot overwrite its successor's checkpoints. False when it no longer holds it.
 */
export async function writeJobState(
  target: Store,
  name: JobName,
  owner: string,
  state: object,
  nowMs: number,
): Promise<boolean> {
  const result = await target.db
    .updateTable('job_state')
    .set({ state: JSON.stringify(state), updated_ms: nowMs })
    .where('name', '=', name)
    .where('owner', '=', owner)
    .executeTakeFirst();
  // The same checkpoint saved again within the millisecond may count 0: whether the lock is ours decides.
  return updateFoundRow(result, async () => {
    const row = await target.db
      .selectFrom('job_state')
      .select('owner')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.owner === owner;
  });
}

/**
 * Writes a document no job locks: one an admin's request sets (what to run, paused or not) for a job to
 * read before each step, so a request never waits on a run that holds the job's own lock.
 */
export async function writeRequestState(
  target: Store,
  name: JobName,
  state: object,
  nowMs: number,
): Promise<void> {
  await jobLease(target, name).createRow?.();
  await target.db
    .updateTable('job_state')
    .set({ state: JSON.stringify(state), updated_ms: nowMs })
    .where('name', '=', name)
    .execute();
}

/** A lock plus its document, for a job body: read once, then each `save` writes a new version. */
export interface JobRun<T extends object> {
  readonly owner: string;
  state: Partial<T>;
  save(next: Partial<T>): Promise<void>;
}

export async function openJobRun<T extends object>(
  target: Store,
  name: JobName,
  owner: string,
  parts: JobStateParts<T>,
): Promise<JobRun<T>> {
  const run: JobRun<T> = {
    owner,
    state: await readJobState(target, name, parts),
    async save(next) {
      run.state = next;
      if (!(await writeJobState(target, name, owner, next, Date.now()))) {
        throw new Error(`${name}: the job lock was lost; stopping so the run that holds it can continue`);
      }
    },
  };
  return run;
}
