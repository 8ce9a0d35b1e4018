import { adminResolver, emptyPayloadSchema, type Caller } from '../admin/admin-resolver';
import { administersEveryProduct, requireEveryProduct, requireProduct } from '../admin/product-scope';
import { PRODUCTS } from '../record/audit-record';
import { store } from '../store/database';
import {
  applySettingsUpdate,
  settingsUpdateSchema,
  type Settings,
  type SettingsUpdate,
  type SettingsView,
} from './settings';
import { forgetCachedSettings } from './settings-cache';
import { readSettings, writeSettings } from './settings-store';

export const settingsResolvers = {
  'settings.get': adminResolver(emptyPayloadSchema, async (_input, caller): Promise<SettingsView> =>
    viewFor(await readSettings(store()), caller),
  ),

  'settings.update': adminResolver(settingsUpdateSchema, async (update, caller): Promise<SettingsView> => {
    checkRights(update, caller);
    const target = store();
    const next = applySettingsUpdate(await readSettings(target), update);
    await writeSettings(target, next, new Date());
    forgetCachedSettings();
    return viewFor(next, caller);
  }),
};

/**
 * A product's capture settings are its admins' to change; retention and the storage budget decide what
 * is kept of every product's records, so they are for admins of every product on the site. The whole
 * update is refused (naming the field) before anything is written.
 */
function checkRights(update: SettingsUpdate, caller: Caller): void {
  for (const part of ['ugc', 'views'] as const) {
    for (const product of PRODUCTS) {
      if (update[part]?.[product] !== undefined) requireProduct(caller, product, `${part}.${product}`);
    }
  }
  const retention = update.retention;
  if (retention !== undefined) {
    const [field] = Object.keys(retention).filter(
      (k) => retention[k as keyof typeof retention] !== undefined,
    );
    if (field !== undefined) requireEveryProduct(caller, 'Retention', `retention.${field}`);
  }
}

/** The settings as the caller may see them: only the products they administer. */
function viewFor(settings: Settings, caller: Caller): SettingsView {
  const mine = PRODUCTS.filter((p) => caller.products.has(p));
  const pick = <T>(values: Readonly<Record<string, T>>) =>
    Object.fromEntries(mine.map((p) => [p, values[p]])) as Partial<Record<(typeof mine)[number], T>>;
  return {
    ugc: pick(settings.ugc),
    views: pick(settings.views),
    retention: settings.retention,
    products: mine,
    siteWide: administersEveryProduct(caller),
  };
}
