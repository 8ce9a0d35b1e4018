import { asUser, route } from '@forge/api';
import { PRODUCTS, type Product } from '../record/audit-record';

/**
 * What the calling user may do with one product: administer it, not, or nothing at all because the
 * product is not on the site (the app's Confluence compatibility is optional, and a site without
 * Confluence answers its REST paths with 404).
 */
export type ProductRight = 'admin' | 'not-admin' | 'absent';

/**
 * Whether the calling user administers `product`, asked of the product as that user on every call (an
 * admin whose rights were revoked a minute ago must not keep access from a cache). Jira: the ADMINISTER
 * global permission. Confluence: the "administer" application operation of the current user, which only
 * Confluence administrators have.
 */
export async function rightIn(product: Product): Promise<ProductRight> {
  if (product === 'jira') {
    const response = await asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`);
    if (!response.ok) return response.status === 404 ? 'absent' : 'not-admin';
    const body = (await response.json()) as { permissions?: { ADMINISTER?: { havePermission?: unknown } } };
    return body.permissions?.ADMINISTER?.havePermission === true ? 'admin' : 'not-admin';
  }
  const response = await asUser().requestConfluence(route`/wiki/rest/api/user/current?expand=operations`);
  if (!response.ok) return response.status === 404 ? 'absent' : 'not-admin';
  const body = (await response.json()) as { operations?: { operation?: unknown; targetType?: unknown }[] };
  const admin = (body.operations ?? []).some(
    (op) => op.operation === 'administer' && op.targetType === 'application',
  );
  return admin ? 'admin' : 'not-admin';
}

/** The caller's rights in every product, asked of both at once. */
export interface ProductRights {
  /** The products the caller administers. */
  readonly products: ReadonlySet<Product>;
  /** The products on the site: what "every product" means for site-wide settings. */
  readonly installed: ReadonlySet<Product>;
}

export async function callerRights(): Promise<ProductRights> {
  const rights = await Promise.all(
    PRODUCTS.map(async (product) => [product, await rightIn(product)] as const),
  );
  return {
    products: new Set(rights.filter(([, right]) => right === 'admin').map(([product]) => product)),
    installed: new Set(rights.filter(([, right]) => right !== 'absent').map(([product]) => product)),
  };
}
