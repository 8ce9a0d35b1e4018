import type { PrivacyState } from '../privacy/privacy-cycle';
import type { StorageSample } from './storage-growth';
import type { DailyRunSummary, RetentionSummary } from './storage-types';

/**
 * The part of the daily job's state that the storage page reports. Declared here, not in the job, so
 * that the storage resolver depends on its own folder and the job (which runs retention) composes it.
 */
export interface RetentionDailyState {
  readonly retention: RetentionSummary;
  readonly storageHistory: readonly StorageSample[];
  readonly privacy: PrivacyState;
  readonly lastRun: DailyRunSummary;
}
