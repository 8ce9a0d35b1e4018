import { PRODUCTS, type Product } from '../../src/record/audit-record';

/** What the tests' direct reads pass as the caller's products: all of them, as a site admin of both. */
export const everyProduct: ReadonlySet<Product> = new Set(PRODUCTS);
