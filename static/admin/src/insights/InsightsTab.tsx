import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import ProgressBar from '@atlaskit/progress-bar';
import Select from '@atlaskit/select';
import Spinner from '@atlaskit/spinner';
import type { InsightsSummary, Trend } from '../../../../src/insights/insights-types';
import { ActionLozenge, ActorName } from '../activity/cells';
import { ErrorMessage } from '../ErrorMessage';
import { useHost } from '../host-context';
import { useFormatTime } from '../time/use-format-time';
import { BarTable } from './BarTable';
import { movingAverage } from './chart-geometry';
import { LineChart } from './LineChart';
import { RANGES, useInsights, type RangeDays } from './useInsights';
import { useState } from 'react';
import './insights.css';

const PSEUDONYM = 'pseudonym:';

interface RangeChoice {
  readonly value: RangeDays;
  readonly label: string;
}
const RANGE_CHOICES: readonly RangeChoice[] = RANGES.map((d) => ({
  value: d,
  label: d === 365 ? 'Last year' : `Last ${d} days`,
}));

/**
 * The Insights tab: who uses Jira and Confluence, how much, and on what, from the daily rollups (they
 * outlive retention). Every chart has its numbers in a table beside it; days the app has no data for
 * (before it was installed, while capture was paused) are gaps, not zeros.
 */
export function InsightsTab() {
  const { product, locale } = useHost();
  const [days, setDays] = useState<RangeDays>(30);
  const insights = useInsights(days);
  const time = useFormatTime();
  const number = new Intl.NumberFormat(locale);
  const format = (n: number) => number.format(Math.round(n * 10) / 10);

  return (
    <div className="insights">
      <div className="insights-toolbar">
        <div className="field insights-range">
          <label className="field-label" htmlFor="insights-range">
            Time
          </label>
          <Select<RangeChoice>
            inputId="insights-range"
            options={RANGE_CHOICES}
            value={RANGE_CHOICES.find((c) => c.value === days) ?? null}
            isSearchable={false}
            onChange={(choice: RangeChoice | null) => {
              if (choice) setDays(choice.value);
            }}
          />
        </div>
        {insights.state === 'ready' && insights.value.updatedAt && (
          <span className="muted insights-updated">
            Updated daily; last {time(insights.value.updatedAt)} (days in UTC)
          </span>
        )}
      </div>
      {insights.state === 'loading' && (
        <div className="loading">
          <Spinner size="large" label="Loading insights" />
        </div>
      )}
      {insights.state === 'failed' && (
        <ErrorMessage
          error={insights.error}
          title="Audit Trail could not load its insights"
          product={product}
          onRetry={insights.reload}
        />
      )}
      {insights.state === 'ready' && <Summary summary={insights.value} format={format} locale={locale} />}
    </div>
  );
}

function Summary({
  summary,
  format,
  locale,
}: {
  readonly summary: InsightsSummary;
  readonly format: (n: number) => string;
  readonly locale: string;
}) {
  const days = [...new Set(summary.daily.map((p) => p.day))];
  const valuesOf = (product: 'jira' | 'confluence' | 'all') =>
    days.map((day) => summary.daily.find((p) => p.day === day && p.product === product)?.activeUsers ?? null);
  const jira = valuesOf('jira');
  const confluence = valuesOf('confluence');
  const all = valuesOf('all');
  const average = movingAverage(all, 7);
  if (all.every((v) => v === null) && summary.actions.length === 0) {
    return (
      <EmptyState
        header="No activity recorded in this range yet"
        headingLevel={2}
        description="Insights are counted once a day from the recorded activity, and kept after retention deletes the records themselves. Choose a longer range, or come back tomorrow."
      />
    );
  }
  const percent = (share: number) =>
    new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
  const series = [
    ...(jira.some((v) => v !== null) ? [{ key: 'jira', label: 'Jira', values: jira }] : []),
    ...(confluence.some((v) => v !== null)
      ? [{ key: 'confluence', label: 'Confluence', values: confluence }]
      : []),
    { key: 'all', label: 'Both products', values: all },
    { key: 'avg', label: '7-day average (both)', values: average, dashed: true },
  ];
  const cell = (v: number | null) => (v === null ? <span className="muted">no data</span> : format(v));
  const projects = summary.containers.filter((c) => c.type === 'project');
  const spaces = summary.containers.filter((c) => c.type === 'space');

  return (
    <>
      <section className="insights-cards" aria-label="Active people">
        <Stat
          label={
            summary.activeUsers.asOf === new Date().toISOString().slice(0, 10)
              ? 'Active today so far (UTC)'
              : `Active on ${summary.activeUsers.asOf}`
          }
          value={format(summary.activeUsers.dau)}
        />
        <Stat
          label="Active in the last 7 days"
          value={format(summary.activeUsers.wau)}
          trend={summary.trends.d7}
          percent={percent}
        />
        <Stat
          label="Active in the last 30 days"
          value={format(summary.activeUsers.mau)}
          trend={summary.trends.d30}
          percent={percent}
        />
        <div className="insights-card">
          <div className="insights-card-label">Inactive for 30 days</div>
          {summary.inactiveShare ? (
            <>
              <div className="insights-card-value">{percent(summary.inactiveShare.share)}</div>
              <ProgressBar
                ariaLabel="Share of the site's active people with no recorded activity in 30 days"
                value={summary.inactiveShare.share}
              />
              <div className="muted">
                {format(summary.inactiveShare.inactive)} of {format(summary.inactiveShare.siteUsers)} active
                site users, as of {summary.inactiveShare.asOf}
                {summary.inactiveShare.truncated ? ' (first 50,000 users)' : ''}
              </div>
            </>
          ) : (
            <div className="muted">
              Counted by the daily job from the site’s user list; not available yet.
            </div>
          )}
        </div>
      </section>

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

      <div className="insights-grid">
        <section className="insights-section">
          <Heading size="medium" as="h2">
            Most active people
          </Heading>
          <BarTable
            caption="Most active people: events and active days"
            labelHeader="Person"
            valueHeader="Events"
            extraHeaders={['Active days']}
            rows={summary.topActors.map((a) => ({
              key: a.accountId,
              label: a.accountId.startsWith(PSEUDONYM) ? (
                <span title={a.accountId}>Former user (account closed)</span>
              ) : (
                <ActorName actor={{ accountId: a.accountId, type: 'user' }} />
              ),
              value: a.events,
              extra: [format(a.activeDays)],
            }))}
            format={format}
            empty="No one was active in this range."
          />
        </section>
        <section className="insights-section">
          <Heading size="medium" as="h2">
            Event mix
          </Heading>
          <BarTable
            caption="Events by action"
            labelHeader="Action"
            valueHeader="Events"
            rows={[
              ...summary.actions.map((a) => ({
                key: a.action,
                label: <ActionLozenge action={a.action} />,
                value: a.events,
              })),
              ...(summary.otherActions > 0
                ? [{ key: 'other', label: 'Other actions', value: summary.otherActions }]
                : []),
            ]}
            format={format}
            empty="No events in this range."
          />
        </section>
        <section className="insights-section">
          <Heading size="medium" as="h2">
            Busiest projects
          </Heading>
          <BarTable
            caption="Busiest Jira projects by events"
            labelHeader="Project"
            valueHeader="Events"
            rows={projects.map((c) => ({ key: c.id, label: containerName(c), value: c.events }))}
            format={format}
            empty="No Jira project activity in this range."
          />
        </section>
        <section className="insights-section">
          <Heading size="medium" as="h2">
            Busiest spaces
          </Heading>
          <BarTable
            caption="Busiest Confluence spaces by events"
            labelHeader="Space"
            valueHeader="Events"
            rows={spaces.map((c) => ({ key: c.id, label: containerName(c), value: c.events }))}
            format={format}
            empty="No Confluence space activity in this range."
          />
        </section>
      </div>
    </>
  );
}

function containerName(c: { readonly id: string; readonly key?: string; readonly name?: string }): string {
  if (c.name && c.key) return `${c.name} (${c.key})`;
  return c.name ?? c.key ?? c.id;
}

function Stat({
  label,
  value,
  trend,
  percent,
}: {
  readonly label: string;
  readonly value: string;
  readonly trend?: Trend;
  readonly percent?: (share: number) => string;
}) {
  let change: string | undefined;
  if (trend && percent) {
    change =
      trend.change === null
        ? `no one in the ${trend.days} days before`
        : `${trend.change >= 0 ? '+' : '−'}${percent(Math.abs(trend.change))} on the ${trend.days} days before (${trend.previous})`;
  }
  return (
    <div className="insights-card">
      <div className="insights-card-label">{label}</div>
      <div className="insights-card-value">{value}</div>
      {change && <div className="muted">{change}</div>}
    </div>
  );
}
