import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifiedCheckpoint } from '../../src/seal/checkpoint';
import { isSealHeader } from '../../src/seal/export-header';
import { readSealed } from '../../src/seal/read-sealed';
import { readSealState } from '../../src/seal/seal-state';
import { keyFingerprint } from '../../src/seal/signing-key';
import { verifyFile } from '../../src/seal/verify-cli';
import { testEngines } from '../support/engines';
import {
  AzureLogsReceiver,
  DatadogReceiver,
  ElasticReceiver,
  SplunkHecReceiver,
  SumoReceiver,
  WebhookReceiver,
  type Receiver,
} from '../support/receivers';
import { carriedSeal, ForwardHarness, identify, newWebhookSecret } from './forward-harness';

type Documents = { documents(): Record<string, unknown>[] };

/** One destination of each type, against its local receiver, each in a different format. */
function setups() {
  const webhookSecret = newWebhookSecret();
  const hecToken = '11111111-2222-3333-4444-555555555555';
  const esKey = Buffer.from('VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw').toString('base64');
  const ddKey = randomBytes(16).toString('hex');
  const azure = {
    tenantId: 'contoso-tenant',
    clientId: '0a1b2c3d-0000-4000-8000-000000000001',
    clientSecret: 'Qe58Q~client.secret_value',
    dcrImmutableId: `dcr-${randomBytes(16).toString('hex')}`,
    streamName: 'Custom-AuditTrail_CL',
  };
  const sumoCode = `ZaVnC4dhaV${randomBytes(12).toString('base64url')}==`;
  return [
    {
      type: 'webhook',
      format: 'native',
      receiver: () => new WebhookReceiver(webhookSecret),
      input: (r: Receiver) => ({ url: (r as WebhookReceiver).endpoint, secret: webhookSecret }),
      gzip: false,
    },
    {
      type: 'splunk',
      format: 'ocsf',
      receiver: () => new SplunkHecReceiver(hecToken, { indexes: ['atlassian'] }),
      input: (r: Receiver) => ({ url: `${r.url}`, secret: hecToken, options: { index: 'atlassian' } }),
      gzip: false,
    },
    {
      type: 'elastic',
      format: 'ecs',
      receiver: () => new ElasticReceiver(esKey),
      input: (r: Receiver) => ({ url: r.url, secret: esKey }),
      gzip: true,
    },
    {
      type: 'datadog',
      format: 'atlassian',
      receiver: () => new DatadogReceiver(ddKey),
      input: (r: Receiver) => ({ url: `${r.url}/api/v2/logs`, secret: ddKey }),
      gzip: true,
    },
    {
      type: 'sentinel',
      format: 'ocsf',
      receiver: () => new AzureLogsReceiver(azure),
      input: (r: Receiver) => ({
        url: r.url,
        secret: azure.clientSecret,
        options: {
          tenantId: azure.tenantId,
          clientId: azure.clientId,
          dcrImmutableId: azure.dcrImmutableId,
          streamName: azure.streamName,
          tokenUrl: (r as AzureLogsReceiver).tokenUrl,
        },
      }),
      gzip: true,
    },
    {
      type: 'sumo',
      format: 'native',
      receiver: () => new SumoReceiver(sumoCode),
      input: (r: Receiver) => ({ url: (r as SumoReceiver).sourceUrl }),
      gzip: true,
    },
  ] as const;
}

describe.each(testEngines)(
  'each destination type receives every sealed record, in order, on $name',
  (engine) => {
    let h: ForwardHarness;

    beforeAll(async () => {
      h = await ForwardHarness.start(engine);
      await h.addActivity(400);
    });
    afterAll(async () => {
      await h.close();
      await engine.dropAll();
    });

    test.each(setups().map((s) => [s.type, s.format, s] as const))(
      '%s (%s)',
      async (_type, format, setup) => {
        const receiver = await setup.receiver().start();
        try {
          const saved = await h.saveDestination<{ id: string; secret: string }>({
            name: `${setup.type} test`,
            type: setup.type,
            format,
            ...setup.input(receiver),
          });
          const result = await h.cycle();
          expect(result.error).toBeUndefined();
          const run = result.destinations.find((d) => d.id === saved.id)!;
          expect(run).toMatchObject({ outcome: 'caught-up' });
          const sealed = await readSealed(h.sandbox.opened.store, 0, 100_000);
          expect(sealed.length).toBe(result.headSeq);
          expect(sealed.length).toBeGreaterThan(100);
          const docs = (receiver as unknown as Documents).documents();
          expect(docs.map((d) => identify(d).id)).toEqual(sealed.map((r) => r.id));
          if (format !== 'atlassian')
            expect(docs.map((d) => identify(d).seq)).toEqual(sealed.map((r) => r.seq));
          // Compression where the receiver accepts it; every request within the documented size.
          const posted = receiver.log.filter((entry) => !entry.path.endsWith('/oauth2/v2.0/token'));
          expect(posted.every((entry) => (entry.encoding === 'gzip') === setup.gzip)).toBe(true);
          expect(
            posted.every((entry) => entry.status === 200 || entry.status === 202 || entry.status === 204),
          ).toBe(true);
          // Sentinel asks Entra for a token once per run; `requests` counts the ingestion requests.
          expect(run.requests).toBe(posted.length);
          if (setup.type === 'sentinel') expect((receiver as AzureLogsReceiver).tokensIssued).toHaveLength(1);
          const status = await h.status(saved.id);
          expect(status).toMatchObject({
            status: 'active',
            lagRecords: 0,
            lagMinutes: 0,
            lastError: null,
            delivered: sealed.length,
          });
          expect(status.lastSuccessAt).not.toBeNull();
          // The run's first event carries the app's public key and a checkpoint signed with it, covering
          // every event of the run; the others do not repeat it.
          const publicKey = (await readSealState(h.sandbox.opened.store))!.publicKey!;
          const [first, ...rest] = docs;
          const header = carriedSeal(first!);
          expect(isSealHeader(header)).toBe(true);
          if (isSealHeader(header)) {
            expect(header).toMatchObject({ publicKey, fingerprint: keyFingerprint(publicKey) });
            const checkpoint = verifiedCheckpoint(header.checkpoint, publicKey);
            expect(checkpoint?.seq).toBeGreaterThanOrEqual(sealed[sealed.length - 1]!.seq);
          }
          expect(rest.filter((doc) => carriedSeal(doc) !== undefined)).toEqual([]);
          if (format === 'native') {
            // What reached the SIEM verifies as a chain, as an export does, with the key the events carry;
            // an event edited there is found.
            const dir = mkdtempSync(join(tmpdir(), 'audit-siem-'));
            try {
              const file = join(dir, 'siem.ndjson');
              writeFileSync(file, docs.map((d) => JSON.stringify(d)).join('\n'));
              expect(await verifyFile(file, { key: keyFingerprint(publicKey) })).toMatchObject({
                ok: true,
                checked: sealed.length,
              });
              const edited = docs.map((d) => (d.seq === 50 ? { ...d, action: 'issue.deleted' } : d));
              writeFileSync(file, edited.map((d) => JSON.stringify(d)).join('\n'));
              expect(await verifyFile(file)).toMatchObject({ ok: false, firstBadSeq: 50 });
            } finally {
              rmSync(dir, { recursive: true, force: true });
            }
          }
          // A second run has nothing to send.
          const again = await h.cycle();
          expect(again.destinations.find((d) => d.id === saved.id)).toMatchObject({
            outcome: 'caught-up',
            delivered: 0,
            requests: 0,
          });
          await h.invoke('destinations.delete', { id: saved.id });
        } finally {
          await receiver.stop();
        }
      },
    );

    test('a destination’s filter sends only its products and actions, and the cursor still passes the rest', async () => {
      const secret = newWebhookSecret();
      const receiver = await new WebhookReceiver(secret).start();
      try {
        const saved = await h.saveDestination<{ id: string }>({
          name: 'Confluence pages only',
          type: 'webhook',
          url: receiver.endpoint,
          secret,
          filter: { products: ['confluence'], actions: ['page.*'] },
        });
        const result = await h.cycle();
        const docs = receiver.documents() as { product: string; action: string }[];
        expect(docs.length).toBeGreaterThan(0);
        expect(docs.every((d) => d.product === 'confluence' && d.action.startsWith('page.'))).toBe(true);
        const sealed = await readSealed(h.sandbox.opened.store, 0, 100_000);
        expect(docs.length).toBe(
          sealed.filter((r) => r.product === 'confluence' && r.action.startsWith('page.')).length,
        );
        expect(await h.status(saved.id)).toMatchObject({ cursorSeq: result.headSeq, lagRecords: 0 });
        await h.invoke('destinations.delete', { id: saved.id });
      } finally {
        await receiver.stop();
      }
    });
  },
);
