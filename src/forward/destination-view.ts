import type { Product } from '../record/audit-record';
import type { Destination } from './destinations/destination';

/**
 * What the `destinations.*` resolvers answer: the admin page's view of destinations. Types only, so the
 * page can import them without bundling the app's code.
 */

/**
 * How Forge will let the app reach a destination. `app`: every host is one the manifest declares (the SaaS
 * SIEMs), nothing to approve. `admin`: some host is not (self-hosted Splunk or Elasticsearch, a webhook),
 * so the admin approves it as a customer-managed egress group, `group`, from the admin page: only the
 * page can, through `@forge/bridge` (`permissions.egress.set`), which shows Atlassian's consent dialog.
 */
export type DestinationEgress =
  | { readonly allowedBy: 'app'; readonly hosts: readonly string[] }
  | { readonly allowedBy: 'admin'; readonly hosts: readonly string[]; readonly group: string };

/** How many customer-managed egress groups the destinations use, of the most Forge allows an installation. */
export interface EgressGroupsUse {
  readonly used: number;
  readonly max: number;
}

/** `active`; `stopped` by a configuration error until saved again; `disabled` after 410 Gone. */
export type DeliveryStatus = 'active' | 'stopped' | 'disabled';

/**
 * A destination as the admin page sees it: the credential only masked (`••••abcd`), never in full, and
 * whether its hosts need the admin's egress approval.
 */
export type DestinationView = Destination & {
  readonly secret: string | null;
  readonly egress: DestinationEgress;
};

export interface DestinationStatus {
  readonly id: string;
  readonly status: DeliveryStatus;
  readonly enabled: boolean;
  readonly cursorSeq: number;
  /**
   * Records waiting for this destination: the sealed ones after its cursor (the head seq minus the
   * cursor) and those not sealed yet (`unsealedRecords`), which it will be sent once the seal job has
   * ordered them.
   */
  readonly lagRecords: number;
  /** Of `lagRecords`, those still waiting to be sealed (counted up to 100,000). */
  readonly unsealedRecords: number;
  /** How long the oldest record not yet delivered has been waiting (since it was stored); 0 when none. */
  readonly lagMinutes: number;
  /** Failed attempts since the last delivery: from the first one the destination is failing. */
  readonly failedAttempts: number;
  readonly lastSuccessAt: string | null;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  /**
   * Set while the destination backs off after a failure; null while failing means the next scheduled
   * run tries again.
   */
  readonly nextAttemptAt: string | null;
  readonly delivered: number;
  readonly requests: number;
}

export interface TestResult {
  readonly ok: boolean;
  readonly outcome: 'delivered' | 'retry' | 'stop' | 'disable' | 'deferred';
  readonly message: string;
  readonly durationMs: number;
  readonly recordId: string;
}

/** What `destinations.list` answers: the destinations the caller may manage. */
export interface DestinationList {
  readonly items: readonly DestinationView[];
  readonly egressGroups: EgressGroupsUse;
  /** The products the caller may forward: the page offers only those. */
  readonly products: readonly Product[];
}

/** What `destinations.status` answers: how far each destination the caller may manage has got. */
export interface DestinationStatusReport {
  /** The newest sealed record's seq: what every cursor is heading for. */
  readonly headSeq: number;
  readonly items: readonly DestinationStatus[];
}

/** What `destinations.delete` answers. */
export interface DestinationDeletion {
  readonly deleted: boolean;
}
