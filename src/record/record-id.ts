import { createHash } from 'node:crypto';

/**
 * A record id is the first 128 bits of SHA-256 over the event's identifying parts, in hex.
 * Hex rather than base64 because MySQL's default collations compare case-insensitively: two base64 ids
 * differing only in case would collide on the primary key.
 */
export function recordId(parts: readonly (string | number | null | undefined)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    // A length prefix keeps ['ab', 'c'] and ['a', 'bc'] apart.
    const text = part === null || part === undefined ? '\u0000' : String(part);
    hash.update(`${text.length}:${text};`);
  }
  return hash.digest('hex').slice(0, 32);
}

/** JSON with object keys sorted, so equal payloads hash equally whatever order their keys arrived in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
