import { randomBytes } from 'node:crypto';
import { adminResolver, emptyPayloadSchema, type Caller } from '../admin/admin-resolver';
import { ResolverFailure } from '../admin/resolver-error';
import type { Product } from '../record/audit-record';
import { insertAuditRecord } from '../store/audit-events';
import { store, type Store } from '../store/database';
import { isDuplicateKey } from '../store/sql-errors';
import { deleteViewPayloadSchema, MAX_SAVED_VIEWS, saveViewPayloadSchema } from './saved-view-payloads';
import { savedViewRecord, type SavedViewChange } from './saved-view-record';
import {
  countSavedViews,
  deleteSavedView,
  findSavedView,
  findSavedViewByName,
  insertSavedView,
  listSavedViews,
  updateSavedView,
  type SavedView,
} from './saved-view-store';

/** What `views.list` answers: every view the site's admins saved, by name. */
export interface SavedViewList {
  readonly items: readonly SavedView[];
}

/** What `views.delete` answers: the view as it was. */
export interface SavedViewDeletion {
  readonly deleted: SavedView;
}

/**
 * Saved views are shared by every admin of the site: any admin lists, opens, changes and deletes them. A
 * view is only a filter, so it grants nothing: opening one runs the normal `activity.query`, which reads
 * only the products its caller administers. Every change is recorded in the audit trail.
 */
export const savedViewResolvers = {
  'views.list': adminResolver(emptyPayloadSchema, async (): Promise<SavedViewList> => ({
    items: await listSavedViews(store()),
  })),

  'views.save': adminResolver(saveViewPayloadSchema, async (input, caller): Promise<SavedView> => {
    const target = store();
    const named = await findSavedViewByName(target, input.name);
    if (named && named.id !== input.id) {
      throw new ResolverFailure('BAD_REQUEST', `A view named “${named.name}” already exists.`, 'name');
    }
    const nowMs = Date.now();
    if (input.id === undefined) {
      if ((await countSavedViews(target)) >= MAX_SAVED_VIEWS) {
        throw new ResolverFailure(
          'BAD_REQUEST',
          `There are already ${MAX_SAVED_VIEWS} saved views; delete one first.`,
        );
      }
      const view = { id: randomBytes(16).toString('hex'), name: input.name, filter: input.filter };
      await sameNameRefused(input.name, insertSavedView(target, view, caller.accountId, nowMs));
      await record(target, caller, 'created', undefined, view, nowMs);
    } else {
      const before = await findSavedView(target, input.id);
      if (!before) throw new ResolverFailure('NOT_FOUND', `No saved view with id ${input.id}.`, 'id');
      const view = { id: input.id, name: input.name, filter: input.filter };
      await sameNameRefused(input.name, updateSavedView(target, view, caller.accountId, nowMs));
      await record(target, caller, 'updated', before, view, nowMs);
    }
    return (await findSavedViewByName(target, input.name))!;
  }),

  'views.delete': adminResolver(
    deleteViewPayloadSchema,
    async ({ id }, caller): Promise<SavedViewDeletion> => {
      const target = store();
      const before = await findSavedView(target, id);
      if (!before) throw new ResolverFailure('NOT_FOUND', `No saved view with id ${id}.`, 'id');
      await deleteSavedView(target, id);
      await record(target, caller, 'deleted', before, undefined, Date.now());
      return { deleted: before };
    },
  ),
};

/** Another admin saved the same name in between: the unique index refuses it, and so does the answer. */
async function sameNameRefused(name: string, write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (isDuplicateKey(error)) {
      throw new ResolverFailure('BAD_REQUEST', `A view named “${name}” already exists.`, 'name');
    }
    throw error;
  }
}

/** The product the record is filed under: the page's, when the caller administers it. */
function productFor(caller: Caller): Product {
  return caller.products.has(caller.product) ? caller.product : [...caller.products][0]!;
}

async function record(
  target: Store,
  caller: Caller,
  change: SavedViewChange,
  before: SavedView | undefined,
  after: { readonly id: string; readonly name: string; readonly filter: SavedView['filter'] } | undefined,
  nowMs: number,
): Promise<void> {
  await insertAuditRecord(
    target,
    savedViewRecord({
      change,
      before,
      after,
      accountId: caller.accountId,
      product: productFor(caller),
      nowMs,
    }),
  );
}
