import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { createSandboxServer } from '../../dev/server';
import { pullApi } from '../../src/pull-api/pull-api-trigger';
import { FAILED_AUTH_PER_MINUTE } from '../../src/pull-api/failed-auth-limit';
import { admitPullRequest, PULL_REQUESTS_PER_MINUTE } from '../../src/pull-api/pull-tokens';
import type { Store } from '../../src/store/database';
import { sealPending } from '../../src/seal/seal-pending';
import type { SealedRecord } from '../../src/seal/sealed-record';
import { verifyChain } from '../../src/seal/verify-chain';
import { testEngines } from '../support/engines';
import { farDeadline, insertRecords, records, T0 } from '../seal/seal-support';

interface TokenAnswer {
  id: string;
  name: string;
  token: string;
  createdBy: string;
}

describe.each(testEngines)('pull API on $name', (engine) => {
  let sandbox: Sandbox;
  let server: Server;
  let base: string;
  const invoke = (key: string, payload: unknown = {}) =>
    sandbox.host.invoke('jira:adminPage', key, payload, sandbox.defaultAccountId);
  const newToken = async (name: string) => (await invoke('tokens.create', { name })) as TokenAnswer;
  const pull = (query: string, token?: string, method = 'GET') =>
    fetch(`${base}/api/webtrigger/pull-api${query}`, {
      method,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    server = createSandboxServer(sandbox);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await insertRecords(sandbox.opened.store, records(1, 250, T0));
    await sealPending(sandbox.opened.store, { deadlineMs: farDeadline(), batchSize: 1000 });
    // Stored but not sealed yet: not served until they are.
    await insertRecords(sandbox.opened.store, records(251, 5, T0 + 600_000));
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    await sandbox.close();
    await engine.dropAll();
  });

  test('tokens: shown once on creation, listed without secrets, revoked by id', async () => {
    const created = await newToken('Splunk');
    expect(created).toMatchObject({ name: 'Splunk', createdBy: sandbox.defaultAccountId, lastUsedAt: null });
    expect(created.token).toMatch(/^atp_[A-Za-z0-9_-]{43}$/);
    const listed = (await invoke('tokens.list')) as { items: Record<string, unknown>[]; url: unknown };
    const item = listed.items.find((t) => t.id === created.id)!;
    expect(item).toEqual({
      id: created.id,
      name: 'Splunk',
      createdBy: sandbox.defaultAccountId,
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(created.token.slice(4));
    const row = await sandbox.opened.store.db
      .selectFrom('pull_token')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.token.slice(4));

    expect(await invoke('tokens.revoke', { id: created.id })).toMatchObject({
      id: created.id,
      revokedAt: expect.any(String),
    });
    expect(await invoke('tokens.revoke', { id: '0'.repeat(32) })).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
    expect(await invoke('tokens.create', { name: '  ' })).toMatchObject({
      error: { code: 'BAD_REQUEST', field: 'name' },
    });
    // A NUL, an escape sequence or a right-to-left override would hide or reorder what the list shows.
    for (const name of ['ci\u0000', 'ci\u001b[31m', 'ci\u202egpj.exe', 'ci\u2066', 'ci\u0085'])
      expect(await invoke('tokens.create', { name })).toMatchObject({
        error: { code: 'BAD_REQUEST', field: 'name' },
      });
    const outsider = sandbox.site.users.find(
      (u) => u.accountType === 'atlassian' && !sandbox.admins.has(u.accountId),
    )!;
    expect(await sandbox.host.invoke('jira:adminPage', 'tokens.list', {}, outsider.accountId)).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
  });

  test('pages the whole sealed log by seq, in JSON and in NDJSON, and the pages verify as one chain', async () => {
    const { token } = await newToken('paging');
    const items: SealedRecord[] = [];
    let after = 0;
    for (let page = 0; ; page++) {
      const response = await pull(`?after=${after}&limit=100`, token);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { items: SealedRecord[]; nextAfter: number };
      expect(response.headers.get('x-next-after')).toBe(String(body.nextAfter));
      items.push(...body.items);
      if (body.items.length === 0) {
        expect(body.nextAfter).toBe(after);
        break;
      }
      after = body.nextAfter;
      expect(page).toBeLessThan(5);
    }
    expect(items.map((r) => r.seq)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(verifyChain(items, { after: { seq: 0 } })).toMatchObject({ ok: true, checked: 250 });

    const ndjson = await pull('?after=200&limit=30&format=ndjson', token);
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers.get('content-type')).toContain('application/x-ndjson');
    expect(ndjson.headers.get('x-next-after')).toBe('230');
    expect(ndjson.headers.get('link')).toBe('<?after=230&limit=30&format=ndjson>; rel="next"');
    const lines = (await ndjson.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as SealedRecord);
    expect(lines).toEqual(items.slice(200, 230));

    const defaults = (await (await pull('', token)).json()) as { items: SealedRecord[]; nextAfter: number };
    expect([defaults.items.length, defaults.nextAfter]).toEqual([100, 100]);
  });

  test('no token, a wrong token and a revoked token get 401', async () => {
    const missing = await pull('?after=0');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect(await missing.json()).toMatchObject({
      error: { code: 'UNAUTHORIZED', message: expect.any(String) },
    });

    expect((await pull('?after=0', `atp_${'A'.repeat(43)}`)).status).toBe(401);
    expect((await pull('?after=0', 'not-even-a-token')).status).toBe(401);

    const { id, token } = await newToken('soon revoked');
    expect((await pull('?limit=1', token)).status).toBe(200);
    await invoke('tokens.revoke', { id });
    const revoked = await pull('?limit=1', token);
    expect([revoked.status, ((await revoked.json()) as { error: { code: string } }).error.code]).toEqual([
      401,
      'UNAUTHORIZED',
    ]);
  });

  test.each([
    ['?limit=0', 'limit'],
    ['?limit=1001', 'limit'],
    ['?limit=ten', 'limit'],
    ['?after=-1', 'after'],
    ['?after=1.5', 'after'],
    ['?format=xml', 'format'],
    ['?afterr=10', 'afterr'],
    ['?after=1&after=2', 'after'],
  ])('bad parameters %s get 400 naming %s', async (query, parameter) => {
    const { token } = await newToken(`bad ${query}`);
    const response = await pull(query, token);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; parameter: string } };
    expect(body.error).toMatchObject({ code: 'BAD_REQUEST', parameter });
    expect(body.error.message).toContain(parameter);
  });

  test('a wrong token costs one SELECT and no write; a live one a SELECT and an UPDATE', async () => {
    const kinds: string[] = [];
    const watched: Store = {
      ...sandbox.opened.store,
      db: sandbox.opened.store.db.withPlugin({
        transformQuery: ({ node }) => (kinds.push(node.kind), node),
        transformResult: async ({ result }) => result,
      }),
    };
    const wrong = `atp_${randomBytes(32).toString('base64url')}`;
    expect(await admitPullRequest(watched, wrong, Date.now())).toEqual({ ok: false, reason: 'unauthorized' });
    expect(kinds).toEqual(['SelectQueryNode']);
    kinds.length = 0;
    const { token } = await newToken('watched');
    expect(await admitPullRequest(watched, token, Date.now())).toEqual({ ok: true });
    expect(kinds).toEqual(['SelectQueryNode', 'UpdateQueryNode']);
  });

  test(`more than ${FAILED_AUTH_PER_MINUTE} wrong tokens a minute from one address get 429 with Retry-After, before any token is looked up`, async () => {
    const { token } = await newToken('from a shared address');
    // A minute of its own, so earlier tests' failures do not count; 5 s into it.
    const minute = (Math.floor(Date.now() / 60_000) + 10 + (engine.name === 'sqlite' ? 0 : 5)) * 60_000;
    const from = (address: string, bearer: string, nowMs = minute + 5_000) =>
      pullApi(
        {
          method: 'GET',
          headers: { Authorization: [`Bearer ${bearer}`], 'X-Forwarded-For': [`${address}, 10.0.0.1`] },
          queryParameters: { limit: ['1'] },
        },
        sandbox.opened.store,
        nowMs,
      );
    const guess = () => `atp_${randomBytes(32).toString('base64url')}`;
    for (let i = 0; i < FAILED_AUTH_PER_MINUTE; i++)
      expect((await from('203.0.113.9', guess())).statusCode).toBe(401);
    const limited = await from('203.0.113.9', guess());
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['Retry-After']).toEqual(['55']);
    expect(JSON.parse(limited.body)).toMatchObject({
      error: { code: 'RATE_LIMITED', retryAfterSeconds: 55 },
    });
    // Held before the lookup: even the right token waits, and the guess costs no SQL at all.
    expect((await from('203.0.113.9', token)).statusCode).toBe(429);
    // Other addresses are not affected, and the next minute the address may try again.
    expect((await from('198.51.100.7', token)).statusCode).toBe(200);
    expect((await from('203.0.113.9', guess(), minute + 60_000)).statusCode).toBe(401);
    // Without an address, one wrong token repeated is held by its first characters.
    const repeated = guess();
    const bare = (nowMs: number) =>
      pullApi(
        { method: 'GET', headers: { Authorization: [`Bearer ${repeated}`] } },
        sandbox.opened.store,
        nowMs,
      );
    for (let i = 0; i < FAILED_AUTH_PER_MINUTE; i++)
      expect((await bare(minute + 6_000)).statusCode).toBe(401);
    expect((await bare(minute + 6_000)).statusCode).toBe(429);
  });

  test('methods other than GET get 405', async () => {
    const { token } = await newToken('poster');
    const response = await pull('', token, 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  test(`more than ${PULL_REQUESTS_PER_MINUTE} requests a minute from one token get 429 with Retry-After; other tokens are unaffected`, async () => {
    const busy = await newToken('busy');
    const calm = await newToken('calm');
    // Keep the whole burst inside one rate window: start right after a minute boundary if close to one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((done) => setTimeout(done, 60_000 - intoMinute + 50));
    for (let i = 0; i < PULL_REQUESTS_PER_MINUTE; i++)
      expect((await pull('?limit=1', busy.token)).status).toBe(200);
    const limited = await pull('?limit=1', busy.token);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({
      error: {
        code: 'RATE_LIMITED',
        message: expect.stringContaining('retry in'),
        retryAfterSeconds: retryAfter,
      },
    });
    expect((await pull('?limit=1', calm.token)).status).toBe(200);

    // The next minute the token works again (the handler called as Forge would, a minute on).
    const nextMinute = Date.now() + 60_000;
    const again = await pullApi(
      {
        method: 'GET',
        headers: { Authorization: [`Bearer ${busy.token}`] },
        queryParameters: { limit: ['1'] },
      },
      sandbox.opened.store,
      nextMinute,
    );
    expect(again.statusCode).toBe(200);
    const listed = (await invoke('tokens.list')) as { items: { id: string; lastUsedAt: string | null }[] };
    expect(listed.items.find((t) => t.id === busy.id)?.lastUsedAt).toBe(new Date(nextMinute).toISOString());
  });

  test('a web trigger the manifest does not declare is 404', async () => {
    expect((await fetch(`${base}/api/webtrigger/no-such-trigger`)).status).toBe(404);
  });
});
