import { Webhook } from 'standardwebhooks';
import { backoffMs } from '../../src/forward/delivery/backoff';
import { bodyOf, toBatches } from '../../src/forward/delivery/batches';
import {
  destinationInputSchema,
  passesFilter,
  type Destination,
  type DestinationType,
} from '../../src/forward/destinations/destination';
import { interpretStatus, retryAfterMs, type Answer, type Item } from '../../src/forward/destinations/driver';
import { DRIVERS } from '../../src/forward/destinations/drivers';
import { elasticAuthorization, interpretBulk } from '../../src/forward/destinations/elastic';
import { interpretHec } from '../../src/forward/destinations/splunk';
import { splitSumoUrl } from '../../src/forward/destinations/sumo';
import { isWebhookSecret, webhookMessageId } from '../../src/forward/destinations/webhook';
import { formatRecord } from '../../src/forward/formats';
import { deliveryLimits } from '../../src/limits';
import { readFixture } from '../fixtures';
import { parseConcatenated } from '../support/receivers';
import { newWebhookSecret } from './forward-harness';
import { sampleRecords } from './sample-records';

const records = sampleRecords();
const entra = DRIVERS.sentinel.authorization!;
const answer = (status: number, body = '', headers: Record<string, string> = {}): Answer => ({
  status,
  body,
  headers: new Headers(headers),
});

const OPTIONS: Record<DestinationType, Record<string, unknown>> = {
  webhook: {},
  splunk: { index: 'atlassian' },
  elastic: {},
  datadog: {},
  sentinel: {
    tenantId: 'contoso.onmicrosoft.com',
    clientId: '00000000-0000-0000-0000-000000000001',
    dcrImmutableId: `dcr-${'a'.repeat(32)}`,
    streamName: 'Custom-AuditTrail_CL',
  },
  sumo: {},
};

function destination(type: DestinationType, format: Destination['format'] = 'native'): Destination {
  return {
    id: `d-${type}`,
    name: type,
    type,
    url: 'https://siem.example.com',
    format,
    filter: {},
    options: OPTIONS[type],
    enabled: true,
    required: false,
  };
}

function items(count: number, format: Destination['format'] = 'native'): Item[] {
  return Array.from({ length: count }, (_, i) => {
    const record = { ...records[i % records.length]!, id: i.toString(16).padStart(32, '0'), seq: i + 1 };
    return { record, document: formatRecord(format, record) };
  });
}

describe('batches respect each destination type’s documented limits', () => {
  test.each(Object.keys(DRIVERS) as DestinationType[])('%s', (type) => {
    const driver = DRIVERS[type];
    const target = destination(type, 'ocsf');
    const all = items(3000, 'ocsf');
    const batches = toBatches(driver, target, {}, all);
    const { maxRecords, maxBytes } = driver.batching(target);
    expect(batches.flatMap((b) => b.items.map((i) => i.record.id))).toEqual(all.map((i) => i.record.id));
    for (const batch of batches) {
      expect(batch.items.length).toBeLessThanOrEqual(maxRecords);
      expect(Buffer.byteLength(bodyOf(driver, batch))).toBeLessThanOrEqual(maxBytes);
    }
    // Full: no two neighbouring batches could have been one request.
    for (let i = 1; i < batches.length; i += 1) {
      const joined = {
        items: [...batches[i - 1]!.items, batches[i]!.items[0]!],
        chunks: [...batches[i - 1]!.chunks, batches[i]!.chunks[0]!],
      };
      expect(joined.items.length > maxRecords || Buffer.byteLength(bodyOf(driver, joined)) > maxBytes).toBe(
        true,
      );
    }
  });

  test('the limits are the documented ones', () => {
    expect(DRIVERS.datadog.batching(destination('datadog'))).toEqual({
      maxRecords: 1000,
      maxBytes: 5_000_000,
    });
    expect(DRIVERS.sentinel.batching(destination('sentinel')).maxBytes).toBe(1_000_000);
    expect(DRIVERS.splunk.batching(destination('splunk')).maxBytes).toBe(1_000_000);
    expect(DRIVERS.sumo.batching(destination('sumo')).maxBytes).toBe(1_000_000);
    expect(DRIVERS.elastic.batching(destination('elastic'))).toEqual({
      maxRecords: 1000,
      maxBytes: 5 * 1024 * 1024,
    });
    expect(DRIVERS.webhook.batching(destination('webhook'))).toEqual({
      maxRecords: 1000,
      maxBytes: 1_000_000,
    });
    expect(
      DRIVERS.webhook.batching({ ...destination('webhook'), options: { maxBatchRecords: 7 } }).maxRecords,
    ).toBe(7);
  });

  test('a record too large for any request still goes, alone, for the receiver to refuse visibly', () => {
    const big = items(3);
    const huge = { ...big[1]!, document: { blob: 'x'.repeat(deliveryLimits.webhookRequestBytes + 10) } };
    const batches = toBatches(DRIVERS.webhook, destination('webhook'), {}, [big[0]!, huge, big[2]!]);
    expect(batches.map((b) => b.items.length)).toEqual([1, 1, 1]);
  });
});

describe('request bodies are what each receiver parses', () => {
  test('Splunk HEC: concatenated envelopes with the record’s own time, host, source, sourcetype and index', () => {
    const batch = toBatches(
      DRIVERS.splunk,
      destination('splunk', 'ocsf'),
      { cloudId: 'c-1' },
      items(3, 'ocsf'),
    )[0]!;
    const parsed = parseConcatenated(bodyOf(DRIVERS.splunk, batch));
    expect(parsed.error).toBeUndefined();
    expect(parsed.values).toHaveLength(3);
    expect(parsed.values[0]).toMatchObject({
      time: Date.parse(batch.items[0]!.record.time) / 1000,
      host: 'atlassian-c-1',
      source: `audit-trail:${batch.items[0]!.record.product}`,
      sourcetype: 'audit_trail:ocsf',
      index: 'atlassian',
      event: { class_uid: expect.any(Number) },
    });
  });

  test('Elastic: create actions with _id = record id, NDJSON ending in a newline, @timestamp on every document', () => {
    const batch = toBatches(DRIVERS.elastic, destination('elastic'), {}, items(2))[0]!;
    const body = bodyOf(DRIVERS.elastic, batch);
    expect(body.endsWith('\n')).toBe(true);
    const lines = body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({
      create: { _index: 'logs-audit_trail.activity-default', _id: batch.items[0]!.record.id },
    });
    expect(lines[1]).toMatchObject({
      '@timestamp': batch.items[0]!.record.time,
      id: batch.items[0]!.record.id,
    });
    expect(elasticAuthorization('aWQ6a2V5')).toBe('ApiKey aWQ6a2V5');
    expect(elasticAuthorization('elastic:changeme')).toBe(
      `Basic ${Buffer.from('elastic:changeme').toString('base64')}`,
    );
  });

  test('Datadog: a JSON array of log items, the record under `audit`, a summary as `message`', () => {
    const batch = toBatches(DRIVERS.datadog, destination('datadog', 'ecs'), {}, items(2, 'ecs'))[0]!;
    const body = JSON.parse(bodyOf(DRIVERS.datadog, batch)) as Record<string, unknown>[];
    expect(body[0]).toMatchObject({
      ddsource: 'audit-trail',
      service: 'audit-trail',
      message: expect.any(String),
      audit: { ecs: expect.any(Object) },
    });
    expect(String(body[0]!.ddtags)).toMatch(/^product:(jira|confluence),format:ecs$/);
    expect(Object.keys(body[0]!)).not.toContain('timestamp');
  });

  test('Sentinel: rows with the stream’s columns; the request goes to the DCR stream with api-version', () => {
    const target = destination('sentinel');
    const batch = toBatches(DRIVERS.sentinel, target, {}, items(1))[0]!;
    const rows = JSON.parse(bodyOf(DRIVERS.sentinel, batch)) as Record<string, unknown>[];
    expect(Object.keys(rows[0]!).sort()).toEqual(
      [
        'Action',
        'ActorId',
        'ActorType',
        'ContainerKey',
        'Event',
        'Message',
        'ObjectId',
        'ObjectType',
        'Product',
        'RecordId',
        'Seq',
        'TimeGenerated',
      ].sort(),
    );
    const request = DRIVERS.sentinel.request({
      destination: target,
      secret: 's',
      body: '[]',
      items: batch.items,
      token: 'tok',
      nowMs: 0,
    });
    expect(request.url).toBe(
      `https://siem.example.com/dataCollectionRules/dcr-${'a'.repeat(32)}/streams/Custom-AuditTrail_CL?api-version=2023-01-01`,
    );
    expect(request.headers.authorization).toBe('Bearer tok');
    const token = entra.tokenRequest(target, 'client-secret');
    expect(token.url).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token');
    expect(Object.fromEntries(new URLSearchParams(token.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: '00000000-0000-0000-0000-000000000001',
      client_secret: 'client-secret',
      scope: 'https://monitor.azure.com//.default',
    });
  });

  test('Sumo Logic: one record per line to the source URL with its secret code; metadata headers', () => {
    const target = {
      ...destination('sumo'),
      url: 'https://endpoint4.collection.sumologic.com/receiver/v1/http',
    };
    const batch = toBatches(DRIVERS.sumo, target, {}, items(3))[0]!;
    expect(
      bodyOf(DRIVERS.sumo, batch)
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: string }).id),
    ).toEqual(batch.items.map((i) => i.record.id));
    const request = DRIVERS.sumo.request({
      destination: target,
      secret: 'ZaVnC4dhaV3_code==',
      body: '',
      items: [],
      nowMs: 0,
    });
    expect(request.url).toBe(
      'https://endpoint4.collection.sumologic.com/receiver/v1/http/ZaVnC4dhaV3_code%3D%3D',
    );
    expect(request.headers['x-sumo-category']).toBe('atlassian/audit-trail');
    expect(
      splitSumoUrl('https://endpoint4.collection.sumologic.com/receiver/v1/http/ZaVnC4dhaV3_code=='),
    ).toEqual({
      base: 'https://endpoint4.collection.sumologic.com/receiver/v1/http',
      code: 'ZaVnC4dhaV3_code==',
    });
    expect(splitSumoUrl('https://example.com/other')).toBeNull();
  });

  test('Webhook: signed per Standard Webhooks (verified by the reference library); webhook-id stable per batch', () => {
    const secret = newWebhookSecret();
    const target = destination('webhook');
    const batch = toBatches(DRIVERS.webhook, target, {}, items(4))[0]!;
    const body = bodyOf(DRIVERS.webhook, batch);
    const request = DRIVERS.webhook.request({
      destination: target,
      secret,
      body,
      items: batch.items,
      nowMs: Date.now(),
    });
    expect(new Webhook(secret).verify(body, request.headers as Record<string, string>)).toHaveLength(4);
    expect(() =>
      new Webhook(newWebhookSecret()).verify(body, request.headers as Record<string, string>),
    ).toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, request.headers as Record<string, string>)).toThrow();
    const later = DRIVERS.webhook.request({
      destination: target,
      secret,
      body,
      items: batch.items,
      nowMs: Date.now() + 60_000,
    });
    expect(later.headers['webhook-id']).toBe(request.headers['webhook-id']);
    expect(later.headers['webhook-timestamp']).not.toBe(request.headers['webhook-timestamp']);
    expect(webhookMessageId(target, batch.items.slice(1))).not.toBe(request.headers['webhook-id']);
    expect(request.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(isWebhookSecret(secret)).toBe(true);
    expect(isWebhookSecret('whsec_c2hvcnQ=')).toBe(false);
    expect(isWebhookSecret('not-a-secret')).toBe(false);
  });
});

describe('answers', () => {
  test.each([
    [200, 'delivered'],
    [202, 'delivered'],
    [204, 'delivered'],
    [301, 'stop'],
    [400, 'stop'],
    [401, 'stop'],
    [403, 'stop'],
    [404, 'stop'],
    [408, 'retry'],
    [410, 'disable'],
    [413, 'split'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [504, 'retry'],
  ])('HTTP %i means %s', (status, kind) => {
    expect(interpretStatus(answer(status, 'x'), 'The receiver').kind).toBe(kind);
  });

  test('Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs(answer(429, '', { 'retry-after': '7' }))).toBe(7000);
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(retryAfterMs(answer(503, '', { 'retry-after': 'Sun, 22 Nov 2026 10:02:00 GMT' }), now)).toBe(
      120_000,
    );
    expect(retryAfterMs(answer(503))).toBeUndefined();
    expect(interpretStatus(answer(429, '', { 'retry-after': '3' }), 'x')).toEqual({
      kind: 'retry',
      reason: 'x answered 429',
      retryAfterMs: 3000,
    });
  });

  test('Splunk HEC reply codes, including the recorded SC4S fixtures', () => {
    expect(interpretHec(answer(200, readFixture('sink-responses/splunk-hec-response.success.json')))).toEqual(
      { kind: 'delivered' },
    );
    const incorrectIndex = interpretHec(
      answer(400, readFixture('sink-responses/splunk-hec-response.incorrect-index.json')),
    );
    expect(incorrectIndex).toEqual({
      kind: 'stop',
      reason: 'Splunk HEC refused the request: Incorrect index (code 7, event 1 of the batch)',
    });
    expect(
      interpretHec(answer(503, '{"text":"Server is busy","code":9}', { 'retry-after': '5' })),
    ).toMatchObject({ kind: 'retry', retryAfterMs: 5000 });
    expect(interpretHec(answer(500, '{"text":"Internal server error","code":8}')).kind).toBe('retry');
    expect(interpretHec(answer(503, '{"text":"Server is unhealthy, queues are full","code":18}')).kind).toBe(
      'retry',
    );
    expect(interpretHec(answer(403, '{"text":"Invalid token","code":4}'))).toEqual({
      kind: 'stop',
      reason: 'Splunk HEC refused the request: the HEC token is invalid (code 4)',
    });
    expect(interpretHec(answer(403, '{"text":"Token disabled","code":1}')).kind).toBe('stop');
    expect(interpretHec(answer(401, '{"text":"Invalid authorization","code":3}')).kind).toBe('stop');
    expect(
      interpretHec(answer(400, '{"text":"Invalid data format","code":6,"invalid-event-number":2}')).kind,
    ).toBe('stop');
    expect(interpretHec(answer(413, '<html>too large</html>')).kind).toBe('split');
    expect(interpretHec(answer(502, '<html>bad gateway</html>')).kind).toBe('retry');
  });

  test('Elastic bulk items: 409 is delivered, 429 is retried alone, anything else stops with the reason', () => {
    const three = items(3);
    const bulk = (statuses: number[]) =>
      answer(
        200,
        JSON.stringify({
          errors: statuses.some((s) => s >= 300),
          items: statuses.map((status) => ({
            create: {
              status,
              ...(status >= 300
                ? {
                    error: {
                      type:
                        status === 429
                          ? 'es_rejected_execution_exception'
                          : 'version_conflict_engine_exception',
                      reason: 'r',
                    },
                  }
                : {}),
            },
          })),
        }),
      );
    expect(interpretBulk(bulk([201, 201, 201]), three)).toEqual({ kind: 'delivered' });
    expect(interpretBulk(bulk([201, 409, 409]), three)).toEqual({ kind: 'delivered' });
    expect(interpretBulk(bulk([429, 201, 429]), three)).toMatchObject({ kind: 'partial', retry: [0, 2] });
    expect(interpretBulk(bulk([201, 503, 201]), three)).toMatchObject({ kind: 'partial', retry: [1] });
    // Elastic's own example of a partial failure (update items that miss their document).
    const example = interpretBulk(
      answer(200, readFixture('sink-responses/elasticsearch-bulk-response.partial-failure.json')),
      three,
    );
    expect(example).toEqual({
      kind: 'stop',
      reason: `Elasticsearch refused document ${three[0]!.record.id} with 404 document_missing_exception: [5]: document missing`,
    });
    expect(interpretBulk(answer(429, '{}'), three).kind).toBe('retry');
    expect(interpretBulk(answer(401, '{"error":{"type":"security_exception"}}'), three).kind).toBe('stop');
    expect(interpretBulk(answer(200, '{"errors":true,"items":[]}'), three).kind).toBe('retry');
  });

  test('Microsoft Entra token answers', () => {
    expect(entra.interpretToken(answer(200, '{"access_token":"abc","expires_in":3599}'))).toEqual({
      kind: 'token',
      token: 'abc',
      expiresInMs: 3_599_000,
    });
    expect(
      entra.interpretToken(
        answer(
          401,
          '{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}',
        ),
      ),
    ).toEqual({
      kind: 'stop',
      reason:
        'Microsoft Entra refused the client credentials (401): invalid_client: AADSTS7000215: Invalid client secret provided.',
    });
    expect(entra.interpretToken(answer(503, '')).kind).toBe('retry');
  });
});

describe('backoff', () => {
  test('full jitter: uniformly between 0 and base·2^attempt, capped; Retry-After is a floor', () => {
    expect(backoffMs(0, undefined, () => 0.999, 1000, 60_000)).toBe(999);
    expect(backoffMs(3, undefined, () => 0.5, 1000, 60_000)).toBe(4000);
    expect(backoffMs(20, undefined, () => 0.999, 1000, 60_000)).toBe(59_940);
    expect(backoffMs(0, undefined, () => 0, 1000, 60_000)).toBe(0);
    expect(backoffMs(0, 30_000, () => 0.1, 1000, 60_000)).toBe(30_000);
    const samples = Array.from({ length: 2000 }, () => backoffMs(4, undefined, Math.random, 1000, 60_000));
    expect(Math.max(...samples)).toBeLessThan(16_000);
    expect(Math.min(...samples)).toBeLessThan(1000);
  });
});

describe('destination settings', () => {
  const base = { name: 'SIEM', secret: 'token-1234567890' };
  test.each([
    [{ type: 'splunk', url: 'http://siem.example.com:8088' }, 'url'],
    [{ type: 'splunk', url: 'https://user:pass@siem.example.com' }, 'url'],
    [{ type: 'splunk', url: 'not a url' }, 'url'],
    [{ type: 'splunk', url: 'https://siem.example.com', options: { indx: 'main' } }, 'options'],
    [{ type: 'elastic', url: 'https://es.example.com', options: { index: 'Bad Index' } }, 'options.index'],
    [
      {
        type: 'sentinel',
        url: 'https://dce.ingest.monitor.azure.com',
        options: { clientId: 'x', dcrImmutableId: `dcr-${'a'.repeat(32)}`, streamName: 'Custom-X_CL' },
      },
      'options.tenantId',
    ],
    [{ type: 'syslog', url: 'https://siem.example.com' }, 'type'],
    [{ type: 'webhook', url: 'https://hooks.example.com', format: 'cef' }, 'format'],
    [
      { type: 'webhook', url: 'https://hooks.example.com', filter: { products: ['bitbucket'] } },
      'filter.products.0',
    ],
    [{ type: 'webhook', url: 'https://hooks.example.com', filter: { text: 'x' } }, 'filter'],
  ])('%j is refused at %s', (input, field) => {
    const parsed = destinationInputSchema.safeParse({ ...base, ...input });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path.join('.')).toBe(field);
  });

  test('http is accepted only to this machine (the sandbox’s receivers); defaults fill the rest', () => {
    for (const url of [
      'http://localhost:9000/hook',
      'http://127.0.0.1:9000',
      'http://[::1]:9000',
      'https://siem.example.com',
    ]) {
      expect(destinationInputSchema.safeParse({ ...base, type: 'webhook', url }).success).toBe(true);
    }
    expect(
      destinationInputSchema.parse({
        ...base,
        type: 'datadog',
        url: 'https://http-intake.logs.datadoghq.eu',
      }),
    ).toMatchObject({
      format: 'native',
      filter: {},
      enabled: true,
      required: false,
      options: {},
    });
  });

  test('a destination’s filter takes products and actions, `<object>.*` for every verb', () => {
    const record = { product: 'jira', action: 'issue.updated' };
    expect(passesFilter({}, record)).toBe(true);
    expect(passesFilter({ products: ['confluence'] }, record)).toBe(false);
    expect(passesFilter({ products: ['jira'], actions: ['issue.*'] }, record)).toBe(true);
    expect(passesFilter({ actions: ['issue.created', 'page.*'] }, record)).toBe(false);
    expect(passesFilter({ actions: ['issue'] }, record)).toBe(false);
  });
});
