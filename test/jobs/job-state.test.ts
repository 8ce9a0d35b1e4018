import { z } from 'zod';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { importStateParts } from '../../src/audit-import/import-pass';
import { jobLease, readJobState, writeJobState, type JobName } from '../../src/jobs/job-state';
import { storageStatus } from '../../src/retention/storage-resolvers';
import { dailyJob, dailyStateParts } from '../../src/schedule/daily-job';
import type { Store } from '../../src/store/database';
import { acquireLease } from '../../src/store/lease';
import { testEngines } from '../support/engines';

/** A stand-in document: these tests are about the lock, not what a job keeps. */
const checkpointParts = { throughSeq: z.number(), lastRunMs: z.number() };

describe.each(testEngines)('job state on $name', (engine) => {
  let sandbox: Sandbox;
  let target: Store;
  const NOW = Date.UTC(2026, 11, 1);

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    target = sandbox.opened.store;
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('saving the same checkpoint twice in one millisecond is still a save by the holder', async () => {
    // MySQL and TiDB count the rows an UPDATE changed, not those it matched: the second, identical write
    // changes nothing, and must not read as "the lock was lost" (the daily job's rollups end that way).
    expect((await acquireLease(target, jobLease(target, 'daily'), 'run-1', NOW, 60_000)).acquired).toBe(true);
    const checkpoint = { throughSeq: 42, lastRunMs: NOW };
    expect(await writeJobState(target, 'daily', 'run-1', checkpoint, NOW)).toBe(true);
    expect(await writeJobState(target, 'daily', 'run-1', checkpoint, NOW)).toBe(true);
    expect(await readJobState(target, 'daily', checkpointParts)).toEqual(checkpoint);
  });

  test('a run whose lock was taken over cannot write, even the same checkpoint', async () => {
    const later = NOW + 120_000;
    expect((await acquireLease(target, jobLease(target, 'daily'), 'run-2', later, 60_000)).acquired).toBe(
      true,
    );
    const checkpoint = { throughSeq: 42, lastRunMs: NOW };
    expect(await writeJobState(target, 'daily', 'run-1', checkpoint, NOW)).toBe(false);
    expect(await writeJobState(target, 'daily', 'run-1', { throughSeq: 7 }, later)).toBe(false);
    expect(await readJobState(target, 'daily', checkpointParts)).toEqual(checkpoint);
  });
});

describe.each(testEngines)('a damaged job state on $name', (engine) => {
  let sandbox: Sandbox;
  let target: Store;
  let warnings: string[];
  const census = { asOf: '2026-11-30', siteUsers: 10, inactive: 4, share: 0.4 };
  const lastRun = { startedMs: 1000, finishedMs: 2000, errors: [] };

  /** Stores `text` as the job's document, as a damaged write or an older version might have left it. */
  async function storeDocument(name: JobName, text: string): Promise<void> {
    // Taken and lapsed at once (expires at 1 ms): the row exists and any later run can lock it.
    await acquireLease(target, jobLease(target, name), 'writer', 0, 1);
    await target.db.updateTable('job_state').set({ state: text }).where('name', '=', name).execute();
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    target = sandbox.opened.store;
  });
  beforeEach(() => {
    warnings = [];
    jest.spyOn(console, 'warn').mockImplementation((message: string) => void warnings.push(message));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('a document that is not JSON, or not an object, reads as a first run, with a warning', async () => {
    await storeDocument('daily', '{"rollup": {"throughSeq": 4');
    expect(await readJobState(target, 'daily', dailyStateParts)).toEqual({});
    await storeDocument('audit-import', '[1, 2]');
    expect(await readJobState(target, 'audit-import', importStateParts)).toEqual({});
    expect(warnings).toEqual([
      'job_state daily: the stored document is not JSON; starting afresh',
      'job_state audit-import: the stored document is not an object; starting afresh',
    ]);
  });

  test('a part that does not fit is dropped alone; the warning names the job, the part and the problem', async () => {
    await storeDocument(
      'daily',
      JSON.stringify({ rollup: { throughSeq: 'ten' }, census, lastRun, storageHistory: {} }),
    );
    expect(await readJobState(target, 'daily', dailyStateParts)).toEqual({ census, lastRun });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^job_state daily: rollup\.throughSeq does not fit \(.*number.*\)/);
    expect(warnings[1]).toMatch(/^job_state daily: storageHistory does not fit \(.*array.*\)/);

    await storeDocument(
      'audit-import',
      JSON.stringify({ jira: { status: 'stuck', throughMs: 5 }, confluence: { throughMs: 5 } }),
    );
    expect(await readJobState(target, 'audit-import', importStateParts)).toEqual({
      confluence: { throughMs: 5 },
    });
    expect(warnings[2]).toMatch(/^job_state audit-import: jira\.status does not fit/);
  });

  test('the daily job runs on a damaged document and leaves a valid one; the storage page still answers', async () => {
    await storeDocument(
      'daily',
      JSON.stringify({ rollup: { throughSeq: -3 }, census: 'none', privacy: { reported: 'many' }, lastRun }),
    );
    expect(await storageStatus(target, Date.now())).toMatchObject({ lastDailyRun: lastRun });
    expect(await dailyJob({ target, nowMs: Date.now() })).toMatchObject({ errors: [] });
    warnings = [];
    const state = await readJobState(target, 'daily', dailyStateParts);
    expect(warnings).toEqual([]);
    expect(state.rollup).toMatchObject({ throughSeq: 0 });
    expect(state.privacy).toBeDefined();
    expect(state.lastRun).not.toEqual(lastRun);
  });
});
