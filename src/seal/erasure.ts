import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../record/record-id';
import type { PersonalFieldPath } from './personal-fields';

/**
 * A signed statement that the app itself erased these personal fields of this record (a closed
 * account pseudonymised). Verification accepts an erased value — a pseudonym, a null — only where such
 * an entry covers it: anyone with SQL access can blank a field, nobody without the signing key (KVS
 * secret storage) can make the entry. Exports carry each record's entries, so the check works offline.
 */
export interface SignedErasure {
  readonly recordId: string;
  readonly paths: readonly PersonalFieldPath[];
  /** ISO-8601 UTC: when it was signed. */
  readonly time: string;
  /** Ed25519 over the canonical JSON of the other fields, base64. */
  readonly signature: string;
}

export function signErasure(key: KeyObject, recordId: string, paths: readonly string[]): SignedErasure {
  const body = { recordId, paths: [...paths].sort(), time: new Date().toISOString() };
  return { ...body, signature: sign(null, Buffer.from(canonicalJson(body)), key).toString('base64') };
}

/** The paths `entries` lawfully erase in record `recordId`, counting only entries signed by `publicKey`. */
export function coveredPaths(
  entries: readonly unknown[],
  recordId: string,
  publicKey: string | undefined,
): Set<string> {
  const covered = new Set<string>();
  if (publicKey === undefined) return covered;
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return covered;
  }
  for (const entry of entries) {
    if (entry === null || typeof entry !== 'object') continue;
    const e = entry as Record<string, unknown>;
    if (e.recordId !== recordId || typeof e.time !== 'string' || typeof e.signature !== 'string') continue;
    if (!Array.isArray(e.paths) || !e.paths.every((p) => typeof p === 'string')) continue;
    const body = { recordId: e.recordId, paths: e.paths, time: e.time };
    try {
      if (!verify(null, Buffer.from(canonicalJson(body)), key, Buffer.from(e.signature, 'base64'))) continue;
    } catch {
      continue;
    }
    for (const path of e.paths as string[]) covered.add(path);
  }
  return covered;
}
