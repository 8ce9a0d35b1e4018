import { json, Receiver, type ReceivedRequest, type Reply } from './receiver';

/**
 * Elasticsearch's `_bulk` API as documented: NDJSON that must end with a newline; `create` refuses an `_id`
 * already stored with 409 `version_conflict_engine_exception`; data streams (`logs-*`) accept only `create`
 * and need `@timestamp`; the answer is 200 with per-item statuses even when items fail, and carries
 * `X-Elastic-Product: Elasticsearch`. `rejectItems` makes the next requests refuse some items with 429
 * `es_rejected_execution_exception` (a full write queue).
 * Source: https://elastic.co/guide/en/elasticsearch/reference/7.1/docs-bulk.html
 */
export class ElasticReceiver extends Receiver {
  /** `_index/_id` → the stored document, in the order first stored. */
  readonly stored = new Map<string, Record<string, unknown>>();
  conflicts = 0;
  /** How many items each bulk request carried, in order. */
  readonly itemsPerRequest: number[] = [];
  private rejecting: { every: number; times: number } | undefined;

  constructor(readonly apiKey: string) {
    super();
  }

  documents(): Record<string, unknown>[] {
    return [...this.stored.values()];
  }

  /** For the next `times` requests, refuse every `every`-th item (0, every, 2·every…) with 429. */
  rejectItems(every: number, times = 1): this {
    this.rejecting = { every, times };
    return this;
  }

  protected respond(request: ReceivedRequest): Reply {
    const product = { 'x-elastic-product': 'Elasticsearch' };
    const match = /^(?:\/([^/_][^/]*))?\/_bulk$/.exec(request.path);
    if (request.method !== 'POST' || !match) {
      return json(404, { error: { type: 'no_handler_found' }, status: 404 }, product);
    }
    if (request.headers.authorization !== `ApiKey ${this.apiKey}`) {
      return json(
        401,
        {
          error: { type: 'security_exception', reason: 'unable to authenticate with provided credentials' },
          status: 401,
        },
        product,
      );
    }
    const type = String(request.headers['content-type'] ?? '').split(';')[0];
    if (type !== 'application/x-ndjson' && type !== 'application/json') {
      return json(406, { error: `Content-Type header [${type}] is not supported`, status: 406 }, product);
    }
    if (!request.body.endsWith('\n')) {
      return json(
        400,
        {
          error: {
            type: 'illegal_argument_exception',
            reason: 'The bulk request must be terminated by a newline [\\n]',
          },
          status: 400,
        },
        product,
      );
    }
    const lines = request.body.split('\n').filter((line) => line.length > 0);
    this.itemsPerRequest.push(lines.length / 2);
    const rejecting = this.rejecting && this.rejecting.times > 0 ? this.rejecting : undefined;
    if (rejecting) rejecting.times -= 1;
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < lines.length; i += 2) {
      const action = JSON.parse(lines[i]!) as Record<string, { _index?: string; _id?: string }>;
      const [op, meta] = Object.entries(action)[0] ?? ['?', {}];
      const index = meta._index ?? match[1] ?? '';
      const id = meta._id ?? `auto-${this.stored.size}`;
      const source = JSON.parse(lines[i + 1] ?? '{}') as Record<string, unknown>;
      const position = i / 2;
      const result = (status: number, extra: object = {}) =>
        items.push({ [op]: { _index: index, _id: id, status, ...extra } });
      if (rejecting && position % rejecting.every === 0) {
        result(429, {
          error: {
            type: 'es_rejected_execution_exception',
            reason: 'rejected execution: write queue is full',
          },
        });
        continue;
      }
      if (index.startsWith('logs-') && op !== 'create') {
        result(400, {
          error: {
            type: 'illegal_argument_exception',
            reason: 'only write ops with an op_type of create are allowed in data streams',
          },
        });
        continue;
      }
      if (index.startsWith('logs-') && !('@timestamp' in source)) {
        result(400, {
          error: {
            type: 'document_parsing_exception',
            reason: 'data stream timestamp field [@timestamp] is missing',
          },
        });
        continue;
      }
      const key = `${index}/${id}`;
      if (op === 'create' && this.stored.has(key)) {
        this.conflicts += 1;
        result(409, {
          error: {
            type: 'version_conflict_engine_exception',
            reason: `[${id}]: version conflict, document already exists`,
          },
        });
        continue;
      }
      this.stored.set(key, source);
      result(201, { result: 'created', _version: 1 });
    }
    const errors = items.some((item) => {
      const status = (Object.values(item)[0] as { status: number }).status;
      return status >= 300;
    });
    return json(200, { took: 3, errors, items }, product);
  }
}
