import { deliveryLimits } from '../../limits';
import type { DestinationEgress, EgressGroupsUse } from '../destination-view';
import type { Destination } from '../destinations/destination';
import type { Driver } from '../destinations/driver';
import { driverFor } from '../destinations/drivers';
import { isDeclaredHost } from './declared-egress';

/** How Forge will let the app reach a destination: the hosts its driver reaches, against the manifest's. */
export function egressOf(
  destination: Destination,
  driver: Driver = driverFor(destination.type),
): DestinationEgress {
  const hosts = [...new Set(driver.hosts(destination))];
  return hosts.every(isDeclaredHost)
    ? { allowedBy: 'app', hosts }
    : { allowedBy: 'admin', hosts, group: egressGroupKey(destination.id) };
}

/** One customer-managed egress group per destination, so deleting the destination deletes only its hosts. */
function egressGroupKey(destinationId: string): string {
  return `siem-${destinationId}`;
}

/** How many egress groups the destinations use, of the most Forge allows an installation. */
export function egressGroupsUse(destinations: readonly Destination[]): EgressGroupsUse {
  return {
    used: destinations.filter((d) => egressOf(d).allowedBy === 'admin').length,
    max: deliveryLimits.egressGroupsPerInstallation,
  };
}
