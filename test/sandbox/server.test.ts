import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { samplePayload } from '../../dev/payloads';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { createSandboxServer, listenHost } from '../../dev/server';
import { fixturePath } from '../fixtures';
import { testEngines } from '../support/engines';

const FORGE_EVENTS = fixturePath('forge-events');
const forgeFixtures = ['confluence', 'jira-software'].flatMap((dir) =>
  readdirSync(join(FORGE_EVENTS, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(FORGE_EVENTS, dir, f), 'utf8')) as { eventType: string }),
);

describe.each(testEngines)('sandbox HTTP endpoints on $name', (engine) => {
  let sandbox: Sandbox;
  let server: Server;
  let base: string;
  const post = (path: string, body: unknown, type = 'application/json') =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    server = createSandboxServer(sandbox);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    await sandbox.close();
    await engine.dropAll();
  });

  test('it listens on this machine only unless HOST says otherwise', () => {
    expect(listenHost({})).toBe('127.0.0.1');
    expect(listenHost({ HOST: '' })).toBe('127.0.0.1');
    expect(listenHost({ HOST: '0.0.0.0' })).toBe('0.0.0.0');
  });

  test("people's avatars are drawn by the sandbox itself, not loaded from Atlassian's CDN", async () => {
    const person = sandbox.site.users.find((u) => u.active && u.accountType === 'atlassian')!;
    const answer = (await (
      await post('/api/invoke', { key: 'people.lookup', payload: { accountIds: [person.accountId] } })
    ).json()) as { people: Record<string, { displayName: string; avatarUrl?: string }> };
    const avatar = answer.people[person.accountId]?.avatarUrl;
    expect(avatar).toMatch(/^\/avatars\/initials\/[^/]+\.svg\?size=48$/);
    const image = await fetch(`${base}${avatar!}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    const initials = person.displayName
      .split(/\s+/)
      .map((w) => w[0] ?? '')
      .join('')
      .slice(0, 2)
      .toUpperCase();
    expect(await image.text()).toContain(`>${initials}</text>`);
  });

  test('GET /api/health reports the engine and an empty log', async () => {
    const health = await (await fetch(`${base}/api/health`)).json();
    expect(health).toEqual({ ok: true, engine: engine.name === 'sqlite' ? 'sqlite' : 'mysql', records: 0 });
  });

  test('POST /api/events stores every published Forge payload the manifest subscribes to, and health counts them', async () => {
    const response = await post('/api/events', forgeFixtures);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      summary: Record<string, number>;
      results: { status: string; eventType: string }[];
    };
    // performed:search is published but deliberately not subscribed (every search of every user).
    const notSubscribed = body.results.filter((r) => r.status === 'not_subscribed').map((r) => r.eventType);
    expect(notSubscribed).toEqual(['avi:confluence:performed:search']);
    expect(body.summary.stored).toBe(forgeFixtures.length - 1);
    const health = (await (await fetch(`${base}/api/health`)).json()) as { records: number };
    expect(health.records).toBe(forgeFixtures.length - 1);
  });

  test('NDJSON: a line that is not JSON is reported and the other lines are still delivered', async () => {
    const good = samplePayload('avi:jira:created:project');
    const ndjson = [JSON.stringify(good), '{"eventType": broken', JSON.stringify({ hello: 'world' })].join(
      '\n',
    );
    const body = (await (await post('/api/events', ndjson, 'application/x-ndjson')).json()) as {
      results: { index: number; status: string; reason?: string }[];
    };
    expect(body.results.map((r) => r.status)).toEqual(['stored', 'rejected', 'not_subscribed']);
    expect(body.results[1]?.reason).toMatch(/line 2 is not JSON/);
  });

  test('a body that is not JSON at all gets 400 naming the problem', async () => {
    const records = async () =>
      ((await (await fetch(`${base}/api/health`)).json()) as { records: number }).records;
    const before = await records();
    for (const text of ['hello', 'not json\n{still not']) {
      const response = await post('/api/events', text, 'application/x-ndjson');
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect([response.status, body.error.code]).toEqual([400, 'BAD_REQUEST']);
      expect(body.error.message).toMatch(/^The body is neither JSON nor NDJSON: line 1 is not JSON: \S/);
    }
    expect(await records()).toBe(before);
  });

  test('bad requests get specific errors', async () => {
    expect((await post('/api/events', '')).status).toBe(400);
    expect((await fetch(`${base}/api/events`)).status).toBe(405);
    expect((await post('/api/invoke', '{oops')).status).toBe(400);
    expect((await post('/api/invoke', { payload: {} })).status).toBe(400);
    const unknown = await post('/api/invoke', { key: 'no.such.resolver' });
    expect([unknown.status, await unknown.json()]).toEqual([
      404,
      { error: { code: 'NOT_FOUND', message: "No resolver 'no.such.resolver'" } },
    ]);
    expect((await post('/api/scheduled/nope', {})).status).toBe(404);
    expect((await fetch(`${base}/api/nothing`)).status).toBe(404);
  });

  test('POST /api/invoke answers with the resolver result, 400 for bad input and 403 for non-admins', async () => {
    const ok = await post('/api/invoke', { key: 'settings.update', payload: { views: { jira: true } } });
    expect([ok.status, ((await ok.json()) as { views: unknown }).views]).toEqual([
      200,
      { jira: true, confluence: false },
    ]);
    const bad = await post('/api/invoke', { key: 'settings.update', payload: { views: { jira: 1 } } });
    expect([bad.status, ((await bad.json()) as { error: { field: string } }).error.field]).toEqual([
      400,
      'views.jira',
    ]);
    const outsider = sandbox.site.users.find(
      (u) => u.accountType === 'atlassian' && !sandbox.admins.has(u.accountId),
    )!;
    const refused = await post('/api/invoke', {
      key: 'settings.get',
      accountId: outsider.accountId,
      product: 'confluence',
    });
    expect(refused.status).toBe(403);
    await post('/api/invoke', { key: 'settings.update', payload: { views: { jira: false } } });
  });

  test('POST /api/scheduled/schema runs the migrations trigger (nothing left to do after start-up)', async () => {
    const response = await post('/api/scheduled/schema', {});
    expect([response.status, await response.json()]).toEqual([
      200,
      { key: 'schema', result: { ran: [], parked: { replayed: 0, failed: 0, damaged: 0 } } },
    ]);
  });

  test('GET / and /confluence serve the admin page with the bridge stand-in', async () => {
    for (const [path, type] of [
      ['/', 'jira:adminPage'],
      ['/confluence', 'confluence:globalSettings'],
    ]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('__bridge');
      expect(html).toContain(type);
    }
  });
});
