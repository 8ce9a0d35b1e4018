import type { ReactNode } from 'react';

export interface BarRow {
  readonly key: string;
  readonly label: ReactNode;
  readonly value: number;
  /** More columns after the bar (e.g. active days), already formatted. */
  readonly extra?: readonly ReactNode[];
}

interface Props {
  readonly caption: string;
  readonly labelHeader: string;
  readonly valueHeader: string;
  readonly extraHeaders?: readonly string[];
  readonly rows: readonly BarRow[];
  readonly format: (value: number) => string;
  /** Shown instead of the table when there are no rows. */
  readonly empty: string;
}

/**
 * A bar chart that is also the table of its numbers: one row per item, the bar drawn behind the value
 * (decorative; the number is the content), so the chart and its data are the same accessible table.
 */
export function BarTable({
  caption,
  labelHeader,
  valueHeader,
  extraHeaders = [],
  rows,
  format,
  empty,
}: Props) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <table className="bar-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{labelHeader}</th>
          <th scope="col" className="bar-value">
            {valueHeader}
          </th>
          {extraHeaders.map((h) => (
            <th key={h} scope="col" className="bar-extra">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row" className="bar-label">
              {row.label}
            </th>
            <td className="bar-value">
              <span className="bar" aria-hidden="true" style={{ width: `${(row.value / max) * 100}%` }} />
              <span className="bar-number">{format(row.value)}</span>
            </td>
            {(row.extra ?? []).map((cell, i) => (
              <td key={extraHeaders[i] ?? i} className="bar-extra">
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
