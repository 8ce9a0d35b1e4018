import type { Product } from '../record/audit-record';

/**
 * `source.event` of records imported from the products' own audit logs (see `AuditRecord.source`), as
 * opposed to the `avi:…` product events. Insights use it to tell a day the app captured from one that
 * only holds imported history.
 */
export const AUDIT_SOURCE: Readonly<Record<Product, string>> = {
  jira: 'jira-audit',
  confluence: 'confluence-audit',
};

export function isImportedSource(sourceEvent: string): boolean {
  return sourceEvent === AUDIT_SOURCE.jira || sourceEvent === AUDIT_SOURCE.confluence;
}
