import { useCallback, useRef, useState } from 'react';
import type { SettingsView } from '@contract';
import { getSettings, updateSettings, type ApiError } from '../api';
import { useResolver } from '../resolver/use-resolver';
import { applyChange, toUpdate, undoChange, type CaptureChange } from './capture-change';

export type SettingsState =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly error: ApiError }
  | {
      readonly status: 'ready';
      /** What the page shows: the server's settings plus the changes still being saved. */
      readonly settings: SettingsView;
      readonly saving: boolean;
      /** Every change made so far has been saved (false until the first one). */
      readonly saved?: boolean;
      /** Why the last change was not saved (it has been undone on the page). */
      readonly saveError?: ApiError;
    };

/** The changes made since the settings were loaded, and what became of them. */
interface Edited {
  /** The loaded settings they were made on: a reload starts over. */
  readonly loaded: SettingsView;
  /** The server's settings after its last accepted change. */
  readonly confirmed: SettingsView;
  readonly settings: SettingsView;
  readonly saving: boolean;
  readonly saved?: boolean;
  readonly saveError?: ApiError;
}

const unedited = (loaded: SettingsView): Edited => ({
  loaded,
  confirmed: loaded,
  settings: loaded,
  saving: false,
});

/**
 * Loads the settings, and saves each change optimistically: the page shows it at once, and puts the
 * field back (with the reason) if the server refuses it. Saves go one at a time, in order, because
 * `settings.update` reads and then writes: two at once could each overwrite the other's field.
 */
export function useSettings() {
  const load = useResolver(getSettings, 'settings');
  const loaded = load.state === 'ready' ? load.value : undefined;
  const [edited, setEdited] = useState<Edited | undefined>(undefined);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const inFlight = useRef(0);

  const save = useCallback(async (change: CaptureChange) => {
    const result = await updateSettings(toUpdate(change));
    inFlight.current -= 1;
    const saving = inFlight.current > 0;
    setEdited((s) => {
      if (!s) return s;
      // While later changes are still on their way, the page already shows them: keep it as it is.
      if (result.ok)
        return {
          ...s,
          confirmed: result.value,
          saving,
          saved: !saving && !s.saveError,
          settings: saving ? s.settings : result.value,
        };
      return {
        ...s,
        saving,
        saved: false,
        settings: applyChange(s.settings, undoChange(change, s.confirmed)),
        saveError: result.error,
      };
    });
  }, []);

  const change = useCallback(
    (next: CaptureChange) => {
      if (!loaded) return;
      inFlight.current += 1;
      setEdited((s) => {
        const base = s?.loaded === loaded ? s : unedited(loaded);
        return {
          loaded,
          confirmed: base.confirmed,
          saving: true,
          settings: applyChange(base.settings, next),
        };
      });
      queue.current = queue.current.then(() => save(next));
    },
    [loaded, save],
  );

  const dismissSaveError = useCallback(() => {
    setEdited((s) =>
      s ? { loaded: s.loaded, confirmed: s.confirmed, settings: s.settings, saving: s.saving } : s,
    );
  }, []);

  let state: SettingsState;
  if (load.state === 'failed') state = { status: 'failed', error: load.error };
  else if (!loaded) state = { status: 'loading' };
  else {
    const {
      loaded: _loaded,
      confirmed: _confirmed,
      ...shown
    } = edited?.loaded === loaded ? edited : unedited(loaded);
    state = { status: 'ready', ...shown };
  }
  return { state, reload: load.reload, change, dismissSaveError };
}
