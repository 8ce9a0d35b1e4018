import type { Product, Settings, SettingsUpdate, SettingsView } from '@contract';

/**
 * One change an admin makes on the page: one setting, for one product. Kept this small so that
 * applying it, sending it and undoing it are each a line, and two quick changes never undo each other.
 *
 * (The app's `applySettingsUpdate` is not imported: its module builds zod schemas at load time, which
 * would put zod in the bundle.)
 */
export type CaptureChange =
  | { readonly setting: 'ugc'; readonly product: Product; readonly value: Settings['ugc'][Product] }
  | { readonly setting: 'views'; readonly product: Product; readonly value: boolean };

export function applyChange(settings: SettingsView, change: CaptureChange): SettingsView {
  switch (change.setting) {
    case 'ugc':
      return { ...settings, ugc: { ...settings.ugc, [change.product]: change.value } };
    case 'views':
      return { ...settings, views: { ...settings.views, [change.product]: change.value } };
  }
}

/** The `settings.update` payload: only the one field, so it cannot overwrite anything else. */
export function toUpdate(change: CaptureChange): SettingsUpdate {
  switch (change.setting) {
    case 'ugc':
      return { ugc: { [change.product]: change.value } };
    case 'views':
      return { views: { [change.product]: change.value } };
  }
}

/**
 * The change that puts the same field back to what the server last confirmed. The page offers only the
 * products the server listed, whose fields it always sends; the defaults are for the type checker.
 */
export function undoChange(change: CaptureChange, confirmed: SettingsView): CaptureChange {
  switch (change.setting) {
    case 'ugc':
      return { ...change, value: confirmed.ugc[change.product] ?? 'stored' };
    case 'views':
      return { ...change, value: confirmed.views[change.product] ?? false };
  }
}
