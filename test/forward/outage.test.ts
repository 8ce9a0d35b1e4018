import type { AddressInfo } from 'node:net';
import { createSandboxServer } from '../../dev/server';
import { requiredFloor } from '../../src/retention/required-floor';
import { readSealed } from '../../src/seal/read-sealed';
import { verifyChain } from '../../src/seal/verify-chain';
import { testEngines } from '../support/engines';
import { ElasticReceiver, SplunkHecReceiver, WebhookReceiver } from '../support/receivers';
import { ForwardHarness, identify, isAlert, newWebhookSecret, type StatusItem } from './forward-harness';

const HEC_TOKEN = '11111111-2222-3333-4444-555555555555';
const ES_KEY = Buffer.from('id:key').toString('base64');

describe.each(testEngines)('an outage across several seal cycles on $name', (engine) => {
  test('receivers down for six scheduled runs, then back: nothing lost, in seq order, duplicates only where an answer was lost', async () => {
    const h = await ForwardHarness.start(engine);
    const hook = await new WebhookReceiver(newWebhookSecret()).start();
    const hec = await new SplunkHecReceiver(HEC_TOKEN).start();
    const es = await new ElasticReceiver(ES_KEY).start();
    const server = createSandboxServer(h.sandbox).listen(0, '127.0.0.1');
    try {
      const destinations = {
        hook: await h.saveDestination<{ id: string }>({
          name: 'hook',
          type: 'webhook',
          url: hook.endpoint,
          secret: hook.secret,
          required: true,
        }),
        hec: await h.saveDestination<{ id: string }>({
          name: 'splunk',
          type: 'splunk',
          url: hec.url,
          secret: HEC_TOKEN,
          format: 'ocsf',
        }),
        es: await h.saveDestination<{ id: string }>({
          name: 'elastic',
          type: 'elastic',
          url: es.url,
          secret: ES_KEY,
          format: 'ecs',
        }),
      };
      await h.addActivity(150);
      // The first run through the sandbox's HTTP contract, as `curl -X POST …/api/scheduled/seal-and-forward` does.
      await new Promise((resolve) => server.once('listening', resolve).listening && resolve(undefined));
      const port = (server.address() as AddressInfo).port;
      const answer = await fetch(`http://127.0.0.1:${port}/api/scheduled/seal-and-forward`, {
        method: 'POST',
      });
      expect(answer.status).toBe(200);
      const first = (await answer.json()) as { result: { headSeq: number } };
      expect(first.result.headSeq).toBeGreaterThan(0);
      expect(hook.documents()).toHaveLength(first.result.headSeq);

      await Promise.all([hook.down(), hec.down(), es.down()]);
      const during: StatusItem[] = [];
      let storedDuring = 0;
      for (let run = 0; run < 6; run += 1) {
        storedDuring += await h.addActivity(100);
        h.advance(5);
        await h.cycle();
        during.push(await h.status(destinations.hook.id));
      }
      // Meanwhile the cursor waits, the lag grows in records and minutes, and the reason is shown.
      expect(during.every((s) => s.cursorSeq === first.result.headSeq)).toBe(true);
      expect(during.map((s) => s.lagRecords)).toEqual(
        [...during.map((s) => s.lagRecords)].sort((a, b) => a - b),
      );
      // Every record stored during the outage waits (the synthetic batches repeat some natural ids, such
      // as a comment's, which collapse into one record as re-deliveries do).
      expect(during.at(-1)!.lagRecords).toBeGreaterThanOrEqual(storedDuring);
      expect(storedDuring).toBeGreaterThan(150);
      expect(during.at(-1)!.lagMinutes).toBeGreaterThanOrEqual(25);
      expect(during.at(-1)!.lastError).toContain('connection was refused');
      // Retention may not delete what the required destination has not received.
      expect(await requiredFloor(h.sandbox.opened.store)).toMatchObject({
        seq: first.result.headSeq,
        destinationId: destinations.hook.id,
      });

      await Promise.all([hook.up(), hec.up(), es.up()]);
      hook.loseAnswers(1); // the webhook gets a batch but its answer is lost: it will come again
      es.loseAnswers(1);
      let runs = 0;
      for (; runs < 30; runs += 1) {
        h.advance(5);
        await h.cycle();
        const statuses = await Promise.all(Object.values(destinations).map((d) => h.status(d.id)));
        if (statuses.every((s) => s.lagRecords === 0)) break;
      }
      expect(runs).toBeLessThan(30);

      const sealed = await readSealed(h.sandbox.opened.store, 0, 100_000);
      const ids = sealed.map((r) => r.id);
      // Zero loss, and order by seq: each receiver's arrivals, duplicates aside, are exactly seq 1…head.
      // Alerts raised by detections on the same activity go to the destinations too; records are compared here.
      const webhookDocs = hook.documents().filter((d) => !isAlert(d));
      expect(webhookDocs.map((d) => identify(d).id)).toEqual(ids);
      expect(hook.duplicates).toBe(1);
      expect(verifyChain(webhookDocs, { after: { seq: 0 } })).toMatchObject({
        ok: true,
        checked: ids.length,
      });
      expect(
        hec
          .documents()
          .filter((d) => !isAlert(d))
          .map((d) => identify(d).id),
      ).toEqual(ids);
      expect(
        hec
          .documents()
          .filter((d) => !isAlert(d))
          .map((d) => identify(d).seq),
      ).toEqual(sealed.map((r) => r.seq));
      expect(
        es
          .documents()
          .filter((d) => !isAlert(d))
          .map((d) => identify(d).id),
      ).toEqual(ids);
      expect(es.conflicts).toBeGreaterThan(0); // the re-sent batch, refused as already there
      expect(await requiredFloor(h.sandbox.opened.store)).toMatchObject({ seq: sealed.at(-1)!.seq });
    } finally {
      server.close();
      await Promise.all([hook.stop(), hec.stop(), es.stop()]);
      await h.close();
      await engine.dropAll();
    }
  }, 120_000);
});

describe('a run still behind at its deadline continues through the queue', () => {
  const [engine] = testEngines;
  test('one scheduled run, continued by queue consumers until the backlog is delivered', async () => {
    // 4-second functions (a 2 s budget each) and a receiver answering in 150 ms: ~60 requests need several runs.
    const h = await ForwardHarness.start(engine!, { functionTimeoutMs: 4000 });
    const hook = await new WebhookReceiver(newWebhookSecret()).start();
    try {
      await h.addActivity(700);
      hook.delay(150, 10_000);
      const { id } = await h.saveDestination<{ id: string }>({
        name: 'slow hook',
        type: 'webhook',
        url: hook.endpoint,
        secret: hook.secret,
        options: { maxBatchRecords: 5 },
      });
      const result = await h.cycle(); // waits for the queue to drain
      expect(result.continued).toBe(true);
      expect(h.sandbox.queue.runs).toBeGreaterThan(1);
      const sealed = await readSealed(h.sandbox.opened.store, 0, 100_000);
      expect(hook.documents().map((d) => identify(d).id)).toEqual(sealed.map((r) => r.id));
      expect(await h.status(id)).toMatchObject({ lagRecords: 0 });
    } finally {
      await hook.stop();
      await h.close();
      await engine!.dropAll();
    }
  }, 120_000);
});

describe('the egress budget: at most 100 requests per invocation-minute', () => {
  const [engine] = testEngines;
  test('a run that has spent it ends behind, and a fresh invocation from the queue carries on', async () => {
    const h = await ForwardHarness.start(engine!);
    const hook = await new WebhookReceiver(newWebhookSecret()).start();
    try {
      await h.addActivity(400);
      const { id } = await h.saveDestination<{ id: string }>({
        name: 'one record a request',
        type: 'webhook',
        url: hook.endpoint,
        secret: hook.secret,
        options: { maxBatchRecords: 1 },
      });
      const result = await h.cycle();
      expect(result.destinations.find((d) => d.id === id)).toMatchObject({
        outcome: 'behind',
        requests: 100,
      });
      expect(result.continued).toBe(true);
      const sealed = await readSealed(h.sandbox.opened.store, 0, 100_000);
      expect(sealed.length).toBeGreaterThan(100);
      expect(hook.documents().map((d) => identify(d).id)).toEqual(sealed.map((r) => r.id));
      expect(h.sandbox.queue.runs).toBe(Math.ceil(sealed.length / 100) - 1);
    } finally {
      await hook.stop();
      await h.close();
      await engine!.dropAll();
    }
  }, 120_000);
});
