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

/** The driver for a destination's type; a type this version has no driver for is a clear error. */
export function driverFor(type: string): Driver {
  const driver = Object.hasOwn(DRIVERS, type) ? DRIVERS[type as DestinationType] : undefined;
  if (!driver) throw new Error(`No driver for destination type '${type}'`);
  return driver;
}
