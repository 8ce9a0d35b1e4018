import { createHash } from 'node:crypto';

/**
 * A Bloom filter over a block's text: the three-letter runs (trigrams) of the lower-cased text columns
 * the log's free-text search looks in, and the records' ids. A text of three letters or more can only
 * occur in a block whose filter holds every trigram of it; an id, in a block whose filter holds it.
 *
 * Sized at BITS_PER_ITEM bits per distinct item with HASHES probes: about 3% false positives for one
 * trigram, and a search needs all of its trigrams, so a word of six letters (four trigrams) opens a block
 * that lacks it about once in a million. Kept small on purpose: it is stored once per block.
 */
const BITS_PER_ITEM = 8;
const HASHES = 4;

export const TRIGRAM = 3;

export function trigramsOf(text: string): string[] {
  const lower = text.toLowerCase();
  const grams: string[] = [];
  for (let i = 0; i + TRIGRAM <= lower.length; i++) grams.push(lower.slice(i, i + TRIGRAM));
  return grams;
}

/** The id of a record as a bloom item: marked so it never equals a trigram. */
export function idItem(id: string): string {
  return `#${id}`;
}

function probes(item: string, bits: number): number[] {
  const digest = createHash('sha256').update(item, 'utf8').digest();
  // Double hashing (Kirsch–Mitzenmacher): k probes from two 32-bit hashes.
  const h1 = digest.readUInt32BE(0);
  const h2 = (digest.readUInt32BE(4) | 1) >>> 0;
  const out: number[] = [];
  for (let i = 0; i < HASHES; i++) out.push((h1 + i * h2) % bits);
  return out;
}

export function buildBloom(items: ReadonlySet<string>): Buffer {
  const bits = Math.max(64, Math.ceil((items.size * BITS_PER_ITEM) / 8) * 8);
  const filter = Buffer.alloc(bits / 8);
  for (const item of items) for (const p of probes(item, bits)) filter[p >> 3]! |= 1 << (p & 7);
  return filter;
}

export function bloomHas(filter: Uint8Array, item: string): boolean {
  const bits = filter.byteLength * 8;
  if (bits === 0) return false;
  return probes(item, bits).every((p) => (filter[p >> 3]! & (1 << (p & 7))) !== 0);
}

/** Whether a text search may match in the block: true for texts too short to have a trigram. */
export function bloomMayContainText(filter: Uint8Array, text: string): boolean {
  return trigramsOf(text).every((gram) => bloomHas(filter, gram));
}
