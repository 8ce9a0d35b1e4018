import { deliveryLimits } from '../../limits';
import type { Destination } from '../destinations/destination';
import { DRIVERS } from '../destinations/drivers';
import { isDeclaredHost } from './declared-egress';

/**
 * How Forge will let the app reach a destination. `app`: every host is one the manifest declares (the SaaS
 * SIEMs), nothing to approve. `admin`: some host is not (self-hosted Splunk or Elasticsearch, a webhook),
 * so the admin approves it as a customer-managed egress group, `group`, from the admin page: only the
 * page can, through `@forge/bridge` (`permissions.egress.set`), which shows Atlassian's consent dialog.
 */
export type DestinationEgress =
  | { readonly allowedBy: 'app'; readonly hosts: readonly string[] }
  | { readonly allowedBy: 'admin'; readonly hosts: readonly string[]; readonly group: string };

export function egressOf(destination: Destination): DestinationEgress {
  const hosts = [...new Set(DRIVERS[destination.type].hosts(destination))];
  return hosts.every(isDeclaredHost)
    ? { allowedBy: 'app', hosts }
    : { allowedBy: 'admin', hosts, group: egressGroupKey(destination.id) };
}

/** One customer-managed egress group per destination, so deleting the destination deletes only its hosts. */
export function egressGroupKey(destinationId: string): string {
  return `siem-${destinationId}`;
}

/** How many egress groups the destinations use, of the most Forge allows an installation. */
export interface EgressGroupsUse {
  readonly used: number;
  readonly max: number;
}

export function egressGroupsUse(destinations: readonly Destination[]): EgressGroupsUse {
  return {
    used: destinations.filter((d) => egressOf(d).allowedBy === 'admin').length,
    max: deliveryLimits.egressGroupsPerInstallation,
  };
}
