import { licenceInactive, WITHOUT_LICENCE } from '../../src/admin/licence';
import { resolverGroups } from '../../src/resolver-groups';
import { testEngines } from '../support/engines';
import { WebhookReceiver } from '../support/receivers';
import { ForwardHarness, newWebhookSecret } from '../forward/forward-harness';

type Answer = { error?: { code: string; message: string } } & Record<string, unknown>;

test('a licence counts as inactive only when Forge gives one that is not active', () => {
  // Absent (development, staging, free installs): no licensing in force.
  expect(licenceInactive(undefined)).toBe(false);
  expect(licenceInactive(null)).toBe(false);
  expect(licenceInactive({ isActive: true })).toBe(false);
  expect(licenceInactive({ isActive: false })).toBe(true);
  // view.getContext() names it `active`.
  expect(licenceInactive({ active: true })).toBe(false);
  expect(licenceInactive({ active: false })).toBe(true);
  expect(licenceInactive({})).toBe(true);
  expect(licenceInactive({ isActive: 'true' })).toBe(true);
});

test('every resolver the app registers says what it does without a licence, and no other key is listed', () => {
  const registered = resolverGroups.flatMap((group) => Object.keys(group));
  expect(Object.keys(WITHOUT_LICENCE).sort()).toEqual(registered.sort());
});

describe.each(testEngines)('without an active licence, on $name', (engine) => {
  let h: ForwardHarness;
  let receiver: WebhookReceiver;
  let destinationId: string;
  let tokenId: string;
  let storedBefore: number;
  const invoke = (key: string, payload: unknown = {}) => h.invoke<Answer>(key, payload);
  const setLicence = (isActive: boolean) => {
    h.sandbox.host.license = { isActive };
  };

  beforeAll(async () => {
    h = await ForwardHarness.start(engine);
    receiver = await new WebhookReceiver(newWebhookSecret()).start();
    destinationId = (
      await h.saveDestination<{ id: string }>({
        name: 'SOC',
        type: 'webhook',
        url: receiver.endpoint,
        secret: receiver.secret,
      })
    ).id;
    tokenId = String((await invoke('tokens.create', { name: 'SIEM pull' })).id);
    await invoke('settings.update', { views: { jira: true } });
    await h.addActivity(60);
    await h.cycle();
    storedBefore = await h.sandbox.records();
    expect(storedBefore).toBeGreaterThan(30);
    expect(receiver.documents()).toHaveLength(storedBefore);
    setLicence(false);
  });
  afterAll(async () => {
    await receiver.stop();
    await h.close();
    await engine.dropAll();
  });

  test('everything stored can still be read, verified and exported in full', async () => {
    for (const key of [
      'settings.get',
      'tokens.list',
      'destinations.list',
      'destinations.status',
      'storage.status',
      'insights.summary',
      'auditImport.status',
      'activity.facets',
    ]) {
      expect([key, (await invoke(key)).error]).toEqual([key, undefined]);
    }
    const page = await invoke('activity.query', { limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(await invoke('chain.verify')).toMatchObject({ ok: true, headSeq: storedBefore });

    let rows = 0;
    let lines = 0;
    let cursor: string | undefined;
    do {
      const chunk = await invoke('activity.export', { format: 'ndjson', ...(cursor ? { cursor } : {}) });
      expect(chunk.error).toBeUndefined();
      rows += Number(chunk.rows);
      lines += String(chunk.chunk).split('\n').filter(Boolean).length;
      cursor = chunk.nextCursor as string | undefined;
    } while (cursor);
    expect(rows).toBe(storedBefore);
    // Every record, after the seal header line that lets `npm run verify` check them.
    expect(lines).toBe(storedBefore + 1);
  });

  test('changes are refused with LICENCE_INACTIVE, and nothing they would have changed moves', async () => {
    const settings = await invoke('settings.get');
    const tokens = await invoke('tokens.list');
    const destinations = await invoke('destinations.list');
    const attempts: [string, unknown][] = [
      ['settings.update', { views: { jira: false } }],
      ['settings.update', { retention: { maxAgeDays: 1 } }],
      ['tokens.create', { name: 'another' }],
      [
        'destinations.save',
        { name: 'New', type: 'webhook', url: receiver.endpoint, secret: newWebhookSecret() },
      ],
      ['destinations.save', { id: destinationId, name: 'Renamed', type: 'webhook', url: receiver.endpoint }],
      ['destinations.test', { id: destinationId }],
    ];
    for (const [key, payload] of attempts) {
      const answer = await invoke(key, payload);
      expect([key, answer.error?.code]).toEqual([key, 'LICENCE_INACTIVE']);
      expect(answer.error?.message).toMatch(/licence is not active.*read-only/);
    }
    expect(await invoke('settings.get')).toEqual(settings);
    expect(await invoke('tokens.list')).toEqual(tokens);
    expect(await invoke('destinations.list')).toEqual(destinations);
  });

  test('the licence opens nothing to non-admins: they are still refused, reads included', async () => {
    const outsider = h.sandbox.site.users.find(
      (u) => u.accountType === 'atlassian' && !h.sandbox.admins.has(u.accountId),
    )!.accountId;
    const answer = (await h.sandbox.host.invoke('jira:adminPage', 'activity.query', {}, outsider)) as Answer;
    expect(answer.error?.code).toBe('FORBIDDEN');
  });

  test('capture keeps recording, sealing and delivering to the SIEM: the chain has no gap', async () => {
    const stored = await h.addActivity(30);
    expect(stored).toBeGreaterThan(10);
    const total = await h.sandbox.records();
    expect(total).toBe(storedBefore + stored);
    await h.cycle();
    expect(await invoke('chain.verify')).toMatchObject({ ok: true, headSeq: total });
    expect(receiver.documents()).toHaveLength(total);
  });

  test('access can still be withdrawn: a token revoked, a destination and its credentials deleted', async () => {
    expect(await invoke('tokens.revoke', { id: tokenId })).toMatchObject({
      id: tokenId,
      revokedAt: expect.any(String),
    });
    expect(await invoke('destinations.delete', { id: destinationId })).toEqual({ deleted: true });
  });

  test('a renewed licence opens the changes again, over a complete log', async () => {
    setLicence(true);
    expect(await invoke('settings.update', { views: { jira: false } })).toMatchObject({
      views: { jira: false },
    });
    const total = await h.sandbox.records();
    expect(await invoke('chain.verify')).toMatchObject({ ok: true, headSeq: total });
  });
});
