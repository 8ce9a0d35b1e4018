import ProgressBar from '@atlaskit/progress-bar';
import type { InsightsSummary, Trend } from '@contract';

/** Active people today, in 7 and 30 days (with their trends), and the share inactive for 30 days. */
export function ActivePeopleCards({
  summary,
  format,
  percent,
}: {
  readonly summary: InsightsSummary;
  readonly format: (n: number) => string;
  readonly percent: (share: number) => string;
}) {
  return (
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
          <div className="muted">Counted by the daily job from the site’s user list; not available yet.</div>
        )}
      </div>
    </section>
  );
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
