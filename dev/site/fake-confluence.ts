import { intParam, json, listParam, type ParsedRequest, type SiteResponse } from './rest-support';
import { indexSite } from './site-index';
import type { Site, SiteGroup, SitePage, SiteSpace, SiteUser } from './site-model';

/**
 * The Confluence Cloud REST endpoints the app calls: v1 (`/wiki/rest/api`, errors as
 * `{ statusCode, data, message }`) and v2 (`/wiki/api/v2`, cursor pages, errors as `{ errors: [...] }`).
 */
export function handleConfluence(req: ParsedRequest): SiteResponse {
  const v2 = req.pathname.startsWith('/wiki/api/v2/');
  const route = CONFLUENCE_ROUTES.find((r) => r.pattern.test(req.pathname));
  if (route === undefined)
    return v2 ? v2Error(404, 'NOT_FOUND', 'Not Found') : v1Error(404, `null for uri: ${req.pathname}`);
  if (!route.methods.includes(req.method)) return { status: 405, headers: {}, body: null };
  const caller = indexSite(req.site).userById.get(req.asAccountId ?? req.site.appAccountId);
  if (caller === undefined) {
    return v2
      ? v2Error(401, 'UNAUTHORIZED', 'Unauthorized')
      : v1Error(401, 'This request requires authentication.');
  }
  const match = route.pattern.exec(req.pathname);
  return route.handle(req, caller, match?.[1] === undefined ? '' : decodeURIComponent(match[1]));
}

interface Route {
  readonly pattern: RegExp;
  readonly methods: readonly string[];
  readonly handle: (req: ParsedRequest, caller: SiteUser, param: string) => SiteResponse;
}

const CONFLUENCE_ROUTES: readonly Route[] = [
  { pattern: /^\/wiki\/rest\/api\/user\/current$/, methods: ['GET'], handle: currentUser },
  { pattern: /^\/wiki\/rest\/api\/user$/, methods: ['GET'], handle: getUser },
  { pattern: /^\/wiki\/rest\/api\/group\/member$/, methods: ['GET'], handle: membersByName },
  { pattern: /^\/wiki\/rest\/api\/group\/([^/]+)\/membersByGroupId$/, methods: ['GET'], handle: membersById },
  { pattern: /^\/wiki\/rest\/api\/audit$/, methods: ['GET'], handle: auditRecords },
  { pattern: /^\/wiki\/api\/v2\/spaces$/, methods: ['GET'], handle: listSpaces },
  {
    pattern: /^\/wiki\/api\/v2\/pages\/([^/]+)$/,
    methods: ['GET'],
    handle: (r, c, id) => getContent(r, id, 'page'),
  },
  {
    pattern: /^\/wiki\/api\/v2\/blogposts\/([^/]+)$/,
    methods: ['GET'],
    handle: (r, c, id) => getContent(r, id, 'blogpost'),
  },
];

/** The v1 API's error body. */
export function v1Error(statusCode: number, message: string): SiteResponse {
  return json(statusCode, {
    statusCode,
    data: {
      authorized: statusCode !== 401 && statusCode !== 403,
      valid: true,
      errors: [],
      successful: false,
    },
    message,
  });
}

/** The v2 API's error body. */
export function v2Error(
  status: number,
  code: string,
  title: string,
  detail: string | null = null,
): SiteResponse {
  return json(status, { errors: [{ status, code, title, detail }] });
}

/**
 * Whether the caller administers Confluence. As in Jira, an app with configuration scopes does when it
 * calls as itself (`asApp()`), never through a call made as a user, app account or not; people do when
 * the sandbox's Confluence admins name them (SANDBOX_ADMIN, SANDBOX_CONFLUENCE_ADMIN).
 */
function isAdmin(req: ParsedRequest, caller: SiteUser): boolean {
  if (caller.accountType === 'app') return req.asAccountId === null;
  return req.admins.has(caller.accountId);
}

function wiki(site: Site): string {
  return `${site.baseUrl}/wiki`;
}

// ---------------------------------------------------------------------------------------------- users

/**
 * The v1 User. Confluence withholds the email address from everyone but the user themself (default
 * profile visibility); `operations` only when expanded, listed under `_expandable` otherwise.
 */
function userBean(req: ParsedRequest, user: SiteUser, options: { self: boolean; admin: boolean }) {
  const expand = listParam(req.query, 'expand');
  const operations = [
    { operation: 'use', targetType: 'application' },
    { operation: 'create', targetType: 'page' },
    { operation: 'create', targetType: 'blogpost' },
    ...(options.admin
      ? [
          { operation: 'administer', targetType: 'application' },
          { operation: 'create', targetType: 'space' },
        ]
      : []),
  ];
  const expandable: Record<string, string> = { operations: '', personalSpace: '' };
  if (expand.includes('operations')) delete expandable.operations;
  return {
    type: 'known',
    accountId: user.accountId,
    accountType: user.accountType,
    email: options.self && user.emailAddress !== null ? user.emailAddress : '',
    publicName: user.displayName,
    profilePicture: {
      path: `/wiki/aa-avatar/${user.accountId}`,
      width: 48,
      height: 48,
      isDefault: false,
    },
    displayName: user.displayName,
    isExternalCollaborator: false,
    ...(expand.includes('operations') ? { operations } : {}),
    _expandable: expandable,
    _links: {
      self: `${wiki(req.site)}/rest/api/user?accountId=${encodeURIComponent(user.accountId)}`,
      base: wiki(req.site),
      context: '/wiki',
    },
  };
}

function currentUser(req: ParsedRequest, caller: SiteUser): SiteResponse {
  return json(200, userBean(req, caller, { self: true, admin: isAdmin(req, caller) }));
}

function getUser(req: ParsedRequest): SiteResponse {
  const accountId = req.query.get('accountId');
  if (!accountId) return v1Error(400, "The 'accountId' query parameter is required.");
  const user = indexSite(req.site).userById.get(accountId);
  if (user === undefined) {
    return v1Error(
      404,
      `com.atlassian.confluence.api.service.exceptions.NotFoundException: No user found with accountId: ${accountId}`,
    );
  }
  return json(200, userBean(req, user, { self: false, admin: req.admins.has(user.accountId) }));
}

function membersByName(req: ParsedRequest): SiteResponse {
  const name = req.query.get('name');
  if (!name) return v1Error(400, "The 'name' query parameter is required.");
  const group = indexSite(req.site).groupByName.get(name);
  if (group === undefined) return v1Error(404, `Group with name '${name}' does not exist.`);
  return groupPage(req, group);
}

function membersById(req: ParsedRequest, _caller: SiteUser, groupId: string): SiteResponse {
  const group = indexSite(req.site).groupById.get(groupId);
  if (group === undefined) return v1Error(404, `Group with id '${groupId}' does not exist.`);
  return groupPage(req, group);
}

/** v1 offset pages: `{ results, start, limit, size, _links: { next? } }`; default and cap 200 users. */
function groupPage(req: ParsedRequest, group: SiteGroup): SiteResponse {
  const start = intParam(req.query, 'start', 0);
  const limit = intParam(req.query, 'limit', 200);
  if (start === null || limit === null)
    return v1Error(400, "The 'start' and 'limit' parameters must be numbers.");
  const capped = Math.min(limit, 200);
  const index = indexSite(req.site);
  const members = group.memberIds
    .map((id) => index.userById.get(id))
    .filter((u): u is SiteUser => u !== undefined);
  const results = members.slice(start, start + capped);
  const link = (at: number): string => {
    const params = new URLSearchParams(req.query);
    params.set('start', String(at));
    params.set('limit', String(capped));
    return `${req.pathname.replace(/^\/wiki/, '')}?${params.toString()}`;
  };
  const more = start + results.length < members.length;
  const withTotal = req.query.get('shouldReturnTotalSize') === 'true';
  return json(200, {
    results: results.map((u) => userBean(req, u, { self: false, admin: req.admins.has(u.accountId) })),
    start,
    limit: capped,
    size: results.length,
    ...(withTotal ? { totalSize: members.length } : {}),
    _links: {
      base: wiki(req.site),
      context: '/wiki',
      ...(more ? { next: link(start + results.length) } : {}),
      self: `${wiki(req.site)}${req.pathname.replace(/^\/wiki/, '')}`,
    },
  });
}

// --------------------------------------------------------------------------------------------- spaces

const SPACE_SORTS = ['id', '-id', 'key', '-key', 'name', '-name'] as const;

function listSpaces(req: ParsedRequest): SiteResponse {
  const limit = intParam(req.query, 'limit', 25);
  if (limit === null || limit < 1 || limit > 250) {
    return v2Error(400, 'INVALID_REQUEST_PARAMETER', 'Limit must be between 1 and 250.');
  }
  const sort = req.query.get('sort') ?? 'id';
  if (!(SPACE_SORTS as readonly string[]).includes(sort)) {
    return v2Error(400, 'INVALID_REQUEST_PARAMETER', `Invalid value for sort: ${sort}`);
  }
  const cursor = req.query.get('cursor');
  const after = cursor === null ? 0 : decodeCursor(cursor);
  if (after === null) return v2Error(400, 'INVALID_REQUEST_PARAMETER', 'Invalid cursor');
  const ids = new Set(listParam(req.query, 'ids'));
  const keys = new Set(listParam(req.query, 'keys'));
  const type = req.query.get('type');
  const status = req.query.get('status');
  const field = sort.replace(/^-/, '') as 'id' | 'key' | 'name';
  const spaces = req.site.spaces
    .filter((s) => ids.size === 0 || ids.has(s.id))
    .filter((s) => keys.size === 0 || keys.has(s.key))
    .filter((s) => type === null || s.type === type)
    .filter((s) => status === null || s.status === status)
    .sort((a, b) => {
      const x = field === 'id' ? Number(a.id) : a[field];
      const y = field === 'id' ? Number(b.id) : b[field];
      return (x < y ? -1 : x > y ? 1 : 0) * (sort.startsWith('-') ? -1 : 1);
    });
  const results = spaces.slice(after, after + limit);
  const more = after + results.length < spaces.length;
  let next: string | undefined;
  if (more) {
    const params = new URLSearchParams(req.query);
    params.set('cursor', encodeCursor(after + results.length));
    next = `/wiki/api/v2/spaces?${params.toString()}`;
  }
  return json(
    200,
    {
      results: results.map((s) => spaceBean(req.site, s)),
      _links: { ...(next === undefined ? {} : { next }), base: wiki(req.site) },
    },
    next === undefined ? {} : { link: `<${next}>; rel="next", <${wiki(req.site)}>; rel="base"` },
  );
}

function spaceBean(site: Site, space: SiteSpace): Record<string, unknown> {
  return {
    id: space.id,
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    authorId: space.authorId,
    createdAt: space.createdAt,
    homepageId: space.homepageId,
    spaceOwnerId: space.authorId,
    currentActiveAlias: space.key,
    description: null,
    icon: null,
    _links: { webui: `/spaces/${space.key}` },
  };
}

/** Cursors are opaque to callers; this one is the offset, base64url-encoded. */
function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number | null {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match?.[1] === undefined ? null : Number(match[1]);
}

// ---------------------------------------------------------------------------------------------- pages

function getContent(req: ParsedRequest, id: string, type: SitePage['type']): SiteResponse {
  if (!/^\d+$/.test(id)) return v2Error(400, 'INVALID_REQUEST_PARAMETER', `Invalid id: ${id}`);
  const page = indexSite(req.site).pageById.get(id);
  if (page === undefined || page.type !== type) return v2Error(404, 'NOT_FOUND', 'Not Found');
  const space = indexSite(req.site).spaceById.get(page.spaceId);
  const slug = page.title.replace(/[^A-Za-z0-9]+/g, '+').replace(/^\+|\+$/g, '');
  const web =
    type === 'page'
      ? `/spaces/${space?.key ?? ''}/pages/${page.id}/${slug}`
      : `/spaces/${space?.key ?? ''}/blog/${page.id}`;
  return json(200, {
    id: page.id,
    status: 'current',
    title: page.title,
    spaceId: page.spaceId,
    ...(type === 'page'
      ? { parentId: page.parentId, parentType: page.parentId === null ? null : 'page', position: 0 }
      : {}),
    authorId: page.authorId,
    ...(type === 'page' ? { ownerId: page.authorId, lastOwnerId: null } : {}),
    createdAt: page.createdAt,
    version: {
      createdAt: page.versionCreatedAt,
      message: '',
      number: page.version,
      minorEdit: false,
      authorId: page.versionAuthorId,
    },
    body: {},
    _links: {
      webui: web,
      editui: `/pages/resumedraft.action?draftId=${page.id}`,
      tinyui: `/x/${tiny(page.id)}`,
      base: wiki(req.site),
    },
  });
}

/** Confluence's short links encode the content id's bytes; any stable encoding serves here. */
function tiny(id: string): string {
  const hex = Number(id).toString(16);
  return Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex').toString('base64url');
}

// ---------------------------------------------------------------------------------------------- audit

function auditRecords(req: ParsedRequest, caller: SiteUser): SiteResponse {
  if (!isAdmin(req, caller)) {
    return v1Error(
      403,
      'Could not retrieve audit records: the Confluence Administrator permission is required.',
    );
  }
  const start = intParam(req.query, 'start', 0);
  const limit = intParam(req.query, 'limit', 1000);
  const startDate = intParam(req.query, 'startDate', 0);
  const endDate = intParam(req.query, 'endDate', Number.MAX_SAFE_INTEGER);
  if (start === null || limit === null || startDate === null || endDate === null) {
    return v1Error(400, "The 'start', 'limit', 'startDate' and 'endDate' parameters must be numbers.");
  }
  const search = (req.query.get('searchString') ?? '').toLowerCase();
  const records = [...(req.auditRecords.confluence ?? [])]
    .filter((r) => {
      const at = Number(r.creationDate);
      return (
        at >= startDate &&
        at <= endDate &&
        (search === '' || JSON.stringify(r).toLowerCase().includes(search))
      );
    })
    // Newest first, as Confluence returns them.
    .sort((a, b) => Number(b.creationDate) - Number(a.creationDate));
  const capped = Math.min(limit, 1000);
  const results = records.slice(start, start + capped);
  const more = start + results.length < records.length;
  const params = new URLSearchParams(req.query);
  params.set('start', String(start + results.length));
  params.set('limit', String(capped));
  return json(200, {
    results,
    start,
    limit: capped,
    size: results.length,
    _links: {
      base: wiki(req.site),
      context: '/wiki',
      ...(more ? { next: `/rest/api/audit?${params.toString()}` } : {}),
      self: `${wiki(req.site)}/rest/api/audit`,
    },
  });
}
