import { deliveryLimits } from '../../limits';
import { summarize } from '../formats/action-meaning';
import { compact } from '../formats/outgoing-record';
import { optionsOf, type Destination, type DestinationOptions } from './destination';
import { interpretStatus, retryAfterMs, snippet, type Answer, type Driver, type Outcome } from './driver';

/**
 * Microsoft Sentinel through the Azure Monitor Logs Ingestion API: an Entra access token from the
 * client-credentials grant, then `POST {endpoint}/dataCollectionRules/{dcr}/streams/{stream}` with a JSON
 * array whose rows match the stream's columns (README: "Microsoft Sentinel"). 204 is success; 1 MB per call,
 * compressed or not; 429 comes with Retry-After. (The legacy HTTP Data Collector API is retired and not
 * supported.)
 * Source: https://learn.microsoft.com/en-us/azure/azure-monitor/logs/logs-ingestion-api-overview
 */
export const sentinelDriver: Driver = {
  limits: () => ({ maxRecords: 10_000, maxBytes: deliveryLimits.azureRequestBytes }),
  gzip: true,
  framing: { prefix: '[', separator: ',', suffix: ']' },
  encode: (item) => {
    const { record } = item;
    return JSON.stringify(
      compact({
        TimeGenerated: record.time,
        RecordId: record.id,
        Seq: record.seq,
        Product: record.product,
        Action: record.action,
        ActorId: record.actor.accountId ?? undefined,
        ActorType: record.actor.type,
        ObjectType: record.object?.type,
        ObjectId: record.object?.id,
        ContainerKey: record.container?.key ?? record.container?.id,
        Message: summarize(record),
        Event: item.document,
      }),
    );
  },
  request: ({ destination, token }) => {
    const options = optionsOf(destination as Destination & { type: 'sentinel' });
    const url = new URL(destination.url);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/dataCollectionRules/${options.dcrImmutableId}/streams/${options.streamName}`;
    url.search = '?api-version=2023-01-01';
    return {
      url: url.toString(),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}` },
    };
  },
  interpret: (answer) => interpretStatus(answer, 'Azure Monitor'),
  // The ingestion endpoint, and Entra's token endpoint that every run may ask first.
  hosts: (destination) => [
    new URL(destination.url).hostname,
    new URL(tokenUrl(optionsOf(destination as Destination & { type: 'sentinel' }))).hostname,
  ],
};

/** The scope of the Logs Ingestion API; the double slash is as Microsoft's tutorial and SDKs write it. */
export const MONITOR_SCOPE = 'https://monitor.azure.com//.default';

export function tokenUrl(options: DestinationOptions['sentinel']): string {
  return (
    options.tokenUrl ??
    `https://login.microsoftonline.com/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`
  );
}

/** The client-credentials request for an access token. */
export function tokenRequest(destination: Destination, secret: string): { url: string; body: string } {
  const options = optionsOf(destination as Destination & { type: 'sentinel' });
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: options.clientId,
    client_secret: secret,
    scope: MONITOR_SCOPE,
  });
  return { url: tokenUrl(options), body: body.toString() };
}

export type TokenOutcome =
  { readonly kind: 'token'; readonly token: string; readonly expiresInMs: number } | Outcome;

/** Entra's answer: a token, or why there is none (a bad secret or client id stops the destination). */
export function interpretToken(answer: Answer): TokenOutcome {
  if (answer.status === 200) {
    try {
      const reply = JSON.parse(answer.body) as { access_token?: unknown; expires_in?: unknown };
      if (typeof reply.access_token === 'string' && reply.access_token) {
        const seconds = Number(reply.expires_in);
        return {
          kind: 'token',
          token: reply.access_token,
          expiresInMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000,
        };
      }
    } catch {
      // fall through
    }
    return { kind: 'retry', reason: `Microsoft Entra answered 200 without a token: ${snippet(answer.body)}` };
  }
  if (answer.status === 429 || answer.status >= 500) {
    const wait = retryAfterMs(answer);
    return {
      kind: 'retry',
      reason: `Microsoft Entra answered ${answer.status}`,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  }
  let detail = snippet(answer.body);
  try {
    const reply = JSON.parse(answer.body) as { error?: unknown; error_description?: unknown };
    if (typeof reply.error_description === 'string')
      detail = `${String(reply.error)}: ${snippet(reply.error_description)}`;
  } catch {
    // keep the raw snippet
  }
  return {
    kind: 'stop',
    reason: `Microsoft Entra refused the client credentials (${answer.status}): ${detail}`,
  };
}
