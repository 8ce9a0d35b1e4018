/**
 * How the activity log's pages behave on large installations: logs of 1 M and 5 M rows in MariaDB
 * (bench/synthetic-log.ts), read by the app's own scan (src/activity/scan-records.ts: keyset pages, scan
 * windows) for the filter mixes the admin page uses. For each mix and size: the first and the tenth page
 * of 50 — wall time, the slowest single SQL statement (Forge SQL stops a SELECT at 5 s), the rows the
 * server examined (its `Rows_read` counter, over every statement of the page) against the rows
 * returned, and how the page compares with a full scan of the table.
 *
 *   npx tsx bench/query-plan.ts    AUDIT_BENCH_MYSQL (default mysql://root@127.0.0.1:3306/test),
 *                                  BENCH_ROWS (default 1000000,5000000: the sizes, comma-separated)
 *
 * Targets (targets.ts): rows examined ≤ 5× rows returned for every mix; every first page at least 10×
 * inside the 5 s SELECT limit, i.e. ≤ 500 ms. Times depend on this machine and its buffer pool; rows
 * examined, statements and plans are the figures to compare.
 */
import { sql, type Kysely } from 'kysely';
import { pageKeysQuery } from '../src/activity/compile-filter';
import type { ResolvedFilter } from '../src/query/resolved-filter';
import { scanRecords, type ScanResult } from '../src/activity/scan-records';
import { readBudgets } from '../src/limits';
import type { Store } from '../src/store/database';
import type { Database } from '../src/store/tables';
import { reportFigures } from './part-result';
import { overExaminedTarget, TARGETS } from './targets';
import { DAY_MS, openSyntheticLog, secondaryIndexes, type SyntheticLog } from './synthetic-log';
import { formatTable } from './table';

const SIZES = (process.env.BENCH_ROWS ?? '1000000,5000000').split(',').map(Number);
const PAGE = 50;

export interface MixFigures {
  readonly rows: number;
  readonly mix: string;
  readonly page1: PageFigures;
  /** Absent when the first page already spent the read budget (nothing to page through). */
  readonly page10?: PageFigures;
  /** The first page as one SELECT with no index to use: every row read, filtered and sorted. */
  readonly fullScan: { readonly ms: number; readonly examined: number };
  /** How many times faster the first page is than that full scan. */
  readonly speedupVsFullScan: number;
  readonly plan: string;
}

interface PageFigures {
  readonly ms: number;
  readonly slowestStatementMs: number;
  readonly statements: number;
  readonly examined: number;
  readonly returned: number;
  /** Rows examined per row returned; examined rows themselves when nothing was returned. */
  readonly ratio: number;
  readonly more: boolean;
}

/** Statements through the log's Kysely, and the slowest of them, since the counters were last read. */
const counted = { statements: 0, slowestMs: 0 };

async function main(): Promise<void> {
  const figures: MixFigures[] = [];
  for (const size of SIZES) {
    const log = await openSyntheticLog(size, {
      progress: (line) => console.log(`\n${line}`),
      onQuery: (event) => {
        if (event.level !== 'query') return;
        counted.statements += 1;
        counted.slowestMs = Math.max(counted.slowestMs, event.queryDurationMillis);
      },
    });
    try {
      figures.push(...(await measureLog(log)));
    } finally {
      await log.close();
    }
  }
  console.log(`\n${table(figures)}\n`);
  const missed = figures.filter((f) => overExaminedTarget(f) || f.page1.ms > TARGETS.firstPageMs);
  console.log(
    missed.length === 0
      ? `Every mix within targets (examined ≤ ${TARGETS.examinedPerReturned}× returned, first page ≤ ${TARGETS.firstPageMs} ms).`
      : `Targets missed (examined ≤ ${TARGETS.examinedPerReturned}× returned on pages 1 and 10, first page ≤ ${TARGETS.firstPageMs} ms): ${missed.map((f) => `${f.mix} @ ${f.rows.toLocaleString('en-US')}`).join('; ')}`,
  );
  reportFigures({ mixes: figures });
}

async function measureLog(log: SyntheticLog): Promise<MixFigures[]> {
  const store: Store = { db: log.db, engine: 'forge-sql' };
  const world = await survey(log.db);
  console.log(world.note);
  const indexes = await secondaryIndexes(log.db);
  const figures: MixFigures[] = [];
  for (const mix of mixes(world, log.now)) {
    const fullScan = await measureFullScan(log.db, mix.filter, indexes);
    const page1 = await measurePage(log.db, store, mix.filter, undefined);
    let page10: PageFigures | undefined;
    // Pages 2–9 are read as the UI would, unmeasured; a first page that came back short spent its
    // read budget (or the log ended), and has no tenth page to speak of.
    let after = page1.figures.returned === PAGE ? page1.next : undefined;
    for (let page = 2; page < 10 && after; page += 1) after = (await readPage(store, mix.filter, after)).next;
    if (after) page10 = (await measurePage(log.db, store, mix.filter, after)).figures;
    figures.push({
      rows: log.rows,
      mix: mix.name,
      page1: page1.figures,
      ...(page10 ? { page10 } : {}),
      fullScan,
      speedupVsFullScan: fullScan.ms / Math.max(page1.figures.ms, 0.1),
      plan: await keysPlan(log.db, mix.filter),
    });
    console.log(
      `  ${mix.name}: page 1 ${page1.figures.ms.toFixed(0)} ms, ${page1.figures.examined} examined / ${page1.figures.returned} returned` +
        (page10 ? `; page 10 ${page10.ms.toFixed(0)} ms, ${page10.examined} / ${page10.returned}` : ''),
    );
  }
  return figures;
}

interface World {
  readonly busyActor: string;
  readonly typicalActor: string;
  readonly project: string;
  readonly actorsProject: string;
  readonly group50: readonly string[];
  readonly issues1000: readonly string[];
  readonly note: string;
}

/** Who and what to filter on: the busiest and a typical actor, the busiest project, a team of 50, 1,000 issues. */
async function survey(db: Kysely<Database>): Promise<World> {
  const byActor = await db
    .selectFrom('audit_event')
    .select((eb) => ['actor_id', eb.fn.countAll<string>().as('n')])
    .where('actor_id', 'is not', null)
    .groupBy('actor_id')
    .orderBy('n', 'desc')
    .execute();
  const byContainer = await db
    .selectFrom('audit_event')
    .select((eb) => ['container_type', 'container_id', eb.fn.countAll<string>().as('n')])
    .where('container_id', 'is not', null)
    .groupBy(['container_type', 'container_id'])
    .orderBy('n', 'desc')
    .execute();
  const byProject = byContainer.filter((c) => c.container_type === 'project');
  const actorIds = byActor.map((a) => a.actor_id as string);
  // Fifty people spread over the activity ranking, as a real team would be.
  const group50 = Array.from(
    { length: 50 },
    (_, i) => actorIds[Math.floor((i * actorIds.length) / 50)] as string,
  );
  // A JQL such as `created >= -90d AND status = Done` that matched 1,000 issues: issues spread over the
  // log, as resolve-filter hands them to the scan when the JQL's ids are fetched up front.
  const issues = await db
    .selectFrom('audit_event')
    .select('trail_id')
    .distinct()
    .where('action', '=', 'issue.created')
    .orderBy('trail_id')
    .execute();
  const issueIds = issues.map((r) => r.trail_id as string);
  const issues1000 = Array.from(
    { length: Math.min(1000, issueIds.length) },
    (_, i) => issueIds[Math.floor((i * issueIds.length) / 1000)] as string,
  );
  const busy = byActor[0];
  const typical = byActor[Math.floor(byActor.length / 4)];
  const project = byProject[0];
  // "What did this person do in their project": the typical actor's own busiest project.
  const actorsProject = await db
    .selectFrom('audit_event')
    .select((eb) => ['container_id', eb.fn.countAll<string>().as('n')])
    .where('actor_id', '=', typical?.actor_id as string)
    .where('container_type', '=', 'project')
    .groupBy('container_id')
    .orderBy('n', 'desc')
    .executeTakeFirst();
  return {
    busyActor: busy?.actor_id as string,
    typicalActor: typical?.actor_id as string,
    project: project?.container_id as string,
    actorsProject: actorsProject?.container_id as string,
    group50,
    issues1000,
    note:
      `busiest actor ${Number(busy?.n).toLocaleString('en-US')} rows, typical (p75) actor ${typical?.n}, ` +
      `${actorIds.length} actors; busiest project ${Number(project?.n).toLocaleString('en-US')} rows, ` +
      `the typical actor's own ${Number(actorsProject?.n)}; ` +
      `${byProject.length} projects and ${byContainer.length - byProject.length} spaces; ` +
      `${issueIds.length.toLocaleString('en-US')} issues created`,
  };
}

interface Mix {
  readonly name: string;
  readonly filter: ResolvedFilter;
}

function mixes(world: World, now: number): Mix[] {
  const since = (days: number) => now - days * DAY_MS;
  return [
    { name: 'everything, newest first', filter: {} },
    { name: 'one actor, 7 d', filter: { actors: [world.typicalActor], from: since(7) } },
    { name: 'busiest actor, 7 d', filter: { actors: [world.busyActor], from: since(7) } },
    { name: 'a project, 30 d', filter: { containers: [world.project], from: since(30) } },
    { name: 'issue.updated, 90 d', filter: { actions: ['issue.updated'], from: since(90) } },
    {
      name: 'actor + their project',
      filter: { actors: [world.typicalActor], containers: [world.actorsProject] },
    },
    { name: 'text, common word', filter: { text: 'release' } },
    { name: 'text, no match', filter: { text: 'zz-no-such-text' } },
    { name: 'group of 50, 30 d', filter: { actors: [...world.group50], from: since(30) } },
    { name: 'JQL scope, 1,000 issues', filter: { issueScope: { issueIds: [...world.issues1000] } } },
    { name: 'Confluence only, 30 d', filter: { products: ['confluence'], from: since(30) } },
  ];
}

interface PageRead {
  readonly returned: number;
  readonly next: ScanResult['next'];
}

/** One page of 50 as `activity.query` reads it: the scan, under the resolver's read budget. */
async function readPage(store: Store, filter: ResolvedFilter, after: ScanResult['next']): Promise<PageRead> {
  let returned = 0;
  const result = await scanRecords(
    store,
    {
      filter,
      ...(after ? { after } : {}),
      maxRows: PAGE,
      deadline: Date.now() + readBudgets.workMs,
    },
    () => {
      returned += 1;
      return true;
    },
  );
  return { returned, next: result.next };
}

/**
 * A page read twice, the first to warm the buffer pool, the second measured; a read that takes seconds
 * is measured on its first run instead (warmth no longer matters at that scale, and it saves minutes).
 */
async function measurePage(
  db: Kysely<Database>,
  store: Store,
  filter: ResolvedFilter,
  after: ScanResult['next'],
): Promise<{ figures: PageFigures; next: ScanResult['next'] }> {
  let run = await counting(db, () => readPage(store, filter, after));
  if (run.ms < 2000) run = await counting(db, () => readPage(store, filter, after));
  const { value, ...counts } = run;
  return {
    figures: {
      ...counts,
      returned: value.returned,
      ratio: value.returned === 0 ? counts.examined : counts.examined / value.returned,
      more: value.next !== undefined,
    },
    next: value.next,
  };
}

interface Counted<T> {
  readonly value: T;
  readonly ms: number;
  readonly examined: number;
  readonly statements: number;
  readonly slowestStatementMs: number;
}

async function counting<T>(db: Kysely<Database>, run: () => Promise<T>): Promise<Counted<T>> {
  // Reading the counters moves them too: measure that once and take it off.
  const first = await rowsRead(db);
  const ownCost = (await rowsRead(db)) - first;
  const before = await rowsRead(db);
  counted.statements = 0;
  counted.slowestMs = 0;
  const started = process.hrtime.bigint();
  const value = await run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const statements = counted.statements;
  const slowestStatementMs = counted.slowestMs;
  const after = await rowsRead(db);
  return { value, ms, examined: Math.max(0, after - before - ownCost), statements, slowestStatementMs };
}

/**
 * What the first page would cost without the indexes: the mix's keys query as one SELECT that may use
 * none of them, so every row is read, filtered and sorted for the newest 51 — the baseline the indexes
 * and scan windows are measured against (and, on a large log, a SELECT Forge SQL would stop at 5 s).
 */
async function measureFullScan(
  db: Kysely<Database>,
  filter: ResolvedFilter,
  indexes: readonly string[],
): Promise<{ ms: number; examined: number }> {
  const ignore = indexes.map((name) => `\`${name}\``).join(', ');
  const compiled = pageKeysQuery(db, filter, { limit: PAGE + 1 }).compile();
  const run = await counting(db, () =>
    db.executeQuery({
      ...compiled,
      sql: compiled.sql.replace('from `audit_event`', `from \`audit_event\` IGNORE INDEX (${ignore})`),
    }),
  );
  return { ms: run.ms, examined: run.examined };
}

/** The index the first page's keys query uses (EXPLAIN of the query as the scan first runs it). */
async function keysPlan(db: Kysely<Database>, filter: ResolvedFilter): Promise<string> {
  const compiled = pageKeysQuery(db, filter, { limit: PAGE + 1 }).compile();
  const explain = await db.executeQuery<{ select_type: string; key: string | null }>({
    ...compiled,
    sql: `EXPLAIN ${compiled.sql}`,
  });
  // The keys come from the derived table's query; the outer rows are its copy and the lookups by id.
  const inner = explain.rows.filter((r) => r.select_type === 'DERIVED');
  return (inner.length > 0 ? inner : explain.rows)
    .map((r) => (r.key ?? 'ALL').replace('ix_audit_event_', ''))
    .join('; ');
}

/**
 * Rows read from the log's tables so far in this session: MariaDB's `Rows_read`, which counts every row
 * or index entry a storage engine handed to the server for a base table, and leaves out the server's
 * own temporary tables (a derived table's copy of 51 keys is not 51 more rows of the log).
 */
async function rowsRead(db: Kysely<Database>): Promise<number> {
  const rows = await sql<{ Value: string }>`SHOW SESSION STATUS LIKE 'Rows_read'`.execute(db);
  return Number(rows.rows[0]?.Value ?? 0);
}

function table(figures: readonly MixFigures[]): string {
  const ratio = (page: PageFigures) =>
    page.returned === 0 ? `${page.examined.toLocaleString('en-US')} for 0` : page.ratio;
  return formatTable(
    [
      'rows',
      'filter mix',
      'page 1 ms',
      'slowest SQL ms',
      'examined',
      'returned',
      'examined ÷ returned',
      'page 10 ms',
      'page 10 examined ÷ returned',
      'full scan ms',
      '× faster than full scan',
      'keys index',
    ],
    figures.map((f) => [
      `${f.rows / 1e6} M`,
      f.mix,
      f.page1.ms,
      f.page1.slowestStatementMs,
      f.page1.examined,
      f.page1.returned,
      ratio(f.page1),
      f.page10 ? f.page10.ms : 'n/a',
      f.page10 ? ratio(f.page10) : 'n/a',
      f.fullScan.ms,
      f.speedupVsFullScan,
      f.plan,
    ]),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
