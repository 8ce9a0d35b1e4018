import type { SiteHistory } from './site-history';
import { buildConfluence } from './build-confluence';
import { buildIssues, buildProjectConfig } from './build-jira';
import { assignHomeSpaces, buildGroups, buildUsers, pickMember } from './build-people';
import { createRandom, type Random } from './random';
import { plainText, type SiteText } from './site-text';
import { DAY_MS, ISSUE_LINK_TYPES, ISSUE_TYPES, PRIORITIES, STATUSES } from './site-catalogue';
import { LABELS, PROJECT_NAMES, SPACE_NAMES } from './vocabulary';

export { GROUP_NAMES, ISSUE_LINK_TYPES, ISSUE_TYPES, PRIORITIES, STATUSES } from './site-catalogue';
export { issueSummary } from './build-jira';

/**
 * A fake Atlassian site: the people, groups, projects, issues, spaces and pages that the sandbox's fake
 * REST APIs answer about and that the synthetic activity happens to. Plain readonly data, JSON-friendly
 * (dates are ISO strings), built deterministically from a seed.
 */
export interface Site {
  readonly seed: number;
  /** e.g. 'https://sandbox.atlassian.net'; REST `self` links are built on it. */
  readonly baseUrl: string;
  readonly cloudId: string;
  /** The app's own user, which answers `myself` and `user/current` when the app calls as itself. */
  readonly appAccountId: string;
  readonly users: readonly SiteUser[];
  readonly groups: readonly SiteGroup[];
  readonly projects: readonly SiteProject[];
  readonly issueTypes: readonly SiteIssueType[];
  readonly statuses: readonly SiteStatus[];
  readonly priorities: readonly SitePriority[];
  readonly issueLinkTypes: readonly SiteIssueLinkType[];
  readonly issues: readonly SiteIssue[];
  readonly versions: readonly SiteVersion[];
  readonly components: readonly SiteComponent[];
  readonly filters: readonly SiteFilter[];
  readonly spaces: readonly SiteSpace[];
  readonly pages: readonly SitePage[];
  /** Confluence labels in use on the site. */
  readonly labels: readonly SiteLabel[];
  /** What the products keep of the activity on the site, where it has any (`withHistory`). */
  readonly history?: SiteHistory;
}

export type SiteAccountType = 'atlassian' | 'app';

export interface SiteUser {
  readonly accountId: string;
  readonly accountType: SiteAccountType;
  readonly displayName: string;
  /** Null for apps, which have no mailbox. */
  readonly emailAddress: string | null;
  /** Deactivated accounts stay on the site (their history does too) but do nothing new. */
  readonly active: boolean;
  readonly timeZone: string;
  readonly locale: string;
  /**
   * This user's share of the site's activity, Zipf-distributed over the users so that a few are very busy
   * and most are light, as on real sites; 0 for people who never act (deactivated, or licensed but idle),
   * which is what "inactive users" in the insights are about.
   */
  readonly weight: number;
  /** Where this person mostly works; activity leans towards these. */
  readonly homeProjectIds: readonly string[];
  readonly homeSpaceIds: readonly string[];
}

export interface SiteGroup {
  /** Groups are identified by a UUID across Atlassian products; the name can change. */
  readonly groupId: string;
  readonly name: string;
  readonly memberIds: readonly string[];
}

export interface SiteProject {
  /** Numeric string, e.g. '10000', as Jira ids are. */
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly projectTypeKey: string;
  readonly leadAccountId: string;
  /** 'classic' (company-managed) or 'next-gen' (team-managed). */
  readonly style: 'classic' | 'next-gen';
}

export interface SiteIssueType {
  readonly id: string;
  readonly name: string;
  readonly subtask: boolean;
  readonly hierarchyLevel: number;
}

export interface SiteStatus {
  readonly id: string;
  readonly name: string;
  readonly categoryKey: 'new' | 'indeterminate' | 'done';
}

export interface SitePriority {
  readonly id: string;
  readonly name: string;
}

export interface SiteIssueLinkType {
  readonly id: string;
  readonly name: string;
  readonly inward: string;
  readonly outward: string;
}

export interface SiteIssue {
  /** Numeric string; one counter across the site, in creation order, as Jira's are. */
  readonly id: string;
  /** `PROJ-N`, N counting per project. */
  readonly key: string;
  readonly projectId: string;
  readonly summary: string;
  readonly issueType: SiteIssueType;
  readonly status: SiteStatus;
  readonly priority: SitePriority;
  readonly assigneeId: string | null;
  readonly reporterId: string;
  readonly labels: readonly string[];
  readonly created: string;
  readonly updated: string;
}

export interface SiteVersion {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly released: boolean;
  readonly archived: boolean;
  readonly releaseDate: string | null;
}

export interface SiteComponent {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly leadAccountId: string | null;
}

export interface SiteFilter {
  readonly id: string;
  readonly name: string;
  readonly jql: string;
  readonly ownerId: string;
}

export interface SiteSpace {
  /** Numeric string in REST v2; Forge payloads carry it as a number. */
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly type: 'global' | 'personal';
  readonly status: 'current' | 'archived';
  readonly authorId: string;
  readonly createdAt: string;
  readonly homepageId: string;
}

export interface SitePage {
  readonly id: string;
  readonly type: 'page' | 'blogpost';
  readonly title: string;
  readonly spaceId: string;
  /** The parent page; null for a space's home page and for blog posts. */
  readonly parentId: string | null;
  readonly authorId: string;
  readonly createdAt: string;
  /** Current version number, 1 for a page never edited. */
  readonly version: number;
  readonly versionAuthorId: string;
  readonly versionCreatedAt: string;
}

export interface SiteLabel {
  readonly id: string;
  readonly name: string;
}

export interface BuildSiteOptions {
  /** Same seed, same site. Default 1. */
  readonly seed?: number;
  /** People and apps on the site; default 60 (two of them apps). */
  readonly users?: number;
  readonly projects?: number;
  readonly issues?: number;
  readonly spaces?: number;
  readonly pages?: number;
  readonly baseUrl?: string;
  /**
   * Dates (created, updated) are laid out before this day (UTC midnight of it), so a site built twice on
   * one day is identical. Default: today.
   */
  readonly now?: Date;
  /** Issue summaries and page titles; default `plainText`. */
  readonly text?: SiteText;
}

export function buildSite(options: BuildSiteOptions = {}): Site {
  const seed = options.seed ?? 1;
  const root = createRandom(seed);
  const today = Math.floor((options.now ?? new Date()).getTime() / DAY_MS) * DAY_MS;
  const daysAgo = (random: Random, maxDays: number): number => today - random.int(maxDays * DAY_MS) - DAY_MS;

  // Past the named ones, numbered projects and spaces: a large site (the benchmarks' has 200) keeps the
  // same uneven spread over many more containers.
  const projectSpecs = named(PROJECT_NAMES, Math.max(1, options.projects ?? 8), (n) => ({
    key: `PRJ${n}`,
    name: `Project ${n}`,
    type: 'software',
  }));
  const spaceSpecs = named(SPACE_NAMES, Math.max(0, (options.spaces ?? 6) - 1), (n) => ({
    key: `SPC${n}`,
    name: `Space ${n}`,
  }));
  const projectIds = projectSpecs.map((_, i) => String(10000 + i));

  const users = buildUsers(root.fork('users'), Math.max(3, options.users ?? 60), projectIds);
  const people = users.filter((u) => u.accountType === 'atlassian');
  const groups = buildGroups(root.fork('groups'), people);

  const projects: SiteProject[] = projectSpecs.map((spec, i) => {
    const id = projectIds[i] ?? String(10000 + i);
    const r = root.fork(`project:${spec.key}`);
    return {
      id,
      key: spec.key,
      name: spec.name,
      projectTypeKey: spec.type,
      leadAccountId: pickMember(r, people, (u) => u.homeProjectIds.includes(id)).accountId,
      style: r.chance(0.3) ? 'next-gen' : 'classic',
    };
  });

  const text = options.text ?? plainText;
  const issues = buildIssues(root.fork('issues'), projects, people, options.issues ?? 400, today, (r) =>
    text.issueSummary(r),
  );
  const { versions, components, filters } = buildProjectConfig(root.fork('config'), projects, people, today);

  // One id per global space plus the personal one; real space ids are large, sparse numbers.
  const spaceIds = Array.from({ length: spaceSpecs.length + 1 }, (_, i) =>
    String(65536 * (i + 1) + 2 + root.int(30000)),
  );
  // Home spaces are assigned after spaces exist; users were built with projects only.
  const withSpaces = assignHomeSpaces(root.fork('home-spaces'), users, spaceIds);
  const peopleWithSpaces = withSpaces.filter((u) => u.accountType === 'atlassian');
  const { spaces, pages } = buildConfluence(
    root.fork('confluence'),
    spaceSpecs,
    spaceIds,
    peopleWithSpaces,
    options.pages ?? 300,
    daysAgo,
    today,
    text,
  );

  const app = withSpaces.find((u) => u.accountType === 'app');
  return {
    seed,
    baseUrl: options.baseUrl ?? 'https://sandbox.atlassian.net',
    cloudId: root.fork('cloud').uuid(),
    appAccountId: app?.accountId ?? '',
    users: withSpaces,
    groups,
    projects,
    issueTypes: ISSUE_TYPES,
    statuses: STATUSES,
    priorities: PRIORITIES,
    issueLinkTypes: ISSUE_LINK_TYPES,
    issues,
    versions,
    components,
    filters,
    spaces,
    pages,
    labels: LABELS.map((name, i) => ({ id: String(1_900_000 + i * 7 + 1), name })),
  };
}

/**
 * The site with an account for each of `accountIds` it does not know: the sandbox's admin settings may
 * name any id (a real account id, `my-id`), and the products must know whom a call is made as, or they
 * answer it with 401. Such accounts are active people who own nothing and never act in synthetic activity.
 */
export function withAccounts(site: Site, accountIds: readonly string[]): Site {
  const known = new Set(site.users.map((u) => u.accountId));
  const added = [...new Set(accountIds)]
    .filter((id) => !known.has(id))
    .map((accountId): SiteUser => ({
      accountId,
      accountType: 'atlassian',
      displayName: accountId,
      emailAddress: null,
      active: true,
      timeZone: 'UTC',
      locale: 'en_US',
      weight: 0,
      homeProjectIds: [],
      homeSpaceIds: [],
    }));
  return added.length === 0 ? site : { ...site, users: [...site.users, ...added] };
}

/** Members of the Jira administrators group: a sensible default for "who is an admin" in the sandbox. */
export function siteAdminIds(site: Site): readonly string[] {
  return site.groups.find((g) => g.name === 'jira-administrators')?.memberIds ?? [];
}

/** The first `count` of `names`, then as many numbered ones as are still wanted. */
function named<T>(names: readonly T[], count: number, numbered: (n: number) => T): T[] {
  return Array.from({ length: count }, (_, i) => names[i] ?? numbered(i + 1));
}
