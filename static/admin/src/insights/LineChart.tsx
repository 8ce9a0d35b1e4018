import { useId } from 'react';
import { LINE_PLOT, lineRuns, niceMax, pathOf, ticks } from './chart-geometry';

export interface LineSeries {
  readonly key: string;
  readonly label: string;
  readonly values: readonly (number | null)[];
  /** Drawn dashed (a derived line, such as an average). */
  readonly dashed?: boolean;
}

interface Props {
  readonly title: string;
  /** What a screen reader hears instead of the picture: the table beside the chart has the numbers. */
  readonly description: string;
  /** One label per value (days), first and last shown under the axis. */
  readonly labels: readonly string[];
  readonly series: readonly LineSeries[];
  readonly format: (value: number) => string;
}

/**
 * A small SVG line chart. Days without data are gaps in the line (a lone day with data is a dot), so
 * "not recorded" never reads as "nobody". The picture is one image to assistive technology; the numbers
 * are in the table rendered beside it.
 */
export function LineChart({ title, description, labels, series, format }: Props) {
  const id = useId();
  const plot = LINE_PLOT;
  const peak = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const max = niceMax(peak);
  const bottom = plot.height - plot.bottom;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${plot.width} ${plot.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="chart-svg"
        preserveAspectRatio="none"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks(max).map((tick) => {
          const y = plot.top + (bottom - plot.top) * (1 - tick / max);
          return (
            <g key={tick} aria-hidden="true">
              <line className="chart-grid" x1={plot.left} x2={plot.width - plot.right} y1={y} y2={y} />
              <text className="chart-tick" x={plot.left - 6} y={y + 4} textAnchor="end">
                {format(tick)}
              </text>
            </g>
          );
        })}
        {labels.length > 0 && (
          <g aria-hidden="true" className="chart-tick">
            <text x={plot.left} y={plot.height - 6} textAnchor="start">
              {labels[0]}
            </text>
            <text x={plot.width - plot.right} y={plot.height - 6} textAnchor="end">
              {labels[labels.length - 1]}
            </text>
          </g>
        )}
        {series.map((s, i) => (
          <g key={s.key} className={`chart-series chart-series-${i + 1}${s.dashed ? ' chart-dashed' : ''}`}>
            {lineRuns(s.values, max, plot).map((run) =>
              run.length === 1 ? (
                <circle key={run[0]!.index} cx={run[0]!.x} cy={run[0]!.y} r={2.5} />
              ) : (
                <path key={run[0]!.index} d={pathOf(run)} fill="none" />
              ),
            )}
          </g>
        ))}
      </svg>
      <figcaption className="chart-legend">
        {series.map((s, i) => (
          <span key={s.key} className={`chart-key chart-series-${i + 1}${s.dashed ? ' chart-dashed' : ''}`}>
            <svg viewBox="0 0 16 4" aria-hidden="true" className="chart-swatch">
              <line x1="0" x2="16" y1="2" y2="2" />
            </svg>
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
