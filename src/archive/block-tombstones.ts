import type { BlockContent } from './block-codec';

/**
 * The content with the records at `indexes` removed, leaving tombstones. Only the last record of each run
 * of removed records keeps its chain hash (the chain goes on from it; the hashes before it in the run are
 * never needed again), the others an empty one. `hashOf` answers the chain hash of a record still present
 * (the block read back: src/seal/block-seal.ts); a run that grows into an older tombstone keeps that one's
 * hash where it stays the run's last. Pure.
 */
export function withRemoved(
  content: BlockContent,
  indexes: ReadonlySet<number>,
  hashOf: (index: number) => string,
): BlockContent {
  const records = content.records.map((record, i) => (indexes.has(i) ? undefined : record));
  const tombstones = new Map<number, string>();
  records.forEach((record, i) => {
    if (record !== undefined) return;
    const lastOfRun = i === records.length - 1 || records[i + 1] !== undefined;
    if (!lastOfRun) tombstones.set(i, '');
    else tombstones.set(i, content.records[i] === undefined ? (content.tombstones.get(i) ?? '') : hashOf(i));
  });
  const erasedDigests = new Map([...content.erasedDigests].filter(([i]) => records[i] !== undefined));
  return { records, erasedDigests, tombstones };
}
