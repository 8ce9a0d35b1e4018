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

/**
 * `source.event` of records the history backfill read from the products' REST history (changelogs,
 * comments, worklogs, content versions). Their ids are the natural ids live capture gives the same
 * changes (src/record/natural-id.ts), so whichever arrives first is the one row.
 */
export const BACKFILL_SOURCE: Readonly<Record<Product, string>> = {
  jira: 'jira-backfill',
  confluence: 'confluence-backfill',
};

export function isImportedSource(sourceEvent: string): boolean {
  return [
    AUDIT_SOURCE.jira,
    AUDIT_SOURCE.confluence,
    BACKFILL_SOURCE.jira,
    BACKFILL_SOURCE.confluence,
  ].includes(sourceEvent);
}
