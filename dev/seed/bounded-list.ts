import type { Random } from '../site/random';

/**
 * The most recent `capacity` items, oldest dropped first. The seed remembers what it created (comments,
 * worklogs, pages…) only this way, so that a million events iterate in constant memory.
 */
export class BoundedList<T> {
  private readonly items: T[] = [];

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.items.length;
  }

  /** Adds an item; returns the one pushed out, if any, so the caller can forget what hangs off it. */
  push(item: T): T | undefined {
    this.items.push(item);
    return this.items.length > this.capacity ? this.items.shift() : undefined;
  }

  pick(random: Random): T | undefined {
    return this.items.length === 0 ? undefined : random.pick(this.items);
  }

  /** Removes and returns a random item. */
  take(random: Random): T | undefined {
    if (this.items.length === 0) return undefined;
    const [item] = this.items.splice(random.int(this.items.length), 1);
    return item;
  }

  removeWhere(test: (item: T) => boolean): void {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const item = this.items[i];
      if (item !== undefined && test(item)) this.items.splice(i, 1);
    }
  }

  find(test: (item: T) => boolean): T | undefined {
    return this.items.find(test);
  }
}

/** Drops the oldest items matching `test` while more than `keep` of them remain. */
export function forgetOldest<T>(items: T[], test: (item: T) => boolean, keep: number): void {
  let matching = items.filter(test).length;
  for (let i = 0; i < items.length && matching > keep;) {
    const item = items[i];
    if (item !== undefined && test(item)) {
      items.splice(i, 1);
      matching -= 1;
    } else i++;
  }
}
