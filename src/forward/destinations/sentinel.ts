import { deliveryLimits } from '../../limits';
import { summarize } from '../formats/action-meaning';
import { compact } from '../formats/outgoing-record';
import { optionsOf, type Destination, type DestinationOptions } from './destination';
import { clientCredentials } from './client-credentials';
import { interpretStatus, type Driver } from './driver';

/** The scope of the Logs Ingestion API; the double slash is as Microsoft's tutorial and SDKs write it. */
const MONITOR_SCOPE = 'https://monitor.azure.com//.default';

/**
 * Microsoft Sentinel through the Azure Monitor Logs Ingestion API: an Entra access token from the
 * client-credentials grant, then `POST {endpoint}/dataCollectionRules/{dcr}/streams/{stream}` with a JSON
 * array whose rows match the stream's columns (README: "Microsoft Sentinel"). 204 is success; 1 MB per call,
 * compressed or not; 429 comes with Retry-After. (The legacy HTTP Data Collector API is retired and not
 * supported.)
 * Source: https://learn.microsoft.com/en-us/azure/azure-monitor/logs/logs-ingestion-api-overview
 */
export const sentinelDriver: Driver = {
  batching: () => ({ maxRecords: 10_000, maxBytes: deliveryLimits.azureRequestBytes }),
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
  hosts: (destination) => [new URL(destination.url).hostname, new URL(tokenUrlOf(destination)).hostname],
  // An app registration's client secret, traded at Entra for a token to the Logs Ingestion API.
  authorization: clientCredentials({
    issuer: 'Microsoft Entra',
    scope: MONITOR_SCOPE,
    tokenUrl: tokenUrlOf,
    clientId: (destination) => sentinelOptions(destination).clientId,
  }),
  entry: { urlOptions: ['tokenUrl'] },
};

function sentinelOptions(destination: Destination): DestinationOptions['sentinel'] {
  return optionsOf(destination as Destination & { type: 'sentinel' });
}

function tokenUrlOf(destination: Destination): string {
  const options = sentinelOptions(destination);
  return (
    options.tokenUrl ??
    `https://login.microsoftonline.com/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`
  );
}
