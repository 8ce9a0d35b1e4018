import { asApp, route } from '@forge/api';
import { readJson } from '../product-rest/product-rest';
import { lifecycleLimits } from '../limits';
import type { Store } from '../store/database';
import { addDays, dayOf, type Day } from './day';
import type { SiteCensus } from './insights-types';

export type { SiteCensus } from './insights-types';

export const INACTIVE_WINDOW_DAYS = 30;

/** A site user as Jira's user list gives it. */
export interface SiteUser {
  readonly accountId?: unknown;
  readonly accountType?: unknown;
  readonly active?: unknown;
}

/** Active people among the listed users: `atlassian` accounts (not apps, not JSM customers). Pure. */
export function activePeople(users: readonly SiteUser[]): string[] {
  return users.flatMap((u) =>
    u.accountType === 'atlassian' && u.active === true && typeof u.accountId === 'string'
      ? [u.accountId]
      : [],
  );
}

/** The census over `people`, given who was active in the window. Pure. */
export function censusOf(
  people: readonly string[],
  activeIds: ReadonlySet<string>,
  asOf: Day,
  truncated = false,
): SiteCensus {
  const unique = [...new Set(people)];
  const inactive = unique.filter((id) => !activeIds.has(id)).length;
  return {
    asOf,
    siteUsers: unique.length,
    inactive,
    share: unique.length === 0 ? 0 : inactive / unique.length,
    ...(truncated ? { truncated } : {}),
  };
}

/**
 * Lists the site's users through Jira's user list (`GET /rest/api/3/users/search`, as the app: every
 * account of the site, paged by `startAt`), then compares with the rollups' actors of the last 30 days.
 * Undefined when Jira does not answer (a Confluence-only site: Confluence has no plain user list).
 */
export async function takeCensus(target: Store, nowMs: number): Promise<SiteCensus | undefined> {
  const users: SiteUser[] = [];
  let truncated = false;
  for (let startAt = 0; ; startAt += lifecycleLimits.siteUsersPage) {
    if (startAt >= lifecycleLimits.siteUsersMax) {
      truncated = true;
      break;
    }
    const params = new URLSearchParams({
      startAt: String(startAt),
      maxResults: String(lifecycleLimits.siteUsersPage),
    });
    let response;
    try {
      response = await asApp().requestJira(route`/rest/api/3/users/search?${params}`);
    } catch (error) {
      // No Jira to ask (the platform refuses the product): no census, and no failure either.
      console.warn(`insights: site users cannot be listed (${String(error)}); no inactive share today`);
      return undefined;
    }
    if (!response.ok) {
      console.warn(`insights: listing site users failed (HTTP ${response.status}); no inactive share today`);
      return undefined;
    }
    const page = await readJson(response);
    if (!Array.isArray(page)) return undefined;
    users.push(...(page as SiteUser[]));
    if (page.length < lifecycleLimits.siteUsersPage) break;
  }
  const asOf = dayOf(nowMs - 24 * 60 * 60 * 1000);
  const active = await target.db
    .selectFrom('insight_actor_day')
    .select('actor_id')
    .distinct()
    .where('day', '>', addDays(asOf, -INACTIVE_WINDOW_DAYS))
    .where('day', '<=', asOf)
    .execute();
  return censusOf(activePeople(users), new Set(active.map((r) => r.actor_id)), asOf, truncated);
}
