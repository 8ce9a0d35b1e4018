import type { Product } from '../../../src/record/audit-record';

export const PRODUCT_NAMES: Readonly<Record<Product, string>> = { jira: 'Jira', confluence: 'Confluence' };
