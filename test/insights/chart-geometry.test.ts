import {
  lineRuns,
  LINE_PLOT,
  movingAverage,
  niceMax,
  pathOf,
  ticks,
} from '../../static/admin/src/insights/chart-geometry';
import { formatBytes, importProgress } from '../../static/admin/src/storage/storage-format';

describe('the Insights charts’ arithmetic', () => {
  test('a day without data breaks the line; a lone day with data is a run of one (a dot)', () => {
    const runs = lineRuns([1, 2, null, 4, null, null, 3, 5], 5);
    expect(runs.map((r) => r.map((p) => p.index))).toEqual([[0, 1], [3], [6, 7]]);
    const bottom = LINE_PLOT.height - LINE_PLOT.bottom;
    expect(runs[0]![0]).toMatchObject({ x: LINE_PLOT.left });
    expect(runs[2]![1]).toMatchObject({ x: LINE_PLOT.width - LINE_PLOT.right, y: LINE_PLOT.top });
    expect(lineRuns([0], 5)[0]![0]!.y).toBe(bottom);
    expect(pathOf(runs[0]!)).toMatch(/^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+$/);
    expect(lineRuns([null, null], 5)).toEqual([]);
  });

  test('a round axis maximum and its ticks', () => {
    expect([niceMax(0), niceMax(1), niceMax(7), niceMax(13), niceMax(240), niceMax(2600)]).toEqual([
      1, 1, 10, 20, 250, 5000,
    ]);
    expect(ticks(20)).toEqual([0, 5, 10, 15, 20]);
  });

  test('the 7-day average skips days without data and keeps them as gaps', () => {
    expect(movingAverage([2, 4, null, 6], 3)).toEqual([2, 3, null, 5]);
    expect(movingAverage([null, null], 7)).toEqual([null, null]);
  });

  test('bytes in binary units; import progress when Confluence gives no total', () => {
    expect(formatBytes(858993459, 'en-US')).toBe('819 MiB');
    expect(formatBytes(1536, 'en-US')).toBe('1.5 KiB');
    expect(importProgress({ pass: { toMs: 1, offset: 30, total: 120, startedMs: 0 } })).toEqual({
      read: 30,
      total: 120,
      share: 0.25,
    });
    expect(importProgress({ pass: { toMs: 1, offset: 30, startedMs: 0 } })).toEqual({ read: 30 });
    expect(importProgress({ status: 'ok' })).toBeUndefined();
  });
});
