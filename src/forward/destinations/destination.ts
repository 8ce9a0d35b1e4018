import { z } from 'zod';
import { activityFilterSchema } from '../../query/activity-filter';
import { displayName } from '../../record/display-name';
import { FORMAT_NAMES } from '../formats';

/**
 * A SIEM destination as the admin configures it (resolvers `destinations.*`). Everything here is stored
 * in SQL and shown in the admin page; the credential is not: it lives in KVS as a secret (`secrets.ts`)
 * and the page only ever sees it masked.
 */
export const DESTINATION_TYPES = ['webhook', 'splunk', 'elastic', 'datadog', 'sentinel', 'sumo'] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

/**
 * A destination's filter: the `products` and `actions` parts of the one shared activity filter
 * (`<object>.<verb>` or `<object>.*`). Records it excludes still advance the cursor: they are not owed.
 */
export const forwardFilterSchema = z
  .object({ products: activityFilterSchema.shape.products, actions: activityFilterSchema.shape.actions })
  .strict();
export type ForwardFilter = z.infer<typeof forwardFilterSchema>;

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => text(max).optional();

/** Type-specific settings that are not secret. Unknown keys are refused, so a typo is not ignored. */
export const optionsSchemas = {
  webhook: z
    .object({
      /** Records per request; the Standard Webhooks spec suggests small payloads. */
      maxBatchRecords: z.number().int().min(1).max(1000).optional(),
    })
    .strict(),
  splunk: z
    .object({
      index: optionalText(80),
      source: optionalText(200),
      sourcetype: optionalText(200),
      host: optionalText(200),
    })
    .strict(),
  elastic: z
    .object({
      /** Data stream or index; data streams accept only `create`, which is what is sent. */
      index: z
        .string()
        .trim()
        .regex(/^[a-z0-9][a-z0-9._-]{0,199}$/, 'must be a lowercase index or data stream name')
        .optional(),
    })
    .strict(),
  datadog: z
    .object({
      service: optionalText(100),
      ddsource: optionalText(100),
      ddtags: optionalText(500),
      hostname: optionalText(200),
    })
    .strict(),
  sentinel: z
    .object({
      tenantId: text(100),
      clientId: text(100),
      dcrImmutableId: z
        .string()
        .trim()
        .regex(/^dcr-[0-9a-f]{32}$/, 'must be the DCR immutable id (dcr- and 32 hex digits)'),
      streamName: z
        .string()
        .trim()
        .regex(/^Custom-[A-Za-z0-9_]{1,100}$/, 'must be the DCR stream name, e.g. Custom-AuditTrail_CL'),
      /** The Entra token endpoint; defaults to login.microsoftonline.com for the tenant. */
      tokenUrl: z.string().trim().max(2000).optional(),
    })
    .strict(),
  sumo: z
    .object({
      category: optionalText(200),
      sourceName: optionalText(200),
      sourceHost: optionalText(200),
    })
    .strict(),
} as const satisfies Record<DestinationType, z.ZodType>;

export type DestinationOptions = {
  [T in DestinationType]: z.infer<(typeof optionsSchemas)[T]>;
};

/** A destination as stored (without its credential). */
export interface Destination {
  readonly id: string;
  readonly name: string;
  readonly type: DestinationType;
  /** Where requests go. For Sumo Logic, the HTTP source URL without its secret last segment. */
  readonly url: string;
  readonly format: (typeof FORMAT_NAMES)[number];
  readonly filter: ForwardFilter;
  readonly options: Readonly<Record<string, unknown>>;
  readonly enabled: boolean;
  /** Retention may not delete records this destination has not yet received. */
  readonly required: boolean;
}

export function optionsOf<T extends DestinationType>(
  destination: Destination & { type: T },
): DestinationOptions[T] {
  return destination.options as DestinationOptions[T];
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a URL points at the machine the app runs on: the sandbox's local receivers. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * Query parameters whose name says they carry a credential (`dd-api-key`, `token`, `access_token`,
 * `sig`, `password`, …), compared without case or punctuation. A URL is stored and shown back in
 * `destinations.list`, so one of these there would be a secret shown to every admin.
 */
const CREDENTIAL_PARAM = /key|token|secret|passw|pwd|auth|sig|credential|session/;

function credentialParams(url: URL): string[] {
  return [...new Set(url.searchParams.keys())].filter((name) =>
    CREDENTIAL_PARAM.test(name.toLowerCase().replace(/[^a-z]/g, '')),
  );
}

/**
 * A stored URL as the admin page may see it: the values of credential-named query parameters masked.
 * Saving refuses them; a destination saved before that keeps working but never shows them again.
 */
export function withoutUrlCredentials(stored: string): string {
  let url: URL;
  try {
    url = new URL(stored);
  } catch {
    return stored;
  }
  const credentials = credentialParams(url);
  if (credentials.length === 0) return stored;
  for (const name of credentials) url.searchParams.set(name, '••••');
  return url.toString();
}

/**
 * An endpoint URL: https, or plain http only to this machine (the sandbox's local receivers; the
 * `destinations.save` resolver refuses this machine anywhere else). No credentials inside the URL, in
 * its user part or its query string: they belong in the secret, which is never shown again.
 */
export const endpointUrl = z
  .string()
  .trim()
  .max(2000)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a full URL, e.g. https://siem.example.com/…' });
      return;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(value))) {
      ctx.addIssue({ code: 'custom', message: 'must use https' });
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password: use the secret' });
    }
    const credentials = credentialParams(url);
    if (credentials.length) {
      ctx.addIssue({
        code: 'custom',
        message: `must not carry a credential in its query string (${credentials.join(', ')}): put it in the secret field, which is never shown again`,
      });
    }
    if (url.hash) ctx.addIssue({ code: 'custom', message: 'must not contain a #fragment' });
  });

const common = {
  id: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'must be the id of a saved destination')
    .optional(),
  name: displayName(100),
  url: endpointUrl,
  /** The credential: write-only. Omitted (or the masked value sent back unchanged) keeps the stored one. */
  secret: z.string().trim().max(4096).optional(),
  format: z.enum(FORMAT_NAMES).default('native'),
  filter: forwardFilterSchema.default({}),
  enabled: z.boolean().default(true),
  required: z.boolean().default(false),
  /**
   * Read-only: how the app may reach the destination, which the resolver works out from its hosts. A
   * destination as `destinations.list` answers it may be sent back whole; this part is then ignored.
   */
  egress: z.unknown().optional(),
};

export const destinationInputSchema = z.discriminatedUnion('type', [
  z.object({ ...common, type: z.literal('webhook'), options: optionsSchemas.webhook.default({}) }).strict(),
  z.object({ ...common, type: z.literal('splunk'), options: optionsSchemas.splunk.default({}) }).strict(),
  z.object({ ...common, type: z.literal('elastic'), options: optionsSchemas.elastic.default({}) }).strict(),
  z.object({ ...common, type: z.literal('datadog'), options: optionsSchemas.datadog.default({}) }).strict(),
  z.object({ ...common, type: z.literal('sentinel'), options: optionsSchemas.sentinel }).strict(),
  z.object({ ...common, type: z.literal('sumo'), options: optionsSchemas.sumo.default({}) }).strict(),
]);
export type DestinationInput = z.infer<typeof destinationInputSchema>;

/** Whether a record passes a destination's filter. Values inside a part are alternatives (OR). */
export function passesFilter(filter: ForwardFilter, record: { product: string; action: string }): boolean {
  if (filter.products?.length && !filter.products.includes(record.product as never)) return false;
  if (filter.actions?.length) {
    return filter.actions.some((pattern) =>
      pattern.endsWith('.*') ? record.action.startsWith(pattern.slice(0, -1)) : record.action === pattern,
    );
  }
  return true;
}
