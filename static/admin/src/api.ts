import { invoke } from '@forge/bridge';
import {
  isResolverError,
  type ExportFormat,
  type ResolverError,
  type ResolverKey,
  type ResolverPayload,
  type ResolverResult,
  type RuleBody,
} from '@contract';

/** A refusal from a resolver, or `UNAVAILABLE` when the bridge itself failed (no answer at all). */
export type ApiError = ResolverError['error'];

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/**
 * Calls a resolver. A Forge resolver's `{ error }` answer is returned, not thrown, so both outcomes
 * come back as data; only a failure of the bridge itself (network, rate limit) throws, and that is
 * turned into data here too, so callers have one shape to handle.
 */
export async function call<K extends ResolverKey>(
  key: K,
  payload: ResolverPayload<K>,
): Promise<Result<ResolverResult<K>>> {
  try {
    const answer: unknown = await invoke(key, payload);
    if (isResolverError(answer)) return { ok: false, error: answer.error };
    return { ok: true, value: answer as ResolverResult<K> };
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message.trim() : String(thrown);
    return {
      ok: false,
      error: { code: 'UNAVAILABLE', message: `Audit Trail could not be reached. ${reason}` },
    };
  }
}

export const getSettings = () => call('settings.get', {});
export const updateSettings = (update: ResolverPayload<'settings.update'>) => call('settings.update', update);

export const queryActivity = (filter: ResolverPayload<'activity.query'>) => call('activity.query', filter);
export const activityFacets = (filter: ResolverPayload<'activity.facets'>) => call('activity.facets', filter);
export const getRecord = (id: string) => call('activity.get', { id });
export const activityForObject = (objectId: string, cursor?: string) =>
  call('activity.forObject', { objectId, ...(cursor ? { cursor } : {}) });
export const exportChunk = (
  filters: ResolverPayload<'activity.export'>['filters'],
  format: ExportFormat,
  cursor?: string,
) => call('activity.export', { filters, format, ...(cursor ? { cursor } : {}) });
export const lookupPeople = (accountIds: readonly string[]) => call('people.lookup', { accountIds });
export const searchGroups = (query: string) => call('groups.search', { query });
export const searchPeople = (query: string) => call('people.search', { query });
export const insightsSummary = (range: ResolverPayload<'insights.summary'>) =>
  call('insights.summary', range);
export const storageStatus = () => call('storage.status', {});
export const auditImportStatus = () => call('auditImport.status', {});
export const backfillEstimate = (plan: ResolverPayload<'backfill.estimate'>) =>
  call('backfill.estimate', plan);
export const backfillStart = (plan: ResolverPayload<'backfill.start'>) => call('backfill.start', plan);
export const backfillStatus = () => call('backfill.status', {});
export const backfillControl = (key: 'backfill.pause' | 'backfill.resume' | 'backfill.cancel') =>
  call(key, {});
export const listViews = () => call('views.list', {});
export const saveView = (view: ResolverPayload<'views.save'>) => call('views.save', view);
export const deleteView = (id: string) => call('views.delete', { id });
export const listAlerts = (query: ResolverPayload<'alerts.list'>) => call('alerts.list', query);
export const updateAlert = (id: string, status: 'open' | 'acknowledged' | 'resolved') =>
  call('alerts.update', { id, status });
export const listRules = () => call('rules.list', {});
export const saveRule = (rule: ResolverPayload<'rules.save'>) => call('rules.save', rule);
export const deleteRule = (id: string) => call('rules.delete', { id });
export const backtestDraft = (draft: RuleBody) => call('rules.backtest', { draft, days: 30 });
export const alertChannels = (update: ResolverPayload<'alerts.channels'> = {}) =>
  call('alerts.channels', update);
