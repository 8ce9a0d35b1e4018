import { getAppContext } from '@forge/api';

/**
 * A small in-memory cache with a time to live, for answers from the product's REST APIs (group members,
 * people). It lives as long as the function instance that holds it, which Forge may reuse across
 * invocations and, as far as the documentation says, across installations: every key is therefore
 * scoped to the installation, and nothing is cached when the installation cannot be told.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const scoped = scopedKey(key);
    if (scoped === undefined) return undefined;
    const entry = this.entries.get(scoped);
    if (entry === undefined) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(scoped);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    const scoped = scopedKey(key);
    if (scoped === undefined) return;
    // Oldest first: Map keeps insertion order, so the first key is the one to let go.
    if (this.entries.size >= this.maxEntries && !this.entries.has(scoped)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.delete(scoped);
    this.entries.set(scoped, { value, expires: this.now() + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}

function scopedKey(key: string): string | undefined {
  try {
    return `${getAppContext().installationAri.toString()}\u0000${key}`;
  } catch {
    return undefined;
  }
}
