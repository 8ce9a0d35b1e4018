import { memo } from 'react';
import type { AuditRecord } from '@contract';
import { formatTime, timeHover } from '../time/zoned-time';
import { ActionLozenge, ActorName, SiteLink } from './cells';
import { useParentDetails, withParentDetails } from './parent-details';
import { containerLabel, missingContainer, objectLabel, objectUrl } from './record-display';

/** Every row's height, fixed: it keeps the scroll position of the virtualised log exact. */
export const ROW_HEIGHT = 32;

interface RowProps {
  readonly record: AuditRecord;
  readonly index: number;
  readonly top: number;
  readonly isActive: boolean;
  readonly isOpen: boolean;
  readonly siteUrl: string;
  readonly timeZone: string;
  readonly locale: string;
  readonly onOpen: (record: AuditRecord) => void;
  readonly onFocusRow: (index: number) => void;
}

/** One record as a row of the log's grid. */
export const LogRow = memo(function LogRow({
  record,
  index,
  top,
  isActive,
  isOpen,
  siteUrl,
  timeZone,
  locale,
  onOpen,
  onFocusRow,
}: RowProps) {
  // A worklog's or attachment's event may name only its issue's id: the issue's own records name the rest.
  const parent = useParentDetails(record);
  const shown = parent?.state === 'found' ? withParentDetails(record, parent.details) : record;
  const url = objectUrl(shown, siteUrl);
  const label = objectLabel(shown.object);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={isOpen}
      data-index={index}
      data-record-id={record.id}
      tabIndex={isActive ? 0 : -1}
      className={`log-row log-record${isOpen ? ' is-open' : ''}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => onOpen(record)}
      onFocus={() => onFocusRow(index)}
    >
      <span role="gridcell" className="log-time">
        <time dateTime={record.time} title={timeHover(record.time, locale)}>
          {formatTime(record.time, timeZone, locale)}
        </time>
      </span>
      <span role="gridcell">
        <ActorName actor={record.actor} />
      </span>
      <span role="gridcell">
        <ActionLozenge action={record.action} />
      </span>
      <span role="gridcell" className="log-object">
        {url ? (
          <SiteLink href={url} tabIndex={isActive ? 0 : -1}>
            {label}
          </SiteLink>
        ) : (
          label
        )}
      </span>
      <span role="gridcell" className="log-container">
        {shown.container || parent === undefined ? (
          containerLabel(shown.container)
        ) : (
          <span className="muted">{missingContainer(record, parent.state === 'pending')}</span>
        )}
      </span>
    </div>
  );
});
