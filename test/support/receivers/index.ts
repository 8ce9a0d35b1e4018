export { AzureLogsReceiver } from './azure-logs-receiver';
export { DatadogReceiver } from './datadog-receiver';
export { ElasticReceiver } from './elastic-receiver';
export { json, Receiver, type Reply, type RequestLog } from './receiver';
export { SplunkHecReceiver, parseConcatenated } from './splunk-hec-receiver';
export { SumoReceiver } from './sumo-receiver';
export { WebhookReceiver } from './webhook-receiver';
