import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { claimLease, listDestinations, saveDestination } from '../../src/forward/destination-store';
import type { Destination } from '../../src/forward/destinations/destination';
import type { Store } from '../../src/store/database';
import { testEngines } from '../support/engines';

/**
 * MySQL and TiDB count the rows an UPDATE changed, not those it matched (the runtime stand-in answers
 * the same way): writes that repeat the row as it is must still read as done.
 */
describe.each(testEngines)('destination store on $name', (engine) => {
  let sandbox: Sandbox;
  let target: Store;
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

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    target = sandbox.opened.store;
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('saving a destination unchanged within the millisecond keeps one row, not a duplicate-key error', async () => {
    await saveDestination(target, destination, NOW);
    await saveDestination(target, destination, NOW);
    expect((await listDestinations(target)).map((d) => d.id)).toEqual([destination.id]);
  });

  test('a holder renewing its lease to the same instant still holds it; another invocation does not', async () => {
    expect(await claimLease(target, destination.id, 'run-1', NOW, NOW + 60_000)).toBe(true);
    expect(await claimLease(target, destination.id, 'run-1', NOW, NOW + 60_000)).toBe(true);
    expect(await claimLease(target, destination.id, 'run-2', NOW + 1, NOW + 60_000)).toBe(false);
  });
});
