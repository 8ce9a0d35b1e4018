import type { Store } from '../store/database';
import type { SavedFilter } from './saved-view-payloads';

/** A saved view as the admin page lists it. */
export interface SavedView {
  readonly id: string;
  readonly name: string;
  readonly filter: SavedFilter;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

interface Row {
  readonly id: string;
  readonly name: string;
  readonly filter: string;
  readonly created_by: string;
  readonly created_ms: number | string | bigint;
  readonly updated_by: string;
  readonly updated_ms: number | string | bigint;
}

const COLUMNS = ['id', 'name', 'filter', 'created_by', 'created_ms', 'updated_by', 'updated_ms'] as const;

/** Names compare without case: "Deletions" and "deletions" are one view to the admins reading the list. */
export const nameKey = (name: string): string => name.toLowerCase();

function toView(row: Row): SavedView {
  return {
    id: row.id,
    name: row.name,
    filter: JSON.parse(row.filter) as SavedFilter,
    createdBy: row.created_by,
    createdAt: new Date(Number(row.created_ms)).toISOString(),
    updatedBy: row.updated_by,
    updatedAt: new Date(Number(row.updated_ms)).toISOString(),
  };
}

/** Every saved view, by name. */
export async function listSavedViews(target: Store): Promise<SavedView[]> {
  const rows = await target.db
    .selectFrom('saved_view')
    .select(COLUMNS)
    .orderBy('name_key')
    .orderBy('id')
    .execute();
  return rows.map(toView);
}

export async function findSavedView(target: Store, id: string): Promise<SavedView | undefined> {
  const row = await target.db
    .selectFrom('saved_view')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toView(row) : undefined;
}

export async function findSavedViewByName(target: Store, name: string): Promise<SavedView | undefined> {
  const row = await target.db
    .selectFrom('saved_view')
    .select(COLUMNS)
    .where('name_key', '=', nameKey(name))
    .executeTakeFirst();
  return row ? toView(row) : undefined;
}

export async function countSavedViews(target: Store): Promise<number> {
  const row = await target.db
    .selectFrom('saved_view')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSavedView(
  target: Store,
  view: { readonly id: string; readonly name: string; readonly filter: SavedFilter },
  by: string,
  nowMs: number,
): Promise<void> {
  await target.db
    .insertInto('saved_view')
    .values({
      id: view.id,
      name: view.name,
      name_key: nameKey(view.name),
      filter: JSON.stringify(view.filter),
      created_by: by,
      created_ms: nowMs,
      updated_by: by,
      updated_ms: nowMs,
    })
    .execute();
}

export async function updateSavedView(
  target: Store,
  view: { readonly id: string; readonly name: string; readonly filter: SavedFilter },
  by: string,
  nowMs: number,
): Promise<void> {
  await target.db
    .updateTable('saved_view')
    .set({
      name: view.name,
      name_key: nameKey(view.name),
      filter: JSON.stringify(view.filter),
      updated_by: by,
      updated_ms: nowMs,
    })
    .where('id', '=', view.id)
    .execute();
}

export async function deleteSavedView(target: Store, id: string): Promise<void> {
  await target.db.deleteFrom('saved_view').where('id', '=', id).execute();
}
