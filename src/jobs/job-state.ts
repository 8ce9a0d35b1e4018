import type { Store } from '../store/database';
import { ignoreDuplicates } from '../store/ignore-duplicates';
import { releaseLease, takeLease } from '../store/lease';

/** The jobs that keep a lock and a progress document in `job_state`. */
export type JobName = 'daily' | 'audit-import';

/** Takes the job's lock for `owner` until `expiresMs` (see `takeLease`); the row is made on first use. */
export function acquireJob(
  target: Store,
  name: JobName,
  owner: string,
  nowMs: number,
  expiresMs: number,
): Promise<boolean> {
  return takeLease(target, 'job_state', name, owner, nowMs, expiresMs, async () => {
    const values = { name, owner: null, expires_ms: 0, state: '{}', updated_ms: nowMs };
    await ignoreDuplicates(target.engine, target.db.insertInto('job_state').values(values), 'name').execute();
  });
}

export function releaseJob(target: Store, name: JobName, owner: string): Promise<void> {
  return releaseLease(target, 'job_state', name, owner);
}

/** The job's progress document; `{}` before its first run or if the stored text is damaged. */
export async function readJobState<T extends object>(target: Store, name: JobName): Promise<Partial<T>> {
  const row = await target.db
    .selectFrom('job_state')
    .select('state')
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) return {};
  try {
    const value: unknown = JSON.parse(row.state);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Partial<T>) : {};
  } catch {
    return {};
  }
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
  if (Number(result.numUpdatedRows) === 1) return true;
  // MySQL and TiDB count the rows an UPDATE changed, not those it matched: the same checkpoint saved
  // again within the millisecond changes nothing and counts 0. Whether the lock is still ours decides.
  const row = await target.db
    .selectFrom('job_state')
    .select('owner')
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.owner === owner;
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
): Promise<JobRun<T>> {
  const run: JobRun<T> = {
    owner,
    state: await readJobState<T>(target, name),
    async save(next) {
      run.state = next;
      if (!(await writeJobState(target, name, owner, next, Date.now()))) {
        throw new Error(`${name}: the job lock was lost; stopping so the run that holds it can continue`);
      }
    },
  };
  return run;
}
