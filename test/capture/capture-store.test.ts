import { kvs } from '@forge/kvs';
import { ALL_EVENT_TYPES_BY_FAMILY, samplePayload } from '../../dev/payloads';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { readManifest } from '../../dev/runtime/manifest-index';
import { migrations } from '../../src/store/migrations';
import { testEngines } from '../support/engines';
import { dropSchema, rowCount, rowsOf } from '../support/rows';

const manifest = readManifest(`${__dirname}/../../manifest.yml`);
const subscribed = [...manifest.triggers.keys()];
const everyBuiltEvent = Object.values(ALL_EVENT_TYPES_BY_FAMILY).flat();

describe.each(testEngines)('capture into $name', (engine) => {
  let sandbox: Sandbox;
  const invoke = (key: string, payload: unknown = {}) =>
    sandbox.host.invoke('jira:adminPage', key, payload, sandbox.defaultAccountId);

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('three deliveries of one event, one with a retry context, make one row', async () => {
    const event = samplePayload('avi:jira:updated:issue');
    const before = await rowCount(sandbox);
    const answers = [
      await sandbox.host.deliverEvent(event),
      await sandbox.host.deliverEvent(event),
      await sandbox.host.deliverEvent({ ...event, retryContext: { retryCount: 1, retryReason: 'x' } }),
    ];
    expect(answers.map((a) => a.status)).toEqual(['stored', 'duplicate', 'duplicate']);
    expect(await rowCount(sandbox)).toBe(before + 1);
  });

  test('an event dated in the year 9999 is stored at its arrival time, not first for ever; its stated time is kept', async () => {
    const event = { ...samplePayload('avi:jira:deleted:issue'), timestamp: 253_402_300_799_999 };
    const before = Date.now();
    expect((await sandbox.host.deliverEvent(event)).status).toBe('stored');
    const page = (await invoke('activity.query', { limit: 1 })) as {
      items: { time: string; changes: { field: string; from: string | null; to: string | null }[] }[];
    };
    const newest = page.items[0]!;
    expect(Date.parse(newest.time)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(newest.time)).toBeLessThanOrEqual(Date.now());
    expect(newest.changes).toContainEqual({
      field: 'audit-trail:eventTime',
      from: '9999-12-31T23:59:59.999Z',
      to: newest.time,
    });
  });

  test('every subscribed event type except views is stored, each as its own row', async () => {
    const types = subscribed.filter((t) => !t.includes(':viewed:'));
    expect(types.filter((t) => !everyBuiltEvent.includes(t))).toEqual([]);
    const before = await rowCount(sandbox);
    const answers = [];
    const at = new Date('2026-03-01T10:00:00Z');
    for (const type of types) answers.push(await sandbox.host.deliverEvent(samplePayload(type, at)));
    expect(answers.filter((a) => a.status !== 'stored')).toEqual([]);
    expect(await rowCount(sandbox)).toBe(before + types.length);
    const actions = (await rowsOf(sandbox)).map((r) => r.action);
    expect(actions.filter((a) => a.startsWith('unknown.'))).toEqual([]);
  });

  test('view events are discarded while views are off (the default) and stored once turned on', async () => {
    const view = samplePayload('avi:jira:viewed:issue');
    const before = await rowCount(sandbox);
    expect(await sandbox.host.deliverEvent(view)).toMatchObject({
      status: 'skipped',
      module: 'jira-view-events',
    });
    expect(await rowCount(sandbox)).toBe(before);

    await invoke('settings.update', { views: { jira: true } });
    expect(await sandbox.host.deliverEvent(view)).toMatchObject({ status: 'stored', action: 'issue.viewed' });
    const confluenceView = samplePayload('avi:confluence:viewed:page');
    expect(await sandbox.host.deliverEvent(confluenceView)).toMatchObject({ status: 'skipped' });
    expect(await rowCount(sandbox)).toBe(before + 1);
    await invoke('settings.update', { views: { jira: false } });
  });

  test('with content not stored, rows keep ids and actions but no titles or changed values', async () => {
    await invoke('settings.update', { ugc: { jira: 'not_stored' } });
    const event = samplePayload('avi:jira:updated:issue');
    const changed = {
      ...event,
      timestamp: Number(event.timestamp) + 1,
      changelog: {
        id: 'ugc-off',
        items: [
          {
            field: 'summary',
            fieldtype: 'jira',
            from: null,
            fromString: 'Secret plan',
            to: null,
            toString: 'Public plan',
          },
        ],
      },
    };
    const answer = await sandbox.host.deliverEvent(changed);
    expect(answer.status).toBe('stored');
    const row = (await rowsOf(sandbox)).find((r) => r.id === answer.id);
    expect(row).toMatchObject({ action: 'issue.updated', object_type: 'issue', object_title: null });
    expect(row?.object_id).toBeTruthy();
    expect(JSON.parse(row?.changes ?? '[]')).toEqual([{ field: 'summary', from: null, to: null }]);
    expect(JSON.stringify(row)).not.toContain('Secret plan');

    // Confluence keeps its own setting: its content is still stored.
    const page = await sandbox.host.deliverEvent(samplePayload('avi:confluence:created:page'));
    const pageRow = (await rowsOf(sandbox)).find((r) => r.id === page.id);
    expect(pageRow?.object_title).toBeTruthy();
    await invoke('settings.update', { ugc: { jira: 'stored' } });
  });

  test('a fresh installation: the first event is retried until the schema trigger has run, then stored', async () => {
    await dropSchema(sandbox);
    expect(await invoke('settings.get')).toMatchObject({ error: { code: 'PREPARING' } });
    const event = samplePayload('avi:jira:created:issue');
    expect(await sandbox.host.deliverEvent(event)).toMatchObject({
      status: 'retry',
      reason: { failure: 'schema-missing' },
    });
    expect(await sandbox.host.runScheduled('schema')).toMatchObject({
      ran: migrations.map((m) => m.name),
    });
    const answer = await sandbox.host.deliverEvent({ ...event, retryContext: { retryCount: 1 } });
    expect(answer.status).toBe('stored');
    expect(await rowCount(sandbox)).toBe(1);
    expect(await invoke('settings.get')).toEqual({
      ugc: { jira: 'stored', confluence: 'stored' },
      views: { jira: false, confluence: false },
      retention: { maxAgeDays: 180, budgetBytes: Math.floor(0.8 * 1024 ** 3) },
      products: ['jira', 'confluence'],
      siteWide: true,
    });
  });

  if (engine.name === 'mariadb') {
    test('throttling and outages of Forge SQL become retry requests, and the retried event is stored', async () => {
      const backend = sandbox.opened.sqlBackend!;
      const event = samplePayload('avi:jira:deleted:issue');
      await sandbox.host.deliverEvent(samplePayload('avi:jira:created:issue')); // warms the settings cache
      backend.injectFailures(1, { status: 429, code: 'RATE_LIMIT_EXCEEDED', message: 'Too many requests' });
      const throttled = await sandbox.host.deliverEvent(event);
      expect(throttled).toMatchObject({ status: 'retry', reason: { failure: 'rate-limited' } });
      expect(throttled.retryAfter).toBeGreaterThanOrEqual(1);

      backend.injectFailures(1, { status: 503, code: 'UNKNOWN_ERROR', message: 'upstream unavailable' });
      const retried = await sandbox.host.deliverEvent({ ...event, retryContext: { retryCount: 1 } });
      expect(retried).toMatchObject({ status: 'retry', reason: { failure: 'transient' } });

      const delivered = await sandbox.host.deliverEvent({ ...event, retryContext: { retryCount: 2 } });
      expect(delivered.status).toBe('stored');
    });

    test('after the last retry a record is parked in KVS, and the hourly job stores it', async () => {
      const backend = sandbox.opened.sqlBackend!;
      await sandbox.host.deliverEvent(samplePayload('avi:jira:created:issue')); // warms the settings cache
      const event = { ...samplePayload('avi:jira:deleted:project'), retryContext: { retryCount: 4 } };
      backend.injectFailures(1, { status: 503, code: 'UNKNOWN_ERROR', message: 'still down' });
      const parked = await sandbox.host.deliverEvent(event);
      expect(parked).toMatchObject({ status: 'parked', action: 'project.deleted' });
      expect((await rowsOf(sandbox)).some((r) => r.id === parked.id)).toBe(false);

      expect(await sandbox.host.runScheduled('schema')).toMatchObject({ parked: { replayed: 1, failed: 0 } });
      expect((await rowsOf(sandbox)).filter((r) => r.id === parked.id)).toHaveLength(1);
      expect(await sandbox.host.runScheduled('schema')).toMatchObject({ parked: { replayed: 0 } });
    });

    test('a parked value that is not a record is kept aside and does not hold back the records after it', async () => {
      const backend = sandbox.opened.sqlBackend!;
      await sandbox.host.deliverEvent(samplePayload('avi:jira:created:issue')); // warms the settings cache
      const event = { ...samplePayload('avi:jira:deleted:project'), retryContext: { retryCount: 4 } };
      backend.injectFailures(1, { status: 503, code: 'UNKNOWN_ERROR', message: 'still down' });
      const parked = await sandbox.host.deliverEvent(event);
      expect(parked).toMatchObject({ status: 'parked' });
      // Sorts before the record's key, so replay meets it first.
      await kvs.set('parked:0-damaged', { record: { id: 'x' }, reason: 'hand-edited' });

      expect(await sandbox.host.runScheduled('schema')).toMatchObject({
        parked: { replayed: 1, failed: 0, damaged: 1 },
      });
      expect((await rowsOf(sandbox)).filter((r) => r.id === parked.id)).toHaveLength(1);
      expect(await kvs.get('parked:0-damaged')).toBeUndefined();
      expect(await kvs.get('parked-damaged:0-damaged')).toMatchObject({
        value: { record: { id: 'x' }, reason: 'hand-edited' },
        problem: expect.stringMatching(/^record\.product: /),
      });
      expect(await sandbox.host.runScheduled('schema')).toMatchObject({
        parked: { replayed: 0, damaged: 0 },
      });
    });

    test('one SQL statement per event; the settings read is shared by a warm function', async () => {
      const backend = sandbox.opened.sqlBackend!;
      await sandbox.host.deliverEvent(samplePayload('avi:jira:created:issue')); // settings now cached
      const before = backend.statements;
      const events = 200;
      const base = samplePayload('avi:jira:updated:issue');
      for (let i = 0; i < events; i++) {
        await sandbox.host.deliverEvent({
          ...base,
          timestamp: Number(base.timestamp) + i,
          changelog: { id: `s${i}`, items: [] },
        });
      }
      expect(backend.statements - before).toBe(events);
    });
  }
});
