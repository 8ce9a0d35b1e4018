import Button from '@atlaskit/button/new';
import { useState } from 'react';
import { backtestRule, listAlerts, listRules, updateAlert } from '../api';
import { useResolver } from '../resolver/use-resolver';

type Status = 'open' | 'acknowledged' | 'resolved';

/** The Alerts tab: alerts by status, each with why it fired and what to do; the rules with a backtest. */
export function AlertsTab() {
  const [status, setStatus] = useState<Status>('open');
  const alerts = useResolver(() => listAlerts({ status: [status], limit: 50 }), status);
  const rules = useResolver(() => listRules(), 'rules');
  const [tested, setTested] = useState<Record<string, string>>({});

  return (
    <section aria-label="Alerts">
      <label>
        Status{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value as Status)}>
          <option value="open">Open</option>
          <option value="acknowledged">Acknowledged</option>
          <option value="resolved">Resolved</option>
        </select>
      </label>
      {alerts.state === 'failed' && <p role="alert">{alerts.error.message}</p>}
      <table>
        <caption>Alerts</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">When (UTC)</th>
            <th scope="col">Records</th>
            <th scope="col">Who, where</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(alerts.value?.items ?? []).map((a) => (
            <tr key={a.id}>
              <td>{a.ruleName}</td>
              <td>
                {a.firstAt.slice(0, 16).replace('T', ' ')} – {a.lastAt.slice(11, 16)}
              </td>
              <td>{a.count}</td>
              <td>
                {a.actors.join(', ')} {a.containers.length > 0 ? `in ${a.containers.join(', ')}` : ''}
              </td>
              <td>
                {a.status !== 'acknowledged' && (
                  <Button onClick={() => void updateAlert(a.id, 'acknowledged').then(alerts.reload)}>
                    Acknowledge
                  </Button>
                )}
                {a.status !== 'resolved' && (
                  <Button onClick={() => void updateAlert(a.id, 'resolved').then(alerts.reload)}>
                    Resolve
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Rules</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">On</th>
            <th scope="col">Threshold</th>
            <th scope="col">Backtest (30 days)</th>
          </tr>
        </thead>
        <tbody>
          {(rules.value?.items ?? []).map((r) => (
            <tr key={r.id}>
              <td>{r.name}</td>
              <td>{r.enabled ? 'on' : 'off'}</td>
              <td>
                {r.threshold.count} in {r.threshold.windowMinutes} min per {r.threshold.per}
              </td>
              <td>
                <Button
                  onClick={() =>
                    void backtestRule(r.id).then((res) =>
                      setTested((t) => ({
                        ...t,
                        [r.id]: res.ok ? `would have fired ${res.value.fired} times` : res.error.message,
                      })),
                    )
                  }
                >
                  Backtest
                </Button>{' '}
                <span aria-live="polite">{tested[r.id]}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
