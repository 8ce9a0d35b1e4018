import { createConnection, type Connection } from 'mysql2/promise';
import { sealPending } from '../src/seal/seal-pending';
import { syntheticEvents } from '../dev/seed/synthetic-activity';
import { startSandbox } from '../dev/sandbox';
import { buildSite } from '../dev/site/site-model';
import { variedText } from '../dev/site/varied-text';
import { capture } from '../src/index';
import {
  packToSteadyState,
  pseudonymiseOne,
  queryMixes,
  survey,
  verifyWholeLog,
  type PackFigures,
  type PseudonymiseFigures,
  type QueryFigures,
  type VerifyFigures,
} from './capacity-archive';
import {
  measureCodecs,
  measureSummaries,
  type CodecFigures,
  type SealedRow,
  type SummaryFigures,
} from './archive-codecs';
import { freshMariadb, type BenchDatabase } from './bench-engines';
import { garbageCollector } from './garbage-collector';
import { reportFigures } from './part-result';
import { DAY_MS } from './synthetic-log';
import { formatNumber, formatTable } from './table';

/**
 * `npm run bench -- capacity`: what one record costs all-in once the log is packed into archive blocks,
 * and what reading the packed log costs.
 *
 * A 1,000-user site (the goal's site) with content stored and views off, at 33 stored events per user per
 * day, for BENCH_CAPACITY_DAYS days (default 2, about 66,000 records per variant: the two variants load
 * through the real handlers in about two minutes each on two cores). The number of days is what is
 * shrunk, not the users or the rate: a block of records then holds what a 1,000-user site's block holds
 * (its actors, containers and text), and every table the app writes grows either per record or per day
 * (rollups are per day × product × actor, action or container), so bytes per record over days are bytes
 * per record over a year. The per-site constants (settings, keys, job state, InnoDB's minimum pages of
 * small tables) and the live tail (at most a block's worth under its live window) weigh more over days
 * than over a year: the figure errs high, by the "every other table" and live rows at most.
 *
 * Each variant (content stored, not stored) goes through the real capture handler, is sealed by the
 * seal job (src/seal/seal-pending.ts) and counted by the daily job's rollups, then packed to steady state (settle time
 * 0, run until nothing moves); every table is then rebuilt (OPTIMIZE TABLE) and measured two ways:
 * MariaDB's bytes on disk, and logical bytes (each stored value's octet length, plus each secondary
 * index's key columns and the primary key it carries). On the content-stored log it then times the
 * `query` part's filter mixes through `activity.query`, `chain.verify` over the whole log and
 * pseudonymising one account (bench/capacity-archive.ts), and measures the block codecs.
 */
const USERS = Number(process.env.BENCH_CAPACITY_USERS ?? 1000);
const DAYS = Number(process.env.BENCH_CAPACITY_DAYS ?? 2);
const EVENTS_PER_USER_DAY = 33;
/** Records the codecs are measured on: the first of the log in seq order, a whole number of each block size. */
const CODEC_RECORDS = Number(process.env.BENCH_CAPACITY_CODEC_RECORDS ?? 16_384);
const BLOCK_SIZES = [1024, 4096, 16_384] as const;
const GIB = 2 ** 30;
/** At once in the capture handler, as Forge runs product-event invocations side by side. */
const IN_FLIGHT = 8;

interface TableBytes {
  readonly table: string;
  readonly rows: number;
  readonly onDisk: number;
  readonly logical: number;
}

interface CapacityVariant {
  readonly ugc: 'stored' | 'not_stored';
  readonly records: number;
  readonly tables: readonly TableBytes[];
  readonly onDiskBytesPerRecord: number;
  readonly logicalBytesPerRecord: number;
  /**
   * The same at a year's steady state: what grows with the records (blocks, term index, rollups) per record
   * as measured, what does not (the live tail under the next block, settings, destinations…) spread over a
   * year of the site's records.
   */
  readonly yearOnDiskBytesPerRecord: number;
  readonly yearLogicalBytesPerRecord: number;
  readonly ingestSeconds: number;
  /** Records per second through the capture handler (8 invocations at once). */
  readonly captureRecordsPerSecond: number;
  readonly pack: PackFigures;
}

/** The year's reads once it is packed (content stored). */
interface ArchiveReads {
  readonly queries: readonly QueryFigures[];
  readonly verify: VerifyFigures;
  readonly pseudonymise: PseudonymiseFigures;
  /** `chain.verify` again after the pseudonymisation: erased, not tampered. */
  readonly verifyAfter: VerifyFigures;
}

export interface CapacityFigures {
  readonly users: number;
  readonly days: number;
  readonly eventsPerUserDay: number;
  readonly variants: readonly CapacityVariant[];
  readonly daysPerGib: readonly {
    readonly users: number;
    readonly ugc: string;
    readonly onDisk: number;
    readonly logical: number;
  }[];
  readonly codecs: readonly CodecFigures[];
  readonly summaries: readonly SummaryFigures[];
  readonly reads?: ArchiveReads;
  /** Records a day per second at the goal's site: 1,000 users × 33 a day. */
  readonly siteRecordsPerSecond: number;
}

async function main(): Promise<void> {
  const end = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const start = end - DAYS * DAY_MS;
  const generated = Date.now();
  const text = variedText(13);
  const site = buildSite({
    users: USERS,
    projects: 100,
    spaces: 100,
    issues: 20_000,
    pages: 5000,
    text,
    now: new Date(end),
  });
  const wanted = USERS * DAYS * EVENTS_PER_USER_DAY;
  console.log(
    `${USERS.toLocaleString('en-US')} users × ${DAYS} days × ${EVENTS_PER_USER_DAY} stored events per user-day ≈ ` +
      `${wanted.toLocaleString('en-US')} records, content stored and not, views off, text from faker. ` +
      'Days are shrunk, not users or the rate: a block then holds what a 1,000-user site’s does, and ' +
      'every table grows per record or per day, so bytes per record extrapolate to a year.',
  );
  // Views are the generator's largest share and views-off capture stores none: only stored kinds are
  // delivered, and the generator is asked for as many events as give `wanted` of them.
  const payloads = storedPayloads(site, text, start, end, wanted);
  console.log(
    `  site built and ${payloads.length.toLocaleString('en-US')} payloads generated in ${((Date.now() - generated) / 1000).toFixed(0)} s`,
  );

  const variants: CapacityVariant[] = [];
  let sealed: SealedRow[] = [];
  let columns: string[] = [];
  let reads: ArchiveReads | undefined;
  for (const ugc of ['stored', 'not_stored'] as const) {
    const database = await freshMariadb(`capacity_${ugc}`);
    try {
      const started = Date.now();
      const { sandbox, records, captureSeconds } = await load(database, ugc, payloads);
      const connection = await createConnection({ uri: database.auditDb, supportBigNumbers: true });
      try {
        // The codecs and the mixes' subjects are taken from the live table before it is packed.
        if (ugc === 'stored') ({ rows: sealed, columns } = await sealedRows(connection, CODEC_RECORDS));
        const world = ugc === 'stored' ? await survey(connection) : undefined;
        const ingestSeconds = (Date.now() - started) / 1000;
        const pack = await packToSteadyState(sandbox);
        console.log(
          `  packed ${pack.records.toLocaleString('en-US')} records into ${pack.blocks} blocks in ${pack.seconds.toFixed(0)} s ` +
            `(${Math.round(pack.recordsPerSecond).toLocaleString('en-US')} records/s); ${pack.liveRecords.toLocaleString('en-US')} left live`,
        );
        const tables = await measureTables(connection);
        const total = (f: (t: TableBytes) => number) => tables.reduce((s, t) => s + f(t), 0);
        variants.push({
          ugc,
          records,
          tables,
          onDiskBytesPerRecord: total((t) => t.onDisk) / records,
          logicalBytesPerRecord: total((t) => t.logical) / records,
          yearOnDiskBytesPerRecord: yearBytes(tables, records, (t) => t.onDisk),
          yearLogicalBytesPerRecord: yearBytes(tables, records, (t) => t.logical),
          ingestSeconds,
          captureRecordsPerSecond: records / captureSeconds,
          pack,
        });
        if (world) {
          console.log(`  ${world.note}`);
          const queries = await queryMixes(sandbox, world);
          const verify = await verifyWholeLog(sandbox);
          const pseudonymise = await pseudonymiseOne(sandbox, world.typicalActor);
          const verifyAfter = await verifyWholeLog(sandbox);
          reads = { queries, verify, pseudonymise, verifyAfter };
        }
      } finally {
        await connection.end();
        await sandbox.close();
      }
    } finally {
      await database.drop();
    }
  }
  printTables(variants);

  const daysPerGib = [500, 1000, 5000].flatMap((users) =>
    variants.map((v) => ({
      users,
      ugc: v.ugc,
      onDisk: GIB / (users * EVENTS_PER_USER_DAY * v.yearOnDiskBytesPerRecord),
      logical: GIB / (users * EVENTS_PER_USER_DAY * v.yearLogicalBytesPerRecord),
    })),
  );
  console.log(
    `\nDays of history per GiB at a year's steady state, all-in, ${EVENTS_PER_USER_DAY} events per user per day:\n`,
  );
  console.log(
    formatTable(
      ['users', 'content', 'days per GiB, on disk', 'days per GiB, logical'],
      daysPerGib.map((d) => [d.users, d.ugc, Math.round(d.onDisk), Math.round(d.logical)]),
    ),
  );

  const siteRecordsPerSecond = (USERS * EVENTS_PER_USER_DAY) / 86_400;
  printRates(variants, siteRecordsPerSecond);
  if (reads) printReads(reads);

  const collect = garbageCollector();
  const codecs: CodecFigures[] = [];
  const sizes = BLOCK_SIZES.filter((size) => size <= sealed.length);
  for (const size of sizes)
    for (const hashColumns of [true, false])
      codecs.push(...(await measureCodecs(sealed, size, hashColumns, columns, collect)));
  console.log(
    `\nArchive block codecs: the first ${sealed.length.toLocaleString('en-US')} sealed records (content stored) in seq order; ` +
      'every block read back and compared. Hash columns: hash, prev_hash, seal_digests (recomputable) and ' +
      'seal_signature (one signature per block instead).\n',
  );
  console.log(
    formatTable(
      ['codec', 'block', 'hash columns', 'B/record', 'encode µs/record', 'decode µs/record', 'peak MB/block'],
      codecs.map((c) => [
        c.codec,
        c.blockRecords,
        c.hashColumns ? 'with' : 'without',
        formatNumber(c.bytesPerRecord),
        formatNumber(c.encodeMicrosPerRecord),
        formatNumber(c.decodeMicrosPerRecord),
        formatNumber(c.peakBlockMemoryMb),
      ]),
    ),
  );

  const summaries = sizes.flatMap((size) => measureSummaries(sealed, size));
  console.log(
    '\nPruning summaries per block (1% false-positive bloom filter, or the exact set brotli-compressed):\n',
  );
  console.log(
    formatTable(
      [
        'field',
        'block',
        'distinct/block',
        'bloom B/block',
        'exact set B/block (brotli)',
        'bloom B/record',
        'exact set B/record',
      ],
      summaries.map((s) => [
        s.field,
        s.blockRecords,
        formatNumber(s.distinctPerBlock),
        formatNumber(s.bloomBytesPerBlock),
        formatNumber(s.exactSetCompressedBytesPerBlock),
        formatNumber(s.bloomBytesPerRecord),
        formatNumber(s.exactSetCompressedBytesPerRecord),
      ]),
    ),
  );

  const figures: CapacityFigures = {
    users: USERS,
    days: DAYS,
    eventsPerUserDay: EVENTS_PER_USER_DAY,
    variants,
    daysPerGib,
    codecs,
    summaries,
    ...(reads ? { reads } : {}),
    siteRecordsPerSecond,
  };
  reportFigures(figures);
}

function storedPayloads(
  site: ReturnType<typeof buildSite>,
  text: ReturnType<typeof variedText>,
  start: number,
  end: number,
  wanted: number,
): Record<string, unknown>[] {
  const isView = (p: Record<string, unknown>) => String(p.eventType).includes(':viewed:');
  // The stored share of the generator's mix, from a sample, sizes the full run.
  const probe = [
    ...syntheticEvents(site, { count: 20_000, seed: 5, start: new Date(start), end: new Date(end) }),
  ];
  const share = probe.filter((p) => !isView(p)).length / probe.length;
  const out: Record<string, unknown>[] = [];
  for (const payload of syntheticEvents(site, {
    count: Math.round(wanted / share),
    seed: 7,
    start: new Date(start),
    end: new Date(end),
    text,
  }))
    if (!isView(payload)) out.push(payload);
  return out;
}

interface Loaded {
  readonly sandbox: Sandbox;
  readonly records: number;
  /** Seconds the capture handler took for every payload (8 at once). */
  readonly captureSeconds: number;
}

/** Captures, seals and rolls up every payload in a fresh sandbox on `database`, left open for the caller. */
async function load(
  database: BenchDatabase,
  ugc: 'stored' | 'not_stored',
  payloads: readonly Record<string, unknown>[],
): Promise<Loaded> {
  const sandbox = await startSandbox({ auditDb: database.auditDb, kvsFile: null });
  try {
    await sandbox.host.invoke(
      'jira:adminPage',
      'settings.update',
      { ugc: { jira: ugc, confluence: ugc }, views: { jira: false, confluence: false } },
      sandbox.defaultAccountId,
    );
    const t0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < payloads.length) await capture(payloads[next++]);
      }),
    );
    const records = await sandbox.records();
    const t1 = Date.now();
    // Sealed by the seal job's own function, not the seal-and-forward cycle: the cycle packs as it goes,
    // and packing is timed on its own afterwards (packing rate ÷ ingest rate).
    for (let run = 0; (await unsealed(sandbox)) > 0; run++) {
      if (run === 500) throw new Error('sealing did not catch up in 500 runs');
      await sealPending(sandbox.opened.store, { deadlineMs: Date.now() + 60_000, batchSize: 1000 });
    }
    const t2 = Date.now();
    // The daily job counts a bounded batch per run; it runs until the rollups have every sealed record.
    for (let run = 0; ; run++) {
      if (run === 50) throw new Error('the daily job did not catch up in 50 runs');
      const result = (await sandbox.host.runScheduled('daily')) as { rolledUp?: number; errors?: string[] };
      if (result.errors?.length) throw new Error(`daily job: ${result.errors.join('; ')}`);
      if (!result.rolledUp) break;
    }
    const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(0);
    console.log(
      `  content ${ugc}: ${records.toLocaleString('en-US')} records (${(records / (USERS * DAYS)).toFixed(1)} per user-day) from ` +
        `${payloads.length.toLocaleString('en-US')} payloads: ` +
        `captured in ${seconds(t0, t1)} s, sealed in ${seconds(t1, t2)} s, rolled up in ${seconds(t2, Date.now())} s`,
    );
    return { sandbox, records, captureSeconds: (t1 - t0) / 1000 };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

async function unsealed(sandbox: Sandbox): Promise<number> {
  const row = await sandbox.opened.store.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('seq', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

/** Fixed widths of the integer types; everything else is measured with octet_length. */
const FIXED_BYTES: Readonly<Record<string, number>> = {
  bigint: 8,
  int: 4,
  integer: 4,
  smallint: 2,
  tinyint: 1,
};

/**
 * Every table of the database, rebuilt and measured: bytes on disk (`data_length + index_length`) and
 * logical bytes (values' octet lengths, integers at their width; each secondary index entry holds its
 * columns and the primary key's).
 */
async function measureTables(connection: Connection): Promise<TableBytes[]> {
  const [tableRows] = await connection.query(
    'SELECT table_name AS t FROM information_schema.TABLES WHERE table_schema = DATABASE() ORDER BY table_name',
  );
  const out: TableBytes[] = [];
  for (const { t: table } of tableRows as { t: string }[]) {
    await connection.query(`OPTIMIZE TABLE \`${table}\``);
    await connection.query(`ANALYZE TABLE \`${table}\``);
    const [[size]] = (await connection.query(
      'SELECT data_length + index_length AS bytes FROM information_schema.TABLES WHERE table_schema = DATABASE() AND table_name = ?',
      [table],
    )) as unknown as [{ bytes: number }[]];
    const [columnRows] = await connection.query(
      'SELECT column_name AS name, data_type AS type FROM information_schema.COLUMNS WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position',
      [table],
    );
    const columns = columnRows as ColumnInfo[];
    const sums = columns.map((c) =>
      FIXED_BYTES[c.type] !== undefined
        ? `${FIXED_BYTES[c.type]} * COUNT(\`${c.name}\`)`
        : `COALESCE(SUM(OCTET_LENGTH(\`${c.name}\`)), 0)`,
    );
    const [[measured]] = (await connection.query(
      `SELECT COUNT(*) AS n, ${sums.map((s, i) => `${s} AS c${i}`).join(', ')} FROM \`${table}\``,
    )) as unknown as [Record<string, number>[]];
    const bytesOf = new Map(columns.map((c, i) => [c.name, Number(measured?.[`c${i}`] ?? 0)]));
    const [indexRows] = await connection.query(
      'SELECT index_name AS ix, column_name AS col FROM information_schema.STATISTICS WHERE table_schema = DATABASE() AND table_name = ? ORDER BY index_name, seq_in_index',
      [table],
    );
    const indexes = new Map<string, string[]>();
    for (const { ix, col } of indexRows as { ix: string; col: string }[])
      indexes.set(ix, [...(indexes.get(ix) ?? []), col]);
    const primary = indexes.get('PRIMARY') ?? [];
    let logical = [...bytesOf.values()].reduce((s, b) => s + b, 0);
    for (const [name, keyColumns] of indexes) {
      if (name === 'PRIMARY') continue;
      for (const column of new Set([...keyColumns, ...primary])) logical += bytesOf.get(column) ?? 0;
    }
    out.push({ table, rows: Number(measured?.n ?? 0), onDisk: Number(size?.bytes ?? 0), logical });
  }
  return out;
}

/** The first `limit` sealed records in seq order, every column, and the column names in table order. */
async function sealedRows(
  connection: Connection,
  limit: number,
): Promise<{ rows: SealedRow[]; columns: string[] }> {
  const [rows, fields] = await connection.query(
    'SELECT * FROM audit_event WHERE seq IS NOT NULL ORDER BY seq LIMIT ?',
    [limit],
  );
  return { rows: rows as SealedRow[], columns: fields.map((f) => f.name) };
}

/** Records of a year at the goal's site. */
const YEAR_RECORDS = USERS * EVENTS_PER_USER_DAY * 365;

function yearBytes(tables: readonly TableBytes[], records: number, size: (t: TableBytes) => number): number {
  const grows = (t: TableBytes) =>
    t.table === 'archive_block' || t.table === 'archive_term' || t.table.startsWith('insight_');
  const sum = (keep: (t: TableBytes) => boolean) => tables.filter(keep).reduce((s, t) => s + size(t), 0);
  return sum(grows) / records + sum((t) => !grows(t)) / YEAR_RECORDS;
}

function printTables(variants: readonly CapacityVariant[]): void {
  console.log(
    '\nBytes per record, all-in after packing to steady state (every table the app writes, every index; ' +
      'OPTIMIZE and ANALYZE TABLE first):\n',
  );
  const rows: (string | number)[][] = [];
  for (const v of variants) {
    const group = (name: string, match: (t: TableBytes) => boolean) => {
      const tables = v.tables.filter(match);
      const sum = (f: (t: TableBytes) => number) => tables.reduce((s, t) => s + f(t), 0);
      rows.push([
        v.ugc,
        name,
        sum((t) => t.rows),
        formatNumber(sum((t) => t.onDisk) / v.records),
        formatNumber(sum((t) => t.logical) / v.records),
      ]);
    };
    const named = ['audit_event', 'archive_block', 'archive_term'];
    group('live rows (audit_event)', (t) => t.table === 'audit_event');
    group('archive blocks (archive_block)', (t) => t.table === 'archive_block');
    group('term index (archive_term)', (t) => t.table === 'archive_term');
    group('insights rollups', (t) => t.table.startsWith('insight_'));
    group('every other table', (t) => !named.includes(t.table) && !t.table.startsWith('insight_'));
    rows.push([
      v.ugc,
      `ALL-IN (${v.records.toLocaleString('en-US')} records)`,
      '',
      formatNumber(v.onDiskBytesPerRecord),
      formatNumber(v.logicalBytesPerRecord),
    ]);
    rows.push([
      v.ugc,
      `ALL-IN, a year at steady state (${YEAR_RECORDS.toLocaleString('en-US')} records)`,
      '',
      formatNumber(v.yearOnDiskBytesPerRecord),
      formatNumber(v.yearLogicalBytesPerRecord),
    ]);
  }
  console.log(
    formatTable(['content', 'tables', 'rows', 'MariaDB on disk B/record', 'logical B/record'], rows),
  );
}

function printRates(variants: readonly CapacityVariant[], siteRecordsPerSecond: number): void {
  console.log(
    `\nPacking rate against ingest: packing to steady state (the live tail under a block stays live) ` +
      `against the capture handler's rate in this run, and against the goal's site (${USERS.toLocaleString('en-US')} users × ${EVENTS_PER_USER_DAY} a day = ${siteRecordsPerSecond.toFixed(2)} records/s):\n`,
  );
  console.log(
    formatTable(
      [
        'content',
        'records packed',
        'blocks',
        'pack s',
        'packed/s',
        'captured/s',
        'packed ÷ captured',
        'packed ÷ site rate',
      ],
      variants.map((v) => [
        v.ugc,
        v.pack.records,
        v.pack.blocks,
        formatNumber(v.pack.seconds),
        Math.round(v.pack.recordsPerSecond),
        Math.round(v.captureRecordsPerSecond),
        formatNumber(v.pack.recordsPerSecond / v.captureRecordsPerSecond),
        Math.round(v.pack.recordsPerSecond / siteRecordsPerSecond),
      ]),
    ),
  );
}

function printReads(reads: ArchiveReads): void {
  console.log(
    '\nReads over the packed log (content stored) through activity.query, a page of 50 ending just before the live tail (so the archive answers it), the second look at ' +
      'each first page; statements timed in the database; blocks decompressed against blocks holding a returned record:\n',
  );
  console.log(
    formatTable(
      [
        'filter mix',
        'page 1 ms',
        'slowest SQL ms',
        'statements',
        'returned',
        'blocks decompressed',
        'blocks matching',
        'decompressed ÷ matching',
        'pages',
        'all pages ms',
      ],
      reads.queries.map((q) => [
        q.mix,
        formatNumber(q.firstPageMs),
        formatNumber(q.slowestStatementMs),
        q.statements,
        q.returned,
        q.blocksDecompressed,
        q.blocksMatching,
        q.blocksMatching === 0 ? `${q.blocksDecompressed} for 0` : formatNumber(q.ratio),
        q.pages ?? 1,
        q.totalMs === undefined ? '' : `${formatNumber(q.totalMs)}${q.complete ? '' : ' (stopped)'}`,
      ]),
    ),
  );
  const { verify, pseudonymise, verifyAfter } = reads;
  console.log('');
  console.log(
    formatTable(
      ['whole-log operation', 'seconds', 'slowest SQL ms', 'blocks decompressed', 'result'],
      [
        [
          'chain.verify',
          formatNumber(verify.seconds),
          formatNumber(verify.slowestStatementMs),
          verify.blocksDecompressed,
          `${verify.ok ? 'ok' : 'NOT ok'}, ${verify.checked} checked in ${verify.calls} calls`,
        ],
        [
          'pseudonymise one account',
          formatNumber(pseudonymise.seconds),
          formatNumber(pseudonymise.slowestStatementMs),
          pseudonymise.blocksDecompressed,
          `${pseudonymise.actorRows} records as actor, ${pseudonymise.changeRows} change values`,
        ],
        [
          'chain.verify after it',
          formatNumber(verifyAfter.seconds),
          formatNumber(verifyAfter.slowestStatementMs),
          verifyAfter.blocksDecompressed,
          `${verifyAfter.ok ? 'ok' : 'NOT ok'}, ${verifyAfter.erased ?? 0} erased`,
        ],
      ],
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
