import { PRODUCTS, type Product } from '../record/audit-record';
import type { Caller } from './admin-resolver';
import { ResolverFailure } from './resolver-error';

/**
 * Per-product access: a caller reads and changes a product's records, settings, destinations and
 * insights only if they administer that product. Records are scoped where their queries are built
 * (src/activity/resolve-filter.ts); these are the rules the other resolvers share.
 */

const NAMES: Readonly<Record<Product, string>> = { jira: 'Jira', confluence: 'Confluence' };

/**
 * The products a read may cover: those asked for (every product when none are), less those the caller
 * does not administer. `undefined` when nothing narrows: every product is asked for and permitted.
 */
export function scopeProducts(
  requested: readonly Product[] | undefined,
  permitted: ReadonlySet<Product>,
): readonly Product[] | undefined {
  if (PRODUCTS.every((p) => permitted.has(p))) return requested;
  return (requested ?? PRODUCTS).filter((p) => permitted.has(p));
}

/** Whether the caller administers every product on the site (what site-wide changes need). */
export function administersEveryProduct(caller: Caller): boolean {
  return [...caller.installed].every((p) => caller.products.has(p));
}

/**
 * Site-wide things (retention and the storage budget, the chain check, pull tokens: a token reads every
 * product's records) cover every product's records, so only an admin of every product on the site may
 * use them.
 */
export function requireEveryProduct(caller: Caller, what: string, field?: string): void {
  if (administersEveryProduct(caller)) return;
  const needed = [...caller.installed].map((p) => NAMES[p]).join(' and ');
  throw new ResolverFailure(
    'FORBIDDEN',
    `${field ? `${field}: ` : ''}${what} covers every product, so only administrators of ${needed} can use it.`,
    field,
  );
}

/** Refuses a change to a product the caller does not administer, naming the field. */
export function requireProduct(caller: Caller, product: Product, field: string): void {
  if (!caller.products.has(product)) {
    throw new ResolverFailure(
      'FORBIDDEN',
      `${field}: only ${NAMES[product]} administrators can change this.`,
      field,
    );
  }
}
