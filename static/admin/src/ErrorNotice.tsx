import { lazy, Suspense, type ComponentProps } from 'react';

const ErrorMessage = lazy(() => import('./ErrorMessage').then((m) => ({ default: m.ErrorMessage })));

/**
 * `ErrorMessage`, loaded the first time something goes wrong: its section message brings Atlaskit's
 * tooltip and popper along, which a page that works never needs. Until it arrives (a moment), the
 * resolver's own message is shown, as an alert.
 */
export function ErrorNotice(props: ComponentProps<typeof ErrorMessage>) {
  return (
    <Suspense fallback={<p role="alert">{props.error.message}</p>}>
      <ErrorMessage {...props} />
    </Suspense>
  );
}
