/**
 * Safe readers over untrusted JSON. Every read is of an *own* property: a payload is data, and an
 * inherited member (`toString` on a changelog item without one, `__proto__`) must never be mistaken for a
 * field. Nothing here throws on any JSON-shaped input.
 */

export type Obj = Readonly<Record<string, unknown>>;

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** A plain object (including `Object.create(null)` ones), never an array; else null. */
export function obj(value: unknown): Obj | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : null;
}

/** An own property's value, or undefined. Accepts any value so callers can chain without checks. */
export function field(o: unknown, key: string): unknown {
  const value = obj(o);
  return value !== null && hasOwn(value, key) ? value[key] : undefined;
}

/** Follows own properties along a path; undefined as soon as one is missing or not an object. */
export function at(o: unknown, ...path: readonly string[]): unknown {
  let current: unknown = o;
  for (const key of path) current = field(current, key);
  return current;
}

export function objAt(o: unknown, ...path: readonly string[]): Obj | null {
  return obj(at(o, ...path));
}

/** A non-empty string at `path`, else null. */
export function str(o: unknown, ...path: readonly string[]): string | null {
  const value = at(o, ...path);
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * An identifier at `path` as a string: payloads send ids as strings or numbers (Confluence space ids,
 * Jira Software board ids), and the record keeps them as strings.
 */
export function idAt(o: unknown, ...path: readonly string[]): string | null {
  return idOf(at(o, ...path));
}

export function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value !== '' ? value : null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function arrAt(o: unknown, ...path: readonly string[]): readonly unknown[] {
  return arr(at(o, ...path));
}

/** Own enumerable keys; empty for anything that is not a plain object. */
export function keysOf(o: unknown): readonly string[] {
  const value = obj(o);
  return value === null ? [] : Object.keys(value);
}

/** The first non-null of several candidates, e.g. `first(str(a, 'x'), str(b, 'x'))`. */
export function first<T>(...values: readonly (T | null | undefined)[]): T | null {
  for (const value of values) if (value !== null && value !== undefined) return value;
  return null;
}
