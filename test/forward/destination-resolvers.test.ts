import { kvs } from '@forge/kvs';
import { testEngines } from '../support/engines';
import { json, SplunkHecReceiver, SumoReceiver, WebhookReceiver } from '../support/receivers';
import { saveDestination } from '../../src/forward/destination-store';
import { ForwardHarness, newWebhookSecret } from './forward-harness';

interface View {
  id: string;
  name: string;
  type: string;
  url: string;
  secret: string | null;
  format: string;
  filter: object;
  options: object;
  enabled: boolean;
  required: boolean;
}
type Refusal = { error: { code: string; message: string; field?: string } };

describe.each(testEngines)('destinations.* resolvers on $name', (engine) => {
  let h: ForwardHarness;
  let outsider: string;
  const receivers: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    h = await ForwardHarness.start(engine);
    outsider = h.sandbox.site.users.find(
      (u) => u.accountType === 'atlassian' && !h.sandbox.admins.has(u.accountId),
    )!.accountId;
    await h.addActivity(60);
    await h.cycle();
  });
  afterAll(async () => {
    for (const r of receivers) await r.stop();
    await h.close();
    await engine.dropAll();
  });

  test('the credential is kept as a KVS secret and never sent back: list, save and status show it masked', async () => {
    const secret = newWebhookSecret();
    const saved = await h.invoke<View>('destinations.save', {
      name: 'SOC webhook',
      type: 'webhook',
      url: 'https://hooks.example.com/audit',
      secret,
      required: true,
    });
    expect(saved).toMatchObject({
      name: 'SOC webhook',
      type: 'webhook',
      format: 'native',
      enabled: true,
      required: true,
      secret: `••••${secret.slice(-4)}`,
    });
    expect(await kvs.getSecret(`destination:${saved.id}`)).toBe(secret);
    const list = await h.invoke<{ items: View[] }>('destinations.list');
    const status = await h.invoke('destinations.status');
    for (const answer of [saved, list, status])
      expect(JSON.stringify(answer)).not.toContain(secret.slice(6, 30));
    expect(list.items.find((d) => d.id === saved.id)?.secret).toBe(saved.secret);

    // Saving without the secret, or with the masked value the page shows, keeps it; a new one replaces it.
    await h.invoke('destinations.save', { ...saved, name: 'Renamed', secret: undefined });
    await h.invoke('destinations.save', { ...saved, secret: saved.secret });
    expect(await kvs.getSecret(`destination:${saved.id}`)).toBe(secret);
    const next = newWebhookSecret();
    await h.invoke('destinations.save', { ...saved, secret: next });
    expect(await kvs.getSecret(`destination:${saved.id}`)).toBe(next);

    expect(await h.invoke('destinations.delete', { id: saved.id })).toEqual({ deleted: true });
    expect(await kvs.getSecret(`destination:${saved.id}`)).toBeUndefined();
    expect((await h.invoke<{ items: View[] }>('destinations.list')).items.map((d) => d.id)).not.toContain(
      saved.id,
    );
  });

  test.each([
    [{ type: 'webhook', url: 'https://hooks.example.com', secret: 'plain-text-secret' }, 'secret', /whsec_/],
    [{ type: 'webhook', url: 'http://hooks.example.com', secret: newWebhookSecret() }, 'url', /https/],
    [
      { type: 'splunk', url: 'https://splunk.example.com:8088' },
      'secret',
      /required for a splunk destination/,
    ],
    [
      { type: 'splunk', url: 'https://splunk.example.com:8088', secret: 'has spaces in it' },
      'secret',
      /without spaces/,
    ],
    [{ type: 'sumo', url: 'https://collectors.sumologic.com/some/other/path' }, 'url', /HTTP source URL/],
    // A code whose percent-escapes do not decode once threw a URIError: a 500.
    [
      { type: 'sumo', url: 'https://collectors.sumologic.com/receiver/v1/http/ZaVn%E0%A4%A' },
      'url',
      /HTTP source URL/,
    ],
    [
      {
        type: 'sentinel',
        url: 'https://dce.ingest.monitor.azure.com',
        secret: 's',
        options: { tenantId: 't', clientId: 'c', dcrImmutableId: 'dcr-x', streamName: 'Custom-A_CL' },
      },
      'options.dcrImmutableId',
      /immutable id/,
    ],
    [
      {
        type: 'sentinel',
        url: 'https://dce.ingest.monitor.azure.com',
        secret: 's',
        options: {
          tenantId: 't',
          clientId: 'c',
          dcrImmutableId: `dcr-${'a'.repeat(32)}`,
          streamName: 'Custom-A_CL',
          tokenUrl: 'http://login.example.com',
        },
      },
      'options.tokenUrl',
      /https/,
    ],
    // A credential in the query string would be stored as the URL and shown back by destinations.list.
    [
      {
        type: 'datadog',
        url: 'https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=0123456789abcdef',
        secret: 'k',
      },
      'url',
      /credential in its query string \(dd-api-key\): put it in the secret field/,
    ],
    [
      {
        type: 'webhook',
        url: 'https://hooks.example.com/audit?x=1&Access_Token=abc',
        secret: newWebhookSecret(),
      },
      'url',
      /credential in its query string \(Access_Token\)/,
    ],
    [
      { type: 'splunk', url: 'https://splunk.example.com:8088?token=abc', secret: 's' },
      'url',
      /credential in its query string \(token\)/,
    ],
    // Control and text-direction characters would hide or reorder what the admin page shows.
    [
      { type: 'webhook', url: 'https://hooks.example.com', secret: newWebhookSecret(), name: 'SOC\u0000' },
      'name',
      /control or text-direction/,
    ],
    [
      { type: 'webhook', url: 'https://hooks.example.com', secret: newWebhookSecret(), name: 'SOC\u202Egpj' },
      'name',
      /control or text-direction/,
    ],
  ])('%j is refused, naming %s', async (input, field, message) => {
    const answer = await h.invoke<Refusal>('destinations.save', { name: 'x', ...input });
    expect(answer.error).toMatchObject({ code: 'BAD_REQUEST', field });
    expect(answer.error.message).toMatch(message);
  });

  test('a destination stored with a credential in its URL before saving refused it never shows it', async () => {
    const destination = {
      id: 'd-legacy',
      name: 'legacy Datadog',
      type: 'datadog' as const,
      url: 'https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=0123456789abcdef&ddsource=x',
      format: 'native' as const,
      filter: {},
      options: {},
      enabled: false,
      required: false,
    };
    await saveDestination(h.sandbox.opened.store, destination, Date.now());
    const listed = (await h.invoke<{ items: View[] }>('destinations.list')).items.find(
      (d) => d.id === 'd-legacy',
    );
    expect(listed?.url).toBe(
      `https://http-intake.logs.datadoghq.com/api/v2/logs?dd-api-key=${encodeURIComponent('••••')}&ddsource=x`,
    );
    expect(JSON.stringify(listed)).not.toContain('0123456789abcdef');
    await h.invoke('destinations.delete', { id: 'd-legacy' });
  });

  test('unknown ids are NOT_FOUND for save, delete and test', async () => {
    for (const [key, payload] of [
      [
        'destinations.save',
        {
          id: 'd-nope',
          name: 'x',
          type: 'webhook',
          url: 'https://h.example.com',
          secret: newWebhookSecret(),
        },
      ],
      ['destinations.delete', { id: 'd-nope' }],
      ['destinations.test', { id: 'd-nope' }],
    ] as const) {
      expect(await h.invoke(key, payload)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  test('a pasted Sumo Logic source URL: its secret last segment becomes the credential', async () => {
    const receiver = await new SumoReceiver('ZaVnC4dhaV2ohMI0xbYlX0Gv3ssSC3eXf9Qc8kE8VjS1Q==').start();
    receivers.push(receiver);
    const saved = await h.invoke<View>('destinations.save', {
      name: 'Sumo',
      type: 'sumo',
      url: receiver.sourceUrl,
    });
    expect(saved.url).toBe(`${receiver.url}/receiver/v1/http`);
    expect(saved.secret).toBe('••••1Q==');
    expect(JSON.stringify(saved)).not.toContain('ZaVnC4dhaV2oh');
    const test = await h.invoke<{ ok: boolean }>('destinations.test', { id: saved.id });
    expect(test.ok).toBe(true);
    expect(receiver.documents()).toHaveLength(1);
    await h.invoke('destinations.delete', { id: saved.id });
  });

  test('"send test event" delivers one synthetic record now, answers the outcome, and moves no cursor', async () => {
    const receiver = await new WebhookReceiver(newWebhookSecret()).start();
    receivers.push(receiver);
    const saved = await h.invoke<View>('destinations.save', {
      name: 'hook',
      type: 'webhook',
      url: receiver.endpoint,
      secret: receiver.secret,
      enabled: false,
    });
    const ok = await h.invoke<{ ok: boolean; outcome: string; message: string; recordId: string }>(
      'destinations.test',
      { id: saved.id },
    );
    expect(ok).toMatchObject({
      ok: true,
      outcome: 'delivered',
      message: expect.stringMatching(/^Delivered in \d+ ms\.$/),
    });
    expect(receiver.documents()).toEqual([
      expect.objectContaining({
        id: ok.recordId,
        action: 'test_event.sent',
        actor: { accountId: h.sandbox.defaultAccountId, type: 'user' },
      }),
    ]);
    receiver.answer(json(401, { error: 'bad signature' }));
    const refused = await h.invoke<{ ok: boolean; outcome: string; message: string }>('destinations.test', {
      id: saved.id,
    });
    expect(refused).toMatchObject({ ok: false, outcome: 'stop', message: expect.stringContaining('401') });
    const status = await h.status(saved.id);
    expect(status).toMatchObject({ status: 'active', cursorSeq: 0, lastError: null });
    // A disabled destination: the lag is everything sealed, in records and in minutes since the oldest waits.
    expect(status.lagRecords).toBe(status.headSeq);
    h.advance(90);
    expect((await h.status(saved.id)).lagMinutes).toBeGreaterThanOrEqual(90);
    await h.invoke('destinations.delete', { id: saved.id });
  });

  test('a SIEM that echoes the request: the secret is scrubbed from the test answer and from last_error', async () => {
    const token = 'b7e2c0de-5eed-4a11-9c3a-0123456789ab';
    const receiver = await new SplunkHecReceiver(token).start();
    receivers.push(receiver);
    const saved = await h.invoke<View>('destinations.save', {
      name: 'echoing Splunk',
      type: 'splunk',
      url: receiver.url,
      secret: token,
    });
    const echo = {
      status: 400,
      headers: { 'content-type': 'text/plain' },
      body: `bad request; you sent Authorization: Splunk ${token} (${encodeURIComponent(token)}, ${Buffer.from(token).toString('base64')})`,
    };
    receiver.answer(echo);
    const refused = await h.invoke<{ ok: boolean; message: string }>('destinations.test', { id: saved.id });
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('you sent Authorization: [secret]');
    expect(refused.message).not.toContain(token.slice(0, 13));
    expect(refused.message).not.toContain(Buffer.from(token).toString('base64').slice(0, 12));

    receiver.answer(echo, 50);
    await h.cycle();
    const status = await h.status(saved.id);
    expect(status.lastError).toContain('you sent Authorization: [secret]');
    expect(JSON.stringify(await h.invoke('destinations.status'))).not.toContain(token.slice(0, 13));
    await h.invoke('destinations.delete', { id: saved.id });
  });

  test('every destinations.* resolver refuses someone who is not an admin, and the Confluence admin page works too', async () => {
    for (const key of [
      'destinations.list',
      'destinations.save',
      'destinations.delete',
      'destinations.test',
      'destinations.status',
    ]) {
      for (const page of ['jira:adminPage', 'confluence:globalSettings']) {
        expect(await h.sandbox.host.invoke(page, key, { id: 'd-x' }, outsider)).toMatchObject({
          error: { code: 'FORBIDDEN' },
        });
      }
    }
    expect(
      await h.sandbox.host.invoke(
        'confluence:globalSettings',
        'destinations.list',
        {},
        h.sandbox.defaultAccountId,
      ),
    ).toMatchObject({ items: [] });
  });
});
