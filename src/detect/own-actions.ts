import type { AuditRecord, Change, Product } from '../record/audit-record';
import { recordId } from '../record/record-id';
import type { Store } from '../store/database';
import { insertRecords } from '../store/insert-records';
import { OWN_SOURCE } from './evaluate';

/** A change Audit Trail itself made or was asked to make: an alert opened, an alert's status, a rule. */
export interface OwnAction {
  /** `alert.opened`, `alert.acknowledged`, `alert.resolved`, `alert.reopened`, `rule.saved`, `rule.deleted`. */
  readonly action: string;
  /** The admin who asked; absent when the app acted on its own (an alert the evaluation opened). */
  readonly by?: string;
  readonly object: { readonly type: 'alert' | 'rule'; readonly id: string; readonly title: string };
  readonly products: readonly Product[];
  readonly changes?: readonly Change[];
  /** Makes the record's id: the same action on the same thing at the same moment is one record. */
  readonly atMs: number;
}

/**
 * Records the auditor's own actions in the log it keeps, sealed and forwarded like every other record,
 * so a changed rule or a resolved alert is as accountable as a deleted page. One record per product the
 * action concerns: an admin of either product sees what touched theirs.
 */
export async function recordOwnActions(target: Store, actions: readonly OwnAction[]): Promise<void> {
  const records: AuditRecord[] = actions.flatMap((a) =>
    (a.products.length > 0 ? a.products : (['jira'] as const)).map((product) => ({
      id: recordId([OWN_SOURCE, a.action, a.object.id, a.by ?? null, a.atMs, product]),
      time: new Date(a.atMs).toISOString(),
      receivedAt: new Date(a.atMs).toISOString(),
      product,
      action: a.action,
      actor: a.by ? { accountId: a.by, type: 'user' as const } : { accountId: null, type: 'app' as const },
      container: null,
      object: { type: a.object.type, id: a.object.id, title: a.object.title },
      changes: a.changes ?? [],
      source: { event: OWN_SOURCE },
    })),
  );
  if (records.length > 0) await insertRecords(target, records);
}
