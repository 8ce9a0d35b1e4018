/**
 * What the admin page may know of the app: the resolver contract, the types its answers are made of, and
 * the few plain functions the page runs too. The page imports the app through this module only (the
 * `@contract` alias in static/admin). Every type below is erased from the page's bundle; the values come
 * from modules with no imports at run time, so neither the app's code nor zod reaches the browser.
 */
export type { ResolverContract, ResolverKey, ResolverPayload, ResolverResult } from './resolver-contract';

export type { ActivityFacets, ContainerFacetValue, FacetValue } from '../activity/activity-facets';
export type { ExportFormat } from '../activity/activity-payloads';
export type { ExportChunk } from '../activity/export-activity';
export type { Person } from '../people/people-lookup';
export type { ActivityPage } from '../activity/query-activity';
export type { ImportState, ProductImport } from '../audit-import/import-pass';
export type { BackfillPayload } from '../backfill/backfill-plan';
export type { BackfillStatus } from '../backfill/backfill-state';
export type { BackfillEstimate } from '../backfill/estimate-backfill';
export type {
  DestinationEgress,
  DestinationList,
  DestinationStatus,
  DestinationStatusReport,
  DestinationView,
  EgressGroupsUse,
  TestResult,
} from '../forward/destination-view';
export type { InsightsSummary, Trend } from '../insights/insights-types';
export type { GroupRef } from '../people/group-search';
export type { PersonMatch } from '../people/user-search';
export type { ActivityFilterInput } from '../query/activity-filter';
export type {
  Actor,
  AuditRecord,
  Change,
  Container,
  ObjectRef,
  ParentRef,
  Product,
} from '../record/audit-record';
export type { StorageStatus } from '../retention/storage-types';
export type { Settings, SettingsUpdate, SettingsView } from '../settings/settings';
export type { ErrorCode, ResolverError } from '../admin/resolver-error';
export type { SavedView } from '../saved-views/saved-view-store';
export type { SavedFilter } from '../saved-views/saved-view-payloads';
export type { CatalogueAction, ActionPreset, ActionPresetId } from '../activity/action-catalogue';
export type { Alert, AlertPage, AlertStatus, ChannelState } from '../detect/alert';
export type { BacktestResult } from '../detect/backtest';
export type { ChannelsView } from '../detect/channels';
export type { RuleList } from '../detect/detect-resolvers';
export type { GroupBy, Rule, RuleBody, RuleFilter, Snooze, Threshold, WorkingHours } from '../detect/rule';

export { isResolverError } from '../admin/resolver-error';
export {
  ACTION_CATALOGUE,
  ACTION_PRESETS,
  actionLabel,
  actionObject,
  objectName,
  objectWords,
  presetActions,
} from '../activity/action-catalogue';
export { licenceInactive } from '../admin/licence';
export { DECLARED_EGRESS, isDeclaredHost } from '../forward/egress/declared-egress';
export { accountIdsIn } from '../record/person-values';
