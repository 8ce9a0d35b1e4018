import { asApp, route } from '@forge/api';
import { readJson, unavailable } from '../product-rest/product-rest';

/** A person found by name, as the admin page's people picker offers them. */
export interface PersonMatch {
  readonly accountId: string;
  readonly displayName: string;
  readonly avatarUrl?: string;
  readonly active?: boolean;
}

/** People offered per search. */
export const USER_SEARCH_MAX = 20;

/**
 * Active people whose name or email address has a word starting with `query`, through Jira's user
 * search (`/rest/api/3/user/search`), asked as the app. The log stores account ids only, so this is how
 * an admin finds someone who is not among the range's busiest actors (the picker offers those, with
 * deactivated accounts among them, from `activity.facets`).
 */
export async function searchUsers(query: string): Promise<PersonMatch[]> {
  const found = await usersMatching(query);
  if (found === undefined) throw unavailable('Searching people', 404);
  return found;
}

/** As `searchUsers`, but undefined where Jira is not there to ask (a Confluence-only site: 404). */
export async function usersMatching(query: string): Promise<PersonMatch[] | undefined> {
  const params = new URLSearchParams({ query, maxResults: String(USER_SEARCH_MAX) });
  const response = await asApp().requestJira(route`/rest/api/3/user/search?${params}`);
  if (response.status === 404) return undefined;
  if (!response.ok) throw unavailable('Searching people', response.status);
  const body = await readJson(response);
  const users = Array.isArray(body)
    ? (body as {
        accountId?: unknown;
        displayName?: unknown;
        active?: unknown;
        avatarUrls?: Record<string, unknown>;
      }[])
    : [];
  return users.flatMap((user) => {
    if (typeof user.accountId !== 'string' || typeof user.displayName !== 'string') return [];
    const avatar = user.avatarUrls?.['48x48'];
    return [
      {
        accountId: user.accountId,
        displayName: user.displayName,
        ...(typeof avatar === 'string' ? { avatarUrl: avatar } : {}),
        ...(typeof user.active === 'boolean' ? { active: user.active } : {}),
      },
    ];
  });
}
