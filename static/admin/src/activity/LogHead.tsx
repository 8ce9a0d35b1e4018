import { memo } from 'react';
import { zoneLabel } from '../time/zoned-time';

/** The log's column headers; the time column names the zone its times are in. */
export const LogHead = memo(function LogHead({
  timeZone,
  locale,
}: {
  readonly timeZone: string;
  readonly locale: string;
}) {
  return (
    <div role="rowgroup" className="log-head">
      <div role="row" aria-rowindex={1} className="log-row">
        <span role="columnheader">Time ({zoneLabel(timeZone, locale)})</span>
        <span role="columnheader">Actor</span>
        <span role="columnheader">Action</span>
        <span role="columnheader">Object</span>
        <span role="columnheader">Project or space</span>
      </div>
    </div>
  );
});
