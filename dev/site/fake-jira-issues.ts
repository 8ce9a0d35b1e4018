import { searchByLabel } from './fake-jira-created';
import { runJql } from './jql-subset';
import { issueBean, jiraError } from './jira-json';
import { intParam, isRecord, json, listParam, type ParsedRequest, type SiteResponse } from './rest-support';
import { indexSite } from './site-index';

/** Jira's issue endpoints over the fake site: get one issue, search with (a subset of) JQL, match JQL. */

export function getIssue(req: ParsedRequest, _caller: unknown, idOrKey: string): SiteResponse {
  const index = indexSite(req.site);
  const issue = index.issueById.get(idOrKey) ?? index.issueByKey.get(idOrKey.toUpperCase());
  if (issue === undefined)
    return jiraError(404, 'Issue does not exist or you do not have permission to see it.');
  return json(200, issueBean(req.site, issue, listParam(req.query, 'fields')));
}

/** Page size caps of /search/jql: ids and keys are cheap, so those pages may be far larger. */
const SEARCH_MAX_IDS = 5000;
const SEARCH_MAX_FIELDS = 100;

export function searchJql(req: ParsedRequest): SiteResponse {
  if (req.bodyError !== null) return jiraError(400, `Invalid request payload. ${req.bodyError}`);
  const input = readSearchInput(req);
  if (typeof input === 'string') return jiraError(400, input);
  const byLabel = searchByLabel(req, input.jql);
  if (byLabel) return byLabel;
  const result = runJql(req.site, input.jql, { bounded: true });
  if (!result.ok) return jiraError(400, ...result.errors);
  const idsOnly = input.fields.every((f) => f === 'id' || f === 'key');
  const maxResults = Math.max(1, Math.min(input.maxResults, idsOnly ? SEARCH_MAX_IDS : SEARCH_MAX_FIELDS));
  let offset = 0;
  if (input.nextPageToken !== null) {
    const decoded = decodePageToken(input.nextPageToken, input.jql);
    if (decoded === null) return jiraError(400, 'The provided next page token is invalid or expired.');
    offset = decoded;
  }
  const page = result.issues.slice(offset, offset + maxResults);
  const isLast = offset + page.length >= result.issues.length;
  return json(200, {
    issues: page.map((issue) =>
      idsOnly
        ? { id: issue.id, ...(input.fields.includes('key') ? { key: issue.key } : {}) }
        : issueBean(req.site, issue, input.fields),
    ),
    ...(isLast ? {} : { nextPageToken: encodePageToken(offset + page.length, input.jql) }),
    isLast,
  });
}

interface SearchInput {
  readonly jql: string;
  readonly nextPageToken: string | null;
  readonly maxResults: number;
  readonly fields: readonly string[];
}

/** The same parameters come as a JSON body (POST) or as query parameters (GET). */
function readSearchInput(req: ParsedRequest): SearchInput | string {
  if (req.method === 'GET') {
    const maxResults = intParam(req.query, 'maxResults', 50);
    if (maxResults === null) return "The 'maxResults' parameter must be a number.";
    const fields = listParam(req.query, 'fields');
    return {
      jql: req.query.get('jql') ?? '',
      nextPageToken: req.query.get('nextPageToken'),
      maxResults,
      fields: fields.length > 0 ? fields : ['id'],
    };
  }
  const body = req.body === undefined ? {} : req.body;
  if (!isRecord(body)) return 'Invalid request payload. Refer to the REST API documentation and try again.';
  const { jql = '', nextPageToken = null, maxResults = 50, fields = ['id'] } = body;
  if (typeof jql !== 'string') return "The 'jql' field must be a string.";
  if (nextPageToken !== null && typeof nextPageToken !== 'string')
    return "The 'nextPageToken' field must be a string.";
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults))
    return "The 'maxResults' field must be an integer.";
  if (!Array.isArray(fields) || !fields.every((f): f is string => typeof f === 'string')) {
    return "The 'fields' field must be a list of strings.";
  }
  return { jql, nextPageToken, maxResults, fields: fields.length > 0 ? fields : ['id'] };
}

/** Page tokens are opaque to callers; this one carries the offset and is bound to the query it came from. */
function encodePageToken(offset: number, jql: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: checksum(jql) })).toString('base64url');
}

function decodePageToken(token: string, jql: string): number | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (isRecord(value) && typeof value.o === 'number' && value.q === checksum(jql)) return value.o;
  } catch {
    // Fall through: not a token this site issued.
  }
  return null;
}

function checksum(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

export function matchJql(req: ParsedRequest): SiteResponse {
  if (req.bodyError !== null) return jiraError(400, `Invalid request payload. ${req.bodyError}`);
  const body = req.body;
  if (!isRecord(body))
    return jiraError(400, 'Invalid request payload. Refer to the REST API documentation and try again.');
  const { issueIds, jqls } = body;
  if (!Array.isArray(issueIds) || !issueIds.every((id) => Number.isInteger(id))) {
    return jiraError(400, "The 'issueIds' field must be a list of issue ids.");
  }
  if (!Array.isArray(jqls) || jqls.length === 0 || !jqls.every((q): q is string => typeof q === 'string')) {
    return jiraError(400, "The 'jqls' field must be a non-empty list of JQL queries.");
  }
  const wanted = new Set((issueIds as number[]).map(String));
  return json(200, {
    matches: jqls.map((jql) => {
      // Matching is scoped by the given ids, so an unrestricted query is fine here.
      const result = runJql(req.site, jql, { bounded: false });
      if (!result.ok) return { matchedIssues: [], errors: result.errors };
      return {
        matchedIssues: result.issues
          .filter((i) => wanted.has(i.id))
          .map((i) => Number(i.id))
          .sort((a, b) => a - b),
        errors: [],
      };
    }),
  });
}
