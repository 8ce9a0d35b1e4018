import type { AuditRecord } from '../../record/audit-record';
import type { SealHeader } from '../../seal/seal-header-type';

/**
 * A record on its way to a SIEM. Sealed records carry their place in the chain (`seq`, `hash`,
 * `prevHash`); the synthetic "send test event" record has none, so the formats treat them as optional.
 */
export type OutgoingRecord = AuditRecord & {
  readonly seq?: number;
  readonly hash?: string;
  readonly prevHash?: string;
  /** The seal's proof (digests and opening keys), as an export line carries it: see src/seal/sealed-record.ts. */
  readonly seal?: unknown;
};

/** What the formats know besides the record: where it comes from. */
export interface FormatContext {
  /** The site's cloud id: tells one site's records from another's in a SIEM that collects several. */
  readonly cloudId?: string;
  /** The app's version, for the producer fields of OCSF and ECS. */
  readonly appVersion?: string;
  /** The public key and latest signed checkpoint, carried by every sealed event (seal-field.ts). */
  readonly seal?: SealHeader;
}

/** One formatted record: a JSON object, before any destination wraps it in its envelope. */
export type Document = Readonly<Record<string, unknown>>;

/** Leaves out keys whose value is undefined, so documents carry no `"x": null` noise they did not mean. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
