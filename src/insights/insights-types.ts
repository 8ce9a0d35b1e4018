/**
 * What `insights.summary` answers (the admin page imports these types). No imports beyond the day type,
 * so the browser's type check does not pull in the server's modules.
 */
import type { Day } from './day';

/** One point of the active-users chart. `null` where the app has no data for the day: a gap, not a zero. */
export interface DailyPoint {
  readonly day: Day;
  readonly product: 'jira' | 'confluence' | 'all';
  readonly activeUsers: number | null;
  readonly events: number | null;
}

/** People active in a window, against the window just before it. */
export interface Trend {
  readonly days: number;
  readonly current: number;
  readonly previous: number;
  /** (current − previous) / previous; null when there was no one before. */
  readonly change: number | null;
}

/**
 * The share of the site's active people with no recorded activity in the last 30 days: who could work
 * in Jira or Confluence but did nothing the app saw (licences to reclaim, accounts to review).
 */
export interface SiteCensus {
  readonly asOf: Day;
  /** Active human accounts on the site (people, not apps or customers). */
  readonly siteUsers: number;
  /** Of those, how many have no recorded activity in the 30 days up to `asOf`. */
  readonly inactive: number;
  /** inactive / siteUsers, 0 when the site lists no one. */
  readonly share: number;
  /** The site has more people than were listed (`siteUsersMax`): the share is over the first ones. */
  readonly truncated?: boolean;
}

export interface InsightsSummary {
  readonly from: Day;
  readonly to: Day;
  readonly daily: readonly DailyPoint[];
  /** Distinct people active on `to`, in the 7 and in the 30 days up to it. */
  readonly activeUsers: {
    readonly asOf: Day;
    readonly dau: number;
    readonly wau: number;
    readonly mau: number;
  };
  readonly trends: { readonly d7: Trend; readonly d30: Trend };
  readonly topActors: readonly {
    readonly accountId: string;
    readonly events: number;
    readonly activeDays: number;
  }[];
  readonly actions: readonly { readonly action: string; readonly events: number }[];
  /** Events outside the listed actions. */
  readonly otherActions: number;
  readonly containers: readonly {
    readonly product: string;
    readonly type: string;
    readonly id: string;
    readonly key?: string;
    readonly name?: string;
    readonly events: number;
  }[];
  /** Share of active site users with no recorded activity in 30 days; null until the daily job has counted. */
  readonly inactiveShare: SiteCensus | null;
  /** When the daily job last brought the rollups up to date. */
  readonly updatedAt?: string;
}
