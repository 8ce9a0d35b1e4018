// Types only: forwarding's formats import this, and the admin page's bundle imports them, so it must not
// pull in node:crypto.

/**
 * What an export or a forwarded event carries so that `npm run verify` can check it offline: the public
 * key checkpoints and erasure entries are signed with (and its fingerprint, to compare with the one the
 * Storage tab shows or the admin recorded), and the latest signed checkpoint. The first line of an
 * NDJSON export, recognised by `auditTrailSeal`.
 */
export interface SealHeader {
  readonly auditTrailSeal: 1;
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly checkpoint?: unknown;
  /** True when the export holds only the records a filter chose: gaps in seq are expected then. */
  readonly filtered?: boolean;
}
