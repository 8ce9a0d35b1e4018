import type { Document, FormatContext, FormatName, OutgoingRecord } from '../forward/formats';
import { compact } from '../forward/formats/outgoing-record';
import { OCSF_VERSION } from '../forward/formats/ocsf';
import { ECS_VERSION } from '../forward/formats/ecs';
import type { Alert } from './alert';
import { OWN_SOURCE } from './evaluate';

/**
 * An alert as each SIEM format carries it. OCSF: a Detection Finding (class 2004, category Findings),
 * the class OCSF gives a detection raised by an analytic (here the rule). ECS: `event.kind: alert` with
 * the rule in `rule.*`, as Elastic Security's own alerts do. Native and Atlassian: the alert as
 * `alerts.list` shows it, marked `type: alert`.
 */
export function alertDocument(format: FormatName, alert: Alert, context: FormatContext = {}): Document {
  switch (format) {
    case 'ocsf':
      return ocsfDetectionFinding(alert, context);
    case 'ecs':
      return ecsAlert(alert, context);
    default:
      return { type: 'alert', ...alert };
  }
}

/** The alert in the record shape the delivery shell expects: its id is the receivers' idempotency key. */
export function alertRecord(alert: Alert): OutgoingRecord {
  return {
    id: alert.id,
    time: alert.firstAt,
    receivedAt: alert.openedAt,
    product: alert.products[0] ?? 'jira',
    action: 'alert.opened',
    actor: { accountId: null, type: 'app' },
    container: null,
    object: { type: 'alert', id: alert.id, title: alert.ruleName },
    changes: [],
    source: { event: OWN_SOURCE },
  };
}

/** One line a person reads: what happened, who, where, how much. */
export function alertHeadline(alert: Alert): string {
  const who = alert.actors.length > 0 ? ` by ${alert.actors.slice(0, 3).join(', ')}` : '';
  const where = alert.containers.length > 0 ? ` in ${alert.containers.slice(0, 3).join(', ')}` : '';
  return `${alert.ruleName}: ${alert.count} record${alert.count === 1 ? '' : 's'}${who}${where}`;
}

export function alertWindow(alert: Alert): string {
  return `${alert.firstAt.replace('T', ' ').slice(0, 16)} – ${alert.lastAt.replace('T', ' ').slice(0, 16)} UTC`;
}

function ocsfDetectionFinding(alert: Alert, context: FormatContext): Document {
  return {
    activity_id: 1,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: 2004,
    class_name: 'Detection Finding',
    type_uid: 200401,
    type_name: 'Detection Finding: Create',
    severity_id: 3,
    severity: 'Medium',
    status_id: alert.status === 'resolved' ? 4 : alert.status === 'acknowledged' ? 2 : 1,
    status:
      alert.status === 'resolved' ? 'Resolved' : alert.status === 'acknowledged' ? 'In Progress' : 'New',
    time: Date.parse(alert.openedAt),
    message: alertHeadline(alert),
    metadata: compact({
      uid: alert.id,
      version: OCSF_VERSION,
      product: { name: 'Audit Trail', vendor_name: 'Atlassian Marketplace' },
      log_provider: context.appVersion ? `Audit Trail ${context.appVersion}` : 'Audit Trail',
      log_name: 'audit_trail_alerts',
      tenant_uid: context.cloudId,
    }),
    finding_info: {
      uid: alert.id,
      title: alert.ruleName,
      desc: `${alertHeadline(alert)}, ${alertWindow(alert)}`,
      created_time: Date.parse(alert.openedAt),
      first_seen_time: Date.parse(alert.firstAt),
      last_seen_time: Date.parse(alert.lastAt),
      analytic: { uid: alert.ruleId, name: alert.ruleName, type_id: 1, type: 'Rule' },
      related_events: alert.recordIds.map((uid) => ({ uid })),
    },
    unmapped: {
      actors: alert.actors,
      containers: alert.containers,
      products: alert.products,
      count: alert.count,
    },
  };
}

function ecsAlert(alert: Alert, context: FormatContext): Document {
  return compact({
    '@timestamp': alert.openedAt,
    ecs: { version: ECS_VERSION },
    event: {
      id: alert.id,
      kind: 'alert',
      category: ['iam'],
      type: ['info'],
      start: alert.firstAt,
      end: alert.lastAt,
      dataset: 'audit_trail.alert',
      module: 'audit_trail',
      severity: 47,
    },
    rule: { id: alert.ruleId, name: alert.ruleName, ruleset: 'Audit Trail' },
    message: alertHeadline(alert),
    related: alert.actors.length > 0 ? { user: [...alert.actors] } : undefined,
    cloud: context.cloudId ? { account: { id: context.cloudId } } : undefined,
    service: compact({ name: 'Audit Trail', version: context.appVersion }),
    tags: ['audit_trail', 'alert'],
    audit_trail: { alert: { ...alert } },
  });
}
