/**
 * The admin page's resolvers, declared once: for each key, the schema its payload must fit and the type
 * of its answer. The server's registration is checked against it (src/resolver-groups.ts) and the page's
 * `call` is typed from it (static/admin/src/api.ts), so a change on one side that the other does not
 * follow fails the type-check.
 *
 * Types only: the schemas are the resolvers' own, named by `typeof`, and the answers are the server's
 * own types. Nothing here runs, so the page can import it without bundling the app's code or zod.
 */
import type { z } from 'zod';
import type {
  exportPayloadSchema,
  facetsPayloadSchema,
  forObjectPayloadSchema,
  getPayloadSchema,
  peopleLookupPayloadSchema,
  queryPayloadSchema,
} from '../activity/activity-payloads';
import type { ActivityFacets } from '../activity/activity-facets';
import type { PeopleLookup } from '../activity/activity-resolvers';
import type { ExportChunk } from '../activity/export-activity';
import type { ActivityPage } from '../activity/query-activity';
import type { AdminResolver, emptyPayloadSchema } from '../admin/admin-resolver';
import type { ImportState } from '../audit-import/import-pass';
import type { backfillPayloadSchema } from '../backfill/backfill-plan';
import type { BackfillStatus } from '../backfill/backfill-state';
import type { BackfillEstimate } from '../backfill/estimate-backfill';
import type { idPayload } from '../forward/destination-resolvers';
import type {
  DestinationDeletion,
  DestinationList,
  DestinationStatusReport,
  DestinationView,
  TestResult,
} from '../forward/destination-view';
import type { destinationInputSchema } from '../forward/destinations/destination';
import type { insightsPayloadSchema } from '../insights/insights-resolvers';
import type { InsightsSummary } from '../insights/insights-types';
import type { searchGroups } from '../people/group-search';
import type { searchPayloadSchema } from '../people/people-resolvers';
import type { searchUsers } from '../people/user-search';
import type { PullTokenInfo } from '../pull-api/pull-tokens';
import type {
  createTokenPayloadSchema,
  NewPullToken,
  PullTokenList,
  revokeTokenPayloadSchema,
} from '../pull-api/token-resolvers';
import type { AuditRecord } from '../record/audit-record';
import type { deleteViewPayloadSchema, saveViewPayloadSchema } from '../saved-views/saved-view-payloads';
import type { SavedViewDeletion, SavedViewList } from '../saved-views/saved-view-resolvers';
import type { SavedView } from '../saved-views/saved-view-store';
import type { Alert, AlertPage, alertsListSchema, alertUpdateSchema } from '../detect/alert';
import type { BacktestResult } from '../detect/backtest';
import type { channelsUpdateSchema, ChannelsView } from '../detect/channels';
import type { RuleList, ruleIdPayload } from '../detect/detect-resolvers';
import type { backtestPayloadSchema, Rule, ruleInputSchema } from '../detect/rule';
import type { StorageStatus } from '../retention/storage-types';
import type { verifyPayloadSchema } from '../seal/chain-resolvers';
import type { StoredChainReport } from '../seal/verify-stored-chain';
import type { settingsUpdateSchema, SettingsView } from '../settings/settings';

/** One resolver: the schema its payload must fit, and what it answers when it does not refuse. */
interface Route<S extends z.ZodType, R> {
  readonly payload: S;
  readonly result: R;
}

export interface ResolverContract {
  'settings.get': Route<typeof emptyPayloadSchema, SettingsView>;
  'settings.update': Route<typeof settingsUpdateSchema, SettingsView>;
  'activity.query': Route<typeof queryPayloadSchema, ActivityPage>;
  'activity.facets': Route<typeof facetsPayloadSchema, ActivityFacets>;
  'activity.get': Route<typeof getPayloadSchema, AuditRecord>;
  'activity.forObject': Route<typeof forObjectPayloadSchema, ActivityPage>;
  'activity.export': Route<typeof exportPayloadSchema, ExportChunk>;
  'people.lookup': Route<typeof peopleLookupPayloadSchema, PeopleLookup>;
  'groups.search': Route<typeof searchPayloadSchema, Awaited<ReturnType<typeof searchGroups>>>;
  'people.search': Route<typeof searchPayloadSchema, Awaited<ReturnType<typeof searchUsers>>>;
  'chain.verify': Route<typeof verifyPayloadSchema, StoredChainReport>;
  'tokens.list': Route<typeof emptyPayloadSchema, PullTokenList>;
  'tokens.create': Route<typeof createTokenPayloadSchema, NewPullToken>;
  'tokens.revoke': Route<typeof revokeTokenPayloadSchema, PullTokenInfo>;
  'destinations.list': Route<typeof emptyPayloadSchema, DestinationList>;
  'destinations.save': Route<typeof destinationInputSchema, DestinationView>;
  'destinations.delete': Route<typeof idPayload, DestinationDeletion>;
  'destinations.test': Route<typeof idPayload, TestResult>;
  'destinations.status': Route<typeof emptyPayloadSchema, DestinationStatusReport>;
  'insights.summary': Route<typeof insightsPayloadSchema, InsightsSummary>;
  'storage.status': Route<typeof emptyPayloadSchema, StorageStatus>;
  'auditImport.status': Route<typeof emptyPayloadSchema, ImportState>;
  'backfill.estimate': Route<typeof backfillPayloadSchema, BackfillEstimate>;
  'backfill.start': Route<typeof backfillPayloadSchema, BackfillStatus>;
  'backfill.status': Route<typeof emptyPayloadSchema, BackfillStatus>;
  'backfill.pause': Route<typeof emptyPayloadSchema, BackfillStatus>;
  'backfill.resume': Route<typeof emptyPayloadSchema, BackfillStatus>;
  'backfill.cancel': Route<typeof emptyPayloadSchema, BackfillStatus>;
  'views.list': Route<typeof emptyPayloadSchema, SavedViewList>;
  'views.save': Route<typeof saveViewPayloadSchema, SavedView>;
  'views.delete': Route<typeof deleteViewPayloadSchema, SavedViewDeletion>;
  'rules.list': Route<typeof emptyPayloadSchema, RuleList>;
  'rules.save': Route<typeof ruleInputSchema, Rule>;
  'rules.delete': Route<typeof ruleIdPayload, { deleted: boolean }>;
  'rules.backtest': Route<typeof backtestPayloadSchema, BacktestResult>;
  'alerts.list': Route<typeof alertsListSchema, AlertPage>;
  'alerts.update': Route<typeof alertUpdateSchema, Alert>;
  'alerts.channels': Route<typeof channelsUpdateSchema, ChannelsView>;
}

export type ResolverKey = keyof ResolverContract;

/**
 * What the page may send to a resolver: its schema's input (before defaults and trimming), read-only,
 * so the page's read-only lists and records can be passed as they are.
 */
export type ResolverPayload<K extends ResolverKey> = Immutable<z.input<ResolverContract[K]['payload']>>;

/** What a resolver answers when it does not refuse. */
export type ResolverResult<K extends ResolverKey> = ResolverContract[K]['result'];

type Immutable<T> = T extends readonly (infer E)[]
  ? readonly Immutable<E>[]
  : T extends object
    ? { readonly [P in keyof T]: Immutable<T[P]> }
    : T;

/** How each key must be registered: through `adminResolver` with the contract's schema and answer. */
export type ContractResolvers = {
  readonly [K in ResolverKey]: AdminResolver<ResolverContract[K]['payload'], ResolverResult<K>>;
};

type KeysOf<G> = G extends unknown ? keyof G : never;

/**
 * Resolver groups that register every key of the contract and no other; otherwise the type names the
 * keys missing, or the keys the contract does not declare.
 */
export type CoveringTheContract<G extends readonly object[]> = [KeysOf<G[number]>] extends [ResolverKey]
  ? [ResolverKey] extends [KeysOf<G[number]>]
    ? G
    : { readonly missingFromGroups: Exclude<ResolverKey, KeysOf<G[number]>> }
  : { readonly notInContract: Exclude<KeysOf<G[number]>, ResolverKey> };
