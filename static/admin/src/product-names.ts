import type { Product } from '@contract';

export const PRODUCT_NAMES: Readonly<Record<Product, string>> = { jira: 'Jira', confluence: 'Confluence' };
