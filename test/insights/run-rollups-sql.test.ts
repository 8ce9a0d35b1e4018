import { runRollups } from '../../src/insights/run-rollups';
import type { Engine } from '../../src/store/database';
import { recordingStore, type Statement } from '../support/recorded-sql';

const NOW = Date.UTC(2026, 0, 2, 12);
const ROW = {
  seq: 7,
  time_ms: NOW,
  received_ms: NOW,
  product: 'jira',
  action: 'issue.updated',
  actor_id: '5b10ac8d82e05b22cc7d4ef5',
  actor_type: 'user',
  container_type: 'project',
  container_id: '10000',
  container_key: 'KEY',
  container_name: 'Key project',
  object_type: 'issue',
  object_id: '10001',
  source_event: 'avi:jira:updated:issue',
};

/**
 * The rollup writes for one sealed row (seq 7) after checkpoint 6: the head and the row are answered,
 * and each count is added only where a row's `through_seq` is at most 6.
 */
async function writes(engine: Engine): Promise<Statement[]> {
  const { store, statements } = recordingStore(engine, (statement) => {
    if (/from .seal_state./.test(statement.sql)) return [{ last_seq: 7, last_hash: 'h', pruned_seq: 0 }];
    if (/from .audit_event./.test(statement.sql)) return [ROW];
    return [];
  });
  await runRollups(store, { throughSeq: 6 }, { nowMs: NOW, deadlineMs: Infinity, save: async () => {} });
  return statements.filter((s) => s.sql.startsWith('insert'));
}

const DAY = ['2026-01-02', 'jira'];

test('SQLite: ON CONFLICT on each rollup key, the proposed values as excluded.*, through_seq assigned last', async () => {
  expect(await writes('sqlite')).toEqual([
    {
      sql: 'insert into "insight_day" ("day", "product", "events", "captured", "through_seq") values (?, ?, ?, ?, ?) on conflict ("day", "product") do update set "events" = CASE WHEN "through_seq" <= ? THEN "events" + excluded."events" ELSE "events" END, "captured" = CASE WHEN "through_seq" <= ? THEN "captured" + excluded."captured" ELSE "captured" END, "through_seq" = CASE WHEN "through_seq" <= ? THEN excluded."through_seq" ELSE "through_seq" END',
      parameters: [...DAY, 1, 1, 7, 6, 6, 6],
    },
    {
      sql: 'insert into "insight_actor_day" ("day", "product", "actor_id", "events", "through_seq") values (?, ?, ?, ?, ?) on conflict ("day", "product", "actor_id") do update set "events" = CASE WHEN "through_seq" <= ? THEN "events" + excluded."events" ELSE "events" END, "through_seq" = CASE WHEN "through_seq" <= ? THEN excluded."through_seq" ELSE "through_seq" END',
      parameters: [...DAY, ROW.actor_id, 1, 7, 6, 6],
    },
    {
      sql: 'insert into "insight_action_day" ("day", "product", "action", "events", "through_seq") values (?, ?, ?, ?, ?) on conflict ("day", "product", "action") do update set "events" = CASE WHEN "through_seq" <= ? THEN "events" + excluded."events" ELSE "events" END, "through_seq" = CASE WHEN "through_seq" <= ? THEN excluded."through_seq" ELSE "through_seq" END',
      parameters: [...DAY, ROW.action, 1, 7, 6, 6],
    },
    {
      sql: 'insert into "insight_container_day" ("day", "product", "container_type", "container_id", "container_key", "container_name", "events", "through_seq") values (?, ?, ?, ?, ?, ?, ?, ?) on conflict ("day", "product", "container_type", "container_id") do update set "events" = CASE WHEN "through_seq" <= ? THEN "events" + excluded."events" ELSE "events" END, "container_key" = COALESCE(excluded."container_key", "container_key"), "container_name" = COALESCE(excluded."container_name", "container_name"), "through_seq" = CASE WHEN "through_seq" <= ? THEN excluded."through_seq" ELSE "through_seq" END',
      parameters: [...DAY, 'project', '10000', 'KEY', 'Key project', 1, 7, 6, 6],
    },
    {
      sql: 'insert into "personal_account" ("account_id", "updated_ms", "reported_ms") values (?, ?, ?) on conflict ("account_id") do update set "updated_ms" = CASE WHEN "updated_ms" < excluded."updated_ms" THEN excluded."updated_ms" ELSE "updated_ms" END',
      parameters: [ROW.actor_id, NOW, null],
    },
  ]);
});

test('Forge SQL: ON DUPLICATE KEY UPDATE, the proposed values as VALUES(), through_seq assigned last', async () => {
  expect(await writes('forge-sql')).toEqual([
    {
      sql: 'insert into `insight_day` (`day`, `product`, `events`, `captured`, `through_seq`) values (?, ?, ?, ?, ?) on duplicate key update `events` = CASE WHEN `through_seq` <= ? THEN `events` + VALUES(`events`) ELSE `events` END, `captured` = CASE WHEN `through_seq` <= ? THEN `captured` + VALUES(`captured`) ELSE `captured` END, `through_seq` = CASE WHEN `through_seq` <= ? THEN VALUES(`through_seq`) ELSE `through_seq` END',
      parameters: [...DAY, 1, 1, 7, 6, 6, 6],
    },
    {
      sql: 'insert into `insight_actor_day` (`day`, `product`, `actor_id`, `events`, `through_seq`) values (?, ?, ?, ?, ?) on duplicate key update `events` = CASE WHEN `through_seq` <= ? THEN `events` + VALUES(`events`) ELSE `events` END, `through_seq` = CASE WHEN `through_seq` <= ? THEN VALUES(`through_seq`) ELSE `through_seq` END',
      parameters: [...DAY, ROW.actor_id, 1, 7, 6, 6],
    },
    {
      sql: 'insert into `insight_action_day` (`day`, `product`, `action`, `events`, `through_seq`) values (?, ?, ?, ?, ?) on duplicate key update `events` = CASE WHEN `through_seq` <= ? THEN `events` + VALUES(`events`) ELSE `events` END, `through_seq` = CASE WHEN `through_seq` <= ? THEN VALUES(`through_seq`) ELSE `through_seq` END',
      parameters: [...DAY, ROW.action, 1, 7, 6, 6],
    },
    {
      sql: 'insert into `insight_container_day` (`day`, `product`, `container_type`, `container_id`, `container_key`, `container_name`, `events`, `through_seq`) values (?, ?, ?, ?, ?, ?, ?, ?) on duplicate key update `events` = CASE WHEN `through_seq` <= ? THEN `events` + VALUES(`events`) ELSE `events` END, `container_key` = COALESCE(VALUES(`container_key`), `container_key`), `container_name` = COALESCE(VALUES(`container_name`), `container_name`), `through_seq` = CASE WHEN `through_seq` <= ? THEN VALUES(`through_seq`) ELSE `through_seq` END',
      parameters: [...DAY, 'project', '10000', 'KEY', 'Key project', 1, 7, 6, 6],
    },
    {
      sql: 'insert into `personal_account` (`account_id`, `updated_ms`, `reported_ms`) values (?, ?, ?) on duplicate key update `updated_ms` = CASE WHEN `updated_ms` < VALUES(`updated_ms`) THEN VALUES(`updated_ms`) ELSE `updated_ms` END',
      parameters: [ROW.actor_id, NOW, null],
    },
  ]);
});
