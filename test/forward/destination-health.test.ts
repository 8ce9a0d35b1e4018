import { testEngines } from '../support/engines';
import { WebhookReceiver } from '../support/receivers';
import { ForwardHarness, newWebhookSecret } from './forward-harness';

/**
 * What the Destinations tab says about a destination must be true: everything stored and not yet
 * delivered is lag, sealed or not, and one failed attempt is enough to say it is failing.
 */
describe.each(testEngines)('destination health on $name', (engine) => {
  let h: ForwardHarness;
  beforeAll(async () => {
    h = await ForwardHarness.start(engine);
  });
  afterAll(async () => {
    await h.close();
    await engine.dropAll();
  });

  test('before the first run, every stored record is waiting; a refused connection fails from its first attempt', async () => {
    const stored = await h.addActivity(150);
    expect(stored).toBeGreaterThan(50);
    // A receiver that has stopped: its port refuses connections.
    const gone = await new WebhookReceiver(newWebhookSecret()).start();
    const url = gone.endpoint;
    await gone.stop();
    const { id } = await h.saveDestination<{ id: string }>({
      name: 'refusing',
      type: 'webhook',
      url,
      secret: newWebhookSecret(),
    });

    h.advance(7);
    const before = await h.status(id);
    expect(before).toMatchObject({
      lagRecords: stored,
      unsealedRecords: stored,
      failedAttempts: 0,
      lastError: null,
      cursorSeq: 0,
      headSeq: 0,
    });
    // The oldest record was stored at least the seven minutes the clock moved ago.
    expect(before.lagMinutes).toBeGreaterThanOrEqual(7);

    await h.cycle();
    const failing = await h.status(id);
    expect(failing.failedAttempts).toBe(1);
    expect(failing.lastError).toMatch(/refused|ECONNREFUSED|connect/i);
    expect(failing.lagRecords).toBe(stored);
    expect(failing.unsealedRecords).toBe(0);
    expect(failing.headSeq).toBe(stored);
    if (failing.nextAttemptAt !== null) expect(Date.parse(failing.nextAttemptAt)).toBeGreaterThan(Date.now());

    // Pointed at a receiver that answers, it catches up and is healthy again.
    const receiver = await new WebhookReceiver(newWebhookSecret()).start();
    try {
      await h.saveDestination({
        id,
        name: 'refusing',
        type: 'webhook',
        url: receiver.endpoint,
        secret: receiver.secret,
      });
      h.advance(60);
      await h.cycle();
      expect(await h.status(id)).toMatchObject({
        lagRecords: 0,
        unsealedRecords: 0,
        failedAttempts: 0,
        lagMinutes: 0,
      });
    } finally {
      await receiver.stop();
    }
  });
});
