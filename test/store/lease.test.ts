import { destinationLease, saveDestination } from '../../src/forward/destination-store';
import { jobLease } from '../../src/jobs/job-state';
import { sealLease } from '../../src/seal/seal-state';
import type { Store } from '../../src/store/database';
import { acquireLease, releaseLease, type Lease } from '../../src/store/lease';
import { testEngines } from '../support/engines';
import { storeForSuite } from '../support/suite-store';

const NOW = Date.UTC(2026, 11, 1);
const TTL = 60_000;

/** The three leases the app keeps: the seal lock, a job's lock, a destination's delivery lease. */
const LEASES: readonly { readonly name: string; readonly lease: (target: Store) => Lease }[] = [
  { name: 'the seal lock', lease: sealLease },
  { name: 'a job lock', lease: (target) => jobLease(target, 'daily') },
  { name: 'a destination lease', lease: () => destinationLease('d-0123456789abcdef') },
];

describe.each(testEngines)('one lease helper on $name', (engine) => {
  const store = storeForSuite(engine);

  beforeAll(async () => {
    await saveDestination(
      store(),
      {
        id: 'd-0123456789abcdef',
        name: 'SOC webhook',
        type: 'webhook',
        url: 'https://siem.example.com/hooks/audit',
        format: 'native',
        filter: {},
        options: {},
        enabled: true,
        required: false,
      },
      NOW,
    );
  });

  describe.each(LEASES)('$name', ({ lease: leaseOf }) => {
    let lease: Lease;
    // Each test starts a later "hour", so a lease one test leaves behind has lapsed for the next.
    let start = NOW;
    beforeEach(() => {
      lease = leaseOf(store());
      start += 3_600_000;
    });

    test('contention: while one holder has it, another is refused and told when it lapses', async () => {
      expect(await acquireLease(store(), lease, 'run-a', start, TTL)).toEqual({
        acquired: true,
        expiresMs: start + TTL,
      });
      expect(await acquireLease(store(), lease, 'run-b', start + 1, TTL)).toEqual({
        acquired: false,
        heldUntilMs: start + TTL,
      });
      // The holder itself renews it, even to the same instant (a changed-rows engine counts that as 0).
      expect((await acquireLease(store(), lease, 'run-a', start, TTL)).acquired).toBe(true);
      expect((await acquireLease(store(), lease, 'run-a', start + 10, TTL)).acquired).toBe(true);
      expect(await acquireLease(store(), lease, 'run-b', start + 20, TTL)).toEqual({
        acquired: false,
        heldUntilMs: start + 10 + TTL,
      });
      await releaseLease(store(), lease, 'run-a');
    });

    test('expiry: a holder that died without releasing frees the lease once its time has run out', async () => {
      expect((await acquireLease(store(), lease, 'crashed', start, TTL)).acquired).toBe(true);
      expect((await acquireLease(store(), lease, 'next', start + TTL, TTL)).acquired).toBe(false);
      expect((await acquireLease(store(), lease, 'next', start + TTL + 1, TTL)).acquired).toBe(true);
      // The late holder's release does not free its successor's lease.
      await releaseLease(store(), lease, 'crashed');
      expect((await acquireLease(store(), lease, 'third', start + TTL + 2, TTL)).acquired).toBe(false);
      await releaseLease(store(), lease, 'next');
    });

    test('release: by the holder it frees the lease at once; by anyone else it is refused', async () => {
      expect((await acquireLease(store(), lease, 'holder', start, TTL)).acquired).toBe(true);
      await releaseLease(store(), lease, 'someone-else');
      expect((await acquireLease(store(), lease, 'someone-else', start + 1, TTL)).acquired).toBe(false);
      await releaseLease(store(), lease, 'holder');
      expect((await acquireLease(store(), lease, 'someone-else', start + 2, TTL)).acquired).toBe(true);
      await releaseLease(store(), lease, 'someone-else');
    });
  });

  test('a lease whose row is made elsewhere does not exist without it', async () => {
    expect(await acquireLease(store(), destinationLease('d-deleted'), 'run-a', NOW, TTL)).toEqual({
      acquired: false,
    });
  });
});
