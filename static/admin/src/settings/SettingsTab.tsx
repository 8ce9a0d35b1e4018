import Spinner from '@atlaskit/spinner';
import { ErrorNotice } from '../ErrorNotice';
import { useHost } from '../host-context';
import { CaptureSettings } from './CaptureSettings';
import { useSettings } from './useSettings';

/** The Settings tab: what Audit Trail records, saved as each choice is made. */
export function SettingsTab() {
  const { product, licenceInactive } = useHost();
  const { state, reload, change, dismissSaveError } = useSettings();

  if (state.status === 'loading') {
    return (
      <div className="loading">
        <Spinner size="large" label="Loading settings" />
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <ErrorNotice
        error={state.error}
        title="Audit Trail could not load its settings"
        product={product}
        onRetry={reload}
      />
    );
  }
  return (
    <div className="settings">
      {state.saveError && (
        <ErrorNotice
          error={state.saveError}
          title="Your change was not saved"
          product={product}
          onDismiss={dismissSaveError}
        />
      )}
      <CaptureSettings
        settings={state.settings}
        onChange={change}
        hostProduct={product}
        readOnly={licenceInactive}
      />
      <p className="status" role="status">
        {state.saving ? 'Saving…' : state.saved ? 'All changes saved.' : ''}
      </p>
    </div>
  );
}
