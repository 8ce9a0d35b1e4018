import { permissions } from '@forge/bridge';
import type { DestinationEgress, DestinationView, ResolverPayload } from '@contract';
import { call } from '../api';
import type { DestinationType } from './destination-types';

/**
 * What the page sends to `destinations.save`: the secret only when the admin typed a new one. The form
 * builds `options` from the field list of the chosen type, so they are typed by that list, not by the
 * type's own schema; the resolver checks them against it, naming the field it refuses.
 */
export type DestinationDraft = Omit<ResolverPayload<'destinations.save'>, 'type' | 'options'> & {
  readonly type: DestinationType;
  readonly options: Readonly<Record<string, string | number>>;
};

export const listDestinations = () => call('destinations.list', {});
export const saveDestination = (draft: DestinationDraft) =>
  call('destinations.save', draft as ResolverPayload<'destinations.save'>);
export const deleteDestination = (id: string) => call('destinations.delete', { id });
export const sendTestEvent = (id: string) => call('destinations.test', { id });
export const destinationStatus = () => call('destinations.status', {});

/** What became of a destination's customer-managed egress group after a change. */
export type EgressChange =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'approved'; readonly hosts: readonly string[] }
  | { readonly kind: 'removed' }
  | { readonly kind: 'failed'; readonly message: string };

/** A destination whose hosts the manifest does not declare: self-hosted Splunk or Elasticsearch, a webhook. */
export type SelfHosted = DestinationView & {
  readonly egress: Extract<DestinationEgress, { allowedBy: 'admin' }>;
};

export const isSelfHosted = (d: DestinationView | undefined): d is SelfHosted =>
  d?.egress.allowedBy === 'admin';

const bridgeReason = (thrown: unknown) => (thrown instanceof Error ? thrown.message : String(thrown));

/**
 * Asks Atlassian to let the app reach a self-hosted destination's hosts: a customer-managed egress group
 * of its own, keyed by the destination, so that setting it again replaces its hosts and deleting the
 * destination deletes exactly them. The host shows its own consent dialog; declining rejects.
 */
export async function approveEgress(destination: SelfHosted): Promise<EgressChange> {
  try {
    await permissions.egress.set({
      egresses: [
        {
          key: destination.egress.group,
          description: `Audit Trail sends audit records to ${destination.name}`,
          configured: destination.egress.hosts.map((domain) => ({
            domain,
            type: ['FETCH_BACKEND_SIDE' as never],
          })),
        },
      ],
    });
    return { kind: 'approved', hosts: destination.egress.hosts };
  } catch (thrown) {
    return {
      kind: 'failed',
      message: `The host was not approved: ${bridgeReason(thrown)}. Use “Approve host” to ask again.`,
    };
  }
}

/** Deletes a customer-managed egress group (the destination is gone, or no longer needs it). */
export async function removeEgress(group: string): Promise<EgressChange> {
  try {
    await permissions.egress.deleteGroup({ key: group });
    return { kind: 'removed' };
  } catch (thrown) {
    return {
      kind: 'failed',
      message: `Its egress group ${group} was not removed: ${bridgeReason(thrown)}. Remove it in Atlassian Administration, Connected apps.`,
    };
  }
}

/**
 * After a save, brings the destination's egress group in line with its hosts: approval is asked only for
 * a self-hosted destination that is new or whose hosts changed; a destination moved to a host the app
 * declares (a SaaS SIEM) gives its group up.
 */
export function syncEgress(
  before: DestinationView | undefined,
  saved: DestinationView,
): Promise<EgressChange> {
  if (isSelfHosted(saved)) {
    const same = isSelfHosted(before) && before.egress.hosts.join(' ') === saved.egress.hosts.join(' ');
    return same ? Promise.resolve({ kind: 'unchanged' }) : approveEgress(saved);
  }
  return isSelfHosted(before) ? removeEgress(before.egress.group) : Promise.resolve({ kind: 'unchanged' });
}
