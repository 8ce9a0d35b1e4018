import Heading from '@atlaskit/heading';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import type { StorageStatus } from '@contract';
import type { ReactNode } from 'react';
import { formatBytes } from './storage-format';
import { StorageTiers } from './StorageTiers';

export function StorageMeter({
  storage,
  number,
  locale,
  time,
}: {
  readonly storage: StorageStatus;
  readonly number: Intl.NumberFormat;
  readonly locale: string;
  readonly time: (at: string | number) => ReactNode;
}) {
  const share = Math.min(1, storage.bytes / storage.budgetBytes);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
  const retention = storage.retention;
  const outlook = storage.outlook;
  const days = (value: number) => `${number.format(Math.floor(value))} days`;
  return (
    <section aria-labelledby="storage-heading">
      <Heading size="medium" as="h2" id="storage-heading">
        Storage
      </Heading>
      <p>
        {formatBytes(storage.bytes, locale)} of the {formatBytes(storage.budgetBytes, locale)} budget (
        {percent}){storage.method === 'sampled-row-size' ? ', estimated from the size of recent records' : ''}
      </p>
      <ProgressBar ariaLabel={`Storage used: ${percent} of the budget`} value={share} />
      {storage.warning && (
        <div role="alert" className="storage-warning">
          <SectionMessage appearance="warning" title="The storage budget will be reached soon">
            <p>
              At the current growth the log reaches its budget in{' '}
              {storage.daysToBudget !== undefined
                ? `${number.format(Math.max(0, Math.floor(storage.daysToBudget)))} days`
                : 'days'}
              . Retention will then delete the oldest records before they are {storage.maxAgeDays} days old.
              Raise the budget, shorten the maximum age, or record fewer views.
            </p>
          </SectionMessage>
        </div>
      )}
      {outlook.limitedBy === 'budget' && outlook.budgetHoldsDays !== undefined && (
        <div role="status" className="storage-warning">
          <SectionMessage
            appearance="information"
            title="The budget, not the maximum age, will limit the history"
          >
            <p>
              At the last {number.format(Math.round(outlook.windowDays))} days’ rate, the{' '}
              {formatBytes(storage.budgetBytes, locale)} budget holds {days(outlook.budgetHoldsDays)} of
              history, less than the maximum age of {storage.maxAgeDays} days. Once it is full, retention
              deletes records from about {days(outlook.budgetHoldsDays)} old.
            </p>
          </SectionMessage>
        </div>
      )}
      <StorageTiers storage={storage} number={number} locale={locale} />
      <dl className="storage-facts">
        <dt>Records</dt>
        <dd>{number.format(storage.rows)}</dd>
        <dt>Bytes per record</dt>
        <dd>{number.format(storage.bytesPerRow)}, every tier and table included</dd>
        <dt>Rate, last {number.format(Math.round(outlook.windowDays))} days</dt>
        <dd>
          {number.format(outlook.recordsPerDay)} records, {formatBytes(outlook.bytesPerDay, locale)} a day
        </dd>
        <dt>History the budget holds</dt>
        <dd>
          {outlook.budgetHoldsDays === undefined ? 'no limit at this rate' : days(outlook.budgetHoldsDays)}
        </dd>
        <dt>History will reach back</dt>
        <dd>
          {days(outlook.historyReachDays)}{' '}
          <span className="muted">
            ({outlook.limitedBy === 'budget' ? 'limited by the budget' : 'the maximum age'})
          </span>
        </dd>
        <dt>Budget full in, at that rate</dt>
        <dd>
          {outlook.budgetFullInDays === undefined ? 'not at this rate' : days(outlook.budgetFullInDays)}
        </dd>
        <dt>Oldest record</dt>
        <dd>{storage.oldest ? time(storage.oldest) : 'none yet'}</dd>
        <dt>Days covered</dt>
        <dd>{number.format(storage.daysCovered)}</dd>
        <dt>Growth per day</dt>
        <dd>
          {formatBytes(storage.growthBytesPerDay, locale)}{' '}
          <span className="muted">
            (
            {storage.growthBasis === 'measured'
              ? 'net, measured over recent days'
              : 'arrivals; measured growth after a few days'}
            )
          </span>
        </dd>
        <dt>Budget reached in</dt>
        <dd>
          {storage.daysToBudget === undefined
            ? 'not growing'
            : `${number.format(Math.floor(storage.daysToBudget))} days`}
        </dd>
        <dt>Last retention run</dt>
        <dd>
          {retention ? (
            <>
              {time(retention.atMs)}: {number.format(retention.deleted)} records deleted
            </>
          ) : (
            'not run yet (daily)'
          )}
        </dd>
      </dl>
      {retention?.heldBy === 'required-destination' && (
        <SectionMessage appearance="information" title="Retention is waiting for a required destination">
          <p>
            {retention.heldDestination ?? 'A destination'} is marked required and has not received every
            record retention would delete. They are kept until it has; fix, un-mark or delete it under
            Destinations.
          </p>
        </SectionMessage>
      )}
    </section>
  );
}
