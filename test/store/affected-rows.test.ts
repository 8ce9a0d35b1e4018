import { UpdateResult } from 'kysely';
import { writeJobState } from '../../src/jobs/job-state';
import { changedRows, updateFoundRow } from '../../src/store/affected-rows';
import { testEngines } from '../support/engines';
import { storeForSuite } from '../support/suite-store';
import { recordingStore } from '../support/recorded-sql';

describe('updateFoundRow (pure)', () => {
  test('a count above 0 answers without reading; 0 asks confirm', async () => {
    const confirm = jest.fn(async () => false);
    expect(await updateFoundRow(new UpdateResult(1n, undefined), confirm)).toBe(true);
    expect(confirm).not.toHaveBeenCalled();
    expect(await updateFoundRow(new UpdateResult(0n, undefined), confirm)).toBe(false);
    expect(confirm).toHaveBeenCalledTimes(1);
  });
});

describe('writeJobState: the SQL each engine gets when the UPDATE counts 0', () => {
  // The recording store answers every UPDATE with a count of 0, as MySQL does for a same-values write.
  test('SQLite: the guarded UPDATE, then the read that confirms the lock', async () => {
    const { store, statements } = recordingStore('sqlite');
    expect(await writeJobState(store, 'daily', 'me', { at: 1 }, 5)).toBe(false);
    expect(statements).toEqual([
      {
        sql: 'update "job_state" set "state" = ?, "updated_ms" = ? where "name" = ? and "owner" = ?',
        parameters: ['{"at":1}', 5, 'daily', 'me'],
      },
      { sql: 'select "owner" from "job_state" where "name" = ?', parameters: ['daily'] },
    ]);
  });

  test('Forge SQL: the same two statements in MySQL quoting', async () => {
    const { store, statements } = recordingStore('forge-sql');
    expect(await writeJobState(store, 'daily', 'me', { at: 1 }, 5)).toBe(false);
    expect(statements).toEqual([
      {
        sql: 'update `job_state` set `state` = ?, `updated_ms` = ? where `name` = ? and `owner` = ?',
        parameters: ['{"at":1}', 5, 'daily', 'me'],
      },
      { sql: 'select `owner` from `job_state` where `name` = ?', parameters: ['daily'] },
    ]);
  });
});

describe.each(testEngines)('affected rows on $name', (engine) => {
  const store = storeForSuite(engine);

  beforeAll(async () => {
    await store()
      .db.insertInto('setting')
      .values(['a', 'b', 'c'].map((name) => ({ name, value: 'v', updated_ms: 1 })))
      .execute();
  });

  const write = (name: string, value: string) =>
    store().db.updateTable('setting').set({ value }).where('name', '=', name).executeTakeFirst();
  const stored = async (name: string) =>
    (await store().db.selectFrom('setting').select('name').where('name', '=', name).executeTakeFirst()) !==
    undefined;

  test('why the seam exists: a same-values UPDATE counts 0 on MySQL without FOUND_ROWS, 1 elsewhere', async () => {
    const raw = Number((await write('a', 'v')).numUpdatedRows);
    expect(raw).toBe(engine.name === 'mariadb' ? 0 : 1);
  });

  test('updateFoundRow: a row written with its own values is found on every engine', async () => {
    expect(await updateFoundRow(await write('a', 'v'), () => stored('a'))).toBe(true);
    expect(await updateFoundRow(await write('a', 'w'), () => stored('a'))).toBe(true);
  });

  test('updateFoundRow: no row, no answer but false', async () => {
    expect(await updateFoundRow(await write('missing', 'v'), () => stored('missing'))).toBe(false);
  });

  test('changedRows: an UPDATE that changes every row it matches counts them on every engine', async () => {
    const result = await store()
      .db.updateTable('setting')
      .set({ updated_ms: 2 })
      .where('updated_ms', '<', 2)
      .executeTakeFirst();
    expect(changedRows(result)).toBe(3);
    const again = await store()
      .db.updateTable('setting')
      .set({ updated_ms: 2 })
      .where('updated_ms', '<', 2)
      .executeTakeFirst();
    expect(changedRows(again)).toBe(0);
  });
});
