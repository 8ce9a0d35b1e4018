import { deliveryLimits } from '../../limits';
import { optionsOf, type Destination } from './destination';
import { endpointHost, interpretStatus, type Driver } from './driver';

/**
 * Sumo Logic HTTP Logs source: the secret is the last segment of the source's URL, so it is kept as the
 * credential and only the rest is stored. One JSON record per line, gzip, at most 1 MB before compression.
 * 408 means Sumo accepted the data but timed out processing it: retried, which may duplicate.
 * Source: https://help-opensource.sumologic.com/docs/send-data/hosted-collectors/http-source/logs-metrics/
 */
export const sumoDriver: Driver = {
  batching: () => ({ maxRecords: 10_000, maxBytes: deliveryLimits.sumoRequestBytes }),
  gzip: true,
  framing: { prefix: '', separator: '\n', suffix: '' },
  encode: (item) => JSON.stringify(item.document),
  request: ({ destination, secret }) => {
    const options = optionsOf(destination as Destination & { type: 'sumo' });
    return {
      url: `${destination.url.replace(/\/+$/, '')}/${encodeURIComponent(secret)}`,
      headers: {
        'content-type': 'application/x-ndjson',
        'x-sumo-category': options.category ?? 'atlassian/audit-trail',
        'x-sumo-name': options.sourceName ?? 'audit-trail',
        ...(options.sourceHost ? { 'x-sumo-host': options.sourceHost } : {}),
      },
    };
  },
  interpret: (answer) => interpretStatus(answer, 'Sumo Logic'),
  hosts: endpointHost,
  entry: {
    // The admin pastes the whole source URL: its code is kept as the secret, the rest as the URL.
    storedUrl: (url) => {
      const split = splitSumoUrl(url);
      if (split) return { url: split.base, secret: split.code };
      return /\/receiver\/v1\/http\/?$/.test(new URL(url).pathname)
        ? { url }
        : { refused: 'must be the HTTP source URL (…/receiver/v1/http/…)' };
    },
  },
};

const SUMO_PATH = /^(.*\/receiver\/v1\/http)\/([^/?#]+)\/?$/;

/**
 * Splits a pasted HTTP source URL into the part that is stored and the secret code at its end. Null when
 * it is not one, including a code whose percent-escapes do not decode (decodeURIComponent throws).
 */
export function splitSumoUrl(url: string): { readonly base: string; readonly code: string } | null {
  const match = SUMO_PATH.exec(url.trim());
  if (!match?.[1] || !match[2]) return null;
  try {
    return { base: match[1], code: decodeURIComponent(match[2]) };
  } catch {
    return null;
  }
}
