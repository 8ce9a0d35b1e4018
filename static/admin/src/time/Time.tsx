import { useHost } from '../host-context';
import { formatTime, timeHover, zoneLabel } from './zoned-time';

/**
 * One instant as every tab shows it: in the zone from the host context, in one format; hovering it shows
 * the same instant in UTC and on the viewer's own computer.
 */
export function Time({ at, className }: { readonly at: string | number; readonly className?: string }) {
  const { timeZone, locale } = useHost();
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) return <>{String(at)}</>;
  return (
    <time dateTime={new Date(ms).toISOString()} title={timeHover(ms, locale)} className={className}>
      {formatTime(ms, timeZone, locale)}
    </time>
  );
}

/** The label of a tab's times: which zone they are in, and what hovering one shows. */
export function ZoneNote() {
  const { timeZone, locale } = useHost();
  return (
    <p className="field-note zone-note">
      Times in {timeZone} ({zoneLabel(timeZone, locale)}); hover a time for UTC and your computer’s time.
    </p>
  );
}
