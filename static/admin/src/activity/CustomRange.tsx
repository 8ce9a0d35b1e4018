import { DatePicker, TimePicker } from '@atlaskit/datetime-picker';
import { useState } from 'react';
import { useHost } from '../host-context';
import { clockOf, dayOf, instantAt } from '../time/zoned-time';

interface Props {
  /** ISO instants; `to` inclusive. */
  readonly from?: string;
  readonly to?: string;
  readonly onChange: (range: { from?: string; to?: string }) => void;
}

/** A day's first and last minute: the times a range takes when only its days are chosen. */
const START = '00:00';
const END = '23:59';

/**
 * The custom range's two days and times of day, in the zone the page shows times in: from 08:00 on the
 * first to 18:30 on the last, say, to read one working day of an incident. A day alone covers the whole
 * day. Loaded only when "Custom range" is chosen (the date picker is a large part of the bundle).
 */
export default function CustomRange({ from, to, onChange }: Props) {
  const { timeZone, locale } = useHost();
  const day = (iso: string | undefined) => (iso ? dayOf(Date.parse(iso), timeZone) : '');
  const clock = (iso: string | undefined) => (iso ? clockOf(Date.parse(iso), timeZone) : '');
  // The latest day either picker offers: today when the range was opened.
  const [today] = useState(() => dayOf(Date.now(), timeZone));
  /** `to` is inclusive: its minute's last millisecond. */
  const instant = (d: string, c: string, end: boolean) => {
    if (!d) return undefined;
    const ms = instantAt(d, c || (end ? END : START), timeZone);
    return ms === undefined ? undefined : new Date(end ? ms + 59_999 : ms).toISOString();
  };
  const range = (next: { from?: string | undefined; to?: string | undefined }) => {
    const out: { from?: string; to?: string } = {};
    if (next.from) out.from = next.from;
    if (next.to) out.to = next.to;
    onChange(out);
  };
  const setFrom = (d: string, c: string) => range({ from: instant(d, c, false), to });
  const setTo = (d: string, c: string) => range({ from, to: instant(d, c, true) });
  return (
    <>
      <div className="field field-day">
        <label className="field-label" htmlFor="range-from">
          From
        </label>
        <div className="day-time">
          <DatePicker
            id="range-from"
            locale={locale}
            value={day(from)}
            maxDate={day(to) || today}
            onChange={(value: string) => setFrom(value, clock(from))}
            placeholder="First day"
            clearControlLabel="Clear the first day"
            shouldShowCalendarButton
            inputLabel="From"
            openCalendarLabel="Choose the first day"
          />
          <TimePicker
            id="range-from-time"
            locale={locale}
            value={clock(from)}
            isDisabled={!from}
            timeIsEditable
            onChange={(value: string) => setFrom(day(from), value)}
            placeholder={START}
            label="From time"
            clearControlLabel="Start at the first minute of the day"
          />
        </div>
      </div>
      <div className="field field-day">
        <label className="field-label" htmlFor="range-to">
          To
        </label>
        <div className="day-time">
          <DatePicker
            id="range-to"
            locale={locale}
            value={day(to)}
            minDate={day(from) || undefined}
            maxDate={today}
            onChange={(value: string) => setTo(value, clock(to))}
            placeholder="Last day"
            clearControlLabel="Clear the last day"
            shouldShowCalendarButton
            inputLabel="To"
            openCalendarLabel="Choose the last day"
          />
          <TimePicker
            id="range-to-time"
            locale={locale}
            value={clock(to)}
            isDisabled={!to}
            timeIsEditable
            onChange={(value: string) => setTo(day(to), value)}
            placeholder={END}
            label="To time"
            clearControlLabel="End at the last minute of the day"
          />
        </div>
      </div>
    </>
  );
}
