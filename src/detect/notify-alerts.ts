import { backoffMs } from '../forward/delivery/backoff';
import { deliveryLimits } from '../limits';
import { toBatches } from '../forward/delivery/batches';
import { clock } from '../forward/delivery/clock';
import type { EgressBudget } from '../forward/delivery/egress-budget';
import { sendBatch, type Failure } from '../forward/delivery/send-batch';
import { driverFor } from '../forward/destinations/drivers';
import type { Destination } from '../forward/destinations/destination';
import type { Driver } from '../forward/destinations/driver';
import { listDestinations } from '../forward/destination-store';
import type { FormatContext } from '../forward/formats';
import { readSecret } from '../forward/secrets';
import type { Store } from '../store/database';
import type { Alert, ChannelState } from './alert';
import { alertDocument, alertRecord } from './alert-format';
import { claimNotifications, dueAlerts, saveNotifications } from './alert-store';
import { readStoredChannels, SLACK_SECRET, TEAMS_SECRET } from './channels';
import { chatDestination, slackDriver, slackMessage, teamsDriver, teamsMessage } from './chat-drivers';
import { ensureAlertIssue } from './jira-issue';

/** Alerts whose notifications one run looks at. */
const DUE_PAGE = 50;
/** A run holds the notifications it claimed at most as long as the job may run; then they are due again. */
const CLAIM_MS = deliveryLimits.forwardFunctionTimeoutSeconds * 1000;

export interface NotifyInput {
  readonly deadlineMs: number;
  readonly egress: EgressBudget;
  readonly formatContext: FormatContext;
}

type Sent = { readonly ok: true; readonly ref?: string } | { readonly ok: false; readonly failure: Failure };

/**
 * Delivers the notifications that are due, channel by channel, at least once: a channel is marked sent
 * only after its receiver confirmed, and a failure waits with forwarding's backoff (and Retry-After) or,
 * when nothing will work until the admin fixes it, is marked failed with the reason. SIEM webhooks get a
 * `webhook-id` derived from the alert, so a resend is recognisable; Jira is searched before an issue is
 * made, so a resend finds the first issue.
 */
export async function notifyAlerts(target: Store, input: NotifyInput): Promise<number> {
  const now = clock().now();
  const due = await dueAlerts(target, now, DUE_PAGE);
  if (due.length === 0) return 0;
  const [destinations, stored] = await Promise.all([listDestinations(target), readStoredChannels(target)]);
  const byId = new Map(destinations.map((d) => [d.id, d]));
  let sent = 0;
  for (const { alert, notify } of due) {
    if (Date.now() >= input.deadlineMs) break;
    if (!(await claimNotifications(target, alert.id, notify, now, now + CLAIM_MS))) continue;
    const channels: Record<string, ChannelState> = { ...alert.notifications };
    for (const [name, state] of Object.entries(channels)) {
      if (state.state !== 'pending' || (state.nextMs ?? 0) > now) continue;
      const link = stored.pageUrl ? alertLink(stored.pageUrl, alert) : undefined;
      let result: Sent;
      try {
        result = await deliver(name, alert, { ...input, byId, jira: stored.jira ?? undefined, link });
      } catch (error) {
        result = { ok: false, failure: { kind: 'retry', reason: String(error) } };
      }
      if (result.ok) {
        channels[name] = {
          state: 'sent',
          attempts: state.attempts + 1,
          ...(result.ref ? { ref: result.ref } : {}),
        };
        sent += 1;
      } else if (result.failure.kind === 'deferred') {
        continue;
      } else if (result.failure.kind === 'retry') {
        const wait = backoffMs(state.attempts, result.failure.retryAfterMs);
        channels[name] = {
          state: 'pending',
          attempts: state.attempts + 1,
          nextMs: now + wait,
          error: result.failure.reason,
        };
      } else {
        channels[name] = { state: 'failed', attempts: state.attempts + 1, error: result.failure.reason };
        console.warn(`detect: alert ${alert.id} on ${name}: ${result.failure.reason}`);
      }
    }
    await saveNotifications(target, alert.id, channels);
  }
  return sent;
}

async function deliver(
  name: string,
  alert: Alert,
  context: NotifyInput & {
    readonly byId: ReadonlyMap<string, Destination>;
    readonly jira: { readonly projectKey: string; readonly issueType: string } | undefined;
    readonly link: string | undefined;
  },
): Promise<Sent> {
  if (name === 'jira') {
    if (!context.jira)
      return { ok: false, failure: { kind: 'stop', reason: 'Jira issues for alerts are switched off' } };
    const outcome = await ensureAlertIssue(alert, context.jira, context.link);
    if (outcome.kind === 'created' || outcome.kind === 'found') return { ok: true, ref: outcome.key };
    return { ok: false, failure: { kind: outcome.kind, reason: outcome.reason } };
  }
  if (name === 'slack' || name === 'teams') {
    const url = await readSecret(name === 'slack' ? SLACK_SECRET : TEAMS_SECRET);
    if (!url) return { ok: false, failure: { kind: 'stop', reason: `No ${name} webhook is set any more` } };
    const document = name === 'slack' ? slackMessage(alert, context.link) : teamsMessage(alert, context.link);
    return send(
      context,
      name === 'slack' ? slackDriver : teamsDriver,
      chatDestination(name, url),
      url,
      document,
      alert,
    );
  }
  const destination = context.byId.get(name.replace(/^destination:/, ''));
  if (!destination?.enabled)
    return { ok: false, failure: { kind: 'stop', reason: 'The destination was deleted or disabled' } };
  const secret = await readSecret(destination.id);
  if (!secret)
    return { ok: false, failure: { kind: 'stop', reason: 'No credential is stored for this destination' } };
  return send(
    context,
    driverFor(destination.type),
    destination,
    secret,
    alertDocument(destination.format, alert, context.formatContext),
    alert,
  );
}

async function send(
  context: NotifyInput,
  driver: Driver,
  destination: Destination,
  secret: string,
  document: Record<string, unknown>,
  alert: Alert,
): Promise<Sent> {
  const record = alertRecord(alert);
  const [batch] = toBatches(driver, destination, context.formatContext, [{ record, document }]);
  const result = await sendBatch(
    {
      driver,
      destination,
      secret,
      deadlineMs: context.deadlineMs,
      egress: context.egress,
      formatContext: context.formatContext,
    },
    batch!,
  );
  return result.delivered > 0
    ? { ok: true }
    : { ok: false, failure: result.failure ?? { kind: 'retry', reason: 'not delivered' } };
}

/** The admin page at the Alerts tab with this alert open. */
export function alertLink(pageUrl: string, alert: Pick<Alert, 'id'>): string {
  const url = new URL(pageUrl);
  url.searchParams.set('tab', 'alerts');
  url.searchParams.set('alert', alert.id);
  return url.toString();
}
