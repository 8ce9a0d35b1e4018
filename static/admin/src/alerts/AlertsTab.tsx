import Spinner from '@atlaskit/spinner';
import './alerts.css';
import { listRules } from '../api';
import { ErrorNotice } from '../ErrorNotice';
import { useHost } from '../host-context';
import { useResolver } from '../resolver/use-resolver';
import { ZoneNote } from '../time/Time';
import { AlertList } from './AlertList';
import { ChannelSettings } from './ChannelSettings';
import type { LogOpener } from './incident-view';
import { RuleList } from './RuleList';

/**
 * The Alerts tab: the alerts (filtered by status and rule, each opening to why it fired and its
 * records), the detection rules with their editor and live backtest, and where alerts are sent.
 */
export function AlertsTab({ log }: { readonly log: LogOpener }) {
  const host = useHost();
  const rules = useResolver(listRules, 'rules');
  if (rules.state === 'failed') {
    return (
      <ErrorNotice error={rules.error} title="Audit Trail could not load its rules" product={host.product} />
    );
  }
  if (!rules.value) return <Spinner size="large" label="Loading alerts" />;
  return (
    <div className="alerts-tab">
      <ZoneNote />
      <AlertList
        rules={rules.value.items}
        canEdit={rules.value.canEdit}
        log={log}
        onRuleChanged={rules.reload}
      />
      <RuleList rules={rules.value.items} canEdit={rules.value.canEdit} onChanged={rules.reload} />
      <ChannelSettings canEdit={rules.value.canEdit} />
    </div>
  );
}
