import { destinationLease, listDestinations, saveDestination } from '../../src/forward/destination-store';
import type { Destination } from '../../src/forward/destinations/destination';
import { acquireLease } from '../../src/store/lease';
import { testEngines } from '../support/engines';
import { storeForSuite } from '../support/suite-store';

/**
 * MySQL and TiDB count the rows an UPDATE changed, not those it matched (the runtime stand-in answers
 * the same way): writes that repeat the row as it is must still read as done.
 */
describe.each(testEngines)('destination store on $name', (engine) => {
  const store = storeForSuite(engine);
  const NOW = Date.UTC(2026, 11, 1);
  const destination: Destination = {
    id: 'd-0123456789abcdef',
    name: 'SOC webhook',
    type: 'webhook',
    url: 'https://siem.example.com/hooks/audit',
    format: 'native',
    filter: {},
    options: {},
    enabled: true,
    required: false,
  };

  test('saving a destination unchanged within the millisecond keeps one row, not a duplicate-key error', async () => {
    await saveDestination(store(), destination, NOW);
    await saveDestination(store(), destination, NOW);
    expect((await listDestinations(store())).map((d) => d.id)).toEqual([destination.id]);
  });

  test('a holder renewing its lease to the same instant still holds it; another invocation does not', async () => {
    const lease = destinationLease(destination.id);
    const acquired = async (holder: string, nowMs: number, ttlMs: number) =>
      (await acquireLease(store(), lease, holder, nowMs, ttlMs)).acquired;
    expect(await acquired('run-1', NOW, 60_000)).toBe(true);
    expect(await acquired('run-1', NOW, 60_000)).toBe(true);
    expect(await acquired('run-2', NOW + 1, 59_999)).toBe(false);
  });
});
