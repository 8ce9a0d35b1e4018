import type { IngestFigures } from './ingest';
import { formatNumber } from './table';

/**
 * The targets issue 6 sets, checked against one run's figures (bench/results.json's parts). A part that
 * did not run gives no rows; a target is never reported met on figures that are missing.
 */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

interface QueryResults {
  readonly mixes: readonly {
    rows: number;
    mix: string;
    page1: { ms: number; ratio: number; returned: number };
    page10?: { ratio: number };
  }[];
  readonly targets: { ratio: number; firstPageMs: number };
}

interface ExportResults {
  readonly rowsPerSecond: number;
  readonly quarters: readonly { retainedHeapMb: number; peakRssMb: number }[];
}

interface ForwardResults {
  readonly destinations: readonly { type: string; requestsPer1000: number }[];
}

interface UiResults {
  readonly initialJsGzipKb: number;
  readonly maxDomRows: number;
  readonly rowsLoaded: number;
}

/** "Flat": the last quarter's memory no more than this much above the first quarter's. */
const FLAT_GROWTH = 1.25;

export function targetChecks(results: Record<string, unknown>): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const ingest = results.ingest as readonly IngestFigures[] | undefined;
  for (const f of ingest ?? []) {
    if (f.statementsPerEvent !== undefined)
      checks.push({
        target: `ingest (${f.engine}, content ${f.ugc}): 1 SQL request per event, no reads`,
        measured: `${formatNumber(f.statementsPerEvent)} requests, ${formatNumber(f.readsPerEvent ?? 0)} reads`,
        met: f.statementsPerEvent <= 1 && (f.readsPerEvent ?? 0) === 0,
      });
    if (f.ugc === 'not_stored')
      checks.push({
        target: `bytes per sealed row ≤ 600 with content off (${f.engine})`,
        measured: `${Math.round(f.bytesPerRowSealed)} on disk, ${Math.round(f.bytesPerRowCompacted)} compacted`,
        met: f.bytesPerRowSealed <= 600,
      });
  }

  const query = results.query as QueryResults | undefined;
  if (query) {
    for (const rows of [...new Set(query.mixes.map((m) => m.rows))]) {
      const mixes = query.mixes.filter((m) => m.rows === rows);
      const size = `${rows / 1e6} M rows`;
      const over = mixes.filter(
        (m) => m.page1.ratio > query.targets.ratio || (m.page10?.ratio ?? 0) > query.targets.ratio,
      );
      checks.push({
        target: `rows examined ≤ ${query.targets.ratio}× rows returned, every mix (${size})`,
        measured: `${mixes.length - over.length} of ${mixes.length} mixes; over: ${over.map((m) => m.mix).join(', ') || 'none'}`,
        met: over.length === 0,
      });
      const slowest = mixes.reduce((a, b) => (b.page1.ms > a.page1.ms ? b : a));
      checks.push({
        target: `first page ≤ ${query.targets.firstPageMs} ms, 10× inside the 5 s SELECT limit (${size})`,
        measured: `slowest: ${slowest.mix}, ${formatNumber(slowest.page1.ms)} ms`,
        met: slowest.page1.ms <= query.targets.firstPageMs,
      });
    }
  }

  const exported = results.export as ExportResults | undefined;
  if (exported && exported.quarters.length > 1) {
    const first = exported.quarters[0]!;
    const last = exported.quarters[exported.quarters.length - 1]!;
    checks.push({
      target: 'export: memory flat as rows grow (last quarter ≤ 1.25× the first)',
      measured:
        `heap in use ${first.retainedHeapMb.toFixed(0)} → ${last.retainedHeapMb.toFixed(0)} MB, peak RSS ` +
        `${first.peakRssMb.toFixed(0)} → ${last.peakRssMb.toFixed(0)} MB; ${formatNumber(exported.rowsPerSecond)} rows/s`,
      met:
        last.retainedHeapMb <= first.retainedHeapMb * FLAT_GROWTH &&
        last.peakRssMb <= first.peakRssMb * FLAT_GROWTH,
    });
  }

  const forward = results.forward as ForwardResults | undefined;
  for (const d of forward?.destinations ?? [])
    checks.push({
      target: `forwarding (${d.type}): ≤ 2 requests per 1,000 events`,
      measured: formatNumber(d.requestsPer1000),
      met: d.requestsPer1000 <= 2,
    });

  const ui = results.ui as UiResults | undefined;
  if (ui) {
    checks.push({
      target: 'UI: initial JavaScript ≤ 350 KB gzipped',
      measured: `${formatNumber(ui.initialJsGzipKb)} KB`,
      met: ui.initialJsGzipKb <= 350,
    });
    checks.push({
      target: 'UI: DOM rows stay bounded while scrolling 10,000 results',
      measured: `at most ${ui.maxDomRows} rows in the DOM for ${ui.rowsLoaded.toLocaleString('en-US')} loaded`,
      met: ui.rowsLoaded >= 10_000 && ui.maxDomRows < 200,
    });
  }
  return checks;
}
