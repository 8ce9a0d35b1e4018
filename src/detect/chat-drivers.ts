import type { Destination } from '../forward/destinations/destination';
import { endpointHost, interpretStatus, type Driver } from '../forward/destinations/driver';
import type { Alert } from './alert';
import { alertHeadline, alertWindow } from './alert-format';

/**
 * Slack and Microsoft Teams incoming webhooks, as delivery drivers: one alert per request, a message a
 * person reads. The webhook URL is the credential (whoever has it can post), so it is kept as a secret
 * and handed to the shell as the destination's URL only while sending.
 */
function chatDriver(what: string): Driver {
  return {
    // One alert per message: a readable message, and a retry resends exactly it.
    batching: () => ({ maxRecords: 1, maxBytes: 40_000 }),
    hosts: endpointHost,
    gzip: false,
    framing: { prefix: '', separator: '', suffix: '' },
    encode: (item) => JSON.stringify(item.document),
    request: ({ destination }) => ({ url: destination.url, headers: { 'content-type': 'application/json' } }),
    interpret: (answer) => interpretStatus(answer, what),
  };
}

export const slackDriver = chatDriver('The Slack webhook');
export const teamsDriver = chatDriver('The Teams webhook');

/** A Slack message (Block Kit, with `text` as the notification's fallback). */
export function slackMessage(alert: Alert, link: string | undefined): Record<string, unknown> {
  const lines = [
    `*${alertHeadline(alert)}*`,
    alertWindow(alert),
    ...(link ? [`<${link}|Open in Audit Trail>`] : []),
  ];
  return {
    text: `Audit Trail alert: ${alertHeadline(alert)}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }],
  };
}

/** A Teams message: an Adaptive Card, which both incoming webhooks and Workflows webhooks post. */
export function teamsMessage(alert: Alert, link: string | undefined): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
              text: `Audit Trail alert: ${alert.ruleName}`,
            },
            { type: 'TextBlock', wrap: true, text: alertHeadline(alert) },
            { type: 'TextBlock', wrap: true, isSubtle: true, text: alertWindow(alert) },
          ],
          ...(link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in Audit Trail', url: link }] } : {}),
        },
      },
    ],
  };
}

/** The chat webhook as a destination for the delivery shell. */
export function chatDestination(id: string, url: string): Destination {
  return {
    id,
    name: id,
    type: 'webhook',
    url,
    format: 'native',
    filter: {},
    options: {},
    enabled: true,
    required: false,
  };
}
