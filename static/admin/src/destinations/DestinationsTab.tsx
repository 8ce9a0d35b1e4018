import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Spinner from '@atlaskit/spinner';
import { useEffect, useMemo, useState } from 'react';
import './destinations.css';
import { DECLARED_EGRESS, type DestinationView } from '@contract';
import { useResolver } from '../resolver/use-resolver';
import { ErrorNotice } from '../ErrorNotice';
import { useHost } from '../host-context';
import { DeleteDestinationDialog } from './DeleteDestinationDialog';
import { DestinationCard } from './DestinationCard';
import { DestinationForm } from './DestinationForm';
import {
  deleteDestination,
  destinationStatus,
  isSelfHosted,
  listDestinations,
  removeEgress,
  syncEgress,
} from './destinations-api';
import { egressNotice } from './egress-notice';
import { Notice, type NoticeContent } from './Notice';
import { ZoneNote } from '../time/Time';

/** How often the lag and last results are refreshed while the tab is open. */
const STATUS_REFRESH_MS = 30_000;

/**
 * The Destinations tab: the SIEMs Audit Trail streams to, how far behind each is, what last went wrong,
 * and a button to send a test event now. Adding or editing one opens a form; the credential is never
 * shown again once saved.
 */
export function DestinationsTab() {
  const host = useHost();
  const list = useResolver(listDestinations, 'destinations');
  // Asked once the list is there, and again whenever it is reloaded: a new or changed destination has
  // a status of its own.
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

  return (
    <section className="destinations" aria-labelledby="destinations-heading">
      <Heading size="medium" as="h2" id="destinations-heading">
        Destinations
      </Heading>
      <p className="lead">
        Stream the audit trail to your SIEM. Records go in order, at least once, each with its own id so the
        SIEM can drop a repeat. When a SIEM is down nothing is lost: delivery waits, then catches up.
      </p>
      <ZoneNote />
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
            <DestinationCard
              key={destination.id}
              destination={destination}
              status={status}
              notice={shown}
              onNotice={(content) => show(destination.id, content)}
              onEdit={() => setEditing(destination)}
              onDelete={() => setDeleting(destination)}
            />
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
        <DeleteDestinationDialog
          destination={deleting}
          onClose={() => setDeleting(undefined)}
          onDelete={() => {
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
        />
      )}
    </section>
  );
}
