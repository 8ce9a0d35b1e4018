import { createHash, createHmac } from 'node:crypto';
import { deliveryLimits } from '../../limits';
import { optionsOf, type Destination } from './destination';
import { endpointHost, interpretStatus, type Driver, type Item } from './driver';

/**
 * A generic HTTPS endpoint, signed per Standard Webhooks v1: the body is a JSON array of records;
 * `webhook-id` is derived from the records it carries, so a retry of the same batch has the same id and the
 * receiver can de-duplicate on it; `webhook-signature` is `v1,` + base64 HMAC-SHA256 of
 * `{id}.{timestamp}.{body}` under the `whsec_` secret. Not compressed: the signature covers exactly the bytes
 * sent, and a generic receiver may not inflate.
 * Source: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
export const webhookDriver: Driver = {
  batching: (destination) => ({
    maxRecords:
      optionsOf(destination as Destination & { type: 'webhook' }).maxBatchRecords ??
      deliveryLimits.webhookRequestRecords,
    maxBytes: deliveryLimits.webhookRequestBytes,
  }),
  gzip: false,
  framing: { prefix: '[', separator: ',', suffix: ']' },
  encode: (item) => JSON.stringify(item.document),
  request: ({ destination, secret, body, items, nowMs }) => {
    const id = webhookMessageId(destination, items);
    const timestamp = Math.floor(nowMs / 1000);
    return {
      url: destination.url,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': webhookSignature(secret, id, timestamp, body),
      },
    };
  },
  interpret: (answer) => interpretStatus(answer, 'The webhook endpoint'),
  hosts: endpointHost,
  entry: {
    secretProblem: (secret) =>
      isWebhookSecret(secret)
        ? undefined
        : 'must be a Standard Webhooks secret: whsec_ followed by the base64 of 24 to 64 random bytes',
  },
};

/** Stable for the same records to the same destination in the same format: the receiver's idempotency key. */
export function webhookMessageId(destination: Destination, items: readonly Item[]): string {
  const hash = createHash('sha256').update(`${destination.id}\n${destination.format}`);
  for (const item of items) hash.update(`\n${item.record.id}`);
  return `msg_${hash.digest('hex').slice(0, 32)}`;
}

/** `v1,<base64 HMAC-SHA256>` over `{id}.{timestamp}.{body}`; the key is the base64 after `whsec_`. */
export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** A usable Standard Webhooks secret: `whsec_` and the base64 of 24–64 random bytes. */
export function isWebhookSecret(secret: string): boolean {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  if (!match?.[1]) return false;
  const bytes = Buffer.from(match[1], 'base64').length;
  return bytes >= 24 && bytes <= 64;
}
