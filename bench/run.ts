import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { heldAppLogs, holdAppLogs } from './app-log';
import { mariadbAvailable } from './bench-engines';
import { startBenchServer } from './bench-server';
import { ASSUMED_SQL_ROUND_TRIP_MS, costModel, PROFILE } from './cost';
import { benchIngest, type IngestFigures } from './ingest';
import { targetChecks } from './targets';
import { dropSyntheticLogs } from './synthetic-log';
import { formatNumber, formatTable } from './table';

/**
 * `npm run bench` runs every part; `npm run bench -- ingest cost` runs those. Each part prints a table
 * and adds its figures to bench/results.json; the run ends with every target (targets.ts) against what
 * was measured. Figures are counts and ratios measured side by side in one run; absolute times are
 * context only (they depend on this machine). MariaDB is AUDIT_BENCH_MYSQL, else a throwaway server the
 * run starts and stops (bench-server.ts). The large logs the query and export parts read are kept between
 * parts and dropped at the end unless BENCH_KEEP_DB is set with AUDIT_BENCH_MYSQL (then later runs on that
 * server reuse them and skip the loading).
 */
interface Part {
  readonly describe: string;
  /** The part reads its large log from MariaDB and has nothing to measure without it. */
  readonly needsMariadb?: boolean;
  run(results: Record<string, unknown>): Promise<unknown>;
}

const INGEST_EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 20_000);

/**
 * Runs a standalone bench script in its own process (its memory figures are its own, and it opens its
 * own database and receivers), passes its output through, and returns the figures it reported.
 */
function script(file: string): () => Promise<unknown> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-bench-part-'));
    const resultFile = join(dir, 'figures.json');
    try {
      execFileSync(process.execPath, [require.resolve('tsx/cli'), resolve(__dirname, file)], {
        stdio: 'inherit',
        env: { ...process.env, BENCH_RESULT_FILE: resultFile },
      });
      return JSON.parse(readFileSync(resultFile, 'utf8')) as unknown;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const parts: Readonly<Record<string, Part>> = {
  ingest: {
    describe: `Ingest: ${INGEST_EVENTS.toLocaleString('en-US')} synthetic events through the capture handler, then sealed`,
    async run() {
      const figures = await benchIngest(INGEST_EVENTS);
      console.log(
        formatTable(
          [
            'engine',
            'content',
            'events/s',
            'CPU µs/event',
            'SQL requests/event',
            'SQL reads/event',
            'bytes/row captured',
            'bytes/row sealed',
            'bytes/row sealed, compacted',
            'sealed rows per GiB',
            'seal SQL requests/1,000',
          ],
          figures.map((f) => [
            f.engine,
            f.ugc,
            f.eventsPerSecond,
            f.cpuMicrosPerEvent,
            f.statementsPerEvent ?? 'n/a',
            f.readsPerEvent ?? 'n/a',
            f.bytesPerRowCaptured,
            f.bytesPerRowSealed,
            f.bytesPerRowCompacted,
            Math.floor(2 ** 30 / f.bytesPerRowSealed),
            f.sealStatementsPer1000 ?? 'n/a',
          ]),
        ),
      );
      return figures;
    },
  },
  export: {
    needsMariadb: true,
    describe: 'Export: the 1 M-row log to CSV through the export resolver, chunk by chunk (bench/export.ts)',
    run: script('export.ts'),
  },
  query: {
    needsMariadb: true,
    describe: 'Query: pages of the activity log on 1 M and 5 M rows in MariaDB (bench/query-plan.ts)',
    run: script('query-plan.ts'),
  },
  backfill: {
    describe:
      'Backfill: a 10,000-issue project and a 5,000-page space read back from the fake site, and a 1,000-user year at Jira’s quota',
    run: script('backfill.ts'),
  },
  capacity: {
    needsMariadb: true,
    describe:
      'Capacity: bytes per record all-in after packing, reads over the packed log, archive block codecs (bench/capacity.ts)',
    run: script('capacity.ts'),
  },
  forward: {
    describe:
      'Forwarding: every SIEM type against local receivers, live and after an outage (bench/forward.ts)',
    run: script('forward.ts'),
  },
  detect: {
    describe:
      'Detections: rule evaluation per 1,000 sealed records with every built-in rule on, against sealing (bench/detect.ts)',
    run: script('detect.ts'),
  },
  ui: {
    describe: 'UI: the production bundle and the activity log in headless Chromium (bench/ui.ts)',
    run: script('ui.ts'),
  },
  cost: {
    describe: 'Forge cost model: GB-seconds from measured handler time and the manifest memory',
    async run(results) {
      const ingest = (results.ingest as IngestFigures[] | undefined) ?? (await benchIngest(2_000));
      const cost = costModel(ingest);
      console.log(
        formatTable(
          ['figure', 'value'],
          [
            [
              'memory (MB): capture / views / seal-and-forward',
              `${cost.memoryMbCapture} / ${cost.memoryMbViews} / ${cost.memoryMbSeal}`,
            ],
            [
              `seconds per stored event: capture / seal (measured + ${ASSUMED_SQL_ROUND_TRIP_MS} ms assumed per SQL request)`,
              `${cost.captureSecondsPerEvent.toFixed(4)} / ${cost.sealSecondsPerEvent.toFixed(4)}`,
            ],
            ['GB-s per 1,000 stored events (capture + seal)', cost.gbSecondsPer1000Events],
            [
              'GB-s per 1,000 view events: stored / off',
              `${formatNumber(cost.gbSecondsPer1000Views)} / ${formatNumber(cost.gbSecondsPer1000ViewsOff)}`,
            ],
            ['GB-s per month for the idle five-minute seal schedule', cost.idleScheduleGbSecondsPerMonth],
            [
              `GB-s per month, ${PROFILE.users.toLocaleString('en-US')} users × ${PROFILE.workingDays} days × (${PROFILE.nonViewEventsPerUserDay} events + ${PROFILE.viewEventsPerUserDay} views) per user-day: views off`,
              cost.monthViewsOff,
            ],
            ['… views on', cost.monthViewsOn],
            ['Forge free allowance, GB-s per month', cost.freeAllowance],
            ['overage with views on, USD per month', cost.overageUsdViewsOn.toFixed(2)],
          ],
        ),
      );
      return cost;
    },
  },
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((name) => !(name in parts));
  if (unknown.length) {
    console.error(`Unknown part(s): ${unknown.join(', ')}. Parts: ${Object.keys(parts).join(', ')}`);
    process.exit(2);
  }
  const chosen = asked.length ? asked : Object.keys(parts);
  const results: Record<string, unknown> = {
    machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  };
  const seconds: Record<string, number> = {};
  const skipped: string[] = [];
  holdAppLogs();
  const began = Date.now();
  const server = await startBenchServer();
  process.env.AUDIT_BENCH_MYSQL = server.url;
  results.mariadb = server.description;
  console.log(`MariaDB: ${server.description}`);
  try {
    const mariadb = await mariadbAvailable();
    for (const name of chosen) {
      const part = parts[name]!;
      console.log(`\n## ${part.describe}\n`);
      if (part.needsMariadb && !mariadb) {
        skipped.push(name);
        console.log(
          `Skipped: no MariaDB at ${server.url}. Install mariadb-server (the bench starts its own) or set AUDIT_BENCH_MYSQL.`,
        );
        continue;
      }
      const started = Date.now();
      results[name] = await part.run(results);
      seconds[name] = (Date.now() - started) / 1000;
      console.log(`\n(${name}: ${seconds[name].toFixed(1)} s)`);
    }
  } finally {
    if (!process.env.BENCH_KEEP_DB && (await mariadbAvailable())) await dropSyntheticLogs();
    await server.stop();
  }
  const total = (Date.now() - began) / 1000;
  const everyPart = skipped.length === 0 && Object.keys(parts).every((name) => chosen.includes(name));
  const checks = targetChecks(results, everyPart ? total : undefined);
  if (checks.length > 0) {
    console.log('\n## Targets\n');
    console.log(
      formatTable(
        ['target', 'measured', 'met'],
        checks.map((c) => [c.target, c.measured, c.met ? 'yes' : 'NO']),
      ),
    );
  }
  const held = heldAppLogs();
  if (held) console.log(`\n${held}`);
  const timed = chosen.filter((n) => seconds[n] !== undefined);
  console.log(
    `\nTotal: ${(total / 60).toFixed(1)} min (${timed.map((n) => `${n} ${seconds[n]?.toFixed(0)} s`).join(', ')})`,
  );
  writeFileSync(
    resolve(__dirname, 'results.json'),
    `${JSON.stringify({ at: new Date().toISOString(), seconds, totalSeconds: total, ...results, targets: checks }, null, 2)}\n`,
  );
  console.log('Wrote bench/results.json');
  if (skipped.length > 0) {
    console.log(`Not measured: ${skipped.join(', ')} (see above).`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
