import Spinner from '@atlaskit/spinner';
import { lazy, Suspense } from 'react';

const DestinationsTab = lazy(() => import('./DestinationsTab').then((m) => ({ default: m.DestinationsTab })));

/** The Destinations tab, loaded when first opened: its forms and dialogs are not needed before. */
export function LazyDestinationsTab() {
  return (
    <Suspense
      fallback={
        <div className="loading">
          <Spinner size="large" label="Loading destinations" />
        </div>
      }
    >
      <DestinationsTab />
    </Suspense>
  );
}
