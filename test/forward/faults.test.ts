import { randomBytes } from 'node:crypto';
import { readSealed } from '../../src/seal/read-sealed';
import { testEngines } from '../support/engines';
import {
  AzureLogsReceiver,
  DatadogReceiver,
  ElasticReceiver,
  json,
  SplunkHecReceiver,
  WebhookReceiver,
  type Receiver,
} from '../support/receivers';
import { ForwardHarness, identify, newWebhookSecret, type StatusItem } from './forward-harness';

const HEC_TOKEN = '11111111-2222-3333-4444-555555555555';
const ES_KEY = Buffer.from('id:key').toString('base64');

describe.each(testEngines)('faults on $name', (engine) => {
  let h: ForwardHarness;
  let sealedIds: string[];
  const receivers: Receiver[] = [];
  const started = async <R extends Receiver>(receiver: R): Promise<R> => {
    receivers.push(receiver);
    return receiver.start();
  };

  beforeAll(async () => {
    h = await ForwardHarness.start(engine);
    await h.addActivity(300);
    await h.cycle(); // seals
    sealedIds = (await readSealed(h.sandbox.opened.store, 0, 100_000)).map((r) => r.id);
  });
  afterEach(async () => {
    // Each test's destination is removed so later cycles do not touch its receiver.
    const list = await h.invoke<{ items: { id: string }[] }>('destinations.list');
    for (const d of list.items) await h.invoke('destinations.delete', { id: d.id });
    for (const r of receivers.splice(0)) await r.stop();
  });
  afterAll(async () => {
    await h.close();
    await engine.dropAll();
  });

  const webhook = async (receiver: WebhookReceiver, extra: Record<string, unknown> = {}) =>
    h.saveDestination<{ id: string }>({
      name: 'hook',
      type: 'webhook',
      url: receiver.endpoint,
      secret: receiver.secret,
      ...extra,
    });
  const runOf = (result: Awaited<ReturnType<ForwardHarness['cycle']>>, id: string) =>
    result.destinations.find((d) => d.id === id);
  const idsOf = (receiver: { documents(): Record<string, unknown>[] }) =>
    receiver.documents().map((d) => identify(d).id);

  test('429 with a short Retry-After is waited out within the run', async () => {
    const receiver = await started(new WebhookReceiver(newWebhookSecret()));
    receiver.answer(json(429, { error: 'slow down' }, { 'retry-after': '1' }));
    const { id } = await webhook(receiver);
    const before = Date.now();
    const result = await h.cycle();
    expect(runOf(result, id)).toMatchObject({ outcome: 'caught-up' });
    expect(Date.now() - before).toBeGreaterThanOrEqual(1000);
    expect(receiver.count(429)).toBe(1);
    expect(idsOf(receiver)).toEqual(sealedIds);
  });

  test('429 with a long Retry-After: nothing is tried before that time, then everything arrives', async () => {
    const receiver = await started(new WebhookReceiver(newWebhookSecret()));
    receiver.answer(json(429, { error: 'quota' }, { 'retry-after': '600' }));
    const { id } = await webhook(receiver);
    expect(runOf(await h.cycle(), id)).toMatchObject({ outcome: 'failed' });
    const waiting = await h.status(id);
    expect(waiting.lastError).toContain('429');
    expect(Date.parse(waiting.nextAttemptAt!) - Date.now()).toBeGreaterThanOrEqual(590_000);
    expect(waiting.lagRecords).toBe(sealedIds.length);
    h.advance(5);
    expect(runOf(await h.cycle(), id)).toMatchObject({ outcome: 'waiting', requests: 0 });
    expect(receiver.log).toHaveLength(1);
    h.advance(6);
    expect(runOf(await h.cycle(), id)).toMatchObject({ outcome: 'caught-up' });
    expect(idsOf(receiver)).toEqual(sealedIds);
  });

  test('503 backs off with full jitter and recovers; the cursor waits meanwhile', async () => {
    const receiver = await started(new WebhookReceiver(newWebhookSecret()));
    receiver.answer({ status: 503, body: 'maintenance' }, 3);
    const { id } = await webhook(receiver);
    const states: StatusItem[] = [];
    for (let i = 0; i < 6 && receiver.documents().length === 0; i += 1) {
      await h.cycle();
      states.push(await h.status(id));
      h.advance(5);
    }
    expect(receiver.count(503)).toBe(3);
    expect(states.slice(0, 3).every((s) => s.cursorSeq === 0 && s.lastError?.includes('503'))).toBe(true);
    expect(idsOf(receiver)).toEqual(sealedIds);
    expect(await h.status(id)).toMatchObject({ lagRecords: 0, status: 'active' });
  });

  test('413 splits the batch until each part fits', async () => {
    const receiver = await started(new WebhookReceiver(newWebhookSecret(), { maxBytes: 20_000 }));
    const { id } = await webhook(receiver);
    expect(runOf(await h.cycle(), id)).toMatchObject({ outcome: 'caught-up' });
    expect(receiver.count(413)).toBeGreaterThan(0);
    expect(receiver.log.filter((e) => e.status === 204).every((e) => e.bodyBytes <= 20_000)).toBe(true);
    expect(idsOf(receiver)).toEqual(sealedIds);
  });

  test('Datadog: 413 over its item limit splits too', async () => {
    const key = randomBytes(16).toString('hex');
    const receiver = await started(new DatadogReceiver(key, { maxBytes: 5_000_000, maxItems: 40 }));
    const { id } = await h.saveDestination<{ id: string }>({
      name: 'dd',
      type: 'datadog',
      url: `${receiver.url}/api/v2/logs`,
      secret: key,
    });
    expect(runOf(await h.cycle(), id)).toMatchObject({ outcome: 'caught-up' });
    expect(receiver.count(413)).toBeGreaterThan(0);
    expect(idsOf(receiver)).toEqual(sealedIds);
  });

  test('Elastic: only the items refused with 429 are sent again; nothing is stored twice', async () => {
    const receiver = await started(new ElasticReceiver(ES_KEY));
    receiver.rejectItems(3, 2);
    const { id } = await h.saveDestination<{ id: string }>({
      name: 'es',
      type: 'elastic',
      url: receiver.url,
      secret: ES_KEY,
      format: 'ecs',
    });
    expect(runOf(await h.cycle(), id)).toMatchObject({ outcome: 'caught-up' });
    expect(receiver.conflicts).toBe(0);
    expect(new Set(idsOf(receiver))).toEqual(new Set(sealedIds));
    expect(receiver.documents()).toHaveLength(sealedIds.length);
    // The resent items are exactly the rejected ones: every third of the batch, then every third of those.
    const n = sealedIds.length;
    const first = Math.ceil(n / 3);
    expect(receiver.itemsPerRequest).toEqual([n, first, Math.ceil(first / 3)]);
  });

  test('a lost confirmation is sent again: Elastic answers 409 for what it has, counted as delivered', async () => {
    const receiver = await started(new ElasticReceiver(ES_KEY));
    receiver.loseAnswers(1);
    const { id } = await h.saveDestination<{ id: string }>({
      name: 'es',
      type: 'elastic',
      url: receiver.url,
      secret: ES_KEY,
    });
    expect(runOf(await h.cycle(), id)).toMatchObject({
      outcome: 'failed',
      reason: expect.stringContaining('dropped'),
    });
    h.advance(5);
    expect(runOf(await h.cycle(), id)).toMatchObject({ outcome: 'caught-up' });
    expect(receiver.conflicts).toBeGreaterThan(0);
    expect(receiver.documents()).toHaveLength(sealedIds.length);
    expect(await h.status(id)).toMatchObject({ lagRecords: 0, delivered: sealedIds.length });
  });

  test('Standard Webhooks: a retried batch keeps its webhook-id, so the receiver can drop the duplicate', async () => {
    const receiver = await started(new WebhookReceiver(newWebhookSecret()));
    receiver.answer({ status: 503 }).loseAnswers(1);
    const { id } = await webhook(receiver, { options: { maxBatchRecords: 1000 } });
    await h.cycle(); // 503
    h.advance(5);
    await h.cycle(); // delivered, but the answer is lost
    h.advance(5);
    await h.cycle(); // delivered again, same webhook-id
    const ids = receiver.log.map((e) => e.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);
    expect(receiver.duplicates).toBe(1);
    expect(idsOf(receiver)).toEqual(sealedIds);
    expect(await h.status(id)).toMatchObject({ lagRecords: 0 });
  });

  test('a dropped connection is retried without loss', async () => {
    const receiver = await started(new WebhookReceiver(newWebhookSecret()));
    receiver.dropConnections(1);
    const { id } = await webhook(receiver);
    expect(runOf(await h.cycle(), id)).toMatchObject({
      outcome: 'failed',
      reason: expect.stringContaining('dropped'),
    });
    h.advance(5);
    await h.cycle();
    expect(idsOf(receiver)).toEqual(sealedIds);
  });

  describe('configuration errors stop the destination, with the reason shown, until it is saved again', () => {
    const expectStopped = async (id: string, reason: string | RegExp, receiver: Receiver) => {
      const first = await h.cycle();
      expect(runOf(first, id)).toMatchObject({ outcome: 'failed' });
      const status = await h.status(id);
      expect(status.status).toBe('stopped');
      expect(status.lastError).toMatch(reason);
      const requests = receiver.log.length;
      h.advance(60);
      expect(runOf(await h.cycle(), id)).toMatchObject({ outcome: 'inactive', requests: 0 });
      expect(receiver.log).toHaveLength(requests);
    };

    test('Splunk: an invalid HEC token (403, code 4); fixed by saving the right one', async () => {
      const receiver = await started(new SplunkHecReceiver(HEC_TOKEN));
      const saved = await h.saveDestination<{ id: string }>({
        name: 'splunk',
        type: 'splunk',
        url: receiver.url,
        secret: 'wrong-token-0000',
      });
      await expectStopped(saved.id, 'the HEC token is invalid (code 4)', receiver);
      await h.saveDestination({
        id: saved.id,
        name: 'splunk',
        type: 'splunk',
        url: receiver.url,
        secret: HEC_TOKEN,
      });
      expect(runOf(await h.cycle(), saved.id)).toMatchObject({ outcome: 'caught-up' });
      expect(idsOf(receiver)).toEqual(sealedIds);
      expect(await h.status(saved.id)).toMatchObject({ status: 'active', lagRecords: 0 });
    });

    test('Splunk: an index the token may not write to (400, code 7)', async () => {
      const receiver = await started(new SplunkHecReceiver(HEC_TOKEN, { indexes: ['main'] }));
      const saved = await h.saveDestination<{ id: string }>({
        name: 'splunk',
        type: 'splunk',
        url: receiver.url,
        secret: HEC_TOKEN,
        options: { index: 'secret_index' },
      });
      await expectStopped(saved.id, /Incorrect index \(code 7, event 0 of the batch\)/, receiver);
    });

    test('Elastic: credentials refused (401)', async () => {
      const receiver = await started(new ElasticReceiver(ES_KEY));
      const saved = await h.saveDestination<{ id: string }>({
        name: 'es',
        type: 'elastic',
        url: receiver.url,
        secret: 'd3Jvbmc6a2V5',
      });
      await expectStopped(
        saved.id,
        /Elasticsearch refused the request with 401: .*security_exception/,
        receiver,
      );
    });

    test('Datadog: an API key it does not know (403)', async () => {
      const receiver = await started(new DatadogReceiver('right-key-0123456789'));
      const saved = await h.saveDestination<{ id: string }>({
        name: 'dd',
        type: 'datadog',
        url: `${receiver.url}/api/v2/logs`,
        secret: 'wrong-key-0123456789',
      });
      await expectStopped(saved.id, 'Datadog refused the request with 403', receiver);
    });

    test('Sentinel: a wrong client secret (Entra 401), and an app without the publisher role (403)', async () => {
      const app = {
        tenantId: 't1',
        clientId: 'c1',
        clientSecret: 'right-secret',
        dcrImmutableId: `dcr-${'b'.repeat(32)}`,
        streamName: 'Custom-AuditTrail_CL',
      };
      const receiver = await started(new AzureLogsReceiver(app));
      const options = {
        tenantId: 't1',
        clientId: 'c1',
        dcrImmutableId: app.dcrImmutableId,
        streamName: app.streamName,
        tokenUrl: receiver.tokenUrl,
      };
      const saved = await h.saveDestination<{ id: string }>({
        name: 'az',
        type: 'sentinel',
        url: receiver.url,
        secret: 'wrong-secret',
        options,
      });
      await expectStopped(saved.id, 'AADSTS7000215: Invalid client secret provided.', receiver);
      receiver.roleMissing = true;
      await h.saveDestination({
        id: saved.id,
        name: 'az',
        type: 'sentinel',
        url: receiver.url,
        secret: 'right-secret',
        options,
      });
      await expectStopped(
        saved.id,
        /Azure Monitor refused the request with 403: .*does not have access/,
        receiver,
      );
    });

    test('Webhook: 400 from the endpoint', async () => {
      const receiver = await started(new WebhookReceiver(newWebhookSecret()));
      receiver.answer(json(400, { error: 'unknown schema' }), 100);
      const saved = await webhook(receiver);
      await expectStopped(
        saved.id,
        'The webhook endpoint refused the request with 400: {"error":"unknown schema"}',
        receiver,
      );
    });

    test('Webhook: a secret the endpoint does not share (its signature check answers 401)', async () => {
      const receiver = await started(new WebhookReceiver(newWebhookSecret()));
      const saved = await h.saveDestination<{ id: string }>({
        name: 'hook',
        type: 'webhook',
        url: receiver.endpoint,
        secret: newWebhookSecret(),
      });
      await expectStopped(saved.id, /refused the request with 401: .*signature/, receiver);
    });
  });

  test('410 Gone disables the destination', async () => {
    const receiver = await started(new WebhookReceiver(newWebhookSecret()));
    receiver.answer({ status: 410, body: 'gone' }, 100);
    const { id } = await webhook(receiver);
    await h.cycle();
    expect(await h.status(id)).toMatchObject({
      status: 'disabled',
      lastError: expect.stringContaining('410'),
    });
    h.advance(60);
    expect(runOf(await h.cycle(), id)).toMatchObject({ outcome: 'inactive' });
    expect(receiver.log).toHaveLength(1);
  });

  test('Sentinel: a token the API no longer accepts is replaced once, without failing the run', async () => {
    const app = {
      tenantId: 't2',
      clientId: 'c2',
      clientSecret: 's2',
      dcrImmutableId: `dcr-${'c'.repeat(32)}`,
      streamName: 'Custom-AuditTrail_CL',
    };
    const receiver = await started(new AzureLogsReceiver(app));
    const options = {
      tenantId: 't2',
      clientId: 'c2',
      dcrImmutableId: app.dcrImmutableId,
      streamName: app.streamName,
      tokenUrl: receiver.tokenUrl,
    };
    const { id } = await h.saveDestination<{ id: string }>({
      name: 'az',
      type: 'sentinel',
      url: receiver.url,
      secret: 's2',
      options,
    });
    await h.cycle();
    expect(receiver.tokensIssued).toHaveLength(1);
    await h.addActivity(30);
    receiver.expireTokens();
    expect(runOf(await h.cycle(), id)).toMatchObject({ outcome: 'caught-up' });
    expect(receiver.tokensIssued).toHaveLength(2);
    expect(receiver.count(401)).toBe(1);
    const sealed = await readSealed(h.sandbox.opened.store, 0, 100_000);
    expect(idsOf(receiver)).toEqual(sealed.map((r) => r.id));
    sealedIds = sealed.map((r) => r.id);
  });
});

describe('timeouts (the receiver answers later than the run can wait)', () => {
  const [engine] = testEngines;
  test('a request that times out is retried in a later run, and nothing is lost', async () => {
    // A 6-second function: its run budget is 3 s, so a request waits at most that long.
    const h = await ForwardHarness.start(engine!, { functionTimeoutMs: 6000 });
    const receiver = await new WebhookReceiver(newWebhookSecret()).start();
    try {
      await h.addActivity(80);
      receiver.delay(8000, 1);
      const { id } = await h.saveDestination<{ id: string }>({
        name: 'slow',
        type: 'webhook',
        url: receiver.endpoint,
        secret: receiver.secret,
      });
      const first = await h.cycle();
      expect(first.destinations.find((d) => d.id === id)).toMatchObject({
        outcome: 'failed',
        reason: expect.stringMatching(/no answer within \d s/),
      });
      h.advance(5);
      await h.cycle();
      const sealed = await readSealed(h.sandbox.opened.store, 0, 100_000);
      expect(receiver.documents().map((d) => identify(d).id)).toEqual(sealed.map((r) => r.id));
    } finally {
      await receiver.stop();
      await h.close();
      await engine!.dropAll();
    }
  }, 60_000);
});
