import { sql } from 'kysely';
import { registerAccounts } from '../../src/insights/run-rollups';
import { writeSettings } from '../../src/settings/settings-store';
import { DEFAULT_SETTINGS } from '../../src/settings/settings';
import type { Engine } from '../../src/store/database';
import { insertedValue, upsert } from '../../src/store/upsert';
import { testEngines } from '../support/engines';
import { storeForSuite } from '../support/suite-store';
import { recordingStore, statementOf } from '../support/recorded-sql';

const NOW = new Date(1_700_000_000_000);

describe('upsert: the SQL each engine gets', () => {
  const settingsUpsert = (engine: Engine) => {
    const { db } = recordingStore(engine).store;
    const insert = db.insertInto('setting').values({ name: 'n', value: 'v', updated_ms: 1 });
    return statementOf(upsert(engine, insert, ['name'], { value: 'w', updated_ms: 2 }).compile());
  };

  test('SQLite: ON CONFLICT on the key, DO UPDATE SET', () => {
    expect(settingsUpsert('sqlite')).toEqual({
      sql: 'insert into "setting" ("name", "value", "updated_ms") values (?, ?, ?) on conflict ("name") do update set "value" = ?, "updated_ms" = ?',
      parameters: ['n', 'v', 1, 'w', 2],
    });
  });

  test('Forge SQL: ON DUPLICATE KEY UPDATE, no key named', () => {
    expect(settingsUpsert('forge-sql')).toEqual({
      sql: 'insert into `setting` (`name`, `value`, `updated_ms`) values (?, ?, ?) on duplicate key update `value` = ?, `updated_ms` = ?',
      parameters: ['n', 'v', 1, 'w', 2],
    });
  });

  test('the proposed value: excluded.column on SQLite, VALUES(column) on Forge SQL', () => {
    const proposed = (engine: Engine) => {
      const { db } = recordingStore(engine).store;
      const insert = db.insertInto('setting').values({ name: 'n', value: 'v', updated_ms: 1 });
      const update = { updated_ms: insertedValue<number>(engine, 'updated_ms') };
      return statementOf(upsert(engine, insert, ['name'], update).compile());
    };
    expect(proposed('sqlite')).toEqual({
      sql: 'insert into "setting" ("name", "value", "updated_ms") values (?, ?, ?) on conflict ("name") do update set "updated_ms" = excluded."updated_ms"',
      parameters: ['n', 'v', 1],
    });
    expect(proposed('forge-sql')).toEqual({
      sql: 'insert into `setting` (`name`, `value`, `updated_ms`) values (?, ?, ?) on duplicate key update `updated_ms` = VALUES(`updated_ms`)',
      parameters: ['n', 'v', 1],
    });
  });

  test('writeSettings: one upsert of the settings row', async () => {
    const json = JSON.stringify(DEFAULT_SETTINGS);
    const sqlite = recordingStore('sqlite');
    await writeSettings(sqlite.store, DEFAULT_SETTINGS, NOW);
    expect(sqlite.statements).toEqual([
      {
        sql: 'insert into "setting" ("name", "value", "updated_ms") values (?, ?, ?) on conflict ("name") do update set "value" = ?, "updated_ms" = ?',
        parameters: ['settings', json, NOW.getTime(), json, NOW.getTime()],
      },
    ]);
    const forge = recordingStore('forge-sql');
    await writeSettings(forge.store, DEFAULT_SETTINGS, NOW);
    expect(forge.statements).toEqual([
      {
        sql: 'insert into `setting` (`name`, `value`, `updated_ms`) values (?, ?, ?) on duplicate key update `value` = ?, `updated_ms` = ?',
        parameters: ['settings', json, NOW.getTime(), json, NOW.getTime()],
      },
    ]);
  });

  test('registerAccounts: keeps the later time, reading the proposed one in each engine’s spelling', async () => {
    const accounts = new Map([
      ['a1', 10],
      ['a2', 20],
    ]);
    const sqlite = recordingStore('sqlite');
    await registerAccounts(sqlite.store, accounts);
    expect(sqlite.statements).toEqual([
      {
        sql: 'insert into "personal_account" ("account_id", "updated_ms", "reported_ms") values (?, ?, ?), (?, ?, ?) on conflict ("account_id") do update set "updated_ms" = CASE WHEN "updated_ms" < excluded."updated_ms" THEN excluded."updated_ms" ELSE "updated_ms" END',
        parameters: ['a1', 10, null, 'a2', 20, null],
      },
    ]);
    const forge = recordingStore('forge-sql');
    await registerAccounts(forge.store, accounts);
    expect(forge.statements).toEqual([
      {
        sql: 'insert into `personal_account` (`account_id`, `updated_ms`, `reported_ms`) values (?, ?, ?), (?, ?, ?) on duplicate key update `updated_ms` = CASE WHEN `updated_ms` < VALUES(`updated_ms`) THEN VALUES(`updated_ms`) ELSE `updated_ms` END',
        parameters: ['a1', 10, null, 'a2', 20, null],
      },
    ]);
  });
});

describe.each(testEngines)('upsert on $name', (engine) => {
  const store = storeForSuite(engine);

  const day = (events: number) => ({
    day: '2026-01-01',
    product: 'jira',
    events,
    captured: 0,
    through_seq: 0,
  });
  const stored = () =>
    store()
      .db.selectFrom('insight_day')
      .select(['events', 'captured'])
      .execute()
      .then((rows) => rows.map((r) => ({ events: Number(r.events), captured: Number(r.captured) })));

  test('a new key is inserted; an existing one is updated from the proposed value, not duplicated', async () => {
    const add = (events: number) =>
      upsert(store().engine, store().db.insertInto('insight_day').values(day(events)), ['day', 'product'], {
        events: sql<number>`${sql.ref('events')} + ${insertedValue<number>(store().engine, 'events')}`,
      }).execute();
    await add(3);
    expect(await stored()).toEqual([{ events: 3, captured: 0 }]);
    await add(4);
    expect(await stored()).toEqual([{ events: 7, captured: 0 }]);
  });

  test('an assignment that reads a column set before it: the old row on SQLite, the new value on MySQL', async () => {
    await upsert(store().engine, store().db.insertInto('insight_day').values(day(1)), ['day', 'product'], {
      events: sql<number>`${sql.ref('events')} + 1`,
      captured: sql<number>`${sql.ref('events')}`,
    }).execute();
    expect(await stored()).toEqual([{ events: 8, captured: engine.name === 'sqlite' ? 7 : 8 }]);
  });
});
