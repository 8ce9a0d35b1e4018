// Types only: the admin page's bundle imports this, and must not pull in node:crypto.

/** What the Storage tab shows of sealing: the head, the signing key to record, and whether a run holds the lock. */
export interface SealStatus {
  readonly headSeq: number;
  readonly prunedSeq: number;
  /** The public key checkpoints are signed with, and its fingerprint: record it out of band to pin it. */
  readonly publicKey?: string;
  readonly fingerprint?: string;
  /** The latest signed checkpoint's seq and time (the public copy). */
  readonly checkpoint?: { readonly seq: number; readonly time: string };
  /**
   * Epoch ms until which a run holds the seal lock (a run in progress, or one that stopped without
   * releasing it); absent when free. Runs starting before then seal nothing and say they were blocked.
   */
  readonly lockedUntilMs?: number;
}
