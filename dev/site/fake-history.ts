import { jiraError } from './jira-json';
import { runJql } from './jql-subset';
import {
  intParam,
  isRecord,
  json,
  jiraDateTime,
  type ParsedRequest,
  type SiteResponse,
} from './rest-support';
import type { HistoryContent, HistoryVersion, SiteHistory } from './site-history';
import { indexSite } from './site-index';
import type { Site, SitePage } from './site-model';

/**
 * The history APIs a backfill reads, over the site's history (src: dev/site/site-history.ts), with the
 * real APIs' paths, page sizes and caps:
 * - Jira `POST /rest/api/3/changelog/bulkfetch` (at most 1,000 issues and 10,000 changelogs a page),
 *   `GET /rest/api/3/issue/{id}/comment` (100 a page), `GET /rest/api/3/worklog/updated` (1,000 a
 *   page, by time) and `POST /rest/api/3/worklog/list` (at most 1,000 ids);
 * - Confluence v2 `/pages` and `/blogposts` (250 a page, cursors), their `/versions`, and
 *   `/footer-comments` and `/attachments` with theirs.
 * A storm set on the history answers 429 with `Retry-After`, as both products do when rate limited.
 * Null: not a history path, the caller answers it.
 */
export function handleHistory(req: ParsedRequest): SiteResponse | null {
  const history = req.site.history;
  const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(req.pathname));
  if (route === undefined) return null;
  if (history === undefined) {
    return route.product === 'jira'
      ? jiraError(404, 'This site keeps no history.')
      : json(404, { errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }] });
  }
  const wait = history.throttled();
  if (wait !== null) {
    return json(
      429,
      route.product === 'jira'
        ? { errorMessages: ['Rate limit exceeded.'], errors: {} }
        : { errors: [{ status: 429, code: 'TOO_MANY_REQUESTS', title: 'Too Many Requests', detail: null }] },
      { 'retry-after': String(wait), 'x-ratelimit-reason': 'jira-burst-based' },
    );
  }
  const match = route.pattern.exec(req.pathname);
  return route.handle(req, history, match?.[1] === undefined ? '' : decodeURIComponent(match[1]));
}

interface Route {
  readonly product: 'jira' | 'confluence';
  readonly method: string;
  readonly pattern: RegExp;
  readonly handle: (req: ParsedRequest, history: SiteHistory, param: string) => SiteResponse;
}

const ROUTES: readonly Route[] = [
  { product: 'jira', method: 'POST', pattern: /^\/rest\/api\/3\/changelog\/bulkfetch$/, handle: bulkChangelogs },
  { product: 'jira', method: 'POST', pattern: /^\/rest\/api\/3\/search\/approximate-count$/, handle: approximateCount },
  { product: 'jira', method: 'GET', pattern: /^\/rest\/api\/3\/issue\/([^/]+)\/comment$/, handle: issueComments },
  { product: 'jira', method: 'GET', pattern: /^\/rest\/api\/3\/worklog\/updated$/, handle: worklogsUpdated },
  { product: 'jira', method: 'POST', pattern: /^\/rest\/api\/3\/worklog\/list$/, handle: worklogList },
  { product: 'confluence', method: 'GET', pattern: /^\/wiki\/api\/v2\/(pages|blogposts)$/, handle: listContent },
  {
    product: 'confluence',
    method: 'GET',
    pattern: /^\/wiki\/api\/v2\/(?:pages|blogposts|footer-comments|attachments)\/([^/]+)\/versions$/,
    handle: versionsOf,
  },
  {
    product: 'confluence',
    method: 'GET',
    pattern: /^\/wiki\/api\/v2\/(footer-comments|attachments)$/,
    handle: listParts,
  },
]; // prettier-ignore

const BULK_ISSUES_MAX = 1000;
const BULK_CHANGELOGS_MAX = 10_000;
const COMMENTS_MAX = 100;
const WORKLOG_PAGE = 1000;
const V2_LIMIT_MAX = 250;
const VERSIONS_LIMIT_MAX = 250;

function person(site: Site, accountId: string | null): Record<string, unknown> | null {
  if (accountId === null) return null;
  const user = indexSite(site).userById.get(accountId);
  return {
    accountId,
    displayName: user?.displayName ?? accountId,
    accountType: user?.accountType ?? 'atlassian',
    active: user?.active ?? true,
  };
}

function iso(msValue: number): string {
  return jiraDateTime(new Date(msValue).toISOString());
}

function offsetToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function tokenOffset(token: unknown): number | null {
  if (token === null || token === undefined) return 0;
  try {
    const value: unknown = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8'));
    return isRecord(value) && typeof value.o === 'number' ? value.o : null;
  } catch {
    return null;
  }
}

// --------------------------------------------------------------------------------------------- Jira

function bulkChangelogs(req: ParsedRequest, history: SiteHistory): SiteResponse {
  const body = req.body;
  if (!isRecord(body) || !Array.isArray(body.issueIdsOrKeys))
    return jiraError(400, "The 'issueIdsOrKeys' field is required.");
  const ids = body.issueIdsOrKeys.map(String);
  if (ids.length === 0 || ids.length > BULK_ISSUES_MAX)
    return jiraError(400, `Between 1 and ${BULK_ISSUES_MAX} issues may be requested.`);
  const maxResults = Math.min(
    typeof body.maxResults === 'number' ? body.maxResults : 1000,
    BULK_CHANGELOGS_MAX,
  );
  const offset = tokenOffset(body.nextPageToken);
  if (offset === null) return jiraError(400, 'The provided next page token is invalid or expired.');
  const index = indexSite(req.site);
  const all = ids.flatMap((idOrKey) => {
    const issue = index.issueById.get(idOrKey) ?? index.issueByKey.get(idOrKey.toUpperCase());
    const issueId = issue?.id ?? idOrKey;
    return (history.changelogs.get(issueId) ?? []).map((c) => ({ issueId, changelog: c }));
  });
  const page = all.slice(offset, offset + maxResults);
  const byIssue = new Map<string, unknown[]>();
  for (const { issueId, changelog } of page) {
    const list = byIssue.get(issueId) ?? [];
    list.push({
      id: changelog.id,
      author: person(req.site, changelog.authorId),
      created: iso(changelog.created),
      items: changelog.items,
    });
    byIssue.set(issueId, list);
  }
  const more = offset + page.length < all.length;
  return json(200, {
    issueChangeLogs: [...byIssue].map(([issueId, changeHistories]) => ({ issueId, changeHistories })),
    ...(more ? { nextPageToken: offsetToken(offset + page.length) } : {}),
  });
}

/** `{ jql }` → `{ count }`: how many issues the query matches (exact here; "approximate" in Jira). */
function approximateCount(req: ParsedRequest): SiteResponse {
  const body = req.body;
  if (!isRecord(body) || typeof body.jql !== 'string') return jiraError(400, "The 'jql' field is required.");
  const result = runJql(req.site, body.jql, { bounded: true });
  if (!result.ok) return jiraError(400, ...result.errors);
  return json(200, { count: result.issues.length });
}

function issueComments(req: ParsedRequest, history: SiteHistory, idOrKey: string): SiteResponse {
  const index = indexSite(req.site);
  const issue = index.issueById.get(idOrKey) ?? index.issueByKey.get(idOrKey.toUpperCase());
  if (issue === undefined)
    return jiraError(404, 'Issue does not exist or you do not have permission to see it.');
  const startAt = intParam(req.query, 'startAt', 0);
  const maxResults = intParam(req.query, 'maxResults', 50);
  if (startAt === null || maxResults === null)
    return jiraError(400, 'startAt and maxResults must be numbers.');
  const all = commentsOf(history, issue.id);
  const page = all.slice(startAt, startAt + Math.min(maxResults, COMMENTS_MAX));
  return json(200, {
    startAt,
    maxResults: Math.min(maxResults, COMMENTS_MAX),
    total: all.length,
    comments: page.map((c) => commentBean(req.site, c)),
  });
}

function commentsOf(history: SiteHistory, issueId: string) {
  return [...history.comments.values()]
    .filter((c) => c.issueId === issueId)
    .sort((a, b) => a.created - b.created);
}

function commentBean(site: Site, c: ReturnType<typeof commentsOf>[number]): Record<string, unknown> {
  return {
    id: c.id,
    author: person(site, c.authorId),
    body: c.body,
    updateAuthor: person(site, c.updateAuthorId),
    created: iso(c.created),
    updated: iso(c.updated),
    jsdPublic: true,
  };
}

/**
 * The fields of an issue the history adds to `/search/jql` answers: who created it, its attachments,
 * and its first comments with their total (Jira embeds at most 20; the rest are read from
 * `/issue/{id}/comment`).
 */
export function historyIssueFields(site: Site, issueId: string, reporterId: string): Record<string, unknown> {
  const history = site.history;
  if (history === undefined) return {};
  const comments = commentsOf(history, issueId);
  return {
    creator: person(site, reporterId),
    attachment: [...history.attachments.values()]
      .filter((a) => a.issueId === issueId)
      .map((a) => ({
        id: a.id,
        filename: a.filename,
        author: person(site, a.authorId),
        created: iso(a.created),
      })),
    comment: {
      comments: comments.slice(0, 20).map((c) => commentBean(site, c)),
      maxResults: 20,
      total: comments.length,
      startAt: 0,
    },
  };
}

function worklogsUpdated(req: ParsedRequest, history: SiteHistory): SiteResponse {
  const since = intParam(req.query, 'since', 0);
  if (since === null) return jiraError(400, "The 'since' parameter must be a number.");
  const all = [...history.worklogs.values()]
    .filter((w) => w.updated >= since)
    .sort((a, b) => a.updated - b.updated || Number(a.id) - Number(b.id));
  const page = all.slice(0, WORKLOG_PAGE);
  const lastPage = page.length === all.length;
  const until = page.length > 0 ? (page[page.length - 1]?.updated ?? since) : since;
  return json(200, {
    values: page.map((w) => ({ worklogId: Number(w.id), updatedTime: w.updated, properties: [] })),
    since,
    until,
    self: `${req.site.baseUrl}${req.pathname}?since=${since}`,
    lastPage,
    ...(lastPage ? {} : { nextPage: `${req.site.baseUrl}${req.pathname}?since=${until}` }),
  });
}

function worklogList(req: ParsedRequest, history: SiteHistory): SiteResponse {
  const body = req.body;
  if (!isRecord(body) || !Array.isArray(body.ids)) return jiraError(400, "The 'ids' field is required.");
  if (body.ids.length > WORKLOG_PAGE)
    return jiraError(400, `At most ${WORKLOG_PAGE} worklog ids may be requested.`);
  const found = body.ids.flatMap((id) => {
    const w = history.worklogs.get(String(id));
    return w === undefined ? [] : [w];
  });
  return json(
    200,
    found.map((w) => ({
      id: w.id,
      issueId: w.issueId,
      author: person(req.site, w.authorId),
      updateAuthor: person(req.site, w.updateAuthorId),
      created: iso(w.created),
      updated: iso(w.updated),
      started: iso(w.started),
      timeSpent: w.timeSpent,
      timeSpentSeconds: w.timeSpentSeconds,
    })),
  );
}

// --------------------------------------------------------------------------------------- Confluence

function contentById(site: Site, history: SiteHistory, id: string): HistoryContent | undefined {
  const page = indexSite(site).pageById.get(id);
  return merge(page === undefined ? undefined : ownContent(page), history.contents.get(id));
}

/** A page as the site was built: its first and its current version (the builder keeps no others). */
function ownContent(page: SitePage): HistoryContent {
  const versions: HistoryVersion[] = [
    { number: 1, authorId: page.authorId, createdAt: Date.parse(page.createdAt) },
  ];
  if (page.version > 1) {
    versions.push({
      number: page.version,
      authorId: page.versionAuthorId,
      createdAt: Date.parse(page.versionCreatedAt),
    });
  }
  return {
    id: page.id,
    type: page.type,
    spaceId: page.spaceId,
    containerId: null,
    containerType: null,
    title: page.title,
    status: 'current',
    versions,
  };
}

function merge(
  own: HistoryContent | undefined,
  recorded: HistoryContent | undefined,
): HistoryContent | undefined {
  if (own === undefined || recorded === undefined) return recorded ?? own;
  const versions = [
    ...own.versions.filter((v) => !recorded.versions.some((x) => x.number === v.number)),
    ...recorded.versions,
  ].sort((a, b) => a.number - b.number);
  return { ...recorded, versions };
}

/** The site's own pages with what the history adds: new pages, and every version since. */
function contentOf(site: Site, history: SiteHistory, type: 'page' | 'blogpost'): HistoryContent[] {
  const out = new Map<string, HistoryContent>();
  for (const page of site.pages) if (page.type === type) out.set(page.id, ownContent(page));
  for (const content of history.contents.values()) {
    if (content.type !== type) continue;
    const merged = merge(out.get(content.id), content);
    if (merged !== undefined) out.set(content.id, merged);
  }
  return [...out.values()].sort((a, b) => Number(a.id) - Number(b.id));
}

function v2Page<T>(
  req: ParsedRequest,
  all: readonly T[],
  render: (item: T) => unknown,
  cap: number,
): SiteResponse {
  const limit = Math.max(1, Math.min(intParam(req.query, 'limit', 25) ?? 25, cap));
  const offset = tokenOffset(req.query.get('cursor'));
  if (offset === null)
    return json(400, {
      errors: [{ status: 400, code: 'INVALID_REQUEST_PARAMETER', title: 'Invalid cursor', detail: null }],
    });
  const page = all.slice(offset, offset + limit);
  const more = offset + page.length < all.length;
  const params = new URLSearchParams(req.query);
  params.set('cursor', offsetToken(offset + page.length));
  return json(200, {
    results: page.map(render),
    _links: {
      ...(more ? { next: `${req.pathname.replace(/^\/wiki/, '')}?${params.toString()}` } : {}),
      base: `${req.site.baseUrl}/wiki`,
    },
  });
}

function latest(content: HistoryContent): HistoryVersion {
  return content.versions[content.versions.length - 1] ?? { number: 1, authorId: '', createdAt: 0 };
}

function versionBean(v: HistoryVersion): Record<string, unknown> {
  return {
    number: v.number,
    authorId: v.authorId,
    createdAt: new Date(v.createdAt).toISOString(),
    message: '',
    minorEdit: false,
  };
}

function listContent(req: ParsedRequest, history: SiteHistory, type: string): SiteResponse {
  const spaceIds = new Set(
    req.query
      .getAll('space-id')
      .flatMap((v) => v.split(','))
      .filter(Boolean),
  );
  const all = contentOf(req.site, history, type === 'pages' ? 'page' : 'blogpost').filter(
    (c) => c.status === 'current' && (spaceIds.size === 0 || spaceIds.has(c.spaceId)),
  );
  return v2Page(
    req,
    all,
    (c) => ({
      id: c.id,
      status: c.status,
      title: c.title,
      spaceId: c.spaceId,
      authorId: c.versions[0]?.authorId ?? '',
      createdAt: new Date(c.versions[0]?.createdAt ?? 0).toISOString(),
      version: versionBean(latest(c)),
    }),
    V2_LIMIT_MAX,
  );
}

function listParts(req: ParsedRequest, history: SiteHistory, kind: string): SiteResponse {
  const type = kind === 'attachments' ? 'attachment' : 'comment';
  // Newest change first (`sort=-modified-date`), so a reader can stop at the period's start.
  const all = [...history.contents.values()]
    .filter((c) => c.type === type && c.status === 'current')
    .sort((a, b) => latest(b).createdAt - latest(a).createdAt || Number(b.id) - Number(a.id));
  return v2Page(
    req,
    all,
    (c) => ({
      id: c.id,
      status: c.status,
      title: c.title,
      ...(c.containerType === 'blogpost' ? { blogPostId: c.containerId } : { pageId: c.containerId }),
      ...(type === 'attachment' ? { createdAt: new Date(c.versions[0]?.createdAt ?? 0).toISOString() } : {}),
      version: versionBean(latest(c)),
    }),
    V2_LIMIT_MAX,
  );
}

function versionsOf(req: ParsedRequest, history: SiteHistory, id: string): SiteResponse {
  const content = contentById(req.site, history, id);
  if (content === undefined)
    return json(404, { errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }] });
  // Newest first, as Confluence lists versions.
  const versions = [...content.versions].sort((a, b) => b.number - a.number);
  return v2Page(req, versions, versionBean, VERSIONS_LIMIT_MAX);
}
