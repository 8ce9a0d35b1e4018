import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import type { DestinationStatus, DestinationView } from '@contract';
import { useHost } from '../host-context';
import { Time } from '../time/Time';
import { FORMATS, TYPES } from './destination-types';
import { approveEgress, isSelfHosted, sendTestEvent } from './destinations-api';
import { egressNotice } from './egress-notice';
import { Notice, type NoticeContent } from './Notice';

/** One destination: what it is, how far behind, what last went wrong, and what can be done with it. */
export function DestinationCard({
  destination,
  status,
  notice: shown,
  onNotice,
  onEdit,
  onDelete,
}: {
  readonly destination: DestinationView;
  readonly status: DestinationStatus | undefined;
  /** The outcome of the last action on it, if any. */
  readonly notice: NoticeContent | undefined;
  readonly onNotice: (content: NoticeContent | undefined) => void;
  readonly onEdit: () => void;
  readonly onDelete: () => void;
}) {
  const host = useHost();
  const time = (iso: string | null) => (iso ? <Time at={iso} /> : 'never');
  return (
    <li className="destination" aria-labelledby={`destination-${destination.id}`}>
      <div className="destination-head">
        <Heading size="small" as="h3" id={`destination-${destination.id}`}>
          {destination.name}
        </Heading>
        <StatusLozenge destination={destination} status={status} />
      </div>
      <p className="description">
        {TYPES[destination.type].label} ·{' '}
        {FORMATS.find((f) => f.value === destination.format)?.label.split(' (')[0]}
        {' · '}
        {destination.egress.hosts.join(', ')}
        {destination.required && ' · required before retention may delete'}
      </p>
      <p className="description egress-marking">
        {isSelfHosted(destination) ? (
          <Lozenge appearance="moved" maxWidth="none">
            Needs egress approval (self-hosted)
          </Lozenge>
        ) : (
          <Lozenge appearance="success" maxWidth="none">
            Allowed by the app (no approval needed)
          </Lozenge>
        )}
      </p>
      {status && (
        <dl className="destination-status">
          <dt>Lag</dt>
          <dd>
            {status.lagRecords.toLocaleString(host.locale)} {status.lagRecords === 1 ? 'record' : 'records'}
            {status.unsealedRecords > 0 &&
              ` (${status.unsealedRecords.toLocaleString(host.locale)} not sealed yet)`}
            {status.lagRecords > 0 &&
              ` · oldest waiting ${status.lagMinutes < 1 ? 'under a minute' : `${status.lagMinutes.toLocaleString(host.locale)} min`}`}
          </dd>
          <dt>Last success</dt>
          <dd>{time(status.lastSuccessAt)}</dd>
          {status.lastError && (
            <>
              <dt>Last error</dt>
              <dd>
                {status.lastError} <span className="state">({time(status.lastErrorAt)})</span>
              </dd>
            </>
          )}
          {(status.nextAttemptAt || status.failedAttempts > 0) && (
            <>
              <dt>Next attempt</dt>
              <dd>{status.nextAttemptAt ? time(status.nextAttemptAt) : 'at the next scheduled run'}</dd>
            </>
          )}
        </dl>
      )}
      {status && status.status !== 'active' && (
        <SectionMessage
          appearance="warning"
          title={status.status === 'stopped' ? 'Delivery is stopped' : 'Delivery is disabled'}
        >
          <p>
            {status.status === 'stopped'
              ? 'The SIEM refused the settings (credentials, URL, index or format). Fix them and save: delivery resumes from where it stopped.'
              : 'The endpoint answered that it is gone (410). Save the destination again to resume.'}
          </p>
        </SectionMessage>
      )}
      {shown && <Notice content={shown} />}
      <div className="destination-actions">
        <Button
          onClick={() =>
            void sendTestEvent(destination.id).then((answer) =>
              onNotice({
                ok: answer.ok && answer.value.ok,
                title: answer.ok && answer.value.ok ? 'Test event delivered' : 'Test event not delivered',
                message: answer.ok ? answer.value.message : answer.error.message,
              }),
            )
          }
        >
          Send test event
        </Button>
        {isSelfHosted(destination) && (
          <Button
            onClick={() =>
              void approveEgress(destination).then((change) => onNotice(egressNotice(change, '')))
            }
          >
            Approve host
          </Button>
        )}
        <Button onClick={onEdit}>Edit</Button>
        <Button appearance="subtle" onClick={onDelete}>
          Delete
        </Button>
      </div>
    </li>
  );
}

function StatusLozenge({
  destination,
  status,
}: {
  destination: DestinationView;
  status?: DestinationStatus;
}) {
  if (!destination.enabled) return <Lozenge>Off</Lozenge>;
  if (status?.status === 'stopped') return <Lozenge appearance="removed">Stopped</Lozenge>;
  if (status?.status === 'disabled') return <Lozenge appearance="removed">Disabled</Lozenge>;
  // Failing from the first failed attempt: the card shows the error and when it is tried again.
  if (status && status.failedAttempts > 0) return <Lozenge appearance="removed">Failing</Lozenge>;
  if (status && status.lagRecords > 0) return <Lozenge appearance="inprogress">Catching up</Lozenge>;
  return <Lozenge appearance="success">Up to date</Lozenge>;
}
