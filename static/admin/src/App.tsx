import Heading from '@atlaskit/heading';
import Spinner from '@atlaskit/spinner';
import { useEffect, useState } from 'react';
import type { Product } from '../../../src/record/audit-record';
import { hostProduct } from './api';
import { ErrorMessage } from './ErrorMessage';
import { CaptureSettings } from './settings/CaptureSettings';
import { useSettings } from './settings/useSettings';

/** The admin page, as `jira:adminPage` and `confluence:globalSettings` show it. */
export function App() {
  const [product, setProduct] = useState<Product | undefined>(undefined);
  const { state, reload, change, dismissSaveError } = useSettings();

  useEffect(() => {
    void hostProduct().then(setProduct);
  }, []);

  return (
    <main className="page">
      <Heading size="xlarge" as="h1">
        Audit Trail
      </Heading>
      {state.status === 'loading' && (
        <div className="loading">
          <Spinner size="large" label="Loading settings" />
        </div>
      )}
      {state.status === 'failed' && (
        <ErrorMessage
          error={state.error}
          title="Audit Trail could not load its settings"
          product={product}
          onRetry={() => void reload()}
        />
      )}
      {state.status === 'ready' && (
        <>
          {state.saveError && (
            <ErrorMessage
              error={state.saveError}
              title="Your change was not saved"
              product={product}
              onDismiss={dismissSaveError}
            />
          )}
          <CaptureSettings settings={state.settings} onChange={change} hostProduct={product} />
          <p className="status" role="status">
            {state.saving ? 'Saving…' : state.saved ? 'All changes saved.' : ''}
          </p>
        </>
      )}
    </main>
  );
}
