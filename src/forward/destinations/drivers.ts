import type { DestinationType } from './destination';
import type { Driver } from './driver';
import { datadogDriver } from './datadog';
import { elasticDriver } from './elastic';
import { sentinelDriver } from './sentinel';
import { splunkDriver } from './splunk';
import { sumoDriver } from './sumo';
import { webhookDriver } from './webhook';

export const DRIVERS: Readonly<Record<DestinationType, Driver>> = {
  webhook: webhookDriver,
  splunk: splunkDriver,
  elastic: elasticDriver,
  datadog: datadogDriver,
  sentinel: sentinelDriver,
  sumo: sumoDriver,
};
