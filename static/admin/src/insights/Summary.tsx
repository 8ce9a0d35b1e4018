import EmptyState from '@atlaskit/empty-state';
import type { InsightsSummary } from '@contract';
import { ActivePeopleCards } from './ActivePeopleCards';
import { movingAverage } from './chart-geometry';
import { DailyActivePeople } from './DailyActivePeople';
import { TopLists } from './TopLists';

/** The summary of one range: the cards, the daily chart and the busiest lists, or why there is none. */
export function Summary({
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

  return (
    <>
      <ActivePeopleCards summary={summary} format={format} percent={percent} />
      <DailyActivePeople
        summary={summary}
        days={days}
        series={series}
        jira={jira}
        confluence={confluence}
        all={all}
        format={format}
      />
      <TopLists summary={summary} format={format} />
    </>
  );
}
