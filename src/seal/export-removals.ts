import type { BlockMeta } from '../archive/block-store';
import type { Store } from '../store/database';
import type { BlockKeys } from './block-seal';
import { readSealedBlock } from './read-sealed';
import { removalLines, type RemovalLine } from './removal-line';

/**
 * The signed removal lines of one block, newest first: its runs of tombstoned seqs. The block is read back
 * and checked first (its signature covers its tombstones; a block that fails throws `BlockAltered`), so
 * the app signs only removals it recorded itself. None when the block is gone (dropped meanwhile: its
 * seqs are then in the signed pruned prefix).
 */
export async function signedRemovals(
  target: Store,
  meta: BlockMeta,
  keys: BlockKeys,
): Promise<RemovalLine[]> {
  if (!keys.signer) throw new Error('seal: the signing key is missing; removals cannot be signed');
  const block = await readSealedBlock(target, meta, keys);
  return block ? removalLines(keys.signer, block.removed).reverse() : [];
}
