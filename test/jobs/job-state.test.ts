import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { acquireJob, readJobState, writeJobState } from '../../src/jobs/job-state';
import type { Store } from '../../src/store/database';
import { testEngines } from '../support/engines';

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
    expect(await acquireJob(target, 'daily', 'run-1', NOW, NOW + 60_000)).toBe(true);
    const checkpoint = { throughSeq: 42, lastRunMs: NOW };
    expect(await writeJobState(target, 'daily', 'run-1', checkpoint, NOW)).toBe(true);
    expect(await writeJobState(target, 'daily', 'run-1', checkpoint, NOW)).toBe(true);
    expect(await readJobState(target, 'daily')).toEqual(checkpoint);
  });

  test('a run whose lock was taken over cannot write, even the same checkpoint', async () => {
    const later = NOW + 120_000;
    expect(await acquireJob(target, 'daily', 'run-2', later, later + 60_000)).toBe(true);
    const checkpoint = { throughSeq: 42, lastRunMs: NOW };
    expect(await writeJobState(target, 'daily', 'run-1', checkpoint, NOW)).toBe(false);
    expect(await writeJobState(target, 'daily', 'run-1', { throughSeq: 7 }, later)).toBe(false);
    expect(await readJobState(target, 'daily')).toEqual(checkpoint);
  });
});
