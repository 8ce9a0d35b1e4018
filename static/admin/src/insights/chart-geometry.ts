/**
 * The arithmetic behind the Insights charts, kept apart from React so it can be tested as plain data.
 * Charts are drawn in a fixed viewBox and scaled by CSS; a `null` value is a day without data, drawn
 * as a gap in the line, never as a zero.
 */

export interface Plot {
  readonly width: number;
  readonly height: number;
  /** Room left of and below the plot for the axis labels. */
  readonly left: number;
  readonly bottom: number;
  readonly top: number;
  readonly right: number;
}

export const LINE_PLOT: Plot = { width: 640, height: 220, left: 40, bottom: 24, top: 8, right: 8 };

/** A round upper bound for the y axis (1, 2, 2.5 or 5 times a power of ten), at least 1. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

/** Evenly spaced tick values from 0 to `max`, `count` intervals. */
export function ticks(max: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

export interface Point {
  readonly x: number;
  readonly y: number;
  readonly index: number;
}

/**
 * The runs of consecutive non-null values as points in the plot: one polyline per run, so a gap in
 * the data is a gap in the line. A run of one point is drawn as a dot by the caller.
 */
export function lineRuns(values: readonly (number | null)[], max: number, plot: Plot = LINE_PLOT): Point[][] {
  const innerW = plot.width - plot.left - plot.right;
  const innerH = plot.height - plot.top - plot.bottom;
  const step = values.length > 1 ? innerW / (values.length - 1) : 0;
  const runs: Point[][] = [];
  let run: Point[] = [];
  values.forEach((value, index) => {
    if (value === null) {
      if (run.length) runs.push(run);
      run = [];
      return;
    }
    const x = plot.left + (values.length > 1 ? index * step : innerW / 2);
    const y = plot.top + innerH - (Math.min(value, max) / max) * innerH;
    run.push({ x: round(x), y: round(y), index });
  });
  if (run.length) runs.push(run);
  return runs;
}

/** An SVG path through the points of one run. */
export function pathOf(run: readonly Point[]): string {
  return run.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
}

/**
 * The trailing average over `window` days: the mean of the days with data among the last `window`,
 * null on a day without data itself (a gap stays a gap) or when none of the window has data.
 */
export function movingAverage(values: readonly (number | null)[], window: number): (number | null)[] {
  return values.map((value, i) => {
    if (value === null) return null;
    const seen = values.slice(Math.max(0, i - window + 1), i + 1).filter((v): v is number => v !== null);
    return seen.length === 0 ? null : round(seen.reduce((a, b) => a + b, 0) / seen.length);
  });
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
