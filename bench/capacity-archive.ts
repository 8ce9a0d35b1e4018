/**
 * The archive half of `npm run bench -- capacity`: packing a loaded log to steady state, and what the
 * year's reads cost once it is packed — the `query` part's filter mixes through `activity.query` (first
 * page, slowest statement, blocks decompressed against blocks holding a match), a free-text search with
 * no match continued by cursor to the end, `chain.verify` over the whole log, and pseudonymising one
 * account across it.
 */
import type { Connection } from 'mysql2/promise';
import type { startSandbox } from '../dev/sandbox';
import { blockStats } from '../src/archive/block-stats';
import { listAllBlocks, type BlockMeta } from '../src/archive/block-store';
import { packArchive } from '../src/packing/pack-archive';
import { pseudonymiseAccount } from '../src/privacy/pseudonymise';
import { pseudonymKey } from '../src/privacy/pseudonym-key';
import type { ActivityFilter } from '../src/query/activity-filter';
import type { AuditRecord } from '../src/record/audit-record';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const PAGE = 50;
/** Pages a no-match search is followed through before the bench gives up on it. */
const MAX_NO_MATCH_PAGES = 2000;

export interface PackFigures {
  readonly records: number;
  readonly blocks: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  /** Records left live (the partial block still inside its live window). */
  readonly liveRecords: number;
}

/**
 * Packs until nothing more goes into a block, then once more so every block's live rows are deleted
 * (settle time 0: no reader runs meanwhile). A partial block stays live, as at a real site's steady state.
 */
export async function packToSteadyState(sandbox: Sandbox): Promise<PackFigures> {
  const store = sandbox.opened.store;
  const started = performance.now();
  let records = 0;
  for (let run = 0; ; run++) {
    if (run === 1000) throw new Error('packing did not finish in 1,000 runs');
    const result = await packArchive(store, {
      deadlineMs: Date.now() + 600_000,
      settleMs: 0,
      liveWindowMs: 0,
    });
    if (result.refused) throw new Error(`packing refused: ${result.refused}`);
    records += result.records;
    if (result.packed === 0 && result.settled === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const blocks = await allBlocks(sandbox);
  return {
    records,
    blocks: blocks.length,
    seconds,
    recordsPerSecond: records / seconds,
    liveRecords: await sandbox.records(),
  };
}

/** Who and what the mixes filter on, surveyed from the live table before it is packed. */
export interface Survey {
  readonly busyActor: string;
  readonly typicalActor: string;
  readonly project: string;
  readonly actorsProject: string;
  readonly issue: string;
  readonly note: string;
}

export async function survey(connection: Connection): Promise<Survey> {
  const rows = async (query: string, params: unknown[] = []) =>
    (await connection.query(query, params))[0] as Record<string, string | number>[];
  const actors = await rows(
    'SELECT actor_id AS id, COUNT(*) AS n FROM audit_event WHERE actor_id IS NOT NULL GROUP BY actor_id ORDER BY n DESC',
  );
  const projects = await rows(
    "SELECT container_id AS id, COUNT(*) AS n FROM audit_event WHERE container_type = 'project' GROUP BY container_id ORDER BY n DESC LIMIT 1",
  );
  const busy = actors[0]!;
  const typical = actors[Math.floor(actors.length / 4)]!;
  const own = await rows(
    "SELECT container_id AS id, COUNT(*) AS n FROM audit_event WHERE actor_id = ? AND container_type = 'project' GROUP BY container_id ORDER BY n DESC LIMIT 1",
    [typical.id],
  );
  // A typical issue's trail: the median of the issues with more than one record.
  const issues = await rows(
    "SELECT trail_id AS id, COUNT(*) AS n FROM audit_event WHERE product = 'jira' AND trail_id IS NOT NULL GROUP BY trail_id HAVING COUNT(*) > 1 ORDER BY n DESC",
  );
  const issue = issues[Math.floor(issues.length / 2)]!;
  return {
    busyActor: String(busy.id),
    typicalActor: String(typical.id),
    project: String(projects[0]!.id),
    actorsProject: String(own[0]!.id),
    issue: String(issue.id),
    note:
      `busiest actor ${busy.n} records, typical (p75) actor ${typical.n}, ${actors.length} actors; ` +
      `busiest project ${projects[0]!.n}, the typical actor's own ${own[0]!.n}; a median issue's trail ${issue.n}`,
  };
}

export interface QueryFigures {
  readonly mix: string;
  readonly firstPageMs: number;
  readonly slowestStatementMs: number;
  readonly statements: number;
  readonly returned: number;
  readonly blocksDecompressed: number;
  /** Blocks holding a record the page returned. */
  readonly blocksMatching: number;
  /** Decompressed ÷ matching; the decompressed count itself where nothing matched. */
  readonly ratio: number;
  /** Pages followed by cursor (the no-match search, to the end of the log). */
  readonly pages?: number;
  readonly totalMs?: number;
  readonly complete?: boolean;
}

function mixes(world: Survey): { readonly name: string; readonly filter: ActivityFilter }[] {
  return [
    { name: 'everything, newest first', filter: {} },
    { name: 'one actor', filter: { actors: [world.typicalActor] } },
    { name: 'busiest actor', filter: { actors: [world.busyActor] } },
    { name: 'a project', filter: { containers: [world.project] } },
    { name: 'issue.updated', filter: { actions: ['issue.updated'] } },
    { name: "an issue's trail", filter: { objects: [world.issue] } },
    {
      name: 'actor + their project',
      filter: { actors: [world.typicalActor], containers: [world.actorsProject] },
    },
  ];
}

export async function queryMixes(sandbox: Sandbox, world: Survey): Promise<QueryFigures[]> {
  const blocks = await allBlocks(sandbox);
  // Pages end just before the live tail, so what is timed is a read of the archive (what a page a day, a
  // month or a year back reads), not the newest rows the live table answers alone.
  const oldestLive = await sandbox.opened.store.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.min('time_ms').as('t'))
    .executeTakeFirst();
  const to = oldestLive?.t === null || oldestLive?.t === undefined ? undefined : Number(oldestLive.t) - 1;
  const out: QueryFigures[] = [];
  for (const mix of mixes(world)) {
    const filter: ActivityFilter = to === undefined ? mix.filter : { ...mix.filter, to };
    await page(sandbox, filter); // warms the buffer pool, as a second look at the page would
    const measured = await timed(sandbox, () => page(sandbox, filter));
    const matching = blocksHolding(blocks, measured.value.items);
    out.push({
      mix: mix.name,
      firstPageMs: measured.ms,
      slowestStatementMs: measured.slowestMs,
      statements: measured.statements,
      returned: measured.value.items.length,
      blocksDecompressed: measured.decoded,
      blocksMatching: matching,
      ratio: matching === 0 ? measured.decoded : measured.decoded / matching,
    });
  }
  out.push(await noMatchSearch(sandbox));
  return out;
}

/** Free text that matches nothing, followed page by page by its cursor to the end of the log. */
async function noMatchSearch(sandbox: Sandbox): Promise<QueryFigures> {
  const filter: ActivityFilter = { text: 'zz-no-such-text' };
  let first: Awaited<ReturnType<typeof timed<ActivityPageAnswer>>> | undefined;
  let cursor: string | undefined;
  let pages = 0;
  let slowest = 0;
  let statements = 0;
  let decoded = 0;
  let totalMs = 0;
  do {
    const current = cursor;
    const run = await timed(sandbox, () => page(sandbox, filter, current));
    first ??= run;
    pages += 1;
    slowest = Math.max(slowest, run.slowestMs);
    statements += run.statements;
    decoded += run.decoded;
    totalMs += run.ms;
    cursor = run.value.nextCursor;
  } while (cursor && pages < MAX_NO_MATCH_PAGES);
  return {
    mix: 'text, no match (to the end by cursor)',
    firstPageMs: first?.ms ?? 0,
    slowestStatementMs: slowest,
    statements,
    returned: 0,
    blocksDecompressed: decoded,
    blocksMatching: 0,
    ratio: decoded,
    pages,
    totalMs,
    complete: cursor === undefined,
  };
}

interface ActivityPageAnswer {
  readonly items: readonly AuditRecord[];
  readonly nextCursor?: string;
}

function page(sandbox: Sandbox, filter: ActivityFilter, cursor?: string): Promise<ActivityPageAnswer> {
  return sandbox.host.invoke(
    'jira:adminPage',
    'activity.query',
    { ...filter, limit: PAGE, ...(cursor ? { cursor } : {}) },
    sandbox.defaultAccountId,
  ) as Promise<ActivityPageAnswer>;
}

/** Runs `read`, timing it and counting its SQL statements, the slowest of them, and the blocks it decoded. */
async function timed<T>(
  sandbox: Sandbox,
  read: () => Promise<T>,
): Promise<{ value: T; ms: number; slowestMs: number; statements: number; decoded: number }> {
  const backend = sandbox.opened.sqlBackend;
  if (!backend) throw new Error('the capacity bench reads through the MariaDB backend');
  backend.slowestMs = 0;
  const statementsBefore = backend.statements;
  const decodedBefore = blockStats.decoded;
  const started = performance.now();
  const value = await read();
  return {
    value,
    ms: performance.now() - started,
    slowestMs: backend.slowestMs,
    statements: backend.statements - statementsBefore,
    decoded: blockStats.decoded - decodedBefore,
  };
}

/** How many of the blocks hold one of the records (by seq). */
function blocksHolding(blocks: readonly BlockMeta[], records: readonly AuditRecord[]): number {
  const holding = new Set<number>();
  for (const record of records) {
    if (record.seq === undefined) continue;
    const block = blocks.find((b) => b.blockId <= record.seq! && record.seq! <= b.seqTo);
    if (block) holding.add(block.blockId);
  }
  return holding.size;
}

export interface VerifyFigures {
  readonly ok: boolean;
  readonly checked: number;
  readonly calls: number;
  readonly seconds: number;
  readonly slowestStatementMs: number;
  readonly blocksDecompressed: number;
  readonly erased?: number;
}

/** `chain.verify` over the whole log, continued call by call as the admin page continues it. */
export async function verifyWholeLog(sandbox: Sandbox): Promise<VerifyFigures> {
  interface Report {
    ok: boolean;
    checked: number;
    partial?: true;
    nextSeq?: number;
    erasedCount?: number;
  }
  let checked = 0;
  let calls = 0;
  let report: Report;
  let fromSeq: number | undefined;
  const run = await timed(sandbox, async () => {
    do {
      report = (await sandbox.host.invoke(
        'jira:adminPage',
        'chain.verify',
        fromSeq === undefined ? {} : { fromSeq },
        sandbox.defaultAccountId,
      )) as Report;
      calls += 1;
      checked += report.checked;
      fromSeq = report.nextSeq;
    } while (report.ok && report.partial && fromSeq !== undefined);
    return report;
  });
  return {
    ok: run.value.ok,
    checked,
    calls,
    seconds: run.ms / 1000,
    slowestStatementMs: run.slowestMs,
    blocksDecompressed: run.decoded,
    ...(run.value.erasedCount === undefined ? {} : { erased: run.value.erasedCount }),
  };
}

export interface PseudonymiseFigures {
  readonly account: string;
  readonly actorRows: number;
  readonly changeRows: number;
  readonly seconds: number;
  readonly slowestStatementMs: number;
  readonly blocksDecompressed: number;
}

/** Pseudonymises one account (the typical actor) across the whole log. */
export async function pseudonymiseOne(sandbox: Sandbox, accountId: string): Promise<PseudonymiseFigures> {
  const key = await pseudonymKey();
  const run = await timed(sandbox, () => pseudonymiseAccount(sandbox.opened.store, key, accountId));
  if (run.value.retry) throw new Error('pseudonymising: the seal lock was busy');
  return {
    account: accountId,
    actorRows: run.value.actorRows,
    changeRows: run.value.changeRows,
    seconds: run.ms / 1000,
    slowestStatementMs: run.slowestMs,
    blocksDecompressed: run.decoded,
  };
}

async function allBlocks(sandbox: Sandbox): Promise<BlockMeta[]> {
  const out: BlockMeta[] = [];
  for (;;) {
    const page = await listAllBlocks(sandbox.opened.store, out.length ? out[out.length - 1]!.blockId : -1);
    out.push(...page);
    if (page.length < 1000) return out;
  }
}
