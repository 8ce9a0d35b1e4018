import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ASSUMED_SQL_ROUND_TRIP_MS, costModel, PROFILE } from './cost';
import { benchIngest, type IngestFigures } from './ingest';
import { formatTable } from './table';

/**
 * `npm run bench` runs every part; `npm run bench -- ingest cost` runs those. Each part prints a table
 * and adds its figures to bench/results.json. Figures are counts and ratios measured side by side in one
 * run; absolute times are context only (they depend on this machine).
 */
interface Part {
  readonly describe: string;
  run(results: Record<string, unknown>): Promise<unknown>;
}

const INGEST_EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 20_000);

/**
 * Runs one of the standalone bench scripts in its own process (each opens its own database and receivers)
 * and passes its table through; their sizes come from their own variables (see each script's header).
 */
function script(file: string): () => Promise<{ script: string }> {
  return async () => {
    execFileSync(process.execPath, [require.resolve('tsx/cli'), resolve(__dirname, file)], {
      stdio: 'inherit',
    });
    return { script: `bench/${file}` };
  };
}

const parts: Readonly<Record<string, Part>> = {
  ingest: {
    describe: `Ingest: ${INGEST_EVENTS.toLocaleString('en-US')} synthetic events through the capture handler`,
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
            'bytes/row',
            'rows per GiB',
          ],
          figures.map((f) => [
            f.engine,
            f.ugc,
            f.eventsPerSecond,
            f.cpuMicrosPerEvent,
            f.statementsPerEvent ?? 'n/a',
            f.readsPerEvent ?? 'n/a',
            f.bytesPerRow,
            Math.floor(2 ** 30 / f.bytesPerRow),
          ]),
        ),
      );
      return figures;
    },
  },
  query: {
    describe:
      'Query: the activity reads on BENCH_ROWS (default 1,000,000) rows in MariaDB (bench/query-plan.ts)',
    run: script('query-plan.ts'),
  },
  forward: {
    describe:
      'Forwarding: every SIEM type against local receivers, and catch-up after an outage (bench/forward.ts)',
    run: script('forward.ts'),
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
            ['capture memory (MB) / views memory (MB)', `${cost.memoryMbCapture} / ${cost.memoryMbViews}`],
            [
              `seconds per stored event (measured + ${ASSUMED_SQL_ROUND_TRIP_MS} ms assumed per SQL request)`,
              cost.secondsPerEvent.toFixed(4),
            ],
            ['GB-s per 1,000 stored events', cost.gbSecondsPer1000Events],
            ['GB-s per 1,000 view events when stored', cost.gbSecondsPer1000Views],
            [
              `GB-s per month, ${PROFILE.users} users, ${PROFILE.nonViewEventsPerUserDay} events + ${PROFILE.viewEventsPerUserDay} views per user-day, ${PROFILE.workingDays} days: views off`,
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
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  };
  for (const name of chosen) {
    const part = parts[name]!;
    console.log(`\n## ${part.describe}\n`);
    const started = Date.now();
    results[name] = await part.run(results);
    console.log(`\n(${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  writeFileSync(
    resolve(__dirname, 'results.json'),
    `${JSON.stringify({ at: new Date().toISOString(), ...results }, null, 2)}\n`,
  );
  console.log('\nWrote bench/results.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
