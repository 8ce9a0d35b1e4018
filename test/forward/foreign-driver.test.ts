import { randomBytes } from 'node:crypto';
import { EgressBudget } from '../../src/forward/delivery/egress-budget';
import { readState, saveDestination } from '../../src/forward/destination-store';
import { clientCredentials } from '../../src/forward/destinations/client-credentials';
import type { Destination, DestinationType } from '../../src/forward/destinations/destination';
import { interpretStatus, type Driver } from '../../src/forward/destinations/driver';
import { egressOf } from '../../src/forward/egress/destination-egress';
import { forwardDestination } from '../../src/forward/forward-destination';
import { writeSecret } from '../../src/forward/secrets';
import { readSealed } from '../../src/seal/read-sealed';
import { sealPending } from '../../src/seal/seal-pending';
import { testEngines } from '../support/engines';
import { json, Receiver, type Reply } from '../support/receivers';
import type { ReceivedRequest } from '../support/receivers/receiver';
import { ForwardHarness } from './forward-harness';

const CLIENT_ID = 'acme-client';
const CLIENT_SECRET = 'acme-secret-0123456789';
const MAX_RECORDS = 7;

/**
 * A receiver no destination type is written for: `POST /token` trades the client credentials for a
 * bearer token; `POST /ingest` takes NDJSON lines of `{ "id" }` with that token, at most MAX_RECORDS.
 */
class AcmeReceiver extends Receiver {
  readonly batches: string[][] = [];
  readonly tokens: string[] = [];

  protected respond(request: ReceivedRequest): Reply {
    if (request.path === '/token') {
      const form = new URLSearchParams(request.body);
      if (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) {
        return json(401, { error: 'invalid_client', error_description: 'unknown client' });
      }
      const token = randomBytes(16).toString('hex');
      this.tokens.push(token);
      return json(200, { access_token: token, expires_in: 3600 });
    }
    if (request.path !== '/ingest') return json(404, { error: 'not found' });
    if (request.headers.authorization !== `Bearer ${this.tokens.at(-1)}`) return json(401, {});
    const ids = request.body
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id: string }).id);
    if (ids.length > MAX_RECORDS) return json(413, { error: 'too many records' });
    this.batches.push(ids);
    return { status: 200 };
  }
}

/**
 * A test-only driver: it declares batching, authorization (client credentials at a token URL taken from
 * its options) and the hosts it reaches. No shell code has heard of its type.
 */
const acmeDriver: Driver = {
  batching: () => ({ maxRecords: MAX_RECORDS, maxBytes: 1_000_000 }),
  hosts: (destination) => [new URL(destination.url).hostname, new URL(tokenUrlOf(destination)).hostname],
  authorization: clientCredentials({
    issuer: 'Acme ID',
    scope: 'ingest',
    tokenUrl: tokenUrlOf,
    clientId: () => CLIENT_ID,
  }),
  gzip: false,
  framing: { prefix: '', separator: '\n', suffix: '\n' },
  encode: (item) => JSON.stringify({ id: item.record.id }),
  request: ({ destination, token }) => ({
    url: `${destination.url}/ingest`,
    headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token ?? ''}` },
  }),
  interpret: (answer) => interpretStatus(answer, 'Acme'),
};

function tokenUrlOf(destination: Destination): string {
  return String(destination.options.tokenUrl);
}

const acme = (url: string, tokenUrl: string): Destination => ({
  id: 'd-acme',
  name: 'Acme',
  type: 'acme' as DestinationType,
  url,
  format: 'native',
  filter: {},
  options: { tokenUrl },
  enabled: true,
  required: false,
});

test('egress: the hosts come from the driver, whatever the type', () => {
  const destination = acme('https://ingest.acme.example', 'https://login.microsoftonline.com/t/token');
  expect(egressOf(destination, acmeDriver)).toEqual({
    allowedBy: 'admin',
    hosts: ['ingest.acme.example', 'login.microsoftonline.com'],
    group: 'siem-d-acme',
  });
});

describe.each(testEngines)('the delivery shell with a driver it has never heard of, on $name', (engine) => {
  let h: ForwardHarness;
  let receiver: AcmeReceiver;

  beforeAll(async () => {
    h = await ForwardHarness.start(engine);
    receiver = await new AcmeReceiver().start();
  });
  afterAll(async () => {
    await receiver.stop();
    await h.close();
    await engine.dropAll();
  });

  test('every sealed record arrives, in order, in batches of its size, with one token for the run', async () => {
    const store = h.sandbox.opened.store;
    await h.addActivity(40);
    const sealed = await sealPending(store, { deadlineMs: Date.now() + 60_000 });
    expect(sealed.sealed).toBeGreaterThan(MAX_RECORDS * 2);
    const destination = acme(receiver.url, `${receiver.url}/token`);
    await saveDestination(store, destination, Date.now());
    await writeSecret(destination.id, CLIENT_SECRET);

    const run = await forwardDestination({
      store,
      destination,
      driver: acmeDriver,
      deadlineMs: Date.now() + 60_000,
      egress: new EgressBudget(),
      owner: 'test-run',
      formatContext: {},
    });

    const ids = (await readSealed(store, 0, 100_000)).map((r) => r.id);
    expect(run).toMatchObject({ outcome: 'caught-up', delivered: ids.length, cursorSeq: sealed.headSeq });
    expect(receiver.batches.flat()).toEqual(ids);
    expect(receiver.batches.map((batch) => batch.length)).toEqual(
      receiver.batches.map((_, i) => Math.min(MAX_RECORDS, ids.length - i * MAX_RECORDS)),
    );
    expect(receiver.tokens).toHaveLength(1);
    expect(await readState(store, destination.id)).toMatchObject({
      cursorSeq: sealed.headSeq,
      status: 'active',
      lastError: null,
    });
  });
});
