import { json, Receiver, type ReceivedRequest, type Reply } from './receiver';

/**
 * Datadog's Logs intake v2 as documented: `POST /api/v2/logs` with `DD-API-KEY`, a JSON array of items each
 * with a `message`; at most 1,000 items and 5 MB uncompressed per request, refused with 413 beyond; 202 on
 * success; 401 without a key, 403 with a wrong one.
 * Source: https://docs.datadoghq.com/api/latest/logs/send-logs/
 */
export class DatadogReceiver extends Receiver {
  readonly logs: Record<string, unknown>[] = [];

  constructor(
    readonly apiKey: string,
    private readonly limits = { maxBytes: 5_000_000, maxItems: 1000 },
  ) {
    super();
  }

  documents(): Record<string, unknown>[] {
    return this.logs.map((log) => log.audit as Record<string, unknown>);
  }

  protected respond(request: ReceivedRequest): Reply {
    if (request.method !== 'POST' || request.path !== '/api/v2/logs')
      return json(404, { errors: ['Not found'] });
    const key = request.headers['dd-api-key'];
    if (!key) return json(401, { errors: ['Unauthorized'] });
    if (key !== this.apiKey) return json(403, { errors: ['Forbidden'] });
    if (Buffer.byteLength(request.body) > this.limits.maxBytes)
      return json(413, { errors: ['Payload too large'] });
    let items: unknown;
    try {
      items = JSON.parse(request.body);
    } catch {
      return json(400, { errors: ['Bad request: invalid JSON'] });
    }
    const list = Array.isArray(items) ? items : [items];
    if (list.length > this.limits.maxItems) return json(413, { errors: ['Too many items in the array'] });
    if (list.some((item) => typeof (item as { message?: unknown }).message !== 'string')) {
      return json(400, { errors: ['Bad request: message is required'] });
    }
    this.logs.push(...(list as Record<string, unknown>[]));
    return json(202, {});
  }
}
