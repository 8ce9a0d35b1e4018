import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Spinner from '@atlaskit/spinner';
import { useState } from 'react';
import type { Alert, AlertStatus, Rule } from '@contract';
import { queryActivity, saveRule, updateAlert, type ApiError } from '../api';
import { ActionLozenge, ActorName } from '../activity/cells';
import { usePerson } from '../activity/people';
import { containerLabel, objectLabel } from '../activity/record-display';
import { useResolver } from '../resolver/use-resolver';
import { Time } from '../time/Time';
import { incidentView, type LogOpener } from './incident-view';
import { StatusLozenge } from './StatusLozenge';
import { thresholdText } from './rule-text';

/** The most records the detail lists; the alert keeps the ids of its first hundred. */
const DETAIL_RECORDS = 100;

const MOVES: readonly { readonly to: AlertStatus; readonly label: string }[] = [
  { to: 'acknowledged', label: 'Acknowledge' },
  { to: 'resolved', label: 'Resolve' },
  { to: 'open', label: 'Reopen' },
];

/**
 * One alert: why it fired (its rule and threshold, the incident's window, who and where), who last
 * changed its status, its records, and the log filtered to exactly them.
 */
export function AlertDetail({
  alert,
  rule,
  log,
  onChanged,
  canEdit,
  onRuleChanged,
}: {
  readonly alert: Alert;
  readonly rule: Rule | undefined;
  readonly log: LogOpener;
  readonly onChanged: (alert: Alert) => void;
  readonly canEdit: boolean;
  readonly onRuleChanged: () => void;
}) {
  const records = useResolver(
    () => queryActivity({ ...alert.filter, limit: DETAIL_RECORDS }),
    `${alert.id}:${alert.lastAt}`,
  );
  const [failure, setFailure] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const view = incidentView(alert.filter);
  // The alert's own records, when it kept all their ids; else what its filter finds in its window.
  const kept = new Set(alert.recordIds);
  const items = (records.value?.items ?? []).filter(
    (r) => alert.recordIds.length < alert.count || kept.has(r.id),
  );

  const move = async (to: AlertStatus) => {
    setBusy(true);
    const result = await updateAlert(alert.id, to);
    setBusy(false);
    if (result.ok) {
      setFailure(undefined);
      onChanged(result.value);
    } else setFailure(result.error);
  };

  return (
    <section className="alert-detail" aria-labelledby={`alert-${alert.id}`}>
      <Heading size="medium" as="h3" id={`alert-${alert.id}`}>
        {alert.ruleName} <StatusLozenge status={alert.status} />
      </Heading>
      <Heading size="small" as="h4">
        Why it fired
      </Heading>
      <dl className="alert-why">
        <dt>Rule</dt>
        <dd>
          {alert.ruleName}
          {rule ? `: ${thresholdText(rule)}` : ''}
        </dd>
        <dt>Window</dt>
        <dd>
          <Time at={alert.firstAt} /> to <Time at={alert.lastAt} />
        </dd>
        <dt>Records</dt>
        <dd>{alert.count}</dd>
        <dt>Who</dt>
        <dd>
          {alert.actors.length === 0
            ? 'Nobody named'
            : alert.actors.map((a) => (
                <span key={a} className="alert-actor">
                  {a.startsWith('(') ? a : <ActorName actor={{ accountId: a, type: 'user' }} />}
                </span>
              ))}
        </dd>
        <dt>Where</dt>
        <dd>{alert.containers.length === 0 ? 'No project or space' : alert.containers.join(', ')}</dd>
        <dt>Status</dt>
        <dd>
          <StatusChange alert={alert} />
        </dd>
        {Object.keys(alert.notifications).length > 0 && (
          <>
            <dt>Notified</dt>
            <dd>
              {Object.entries(alert.notifications)
                .map(([channel, s]) => `${channel}: ${s.state}${s.ref ? ` (${s.ref})` : ''}`)
                .join('; ')}
            </dd>
          </>
        )}
      </dl>
      <div className="alert-actions">
        {MOVES.filter((m) => m.to !== alert.status).map((m) => (
          <Button key={m.to} isDisabled={busy} onClick={() => void move(m.to)}>
            {m.label}
          </Button>
        ))}
        <a
          className="log-link"
          href={log.href(view)}
          onClick={(event) => {
            event.preventDefault();
            log.open(view);
          }}
        >
          Open these {alert.count} records in the log
        </a>
      </div>
      {failure && (
        <p className="field-error" role="alert">
          {failure.message}
        </p>
      )}
      {rule && canEdit && <QuickSnooze alert={alert} rule={rule} onRuleChanged={onRuleChanged} />}
      {records.state === 'failed' ? (
        <p className="field-error" role="alert">
          {records.error.message}
        </p>
      ) : records.state === 'loading' && !records.value ? (
        <Spinner size="small" label="Loading the alert's records" />
      ) : (
        <table className="alert-records">
          <caption>
            Records of this alert{items.length < alert.count ? ` (the first ${items.length})` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">What</th>
              <th scope="col">Where</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td>
                  <Time at={r.time} />
                </td>
                <td>
                  <ActorName actor={r.actor} />
                </td>
                <td>
                  <ActionLozenge action={r.action} />
                </td>
                <td>{objectLabel(r.object)}</td>
                <td>{containerLabel(r.container)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const SNOOZE_HOURS = 24;

/** Snoozes the alert's rule for the person or the project or space it is about, for a day. */
function QuickSnooze({
  alert,
  rule,
  onRuleChanged,
}: {
  readonly alert: Alert;
  readonly rule: Rule;
  readonly onRuleChanged: () => void;
}) {
  const [outcome, setOutcome] = useState<string>();
  const [, kind, value] = /^(actor|container):(.+)$/.exec(alert.group) ?? [];
  if (!value || (kind === 'container' && value === 'none')) return null;
  const whom = kind === 'actor' ? 'this person' : `${value}`;
  const snooze = async () => {
    const until = Date.now() + SNOOZE_HOURS * 3_600_000;
    const result = await saveRule({ ...rule, snoozes: [...rule.snoozes, { [kind!]: value, until }] });
    setOutcome(
      result.ok
        ? `${rule.name} is snoozed for ${whom} until ${new Date(until).toISOString().slice(0, 16).replace('T', ' ')} UTC.`
        : result.error.message,
    );
    if (result.ok) onRuleChanged();
  };
  return (
    <div className="alert-actions">
      <Button onClick={() => void snooze()}>
        Snooze {rule.name} for {whom} for {SNOOZE_HOURS} hours
      </Button>
      <span role="status">{outcome}</span>
    </div>
  );
}

/** "Acknowledged by Ana at …", or that nobody has changed it since it opened. */
function StatusChange({ alert }: { readonly alert: Alert }) {
  const person = usePerson(alert.statusBy);
  if (!alert.statusBy || !alert.statusAt) {
    return (
      <>
        Open since <Time at={alert.openedAt} />
      </>
    );
  }
  const verb = { open: 'Reopened', acknowledged: 'Acknowledged', resolved: 'Resolved' }[alert.status];
  return (
    <>
      {verb} by {person?.displayName ?? alert.statusBy} at <Time at={alert.statusAt} />
    </>
  );
}
