import { asApp, route, type APIResponse } from '@forge/api';
import { ResolverFailure } from '../admin/resolver-error';
import type { Product } from '../record/audit-record';
import { errorMessagesOf, readJson, unavailable } from '../product-rest/product-rest';
import { TtlCache } from '../product-rest/ttl-cache';

/**
 * Group filters: a group stands for its members' account ids, asked of the product as the app (an
 * admin filtering by "contractors" means its members, active or not: a deactivated member's history
 * is still theirs). Jira's `/rest/api/3/group/member` by default; Confluence's `/wiki/rest/api/group/…`
 * when the filter looks only at Confluence (a Confluence-only site). Groups are site-wide, so either
 * product answers alike where both are installed.
 *
 * Expansions are kept for five minutes: the admin page asks again on every page turn and facet refresh,
 * and group changes a few minutes old are soon enough for an audit filter.
 */
const cache = new TtlCache<readonly string[]>(5 * 60_000, 200);

/**
 * The most account ids the groups of one filter may stand for. They travel as bound parameters of one
 * SELECT: 2,000 ids of up to ~60 characters stay far below Forge SQL's 1 MiB request, and expanding
 * them takes at most 40 Jira calls (pages of 50), fetched a few at a time.
 */
export const MAX_GROUP_MEMBERS = 2000;

const JIRA_PAGE = 50;
const CONFLUENCE_PAGE = 200;
const PARALLEL_PAGES = 5;

/** Group ids are UUIDs; anything else is a group name. */
const GROUP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The account ids of everyone in any of `groups`. A group that does not exist is a BAD_REQUEST on `groups`. */
export async function groupMembers(
  groups: readonly string[],
  products: readonly Product[] | undefined,
): Promise<ReadonlySet<string>> {
  const via: Product =
    products !== undefined && products.length > 0 && products.every((p) => p === 'confluence')
      ? 'confluence'
      : 'jira';
  const members = new Set<string>();
  for (const group of new Set(groups)) {
    for (const id of await membersOf(group, via)) members.add(id);
    if (members.size > MAX_GROUP_MEMBERS) {
      throw new ResolverFailure(
        'BAD_REQUEST',
        `groups: together they have more than ${MAX_GROUP_MEMBERS} members; filter by smaller groups or by people`,
        'groups',
      );
    }
  }
  return members;
}

async function membersOf(group: string, via: Product): Promise<readonly string[]> {
  const key = `${via}:${group}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const members = via === 'jira' ? await jiraMembers(group) : await confluenceMembers(group);
  cache.set(key, members);
  return members;
}

interface Page {
  readonly ids: readonly string[];
  readonly total?: number;
  readonly more: boolean;
}

async function jiraMembers(group: string): Promise<readonly string[]> {
  const fetchPage = async (startAt: number): Promise<Page> => {
    const params = new URLSearchParams({
      ...(GROUP_ID.test(group) ? { groupId: group } : { groupname: group }),
      startAt: String(startAt),
      maxResults: String(JIRA_PAGE),
      includeInactiveUsers: 'true',
    });
    const response = await asApp().requestJira(route`/rest/api/3/group/member?${params}`);
    const body = await checked(response, group);
    const b = body as { values?: { accountId?: unknown }[]; total?: unknown; isLast?: unknown };
    const ids = accountIds(b.values);
    return {
      ids,
      ...(typeof b.total === 'number' ? { total: b.total } : {}),
      more: b.isLast === false && ids.length > 0,
    };
  };
  return pagesOf(fetchPage, JIRA_PAGE, group);
}

async function confluenceMembers(group: string): Promise<readonly string[]> {
  const byId = GROUP_ID.test(group);
  const fetchPage = async (start: number): Promise<Page> => {
    const paging = { start: String(start), limit: String(CONFLUENCE_PAGE) };
    const response = byId
      ? await asApp().requestConfluence(
          route`/wiki/rest/api/group/${group}/membersByGroupId?${new URLSearchParams(paging)}`,
        )
      : await asApp().requestConfluence(
          route`/wiki/rest/api/group/member?${new URLSearchParams({ name: group, ...paging })}`,
        );
    const body = await checked(response, group);
    const b = body as { results?: { accountId?: unknown }[]; _links?: { next?: unknown } };
    const ids = accountIds(b.results);
    return { ids, more: typeof b._links?.next === 'string' && ids.length > 0 };
  };
  return pagesOf(fetchPage, CONFLUENCE_PAGE, group);
}

/**
 * Follows a group's pages: sequentially until the first page says how many there are, then the rest a
 * few at a time. Stops (with a BAD_REQUEST) as soon as the group alone is over the cap.
 */
async function pagesOf(
  fetchPage: (start: number) => Promise<Page>,
  pageSize: number,
  group: string,
): Promise<readonly string[]> {
  const tooBig = () =>
    new ResolverFailure(
      'BAD_REQUEST',
      `groups: '${group}' has more than ${MAX_GROUP_MEMBERS} members; filter by smaller groups or by people`,
      'groups',
    );
  const first = await fetchPage(0);
  const ids = [...first.ids];
  if (first.total !== undefined) {
    if (first.total > MAX_GROUP_MEMBERS) throw tooBig();
    const starts: number[] = [];
    for (let start = first.ids.length; start < first.total; start += pageSize) starts.push(start);
    for (let i = 0; i < starts.length; i += PARALLEL_PAGES) {
      const pages = await Promise.all(starts.slice(i, i + PARALLEL_PAGES).map(fetchPage));
      for (const page of pages) ids.push(...page.ids);
    }
    return [...new Set(ids)];
  }
  let page = first;
  while (page.more) {
    if (ids.length > MAX_GROUP_MEMBERS) throw tooBig();
    page = await fetchPage(ids.length);
    ids.push(...page.ids);
  }
  if (ids.length > MAX_GROUP_MEMBERS) throw tooBig();
  return [...new Set(ids)];
}

async function checked(response: APIResponse, group: string): Promise<unknown> {
  const body = await readJson(response);
  if (response.ok) return body;
  if (response.status === 404 || response.status === 400) {
    const detail = errorMessagesOf(body).join(' ') || `The group '${group}' does not exist.`;
    throw new ResolverFailure('BAD_REQUEST', `groups: ${detail}`, 'groups');
  }
  throw unavailable(`Reading the members of group '${group}'`, response.status);
}

function accountIds(values: readonly { accountId?: unknown }[] | undefined): string[] {
  return (values ?? [])
    .map((v) => v.accountId)
    .filter((id): id is string => typeof id === 'string' && id !== '');
}

/** For tests: forget every expansion. */
export function forgetGroupMembers(): void {
  cache.clear();
}
