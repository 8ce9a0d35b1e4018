import { z } from 'zod';
import { adminResolver } from '../admin/admin-resolver';
import { store } from '../store/database';
import { applySettingsUpdate, settingsUpdateSchema, type Settings } from './settings';
import { forgetCachedSettings } from './settings-cache';
import { readSettings, writeSettings } from './settings-store';

export const settingsResolvers = {
  'settings.get': adminResolver(z.object({}).strict(), (): Promise<Settings> => readSettings(store())),

  'settings.update': adminResolver(settingsUpdateSchema, async (update): Promise<Settings> => {
    const target = store();
    const next = applySettingsUpdate(await readSettings(target), update);
    await writeSettings(target, next, new Date());
    forgetCachedSettings();
    return next;
  }),
};
