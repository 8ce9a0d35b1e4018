import { Webhook } from 'standardwebhooks';
import { json, Receiver, type ReceivedRequest, type Reply } from './receiver';

/**
 * A generic webhook endpoint that checks Standard Webhooks signatures with the reference library
 * (`standardwebhooks`' `Webhook.verify`: HMAC over `id.timestamp.body`, ±5 min tolerance) and
 * de-duplicates on `webhook-id`, as the spec asks receivers to.
 */
export class WebhookReceiver extends Receiver {
  readonly deliveries: { readonly id: string; readonly records: readonly Record<string, unknown>[] }[] = [];
  /** Deliveries whose `webhook-id` had been seen before (a retry of a delivered batch). */
  duplicates = 0;
  private readonly seen = new Set<string>();

  constructor(
    readonly secret: string,
    private readonly options: { readonly path?: string; readonly maxBytes?: number } = {},
  ) {
    super();
  }

  get endpoint(): string {
    return `${this.url}${this.options.path ?? '/hooks/audit'}`;
  }

  documents(): Record<string, unknown>[] {
    return this.deliveries.flatMap((d) => d.records);
  }

  protected respond(request: ReceivedRequest): Reply {
    if (request.method !== 'POST') return json(405, { error: 'POST only' });
    if (request.path !== (this.options.path ?? '/hooks/audit')) return json(404, { error: 'no such hook' });
    const headers = {
      'webhook-id': String(request.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
    };
    try {
      new Webhook(this.secret).verify(request.body, headers);
    } catch (error) {
      return json(401, { error: `signature: ${(error as Error).message}` });
    }
    if (this.options.maxBytes !== undefined && Buffer.byteLength(request.body) > this.options.maxBytes) {
      return json(413, { error: `payload over ${this.options.maxBytes} bytes` });
    }
    let records: unknown;
    try {
      records = JSON.parse(request.body);
    } catch {
      return json(400, { error: 'body is not JSON' });
    }
    if (!Array.isArray(records)) return json(400, { error: 'expected a JSON array of records' });
    const id = headers['webhook-id'];
    if (this.seen.has(id)) {
      this.duplicates += 1;
      return { status: 204 };
    }
    this.seen.add(id);
    this.deliveries.push({ id, records: records as Record<string, unknown>[] });
    return { status: 204 };
  }
}
