import { invoke, view } from '@forge/bridge';
import { isResolverError, type ErrorCode } from '../../../src/admin/resolver-error';
import type { Product } from '../../../src/record/audit-record';
import type { Settings, SettingsUpdate } from '../../../src/settings/settings';

/** The resolvers this page calls: what each takes and answers (DESIGN.md, "Resolver keys"). */
interface Resolvers {
  'settings.get': { readonly payload: Record<string, never>; readonly result: Settings };
  'settings.update': { readonly payload: SettingsUpdate; readonly result: Settings };
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

/**
 * Which product shows the page: `jira:adminPage` or `confluence:globalSettings` (one resource serves
 * both, see manifest.yml). Undefined when the host does not say; the page then words things for both.
 */
export async function hostProduct(): Promise<Product | undefined> {
  try {
    const context = await view.getContext();
    const type: unknown = context.extension.type;
    if (typeof type !== 'string') return undefined;
    if (type.startsWith('confluence:')) return 'confluence';
    if (type.startsWith('jira:')) return 'jira';
    return undefined;
  } catch {
    return undefined;
  }
}
