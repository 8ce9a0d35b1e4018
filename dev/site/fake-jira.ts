import { createIssue } from './fake-jira-created';
import { getIssue, matchJql, searchJql } from './fake-jira-issues';
import { jiraError, jiraPaging, pageBean, projectBean, userBean, userDetails } from './jira-json';
import { intParam, json, listParam, type ParsedRequest, type SiteResponse } from './rest-support';
import { indexSite } from './site-index';
import type { SiteUser } from './site-model';

/**
 * The Jira Cloud REST v3 endpoints the app calls, answered from the fake site with the real API's paths,
 * parameters, response shapes and error bodies (`{ errorMessages, errors }`).
 */
export function handleJira(req: ParsedRequest): SiteResponse {
  const route = JIRA_ROUTES.find((r) => r.pattern.test(req.pathname));
  if (route === undefined) return notFoundUri(req);
  if (!route.methods.includes(req.method)) return { status: 405, headers: {}, body: null };
  const caller = callerOf(req);
  if (caller === undefined) return jiraError(401, 'Client must be authenticated to access this resource.');
  const match = route.pattern.exec(req.pathname);
  return route.handle(req, caller, match?.[1] === undefined ? '' : decodeURIComponent(match[1]));
}

/** The calling user: the site's app user for `asApp()`; undefined for an account the site does not know. */
type Caller = SiteUser;

interface Route {
  readonly pattern: RegExp;
  readonly methods: readonly string[];
  readonly handle: (req: ParsedRequest, caller: Caller, param: string) => SiteResponse;
}

const JIRA_ROUTES: readonly Route[] = [
  { pattern: /^\/rest\/api\/3\/myself$/, methods: ['GET'], handle: myself },
  { pattern: /^\/rest\/api\/3\/mypermissions$/, methods: ['GET'], handle: myPermissions },
  { pattern: /^\/rest\/api\/3\/user$/, methods: ['GET'], handle: getUser },
  { pattern: /^\/rest\/api\/3\/user\/bulk$/, methods: ['GET'], handle: bulkUsers },
  { pattern: /^\/rest\/api\/3\/users(?:\/search)?$/, methods: ['GET'], handle: searchUsers },
  { pattern: /^\/rest\/api\/3\/user\/search$/, methods: ['GET'], handle: findUsers },
  { pattern: /^\/rest\/api\/3\/group\/member$/, methods: ['GET'], handle: groupMembers },
  { pattern: /^\/rest\/api\/3\/groups\/picker$/, methods: ['GET'], handle: groupsPicker },
  { pattern: /^\/rest\/api\/3\/project\/search$/, methods: ['GET'], handle: searchProjects },
  { pattern: /^\/rest\/api\/3\/project\/([^/]+)$/, methods: ['GET'], handle: getProject },
  {
    pattern: /^\/rest\/api\/3\/issue$/,
    methods: ['POST'],
    handle: (req, caller) => createIssue(req, caller.accountId),
  },
  { pattern: /^\/rest\/api\/3\/issue\/([^/]+)$/, methods: ['GET'], handle: getIssue },
  { pattern: /^\/rest\/api\/3\/search\/jql$/, methods: ['GET', 'POST'], handle: searchJql },
  { pattern: /^\/rest\/api\/3\/jql\/match$/, methods: ['POST'], handle: matchJql },
  { pattern: /^\/rest\/api\/3\/auditing\/record$/, methods: ['GET'], handle: auditRecords },
];

/** Jira's answer for a path no resource matches (its REST framework's, not the `errorMessages` shape). */
function notFoundUri(req: ParsedRequest): SiteResponse {
  const uri = `${req.site.baseUrl}${req.pathname}${req.query.size > 0 ? `?${req.query.toString()}` : ''}`;
  return json(404, { message: `null for uri: ${uri}`, 'status-code': 404 });
}

function callerOf(req: ParsedRequest): Caller | undefined {
  const id = req.asAccountId ?? req.site.appAccountId;
  return indexSite(req.site).userById.get(id);
}

/**
 * Whether the caller holds Administer Jira. An app holding `manage:jira-configuration` does when it calls
 * as itself (`asApp()`: its app user is in the add-ons admin group); a call made as a user carries that
 * user's rights only, so `asUser(<an app account's id>)` is not an admin. People are admins when the
 * sandbox's Jira admins name them (SANDBOX_ADMIN, SANDBOX_JIRA_ADMIN).
 */
function isAdmin(req: ParsedRequest, caller: Caller): boolean {
  if (caller.accountType === 'app') return req.asAccountId === null;
  return req.admins.has(caller.accountId);
}

// ---------------------------------------------------------------------------------------------- users

function myself(req: ParsedRequest, caller: Caller): SiteResponse {
  return json(200, userBean(req.site, caller, { self: true, expand: listParam(req.query, 'expand') }));
}

const PERMISSIONS: Readonly<
  Record<
    string,
    { id: string; name: string; type: 'GLOBAL' | 'PROJECT'; description: string; admin: boolean }
  >
> = {
  ADMINISTER: {
    id: '0',
    name: 'Administer Jira',
    type: 'GLOBAL',
    description:
      'Create and administer projects, issue types, fields, workflows, and schemes for all projects. Users with this permission can perform most administration tasks, except: managing users, importing data, and editing system email settings.',
    admin: true,
  },
  SYSTEM_ADMIN: {
    id: '44',
    name: 'Jira System Administrator',
    type: 'GLOBAL',
    description:
      'Ability to perform all administration functions. There must be at least one group with this permission.',
    admin: true,
  },
  USER_PICKER: {
    id: '27',
    name: 'Browse users and groups',
    type: 'GLOBAL',
    description:
      'View and select users or groups from the user picker, and share issues. Users with this permission can see the names of all users and groups on your site.',
    admin: false,
  },
  BROWSE_PROJECTS: {
    id: '10',
    name: 'Browse Projects',
    type: 'PROJECT',
    description: 'Ability to browse projects and the issues within them.',
    admin: false,
  },
};

function myPermissions(req: ParsedRequest, caller: Caller): SiteResponse {
  const keys = listParam(req.query, 'permissions');
  if (keys.length === 0) return jiraError(400, "The 'permissions' query parameter is required.");
  const unknown = keys.filter((k) => PERMISSIONS[k] === undefined);
  if (unknown.length > 0) return jiraError(400, ...unknown.map((k) => `Unrecognized permission key: ${k}`));
  const permissions: Record<string, unknown> = {};
  for (const key of keys) {
    const p = PERMISSIONS[key];
    if (p === undefined) continue;
    permissions[key] = {
      id: p.id,
      key,
      name: p.name,
      type: p.type,
      description: p.description,
      havePermission: p.admin ? isAdmin(req, caller) : caller.active,
    };
  }
  return json(200, { permissions });
}

function getUser(req: ParsedRequest): SiteResponse {
  const accountId = req.query.get('accountId');
  if (accountId === null || accountId === '') {
    return jiraError(400, "The 'accountId' query parameter needs to be provided");
  }
  const user = indexSite(req.site).userById.get(accountId);
  if (user === undefined)
    return jiraError(404, 'Specified user does not exist or you do not have required permissions');
  return json(200, userBean(req.site, user, { self: false, expand: listParam(req.query, 'expand') }));
}

function bulkUsers(req: ParsedRequest): SiteResponse {
  const ids = req.query.getAll('accountId');
  if (ids.length === 0) return jiraError(400, "The 'accountId' query parameter needs to be provided");
  const paging = jiraPaging(req, 10, 200);
  if ('status' in paging) return paging;
  const index = indexSite(req.site);
  // Unknown ids are left out, not reported: the bulk call answers for the users it can see.
  const users = ids.map((id) => index.userById.get(id)).filter((u): u is SiteUser => u !== undefined);
  return json(
    200,
    pageBean(req, paging, users, (u) => userBean(req.site, u, { self: false, expand: [] })),
  );
}

function searchUsers(req: ParsedRequest): SiteResponse {
  const paging = jiraPaging(req, 50, 1000);
  if ('status' in paging) return paging;
  const values = req.site.users.slice(paging.startAt, paging.startAt + paging.maxResults);
  return json(
    200,
    values.map((u) => userBean(req.site, u, { self: false, expand: [] })),
  );
}

/**
 * Find users (`/user/search?query=`): active accounts whose display name or email address starts with
 * the query, or has a word that does, any case, as Jira matches them ("mia mensah" finds Mia Mensah).
 */
function findUsers(req: ParsedRequest): SiteResponse {
  const query = (req.query.get('query') ?? '').trim().toLowerCase();
  if (query === '' && !req.query.get('accountId')) {
    return jiraError(400, "One of 'query' or 'accountId' or 'property' parameters must be provided.");
  }
  const paging = jiraPaging(req, 50, 1000);
  if ('status' in paging) return paging;
  const accountId = req.query.get('accountId');
  const words = (u: SiteUser) => `${u.displayName} ${u.emailAddress ?? ''}`.toLowerCase().split(/[\s@.]+/);
  const starts = (u: SiteUser) =>
    [u.displayName, u.emailAddress ?? ''].some((v) => v.toLowerCase().startsWith(query)) ||
    words(u).some((w) => w.startsWith(query));
  const found = req.site.users.filter((u) => u.active && (accountId ? u.accountId === accountId : starts(u)));
  return json(
    200,
    found
      .slice(paging.startAt, paging.startAt + paging.maxResults)
      .map((u) => userBean(req.site, u, { self: false, expand: [] })),
  );
}

// --------------------------------------------------------------------------------------------- groups

function groupMembers(req: ParsedRequest): SiteResponse {
  const name = req.query.get('groupname');
  const id = req.query.get('groupId');
  if (!name && !id) return jiraError(400, 'You must specify a group name or a group ID.');
  const index = indexSite(req.site);
  const group = id ? index.groupById.get(id) : index.groupByName.get(name ?? '');
  if (group === undefined) {
    return jiraError(
      404,
      id ? `The group with id '${id}' does not exist.` : `The group named '${name}' does not exist.`,
    );
  }
  // The group endpoint pages by at most 50, whatever is asked.
  const paging = jiraPaging(req, 50, 50);
  if ('status' in paging) return paging;
  const includeInactive = req.query.get('includeInactiveUsers') === 'true';
  const members = group.memberIds
    .map((m) => index.userById.get(m))
    .filter((u): u is SiteUser => u !== undefined && (includeInactive || u.active));
  return json(
    200,
    pageBean(req, paging, members, (u) => userDetails(req.site, u), {
      includeInactiveUsers: String(includeInactive),
    }),
  );
}

function groupsPicker(req: ParsedRequest): SiteResponse {
  const query = req.query.get('query') ?? '';
  const caseInsensitive = req.query.get('caseInsensitive') === 'true';
  const exclude = new Set(req.query.getAll('exclude'));
  const excludeIds = new Set(req.query.getAll('excludeId'));
  const maxResults = intParam(req.query, 'maxResults', 20);
  if (maxResults === null) return jiraError(400, "The 'maxResults' parameter must be a number.");
  const needle = caseInsensitive ? query.toLowerCase() : query;
  const found = req.site.groups
    .filter((g) => !exclude.has(g.name) && !excludeIds.has(g.groupId))
    .filter((g) => (caseInsensitive ? g.name.toLowerCase() : g.name).includes(needle))
    .sort((a, b) => a.name.localeCompare(b.name));
  const shown = found.slice(0, maxResults);
  return json(200, {
    header: `Showing ${shown.length} of ${found.length} matching groups`,
    total: found.length,
    groups: shown.map((g) => ({
      name: g.name,
      html: highlight(g.name, needle, caseInsensitive),
      labels: [],
      groupId: g.groupId,
    })),
  });
}

function highlight(name: string, needle: string, caseInsensitive: boolean): string {
  if (needle === '') return name;
  const at = (caseInsensitive ? name.toLowerCase() : name).indexOf(needle);
  if (at < 0) return name;
  return `${name.slice(0, at)}<b>${name.slice(at, at + needle.length)}</b>${name.slice(at + needle.length)}`;
}

// ------------------------------------------------------------------------------------------- projects

function searchProjects(req: ParsedRequest): SiteResponse {
  const paging = jiraPaging(req, 50, 100);
  if ('status' in paging) return paging;
  const keys = new Set(listParam(req.query, 'keys').map((k) => k.toUpperCase()));
  const ids = new Set(listParam(req.query, 'id'));
  const query = (req.query.get('query') ?? '').toLowerCase();
  const typeKeys = new Set(listParam(req.query, 'typeKey'));
  const orderBy = req.query.get('orderBy') ?? 'key';
  const field = orderBy.replace(/^[+-]/, '');
  if (!['key', 'name', 'id'].includes(field)) {
    return jiraError(
      400,
      `Invalid orderBy value: ${orderBy}. The sandbox orders projects by key, name or id.`,
    );
  }
  const projects = req.site.projects
    .filter((p) => keys.size === 0 || keys.has(p.key))
    .filter((p) => ids.size === 0 || ids.has(p.id))
    .filter((p) => typeKeys.size === 0 || typeKeys.has(p.projectTypeKey))
    .filter((p) => query === '' || p.key.toLowerCase() === query || p.name.toLowerCase().includes(query))
    .sort((a, b) => {
      const x = field === 'id' ? Number(a.id) : field === 'name' ? a.name : a.key;
      const y = field === 'id' ? Number(b.id) : field === 'name' ? b.name : b.key;
      return (x < y ? -1 : x > y ? 1 : 0) * (orderBy.startsWith('-') ? -1 : 1);
    });
  const expand = listParam(req.query, 'expand');
  return json(
    200,
    pageBean(req, paging, projects, (p) => projectBean(req.site, p, expand)),
  );
}

function getProject(req: ParsedRequest, _caller: Caller, idOrKey: string): SiteResponse {
  const index = indexSite(req.site);
  const project = index.projectById.get(idOrKey) ?? index.projectByKey.get(idOrKey.toUpperCase());
  if (project === undefined) {
    return jiraError(404, "No project could be found with key '" + idOrKey + "'.");
  }
  return json(200, projectBean(req.site, project, ['lead', ...listParam(req.query, 'expand')]));
}

// --------------------------------------------------------------------------------------------- issues

// ---------------------------------------------------------------------------------------------- audit

function auditRecords(req: ParsedRequest, caller: Caller): SiteResponse {
  if (!isAdmin(req, caller)) return jiraError(403, 'You do not have permission to view the audit log.');
  const offset = intParam(req.query, 'offset', 0);
  const limit = intParam(req.query, 'limit', 1000);
  if (offset === null || limit === null)
    return jiraError(400, "The 'offset' and 'limit' parameters must be numbers.");
  const from = dateParam(req.query.get('from'));
  const to = dateParam(req.query.get('to'));
  if (from === null || to === null)
    return jiraError(400, "The 'from' and 'to' parameters must be ISO 8601 dates.");
  const words = (req.query.get('filter') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const records = [...(req.auditRecords.jira ?? [])]
    .filter((r) => {
      const created = Date.parse(String(r.created ?? ''));
      if (from !== undefined && !(created >= from)) return false;
      if (to !== undefined && !(created <= to)) return false;
      const text = JSON.stringify(r).toLowerCase();
      return words.every((w) => text.includes(w));
    })
    // Newest first, as Jira returns them.
    .sort((a, b) => Date.parse(String(b.created ?? '')) - Date.parse(String(a.created ?? '')));
  const page = records.slice(offset, offset + Math.min(limit, 1000));
  return json(200, { offset, limit: Math.min(limit, 1000), total: records.length, records: page });
}

function dateParam(raw: string | null): number | undefined | null {
  if (raw === null || raw === '') return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}

// --------------------------------------------------------------------------------------------- paging
