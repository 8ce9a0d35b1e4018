import Select from '@atlaskit/select';
import Spinner from '@atlaskit/spinner';
import { ErrorMessage } from '../ErrorMessage';
import { useHost } from '../host-context';
import { Time, ZoneNote } from '../time/Time';
import { Summary } from './Summary';
import { RANGES, useInsights, type RangeDays } from './useInsights';
import { useMemo, useState } from 'react';
import { LogLinkContext, type LogFilters } from './log-link';
import './insights.css';

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
export function InsightsTab({
  log,
}: {
  /** The Activity log filtered to a ranking's row, over the last `days` days. */
  readonly log?: {
    readonly href: (filters: LogFilters, days: number) => string;
    readonly open: (filters: LogFilters, days: number) => void;
  };
}) {
  const { product, locale } = useHost();
  const [days, setDays] = useState<RangeDays>(30);
  const linker = useMemo(
    () =>
      log && {
        href: (filters: LogFilters) => log.href(filters, days),
        open: (filters: LogFilters) => log.open(filters, days),
      },
    [log, days],
  );
  const insights = useInsights(days);
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
            Updated daily; last <Time at={insights.value.updatedAt} /> (days in UTC)
          </span>
        )}
      </div>
      <ZoneNote />
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
      {insights.state === 'ready' && (
        <LogLinkContext.Provider value={linker}>
          <Summary summary={insights.value} format={format} locale={locale} />
        </LogLinkContext.Provider>
      )}
    </div>
  );
}
