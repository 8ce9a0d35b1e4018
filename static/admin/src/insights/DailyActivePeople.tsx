import Heading from '@atlaskit/heading';
import type { InsightsSummary } from '@contract';
import { LineChart, type LineSeries } from './LineChart';

/** Active people per day, per product and for both: the line chart, and its numbers as a table. */
export function DailyActivePeople({
  summary,
  days,
  series,
  jira,
  confluence,
  all,
  format,
}: {
  readonly summary: InsightsSummary;
  readonly days: readonly string[];
  readonly series: readonly LineSeries[];
  readonly jira: readonly (number | null)[];
  readonly confluence: readonly (number | null)[];
  readonly all: readonly (number | null)[];
  readonly format: (n: number) => string;
}) {
  const cell = (v: number | null) => (v === null ? <span className="muted">no data</span> : format(v));
  return (
    <section className="insights-section">
      <Heading size="medium" as="h2">
        Active people per day
      </Heading>
      <div className="insights-chart-row">
        <LineChart
          title="Active people per day"
          description={`Distinct people active each day from ${summary.from} to ${summary.to}, for Jira, Confluence and both, with a 7-day average. Days without data are gaps. The same numbers are in the table beside the chart.`}
          labels={days}
          series={series}
          format={format}
        />
        <div
          className="insights-table-scroll"
          tabIndex={0}
          role="region"
          aria-label="Active people per day, as a table"
        >
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col">Jira</th>
                <th scope="col">Confluence</th>
                <th scope="col">Both</th>
              </tr>
            </thead>
            <tbody>
              {[...days].reverse().map((day) => {
                const i = days.indexOf(day);
                return (
                  <tr key={day}>
                    <th scope="row">{day}</th>
                    <td>{cell(jira[i] ?? null)}</td>
                    <td>{cell(confluence[i] ?? null)}</td>
                    <td>{cell(all[i] ?? null)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
