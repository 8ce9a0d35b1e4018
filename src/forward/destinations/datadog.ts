import { deliveryLimits } from '../../limits';
import { productName, summarize } from '../formats/action-meaning';
import { compact } from '../formats/outgoing-record';
import { optionsOf, type Destination } from './destination';
import { endpointHost, interpretStatus, withPath, type Driver } from './driver';

/**
 * Datadog Logs intake v2: a JSON array of log items, `DD-API-KEY`, gzip; at most 1,000 items and 5 MB
 * uncompressed per request; 413 means split. Each item's `message` is the one-line summary and the record (in
 * the chosen format) is the `audit` attribute, so Datadog's reserved attributes (`status`, `host`,
 * `service`…) are never taken from the record by accident. No timestamp attribute is set: Datadog refuses
 * timestamps older than 18 hours, which would drop a backlog after an outage.
 * Source: https://docs.datadoghq.com/api/latest/logs/send-logs/
 */
export const datadogDriver: Driver = {
  batching: () => ({
    maxRecords: deliveryLimits.datadogRequestEntries,
    maxBytes: deliveryLimits.datadogRequestBytes,
  }),
  gzip: true,
  framing: { prefix: '[', separator: ',', suffix: ']' },
  encode: (item, destination) => {
    const options = optionsOf(destination as Destination & { type: 'datadog' });
    const tags = [`product:${productName(item.record).toLowerCase()}`, `format:${destination.format}`];
    if (options.ddtags) tags.push(options.ddtags);
    return JSON.stringify(
      compact({
        ddsource: options.ddsource ?? 'audit-trail',
        ddtags: tags.join(','),
        hostname: options.hostname,
        service: options.service ?? 'audit-trail',
        message: summarize(item.record),
        audit: item.document,
      }),
    );
  },
  request: ({ destination, secret }) => ({
    url:
      new URL(destination.url).pathname.replace(/\/+$/, '') === ''
        ? withPath(destination.url, '/api/v2/logs')
        : destination.url,
    headers: { 'content-type': 'application/json', 'dd-api-key': secret },
  }),
  interpret: (answer) => interpretStatus(answer, 'Datadog'),
  hosts: endpointHost,
};
