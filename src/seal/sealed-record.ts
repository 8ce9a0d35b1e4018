import type { AuditRecord } from '../record/audit-record';
import { fromRow, type AuditEventRow } from '../store/audit-event-row';
import { SEAL_FORMAT } from './chain-hash';
import type { SignedErasure } from './erasure';
import { openingsOf, type FieldDigests, type FieldOpenings } from './field-digest';

/**
 * What a record carries so that anyone holding it can check it against the chain, without the app's
 * secrets: the digests the hash committed to, and the opening keys of the fields still holding their
 * sealed values (none for an erased field: see field-digest.ts).
 */
export interface SealProof {
  /** The sealed form's version (chain-hash.ts); 2 today. */
  readonly v: number;
  readonly digests: FieldDigests;
  readonly openings: FieldOpenings;
  /** The signed erasure entries covering this record's erased fields (erasure.ts); absent when none. */
  readonly erasures?: readonly SignedErasure[];
  /**
   * Ed25519 over the record's seq and hash (record-signature.ts), base64, with the key the export header
   * names; absent on records sealed before per-record signatures existed.
   */
  readonly signature?: string;
}

/**
 * A sealed record: what forwarding sends, what the pull API pages, and one line of an export
 * (`JSON.stringify` of it, one per line: the NDJSON `npm run verify` reads).
 *
 * An export line therefore holds: the AuditRecord fields (`id`, `time`, `receivedAt`, `product`,
 * `action`, `actor`, `container`, `object`, `changes`, `source`), `seq`, `hash`, `prevHash` (the previous
 * record's hash; 64 zeros before seq 1), and `seal: { v, digests, openings, erasures?, signature? }`.
 */
export type SealedRecord = AuditRecord & {
  readonly seq: number;
  readonly hash: string;
  readonly prevHash: string;
  readonly seal: SealProof;
};

/** A sealed row as a record; `key` (the installation key) makes the opening keys, without it there are none. */
export function toSealedRecord(
  row: AuditEventRow,
  key: Buffer | undefined,
  erasures: readonly SignedErasure[] = [],
): SealedRecord {
  const record = fromRow(row);
  const digests = parseDigests(row.seal_digests);
  const openings = key ? openingsOf(key, record, digests) : {};
  return {
    ...record,
    seq: Number(row.seq),
    hash: row.hash ?? '',
    prevHash: row.prev_hash ?? '',
    seal: {
      v: SEAL_FORMAT,
      digests,
      openings,
      ...(erasures.length ? { erasures } : {}),
      ...(row.seal_signature ? { signature: row.seal_signature } : {}),
    },
  };
}

/** The stored digests; a row whose JSON was damaged yields none, which verification then reports. */
export function parseDigests(text: string | null): FieldDigests {
  if (text === null) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as FieldDigests)
      : {};
  } catch {
    return {};
  }
}
