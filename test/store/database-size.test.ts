import { exactDatabaseBytes } from '../../src/store/database-size';
import { insertRecords, makeRecord, T0 } from '../seal/seal-support';
import { testEngines } from '../support/engines';
import { storeForSuite } from '../support/suite-store';
import { recordingStore } from '../support/recorded-sql';

describe('exactDatabaseBytes: the SQL each engine gets', () => {
  test('SQLite: three pragmas, pages in use times page size', async () => {
    const { store, statements } = recordingStore('sqlite');
    // The recording store answers no rows: every pragma reads as 0.
    expect(await exactDatabaseBytes(store)).toBe(0);
    expect(statements).toEqual([
      { sql: 'PRAGMA page_count', parameters: [] },
      { sql: 'PRAGMA freelist_count', parameters: [] },
      { sql: 'PRAGMA page_size', parameters: [] },
    ]);
  });

  test('Forge SQL: no statement, no exact size', async () => {
    const { store, statements } = recordingStore('forge-sql');
    expect(await exactDatabaseBytes(store)).toBeUndefined();
    expect(statements).toEqual([]);
  });
});

describe.each(testEngines)('exactDatabaseBytes on $name', (engine) => {
  const store = storeForSuite(engine);

  if (engine.name === 'sqlite') {
    test('whole pages, more of them once rows are stored', async () => {
      const before = await exactDatabaseBytes(store());
      expect(before).toBeGreaterThan(0);
      await insertRecords(
        store(),
        Array.from({ length: 200 }, (_, i) =>
          makeRecord(i + 1, { receivedMs: T0 + i, title: 'x'.repeat(200) }),
        ),
      );
      const after = (await exactDatabaseBytes(store()))!;
      expect(after).toBeGreaterThan(before!);
      expect(after % 512).toBe(0);
    });
  } else {
    test('no exact size: the caller estimates', async () => {
      expect(await exactDatabaseBytes(store())).toBeUndefined();
    });
  }
});
