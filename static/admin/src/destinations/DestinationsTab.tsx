import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { useCallback, useEffect, useState } from 'react';
import './destinations.css';
import {
  DECLARED_EGRESS,
  type DestinationStatus,
  type DestinationView,
  type EgressGroupsUse,
  type Product,
} from '@contract';
import type { ApiError } from '../api';
import { ErrorNotice } from '../ErrorNotice';
import { useHost } from '../host-context';
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

type Load =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly error: ApiError }
  | {
      readonly status: 'ready';
      readonly destinations: readonly DestinationView[];
      readonly egressGroups: EgressGroupsUse;
      /** The products the caller administers: a destination may forward only those. */
      readonly products: readonly Product[];
    };

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
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [statuses, setStatuses] = useState<ReadonlyMap<string, DestinationStatus>>(new Map());
  const [editing, setEditing] = useState<DestinationView | 'new' | undefined>(undefined);
  const [deleting, setDeleting] = useState<DestinationView | undefined>(undefined);
  const [notice, setNotice] = useState<{ id: string; content: NoticeContent }>();
  const [listNotice, setListNotice] = useState<NoticeContent>();
  const show = (id: string, content: NoticeContent | undefined) => content && setNotice({ id, content });

  const refreshStatus = useCallback(async () => {
    const answer = await destinationStatus();
    if (answer.ok) setStatuses(new Map(answer.value.items.map((item) => [item.id, item])));
  }, []);

  const reload = useCallback(async () => {
    const answer = await listDestinations();
    setLoad(
      answer.ok
        ? {
            status: 'ready',
            destinations: answer.value.items,
            egressGroups: answer.value.egressGroups,
            products: answer.value.products,
          }
        : { status: 'failed', error: answer.error },
    );
    if (answer.ok) await refreshStatus();
  }, [refreshStatus]);

  useEffect(() => {
    void reload();
    const timer = setInterval(() => void refreshStatus(), STATUS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload, refreshStatus]);

  if (load.status === 'loading') {
    return (
      <div className="loading">
        <Spinner size="large" label="Loading destinations" />
      </div>
    );
  }
  if (load.status === 'failed') {
    return (
      <ErrorNotice
        error={load.error}
        title="Audit Trail could not load its destinations"
        product={host.product}
        onRetry={() => void reload()}
      />
    );
  }

  const time = (iso: string | null) =>
    iso
      ? new Intl.DateTimeFormat(host.locale, {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: host.timeZone,
        }).format(new Date(iso))
      : 'never';

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
        {load.egressGroups.max} such approvals per site, one per destination.{' '}
        <strong>
          Self-hosted destinations: {load.egressGroups.used} of {load.egressGroups.max}
        </strong>
        {load.egressGroups.used >= load.egressGroups.max && ': delete one to add another.'}
      </p>
      <Button appearance="primary" onClick={() => setEditing('new')}>
        Add destination
      </Button>
      {listNotice && <Notice content={listNotice} />}
      {load.destinations.length === 0 && <p className="description">No destinations yet.</p>}
      <ul className="destination-list">
        {load.destinations.map((destination) => {
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
          products={load.products}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            const before = editing === 'new' ? undefined : editing;
            setEditing(undefined);
            void reload();
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
                  await reload();
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
