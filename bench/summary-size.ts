/**
 * Sizes of the pruning summaries an archive block could carry for one field: a bloom filter of its
 * distinct values, or the exact set of them. Pure arithmetic, so the bench's figures can be checked.
 */

/**
 * Bytes of a classic bloom filter holding `distinct` values at false-positive rate `falsePositiveRate`:
 * m = −n·ln p / (ln 2)² bits, rounded up to whole bytes. Zero values need no filter.
 */
export function bloomFilterBytes(distinct: number, falsePositiveRate: number): number {
  if (!(falsePositiveRate > 0 && falsePositiveRate < 1))
    throw new RangeError(`bloomFilterBytes: false-positive rate must be in (0, 1), got ${falsePositiveRate}`);
  if (!Number.isInteger(distinct) || distinct < 0)
    throw new RangeError(`bloomFilterBytes: distinct must be a whole number ≥ 0, got ${distinct}`);
  if (distinct === 0) return 0;
  const bits = Math.ceil((-distinct * Math.log(falsePositiveRate)) / Math.LN2 ** 2);
  return Math.ceil(bits / 8);
}

/** Bytes of the exact set written plainly: its distinct values, sorted, one per line (UTF-8). */
export function exactSetBytes(values: Iterable<string>): number {
  const distinct = [...new Set(values)].sort();
  if (distinct.length === 0) return 0;
  return Buffer.byteLength(distinct.join('\n'), 'utf8');
}

/** The words of free text as a search would match them: lower-case runs of letters and digits, two or more. */
export function textWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? [];
}
