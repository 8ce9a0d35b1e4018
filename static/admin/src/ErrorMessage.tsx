import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import type { Product } from '@contract';
import type { ApiError } from './api';
import { PRODUCT_NAMES } from './product-names';

interface Props {
  readonly error: ApiError;
  /** What failed, for codes without a message of their own, e.g. "Audit Trail could not load its settings". */
  readonly title: string;
  readonly product: Product | undefined;
  readonly onRetry?: () => void;
  readonly onDismiss?: () => void;
}

/**
 * A resolver's refusal, said the way an admin needs to hear it. The codes are the app's own
 * (src/admin/resolver-error.ts). `role="alert"` so a screen reader announces it when it appears.
 */
export function ErrorMessage({ error, title, product, onRetry, onDismiss }: Props) {
  const retry = onRetry ? (
    <SectionMessageAction onClick={onRetry}>Try again</SectionMessageAction>
  ) : undefined;
  const dismissible = onDismiss ? { isDismissible: true, onDismiss } : {};

  switch (error.code) {
    case 'FORBIDDEN': {
      const admins = product
        ? `${PRODUCT_NAMES[product]} administrators`
        : 'Jira and Confluence administrators';
      return (
        <div role="alert">
          <SectionMessage appearance="warning" title={`Only ${admins} can use Audit Trail`} {...dismissible}>
            <p>Ask an administrator of this site if you need to see its audit trail.</p>
          </SectionMessage>
        </div>
      );
    }
    case 'LICENCE_INACTIVE':
      return (
        <div role="alert">
          <SectionMessage
            appearance="warning"
            title="This change needs an active Audit Trail licence"
            {...dismissible}
          >
            <p>{error.message}</p>
          </SectionMessage>
        </div>
      );
    case 'PREPARING':
      return (
        <div role="alert">
          <SectionMessage
            appearance="information"
            title="Audit Trail is still preparing its database"
            actions={retry}
            {...dismissible}
          >
            <p>This happens once, after the app is installed or updated. Try again in a few minutes.</p>
          </SectionMessage>
        </div>
      );
    default:
      return (
        <div role="alert">
          <SectionMessage appearance="error" title={title} actions={retry} {...dismissible}>
            <p>{error.message}</p>
          </SectionMessage>
        </div>
      );
  }
}
