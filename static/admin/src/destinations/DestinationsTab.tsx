import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { useEffect, useMemo, useState } from 'react';
import './destinations.css';
import type { DestinationStatus, DestinationView } from '../../../../src/forward/destination-view';
import { DECLARED_EGRESS } from '../../../../src/forward/egress/declared-egress';
import { useResolver } from '../resolver/use-resolver';
import { ErrorNotice } from '../ErrorNotice';
import { useHost } from '../host-context';
import { useFormatTime } from '../time/use-format-time';
import { DestinationForm } from './DestinationForm';
import {
  approveEgress,
  deleteDestination,
  destinationStatus,
  isSelfHosted,
  listDestinations,
  removeEgress,
  sendTestEvent,
  syncEgress,
  type EgressChange,
} from './destinations-api';
import { FORMATS, TYPES } from './destination-types';

/** How often the lag and last results are refreshed while the tab is open. */
const STATUS_REFRESH_MS = 30_000;

/** A message shown on a destination's card (or above the list once the destination is gone). */
interface NoticeContent {
  readonly ok: boolean;
  readonly title: string;
  readonly message: string;
}

/** What an egress change means to the admin; nothing to say when nothing changed. */
function egressNotice(change: EgressChange, done: string): NoticeContent | undefined {
  switch (change.kind) {
    case 'approved':
      return { ok: true, title: 'Host approved', message: `${done}Approved: ${change.hosts.join(', ')}` };
    case 'removed':
      return {
        ok: true,
        title: 'Egress group removed',
        message: `${done}Its egress approval is no longer needed.`,
      };
    case 'failed':
      return { ok: false, title: 'Not approved', message: `${done}${change.message}` };
    case 'unchanged':
      return done ? { ok: true, title: 'Saved', message: done.trim() } : undefined;
  }
}

/**
 * The Destinations tab: the SIEMs Audit Trail streams to, how far behind each is, what last went wrong,
 * and a button to send a test event now. Adding or editing one opens a form; the credential is never
 * shown again once saved.
 */
export function DestinationsTab() {
  const host = useHost();
  const formatTime = useFormatTime();
  const list = useResolver(listDestinations, 'destinations');
  // Asked again whenever the list is: a new or changed destination has a status of its own.
  const status = useResolver(destinationStatus, list.value);
  const [editing, setEditing] = useState<DestinationView | 'new' | undefined>(undefined);
  const [deleting, setDeleting] = useState<DestinationView | undefined>(undefined);
  const [notice, setNotice] = useState<{ id: string; content: NoticeContent }>();
  const [listNotice, setListNotice] = useState<NoticeContent>();
  const show = (id: string, content: NoticeContent | undefined) => content && setNotice({ id, content });
  const statuses = useMemo(
    () => new Map((status.value?.items ?? []).map((item) => [item.id, item])),
    [status.value],
  );

  const refreshStatus = status.reload;
  useEffect(() => {
    const timer = setInterval(refreshStatus, STATUS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refreshStatus]);

  if (list.state === 'failed') {
    return (
      <ErrorNotice
        error={list.error}
        title="Audit Trail could not load its destinations"
        product={host.product}
        onRetry={list.reload}
      />
    );
  }
  // A reload (after a save or a delete) keeps the list as it is until the new one arrives.
  if (!list.value) {
    return (
      <div className="loading">
        <Spinner size="large" label="Loading destinations" />
      </div>
    );
  }
  // `products`: the ones the caller administers; a destination may forward only those.
  const { items: destinations, egressGroups, products } = list.value;

  const time = (iso: string | null) => (iso ? formatTime(iso) : 'never');

  return (
    <section className="destinations" aria-labelledby="destinations-heading">
      <Heading size="medium" as="h2" id="destinations-heading">
        Destinations
      </Heading>
      <p className="lead">
        Stream the audit trail to your SIEM. Records go in order, at least once, each with its own id so the
        SIEM can drop a repeat. When a SIEM is down nothing is lost: delivery waits, then catches up.
      </p>
      <p className="description egress-help">
        {new Intl.ListFormat(host.locale).format(DECLARED_EGRESS.map((d) => d.vendor))} are allowed by the
        app: no approval needed. A self-hosted Splunk or Elasticsearch, or a webhook, needs your approval of
        its host (customer-managed egress, an Atlassian Early Access feature), and Forge allows{' '}
        {egressGroups.max} such approvals per site, one per destination.{' '}
        <strong>
          Self-hosted destinations: {egressGroups.used} of {egressGroups.max}
        </strong>
        {egressGroups.used >= egressGroups.max && ': delete one to add another.'}
      </p>
      <Button appearance="primary" onClick={() => setEditing('new')}>
        Add destination
      </Button>
      {listNotice && <Notice content={listNotice} />}
      {destinations.length === 0 && <p className="description">No destinations yet.</p>}
      <ul className="destination-list">
        {destinations.map((destination) => {
          const status = statuses.get(destination.id);
          const shown = notice?.id === destination.id ? notice.content : undefined;
          return (
            <li
              key={destination.id}
              className="destination"
              aria-labelledby={`destination-${destination.id}`}
            >
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
                    {status.lagRecords.toLocaleString(host.locale)}{' '}
                    {status.lagRecords === 1 ? 'record' : 'records'}
                    {status.lagRecords > 0 &&
                      ` · oldest waiting ${status.lagMinutes.toLocaleString(host.locale)} min`}
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
                  {status.nextAttemptAt && (
                    <>
                      <dt>Next attempt</dt>
                      <dd>{time(status.nextAttemptAt)}</dd>
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
                      show(destination.id, {
                        ok: answer.ok && answer.value.ok,
                        title:
                          answer.ok && answer.value.ok ? 'Test event delivered' : 'Test event not delivered',
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
                      void approveEgress(destination).then((change) =>
                        show(destination.id, egressNotice(change, '')),
                      )
                    }
                  >
                    Approve host
                  </Button>
                )}
                <Button onClick={() => setEditing(destination)}>Edit</Button>
                <Button appearance="subtle" onClick={() => setDeleting(destination)}>
                  Delete
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
      {editing && (
        <DestinationForm
          {...(editing === 'new' ? {} : { existing: editing })}
          products={products}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            const before = editing === 'new' ? undefined : editing;
            setEditing(undefined);
            list.reload();
            // A new self-hosted host needs the admin's approval before Forge lets the app reach it.
            void syncEgress(before, saved).then((change) => show(saved.id, egressNotice(change, 'Saved. ')));
          }}
        />
      )}
      {deleting && (
        <Modal onClose={() => setDeleting(undefined)} label={`Delete ${deleting.name}`}>
          <ModalHeader>
            <ModalTitle appearance="danger">Delete {deleting.name}?</ModalTitle>
          </ModalHeader>
          <ModalBody>
            <p>
              Records it has not received will not be sent to it. Its credential is deleted too
              {isSelfHosted(deleting) && ', and so is its egress approval'}.
            </p>
          </ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={() => setDeleting(undefined)}>
              Cancel
            </Button>
            <Button
              appearance="danger"
              onClick={() => {
                const gone = deleting;
                setDeleting(undefined);
                setListNotice(undefined);
                void deleteDestination(gone.id).then(async (answer) => {
                  // Its egress group goes with it, so it no longer counts against Forge's limit.
                  if (answer.ok && isSelfHosted(gone)) {
                    const change = await removeEgress(gone.egress.group);
                    if (change.kind === 'failed')
                      setListNotice({
                        ok: false,
                        title: `${gone.name} was deleted`,
                        message: change.message,
                      });
                  }
                  list.reload();
                });
              }}
            >
              Delete
            </Button>
          </ModalFooter>
        </Modal>
      )}
    </section>
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
  if (status?.nextAttemptAt) return <Lozenge appearance="moved">Retrying</Lozenge>;
  if (status && status.lagRecords > 0) return <Lozenge appearance="inprogress">Catching up</Lozenge>;
  return <Lozenge appearance="success">Up to date</Lozenge>;
}

function Notice({ content }: { content: NoticeContent }) {
  return (
    <div role="status">
      <SectionMessage appearance={content.ok ? 'success' : 'error'} title={content.title}>
        <p>{content.message}</p>
      </SectionMessage>
    </div>
  );
}
