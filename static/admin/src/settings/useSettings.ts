import { useCallback, useEffect, useRef, useState } from 'react';
import type { SettingsView } from '@contract';
import { getSettings, updateSettings, type ApiError } from '../api';
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

/**
 * Loads the settings, and saves each change optimistically: the page shows it at once, and puts the
 * field back (with the reason) if the server refuses it. Saves go one at a time, in order, because
 * `settings.update` reads and then writes: two at once could each overwrite the other's field.
 */
export function useSettings() {
  const [state, setState] = useState<SettingsState>({ status: 'loading' });
  const confirmed = useRef<SettingsView | undefined>(undefined);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const inFlight = useRef(0);

  const load = useCallback(async () => {
    setState({ status: 'loading' });
    const result = await getSettings();
    if (result.ok) {
      confirmed.current = result.value;
      setState({ status: 'ready', settings: result.value, saving: false });
    } else {
      setState({ status: 'failed', error: result.error });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const save = useCallback(async (change: CaptureChange) => {
    const result = await updateSettings(toUpdate(change));
    inFlight.current -= 1;
    const saving = inFlight.current > 0;
    if (result.ok) {
      confirmed.current = result.value;
      // While later changes are still on their way, the page already shows them: keep it as it is.
      setState((s) =>
        s.status !== 'ready'
          ? s
          : { ...s, saving, saved: !saving && !s.saveError, settings: saving ? s.settings : result.value },
      );
    } else {
      const base = confirmed.current;
      setState((s) =>
        s.status !== 'ready' || !base
          ? s
          : {
              ...s,
              saving,
              saved: false,
              settings: applyChange(s.settings, undoChange(change, base)),
              saveError: result.error,
            },
      );
    }
  }, []);

  const change = useCallback(
    (next: CaptureChange) => {
      inFlight.current += 1;
      setState((s) =>
        s.status !== 'ready' ? s : { status: 'ready', saving: true, settings: applyChange(s.settings, next) },
      );
      queue.current = queue.current.then(() => save(next));
    },
    [save],
  );

  const dismissSaveError = useCallback(() => {
    setState((s) => (s.status !== 'ready' ? s : { status: 'ready', settings: s.settings, saving: s.saving }));
  }, []);

  return { state, reload: load, change, dismissSaveError };
}
