/**
 * Export at scale: the whole 1 M-row log (bench/synthetic-log.ts, MariaDB) to CSV through
 * `exportActivity`, the core of the `activity.export` resolver, chunk after chunk with each chunk's
 * cursor, exactly as the admin page drives it. On Forge every chunk is its own resolver invocation, so
 * what matters is that memory does not grow with the export: the heap still in use after each chunk
 * (after a full collection) and the peak resident memory are reported per quarter of the rows — flat
 * from the first quarter to the last.
 *
 *   npx tsx bench/export.ts    AUDIT_BENCH_MYSQL, BENCH_EXPORT_ROWS (default 1000000: the log's size)
 *
 * Chunks are counted and checked (rows, header once, no row lost between cursors) and then dropped: the
 * browser writes them to the file, not this process.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { exportPayloadSchema } from '../src/activity/activity-payloads';
import { exportActivity } from '../src/activity/export-activity';
import { PRODUCTS } from '../src/record/audit-record';
import type { Store } from '../src/store/database';
import { garbageCollector } from './garbage-collector';
import { reportFigures } from './part-result';
import { openSyntheticLog } from './synthetic-log';
import { formatTable } from './table';

const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
const MB = 1024 * 1024;

export interface ExportFigures {
  readonly rows: number;
  readonly chunks: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly csvMegabytes: number;
  readonly bytesPerRow: number;
  readonly largestChunkMegabytes: number;
  /**
   * Per quarter of the export: the rows exported by its end, the most heap still in use after a chunk
   * (collected, so garbage does not count), and the peak resident memory while exporting it.
   */
  readonly quarters: readonly Quarter[];
}

async function main(): Promise<void> {
  execFileSync(
    process.execPath,
    [require.resolve('tsx/cli'), resolve(__dirname, 'load-log.ts'), String(ROWS)],
    {
      stdio: 'inherit',
    },
  );
  const log = await openSyntheticLog(ROWS);
  try {
    const figures = await exportAll({ db: log.db, engine: 'forge-sql' }, log.rows);
    console.log(
      `\n${formatTable(
        ['figure', 'value'],
        [
          ['rows exported', figures.rows],
          ['chunks (resolver calls)', figures.chunks],
          ['seconds', figures.seconds],
          ['rows per second', figures.rowsPerSecond],
          ['CSV size (MB)', figures.csvMegabytes],
          ['bytes per CSV row', figures.bytesPerRow],
          ['largest chunk (MB; a chunk must stay under 5 MB)', figures.largestChunkMegabytes],
          ...figures.quarters.map((q, i): [string, string] => [
            `heap in use after a chunk / peak RSS (MB), quarter ${i + 1} (to row ${q.rowsBy.toLocaleString('en-US')})`,
            `${q.retainedHeapMb.toFixed(0)} / ${q.peakRssMb.toFixed(0)}`,
          ]),
        ],
      )}\n`,
    );
    reportFigures(figures);
  } finally {
    await log.close();
  }
}

interface Quarter {
  readonly rowsBy: number;
  readonly retainedHeapMb: number;
  readonly peakRssMb: number;
}

const collect = garbageCollector();

async function exportAll(store: Store, expected: number): Promise<ExportFigures> {
  const quarters: Quarter[] = [];
  let peak = { heap: 0, rss: 0 };
  const sampler = setInterval(() => {
    peak = { ...peak, rss: Math.max(peak.rss, process.memoryUsage().rss) };
  }, 5);
  const started = Date.now();
  let rows = 0;
  let chunks = 0;
  let bytes = 0;
  let largest = 0;
  let cursor: string | undefined;
  try {
    do {
      const chunk = await exportActivity(
        store,
        exportPayloadSchema.parse({ format: 'csv', filters: {}, ...(cursor ? { cursor } : {}) }),
        { products: new Set(PRODUCTS) },
      );
      const size = Buffer.byteLength(chunk.chunk);
      rows += chunk.rows;
      chunks += 1;
      bytes += size;
      largest = Math.max(largest, size);
      cursor = chunk.nextCursor;
      collect();
      const used = process.memoryUsage();
      peak = { heap: Math.max(peak.heap, used.heapUsed), rss: Math.max(peak.rss, used.rss) };
      if (rows >= ((quarters.length + 1) * expected) / 4 || cursor === undefined) {
        quarters.push({ rowsBy: rows, retainedHeapMb: peak.heap / MB, peakRssMb: peak.rss / MB });
        peak = { heap: 0, rss: 0 };
      }
      if (chunks % 20 === 0) console.log(`  ${rows.toLocaleString('en-US')} rows in ${chunks} chunks`);
    } while (cursor !== undefined);
  } finally {
    clearInterval(sampler);
  }
  if (rows !== expected) throw new Error(`exported ${rows} rows of ${expected}: rows were lost or repeated`);
  const seconds = (Date.now() - started) / 1000;
  return {
    rows,
    chunks,
    seconds,
    rowsPerSecond: rows / seconds,
    csvMegabytes: bytes / 1e6,
    bytesPerRow: bytes / rows,
    largestChunkMegabytes: largest / 1e6,
    quarters,
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
