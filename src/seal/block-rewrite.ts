import type { KeyObject } from 'node:crypto';
import { encodeBlock, type BlockContent, type BlockRecord } from '../archive/block-codec';
import { indexBlock, rewriteBlock, type BlockMeta } from '../archive/block-store';
import { summarise } from '../archive/block-summary';
import type { Store } from '../store/database';
import { headerOf, signBlock } from './block-seal';

/**
 * Stores new content for a block that keeps its place in the chain (retention's tombstones,
 * pseudonymisation's erased values): re-encoded, re-summarised and re-signed, its new terms added to the
 * index. Its anchors (`prevHash`, `hash`) are unchanged: the content must still chain from one to the
 * other, which reading it back checks. The caller holds the seal lock, so no other run rewrites the
 * block meanwhile; a run that stops between the rewrite and the index leaves terms missing for the next
 * run of the same step to add (it finds the block by its old terms, which stay listed).
 */
export async function rewriteSealedBlock(
  target: Store,
  meta: BlockMeta,
  content: BlockContent,
  signer: KeyObject,
): Promise<BlockMeta> {
  const present = content.records.filter((r): r is BlockRecord => r !== undefined);
  const summary = summarise(content.records);
  const times = present.map((r) => r.time_ms);
  const fields = {
    blockId: meta.blockId,
    seqTo: meta.seqTo,
    recordCount: present.length,
    removed: content.records.length - present.length,
    // A block left with no records keeps its old times: it matches no query, and goes when it is the oldest.
    timeMin: times.length ? Math.min(...times) : meta.timeMin,
    timeMax: times.length ? Math.max(...times) : meta.timeMax,
    spans: summary.spans,
    prevHash: meta.prevHash,
    hash: meta.hash,
    termsDigest: summary.termsDigest,
  };
  const payload = encodeBlock(content);
  const signature = signBlock(signer, headerOf(fields, summary.bloom));
  await rewriteBlock(target, { ...fields, signature, payload, bloom: summary.bloom });
  await indexBlock(target, meta.blockId, summary.termKeys);
  return {
    ...fields,
    signature,
    state: meta.state,
    stateMs: meta.stateMs,
    payloadBytes: payload.byteLength + summary.bloom.byteLength,
  };
}
