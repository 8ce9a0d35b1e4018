import type { Site, SiteIssue } from './site-model';
import { indexSite } from './site-index';

/**
 * What Jira and Confluence keep of the activity that happened on the fake site: issue creations and
 * changelogs, comments and worklogs as they are now (a deleted one gone, an edited one with its last
 * edit), attachments still attached, and every version of every page and blog post, with their comments
 * and attachments. It is written from the very product events the synthetic activity delivers, so a
 * backfill that reads it back over REST can be compared with the live capture of those events.
 *
 * What the products do not keep is not kept here either: views, deletions, who deleted, moves.
 */
export interface HistoryIssue {
  readonly id: string;
  readonly key: string;
  readonly projectId: string;
  readonly issueTypeId: string;
  readonly statusId: string;
  readonly reporterId: string;
  readonly created: number;
  summary: string;
  updated: number;
}

export interface HistoryChangelog {
  readonly id: string;
  readonly authorId: string | null;
  readonly created: number;
  readonly items: readonly Readonly<Record<string, unknown>>[];
}

export interface HistoryComment {
  readonly id: string;
  readonly issueId: string;
  readonly authorId: string;
  readonly body: unknown;
  readonly created: number;
  updateAuthorId: string;
  updated: number;
}

export interface HistoryWorklog {
  readonly id: string;
  readonly issueId: string;
  readonly authorId: string;
  readonly created: number;
  readonly started: number;
  updateAuthorId: string;
  updated: number;
  timeSpentSeconds: number;
  timeSpent: string;
}

export interface HistoryAttachment {
  readonly id: string;
  readonly issueId: string;
  readonly filename: string;
  readonly authorId: string;
  readonly created: number;
}

export interface HistoryVersion {
  readonly number: number;
  readonly authorId: string;
  readonly createdAt: number;
}

/** A page, blog post, comment or attachment: what Confluence v2 lists, with every version. */
export interface HistoryContent {
  readonly id: string;
  readonly type: 'page' | 'blogpost' | 'comment' | 'attachment';
  readonly spaceId: string;
  /** For a comment or attachment: the page or blog post it belongs to. */
  readonly containerId: string | null;
  readonly containerType: 'page' | 'blogpost' | null;
  title: string;
  status: 'current' | 'trashed';
  readonly versions: HistoryVersion[];
}

type Json = Readonly<Record<string, unknown>>;

function obj(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  return typeof value === 'number' ? String(value) : null;
}

function ms(value: unknown): number {
  if (typeof value === 'number') return value;
  const iso = String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  return Date.parse(iso);
}

export class SiteHistory {
  readonly issues = new Map<string, HistoryIssue>();
  readonly changelogs = new Map<string, HistoryChangelog[]>();
  readonly comments = new Map<string, HistoryComment>();
  readonly worklogs = new Map<string, HistoryWorklog>();
  /** Worklogs deleted, with when: `/worklog/deleted` lists them, `/worklog/list` no longer can. */
  readonly deletedWorklogs = new Map<string, number>();
  readonly attachments = new Map<string, HistoryAttachment>();
  readonly contents = new Map<string, HistoryContent>();
  readonly deletedIssues = new Set<string>();
  /** Requests still to refuse with 429 (a storm the tests and the bench set), and the wait they name. */
  private storm = { remaining: 0, retryAfterSeconds: 0 };

  constructor(private readonly site: Site) {}

  /** The next `count` history requests are refused with 429 and `Retry-After: retryAfterSeconds`. */
  startStorm(count: number, retryAfterSeconds: number): void {
    this.storm = { remaining: count, retryAfterSeconds };
  }

  /** Whether this request is refused, and for how long; counts the storm down. */
  throttled(): number | null {
    if (this.storm.remaining <= 0) return null;
    this.storm.remaining -= 1;
    return this.storm.retryAfterSeconds;
  }

  /** Takes in one delivered product event. */
  record(payload: Json): void {
    const type = text(payload.eventType) ?? '';
    const [, product, verb, object] = type.split(':');
    if (product === 'jira') this.recordJira(verb ?? '', object ?? '', payload);
    else if (product === 'confluence') this.recordConfluence(verb ?? '', object ?? '', payload);
  }

  private recordJira(verb: string, object: string, payload: Json): void {
    const at = ms(payload.timestamp);
    const actor = text(payload.atlassianId);
    const issue = obj(payload.issue);
    if (issue !== null && verb !== 'viewed' && verb !== 'mentioned') this.touchIssue(issue, at);
    if (object === 'issue' && verb === 'deleted' && issue !== null) {
      const id = text(issue.id) ?? '';
      this.deletedIssues.add(id);
      this.issues.delete(id);
    }
    if (object === 'issue' && verb === 'updated' && issue !== null) {
      const changelog = obj(payload.changelog);
      const id = text(changelog?.id);
      const issueId = text(issue.id);
      if (id !== null && issueId !== null) {
        const list = this.changelogs.get(issueId) ?? [];
        list.push({
          id,
          authorId: actor,
          created: at,
          items: (changelog?.items as Json[] | undefined) ?? [],
        });
        this.changelogs.set(issueId, list);
      }
    }
    const comment = obj(payload.comment);
    if (comment !== null && issue !== null) {
      const id = text(comment.id) ?? '';
      if (verb === 'deleted') this.comments.delete(id);
      else if (verb === 'commented') {
        const existing = this.comments.get(id);
        const updated = ms(comment.updated ?? comment.created);
        const updateAuthorId = text(obj(comment.updateAuthor)?.accountId) ?? '';
        if (existing !== undefined) {
          existing.updated = updated;
          existing.updateAuthorId = updateAuthorId;
        } else {
          this.comments.set(id, {
            id,
            issueId: text(issue.id) ?? '',
            authorId: text(obj(comment.author)?.accountId) ?? '',
            body: comment.body,
            created: ms(comment.created),
            updateAuthorId,
            updated,
          });
        }
      }
    }
    const worklog = obj(payload.worklog);
    if (worklog !== null) {
      const id = text(worklog.id) ?? '';
      const issueId = text(worklog.issueId) ?? '';
      this.touchIssueId(issueId, at);
      if (verb === 'deleted') {
        this.worklogs.delete(id);
        this.deletedWorklogs.set(id, at);
      } else {
        this.worklogs.set(id, {
          id,
          issueId,
          authorId: text(obj(worklog.author)?.accountId) ?? '',
          created: ms(worklog.created),
          started: ms(worklog.started),
          updateAuthorId: text(obj(worklog.updateAuthor)?.accountId) ?? '',
          updated: ms(worklog.updated ?? worklog.created),
          timeSpentSeconds: Number(worklog.timeSpentSeconds ?? 0),
          timeSpent: text(worklog.timeSpent) ?? '',
        });
      }
    }
    const attachment = obj(payload.attachment);
    if (attachment !== null && object === 'attachment') {
      const id = text(attachment.id) ?? '';
      if (verb === 'deleted') this.attachments.delete(id);
      else {
        const issueId = text(attachment.issueId) ?? '';
        this.touchIssueId(issueId, at);
        this.attachments.set(id, {
          id,
          issueId,
          filename: text(attachment.filename) ?? '',
          authorId: text(obj(attachment.author)?.accountId) ?? '',
          created: ms(attachment.created),
        });
      }
    }
    if (object === 'issuelink') {
      for (const key of ['sourceIssueId', 'destinationIssueId'])
        this.touchIssueId(text(payload[key]) ?? '', at);
    }
  }

  /** An issue named only by id (worklogs, attachments, links): the site's own if the history lacks it. */
  private touchIssueId(id: string, at: number): void {
    const known = this.issues.get(id);
    if (known !== undefined) {
      known.updated = Math.max(known.updated, at);
      return;
    }
    const own = indexSite(this.site).issueById.get(id);
    if (own === undefined || this.deletedIssues.has(id)) return;
    this.issues.set(id, {
      id,
      key: own.key,
      projectId: own.projectId,
      issueTypeId: own.issueType.id,
      statusId: own.status.id,
      reporterId: own.reporterId,
      created: Date.parse(own.created),
      summary: own.summary,
      updated: Math.max(at, Date.parse(own.updated)),
    });
  }

  private touchIssue(issue: Json, at: number): void {
    const id = text(issue.id);
    if (id === null || this.deletedIssues.has(id)) return;
    const fields = obj(issue.fields);
    const existing = this.issues.get(id);
    if (existing !== undefined) {
      existing.updated = Math.max(existing.updated, at);
      existing.summary = text(fields?.summary) ?? existing.summary;
      return;
    }
    this.issues.set(id, {
      id,
      key: text(issue.key) ?? id,
      projectId: text(obj(fields?.project)?.id) ?? '',
      issueTypeId: text(obj(fields?.issuetype)?.id) ?? '',
      statusId: text(obj(fields?.status)?.id) ?? '',
      reporterId: text(obj(fields?.reporter)?.accountId) ?? '',
      created: ms(fields?.created),
      summary: text(fields?.summary) ?? '',
      updated: at,
    });
  }

  private recordConfluence(verb: string, object: string, payload: Json): void {
    const item = obj(payload.content) ?? obj(payload.attachment);
    if (item === null || !['page', 'blogpost', 'comment', 'attachment'].includes(object)) return;
    const id = text(item.id) ?? '';
    if (verb === 'deleted' || verb === 'removed') {
      this.contents.delete(id);
      return;
    }
    const existing = this.contents.get(id);
    if (verb === 'trashed' || verb === 'restored') {
      if (existing !== undefined) existing.status = verb === 'trashed' ? 'trashed' : 'current';
      return;
    }
    if (verb !== 'created' && verb !== 'updated') return;
    const version = obj(item.version);
    const number = Number(version?.number ?? 1);
    const authorId = text(obj(version?.by)?.accountId) ?? text(payload.atlassianId) ?? '';
    const createdAt = ms(version?.when ?? payload.eventCreatedDate);
    const container = obj(item.container);
    const content: HistoryContent = existing ?? {
      id,
      type: object as HistoryContent['type'],
      spaceId: text(obj(item.space)?.id) ?? '',
      containerId: text(container?.id),
      containerType: container === null ? null : text(container.type) === 'blogpost' ? 'blogpost' : 'page',
      title: text(item.title) ?? '',
      status: 'current',
      versions: [],
    };
    content.title = text(item.title) ?? content.title;
    if (!content.versions.some((v) => v.number === number))
      content.versions.push({ number, authorId, createdAt });
    this.contents.set(id, content);
  }
}

/**
 * The site with the history written into it: its issues as they are after the activity (new ones
 * added, deleted ones gone, `updated` moved on), so `/search/jql` finds what changed.
 */
export function withHistory(site: Site, history: SiteHistory): Site {
  const index = indexSite(site);
  const merged = new Map<string, SiteIssue>(site.issues.map((i) => [i.id, i]));
  for (const id of history.deletedIssues) merged.delete(id);
  for (const h of history.issues.values()) {
    const base = merged.get(h.id);
    const issueType = site.issueTypes.find((t) => t.id === h.issueTypeId) ?? site.issueTypes[0];
    const status = site.statuses.find((s) => s.id === h.statusId) ?? site.statuses[0];
    const priority = site.priorities[0];
    if (issueType === undefined || status === undefined || priority === undefined) continue;
    merged.set(h.id, {
      ...(base ?? {
        id: h.id,
        key: h.key,
        projectId: h.projectId,
        issueType,
        status,
        priority,
        assigneeId: null,
        reporterId: index.userById.has(h.reporterId) ? h.reporterId : site.appAccountId,
        labels: [],
        created: new Date(h.created).toISOString(),
      }),
      summary: h.summary,
      updated: new Date(Math.max(h.updated, Date.parse(base?.updated ?? '1970-01-01'))).toISOString(),
    });
  }
  return { ...site, issues: [...merged.values()], history };
}
