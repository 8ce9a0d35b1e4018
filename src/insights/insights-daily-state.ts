import type { SiteCensus } from './insights-types';
import type { RollupCheckpoint } from './run-rollups';

/**
 * The part of the daily job's state that insights writes and its resolver reads. Declared here, not in
 * the job, so that the resolver depends on insights alone and the job (which runs insights) composes it.
 */
export interface InsightsDailyState {
  readonly rollup: RollupCheckpoint;
  readonly census: SiteCensus;
}
