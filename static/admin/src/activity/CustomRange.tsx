import { DatePicker } from '@atlaskit/datetime-picker';
import { useState } from 'react';
import { useHost } from '../host-context';
import { dayOf, endOfDay, startOfDay } from '../time/zoned-time';

interface Props {
  /** ISO instants; `to` inclusive. */
  readonly from?: string;
  readonly to?: string;
  readonly onChange: (range: { from?: string; to?: string }) => void;
}

/**
 * The custom range's two days, in the user's time zone: from the start of the first to the end of the
 * last. Loaded only when "Custom range" is chosen (the date picker is a large part of the bundle).
 */
export default function CustomRange({ from, to, onChange }: Props) {
  const { timeZone, locale } = useHost();
  const day = (iso: string | undefined) => (iso ? dayOf(Date.parse(iso), timeZone) : '');
  // The latest day either picker offers: today when the range was opened.
  const [today] = useState(() => dayOf(Date.now(), timeZone));
  const instant = (value: number | undefined) =>
    value === undefined ? undefined : new Date(value).toISOString();
  const range = (next: { from?: string | undefined; to?: string | undefined }) => {
    const out: { from?: string; to?: string } = {};
    if (next.from) out.from = next.from;
    if (next.to) out.to = next.to;
    onChange(out);
  };
  return (
    <div className="custom-range">
      <div className="field">
        <label className="field-label" htmlFor="range-from">
          From
        </label>
        <DatePicker
          id="range-from"
          locale={locale}
          value={day(from)}
          maxDate={day(to) || today}
          onChange={(value: string) =>
            range({ from: instant(value ? startOfDay(value, timeZone) : undefined), to })
          }
          placeholder="First day"
          clearControlLabel="Clear the first day"
          shouldShowCalendarButton
          inputLabel="From"
          openCalendarLabel="Choose the first day"
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor="range-to">
          To
        </label>
        <DatePicker
          id="range-to"
          locale={locale}
          value={day(to)}
          minDate={day(from) || undefined}
          maxDate={today}
          onChange={(value: string) =>
            range({ from, to: instant(value ? endOfDay(value, timeZone) : undefined) })
          }
          placeholder="Last day"
          clearControlLabel="Clear the last day"
          shouldShowCalendarButton
          inputLabel="To"
          openCalendarLabel="Choose the last day"
        />
      </div>
    </div>
  );
}
