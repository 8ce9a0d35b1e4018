import { fieldLengths } from '../limits';
import type { AuditRecord, Change, Product } from '../record/audit-record';
import { recordId } from '../record/record-id';
import type { SavedFilter } from './saved-view-payloads';
import { SAVED_VIEW_ACTIONS, SAVED_VIEW_SOURCE } from './view-actions';

export type SavedViewChange = keyof typeof SAVED_VIEW_ACTIONS;

interface ViewState {
  readonly id: string;
  readonly name: string;
  readonly filter: SavedFilter;
}

const value = (text: string): string =>
  text.length <= fieldLengths.changeValue ? text : `${text.slice(0, fieldLengths.changeValue - 1)}…`;

/**
 * The app's own record of a saved view created, changed or deleted, in the log beside the products'
 * events: who, when, which view, and its name and filter before and after. Filed under the product whose
 * admin page it was done on (or the caller's other product), so the admins who can see that product's
 * records see it. Pure: the resolver stores it.
 */
export function savedViewRecord(input: {
  readonly change: SavedViewChange;
  readonly before: ViewState | undefined;
  readonly after: ViewState | undefined;
  readonly accountId: string;
  readonly product: Product;
  readonly nowMs: number;
}): AuditRecord {
  const { change, before, after, accountId, product, nowMs } = input;
  const view = (after ?? before)!;
  const changes: Change[] = [];
  if (before?.name !== after?.name)
    changes.push({ field: 'name', from: before?.name ?? null, to: after?.name ?? null });
  const filterBefore = before ? JSON.stringify(before.filter) : null;
  const filterAfter = after ? JSON.stringify(after.filter) : null;
  if (filterBefore !== filterAfter) {
    changes.push({
      field: 'filter',
      from: filterBefore === null ? null : value(filterBefore),
      to: filterAfter === null ? null : value(filterAfter),
    });
  }
  const action = SAVED_VIEW_ACTIONS[change];
  const time = new Date(nowMs).toISOString();
  return {
    id: recordId([SAVED_VIEW_SOURCE, action, view.id, accountId, nowMs]),
    time,
    receivedAt: time,
    product,
    action,
    actor: { accountId, type: 'user' },
    container: null,
    object: { type: 'saved_view', id: view.id, title: view.name.slice(0, fieldLengths.title) },
    changes,
    source: { event: SAVED_VIEW_SOURCE },
  };
}
