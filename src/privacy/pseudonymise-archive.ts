import { blocksOfTerms, forgetTerms, listBlocks } from '../archive/block-store';
import { termKey } from '../archive/block-terms';
import { BlockAltered } from '../seal/block-seal';
import { rewriteSealedBlock } from '../seal/block-rewrite';
import { recordErasures } from '../seal/erasure-store';
import { blockKeys, readSealedBlock } from '../seal/read-sealed';
import { signingKey } from '../seal/signing-key';
import type { Store } from '../store/database';
import { pseudonymiseBlock } from './pseudonymise-block';

/** What pseudonymising one account changed in the archive. */
export interface ArchiveErasure {
  readonly actorRows: number;
  readonly changeRows: number;
  readonly objectRows: number;
  /** Blocks rewritten. */
  readonly blocks: number;
  /** Blocks that failed their checks, left as they are (rewriting would sign what the app did not seal). */
  readonly altered: number;
}

/**
 * Pseudonymises a closed account inside the archive blocks that hold it, found through the term index
 * (as actor `a:`, and as a user object or a named value `u:` / `t:`): each block is read back and checked,
 * the erasure entries for its records are signed and stored first (as for live rows), then the block is
 * rewritten and signed again (src/seal/block-rewrite.ts). Verification then reads those records as
 * erased. The caller holds the seal lock as `owner`. Once every block is done, the account's terms
 * leave the index. Idempotent: a block already rewritten no longer holds the account and is left.
 */
export async function pseudonymiseArchive(
  target: Store,
  owner: string,
  accountId: string,
  pseudonym: string,
  objectIds: boolean,
): Promise<ArchiveErasure> {
  const result = { actorRows: 0, changeRows: 0, objectRows: 0, blocks: 0, altered: 0 };
  // A user object's id (and so its trail) keeps the account when sealing does not let it change.
  const terms = [`a:${accountId}`, ...(objectIds ? [`u:${accountId}`, `t:${accountId}`] : [])].map(termKey);
  const searched = objectIds ? terms : [...terms, termKey(`u:${accountId}`), termKey(`t:${accountId}`)];
  const listed = new Set([...(await blocksOfTerms(target, searched)).values()].flatMap((s) => [...s]));
  if (listed.size === 0) return result;
  const blocks = (await listBlocks(target)).filter((b) => listed.has(b.blockId));
  const [keys, signer] = await Promise.all([blockKeys(), signingKey()]);
  for (const meta of blocks) {
    let block;
    try {
      block = await readSealedBlock(target, meta, keys);
    } catch (error) {
      if (!(error instanceof BlockAltered)) throw error;
      console.error(`privacy: ${error.message}; the block is left as it is`);
      result.altered += 1;
      continue;
    }
    const erasure = block && pseudonymiseBlock(block, meta.blockId, accountId, pseudonym, objectIds);
    if (!erasure) continue;
    await recordErasures(target, owner, erasure.erasures);
    await rewriteSealedBlock(target, meta, erasure.content, signer);
    result.actorRows += erasure.actorRows;
    result.changeRows += erasure.changeRows;
    result.objectRows += erasure.objectRows;
    result.blocks += 1;
  }
  if (result.altered === 0) await forgetTerms(target, terms);
  return result;
}
