import SectionMessage from '@atlaskit/section-message';
import type { Product } from '@contract';
import { PRODUCT_NAMES } from './product-names';

/**
 * At the top of the admin page while the Marketplace licence is not active: what still works and what
 * waits for a renewal (README, "Licensing"). Loaded only then, like every section message on this page.
 */
export function LicenceBanner({ product }: { readonly product: Product | undefined }) {
  const where = product ? `${PRODUCT_NAMES[product]} administration` : 'your site administration';
  return (
    <div className="licence-banner" role="status">
      <SectionMessage
        appearance="warning"
        title="Your Audit Trail licence is not active: Audit Trail is read-only"
      >
        <p>
          Activity is still recorded, sealed and sent to your SIEM destinations, and everything stored can be
          searched, verified and exported. Settings, destinations and pull API tokens cannot be changed until
          the licence is renewed (Manage apps, in {where}); revoking a token or deleting a destination still
          works.
        </p>
      </SectionMessage>
    </div>
  );
}
