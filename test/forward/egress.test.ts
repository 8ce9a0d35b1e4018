import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { deliveryLimits } from '../../src/limits';
import type { Destination } from '../../src/forward/destinations/destination';
import {
  DECLARED_EGRESS,
  DECLARED_PATTERNS,
  isDeclaredHost,
  matchesPattern,
} from '../../src/forward/egress/declared-egress';
import { egressOf } from '../../src/forward/egress/destination-egress';
import { channelsUpdateSchema } from '../../src/detect/channels';
import { testEngines } from '../support/engines';
import { ForwardHarness, newWebhookSecret } from './forward-harness';

interface Manifest {
  permissions: {
    external: { fetch: { backend: ({ address: string } | string)[] }; configurable: { enabled: boolean } };
  };
}

describe('declared egress: the SaaS SIEM hosts the manifest lets the app reach', () => {
  const manifest = parse(readFileSync(join(__dirname, '../../manifest.yml'), 'utf8')) as Manifest;

  test('the code knows exactly the patterns manifest.yml declares, in the address object form', () => {
    const backend = manifest.permissions.external.fetch.backend;
    expect(backend.every((entry) => typeof entry === 'object')).toBe(true);
    expect(backend.map((entry) => (entry as { address: string }).address)).toEqual(DECLARED_PATTERNS);
    // Self-hosted endpoints and webhooks still go through customer-managed egress.
    expect(manifest.permissions.external.configurable.enabled).toBe(true);
  });

  test.each([
    ['Splunk Cloud', 'https://http-inputs-acme.splunkcloud.com'],
    ['Splunk Cloud', 'https://http-inputs.acme.eu-west-2.splunkcloud.com:443'],
    ['Elastic Cloud', 'https://acme.es.us-east-1.aws.elastic-cloud.com'],
    ['Elastic Cloud', 'https://acme.es.eu-west-1.aws.found.io:9243'],
    ['Elastic Cloud', 'https://acme.es.europe-west3.gcp.cloud.es.io'],
    ['Datadog', 'https://http-intake.logs.datadoghq.com/api/v2/logs'],
    ['Datadog', 'https://http-intake.logs.datadoghq.eu'],
    ['Datadog', 'https://http-intake.logs.us5.datadoghq.com'],
    ['Datadog', 'https://HTTP-INTAKE.LOGS.AP1.DATADOGHQ.COM'],
    ['Datadog', 'https://http-intake.logs.ddog-gov.com'],
    ['Azure Monitor (Microsoft Sentinel)', 'https://audit-dcr-abcd.westeurope-1.ingest.monitor.azure.com'],
    ['Azure Monitor (Microsoft Sentinel)', 'https://login.microsoftonline.com/tenant/oauth2/v2.0/token'],
    ['Sumo Logic', 'https://endpoint4.collection.sumologic.com/receiver/v1/http/abc'],
    ['Sumo Logic', 'https://endpoint1.collection.us2.sumologic.com/receiver/v1/http/abc'],
    ['Sumo Logic', 'https://endpoint9.collection.eu.sumologic.com/receiver/v1/http/abc'],
    ['Slack (alert messages)', 'https://hooks.slack.com/services/T0001/B0001/abc'],
    ['Microsoft Teams (alert messages)', 'https://acme.webhook.office.com/webhookb2/g@t/IncomingWebhook/i/o'],
    [
      'Microsoft Teams (alert messages)',
      'https://prod-12.westeurope.logic.azure.com:443/workflows/f/triggers/manual/paths/invoke',
    ],
    [
      'Microsoft Teams (alert messages)',
      'https://0123abcd.4a.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/f',
    ],
  ])('%s: %s is declared', (vendor, url) => {
    const host = new URL(url).hostname;
    expect(isDeclaredHost(host)).toBe(true);
    const owner = DECLARED_EGRESS.find((v) => v.patterns.some((p) => matchesPattern(host, p)));
    expect(owner?.vendor).toBe(vendor);
  });

  test.each([
    'https://splunkcloud.com', // `*.` never covers the parent domain
    'https://evil-splunkcloud.com',
    'https://splunkcloud.com.attacker.example',
    'https://splunk.internal.example.com:8088', // self-hosted Splunk Enterprise
    'https://elastic.example.com:9200', // self-hosted Elasticsearch
    'https://datadoghq.com',
    'https://api.datadoghq.com', // Datadog's API, not its logs intake
    'https://ingest.monitor.azure.com',
    'https://collection.sumologic.com',
    'https://service.sumologic.com', // Sumo Logic's web app, not a collector
    'https://hooks.example.com/audit',
    'http://127.0.0.1:9000',
    'https://slack.com/api/chat.postMessage', // Slack's Web API, not its incoming webhooks
    'https://hooks.slack.com.attacker.example',
    'https://webhook.office.com',
    'https://logic.azure.com',
  ])('%s is not declared: it needs the admin’s approval', (url) => {
    expect(isDeclaredHost(new URL(url).hostname)).toBe(false);
  });

  const destination = (patch: Partial<Destination>): Destination => ({
    id: 'd-1',
    name: 'SIEM',
    type: 'splunk',
    url: 'https://http-inputs-acme.splunkcloud.com',
    format: 'native',
    filter: {},
    options: {},
    enabled: true,
    required: false,
    ...patch,
  });

  test('alert channels take only webhook URLs on the hosts declared for that chat, the credential in the URL included', () => {
    const accepts = (input: Record<string, string>) => channelsUpdateSchema.safeParse(input).success;
    const workflows =
      'https://prod-12.westeurope.logic.azure.com:443/workflows/f/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=abc';
    expect(accepts({ slackUrl: 'https://hooks.slack.com/services/T0001/B0001/abc' })).toBe(true);
    expect(accepts({ teamsUrl: workflows })).toBe(true);
    expect(accepts({ teamsUrl: 'https://acme.webhook.office.com/webhookb2/g@t/IncomingWebhook/i/o' })).toBe(
      true,
    );
    // The sandbox's local receivers; the resolver refuses them anywhere else.
    expect(accepts({ slackUrl: 'http://127.0.0.1:9000/services/T0/B0/x' })).toBe(true);
    expect(accepts({ slackUrl: '', teamsUrl: '••••abc' })).toBe(true);
    const refusal = (input: Record<string, string>) =>
      channelsUpdateSchema
        .safeParse(input)
        .error?.issues.map((i) => i.message)
        .join('; ');
    expect(refusal({ slackUrl: workflows })).toMatch(/must be an incoming webhook on hooks\.slack\.com/);
    expect(refusal({ teamsUrl: 'https://hooks.slack.com/services/T/B/x' })).toMatch(/webhook\.office\.com/);
    expect(refusal({ slackUrl: 'https://hooks.slack.com.attacker.example/services/x' })).toMatch(
      /incoming webhook/,
    );
    expect(refusal({ slackUrl: 'http://hooks.slack.com/services/T/B/x' })).toMatch(/must use https/);
    expect(refusal({ teamsUrl: 'not a url' })).toMatch(/must be a full URL/);
  });

  test('each driver declares the hosts it reaches; the plan names a group only for what the manifest lacks', () => {
    expect(egressOf(destination({}))).toEqual({
      allowedBy: 'app',
      hosts: ['http-inputs-acme.splunkcloud.com'],
    });
    expect(egressOf(destination({ url: 'https://splunk.corp.example:8088' }))).toEqual({
      allowedBy: 'admin',
      hosts: ['splunk.corp.example'],
      group: 'siem-d-1',
    });
    const sentinel = destination({
      type: 'sentinel',
      url: 'https://dcr-1.westeurope-1.ingest.monitor.azure.com',
      options: {
        tenantId: 't',
        clientId: 'c',
        dcrImmutableId: `dcr-${'a'.repeat(32)}`,
        streamName: 'Custom-A_CL',
      },
    });
    expect(egressOf(sentinel)).toEqual({
      allowedBy: 'app',
      hosts: ['dcr-1.westeurope-1.ingest.monitor.azure.com', 'login.microsoftonline.com'],
    });
    // A token endpoint of its own (an Azure sovereign cloud, say) is one more host to approve.
    expect(
      egressOf({ ...sentinel, options: { ...sentinel.options, tokenUrl: 'https://login.example.com/t' } }),
    ).toMatchObject({ allowedBy: 'admin', hosts: [expect.any(String), 'login.example.com'] });
    expect(egressOf(destination({ type: 'webhook', url: 'https://hooks.example.com/x' }))).toMatchObject({
      allowedBy: 'admin',
    });
  });
});

type Refusal = { error: { code: string; message: string; field?: string } };
interface Saved {
  id: string;
  egress: { allowedBy: 'app' | 'admin'; hosts: string[]; group?: string };
}

describe.each(testEngines)('destinations and egress groups on $name', (engine) => {
  let h: ForwardHarness;

  beforeAll(async () => {
    h = await ForwardHarness.start(engine);
  });
  afterAll(async () => {
    await h.close();
    await engine.dropAll();
  });

  const selfHosted = (n: number) => ({
    name: `Self-hosted ${n}`,
    type: 'splunk',
    url: `https://splunk-${n}.corp.example:8088`,
    secret: `hec-token-${n}`,
  });
  const saas = (n: number) => ({
    name: `Datadog ${n}`,
    type: 'datadog',
    url: 'https://http-intake.logs.datadoghq.eu/api/v2/logs',
    secret: `dd-key-${n}`,
  });

  test(`at most ${deliveryLimits.egressGroupsPerInstallation} self-hosted destinations; SaaS SIEMs are not counted`, async () => {
    const max = deliveryLimits.egressGroupsPerInstallation;
    expect(max).toBe(10);
    const saved: Saved[] = [];
    for (let n = 1; n <= max; n += 1) saved.push(await h.saveDestination<Saved>(selfHosted(n)));
    expect(saved[0]!.egress).toEqual({
      allowedBy: 'admin',
      hosts: ['splunk-1.corp.example'],
      group: `siem-${saved[0]!.id}`,
    });
    const list = await h.invoke<{ items: Saved[]; egressGroups: { used: number; max: number } }>(
      'destinations.list',
    );
    expect(list.egressGroups).toEqual({ used: max, max });

    const refused = await h.invoke<Refusal>('destinations.save', selfHosted(max + 1));
    expect(refused.error).toMatchObject({ code: 'BAD_REQUEST', field: 'url' });
    expect(refused.error.message).toMatch(/at most 10 customer-managed egress groups per installation/);
    // A webhook is self-hosted too.
    expect(
      await h.invoke('destinations.save', {
        name: 'hook',
        type: 'webhook',
        url: 'https://hooks.example.com/audit',
        secret: newWebhookSecret(),
      }),
    ).toMatchObject({ error: { field: 'url' } });
    // Moving a SaaS destination to a self-hosted URL is one more group, refused the same way.
    const cloud = await h.saveDestination<Saved>(saas(1));
    expect(cloud.egress).toEqual({ allowedBy: 'app', hosts: ['http-intake.logs.datadoghq.eu'] });
    expect(
      await h.invoke('destinations.save', { ...saas(1), id: cloud.id, url: 'https://dd-proxy.corp.example' }),
    ).toMatchObject({ error: { field: 'url' } });
    // Editing a self-hosted destination that already has its group is fine, even at the limit.
    expect(
      await h.saveDestination<Saved>({
        ...selfHosted(1),
        id: saved[0]!.id,
        url: 'https://splunk-1b.corp.example',
      }),
    ).toMatchObject({ egress: { hosts: ['splunk-1b.corp.example'], group: `siem-${saved[0]!.id}` } });

    // Deleting one makes room again.
    await h.invoke('destinations.delete', { id: saved[1]!.id });
    const again = await h.saveDestination<Saved>(selfHosted(max + 1));
    expect(again.egress.allowedBy).toBe('admin');
    for (const d of [...saved.slice(2), saved[0]!, again, cloud])
      await h.invoke('destinations.delete', { id: d.id });
  });

  test('localhost is accepted only in the sandbox: anywhere else (as Forge reports production) it is refused, naming the field', async () => {
    const hook = { name: 'local', type: 'webhook', secret: newWebhookSecret() };
    const local = await h.saveDestination<Saved>({ ...hook, url: 'http://127.0.0.1:9/hook' });
    expect(local.egress).toMatchObject({ allowedBy: 'admin', hosts: ['127.0.0.1'] });
    await h.invoke('destinations.delete', { id: local.id });

    const runtime = (
      globalThis as unknown as { __forge_runtime__: { appContext: { environmentType: string } } }
    ).__forge_runtime__.appContext;
    const sandboxType = runtime.environmentType;
    try {
      for (const environmentType of ['PRODUCTION', 'STAGING', 'DEVELOPMENT']) {
        runtime.environmentType = environmentType;
        for (const url of [
          'http://localhost:9000/hook',
          'http://127.0.0.1:9000',
          'http://[::1]:9000',
          'https://localhost/hook',
        ]) {
          const refused = await h.invoke<Refusal>('destinations.save', { ...hook, url });
          expect(refused.error).toMatchObject({ code: 'BAD_REQUEST', field: 'url' });
          expect(refused.error.message).toMatch(/localhost is accepted only in the local sandbox/);
        }
        const token = await h.invoke<Refusal>('destinations.save', {
          name: 'Sentinel',
          type: 'sentinel',
          url: 'https://dcr-1.westeurope-1.ingest.monitor.azure.com',
          secret: 'client-secret',
          options: {
            tenantId: 't',
            clientId: 'c',
            dcrImmutableId: `dcr-${'a'.repeat(32)}`,
            streamName: 'Custom-A_CL',
            tokenUrl: 'http://127.0.0.1:9/token',
          },
        });
        expect(token.error).toMatchObject({ code: 'BAD_REQUEST', field: 'options.tokenUrl' });
        const chat = await h.invoke<Refusal>('alerts.channels', {
          slackUrl: 'http://127.0.0.1:9/services/x',
        });
        expect(chat.error).toMatchObject({ code: 'BAD_REQUEST', field: 'slackUrl' });
        expect(chat.error.message).toMatch(/localhost is accepted only in the local sandbox/);
      }
    } finally {
      runtime.environmentType = sandboxType;
    }
    expect(sandboxType).toBe('SANDBOX');
  });
});
