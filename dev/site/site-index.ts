import type { Site, SiteGroup, SiteIssue, SitePage, SiteProject, SiteSpace, SiteUser } from './site-model';

/** Lookups over a site, built once per site object (the REST handlers answer thousands of calls). */
export interface SiteIndex {
  readonly userById: ReadonlyMap<string, SiteUser>;
  readonly groupByName: ReadonlyMap<string, SiteGroup>;
  readonly groupById: ReadonlyMap<string, SiteGroup>;
  readonly groupsOfUser: ReadonlyMap<string, readonly SiteGroup[]>;
  readonly projectById: ReadonlyMap<string, SiteProject>;
  /** Upper-cased key, as Jira matches project and issue keys case-insensitively. */
  readonly projectByKey: ReadonlyMap<string, SiteProject>;
  readonly issueById: ReadonlyMap<string, SiteIssue>;
  readonly issueByKey: ReadonlyMap<string, SiteIssue>;
  readonly spaceById: ReadonlyMap<string, SiteSpace>;
  readonly pageById: ReadonlyMap<string, SitePage>;
}

const cache = new WeakMap<Site, SiteIndex>();

export function indexSite(site: Site): SiteIndex {
  const cached = cache.get(site);
  if (cached !== undefined) return cached;
  const groupsOfUser = new Map<string, SiteGroup[]>();
  for (const group of site.groups) {
    for (const id of group.memberIds) groupsOfUser.set(id, [...(groupsOfUser.get(id) ?? []), group]);
  }
  const index: SiteIndex = {
    userById: new Map(site.users.map((u) => [u.accountId, u])),
    groupByName: new Map(site.groups.map((g) => [g.name, g])),
    groupById: new Map(site.groups.map((g) => [g.groupId, g])),
    groupsOfUser,
    projectById: new Map(site.projects.map((p) => [p.id, p])),
    projectByKey: new Map(site.projects.map((p) => [p.key.toUpperCase(), p])),
    issueById: new Map(site.issues.map((i) => [i.id, i])),
    issueByKey: new Map(site.issues.map((i) => [i.key.toUpperCase(), i])),
    spaceById: new Map(site.spaces.map((s) => [s.id, s])),
    pageById: new Map(site.pages.map((p) => [p.id, p])),
  };
  cache.set(site, index);
  return index;
}
