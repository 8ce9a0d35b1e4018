import { invoke } from '@forge/bridge';
import { isResolverError, type ErrorCode } from '../../../src/admin/resolver-error';
import type { ActivityFilterInput } from '../../../src/query/activity-filter';
import type { AuditRecord } from '../../../src/record/audit-record';
import type { SettingsUpdate, SettingsView } from '../../../src/settings/settings';
import type { InsightsSummary } from '../../../src/insights/insights-types';
import type { StorageStatus } from '../../../src/retention/storage-types';
import type { ImportState } from '../../../src/audit-import/import-pass';

/** A page of the log, newest first; `nextCursor` is absent on the last page. */
export interface ActivityPage {
  readonly items: readonly AuditRecord[];
  readonly nextCursor?: string;
}

export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

export interface ContainerFacet extends FacetCount {
  readonly key?: string;
  readonly name?: string;
}

/** What the filtered log holds, per dimension: the pickers' options, with counts. */
export interface Facets {
  readonly from?: string | number;
  readonly to?: string | number;
  readonly actors: readonly FacetCount[];
  readonly actions: readonly FacetCount[];
  readonly products: readonly FacetCount[];
  readonly containers: readonly ContainerFacet[];
}

export type ExportFormat = 'csv' | 'ndjson' | 'json';

export interface ExportChunk {
  readonly chunk: string;
  readonly nextCursor?: string;
  readonly rows: number;
  /** On the first chunk only: about how many rows the whole export holds. */
  readonly estimatedRows?: number;
}

export interface Person {
  readonly displayName: string;
  readonly avatarUrl?: string;
  readonly active?: boolean;
}

export interface PersonMatch extends Person {
  readonly accountId: string;
}

export interface Group {
  readonly name: string;
  readonly id: string;
}

type Paging = { readonly cursor?: string; readonly limit?: number };

/** The resolvers this page calls: what each takes and answers. */
interface Resolvers {
  'settings.get': { readonly payload: Record<string, never>; readonly result: SettingsView };
  'settings.update': { readonly payload: SettingsUpdate; readonly result: SettingsView };
  'activity.query': { readonly payload: ActivityFilterInput & Paging; readonly result: ActivityPage };
  'activity.facets': { readonly payload: ActivityFilterInput; readonly result: Facets };
  'activity.get': { readonly payload: { readonly id: string }; readonly result: AuditRecord };
  'activity.forObject': {
    readonly payload: { readonly objectId: string } & Paging;
    readonly result: ActivityPage;
  };
  'activity.export': {
    readonly payload: {
      readonly filters: ActivityFilterInput;
      readonly format: ExportFormat;
      readonly cursor?: string;
    };
    readonly result: ExportChunk;
  };
  'people.lookup': {
    readonly payload: { readonly accountIds: readonly string[] };
    readonly result: { readonly people: Readonly<Record<string, Person>> };
  };
  'groups.search': { readonly payload: { readonly query: string }; readonly result: readonly Group[] };
  'people.search': { readonly payload: { readonly query: string }; readonly result: readonly PersonMatch[] };
  'insights.summary': {
    readonly payload: { readonly from?: string; readonly to?: string };
    readonly result: InsightsSummary;
  };
  'storage.status': { readonly payload: Record<string, never>; readonly result: StorageStatus };
  'auditImport.status': { readonly payload: Record<string, never>; readonly result: ImportState };
}

/** A refusal from a resolver, or `UNAVAILABLE` when the bridge itself failed (no answer at all). */
export interface ApiError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly field?: string;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/**
 * Calls a resolver. A Forge resolver's `{ error }` answer is returned, not thrown, so both outcomes
 * come back as data; only a failure of the bridge itself (network, rate limit) throws, and that is
 * turned into data here too, so callers have one shape to handle.
 */
export async function call<K extends keyof Resolvers>(
  key: K,
  payload: Resolvers[K]['payload'],
): Promise<Result<Resolvers[K]['result']>> {
  try {
    const answer: unknown = await invoke(key, payload);
    if (isResolverError(answer)) return { ok: false, error: answer.error };
    return { ok: true, value: answer as Resolvers[K]['result'] };
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message.trim() : String(thrown);
    return {
      ok: false,
      error: { code: 'UNAVAILABLE', message: `Audit Trail could not be reached. ${reason}` },
    };
  }
}

export const getSettings = () => call('settings.get', {});
export const updateSettings = (update: SettingsUpdate) => call('settings.update', update);

export const queryActivity = (filter: ActivityFilterInput & Paging) => call('activity.query', filter);
export const activityFacets = (filter: ActivityFilterInput) => call('activity.facets', filter);
export const getRecord = (id: string) => call('activity.get', { id });
export const activityForObject = (objectId: string, cursor?: string) =>
  call('activity.forObject', { objectId, ...(cursor ? { cursor } : {}) });
export const exportChunk = (filters: ActivityFilterInput, format: ExportFormat, cursor?: string) =>
  call('activity.export', { filters, format, ...(cursor ? { cursor } : {}) });
export const lookupPeople = (accountIds: readonly string[]) => call('people.lookup', { accountIds });
export const searchGroups = (query: string) => call('groups.search', { query });
export const searchPeople = (query: string) => call('people.search', { query });
export const insightsSummary = (range: { readonly from?: string; readonly to?: string }) =>
  call('insights.summary', range);
export const storageStatus = () => call('storage.status', {});
export const auditImportStatus = () => call('auditImport.status', {});
