import type { AuditRecord } from '../record/audit-record';
import type { Store } from '../store/database';
import { decodeBlock } from './block-codec';
import { blockBound } from './block-choice';
import { listBlocks, readBlooms, readPayloads } from './block-store';
import { bloomHas, idItem } from './text-bloom';

/**
 * The records whose id the archive already holds. An insert dedupes against the live table by its
 * primary key; a record re-read from a product's history (an audit import over an overlapping period, a
 * backfill over a captured one) may instead match one already packed and deleted from the live table.
 * Only blocks whose time spans take in a record's time are asked, first through their blooms (which hold
 * every id), and only a block whose bloom may hold one is decompressed.
 */
export async function archivedAlready(target: Store, records: readonly AuditRecord[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (records.length === 0) return found;
  const times = records.map((r) => Date.parse(r.time));
  const blocks = await listBlocks(target, { from: Math.min(...times), to: Math.max(...times) });
  if (blocks.length === 0) return found;
  const near = new Map<number, string[]>();
  records.forEach((record, i) => {
    const time = times[i]!;
    for (const block of blocks) {
      if (blockBound(block, time, time) === undefined) continue;
      near.set(block.blockId, [...(near.get(block.blockId) ?? []), record.id]);
    }
  });
  const asked = blocks.filter((b) => near.has(b.blockId));
  const blooms = await readBlooms(target, asked);
  const maybe = asked.filter((b) => {
    const bloom = blooms.get(b.blockId);
    return bloom !== undefined && near.get(b.blockId)!.some((id) => bloomHas(bloom, idItem(id)));
  });
  for (const [blockId, payload] of await readPayloads(target, maybe)) {
    const wanted = new Set(near.get(blockId));
    for (const record of decodeBlock(payload).records)
      if (record && wanted.has(record.id)) found.add(record.id);
  }
  return found;
}
