import type { Store } from '../store/database';
import type { Settings } from './settings';
import { readSettings } from './settings-store';

/**
 * Capture needs the settings for every event (views on? UGC stored?). Reading them per event would
 * double the SQL requests on the hot path, so a warm function keeps them for a short while: a change
 * made in the admin page reaches every warm function within this time.
 */
export const SETTINGS_CACHE_MS = 60_000;

let cached: { readonly store: Store; readonly settings: Settings; readonly until: number } | undefined;

export async function cachedSettings(target: Store, now = Date.now()): Promise<Settings> {
  if (cached && cached.store === target && cached.until > now) return cached.settings;
  const settings = await readSettings(target);
  cached = { store: target, settings, until: now + SETTINGS_CACHE_MS };
  return settings;
}

/** After this function itself wrote new settings, its own cache must not serve the old ones. */
export function forgetCachedSettings(): void {
  cached = undefined;
}
