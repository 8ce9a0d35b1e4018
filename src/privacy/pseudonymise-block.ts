import type { BlockContent, BlockRecord } from '../archive/block-codec';
import type { Change } from '../record/audit-record';
import { ACCOUNT_VALUE_ACTIONS } from '../record/account-values';
import type { SealedBlock } from '../seal/block-seal';
import { parseDigests } from '../seal/sealed-record';
import { eraseAccountInChanges, erasedChangePaths } from './pseudonym';

/** An archive block's content with a closed account pseudonymised, and what that took. */
export interface BlockErasure {
  readonly content: BlockContent;
  /** The erasure entries to sign before the block is rewritten, as the live rows get them. */
  readonly erasures: readonly { readonly recordId: string; readonly paths: readonly string[] }[];
  readonly actorRows: number;
  readonly changeRows: number;
  readonly objectRows: number;
}

/**
 * The rewrites the live rows get (src/privacy/pseudonymise.ts), applied to a block's records: the actor
 * becomes the pseudonym, change values naming the account are erased, and with `objectIds` a user
 * object's id (the account) becomes the pseudonym. Each changed record keeps the digests it was sealed
 * with (`erasedDigests`): its erased values no longer recompute them, and the chain commits to them.
 * Undefined when the block does not hold the account. Pure.
 */
export function pseudonymiseBlock(
  block: SealedBlock,
  firstSeq: number,
  accountId: string,
  pseudonym: string,
  objectIds: boolean,
): BlockErasure | undefined {
  const digests = new Map(block.rows.map((row) => [Number(row.seq) - firstSeq, row.seal_digests]));
  const erasedDigests = new Map(block.content.erasedDigests);
  const erasures: { recordId: string; paths: string[] }[] = [];
  let actorRows = 0;
  let changeRows = 0;
  let objectRows = 0;
  const records = block.content.records.map((record, i) => {
    if (record === undefined) return record;
    let next: BlockRecord = record;
    if (record.actor_id === accountId) {
      next = { ...next, actor_id: pseudonym };
      erasures.push({ recordId: record.id, paths: ['actor.accountId'] });
      actorRows += 1;
    }
    const changes = erasedChanges(record, accountId);
    if (changes) {
      next = { ...next, changes: changes.text };
      erasures.push({ recordId: record.id, paths: changes.paths });
      changeRows += 1;
    }
    if (objectIds && record.object_type === 'user' && record.object_id === accountId) {
      next = { ...next, object_id: pseudonym };
      erasures.push({ recordId: record.id, paths: ['object.id'] });
      objectRows += 1;
    }
    if (next !== record) erasedDigests.set(i, { ...parseDigests(digests.get(i) ?? null) });
    return next;
  });
  if (erasures.length === 0) return undefined;
  return {
    content: { records, erasedDigests, tombstones: block.content.tombstones },
    erasures,
    actorRows,
    changeRows,
    objectRows,
  };
}

/** The record's changes with values naming the account erased, and the paths erased; undefined when none. */
function erasedChanges(
  record: BlockRecord,
  accountId: string,
): { readonly text: string; readonly paths: string[] } | undefined {
  if (record.changes === null || !(ACCOUNT_VALUE_ACTIONS as readonly string[]).includes(record.action ?? ''))
    return undefined;
  let changes: Change[];
  try {
    changes = JSON.parse(record.changes) as Change[];
  } catch {
    return undefined;
  }
  const erased = eraseAccountInChanges(changes, accountId);
  if (!erased) return undefined;
  return { text: JSON.stringify(erased), paths: erasedChangePaths(changes, erased) };
}
