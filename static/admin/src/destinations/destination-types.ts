import type { DestinationView } from '@contract';

export type DestinationType = DestinationView['type'];
export type FormatName = DestinationView['format'];

/** One type-specific setting, as the form shows it. */
export interface OptionField {
  readonly key: string;
  readonly label: string;
  readonly help?: string;
  readonly required?: boolean;
  readonly placeholder?: string;
  readonly numeric?: boolean;
}

export interface TypeInfo {
  readonly label: string;
  readonly urlLabel: string;
  readonly urlPlaceholder: string;
  readonly urlHelp: string;
  readonly secretLabel: string;
  readonly secretHelp: string;
  /** The format a SIEM of this kind reads best. */
  readonly suggestedFormat: FormatName;
  /** The page can make the secret, for the admin to give to the receiver (a webhook's signing secret). */
  readonly generatesSecret?: boolean;
  readonly options: readonly OptionField[];
}

/** The destination types and what each asks for (README, "Streaming to your SIEM"). */
export const TYPES: Readonly<Record<DestinationType, TypeInfo>> = {
  splunk: {
    label: 'Splunk (HTTP Event Collector)',
    urlLabel: 'HEC URL',
    urlPlaceholder: 'https://http-inputs-acme.splunkcloud.com',
    urlHelp: 'The HEC base URL; /services/collector/event is added.',
    secretLabel: 'HEC token',
    secretHelp: 'Sent as Authorization: Splunk <token>.',
    suggestedFormat: 'ocsf',
    options: [
      { key: 'index', label: 'Index', help: 'Empty: the token’s default index.' },
      { key: 'sourcetype', label: 'Source type', placeholder: 'audit_trail:<format>' },
      { key: 'source', label: 'Source', placeholder: 'audit-trail:<product>' },
      { key: 'host', label: 'Host', help: 'Empty: atlassian-<cloud id>.' },
    ],
  },
  elastic: {
    label: 'Elastic (Elasticsearch _bulk)',
    urlLabel: 'Elasticsearch URL',
    urlPlaceholder: 'https://acme.es.eu-west-1.aws.found.io',
    urlHelp: 'The cluster URL; /_bulk is added.',
    secretLabel: 'API key',
    secretHelp: 'The encoded API key (base64 of id:key), or user:password for basic auth.',
    suggestedFormat: 'ecs',
    options: [
      { key: 'index', label: 'Data stream or index', placeholder: 'logs-audit_trail.activity-default' },
    ],
  },
  datadog: {
    label: 'Datadog Logs',
    urlLabel: 'Logs intake URL',
    urlPlaceholder: 'https://http-intake.logs.datadoghq.com/api/v2/logs',
    urlHelp: 'Your Datadog site’s intake, e.g. http-intake.logs.datadoghq.eu for EU1.',
    secretLabel: 'API key',
    secretHelp: 'Sent as DD-API-KEY.',
    suggestedFormat: 'ocsf',
    options: [
      { key: 'service', label: 'Service', placeholder: 'audit-trail' },
      { key: 'ddsource', label: 'Source', placeholder: 'audit-trail' },
      { key: 'ddtags', label: 'Extra tags', placeholder: 'env:prod,team:secops' },
      { key: 'hostname', label: 'Host name' },
    ],
  },
  sentinel: {
    label: 'Microsoft Sentinel (Logs Ingestion API)',
    urlLabel: 'Logs ingestion endpoint',
    urlPlaceholder: 'https://audit-dcr-abcd.westeurope-1.ingest.monitor.azure.com',
    urlHelp: 'The data collection rule’s (or endpoint’s) logs ingestion URL.',
    secretLabel: 'Client secret',
    secretHelp: 'Of the app registration that has Monitoring Metrics Publisher on the rule.',
    suggestedFormat: 'ocsf',
    options: [
      { key: 'tenantId', label: 'Directory (tenant) ID', required: true },
      { key: 'clientId', label: 'Application (client) ID', required: true },
      {
        key: 'dcrImmutableId',
        label: 'Data collection rule immutable ID',
        required: true,
        placeholder: 'dcr-…',
      },
      { key: 'streamName', label: 'Stream', required: true, placeholder: 'Custom-AuditTrail_CL' },
    ],
  },
  sumo: {
    label: 'Sumo Logic (HTTP source)',
    urlLabel: 'HTTP source URL',
    urlPlaceholder: 'https://endpoint4.collection.sumologic.com/receiver/v1/http/…',
    urlHelp: 'Paste the whole URL: its last part is the secret and is stored as such.',
    secretLabel: 'Source code',
    secretHelp: 'Taken from the URL; only needed if you paste the URL without it.',
    suggestedFormat: 'native',
    options: [
      { key: 'category', label: 'Source category', placeholder: 'atlassian/audit-trail' },
      { key: 'sourceName', label: 'Source name', placeholder: 'audit-trail' },
      { key: 'sourceHost', label: 'Source host' },
    ],
  },
  webhook: {
    label: 'Webhook (Standard Webhooks)',
    urlLabel: 'Endpoint URL',
    urlPlaceholder: 'https://hooks.example.com/audit-trail',
    urlHelp: 'Receives JSON arrays of records, signed per Standard Webhooks.',
    secretLabel: 'Signing secret',
    secretHelp: 'whsec_… — generate one here and give it to the receiver.',
    suggestedFormat: 'native',
    generatesSecret: true,
    options: [
      {
        key: 'maxBatchRecords',
        label: 'Records per request',
        placeholder: '1000',
        help: 'At most 1 MB per request either way.',
        numeric: true,
      },
    ],
  },
};

/** The order the form offers the types in; a new destination starts as the first. */
export const TYPE_ORDER = [
  'splunk',
  'elastic',
  'datadog',
  'sentinel',
  'sumo',
  'webhook',
] as const satisfies readonly DestinationType[];

export const FORMATS: readonly { readonly value: FormatName; readonly label: string }[] = [
  { value: 'native', label: 'Native (the Audit Trail record, with its chain proof)' },
  {
    value: 'ocsf',
    label: 'OCSF 1.8 (API Activity, Web Resources Activity, Account Change, Entity Management)',
  },
  { value: 'ecs', label: 'Elastic Common Schema' },
  { value: 'atlassian', label: 'Atlassian organization audit log shape' },
];

/** A fresh Standard Webhooks secret, made in the browser: `whsec_` and base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}
