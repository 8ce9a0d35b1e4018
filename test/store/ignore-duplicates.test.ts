import type { Engine } from '../../src/store/database';
import { ignoreDuplicates } from '../../src/store/ignore-duplicates';
import { testEngines } from '../support/engines';
import { storeForSuite } from '../support/suite-store';
import { recordingStore, statementOf } from '../support/recorded-sql';

describe('ignoreDuplicates: the SQL each engine gets', () => {
  const compiled = (engine: Engine) => {
    const { db } = recordingStore(engine).store;
    const insert = db.insertInto('setting').values({ name: 'n', value: 'v', updated_ms: 1 });
    return statementOf(ignoreDuplicates(engine, insert, 'name').compile());
  };

  test('SQLite: ON CONFLICT DO NOTHING', () => {
    expect(compiled('sqlite')).toEqual({
      sql: 'insert into "setting" ("name", "value", "updated_ms") values (?, ?, ?) on conflict ("name") do nothing',
      parameters: ['n', 'v', 1],
    });
  });

  test('Forge SQL: the key assigned to itself, not INSERT IGNORE', () => {
    expect(compiled('forge-sql')).toEqual({
      sql: 'insert into `setting` (`name`, `value`, `updated_ms`) values (?, ?, ?) on duplicate key update `name` = `name`',
      parameters: ['n', 'v', 1],
    });
  });
});

describe.each(testEngines)('ignoreDuplicates on $name', (engine) => {
  const store = storeForSuite(engine);

  test('the stored row stays as it is; a new key is inserted', async () => {
    const insert = (name: string, value: string) =>
      ignoreDuplicates(
        store().engine,
        store().db.insertInto('setting').values({ name, value, updated_ms: 1 }),
        'name',
      ).execute();
    await insert('a', 'first');
    await insert('a', 'second');
    await insert('b', 'other');
    const rows = await store().db.selectFrom('setting').select(['name', 'value']).orderBy('name').execute();
    expect(rows).toEqual([
      { name: 'a', value: 'first' },
      { name: 'b', value: 'other' },
    ]);
  });
});
