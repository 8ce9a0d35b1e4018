import type { APIResponse } from '@forge/api';
import { backfillLimits } from '../limits';
import { errorMessagesOf, readJson } from '../product-rest/product-rest';
import type { AuditRecord, Product } from '../record/audit-record';
import type { BackfillPlan } from './backfill-plan';
import { nextPhase, type BackfillProgress } from './backfill-state';
import {
  fromContentVersions,
  fromJiraIssue,
  fromJiraWorklog,
  fromPartVersions,
  type SpaceRef,
} from './history-mapping';
import { pacedRequest, type Pacer } from './paced-request';

/** A product refused a history request for a reason waiting will not fix (no permission, bad request). */
export class HistoryRefused extends Error {}

/** One step's outcome: the records it read, and the progress after it. */
export interface StepResult {
  readonly records: readonly AuditRecord[];
  readonly progress: BackfillProgress;
}

type Json = Readonly<Record<string, unknown>>;

async function read(pacer: Pacer, product: Product, path: string, body?: unknown): Promise<Json> {
  const response = await pacedRequest(
    pacer,
    product,
    path,
    body === undefined ? undefined : { method: 'POST', body },
  );
  if (!response.ok) throw await refusal(product, path, response);
  const json = await readJson(response);
  return typeof json === 'object' && json !== null ? (json as Json) : {};
}

async function refusal(product: Product, path: string, response: APIResponse): Promise<Error> {
  const words = errorMessagesOf(await readJson(response)).join(' ');
  const name = product === 'jira' ? 'Jira' : 'Confluence';
  const message = `${name} answered ${response.status} to ${path.split('?')[0]}${words ? `: ${words}` : ''}`;
  return response.status >= 500 ? new Error(message) : new HistoryRefused(message);
}

function list(value: unknown): readonly Json[] {
  return Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null) : [];
}

/** JQL's date form; a day early, since JQL reads dates in the app user's zone (records are cut at `fromMs`). */
function jqlDate(ms: number): string {
  return new Date(ms - 24 * 60 * 60 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The cursor of a Confluence v2 `_links.next`, or null on the last page. */
function nextCursor(body: Json): string | null {
  const next = (body._links as { next?: unknown } | undefined)?.next;
  if (typeof next !== 'string') return null;
  return new URL(next, 'https://site.invalid').searchParams.get('cursor');
}

function advance(plan: BackfillPlan, progress: BackfillProgress, cursor: string | null): BackfillProgress {
  return cursor === null
    ? { ...progress, phase: nextPhase(plan, progress.phase), cursor: null }
    : { ...progress, cursor };
}

/** Runs the step the progress is at. */
export function runStep(
  plan: BackfillPlan,
  progress: BackfillProgress,
  pacer: Pacer,
  receivedAt: Date,
): Promise<StepResult> {
  switch (progress.phase) {
    case 'jira-issues':
      return jiraIssues(plan, progress, pacer, receivedAt);
    case 'jira-worklogs':
      return jiraWorklogs(plan, progress, pacer, receivedAt);
    case 'confluence-spaces':
      return confluenceSpaces(plan, progress, pacer);
    case 'confluence-pages':
      return confluenceContent('page', plan, progress, pacer, receivedAt);
    case 'confluence-blogposts':
      return confluenceContent('blogpost', plan, progress, pacer, receivedAt);
    case 'confluence-comments':
      return confluenceParts('comment', plan, progress, pacer, receivedAt);
    case 'confluence-attachments':
      return confluenceParts('attachment', plan, progress, pacer, receivedAt);
    case 'done':
      return Promise.resolve({ records: [], progress });
  }
}

// --------------------------------------------------------------------------------------------- Jira

/** The JQL of the issues a plan reads: changed since its start, in its projects, in a stable order. */
export function issuesJql(plan: BackfillPlan): string {
  const projects = plan.projectIds.length > 0 ? ` AND project in (${plan.projectIds.join(', ')})` : '';
  return `updated >= "${jqlDate(plan.fromMs)}"${projects} ORDER BY id ASC`;
}

/** One page of issues changed in the period, with their changelogs, comments and attachments. */
async function jiraIssues(
  plan: BackfillPlan,
  progress: BackfillProgress,
  pacer: Pacer,
  receivedAt: Date,
): Promise<StepResult> {
  const page = await read(pacer, 'jira', '/rest/api/3/search/jql', {
    jql: issuesJql(plan),
    fields: ['summary', 'project', 'created', 'creator', 'reporter', 'comment', 'attachment'],
    maxResults: backfillLimits.searchPage,
    ...(progress.cursor === null ? {} : { nextPageToken: progress.cursor }),
  });
  const issues = list(page.issues);
  const ids = issues.map((i) => String(i.id));
  const changelogs = new Map<string, Json[]>();
  for (let start = 0; start < ids.length; start += backfillLimits.bulkChangelogIssues) {
    let token: string | null = null;
    do {
      const body: Json = await read(pacer, 'jira', '/rest/api/3/changelog/bulkfetch', {
        issueIdsOrKeys: ids.slice(start, start + backfillLimits.bulkChangelogIssues),
        maxResults: backfillLimits.bulkChangelogPage,
        ...(token === null ? {} : { nextPageToken: token }),
      });
      for (const entry of list(body.issueChangeLogs)) {
        const issueId = String(entry.issueId);
        changelogs.set(issueId, [...(changelogs.get(issueId) ?? []), ...list(entry.changeHistories)]);
      }
      token = typeof body.nextPageToken === 'string' ? body.nextPageToken : null;
    } while (token !== null);
  }
  const records: AuditRecord[] = [];
  for (const issue of issues) {
    const id = String(issue.id);
    const embedded = (issue.fields as Json | undefined)?.comment as Json | undefined;
    const comments = [...list(embedded?.comments)];
    const total = typeof embedded?.total === 'number' ? embedded.total : comments.length;
    while (comments.length < total) {
      const more = await read(
        pacer,
        'jira',
        `/rest/api/3/issue/${encodeURIComponent(id)}/comment?startAt=${comments.length}&maxResults=${backfillLimits.commentPage}&orderBy=created`,
      );
      const got = list(more.comments);
      if (got.length === 0) break;
      comments.push(...got);
    }
    records.push(...fromJiraIssue(issue, changelogs.get(id) ?? [], comments, plan.fromMs, receivedAt));
  }
  const token = typeof page.nextPageToken === 'string' && page.isLast !== true ? page.nextPageToken : null;
  const seen = plan.projectIds.length > 0 ? { issueIds: [...(progress.issueIds ?? []), ...ids] } : {};
  return { records, progress: advance(plan, { ...progress, ...seen }, token) };
}

/** One page of worklogs changed since the period's start (`/worklog/updated`, then `/worklog/list`). */
async function jiraWorklogs(
  plan: BackfillPlan,
  progress: BackfillProgress,
  pacer: Pacer,
  receivedAt: Date,
): Promise<StepResult> {
  const since = progress.cursor ?? String(plan.fromMs);
  const page = await read(pacer, 'jira', `/rest/api/3/worklog/updated?since=${encodeURIComponent(since)}`);
  const ids = list(page.values).map((v) => v.worklogId);
  const worklogs: Json[] = [];
  for (let start = 0; start < ids.length; start += backfillLimits.worklogIds) {
    const answer = await pacedRequest(pacer, 'jira', '/rest/api/3/worklog/list', {
      method: 'POST',
      body: { ids: ids.slice(start, start + backfillLimits.worklogIds) },
    });
    if (!answer.ok) throw await refusal('jira', '/rest/api/3/worklog/list', answer);
    worklogs.push(...list(await readJson(answer)));
  }
  const inProjects = progress.issueIds === undefined ? null : new Set(progress.issueIds);
  const records = worklogs
    .filter((w) => inProjects === null || inProjects.has(String(w.issueId)))
    .flatMap((w) => fromJiraWorklog(w, plan.fromMs, receivedAt));
  const until = typeof page.until === 'number' ? String(page.until) : null;
  const last = page.lastPage !== false || until === null || until === since;
  return { records, progress: advance(plan, progress, last ? null : until) };
}

// --------------------------------------------------------------------------------------- Confluence

/** The spaces (one page of them), for the records' containers. */
async function confluenceSpaces(
  plan: BackfillPlan,
  progress: BackfillProgress,
  pacer: Pacer,
): Promise<StepResult> {
  const ids = plan.spaceIds.length > 0 ? `&ids=${plan.spaceIds.join(',')}` : '';
  const cursor = progress.cursor === null ? '' : `&cursor=${encodeURIComponent(progress.cursor)}`;
  const page = await read(
    pacer,
    'confluence',
    `/wiki/api/v2/spaces?limit=${backfillLimits.v2Page}${ids}${cursor}`,
  );
  const spaces = { ...(progress.spaces ?? {}) };
  for (const space of list(page.results)) {
    spaces[String(space.id)] = {
      ...(typeof space.key === 'string' ? { key: space.key } : {}),
      ...(typeof space.name === 'string' ? { name: space.name } : {}),
    };
  }
  return { records: [], progress: advance(plan, { ...progress, spaces }, nextCursor(page)) };
}

function spaceRef(progress: BackfillProgress, spaceId: string | undefined): SpaceRef | undefined {
  if (spaceId === undefined) return undefined;
  return { id: spaceId, ...(progress.spaces?.[spaceId] ?? {}) };
}

function versionTime(item: Json): number {
  return Date.parse(String((item.version as Json | undefined)?.createdAt ?? ''));
}

/** Reads an object's versions, newest first, down to the period's start. */
async function versionsSince(pacer: Pacer, path: string, fromMs: number): Promise<Json[]> {
  const versions: Json[] = [];
  let cursor: string | null = null;
  do {
    const page: Json = await read(
      pacer,
      'confluence',
      `${path}?limit=${backfillLimits.v2Page}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
    );
    const got = list(page.results);
    versions.push(...got);
    if (got.some((v) => Date.parse(String(v.createdAt)) < fromMs)) break;
    cursor = nextCursor(page);
  } while (cursor !== null);
  return versions;
}

/** One page of pages (or blog posts) in the plan's spaces, with the versions of those edited in the period. */
async function confluenceContent(
  type: 'page' | 'blogpost',
  plan: BackfillPlan,
  progress: BackfillProgress,
  pacer: Pacer,
  receivedAt: Date,
): Promise<StepResult> {
  const collection = type === 'page' ? 'pages' : 'blogposts';
  const spaces = plan.spaceIds.length > 0 ? `&space-id=${plan.spaceIds.join(',')}` : '';
  const cursor = progress.cursor === null ? '' : `&cursor=${encodeURIComponent(progress.cursor)}`;
  const page = await read(
    pacer,
    'confluence',
    `/wiki/api/v2/${collection}?limit=${backfillLimits.v2Page}${spaces}${cursor}`,
  );
  const pageSpaces = { ...(progress.pageSpaces ?? {}) };
  const records: AuditRecord[] = [];
  for (const content of list(page.results)) {
    const id = String(content.id);
    const spaceId = String(content.spaceId);
    pageSpaces[id] = spaceId;
    if (!(versionTime(content) >= plan.fromMs)) continue;
    const versions = await versionsSince(
      pacer,
      `/wiki/api/v2/${collection}/${encodeURIComponent(id)}/versions`,
      plan.fromMs,
    );
    records.push(
      ...fromContentVersions(type, content, versions, spaceRef(progress, spaceId), plan.fromMs, receivedAt),
    );
  }
  return { records, progress: advance(plan, { ...progress, pageSpaces }, nextCursor(page)) };
}

/**
 * One page of footer comments (or attachments) across the site, newest change first, down to the
 * period's start; those on pages outside the plan's spaces are skipped.
 */
async function confluenceParts(
  kind: 'comment' | 'attachment',
  plan: BackfillPlan,
  progress: BackfillProgress,
  pacer: Pacer,
  receivedAt: Date,
): Promise<StepResult> {
  const collection = kind === 'comment' ? 'footer-comments' : 'attachments';
  const cursor = progress.cursor === null ? '' : `&cursor=${encodeURIComponent(progress.cursor)}`;
  const page = await read(
    pacer,
    'confluence',
    `/wiki/api/v2/${collection}?limit=${backfillLimits.v2Page}&sort=-modified-date${cursor}`,
  );
  const records: AuditRecord[] = [];
  let older = false;
  for (const part of list(page.results)) {
    if (!(versionTime(part) >= plan.fromMs)) {
      older = true;
      break;
    }
    const parentId = String(part.pageId ?? part.blogPostId ?? '');
    const spaceId = progress.pageSpaces?.[parentId];
    if (plan.spaceIds.length > 0 && (spaceId === undefined || !plan.spaceIds.includes(spaceId))) continue;
    const version = part.version as Json | undefined;
    const versions =
      version?.number === 1
        ? [version]
        : await versionsSince(
            pacer,
            `/wiki/api/v2/${collection}/${encodeURIComponent(String(part.id))}/versions`,
            0,
          );
    records.push(
      ...fromPartVersions(kind, part, versions, spaceRef(progress, spaceId), plan.fromMs, receivedAt),
    );
  }
  return { records, progress: advance(plan, progress, older ? null : nextCursor(page)) };
}
