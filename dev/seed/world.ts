import type {
  ConfluenceContent,
  ConfluenceSpace,
  ConfluenceUser,
  JiraIssue,
  JiraProject,
  JiraUser,
  JiraVersion,
} from '../payloads';
import { indexSite, type SiteIndex } from '../site/site-index';
import type {
  Site,
  SiteIssueType,
  SitePage,
  SitePriority,
  SiteProject,
  SiteSpace,
  SiteStatus,
  SiteUser,
} from '../site/site-model';
import type { Random } from '../site/random';
import type { SiteText } from '../site/site-text';
import { BoundedList } from './bounded-list';

/**
 * What the synthetic activity has done to the site so far: issues edited, created and deleted, pages
 * versioned and trashed, and the comments, worklogs, links and attachments that later events edit or
 * delete. The fake site itself stays as built; this is the seed's private, bounded memory of it.
 */

/** An issue as it is now, after the seed's changes. */
export interface LiveIssue {
  readonly id: string;
  readonly key: string;
  readonly project: SiteProject;
  readonly reporterId: string;
  readonly created: number;
  summary: string;
  issueType: SiteIssueType;
  status: SiteStatus;
  priority: SitePriority;
  assigneeId: string | null;
  labels: string[];
  fixVersionId: string | null;
  updated: number;
}

export interface LivePage {
  readonly id: string;
  readonly type: SitePage['type'];
  readonly title: string;
  readonly authorId: string;
  readonly created: number;
  spaceId: string;
  version: number;
  versionAuthorId: string;
  versionAt: number;
}

/** Where each project's or space's items live: the site's own (oldest first) and the seed's newer ones. */
interface Pool<T> {
  readonly fixed: T[];
  readonly created: BoundedList<T>;
  /** Recently touched: activity clusters on what was just worked on. */
  readonly hot: BoundedList<T>;
}

const CREATED_PER_POOL = 200;
const HOT_PER_POOL = 25;

export class World {
  readonly index: SiteIndex;
  private readonly issues = new Map<string, Pool<LiveIssue>>();
  private readonly pages = new Map<string, Pool<LivePage>>();
  readonly trashedPages = new BoundedList<LivePage>(200);
  private readonly counters = new Map<string, number>();
  private readonly issueCounters = new Map<string, number>();
  /** Versions as they are now: issue updates set fix versions from these; admins add and release them. */
  readonly versions: JiraVersion[];

  constructor(
    readonly site: Site,
    private readonly random: Random,
    /** What people write: summaries, titles, comments, descriptions. */
    readonly text: SiteText,
  ) {
    this.index = indexSite(site);
    this.versions = site.versions.map((v) => ({
      id: v.id,
      name: v.name,
      projectId: v.projectId,
      released: v.released,
      archived: v.archived,
      ...(v.releaseDate === null ? {} : { releaseDate: v.releaseDate }),
    }));
    for (const project of site.projects) this.issues.set(project.id, newPool());
    for (const issue of site.issues) {
      const project = this.index.projectById.get(issue.projectId);
      if (project === undefined) continue;
      this.issues.get(project.id)?.fixed.push({
        id: issue.id,
        key: issue.key,
        project,
        reporterId: issue.reporterId,
        created: Date.parse(issue.created),
        summary: issue.summary,
        issueType: issue.issueType,
        status: issue.status,
        priority: issue.priority,
        assigneeId: issue.assigneeId,
        labels: [...issue.labels],
        fixVersionId: null,
        updated: Date.parse(issue.updated),
      });
      this.issueCounters.set(project.id, (this.issueCounters.get(project.id) ?? 0) + 1);
    }
    for (const space of site.spaces) this.pages.set(space.id, newPool());
    const sortedPages = [...site.pages].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    for (const page of sortedPages) {
      this.pages.get(page.spaceId)?.fixed.push({
        id: page.id,
        type: page.type,
        title: page.title,
        authorId: page.authorId,
        created: Date.parse(page.createdAt),
        spaceId: page.spaceId,
        version: page.version,
        versionAuthorId: page.versionAuthorId,
        versionAt: Date.parse(page.versionCreatedAt),
      });
    }
    const maxContentId = Math.max(0, ...site.pages.map((p) => Number(p.id)));
    this.counters.set('issue', 10000 + site.issues.length);
    this.counters.set('content', maxContentId);
    this.counters.set('version', 10000 + site.versions.length);
    this.counters.set('component', 10000 + site.components.length);
    this.counters.set('filter', 10000 + site.filters.length);
    this.counters.set('project', 10000 + site.projects.length);
    this.counters.set('space', Math.max(0, ...site.spaces.map((s) => Number(s.id))));
    this.counters.set('label', Math.max(0, ...site.labels.map((l) => Number(l.id))));
  }

  /** The next id of a kind: Jira-style counters from 10000; Confluence content ids with sparse gaps. */
  nextId(kind: string): string {
    const gap = kind === 'content' || kind === 'space' ? 1 + this.random.int(2000) : 1;
    const next = (this.counters.get(kind) ?? 9999) + gap;
    this.counters.set(kind, next);
    return String(next);
  }

  user(accountId: string): SiteUser | undefined {
    return this.index.userById.get(accountId);
  }

  // --------------------------------------------------------------------------------------------- Jira

  /** A project the actor works in, mostly; sometimes anyone's; any for apps, which have no home. */
  projectFor(random: Random, actor: SiteUser): SiteProject {
    const home = actor.homeProjectIds;
    const id =
      home.length > 0 && random.chance(0.85) ? random.pick(home) : random.pick(this.site.projects).id;
    return this.index.projectById.get(id) ?? random.pick(this.site.projects);
  }

  /** An issue of the project that existed at `at`, preferring recently touched ones. */
  pickIssue(random: Random, projectId: string, at: number): LiveIssue | undefined {
    const pool = this.issues.get(projectId);
    if (pool === undefined) return undefined;
    if (pool.hot.size > 0 && random.chance(0.4)) return pool.hot.pick(random);
    const existing = countBefore(pool.fixed, at, (i) => i.created);
    const n = existing + pool.created.size;
    if (n === 0) return undefined;
    const i = random.int(n);
    return i < existing ? pool.fixed[i] : pool.created.pick(random);
  }

  touchIssue(issue: LiveIssue, at: number): void {
    issue.updated = at;
    const hot = this.issues.get(issue.project.id)?.hot;
    if (hot !== undefined && hot.find((i) => i === issue) === undefined) hot.push(issue);
  }

  createIssue(fields: Omit<LiveIssue, 'id' | 'key'>): LiveIssue {
    const n = (this.issueCounters.get(fields.project.id) ?? 0) + 1;
    this.issueCounters.set(fields.project.id, n);
    const issue: LiveIssue = { ...fields, id: this.nextId('issue'), key: `${fields.project.key}-${n}` };
    this.issues.get(fields.project.id)?.created.push(issue);
    this.touchIssue(issue, fields.created);
    return issue;
  }

  /** Only issues the seed created are deleted, so the fake site's REST answers stay true for the rest. */
  takeCreatedIssue(random: Random, projectId: string): LiveIssue | undefined {
    const pool = this.issues.get(projectId);
    const issue = pool?.created.take(random);
    if (issue !== undefined) pool?.hot.removeWhere((i) => i === issue);
    return issue;
  }

  // --------------------------------------------------------------------------------------- Confluence

  pickPage(random: Random, spaceId: string, at: number, type?: LivePage['type']): LivePage | undefined {
    const pool = this.pages.get(spaceId);
    if (pool === undefined) return undefined;
    for (let attempt = 0; attempt < 4; attempt++) {
      let page: LivePage | undefined;
      if (pool.hot.size > 0 && random.chance(0.35)) page = pool.hot.pick(random);
      else {
        const existing = countBefore(pool.fixed, at, (p) => p.created);
        const n = existing + pool.created.size;
        if (n === 0) return undefined;
        const i = random.int(n);
        page = i < existing ? pool.fixed[i] : pool.created.pick(random);
      }
      if (page !== undefined && (type === undefined || page.type === type)) return page;
    }
    return undefined;
  }

  touchPage(page: LivePage): void {
    const hot = this.pages.get(page.spaceId)?.hot;
    if (hot !== undefined && hot.find((p) => p === page) === undefined) hot.push(page);
  }

  addPage(page: LivePage): void {
    this.pages.get(page.spaceId)?.created.push(page);
    this.touchPage(page);
  }

  /** Takes a page out of its space (trash, move); home pages stay. */
  removePage(page: LivePage): void {
    const pool = this.pages.get(page.spaceId);
    if (pool === undefined) return;
    const at = pool.fixed.indexOf(page);
    if (at >= 0) pool.fixed.splice(at, 1);
    pool.created.removeWhere((p) => p === page);
    pool.hot.removeWhere((p) => p === page);
  }

  isHomePage(page: LivePage): boolean {
    return this.site.spaces.some((s) => s.homepageId === page.id);
  }
}

function newPool<T>(): Pool<T> {
  return { fixed: [], created: new BoundedList<T>(CREATED_PER_POOL), hot: new BoundedList<T>(HOT_PER_POOL) };
}

/** How many of `sorted` (ascending by `time`) are at or before `at`. */
function countBefore<T>(sorted: readonly T[], at: number, time: (item: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = sorted[mid];
    if (item !== undefined && time(item) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ------------------------------------------------------------------------------ to payload builder input

export function jiraUserOf(user: SiteUser): JiraUser {
  return { accountId: user.accountId, displayName: user.displayName, accountType: user.accountType };
}

export function jiraProjectOf(project: SiteProject): JiraProject {
  return { id: project.id, key: project.key, name: project.name, projectTypeKey: project.projectTypeKey };
}

export function jiraIssueOf(world: World, issue: LiveIssue): JiraIssue {
  const assignee = issue.assigneeId === null ? null : world.user(issue.assigneeId);
  const reporter = world.user(issue.reporterId);
  return {
    id: issue.id,
    key: issue.key,
    summary: issue.summary,
    project: jiraProjectOf(issue.project),
    issueType: { id: issue.issueType.id, name: issue.issueType.name, subtask: issue.issueType.subtask },
    status: { id: issue.status.id, name: issue.status.name },
    assignee: assignee === undefined || assignee === null ? null : jiraUserOf(assignee),
    ...(reporter === undefined ? {} : { reporter: jiraUserOf(reporter) }),
    created: new Date(issue.created),
    updated: new Date(issue.updated),
  };
}

export function confluenceUserOf(user: SiteUser): ConfluenceUser {
  return { accountId: user.accountId, accountType: user.accountType };
}

export function confluenceSpaceOf(world: World, space: SiteSpace): ConfluenceSpace {
  const author = world.user(space.authorId);
  return {
    id: Number(space.id),
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    ...(author === undefined ? {} : { createdBy: confluenceUserOf(author) }),
    createdDate: new Date(space.createdAt),
  };
}

export function confluenceContentOf(
  world: World,
  page: LivePage,
  status: ConfluenceContent['status'] = 'current',
): ConfluenceContent {
  const space = world.index.spaceById.get(page.spaceId);
  const author = world.user(page.authorId);
  const editor = world.user(page.versionAuthorId);
  const fallbackSpace: ConfluenceSpace = { id: Number(page.spaceId), key: 'UNKNOWN', name: 'Unknown space' };
  return {
    id: page.id,
    type: page.type,
    title: page.title,
    space: space === undefined ? fallbackSpace : confluenceSpaceOf(world, space),
    status,
    version: page.version,
    createdBy: {
      accountId: author?.accountId ?? page.authorId,
      accountType: author?.accountType ?? 'atlassian',
    },
    createdDate: new Date(page.created),
    ...(editor === undefined ? {} : { versionBy: confluenceUserOf(editor) }),
    versionWhen: new Date(page.versionAt),
  };
}
