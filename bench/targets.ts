import type { CapacityFigures } from './capacity';
import type { DetectFigures } from './detect';
import type { ExportFigures } from './export';
import type { ForwardFigures } from './forward';
import type { IngestFigures } from './ingest';
import type { MixFigures } from './query-plan';
import { formatNumber } from './table';
import type { UiFigures } from './ui';

/** Issue 6's targets, in one place: the parts print against them and the run's summary checks them. */
export const TARGETS = {
  /** Bytes per sealed row with content not stored (≥ 1.5 M rows per GiB). */
  bytesPerRow: 600,
  /** Rows examined per row returned, first and tenth pages, every filter mix. */
  examinedPerReturned: 5,
  /** A first page, 10× inside Forge SQL's 5 s SELECT limit. */
  firstPageMs: 500,
  /** Export memory: the last quarter of the rows at most this many times the first quarter's. */
  exportMemoryGrowth: 1.25,
  requestsPer1000Events: 2,
  initialJsGzipKb: 350,
  /** Fewer than this many rows in the DOM while scrolling 10,000 results: virtualised. */
  domRows: 200,
  wholeRunMinutes: 20,
  /**
   * Bytes per record all-in (every table, every index; live rows, archive, pruning structures, rollups),
   * content stored: a 1,000-user site's year (about 12 M records) inside Forge SQL's 1 GiB.
   */
  capacityBytesPerRecord: 89,
  /** Over the packed year: an actor, container, action or object filter's first page. */
  archiveFirstPageMs: 300,
  archiveStatementMs: 1000,
  /** Blocks decompressed per block holding a match, for actor, container and object filters. */
  archiveDecompressedPerMatching: 2,
  /** Every built-in rule on adds at most this share to sealing's CPU and SQL requests (issue 15). */
  detectAddedPercent: 5,
} as const;

/**
 * The project's performance targets, checked against one run's figures (bench/results.json's parts). A part that
 * did not run gives no rows; a target is never reported met on figures that are missing.
 */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** Whether a filter mix is over the rows-examined target on either page. */
export function overExaminedTarget(mix: MixFigures): boolean {
  return (
    mix.page1.ratio > TARGETS.examinedPerReturned || (mix.page10?.ratio ?? 0) > TARGETS.examinedPerReturned
  );
}

/** Checks the parts that ran; `wholeRunSeconds` only when every part did. */
export function targetChecks(results: Record<string, unknown>, wholeRunSeconds?: number): TargetCheck[] {
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
        target: `bytes per sealed row ≤ ${TARGETS.bytesPerRow} with content off (${f.engine})`,
        measured: `${Math.round(f.bytesPerRowSealed)} on disk, ${Math.round(f.bytesPerRowCompacted)} compacted`,
        met: f.bytesPerRowSealed <= TARGETS.bytesPerRow,
      });
  }

  const query = results.query as { readonly mixes: readonly MixFigures[] } | undefined;
  for (const rows of [...new Set((query?.mixes ?? []).map((m) => m.rows))]) {
    const mixes = query!.mixes.filter((m) => m.rows === rows);
    const size = `${rows / 1e6} M rows`;
    const over = mixes.filter(overExaminedTarget);
    checks.push({
      target: `rows examined ≤ ${TARGETS.examinedPerReturned}× rows returned, every mix (${size})`,
      measured: `${mixes.length - over.length} of ${mixes.length} mixes; over: ${over.map((m) => m.mix).join(', ') || 'none'}`,
      met: over.length === 0,
    });
    const slowest = mixes.reduce((a, b) => (b.page1.ms > a.page1.ms ? b : a));
    checks.push({
      target: `first page ≤ ${TARGETS.firstPageMs} ms, 10× inside the 5 s SELECT limit (${size})`,
      measured: `slowest: ${slowest.mix}, ${formatNumber(slowest.page1.ms)} ms`,
      met: slowest.page1.ms <= TARGETS.firstPageMs,
    });
  }

  const exported = results.export as ExportFigures | undefined;
  if (exported && exported.quarters.length > 1) {
    const first = exported.quarters[0]!;
    const last = exported.quarters[exported.quarters.length - 1]!;
    const growth = TARGETS.exportMemoryGrowth;
    checks.push({
      target: `export: memory flat as rows grow (last quarter ≤ ${growth}× the first)`,
      measured:
        `heap in use ${first.retainedHeapMb.toFixed(0)} → ${last.retainedHeapMb.toFixed(0)} MB, peak RSS ` +
        `${first.peakRssMb.toFixed(0)} → ${last.peakRssMb.toFixed(0)} MB; ${formatNumber(exported.rowsPerSecond)} rows/s`,
      met: last.retainedHeapMb <= first.retainedHeapMb * growth && last.peakRssMb <= first.peakRssMb * growth,
    });
  }

  const capacity = results.capacity as CapacityFigures | undefined;
  for (const v of capacity?.variants ?? [])
    if (v.ugc === 'stored')
      checks.push({
        target: `≤ ${TARGETS.capacityBytesPerRecord} B per record all-in, content stored (a 1,000-user year in 1 GiB)`,
        measured:
          `${formatNumber(v.yearOnDiskBytesPerRecord)} B on disk, ${formatNumber(v.yearLogicalBytesPerRecord)} B logical ` +
          `at a year's steady state (${formatNumber(v.onDiskBytesPerRecord)} / ${formatNumber(v.logicalBytesPerRecord)} over the run's own log)`,
        met:
          Math.max(v.yearOnDiskBytesPerRecord, v.yearLogicalBytesPerRecord) <= TARGETS.capacityBytesPerRecord,
      });
  for (const q of capacity?.reads?.queries ?? []) {
    const filtered = /actor|project|issue\.updated|trail/.test(q.mix);
    if (filtered)
      checks.push({
        target: `packed log, ${q.mix}: first page ≤ ${TARGETS.archiveFirstPageMs} ms`,
        measured: `${formatNumber(q.firstPageMs)} ms`,
        met: q.firstPageMs <= TARGETS.archiveFirstPageMs,
      });
    checks.push({
      target: `packed log, ${q.mix}: no statement over ${TARGETS.archiveStatementMs} ms`,
      measured: `${formatNumber(q.slowestStatementMs)} ms`,
      met: q.slowestStatementMs <= TARGETS.archiveStatementMs,
    });
    if (/actor|project|trail/.test(q.mix))
      checks.push({
        target: `packed log, ${q.mix}: blocks decompressed ≤ ${TARGETS.archiveDecompressedPerMatching}× blocks holding a match`,
        measured: `${q.blocksDecompressed} decompressed, ${q.blocksMatching} matching`,
        // Nothing returned from the archive (the read path does not reach it) measures nothing: not met.
        met:
          q.blocksMatching > 0 &&
          q.blocksDecompressed <= TARGETS.archiveDecompressedPerMatching * q.blocksMatching,
      });
  }

  const forward = results.forward as { readonly destinations: readonly ForwardFigures[] } | undefined;
  for (const d of forward?.destinations ?? [])
    checks.push({
      target: `forwarding (${d.type}): ≤ ${TARGETS.requestsPer1000Events} requests per 1,000 events`,
      measured: formatNumber(d.requestsPer1000),
      met: d.requestsPer1000 <= TARGETS.requestsPer1000Events,
    });

  const detect = results.detect as { readonly engines: readonly DetectFigures[] } | undefined;
  for (const d of detect?.engines ?? []) {
    checks.push({
      target: `detections (${d.engine}): every built-in rule adds ≤ ${TARGETS.detectAddedPercent} % to sealing's CPU`,
      measured: `${formatNumber(d.evaluationCpuMsPer1000)} ms per 1,000 records, ${d.addedCpuPercent.toFixed(1)} %`,
      met: d.addedCpuPercent <= TARGETS.detectAddedPercent,
    });
    if (d.addedStatementsPercent !== undefined)
      checks.push({
        target: `detections (${d.engine}): ≤ ${TARGETS.detectAddedPercent} % more SQL requests than sealing`,
        measured: `${formatNumber(d.sealStatementsPer1000!)} → ${formatNumber(d.withRulesStatementsPer1000!)} per 1,000 records, ${d.addedStatementsPercent.toFixed(1)} %; ${d.addedBeyondReadsPercent!.toFixed(1)} % besides the page reads forwarding shares`,
        met: d.addedStatementsPercent <= TARGETS.detectAddedPercent,
      });
    checks.push({
      target: `detections (${d.engine}): threshold rules never fire on the synthetic background`,
      measured: `${d.thresholdAlerts} alerts`,
      met: d.thresholdAlerts === 0,
    });
  }

  const ui = results.ui as UiFigures | undefined;
  if (ui) {
    checks.push({
      target: `UI: initial JavaScript ≤ ${TARGETS.initialJsGzipKb} KB gzipped`,
      measured: `${formatNumber(ui.initialJsGzipKb)} KB`,
      met: ui.initialJsGzipKb <= TARGETS.initialJsGzipKb,
    });
    checks.push({
      target: 'UI: DOM rows stay bounded while scrolling 10,000 results',
      measured: `at most ${ui.maxDomRows} rows in the DOM for ${ui.rowsLoaded.toLocaleString('en-US')} loaded`,
      met: ui.rowsLoaded >= 10_000 && ui.maxDomRows < TARGETS.domRows,
    });
  }

  if (wholeRunSeconds !== undefined)
    checks.push({
      target: `the whole run within ${TARGETS.wholeRunMinutes} minutes`,
      measured: `${(wholeRunSeconds / 60).toFixed(1)} minutes`,
      met: wholeRunSeconds <= TARGETS.wholeRunMinutes * 60,
    });
  return checks;
}
