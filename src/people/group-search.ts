import { asApp, route } from '@forge/api';
import { readJson, unavailable } from '../product-rest/product-rest';

/** A site group, as the admin page's group picker offers it. Ids are stable; names can change. */
export interface GroupRef {
  readonly name: string;
  readonly id: string;
}

/** Groups offered per search: a picker's menu, not a directory listing. */
export const GROUP_SEARCH_MAX = 20;

/**
 * Site groups whose name contains `query` (any case), by name, through Jira's group picker
 * (`/rest/api/3/groups/picker`), asked as the app: a Confluence admin without Jira access still sees
 * the site's groups, which both products share.
 */
export async function searchGroups(query: string): Promise<GroupRef[]> {
  const params = new URLSearchParams({
    query,
    maxResults: String(GROUP_SEARCH_MAX),
    caseInsensitive: 'true',
  });
  const response = await asApp().requestJira(route`/rest/api/3/groups/picker?${params}`);
  if (!response.ok) throw unavailable('Searching groups', response.status);
  const body = (await readJson(response)) as { groups?: { name?: unknown; groupId?: unknown }[] } | undefined;
  return (body?.groups ?? []).flatMap((g) =>
    typeof g.name === 'string' && g.name !== ''
      ? [{ name: g.name, id: typeof g.groupId === 'string' ? g.groupId : g.name }]
      : [],
  );
}
