import { historyIssueFields } from './fake-history';
import {
  initialsAvatar,
  intParam,
  jiraDateTime,
  json,
  type ParsedRequest,
  type SiteResponse,
} from './rest-support';
import { indexSite } from './site-index';
import type { Site, SiteIssue, SiteProject, SiteUser } from './site-model';

/**
 * Jira's REST v3 representations of the fake site's objects (User, UserDetails, Project, Issue), its
 * error body and its offset pages (PageBean), shared by the fake Jira endpoints.
 */

/** Jira's error body: `{ errorMessages, errors }`. */
export function jiraError(status: number, ...errorMessages: string[]): SiteResponse {
  return json(status, { errorMessages, errors: {} });
}

function userSelf(site: Site, accountId: string): string {
  return `${site.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`;
}

/** UserDetails: what Jira embeds for a person (assignee, group member, project lead). */
export function userDetails(site: Site, user: SiteUser): Record<string, unknown> {
  return {
    self: userSelf(site, user.accountId),
    accountId: user.accountId,
    avatarUrls: avatarUrls(user.displayName),
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
    accountType: user.accountType,
  };
}

/**
 * User: what `/user`, `/myself` and the user searches return. The email address is withheld (as under
 * the default profile visibility) except from the user themself.
 */
export function userBean(site: Site, user: SiteUser, options: { self: boolean; expand: readonly string[] }) {
  const groups = indexSite(site).groupsOfUser.get(user.accountId) ?? [];
  return {
    self: userSelf(site, user.accountId),
    accountId: user.accountId,
    accountType: user.accountType,
    ...(options.self && user.emailAddress !== null ? { emailAddress: user.emailAddress } : {}),
    avatarUrls: avatarUrls(user.displayName),
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
    locale: user.locale,
    groups: {
      size: groups.length,
      items: options.expand.includes('groups')
        ? groups.map((g) => ({
            name: g.name,
            groupId: g.groupId,
            self: `${site.baseUrl}/rest/api/3/group?groupId=${g.groupId}`,
          }))
        : [],
    },
    applicationRoles: { size: user.accountType === 'app' ? 0 : 1, items: [] },
    expand: 'groups,applicationRoles',
  };
}

function avatarUrls(displayName: string): Record<string, string> {
  return Object.fromEntries([48, 24, 16, 32].map((s) => [`${s}x${s}`, initialsAvatar(displayName, s)]));
}

export function projectBean(
  site: Site,
  project: SiteProject,
  expand: readonly string[],
): Record<string, unknown> {
  const lead = indexSite(site).userById.get(project.leadAccountId);
  return {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${site.baseUrl}/rest/api/3/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    avatarUrls: Object.fromEntries(
      [
        ['48x48', 'large'],
        ['24x24', 'small'],
        ['16x16', 'xsmall'],
        ['32x32', 'medium'],
      ].map(([k, size]) => [
        k,
        `${site.baseUrl}/rest/api/3/universal_avatar/view/type/project/avatar/10400?size=${size}`,
      ]),
    ),
    projectTypeKey: project.projectTypeKey,
    simplified: project.style === 'next-gen',
    style: project.style,
    isPrivate: false,
    properties: {},
    ...(expand.includes('lead') && lead !== undefined ? { lead: userDetails(site, lead) } : {}),
  };
}

const STATUS_CATEGORIES = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

/** The issue fields the fake site knows, in the REST v3 representation. */
function issueFields(site: Site, issue: SiteIssue): Record<string, unknown> {
  const index = indexSite(site);
  const base = site.baseUrl;
  const project = index.projectById.get(issue.projectId);
  const person = (id: string | null): unknown => {
    const user = id === null ? undefined : index.userById.get(id);
    return user === undefined ? null : userDetails(site, user);
  };
  return {
    summary: issue.summary,
    issuetype: {
      self: `${base}/rest/api/3/issuetype/${issue.issueType.id}`,
      id: issue.issueType.id,
      name: issue.issueType.name,
      subtask: issue.issueType.subtask,
      hierarchyLevel: issue.issueType.hierarchyLevel,
    },
    status: {
      self: `${base}/rest/api/3/status/${issue.status.id}`,
      name: issue.status.name,
      id: issue.status.id,
      statusCategory: {
        self: `${base}/rest/api/3/statuscategory/${STATUS_CATEGORIES[issue.status.categoryKey].id}`,
        ...STATUS_CATEGORIES[issue.status.categoryKey],
      },
    },
    priority: {
      self: `${base}/rest/api/3/priority/${issue.priority.id}`,
      name: issue.priority.name,
      id: issue.priority.id,
    },
    assignee: person(issue.assigneeId),
    reporter: person(issue.reporterId),
    project:
      project === undefined
        ? null
        : {
            self: `${base}/rest/api/3/project/${project.id}`,
            id: project.id,
            key: project.key,
            name: project.name,
            projectTypeKey: project.projectTypeKey,
            simplified: project.style === 'next-gen',
          },
    labels: issue.labels,
    created: jiraDateTime(issue.created),
    updated: jiraDateTime(issue.updated),
  };
}

/**
 * Jira's field selection: names, `*all` / `*navigable` for everything, `-name` to leave one out.
 * Unknown names are ignored, as Jira ignores them.
 */
function selectFields(all: Record<string, unknown>, requested: readonly string[]): Record<string, unknown> {
  const wantsAll = requested.length === 0 || requested.some((f) => f === '*all' || f === '*navigable');
  const excluded = new Set(requested.filter((f) => f.startsWith('-')).map((f) => f.slice(1)));
  const named = new Set(requested);
  return Object.fromEntries(
    Object.entries(all).filter(([k]) => (wantsAll || named.has(k)) && !excluded.has(k)),
  );
}

export function issueBean(site: Site, issue: SiteIssue, fields: readonly string[]): Record<string, unknown> {
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${site.baseUrl}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
    fields: selectFields(
      { ...issueFields(site, issue), ...historyIssueFields(site, issue.id, issue.reporterId) },
      fields,
    ),
  };
}

export interface Paging {
  readonly startAt: number;
  readonly maxResults: number;
}

/** startAt/maxResults with the endpoint's default and cap (Jira trims a larger maxResults silently). */
export function jiraPaging(req: ParsedRequest, defaultMax: number, cap: number): Paging | SiteResponse {
  const startAt = intParam(req.query, 'startAt', 0);
  const maxResults = intParam(req.query, 'maxResults', defaultMax);
  if (startAt === null) return jiraError(400, "The 'startAt' parameter must be a number.");
  if (maxResults === null) return jiraError(400, "The 'maxResults' parameter must be a number.");
  return { startAt, maxResults: Math.min(maxResults, cap) };
}

/** PageBean: `{ self, nextPage?, maxResults, startAt, total, isLast, values }`. */
export function pageBean<T>(
  req: ParsedRequest,
  paging: Paging,
  all: readonly T[],
  render: (item: T) => unknown,
  extraParams: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
  const values = paging.maxResults === 0 ? [] : all.slice(paging.startAt, paging.startAt + paging.maxResults);
  const isLast = paging.startAt + values.length >= all.length;
  const link = (startAt: number): string => {
    const params = new URLSearchParams(req.query);
    for (const [k, v] of Object.entries(extraParams)) params.set(k, v);
    params.set('startAt', String(startAt));
    params.set('maxResults', String(paging.maxResults));
    return `${req.site.baseUrl}${req.pathname}?${params.toString()}`;
  };
  return {
    self: link(paging.startAt),
    ...(isLast ? {} : { nextPage: link(paging.startAt + values.length) }),
    maxResults: paging.maxResults,
    startAt: paging.startAt,
    total: all.length,
    isLast,
    values: values.map(render),
  };
}
