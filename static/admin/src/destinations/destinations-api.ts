import { invoke, permissions } from '@forge/bridge';
import { isResolverError } from '../../../../src/admin/resolver-error';
import type {
  DestinationStatus,
  DestinationView,
  TestResult,
} from '../../../../src/forward/destination-view';
import type { ApiError, Result } from '../api';

/** What the page sends to `destinations.save`: the secret only when the admin typed a new one. */
export interface DestinationDraft {
  readonly id?: string;
  readonly name: string;
  readonly type: DestinationView['type'];
  readonly url: string;
  readonly secret?: string;
  readonly format: DestinationView['format'];
  readonly filter: { readonly products?: readonly string[]; readonly actions?: readonly string[] };
  readonly options: Readonly<Record<string, string | number>>;
  readonly enabled: boolean;
  readonly required: boolean;
}

export interface StatusAnswer {
  readonly headSeq: number;
  readonly items: readonly DestinationStatus[];
}

/** Calls a `destinations.*` resolver; refusals and bridge failures come back as data, never thrown. */
async function call<T>(key: string, payload: object): Promise<Result<T>> {
  try {
    const answer: unknown = await invoke(key, payload as Record<string, unknown>);
    if (isResolverError(answer)) return { ok: false, error: answer.error };
    return { ok: true, value: answer as T };
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message.trim() : String(thrown);
    return {
      ok: false,
      error: { code: 'UNAVAILABLE', message: `Audit Trail could not be reached. ${reason}` },
    };
  }
}

export const listDestinations = () => call<{ items: readonly DestinationView[] }>('destinations.list', {});
export const saveDestination = (draft: DestinationDraft) => call<DestinationView>('destinations.save', draft);
export const deleteDestination = (id: string) => call<{ deleted: boolean }>('destinations.delete', { id });
export const sendTestEvent = (id: string) => call<TestResult>('destinations.test', { id });
export const destinationStatus = () => call<StatusAnswer>('destinations.status', {});

/** The hosts a destination sends to: its endpoint, and for Sentinel the Entra token endpoint too. */
export function hostsOf(destination: Pick<DestinationView, 'type' | 'url' | 'options'>): string[] {
  const hosts = new Set<string>();
  const add = (url: unknown) => {
    try {
      if (typeof url === 'string' && url) hosts.add(new URL(url).hostname);
    } catch {
      // not a URL yet (the form is being filled in)
    }
  };
  add(destination.url);
  if (destination.type === 'sentinel')
    add(destination.options.tokenUrl ?? 'https://login.microsoftonline.com');
  return [...hosts];
}

/**
 * Asks Atlassian to let the app reach a destination's hosts (customer-managed egress): the host shows
 * its own consent dialog to the admin. One egress group per destination, so removing one removes its
 * hosts. Where the host has no such dialog (the local sandbox), the answer is `undefined` and nothing
 * needs approving.
 */
export async function approveEgress(
  destination: Pick<DestinationView, 'id' | 'name' | 'type' | 'url' | 'options'>,
): Promise<{ readonly ok: true } | { readonly ok: false; readonly error: ApiError }> {
  try {
    await permissions.egress.set({
      egresses: [
        {
          key: `siem-${destination.id}`,
          description: `Audit Trail sends audit records to ${destination.name}`,
          configured: hostsOf(destination).map((domain) => ({
            domain,
            type: ['FETCH_BACKEND_SIDE' as never],
          })),
        },
      ],
    });
    return { ok: true };
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    return { ok: false, error: { code: 'UNAVAILABLE', message: `The host was not approved: ${reason}` } };
  }
}
