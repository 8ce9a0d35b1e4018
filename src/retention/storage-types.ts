/**
 * What `storage.status` answers (the admin page imports these types): the storage meter, the last
 * retention run, the personal-data report. Type-only imports of dependency-free modules, so the
 * browser's type check does not pull in the server's.
 */
import type { PrivacyState } from '../privacy/privacy-cycle';
import type { SealStatus } from '../seal/seal-status-type';
import type { RetentionLimit } from './retention-plan';

/** What one retention run did, kept in the daily job's state for the storage page. */
export interface RetentionSummary {
  readonly atMs: number;
  /** Records removed: live rows deleted, and archived records dropped with their block or left as tombstones. */
  readonly deleted: number;
  /** Archive blocks dropped whole (every record in them had to go), and rewritten with tombstones. */
  readonly blocksDropped?: number;
  readonly blocksRewritten?: number;
  /** Everything up to this seq has been removed on purpose. */
  readonly prunedSeq: number;
  readonly bytesBefore: number;
  readonly budgetBytes: number;
  readonly maxAgeDays: number;
  /** Records that retention would delete are being kept, and why. */
  readonly heldBy?: Exclude<RetentionLimit, 'head'>;
  /** With `heldBy: 'required-destination'`: which one. */
  readonly heldDestination?: string;
  /** Stopped at its deadline with more to delete; the next run goes on. */
  readonly more?: boolean;
  readonly rollupDaysDeleted?: number;
}

/** When the daily job last ran, and which of its steps failed. */
export interface DailyRunSummary {
  readonly startedMs: number;
  readonly finishedMs: number;
  readonly errors: readonly string[];
}

/**
 * Where the bytes are: live rows (`rows` stored; `records` of them not yet in a block, since an indexed
 * block's rows stay hidden a few minutes before they are deleted), archive blocks, the archive's term
 * index, and every other table (rollups, settings, keys, job state).
 */
export interface StorageTiers {
  readonly live: { readonly rows: number; readonly records: number; readonly bytes: number };
  readonly archive: { readonly blocks: number; readonly records: number; readonly bytes: number };
  readonly termIndex: { readonly terms: number; readonly bytes: number };
  readonly other: { readonly bytes: number };
}

/**
 * Where the log is heading at the rate records arrived over the last `windowDays` (30, or the log's age
 * if younger), at today's bytes per record.
 */
export interface StorageOutlook {
  readonly windowDays: number;
  readonly recordsPerDay: number;
  readonly bytesPerDay: number;
  /** Days of history the whole budget holds at this rate; absent when nothing arrives. */
  readonly budgetHoldsDays?: number;
  /** Days until the budget is full at this rate (0: it is); absent when nothing arrives. */
  readonly budgetFullInDays?: number;
  /** How far back the history will reach: the maximum age, or less where the budget runs out first. */
  readonly historyReachDays: number;
  /** `budget`: the budget, not the maximum age, will decide what is deleted. */
  readonly limitedBy: 'age' | 'budget';
}

export interface StorageStatus {
  readonly bytes: number;
  /** Records in both tiers. */
  readonly rows: number;
  readonly tiers: StorageTiers;
  readonly outlook: StorageOutlook;
  /** The oldest and newest record's time (ISO); null when the log is empty. */
  readonly oldest: string | null;
  readonly newest: string | null;
  /** Days from the oldest record to now. */
  readonly daysCovered: number;
  readonly budgetBytes: number;
  readonly maxAgeDays: number;
  readonly growthBytesPerDay: number;
  /** `measured`: net change over recent daily samples; `ingest`: what arrives per day (too few samples yet). */
  readonly growthBasis: 'measured' | 'ingest';
  /** Days until the estimate reaches the budget at that growth; absent when storage is not growing. */
  readonly daysToBudget?: number;
  /** The budget will be reached within 14 days: retention will then delete records younger than `maxAgeDays`. */
  readonly warning: boolean;
  /** How `bytes` was found: exact SQLite pages, or rows × a sampled row size (Forge SQL). */
  readonly method: 'sqlite-pages' | 'sampled-row-size';
  /** Bytes per record, all tiers and every table included. */
  readonly bytesPerRow: number;
  /** The last retention run, if any. */
  readonly retention?: RetentionSummary;
  readonly privacy?: Pick<
    PrivacyState,
    | 'cycleStartMs'
    | 'nextCycleMs'
    | 'lastReportMs'
    | 'reported'
    | 'closed'
    | 'updated'
    | 'heldSealedObjects'
    | 'lastError'
  >;
  readonly lastDailyRun?: DailyRunSummary;
  /** Sealing: the head, the signing key and its fingerprint, the latest checkpoint, the lock. */
  readonly seal?: SealStatus;
}
