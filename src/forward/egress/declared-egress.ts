/**
 * The hosts the app declares in manifest.yml (`permissions.external.fetch.backend`): the SaaS SIEMs'
 * ingestion hosts and the chat webhooks alerts are posted to. Forge lets the app reach them with no
 * customer-managed egress, which is an Early Access feature ("not recommended for production use") and
 * allows only 10 egress groups per installation. A test reads the manifest and keeps this list equal to it.
 *
 * Plain data and string matching only: the admin page imports it too, to say while the admin types a
 * URL whether it will need approval.
 */
/**
 * Incoming-webhook hosts for alert messages. Slack: every incoming webhook URL is
 * https://hooks.slack.com/services/… (api.slack.com/messaging/webhooks). Microsoft Teams: Office 365
 * connector webhooks are https://<tenant>.webhook.office.com/webhookb2/… (learn.microsoft.com,
 * microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook; being retired), and the
 * Workflows app's "When a Teams webhook request is received" URLs that replace them are
 * https://prod-<n>.<region>.logic.azure.com/workflows/… and, since Power Automate moved its HTTP
 * triggers, https://<id>.<n>.environment.api.powerplatform.com/powerautomate/automations/direct/…
 * (learn.microsoft.com/power-automate/triggers-introduction; devblogs.microsoft.com/microsoft365dev,
 * "Retirement of Office 365 connectors within Microsoft Teams").
 */
export const CHAT_EGRESS = {
  slack: ['hooks.slack.com'],
  teams: ['*.webhook.office.com', '*.logic.azure.com', '*.environment.api.powerplatform.com'],
} as const satisfies Record<string, readonly string[]>;

export const DECLARED_EGRESS: readonly { readonly vendor: string; readonly patterns: readonly string[] }[] = [
  { vendor: 'Splunk Cloud', patterns: ['*.splunkcloud.com'] },
  { vendor: 'Elastic Cloud', patterns: ['*.elastic-cloud.com', '*.found.io', '*.cloud.es.io'] },
  {
    vendor: 'Datadog',
    patterns: [
      'http-intake.logs.datadoghq.com',
      'http-intake.logs.us3.datadoghq.com',
      'http-intake.logs.us5.datadoghq.com',
      'http-intake.logs.datadoghq.eu',
      'http-intake.logs.ap1.datadoghq.com',
      'http-intake.logs.ap2.datadoghq.com',
      'http-intake.logs.uk1.datadoghq.com',
      'http-intake.logs.ddog-gov.com',
      'http-intake.logs.us2.ddog-gov.com',
    ],
  },
  {
    vendor: 'Azure Monitor (Microsoft Sentinel)',
    patterns: ['*.ingest.monitor.azure.com', 'login.microsoftonline.com'],
  },
  {
    vendor: 'Sumo Logic',
    patterns: [
      '*.collection.sumologic.com',
      ...['us2', 'eu', 'de', 'au', 'jp', 'ca', 'in', 'kr', 'ch', 'fed'].map(
        (deployment) => `*.collection.${deployment}.sumologic.com`,
      ),
    ],
  },
  { vendor: 'Slack (alert messages)', patterns: CHAT_EGRESS.slack },
  { vendor: 'Microsoft Teams (alert messages)', patterns: CHAT_EGRESS.teams },
];

/** Every declared pattern, in manifest order. */
export const DECLARED_PATTERNS: readonly string[] = DECLARED_EGRESS.flatMap((vendor) => vendor.patterns);

/**
 * Whether a host matches one manifest pattern: a domain matches itself; `*.example.com` matches any
 * name below example.com but never example.com itself (Forge's rule). Forge documents no depth limit for
 * the wildcard, so `a.b.example.com` matches too, as it does in a CSP host source; host names are
 * compared without case, as DNS compares them.
 */
export function matchesPattern(host: string, pattern: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  const wanted = pattern.toLowerCase();
  return wanted.startsWith('*.') ? name.endsWith(wanted.slice(1)) : name === wanted;
}

/** Whether the manifest already lets the app reach this host. */
export function isDeclaredHost(host: string): boolean {
  return DECLARED_PATTERNS.some((pattern) => matchesPattern(host, pattern));
}
