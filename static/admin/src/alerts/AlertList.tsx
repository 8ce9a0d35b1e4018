import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Select from '@atlaskit/select';
import Spinner from '@atlaskit/spinner';
import { Fragment, useState } from 'react';
import type { Alert, AlertStatus, Rule } from '@contract';
import { listAlerts } from '../api';
import { useResolver } from '../resolver/use-resolver';
import { Time } from '../time/Time';
import { AlertDetail } from './AlertDetail';
import type { LogOpener } from './incident-view';
import { STATUS_OPTIONS, StatusLozenge } from './StatusLozenge';

interface Option<T extends string> {
  readonly value: T;
  readonly label: string;
}

/** The alerts, newest incident first, filtered by status and rule; one opens in place to its detail. */
export function AlertList({
  rules,
  canEdit,
  log,
  onRuleChanged,
}: {
  readonly rules: readonly Rule[];
  readonly canEdit: boolean;
  readonly log: LogOpener;
  readonly onRuleChanged: () => void;
}) {
  const [statuses, setStatuses] = useState<readonly AlertStatus[]>(['open', 'acknowledged']);
  const [ruleIds, setRuleIds] = useState<readonly string[]>([]);
  const [openId, setOpenId] = useState<string>();
  const key = JSON.stringify([statuses, ruleIds]);
  const alerts = useResolver(
    () =>
      listAlerts({
        ...(statuses.length ? { status: [...statuses] } : {}),
        ...(ruleIds.length ? { rules: [...ruleIds] } : {}),
        limit: 100,
      }),
    key,
  );
  const ruleOptions: Option<string>[] = rules.map((r) => ({ value: r.id, label: r.name }));
  const items = alerts.value?.items ?? [];
  const changed = (_alert: Alert) => alerts.reload();

  return (
    <section aria-labelledby="alerts-heading" className="alerts-list">
      <Heading size="medium" as="h2" id="alerts-heading">
        Alerts
      </Heading>
      <div className="alert-filters">
        <div className="alert-filter">
          <label htmlFor="alert-status">Status</label>
          <Select<Option<AlertStatus>, true>
            inputId="alert-status"
            isMulti
            options={STATUS_OPTIONS}
            value={STATUS_OPTIONS.filter((o) => statuses.includes(o.value))}
            onChange={(chosen) => setStatuses(chosen.map((o) => o.value))}
            placeholder="Any status"
          />
        </div>
        <div className="alert-filter">
          <label htmlFor="alert-rule">Rule</label>
          <Select<Option<string>, true>
            inputId="alert-rule"
            isMulti
            options={ruleOptions}
            value={ruleOptions.filter((o) => ruleIds.includes(o.value))}
            onChange={(chosen) => setRuleIds(chosen.map((o) => o.value))}
            placeholder="Any rule"
          />
        </div>
      </div>
      {alerts.state === 'failed' && (
        <p className="field-error" role="alert">
          {alerts.error.message}
        </p>
      )}
      {alerts.state === 'loading' && !alerts.value ? (
        <Spinner size="medium" label="Loading alerts" />
      ) : items.length === 0 ? (
        <p>No alert matches these filters.</p>
      ) : (
        <table className="alerts-table">
          <caption className="visually-hidden">Alerts, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Started</th>
              <th scope="col">Records</th>
              <th scope="col">Where</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <Fragment key={a.id}>
                <tr>
                  <td>{a.ruleName}</td>
                  <td>
                    <Time at={a.firstAt} />
                  </td>
                  <td>{a.count}</td>
                  <td>{a.containers.join(', ') || '—'}</td>
                  <td>
                    <StatusLozenge status={a.status} />
                  </td>
                  <td>
                    <Button
                      aria-expanded={openId === a.id}
                      onClick={() => setOpenId(openId === a.id ? undefined : a.id)}
                    >
                      {openId === a.id ? 'Hide details' : 'Details'}
                      <span className="visually-hidden">
                        {' '}
                        of {a.ruleName} at {a.firstAt}
                      </span>
                    </Button>
                  </td>
                </tr>
                {openId === a.id && (
                  <tr>
                    <td colSpan={6}>
                      <AlertDetail
                        alert={a}
                        rule={rules.find((r) => r.id === a.ruleId)}
                        log={log}
                        onChanged={changed}
                        canEdit={canEdit}
                        onRuleChanged={onRuleChanged}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
