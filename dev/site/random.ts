/**
 * A small seeded pseudo-random generator, so that one seed always builds the same site and the same
 * activity (tests compare runs; a bug seen in the sandbox can be replayed). Math.random cannot be seeded.
 *
 * mulberry32: 32 bits of state, fast, and statistically good enough for fake data. Not for anything secret.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** An integer in [min, max], both included. */
  between(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` hex digits. */
  hex(count: number): string;
  /** A version-4-shaped UUID. */
  uuid(): string;
  /** An independent stream derived from this one's seed and a label: adding draws to one part of the
   * generator then does not shift every value drawn after it in another. */
  fork(label: string): Random;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  const hex = (count: number): string => {
    let out = '';
    for (let i = 0; i < count; i++) out += int(16).toString(16);
    return out;
  };
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    hex,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(4)]}${hex(3)}-${hex(12)}`,
    fork: (label) => createRandom(hashLabel(seed, label)),
  };
}

function hashLabel(seed: number, label: string): number {
  // FNV-1a over the label, mixed with the parent seed.
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Picks items in proportion to their weights in O(log n) per draw, for generators that draw millions of
 * times. Items with weight 0 are never picked.
 */
export interface WeightedPicker<T> {
  pick(random: Random): T;
  readonly total: number;
}

export function weightedPicker<T>(items: readonly T[], weightOf: (item: T) => number): WeightedPicker<T> {
  const cumulative: number[] = [];
  let total = 0;
  for (const item of items) {
    total += Math.max(0, weightOf(item));
    cumulative.push(total);
  }
  if (total <= 0) throw new Error('weightedPicker needs at least one positive weight');
  return {
    total,
    pick(random) {
      const target = random.next() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cumulative[mid] ?? 0) > target) hi = mid;
        else lo = mid + 1;
      }
      const item = items[lo];
      if (item === undefined) throw new Error('weightedPicker: index out of range');
      return item;
    },
  };
}
