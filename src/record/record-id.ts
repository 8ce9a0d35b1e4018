import { createHash } from 'node:crypto';

/**
 * A record id is the first 128 bits of SHA-256 over the event's identifying parts, in hex.
 * Hex rather than base64 because MySQL's default collations compare case-insensitively: two base64 ids
 * differing only in case would collide on the primary key.
 *
 * The parts are hashed as a JSON array, so that two different part lists never hash the same text:
 * strings are quoted (['ab', 'c'] is not ['a', 'bc']), null is not a string (an absent actor is not one
 * whose id is "\u0000"), a number is not its digits as a string, and lone surrogates are escaped rather
 * than turned into U+FFFD. Undefined counts as null: both mean the payload had no value.
 */
export function recordId(parts: readonly (string | number | null | undefined)[]): string {
  const encoded = JSON.stringify(parts.map(jsonPart));
  return createHash('sha256').update(encoded, 'utf8').digest('hex').slice(0, 32);
}

/** JSON writes NaN and the infinities as null; a tagged object keeps them apart from null and strings. */
function jsonPart(part: string | number | null | undefined): string | number | null | { number: string } {
  if (part === undefined) return null;
  return typeof part === 'number' && !Number.isFinite(part) ? { number: String(part) } : part;
}

/**
 * JSON with object keys sorted, so equal payloads hash equally whatever order their keys arrived in.
 * The sorted copies have no prototype, so a `__proto__` key is kept as data instead of being swallowed.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
