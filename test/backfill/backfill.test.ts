import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { seedSyntheticActivity } from '../../dev/seed-sandbox';
import { syntheticEvents } from '../../dev/seed/synthetic-activity';
import { writeRequestState } from '../../src/jobs/job-state';
import type { BackfillStatus } from '../../src/backfill/backfill-state';
import type { BackfillEstimate } from '../../src/backfill/estimate-backfill';
import { backfillJob } from '../../src/backfill/run-backfill';
import { BACKFILL_SOURCE } from '../../src/record/audit-sources';
import type { Store } from '../../src/store/database';
import { testEngines } from '../support/engines';

const DAY = 24 * 60 * 60 * 1000;
const END = new Date(Math.floor(Date.now() / DAY) * DAY);
const FROM = new Date(END.getTime() - 90 * DAY).toISOString();
const EVENTS = 1500;

interface Row {
  readonly id: string;
  readonly action: string;
  readonly object_id: string | null;
  readonly time_ms: number;
  readonly source_event: string;
  readonly object_title: string | null;
  readonly changes: string | null;
}

async function rows(target: Store): Promise<Row[]> {
  return (await target.db
    .selectFrom('audit_event')
    .select(['id', 'action', 'object_id', 'time_ms', 'source_event', 'object_title', 'changes'])
    .execute()) as unknown as Row[];
}

async function clear(target: Store): Promise<void> {
  await target.db.deleteFrom('audit_event').execute();
  await target.db.deleteFrom('job_state').where('name', 'in', ['backfill', 'backfill-request']).execute();
}

describe.each(testEngines)('history backfill on $name', (engine) => {
  let history: Sandbox;
  let backfilled: Row[];

  const invoke = <T>(sandbox: Sandbox, key: string, payload: unknown = {}) =>
    sandbox.host.invoke('jira:adminPage', key, payload, sandbox.defaultAccountId) as Promise<T>;

  /** Asks for the backfill as the admin page does, and lets the queue run it to the end. */
  const backfillThroughQueue = async (sandbox: Sandbox): Promise<BackfillStatus> => {
    await invoke(sandbox, 'backfill.start', { from: FROM });
    await sandbox.queue.idle();
    return invoke<BackfillStatus>(sandbox, 'backfill.status');
  };

  // One sandbox per engine (the runtime stand-in is process-wide): its fake site holds the seeded
  // activity's history; live capture of the same activity is the same events delivered afterwards.
  beforeAll(async () => {
    history = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    await seedSyntheticActivity(history, EVENTS, { end: END, deliver: false });
  });
  afterAll(async () => {
    await history.close();
    await engine.dropAll();
  });

  const captureLive = async (): Promise<Row[]> => {
    await clear(history.opened.store);
    for (const event of syntheticEvents(history.site, { count: EVENTS, end: END })) {
      await history.host.deliverEvent(event);
    }
    return rows(history.opened.store);
  };

  test('a backfill of the seeded site gives the ids live capture gave the same changes', async () => {
    expect(await history.records()).toBe(0);
    const estimate = await invoke<BackfillEstimate>(history, 'backfill.estimate', { from: FROM });
    expect(estimate.records).toBeGreaterThan(0);
    expect(estimate.budgetBytes).toBeGreaterThan(0);
    const status = await backfillThroughQueue(history);
    expect(status).toMatchObject({ state: 'done', fraction: 1 });
    backfilled = await rows(history.opened.store);
    expect(backfilled.length).toBe(status.counts.records);
    expect(
      backfilled.every(
        (r) => r.source_event === BACKFILL_SOURCE.jira || r.source_event === BACKFILL_SOURCE.confluence,
      ),
    ).toBe(true);

    // The same change: same action, object and time. Where both exist, the ids are equal.
    const liveRows = await captureLive();
    const liveByChange = new Map(liveRows.map((r) => [`${r.action} ${r.object_id} ${r.time_ms}`, r.id]));
    const both = backfilled.filter((r) => liveByChange.has(`${r.action} ${r.object_id} ${r.time_ms}`));
    expect(both.map((r) => liveByChange.get(`${r.action} ${r.object_id} ${r.time_ms}`))).toEqual(
      both.map((r) => r.id),
    );
    const actions = new Set(both.map((r) => r.action));
    for (const action of [
      'issue.created',
      'issue.updated',
      'comment.created',
      'worklog.created',
      'page.updated',
    ]) {
      expect({ action, found: actions.has(action) }).toEqual({ action, found: true });
    }
    expect(both.length).toBeGreaterThan(backfilled.length / 3);
    // Last month's status changes are in the log.
    expect(
      backfilled.some((r) => r.action === 'issue.updated' && (r.changes ?? '').includes('"status"')),
    ).toBe(true);
  });

  test('over a period already captured live it adds only what live capture never saw, and nothing twice', async () => {
    const before = new Set((await rows(history.opened.store)).map((r) => r.id));
    expect(before.size).toBeGreaterThan(0);
    const first = await backfillThroughQueue(history);
    const expectedNew = backfilled.filter((r) => !before.has(r.id)).length;
    expect(first.counts).toMatchObject({ records: backfilled.length, inserted: expectedNew });
    const second = await backfillThroughQueue(history);
    expect(second.counts).toMatchObject({ records: backfilled.length, inserted: 0 });
  });

  test('interrupted after every step and resumed, it gives the same records', async () => {
    const target = history.opened.store;
    await clear(target);
    const plan = { fromMs: Date.parse(FROM), products: ['jira', 'confluence'], projectIds: [], spaceIds: [] };
    await writeRequestState(
      target,
      'backfill-request',
      { request: { runId: 'r1', plan, command: 'run', requestedMs: 0, estimatedRecords: 1 } },
      Date.now(),
    );
    let runs = 0;
    for (;;) {
      const result = await backfillJob({ target, maxSteps: 1, continueByQueue: false });
      runs += 1;
      if (!('more' in result) || !result.more) break;
    }
    expect(runs).toBeGreaterThan(3);
    expect((await rows(target)).map((r) => r.id).sort()).toEqual(backfilled.map((r) => r.id).sort());
  });

  test('a 429 storm is waited out for as long as Retry-After says, with the same result', async () => {
    const target = history.opened.store;
    await clear(target);
    const plan = { fromMs: Date.parse(FROM), products: ['jira', 'confluence'], projectIds: [], spaceIds: [] };
    await writeRequestState(
      target,
      'backfill-request',
      { request: { runId: 'r2', plan, command: 'run', requestedMs: 0, estimatedRecords: 1 } },
      Date.now(),
    );
    history.history.startStorm(6, 3);
    const waits: number[] = [];
    const result = await backfillJob({
      target,
      continueByQueue: false,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(waits).toEqual([3000, 3000, 3000, 3000, 3000, 3000]);
    expect(result).toMatchObject({ more: false, progress: { phase: 'done', counts: { throttled: 6 } } });
    expect((await rows(target)).map((r) => r.id).sort()).toEqual(backfilled.map((r) => r.id).sort());
  });

  test('a rate limit longer than the run has left is saved and waited for by the next run', async () => {
    const target = history.opened.store;
    await clear(target);
    const plan = { fromMs: Date.parse(FROM), products: ['jira'], projectIds: [], spaceIds: [] };
    await writeRequestState(
      target,
      'backfill-request',
      { request: { runId: 'r3', plan, command: 'run', requestedMs: 0, estimatedRecords: 1 } },
      Date.now(),
    );
    history.history.startStorm(1, 3600);
    const stopped = await backfillJob({ target, continueByQueue: false });
    expect(stopped).toMatchObject({
      more: true,
      progress: { phase: 'jira-issues', counts: { throttled: 1 } },
    });
    expect((stopped as { progress: { resumeAtMs: number } }).progress.resumeAtMs).toBeGreaterThan(
      Date.now() + 3000_000,
    );
    // Too early: the next run does not ask again.
    const early = await backfillJob({ target, continueByQueue: false });
    expect(early).toMatchObject({ steps: 0, more: true });
  });

  test('pause stops it between steps, resume goes on, cancel ends it', async () => {
    await clear(history.opened.store);
    await invoke(history, 'backfill.start', { from: FROM });
    await invoke(history, 'backfill.pause');
    await history.queue.idle();
    const paused = await invoke<BackfillStatus>(history, 'backfill.status');
    expect(paused.state).toBe('paused');
    expect(paused.counts.records).toBeLessThan(backfilled.length);
    await invoke(history, 'backfill.resume');
    await history.queue.idle();
    expect(await invoke<BackfillStatus>(history, 'backfill.status')).toMatchObject({ state: 'done' });
    expect(await invoke(history, 'backfill.cancel')).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(await invoke(history, 'backfill.start', { from: '2999-01-01' })).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('from') },
    });
  });

  test('content not stored: backfilled records keep ids, actors and fields, not titles or values', async () => {
    await clear(history.opened.store);
    await invoke(history, 'settings.update', { ugc: { jira: 'not_stored', confluence: 'not_stored' } });
    try {
      await backfillThroughQueue(history);
      const stored = await rows(history.opened.store);
      expect(stored.map((r) => r.id).sort()).toEqual(backfilled.map((r) => r.id).sort());
      expect(stored.filter((r) => r.object_title !== null)).toEqual([]);
      const values = stored.flatMap((r) => JSON.parse(r.changes ?? '[]') as { from: unknown; to: unknown }[]);
      expect(values.length).toBeGreaterThan(0);
      expect(values.filter((c) => c.from !== null || c.to !== null)).toEqual([]);
    } finally {
      await invoke(history, 'settings.update', { ugc: { jira: 'stored', confluence: 'stored' } });
    }
  });
});
