import { jiraCommentEvent, jiraIssueEvent, type JiraIssue, type JiraUser } from '../../dev/payloads';
import type { Sandbox } from '../../dev/sandbox';
import { syntheticEvents } from '../../dev/seed/synthetic-activity';
import type { SiteIssue } from '../../dev/site/site-model';
import type { AuditRecord } from '../../src/record/audit-record';
import { fromRow } from '../../src/store/audit-event-row';
import { rowsOf } from '../support/rows';

/**
 * Shared by the activity suites: loading a realistic log through the capture handler, an independent
 * in-memory filter to check the resolvers against, and page walking.
 */

export type Invoke = (key: string, payload: unknown) => Promise<unknown>;

export interface ErrorAnswer {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string };
}

export function isError(answer: unknown): answer is ErrorAnswer {
  return typeof (answer as ErrorAnswer | null)?.error?.code === 'string';
}

export interface Page {
  readonly items: AuditRecord[];
  readonly nextCursor?: string;
}

export function asPage(answer: unknown): Page {
  if (isError(answer)) throw new Error(`expected a page, got ${JSON.stringify(answer)}`);
  return answer as Page;
}

/** Every page of a query, following `nextCursor`; `between` runs after each page (to insert rows). */
export async function walk(
  invoke: Invoke,
  key: string,
  payload: Record<string, unknown>,
  between?: (page: Page) => Promise<void>,
): Promise<{ items: AuditRecord[]; pages: number }> {
  const items: AuditRecord[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = asPage(await invoke(key, { ...payload, ...(cursor ? { cursor } : {}) }));
    items.push(...page.items);
    pages += 1;
    if (pages > 10_000) throw new Error('runaway paging');
    cursor = page.nextCursor;
    if (between) await between(page);
  } while (cursor);
  return { items, pages };
}

/** Turns views on (so every synthetic event is stored) and delivers `count` synthetic events. */
export async function loadSynthetic(sandbox: Sandbox, count: number, seed = 7): Promise<void> {
  await sandbox.host.invoke(
    'jira:adminPage',
    'settings.update',
    { views: { jira: true, confluence: true } },
    sandbox.defaultAccountId,
  );
  for (const event of syntheticEvents(sandbox.site, { count, seed })) {
    const answer = await sandbox.host.deliverEvent(event);
    if (answer.status !== 'stored' && answer.status !== 'duplicate') {
      throw new Error(`synthetic event not stored: ${JSON.stringify(answer)}`);
    }
  }
}

export function jiraIssueOf(sandbox: Sandbox, issue: SiteIssue, summary = issue.summary): JiraIssue {
  const project = sandbox.site.projects.find((p) => p.id === issue.projectId);
  if (project === undefined) throw new Error(`no project ${issue.projectId}`);
  return {
    id: issue.id,
    key: issue.key,
    summary,
    project: { id: project.id, key: project.key, name: project.name },
  };
}

export function jiraUserOf(sandbox: Sandbox, accountId: string): JiraUser {
  const user = sandbox.site.users.find((u) => u.accountId === accountId);
  return { accountId, displayName: user?.displayName ?? 'Someone' };
}

let changelog = 0;

/** Delivers an `issue updated` event at a given time and returns the stored record's id. */
export async function deliverIssueUpdate(
  sandbox: Sandbox,
  input: {
    readonly issue: JiraIssue;
    readonly actor: JiraUser;
    readonly at: Date;
    readonly from?: string;
    readonly to?: string;
  },
): Promise<string> {
  changelog += 1;
  const answer = await sandbox.host.deliverEvent(
    jiraIssueEvent('updated', {
      issue: input.issue,
      actor: input.actor,
      at: input.at,
      changelogId: `t${changelog}-${input.at.getTime()}`,
      changes: [{ field: 'summary', fromString: input.from ?? 'before', toString: input.to ?? 'after' }],
    }),
  );
  if (answer.status !== 'stored' || answer.id === undefined) {
    throw new Error(`not stored: ${JSON.stringify(answer)}`);
  }
  return answer.id;
}

export async function deliverComment(
  sandbox: Sandbox,
  input: {
    readonly issue: JiraIssue;
    readonly actor: JiraUser;
    readonly at: Date;
    readonly id: string;
    readonly body: string;
  },
): Promise<string> {
  const answer = await sandbox.host.deliverEvent(
    jiraCommentEvent('commented', {
      issue: input.issue,
      comment: { id: input.id, body: input.body, author: input.actor, created: input.at },
      at: input.at,
    }),
  );
  if (answer.status !== 'stored' || answer.id === undefined) {
    throw new Error(`not stored: ${JSON.stringify(answer)}`);
  }
  return answer.id;
}

/** Everything stored, as records. */
export async function storedRecords(sandbox: Sandbox): Promise<AuditRecord[]> {
  return (await rowsOf(sandbox)).map(fromRow);
}

/** A filter as the oracle understands it, with its lookups given (group members, JQL's issues). */
export interface OracleFilter {
  readonly from?: number;
  readonly to?: number;
  readonly actors?: readonly string[];
  /** The union of the filter's groups' members. */
  readonly groupMembers?: ReadonlySet<string>;
  readonly products?: readonly string[];
  readonly actions?: readonly string[];
  readonly containers?: readonly string[];
  readonly objects?: readonly string[];
  readonly text?: string;
  /** The people whose names the text matches (Jira's user search). */
  readonly textActors?: ReadonlySet<string>;
  /** The issue ids the JQL matches (Confluence records are kept beside them). */
  readonly jqlIssues?: ReadonlySet<string>;
}

/**
 * The filter semantics written a second time, plainly, over records in memory: every part narrows,
 * values within a part are alternatives. Newest first, ties by id (descending).
 */
export function oracle(records: readonly AuditRecord[], f: OracleFilter): AuditRecord[] {
  const lower = f.text?.toLowerCase();
  return records
    .filter((r) => {
      const time = Date.parse(r.time);
      const trail = r.object?.parent?.id ?? r.object?.id ?? null;
      if (f.from !== undefined && time < f.from) return false;
      if (f.to !== undefined && time > f.to) return false;
      if (f.actors && !f.actors.includes(r.actor.accountId ?? '\u0000')) return false;
      if (f.groupMembers && !f.groupMembers.has(r.actor.accountId ?? '\u0000')) return false;
      if (f.products && !f.products.includes(r.product)) return false;
      if (
        f.actions &&
        !f.actions.some((a) => (a.endsWith('.*') ? r.action.startsWith(a.slice(0, -1)) : r.action === a))
      )
        return false;
      if (f.containers && !f.containers.includes(r.container?.id ?? '\u0000')) return false;
      if (f.objects && (trail === null || !f.objects.includes(trail))) return false;
      if (lower !== undefined) {
        const haystack = [
          r.actor.accountId,
          r.action,
          r.object?.key,
          r.object?.title,
          r.object?.parent?.key,
          r.object?.parent?.title,
        ];
        const named = f.textActors?.has(r.actor.accountId ?? '\u0000') ?? false;
        if (!named && !haystack.some((v) => typeof v === 'string' && v.toLowerCase().includes(lower)))
          return false;
      }
      if (f.jqlIssues && r.product === 'jira') {
        const onIssue =
          r.object?.parent !== undefined ? r.object.parent.type === 'issue' : r.object?.type === 'issue';
        if (!onIssue || trail === null || !f.jqlIssues.has(trail)) return false;
      }
      return true;
    })
    .sort(newestFirst);
}

export function newestFirst(a: AuditRecord, b: AuditRecord): number {
  const ta = Date.parse(a.time);
  const tb = Date.parse(b.time);
  if (ta !== tb) return tb - ta;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export const ids = (records: readonly AuditRecord[]) => records.map((r) => r.id);
