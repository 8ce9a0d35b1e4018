import type { Store } from '../store/database';
import { upsert } from '../store/upsert';
import { applySettingsUpdate, DEFAULT_SETTINGS, storedSettingsSchema, type Settings } from './settings';

const ROW = 'settings';

/**
 * Reads the settings; a missing row means defaults, and so does any part a stored document lacks
 * (it may have been written by an older version, before that setting existed).
 */
export async function readSettings(target: Store): Promise<Settings> {
  const row = await target.db
    .selectFrom('setting')
    .select('value')
    .where('name', '=', ROW)
    .executeTakeFirst();
  if (!row) return DEFAULT_SETTINGS;
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    console.warn('settings: stored document is not JSON; using defaults');
    return DEFAULT_SETTINGS;
  }
  const parsed = storedSettingsSchema.safeParse(stored);
  if (!parsed.success) {
    console.warn(
      `settings: stored document does not fit (${parsed.error.issues[0]?.message}); using defaults`,
    );
    return DEFAULT_SETTINGS;
  }
  return applySettingsUpdate(DEFAULT_SETTINGS, parsed.data);
}

export async function writeSettings(target: Store, settings: Settings, now: Date): Promise<void> {
  const values = { name: ROW, value: JSON.stringify(settings), updated_ms: now.getTime() };
  const insert = target.db.insertInto('setting').values(values);
  await upsert(target.engine, insert, ['name'], {
    value: values.value,
    updated_ms: values.updated_ms,
  }).execute();
}
