import { exportActivity } from '../../src/activity/export-activity';
import { archivedThrough } from '../../src/archive/block-store';
import { sealPending } from '../../src/seal/seal-pending';
import type { ActivityFilter } from '../../src/query/activity-filter';
import { countAuditEvents } from '../../src/store/audit-events';
import { testEngines } from '../support/engines';
import { everyProduct } from '../support/every-product';
import { storeForSuite } from '../support/suite-store';
import { farDeadline, insertRecords, records, T0 } from '../seal/seal-support';
import { pack } from './archive-support';

const ARCHIVED = 240;
const LIVE = 60;
const N = ARCHIVED + LIVE;

describe.each(testEngines)('an export’s estimated rows over a packed log on $name', (engine) => {
  const store = storeForSuite(engine);

  beforeAll(async () => {
    await insertRecords(store(), records(1, ARCHIVED, T0));
    await sealPending(store(), { deadlineMs: farDeadline() });
    await pack(store(), 20);
    await pack(store(), 20);
    await insertRecords(store(), records(ARCHIVED + 1, LIVE, T0 + ARCHIVED * 1000));
    await sealPending(store(), { deadlineMs: farDeadline() });
    expect(await archivedThrough(store())).toBe(ARCHIVED);
    expect(await countAuditEvents(store())).toBe(LIVE);
  });

  /** The first chunk's estimate, and the rows the whole export really has. */
  async function estimateAndRows(filters: ActivityFilter): Promise<[number | undefined, number]> {
    let cursor: string | undefined;
    let estimated: number | undefined;
    let rows = 0;
    do {
      const chunk = await exportActivity(
        store(),
        { filters, format: 'csv', ...(cursor ? { cursor } : {}) },
        { products: everyProduct, chunkBytes: 6_000 },
      );
      estimated ??= chunk.estimatedRows;
      rows += chunk.rows;
      cursor = chunk.nextCursor;
    } while (cursor);
    return [estimated, rows];
  }

  test.each<[string, ActivityFilter]>([
    ['the whole log', {}],
    ['one actor', { actors: ['5b10ac8d82e05b22cc7d3'] }],
    ['a time range reaching into the archive', { from: T0 + 100_000 }],
    ['one product (not answered by one index)', { products: ['confluence'] }],
  ])('%s: counts archived records too, within a tenth of the truth', async (_, filters) => {
    const [estimated, rows] = await estimateAndRows(filters);
    expect(rows).toBeGreaterThan(LIVE / 7);
    expect(estimated).toBeDefined();
    expect(Math.abs(estimated! - rows)).toBeLessThanOrEqual(Math.ceil(rows / 10));
  });

  test('the whole log counts every record, not only the live ones', async () => {
    expect((await estimateAndRows({}))[0]).toBe(N);
  });
});
