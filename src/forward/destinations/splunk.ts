import { deliveryLimits } from '../../limits';
import { compact } from '../formats/outgoing-record';
import { optionsOf, type Destination } from './destination';
import {
  endpointHost,
  interpretStatus,
  retryAfterMs,
  snippet,
  withPath,
  type Answer,
  type Driver,
  type Outcome,
} from './driver';

/**
 * Splunk HTTP Event Collector: `POST /services/collector/event` with `Authorization: Splunk <token>`, a body
 * of event envelopes one after another (no array), each with the record's own `time` (epoch seconds) so
 * Splunk indexes it when it happened, not when it arrived. Requests stay under ~1 MB. Not compressed: HEC's
 * gzip support is not confirmed in our sources.
 * Source: https://help.splunk.com/en/splunk-enterprise/get-data-in/collect-http-event-data/http-event-collector-rest-api-endpoints
 */
export const splunkDriver: Driver = {
  batching: () => ({ maxRecords: 10_000, maxBytes: deliveryLimits.splunkRequestBytes }),
  gzip: false,
  framing: { prefix: '', separator: '\n', suffix: '' },
  encode: (item, destination, context) => {
    const options = optionsOf(destination as Destination & { type: 'splunk' });
    return JSON.stringify(
      compact({
        time: Date.parse(item.record.time) / 1000,
        host: options.host ?? (context.cloudId ? `atlassian-${context.cloudId}` : 'audit-trail'),
        source: options.source ?? `audit-trail:${item.record.product}`,
        sourcetype: options.sourcetype ?? `audit_trail:${destination.format}`,
        index: options.index,
        event: item.document,
      }),
    );
  },
  request: ({ destination, secret }) => ({
    url: withPath(destination.url, '/services/collector/event'),
    headers: { 'content-type': 'application/json', authorization: `Splunk ${secret}` },
  }),
  interpret: interpretHec,
  hosts: endpointHost,
};

/** HEC's reply codes, read before the HTTP status because they say more. */
const RETRY_CODES = new Set([8, 9, 18, 19, 20]);
const TOKEN_CODES: Readonly<Record<number, string>> = {
  1: 'the HEC token is disabled',
  2: 'the HEC token is missing',
  3: 'the Authorization header is invalid',
  4: 'the HEC token is invalid',
};

export function interpretHec(answer: Answer): Outcome {
  let reply: { text?: unknown; code?: unknown; 'invalid-event-number'?: unknown } = {};
  try {
    reply = JSON.parse(answer.body) as typeof reply;
  } catch {
    // Not HEC's JSON (a proxy's page, say): the status alone decides.
  }
  const code = typeof reply.code === 'number' ? reply.code : undefined;
  const text = typeof reply.text === 'string' ? reply.text : snippet(answer.body);
  if (code === undefined || answer.status === 413) return interpretStatus(answer, 'Splunk HEC');
  if (code === 0 && answer.status >= 200 && answer.status < 300) return { kind: 'delivered' };
  if (RETRY_CODES.has(code) || answer.status === 429 || answer.status >= 500) {
    const wait = retryAfterMs(answer);
    return {
      kind: 'retry',
      reason: `Splunk HEC is busy (code ${code}: ${text})`,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  }
  const tokenProblem = TOKEN_CODES[code];
  if (tokenProblem)
    return { kind: 'stop', reason: `Splunk HEC refused the request: ${tokenProblem} (code ${code})` };
  const bad = reply['invalid-event-number'];
  return {
    kind: 'stop',
    reason: `Splunk HEC refused the request: ${text} (code ${code}${typeof bad === 'number' ? `, event ${bad} of the batch` : ''})`,
  };
}
