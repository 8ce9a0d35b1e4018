/**
 * JQL scope: "only activity on issues matching this JQL".
 *
 * Why not simply list the JQL's issues (`/rest/api/3/search/jql`, ids only, 5,000 per page) and filter
 * `trail_id IN (…)`? Because the work would grow with the JQL's result, not with the page asked for:
 * a JQL matching 100,000 issues is 20 sequential search calls on every page turn (seconds each, against
 * the resolver's 25 s), and 100,000 ids are ~0.8 MB of bound parameters (Forge SQL takes 1 MiB per
 * request) in an IN list that no index serves within the 5 s SELECT limit.
 *
 * So the scan goes the other way: it reads the log's candidate rows (Jira rows whose trail is an issue)
 * newest first, a batch at a time, and asks `POST /rest/api/3/jql/match` which of that batch's distinct
 * issue ids the JQL matches. The work is proportional to the page, whatever the JQL's size; answers are
 * remembered for a minute so that the next page does not ask again for the same issues. A page fills
 * when enough rows match, or stops when the time budget is spent, returning a cursor to continue (the
 * page may then be short, even empty, with a `nextCursor`).
 *
 * One cheap probe first: a single `/search/jql` call for up to 5,000 ids. If that is the whole result
 * (`isLast`), the JQL is small, and `trail_id IN (those ids)` on the (trail, time) index finds its rows
 * directly, however rarely they occur in the log: matching batch by batch would crawl through the whole
 * log for a JQL like `key = OPS-1`. The probe also checks the JQL: Jira's own error message comes back
 * as a BAD_REQUEST on `jql`. `/search/jql` refuses unbounded queries (`ORDER BY created` alone); those
 * are valid for `/jql/match`, which is asked with no ids to tell an invalid JQL from an unbounded one.
 */
import { createHash } from 'node:crypto';
import { asApp, route } from '@forge/api';
import { ResolverFailure } from '../admin/resolver-error';
import { errorMessagesOf, readJson, unavailable } from '../product-rest/product-rest';
import { TtlCache } from '../product-rest/ttl-cache';

export type JqlScope =
  | { readonly kind: 'issues'; readonly issueIds: readonly string[] }
  | { readonly kind: 'match'; readonly matcher: JqlMatcher };

export interface JqlScopeOptions {
  /** Up to how many issues the probe lists (and the scope then uses directly); Jira's cap is 5,000. */
  readonly smallResultMax?: number;
}

/** `/search/jql` returns at most 5,000 ids per page when only ids are requested (Jira REST v3 `maxResults`). */
export const SEARCH_MAX_IDS = 5000;

/**
 * Issue ids per `/jql/match` request. The API documents no cap; 1,000 keeps each request and answer
 * small (a few KB) and is more than one batch of candidate rows holds.
 */
const MATCH_BATCH = 1000;

const TTL_MS = 60_000;
const probes = new TtlCache<{ readonly issueIds?: readonly string[] }>(TTL_MS, 100);
const matches = new TtlCache<boolean>(TTL_MS, 50_000);

export async function resolveJqlScope(jql: string, options: JqlScopeOptions = {}): Promise<JqlScope> {
  const max = Math.min(options.smallResultMax ?? SEARCH_MAX_IDS, SEARCH_MAX_IDS);
  const key = `${max}:${digest(jql)}`;
  const probe = probes.get(key) ?? (await probeJql(jql, max));
  probes.set(key, probe);
  return probe.issueIds !== undefined
    ? { kind: 'issues', issueIds: probe.issueIds }
    : { kind: 'match', matcher: new JqlMatcher(jql) };
}

async function probeJql(jql: string, max: number): Promise<{ readonly issueIds?: readonly string[] }> {
  if (max <= 0) {
    await matchIds(jql, []);
    return {};
  }
  const response = await asApp().requestJira(route`/rest/api/3/search/jql`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({ jql, fields: ['id'], maxResults: max }),
  });
  const body = await readJson(response);
  if (response.status === 400) {
    // Invalid, or valid but unbounded: /jql/match tells which (and throws Jira's message if invalid).
    await matchIds(jql, []);
    return {};
  }
  if (!response.ok) throw unavailable('Searching Jira with the JQL', response.status);
  const b = body as { issues?: { id?: unknown }[]; isLast?: unknown; nextPageToken?: unknown };
  const ids = (b.issues ?? []).map((i) => String(i.id ?? '')).filter((id) => id !== '');
  const complete = b.isLast === true || (b.isLast === undefined && typeof b.nextPageToken !== 'string');
  return complete && ids.length <= max ? { issueIds: ids } : {};
}

/** Which of the given issue ids the JQL matches, asked of Jira in batches and remembered for a minute. */
export class JqlMatcher {
  private readonly key: string;

  constructor(readonly jql: string) {
    this.key = digest(jql);
  }

  async matching(issueIds: readonly string[]): Promise<ReadonlySet<string>> {
    const matched = new Set<string>();
    const unknown: string[] = [];
    for (const id of new Set(issueIds)) {
      // Jira issue ids are numbers (sent as JSON numbers); anything else cannot be one.
      if (!/^\d+$/.test(id) || !Number.isSafeInteger(Number(id))) continue;
      const known = matches.get(this.cacheKey(id));
      if (known === true) matched.add(id);
      else if (known === undefined) unknown.push(id);
    }
    for (let i = 0; i < unknown.length; i += MATCH_BATCH) {
      const batch = unknown.slice(i, i + MATCH_BATCH);
      const found = await matchIds(this.jql, batch);
      for (const id of batch) {
        matches.set(this.cacheKey(id), found.has(id));
        if (found.has(id)) matched.add(id);
      }
    }
    return matched;
  }

  private cacheKey(id: string): string {
    return `${this.key}:${id}`;
  }
}

async function matchIds(jql: string, issueIds: readonly string[]): Promise<ReadonlySet<string>> {
  const response = await asApp().requestJira(route`/rest/api/3/jql/match`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({ issueIds: issueIds.map(Number), jqls: [jql] }),
  });
  const body = await readJson(response);
  if (response.status === 400) throw invalidJql(errorMessagesOf(body));
  if (!response.ok) throw unavailable('Matching issues against the JQL', response.status);
  const match = (body as { matches?: { matchedIssues?: unknown[]; errors?: unknown[] }[] }).matches?.[0];
  const errors = (match?.errors ?? []).filter((e): e is string => typeof e === 'string');
  if (errors.length > 0) throw invalidJql(errors);
  return new Set((match?.matchedIssues ?? []).map(String));
}

/** JQL can be 10,000 characters: cache keys hold its digest instead. */
function digest(jql: string): string {
  return createHash('sha256').update(jql).digest('base64url').slice(0, 22);
}

function invalidJql(messages: readonly string[]): ResolverFailure {
  return new ResolverFailure('BAD_REQUEST', `jql: ${messages.join(' ') || 'Jira refused this JQL.'}`, 'jql');
}
