import { z } from 'zod';
import { adminResolver } from '../admin/admin-resolver';
import { requireEveryProduct } from '../admin/product-scope';
import { store } from '../store/database';
import { verifyStoredChain, type StoredChainReport } from './verify-stored-chain';

/** `chain.verify`: where to continue a check that answered `partial`; from the start when absent. */
export const verifyPayloadSchema = z.object({ fromSeq: z.number().int().min(1).optional() }).strict();

export const chainResolvers = {
  /**
   * `{ fromSeq? }` → `{ ok, checked, headSeq, firstBadSeq?, problem?, erased?, erasedCount?, unsigned?, partial?, nextSeq? }`.
   * A long chain is checked within the resolver's 25 s: `partial: true` with `nextSeq` means "call again
   * with `{ fromSeq: nextSeq }`" (ok so far).
   */
  'chain.verify': adminResolver(verifyPayloadSchema, (input, caller): Promise<StoredChainReport> => {
    // One chain holds every product's records, and its report names rows of any of them.
    requireEveryProduct(caller, 'The chain check');
    return verifyStoredChain(store(), input.fromSeq === undefined ? {} : { fromSeq: input.fromSeq });
  }),
};
