import type { ResolverRequest } from './admin-resolver';
import type { ResolverError } from './resolver-error';

/**
 * Whether an active Marketplace licence is missing. Forge gives `license` only to a paid app installed
 * from the Marketplace: in the context of resolvers and product-event triggers as `{ isActive, … }`, and
 * in the page's `view.getContext()` as `{ active, … }` (same licence, other name). In development,
 * staging and free installs it is absent, and no licensing is in force. So only a licence that is there
 * and not active counts. Shared with the admin page, which shows its banner on the same rule.
 */
export function licenceInactive(license: unknown): boolean {
  if (license === undefined || license === null) return false;
  const { isActive, active } = license as { readonly isActive?: unknown; readonly active?: unknown };
  return isActive !== true && active !== true;
}

/**
 * What each admin-page resolver does without an active licence: `kept` answers as always, `refused`
 * answers LICENCE_INACTIVE. The rule: a lapsed licence makes Audit Trail read-only, never lossy. The
 * admin keeps everything that reads or takes away what is stored (search, record, trail, facets,
 * export, chain check, insights, storage and import status) and everything that withdraws access
 * (revoking a pull token, deleting a SIEM destination and its credentials: a security team leaving the
 * app must be able to close what it opened). What configures the app further is refused: settings,
 * saving or testing a destination, new tokens. Every resolver `src/index.ts` registers is named here;
 * one that is not is refused (test/admin/licence.test.ts checks the two lists match).
 */
export const WITHOUT_LICENCE: Readonly<Record<string, 'kept' | 'refused'>> = {
  'settings.get': 'kept',
  'settings.update': 'refused',
  'activity.query': 'kept',
  'activity.facets': 'kept',
  'activity.get': 'kept',
  'activity.forObject': 'kept',
  'activity.export': 'kept',
  'people.lookup': 'kept',
  'groups.search': 'kept',
  'people.search': 'kept',
  'chain.verify': 'kept',
  'tokens.list': 'kept',
  'tokens.create': 'refused',
  'tokens.revoke': 'kept',
  'destinations.list': 'kept',
  'destinations.status': 'kept',
  'destinations.save': 'refused',
  'destinations.test': 'refused',
  'destinations.delete': 'kept',
  'insights.summary': 'kept',
  'storage.status': 'kept',
  'auditImport.status': 'kept',
  // Reading history in adds to the log: new work, refused; stopping a running one is always allowed.
  'backfill.estimate': 'kept',
  'backfill.start': 'refused',
  'backfill.status': 'kept',
  'backfill.pause': 'kept',
  'backfill.resume': 'refused',
  'backfill.cancel': 'kept',
  'views.list': 'kept',
  'views.save': 'refused',
  'views.delete': 'kept',
  'rules.list': 'kept',
  'rules.save': 'refused',
  'rules.delete': 'kept',
  'rules.backtest': 'kept',
  'alerts.list': 'kept',
  // Acknowledging and resolving alerts is handling what was recorded, not configuring the app.
  'alerts.update': 'kept',
  'alerts.channels': 'refused',
};

const LICENCE_INACTIVE_MESSAGE =
  'Your Audit Trail licence is not active, so Audit Trail is read-only: this change is not available. ' +
  'Activity is still recorded, and everything stored can be searched and exported. ' +
  'Renew the licence under Manage apps to change settings, destinations or tokens again.';

/**
 * Wraps the resolver registered under `key`: without an active licence, a `refused` one answers
 * LICENCE_INACTIVE before it runs (before the admin check too: that tells a non-admin no more than the
 * page's own context does). The licence comes from the resolver's context, which Forge fills, not from
 * the page's, which a caller could alter.
 */
export function licenceGate<R>(
  key: string,
  resolver: (request: ResolverRequest) => Promise<R>,
): (request: ResolverRequest) => Promise<R | ResolverError> {
  if (WITHOUT_LICENCE[key] === 'kept') return resolver;
  return (request) =>
    licenceInactive(request.context.license)
      ? Promise.resolve({ error: { code: 'LICENCE_INACTIVE', message: LICENCE_INACTIVE_MESSAGE } })
      : resolver(request);
}
