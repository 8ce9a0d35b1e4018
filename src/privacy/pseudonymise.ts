import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Change } from '../record/audit-record';
import { recordErasures } from '../seal/erasure-store';
import { sealLease } from '../seal/seal-state';
import { acquireLease, releaseLease } from '../store/lease';
import { readBudgets } from '../limits';
import { changedRows } from '../store/affected-rows';
import type { Store } from '../store/database';
import { answerBytes, groupsWithin } from '../store/rows-within-bytes';
import { ACCOUNT_VALUE_ACTIONS } from '../record/account-values';
import { pseudonymiseArchive } from './pseudonymise-archive';
import {
  eraseAccountInChanges,
  erasedChangePaths,
  pseudonymOf,
  sealAcceptsObjectIdErasure,
} from './pseudonym';

/** What pseudonymising one closed account changed, and what it had to leave. */
export interface ErasureResult {
  readonly pseudonym: string;
  /** Records whose actor it was (live rows and archived records alike, as for the two counts below). */
  readonly actorRows: number;
  /** Records about the account (user events, relations naming it) whose object id was replaced. */
  readonly objectRows: number;
  /** Records whose change values named the account; those values are erased (null). */
  readonly changeRows: number;
  readonly rollupRows: number;
  readonly tokenRows: number;
  /**
   * Sealed records whose object id is the account's, left as they are: the chain commits to object ids
   * by value, so replacing one would read as tampering (see `sealAcceptsObjectIdErasure`).
   */
  readonly heldSealed: number;
  /** Archive blocks rewritten because they held the account. */
  readonly blocks: number;
  /** Nothing was changed: the seal lock was busy (sealing or retention held it). Retry. */
  readonly retry: boolean;
}

/** Rows changed per statement. */
const CHUNK = 500;
/** How long the seal lock is taken for; each chunk of erasure entries extends it (recordErasures). */
const SEAL_LOCK_MS = 60_000;

/**
 * Pseudonymises a closed account in every table, in place, idempotently (a second
 * run finds nothing left to change):
 * - archive blocks holding the account: the same, rewritten and signed again
 *   (src/privacy/pseudonymise-archive.ts);
 * - audit_event: the actor id everywhere (the chain reads a pseudonym there as "erased", not tampered,
 *   because a signed erasure entry is stored for each record first: src/seal/erasure.ts);
 *   change values that name the account are erased (null); the object id of records *about* the
 *   account (user events, relations) where the chain allows it (unsealed rows: the seal lock is held
 *   throughout, so sealing cannot hash the old value and see the new one);
 * - insight_actor_day: the actor, merging with rows the pseudonym already has;
 * - pull_token: who created the token;
 * - personal_account: the account is forgotten (nothing identifying is left to report).
 */
export async function pseudonymiseAccount(
  target: Store,
  key: Buffer,
  accountId: string,
): Promise<ErasureResult> {
  const pseudonym = pseudonymOf(key, accountId);
  // Erasure entries are counted in the signed checkpoint, which has one writer at a time: hold the seal
  // lock throughout (sealing waits a cycle); when sealing holds it, change nothing and retry next time.
  const owner = `privacy-${randomUUID()}`;
  const now = Date.now();
  if (!(await acquireLease(target, sealLease(target), owner, now, SEAL_LOCK_MS)).acquired) {
    const none = {
      actorRows: 0,
      changeRows: 0,
      rollupRows: 0,
      tokenRows: 0,
      objectRows: 0,
      heldSealed: 0,
      blocks: 0,
    };
    return { pseudonym, ...none, retry: true };
  }
  try {
    const rollupRows = await renameRollupActor(target, accountId, pseudonym);
    const actorRows = await replaceActor(target, owner, accountId, pseudonym);
    const changeRows = await eraseChangeValues(target, owner, accountId);
    const objects = await replaceObjectIds(target, owner, accountId, pseudonym);
    const archive = await pseudonymiseArchive(
      target,
      owner,
      accountId,
      pseudonym,
      sealAcceptsObjectIdErasure(pseudonym),
    );
    const tokens = await target.db
      .updateTable('pull_token')
      .set({ created_by: pseudonym })
      .where('created_by', '=', accountId)
      .executeTakeFirst();
    await target.db.deleteFrom('personal_account').where('account_id', '=', accountId).execute();
    return {
      pseudonym,
      actorRows: actorRows + archive.actorRows,
      changeRows: changeRows + archive.changeRows,
      rollupRows,
      tokenRows: changedRows(tokens),
      objectRows: objects.objectRows + archive.objectRows,
      heldSealed: objects.heldSealed,
      blocks: archive.blocks,
      retry: false,
    };
  } finally {
    await releaseLease(target, sealLease(target), owner);
  }
}

async function replaceActor(
  target: Store,
  owner: string,
  accountId: string,
  pseudonym: string,
): Promise<number> {
  let changed = 0;
  for (;;) {
    const ids = await target.db
      .selectFrom('audit_event')
      .select('id')
      .where('actor_id', '=', accountId)
      .limit(CHUNK)
      .execute();
    if (ids.length === 0) return changed;
    await recordErasures(
      target,
      owner,
      ids.map((r) => ({ recordId: r.id, paths: ['actor.accountId'] })),
    );
    const result = await target.db
      .updateTable('audit_event')
      .set({ actor_id: pseudonym })
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .where('actor_id', '=', accountId)
      .executeTakeFirst();
    changed += changedRows(result);
  }
}

/**
 * Change values naming the account, page by page in id order: the matching rows' ids with size estimates,
 * then their `changes` in groups that fit one SQL answer (a row's changes can be ~100 KB, and Forge SQL
 * answers at most 4 MiB: FD:limits-sql).
 */
async function eraseChangeValues(target: Store, owner: string, accountId: string): Promise<number> {
  let changed = 0;
  let after = '';
  for (;;) {
    const keys = await target.db
      .selectFrom('audit_event')
      .select(['id', answerBytes().as('size')])
      .where('action', 'in', [...ACCOUNT_VALUE_ACTIONS])
      .where(containing('changes', accountId))
      .where('id', '>', after)
      .orderBy('id')
      .limit(CHUNK)
      .execute();
    for (const group of groupsWithin(keys, readBudgets.rowFetchBytes)) {
      const rows = await target.db
        .selectFrom('audit_event')
        .select(['id', 'changes'])
        .where(
          'id',
          'in',
          group.map((key) => key.id),
        )
        .execute();
      for (const row of rows) {
        if (await eraseInRow(target, owner, row, accountId)) changed += 1;
      }
    }
    if (keys.length < CHUNK) return changed;
    after = keys[keys.length - 1]!.id;
  }
}

async function eraseInRow(
  target: Store,
  owner: string,
  row: { readonly id: string; readonly changes: string | null },
  accountId: string,
): Promise<boolean> {
  if (row.changes === null) return false;
  let changes: Change[];
  try {
    changes = JSON.parse(row.changes) as Change[];
  } catch {
    return false;
  }
  const erased = eraseAccountInChanges(changes, accountId);
  if (!erased) return false;
  await recordErasures(target, owner, [{ recordId: row.id, paths: erasedChangePaths(changes, erased) }]);
  await target.db
    .updateTable('audit_event')
    .set({ changes: JSON.stringify(erased) })
    .where('id', '=', row.id)
    .execute();
  return true;
}

/**
 * Records about the account: `user.*` events (object id = the account, also their trail id) and
 * relations whose id embeds `user/<account>`.
 */
async function replaceObjectIds(
  target: Store,
  owner: string,
  accountId: string,
  pseudonym: string,
): Promise<{ objectRows: number; heldSealed: number }> {
  const sealedToo = sealAcceptsObjectIdErasure(pseudonym);
  const userRows = () =>
    target.db
      .selectFrom('audit_event')
      .select(['id', 'seq', 'object_id'])
      .where('trail_id', '=', accountId)
      .where('object_type', '=', 'user');
  const relationRows = () =>
    target.db
      .selectFrom('audit_event')
      .select(['id', 'seq', 'object_id'])
      .where('action', 'in', ['relation.created', 'relation.deleted'])
      .where(containing('object_id', `user/${accountId}`));
  const found = [...(await userRows().execute()), ...(await relationRows().execute())];
  const changeable = found.filter((r) => sealedToo || r.seq === null);
  const heldSealed = found.length - changeable.length;
  if (changeable.length === 0) return { objectRows: 0, heldSealed };

  let objectRows = 0;
  await recordErasures(
    target,
    owner,
    changeable.map((row) => ({ recordId: row.id, paths: ['object.id'] })),
  );
  for (const row of changeable) {
    const objectId = (row.object_id ?? '').split(accountId).join(pseudonym);
    let update = target.db
      .updateTable('audit_event')
      .set((eb) => ({
        object_id: objectId,
        // A user event's trail is the user; a relation's is its page or space, which stays.
        trail_id: eb.case().when('trail_id', '=', accountId).then(pseudonym).else(eb.ref('trail_id')).end(),
      }))
      .where('id', '=', row.id);
    if (!sealedToo) update = update.where('seq', 'is', null);
    objectRows += changedRows(await update.executeTakeFirst());
  }
  // A row sealed between the read and the update (a lock that lapsed) was left as it is: count it as held.
  return { objectRows, heldSealed: heldSealed + (changeable.length - objectRows) };
}

/**
 * insight_actor_day: the account's rows become the pseudonym's. Where the pseudonym already has a row
 * for that day and product (records rolled up after an earlier, partial erasure), the counts merge.
 */
async function renameRollupActor(target: Store, accountId: string, pseudonym: string): Promise<number> {
  const rows = await target.db
    .selectFrom('insight_actor_day')
    .selectAll()
    .where('actor_id', '=', accountId)
    .execute();
  if (rows.length === 0) return 0;
  const existing = await target.db
    .selectFrom('insight_actor_day')
    .select(['day', 'product'])
    .where('actor_id', '=', pseudonym)
    .execute();
  const taken = new Set(existing.map((r) => `${r.day}|${r.product}`));
  for (const row of rows) {
    if (taken.has(`${row.day}|${row.product}`)) {
      // Delete first: if the run stops between the two, a count is lost rather than doubled.
      await target.db
        .deleteFrom('insight_actor_day')
        .where('day', '=', row.day)
        .where('product', '=', row.product)
        .where('actor_id', '=', accountId)
        .execute();
      await target.db
        .updateTable('insight_actor_day')
        .set({ events: sql<number>`${sql.ref('events')} + ${Number(row.events)}` })
        .where('day', '=', row.day)
        .where('product', '=', row.product)
        .where('actor_id', '=', pseudonym)
        .execute();
    } else {
      await target.db
        .updateTable('insight_actor_day')
        .set({ actor_id: pseudonym })
        .where('day', '=', row.day)
        .where('product', '=', row.product)
        .where('actor_id', '=', accountId)
        .execute();
    }
  }
  return rows.length;
}

/**
 * `column LIKE '%text%'`, with `%` and `_` in `text` matching literally. The escape character is named
 * (`!`): SQLite has no default one, and a backslash would need different quoting in each engine.
 */
function containing(column: 'changes' | 'object_id', text: string) {
  const pattern = `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return sql<boolean>`${sql.ref(column)} LIKE ${pattern} ESCAPE '!'`;
}
