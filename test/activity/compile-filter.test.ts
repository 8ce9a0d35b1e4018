import {
  DummyDriver,
  Kysely,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
} from 'kysely';
import {
  answeredByOneIndex,
  boundedCountQuery,
  escapeLike,
  facetGroupsQuery,
  pageKeysQuery,
  leadFilter,
  recentIssuesQuery,
  rowsByIdQuery,
  windowStartQuery,
} from '../../src/activity/compile-filter';
import type { ResolvedFilter } from '../../src/query/resolved-filter';
import { answerBytes } from '../../src/store/rows-within-bytes';
import type { Database } from '../../src/store/tables';

/** Kysely instances that compile and never execute: the compiler is tested without any database. */
const mysql = new Kysely<Database>({
  dialect: {
    createAdapter: () => new MysqlAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new MysqlIntrospector(db),
    createQueryCompiler: () => new MysqlQueryCompiler(),
  },
});
const sqlite = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

const compile = (query: Compilable) => {
  const { sql, parameters } = query.compile();
  return { sql, parameters: [...parameters] };
};

/** Values that must travel as parameters only, never inside the SQL text. */
const HOSTILE = `x' OR '1'='1`;

describe('the filter compiler (pure: filter → Kysely query)', () => {
  test('no filter: newest first by (time, id), a LIMIT, nothing else; keys from the index, the rest by id', () => {
    expect(compile(pageKeysQuery(mysql, {}, { limit: 51 }))).toEqual({
      sql:
        'select `page`.`id` as `id`, `page`.`time_ms` as `time_ms`, `row`.`trail_id` as `trail_id`, `row`.`product` as `product`, ' +
        `${answerBytes('row').compile(mysql).sql} as \`size_estimate\` ` +
        'from (select `id`, `time_ms` from `audit_event` where 1 = 1 order by `time_ms` desc, `id` desc limit ?) as `page` ' +
        'inner join `audit_event` as `row` on `row`.`id` = `page`.`id` order by `page`.`time_ms` desc, `page`.`id` desc',
      parameters: [51],
    });
  });

  test('actors + time range + cursor (MySQL): index-friendly predicates, every value bound', () => {
    const filter: ResolvedFilter = { actors: ['acc-1', 'acc-2'], from: 1000, to: 2000 };
    const { sql, parameters } = compile(
      pageKeysQuery(mysql, filter, { after: { time: 1500, id: 'ffe0' }, limit: 26 }),
    );
    expect(sql).toContain(
      'where (`time_ms` >= ? and `time_ms` <= ? and `actor_id` in (?, ?) and ' +
        '(`time_ms` <= ? and (`time_ms` < ? or `id` < ?))) order by `time_ms` desc, `id` desc limit ?',
    );
    expect(parameters).toEqual([1000, 2000, 'acc-1', 'acc-2', 1500, 1500, 'ffe0', 26]);
  });

  test('the same mix on SQLite: same predicates, SQLite quoting', () => {
    const { sql, parameters } = compile(
      pageKeysQuery(
        sqlite,
        { actors: ['acc-1'], from: 1000 },
        { after: { time: 1500, id: 'ffe0' }, limit: 26 },
      ),
    );
    expect(sql).toContain(
      'where ("time_ms" >= ? and "actor_id" in (?) and ("time_ms" <= ? and ("time_ms" < ? or "id" < ?))) ' +
        'order by "time_ms" desc, "id" desc limit ?',
    );
    expect(parameters).toEqual([1000, 'acc-1', 1500, 1500, 'ffe0', 26]);
  });

  test('container, object trail and product filters are IN lists on their columns', () => {
    const { sql, parameters } = compile(
      pageKeysQuery(mysql, { containers: ['10000'], objects: ['10042'], products: ['jira'] }, { limit: 5 }),
    );
    expect(sql).toContain('`product` in (?) and `container_id` in (?) and `trail_id` in (?)');
    expect(parameters).toEqual(['jira', '10000', '10042', 5]);
  });

  test('action wildcards become prefix LIKEs (still a range on the action index); `*` alone is no condition', () => {
    const { sql, parameters } = compile(
      pageKeysQuery(mysql, { actions: ['issue.*', 'page.viewed', 'comment.*'] }, { limit: 5 }),
    );
    expect(sql).toContain("(`action` in (?) or `action` like ? escape '!' or `action` like ? escape '!')");
    expect(parameters).toEqual(['page.viewed', 'issue.%', 'comment.%', 5]);
    expect(compile(pageKeysQuery(mysql, { actions: ['*'] }, { limit: 5 })).sql).toContain(
      'from `audit_event` where 1 = 1 order by',
    );
  });

  test('text: one OR group of case-insensitive LIKEs, with % and _ escaped in the bound pattern', () => {
    const { sql, parameters } = compile(pageKeysQuery(mysql, { text: '50%_OFF!' }, { limit: 5 }));
    for (const column of ['actor_id', 'action', 'object_key', 'object_title', 'parent_key', 'parent_title']) {
      expect(sql).toContain(`lower(\`${column}\`) like lower(?) escape '!'`);
    }
    expect(sql.match(/ or /g)).toHaveLength(5);
    expect(parameters.slice(0, 6)).toEqual(Array(6).fill('%50!%!_OFF!!%'));
    expect(escapeLike('a%b_c!d')).toBe('a!%b!_c!!d');
  });

  test('a JQL scope keeps Jira rows whose trail is an issue, and the issues when they are known', () => {
    const { sql, parameters } = compile(
      pageKeysQuery(mysql, { issueScope: { issueIds: ['10001', '10002'] } }, { limit: 5 }),
    );
    expect(sql).toContain(
      '`product` = ? and (`parent_type` = ? or (`parent_type` is null and `object_type` = ?)) and `trail_id` in (?, ?)',
    );
    expect(parameters).toEqual(['jira', 'issue', 'issue', '10001', '10002', 5]);
    expect(compile(pageKeysQuery(mysql, { issueScope: {} }, { limit: 5 })).sql).not.toContain('trail_id` in');
  });

  test("a JQL scope that keeps Confluence: Confluence's rows or the scope's Jira rows, and no lead on the issues", () => {
    const scope = { issueIds: ['10001'], confluence: true as const };
    const { sql, parameters } = compile(pageKeysQuery(mysql, { issueScope: scope }, { limit: 5 }));
    expect(sql).toContain(
      '(`product` = ? or (`product` = ? and (`parent_type` = ? or (`parent_type` is null and `object_type` = ?)) and `trail_id` in (?)))',
    );
    expect(parameters).toEqual(['confluence', 'jira', 'issue', 'issue', '10001', 5]);
    expect(leadFilter({ from: 3, issueScope: scope })).toEqual({ from: 3 });
  });

  test('free text also matches the actors its names resolved to', () => {
    const { sql, parameters } = compile(
      pageKeysQuery(mysql, { text: 'mia mensah', textActors: ['acc-1', 'acc-2'] }, { limit: 5 }),
    );
    expect(sql).toContain("like lower(?) escape '!' or `actor_id` in (?, ?))");
    expect(parameters.slice(6, 8)).toEqual(['acc-1', 'acc-2']);
  });

  test('an empty list (a group without members) matches nothing', () => {
    expect(compile(pageKeysQuery(mysql, { actors: [] }, { limit: 5 })).sql).toContain('where 1 = 0');
  });

  test('hostile values never reach the SQL text', () => {
    const filter: ResolvedFilter = {
      actors: [HOSTILE],
      containers: [HOSTILE],
      objects: [HOSTILE],
      actions: [HOSTILE, `${HOSTILE}*`],
      text: HOSTILE,
      issueScope: { issueIds: [HOSTILE] },
    };
    for (const db of [mysql, sqlite]) {
      const queries = [
        pageKeysQuery(db, filter, { after: { time: 1, id: HOSTILE }, limit: 5 }),
        facetGroupsQuery(db, filter),
        boundedCountQuery(db, filter, 100),
        recentIssuesQuery(db, filter, 100),
        rowsByIdQuery(db, [HOSTILE]),
      ];
      for (const query of queries) {
        const { sql, parameters } = compile(query);
        expect(sql).not.toContain("1'='1");
        expect(parameters.some((p) => String(p).includes(`'1'='1`))).toBe(true);
      }
    }
  });

  test('facets: one GROUP BY over every facet column within the filter', () => {
    const { sql, parameters } = compile(facetGroupsQuery(mysql, { from: 10, products: ['confluence'] }));
    expect(sql).toBe(
      'select `actor_id`, `action`, `product`, `container_id`, max(`container_key`) as `container_key`, ' +
        'max(`container_name`) as `container_name`, count(*) as `count` from `audit_event` ' +
        'where (`time_ms` >= ? and `product` in (?)) group by `actor_id`, `action`, `product`, `container_id`',
    );
    expect(parameters).toEqual([10, 'confluence']);
  });

  test('the window start: the time of the n-th row of the lead filter, read on one index', () => {
    const filter: ResolvedFilter = { text: 'x', actors: ['a'], containers: ['c'], from: 5 };
    expect(answeredByOneIndex(filter)).toBe(false);
    expect(answeredByOneIndex({ actors: ['a', 'b'], from: 5 })).toBe(true);
    expect(leadFilter(filter)).toEqual({ actors: ['a'], from: 5 });
    expect(leadFilter({ text: 'x', issueScope: { issueIds: ['1'] } })).toEqual({ objects: ['1'] });
    expect(compile(windowStartQuery(mysql, leadFilter(filter), { time: 9, id: 'ab' }, 10_000))).toEqual({
      sql:
        'select `time_ms` from `audit_event` where (`time_ms` >= ? and `actor_id` in (?) and ' +
        '(`time_ms` <= ? and (`time_ms` < ? or `id` < ?))) order by `time_ms` desc, `id` desc limit ? offset ?',
      parameters: [5, 'a', 9, 9, 'ab', 1, 9999],
    });
  });

  test('the export estimate counts at most cap + 1 rows', () => {
    expect(compile(boundedCountQuery(mysql, { containers: ['1'] }, 1000))).toEqual({
      sql: 'select count(*) as `n` from (select 1 as `one` from `audit_event` where `container_id` in (?) limit ?) as `limited`',
      parameters: ['1', 1001],
    });
  });
});
