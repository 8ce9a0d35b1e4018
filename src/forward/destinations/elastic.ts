import { deliveryLimits } from '../../limits';
import { optionsOf, type Destination } from './destination';
import {
  endpointHost,
  interpretStatus,
  snippet,
  withPath,
  type Answer,
  type Driver,
  type Item,
  type Outcome,
} from './driver';

export const DEFAULT_ELASTIC_INDEX = 'logs-audit_trail.activity-default';

/**
 * Elasticsearch `_bulk`: NDJSON of `create` actions with `_id` = the record's id, so a record sent twice is
 * refused the second time with 409 (counted as delivered) instead of being stored twice; data streams accept
 * only `create`. Every document gets `@timestamp` (data streams need it). The answer is 200 even when items
 * fail: each item is read, and only those refused with 429 (or 5xx) are sent again.
 * Source: https://elastic.co/guide/en/elasticsearch/reference/7.1/docs-bulk.html
 */
export const elasticDriver: Driver = {
  batching: () => ({
    maxRecords: deliveryLimits.elasticRequestDocuments,
    maxBytes: deliveryLimits.elasticRequestBytes,
  }),
  gzip: true,
  framing: { prefix: '', separator: '', suffix: '' },
  encode: (item, destination) => {
    const index = optionsOf(destination as Destination & { type: 'elastic' }).index ?? DEFAULT_ELASTIC_INDEX;
    const source =
      '@timestamp' in item.document ? item.document : { '@timestamp': item.record.time, ...item.document };
    return `${JSON.stringify({ create: { _index: index, _id: item.record.id } })}\n${JSON.stringify(source)}\n`;
  },
  request: ({ destination, secret }) => ({
    url: withPath(destination.url, '/_bulk'),
    headers: { 'content-type': 'application/x-ndjson', authorization: elasticAuthorization(secret) },
  }),
  interpret: interpretBulk,
  hosts: endpointHost,
};

/** An API key as Kibana shows it (base64 `id:key`), or `user:password` for basic auth. */
export function elasticAuthorization(secret: string): string {
  if (/^(ApiKey|Basic|Bearer) /.test(secret)) return secret;
  return secret.includes(':') ? `Basic ${Buffer.from(secret).toString('base64')}` : `ApiKey ${secret}`;
}

interface BulkItem {
  readonly status?: number;
  readonly error?: { readonly type?: string; readonly reason?: string };
}

export function interpretBulk(answer: Answer, items: readonly Item[]): Outcome {
  if (answer.status !== 200) return interpretStatus(answer, 'Elasticsearch');
  let reply: { errors?: unknown; items?: unknown };
  try {
    reply = JSON.parse(answer.body) as typeof reply;
  } catch {
    return {
      kind: 'retry',
      reason: `Elasticsearch answered 200 with an unreadable body: ${snippet(answer.body)}`,
    };
  }
  if (reply.errors === false) return { kind: 'delivered' };
  const results = Array.isArray(reply.items) ? (reply.items as Record<string, BulkItem>[]) : [];
  if (results.length !== items.length) {
    return {
      kind: 'retry',
      reason: `Elasticsearch answered for ${results.length} of ${items.length} documents`,
    };
  }
  const retry: number[] = [];
  let refused: string | undefined;
  let throttled = 0;
  results.forEach((entry, index) => {
    const result = Object.values(entry)[0] ?? {};
    const status = result.status ?? 0;
    // 409: a document with this _id is already there, i.e. an earlier attempt delivered it.
    if ((status >= 200 && status < 300) || status === 409) return;
    if (status === 429 || status >= 500) {
      if (status === 429) throttled += 1;
      retry.push(index);
      return;
    }
    refused ??= `Elasticsearch refused document ${items[index]?.record.id} with ${status}${
      result.error ? ` ${result.error.type ?? ''}: ${result.error.reason ?? ''}` : ''
    }`;
  });
  if (refused) return { kind: 'stop', reason: refused };
  if (retry.length === 0) return { kind: 'delivered' };
  return {
    kind: 'partial',
    retry,
    reason: `Elasticsearch rejected ${retry.length} of ${items.length} documents (${throttled} with 429: its write queue is full)`,
  };
}
