/**
 * REST history → AuditRecords. Pure, never throws: what the history does not say stays null or unknown,
 * and what it does not name (no id, no time) is left out rather than guessed. Each record gets the
 * action live capture gives the same change and the same natural id (src/record/natural-id.ts), so a
 * change captured live and backfilled later is one row; `source` says it was backfilled.
 */
import { fieldLengths } from '../limits';
import type { Actor, AuditRecord, Change, Container, ObjectRef, Product } from '../record/audit-record';
import { BACKFILL_SOURCE } from '../record/audit-sources';
import { naturalRecordId } from '../record/natural-id';
import { actorFromUser, UNKNOWN_ACTOR } from '../capture/normalize/actor';
import { editTime, isEdit, parseJiraTime } from '../capture/normalize/jira-comment';
import { changelogChanges, issueParent } from '../capture/normalize/jira-issue';
import { arr, field, first, idAt, obj, str } from '../capture/normalize/read';
import {
  change,
  limitChanges,
  objectRef,
  parentRef,
  projectContainer,
} from '../capture/normalize/record-parts';
import { bodyText } from '../capture/normalize/text';
import { parseEventTime } from '../capture/normalize/time';

/** One record to be, before the shell stamps `receivedAt`. */
interface Draft {
  readonly product: Product;
  readonly action: string;
  readonly timeMs: number | null;
  readonly actor: Actor;
  readonly container: Container | null;
  readonly object: ObjectRef | null;
  readonly changes: readonly Change[];
  readonly key: readonly (string | number | null)[];
}

function toRecord(draft: Draft, receivedAt: Date): AuditRecord | null {
  const { object, timeMs } = draft;
  if (object === null || timeMs === null || draft.key.some((part) => part === null)) return null;
  return {
    id: naturalRecordId(draft.product, draft.action, object, draft.key as readonly (string | number)[]),
    time: new Date(timeMs).toISOString(),
    receivedAt: receivedAt.toISOString(),
    product: draft.product,
    action: draft.action,
    actor: draft.actor,
    container: draft.container,
    object,
    changes: limitChanges(draft.changes),
    source: { event: BACKFILL_SOURCE[draft.product] },
  };
}

function keep(drafts: readonly Draft[], fromMs: number, receivedAt: Date): AuditRecord[] {
  return drafts.flatMap((d) => {
    if (d.timeMs === null || d.timeMs < fromMs) return [];
    const record = toRecord(d, receivedAt);
    return record === null ? [] : [record];
  });
}

function userActor(user: unknown): Actor {
  return actorFromUser(user) ?? UNKNOWN_ACTOR;
}

function jiraTime(value: unknown): number | null {
  return typeof value === 'string' ? parseJiraTime(value) : null;
}

// --------------------------------------------------------------------------------------------- Jira

/**
 * One issue of `/search/jql` (fields `summary, project, created, creator, reporter, comment,
 * attachment`), its changelogs from `/changelog/bulkfetch`, and all its comments: `issue.created`,
 * `issue.updated` per changelog (link and attachment changes are among its items where Jira recorded
 * them), `comment.created`, `comment.updated` for the last edit Jira keeps, `attachment.created`.
 */
export function fromJiraIssue(
  issue: unknown,
  changelogs: readonly unknown[],
  comments: readonly unknown[],
  fromMs: number,
  receivedAt: Date,
): AuditRecord[] {
  const issueId = idAt(issue, 'id');
  const fields = obj(field(issue, 'fields'));
  const container = projectContainer(field(fields, 'project'));
  const asPayloadIssue = { id: issueId, key: str(issue, 'key'), fields };
  const issueObject = objectRef('issue', issueId, { key: str(issue, 'key'), title: str(fields, 'summary') });
  const parent = issueParent(asPayloadIssue);
  const drafts: Draft[] = [
    {
      product: 'jira',
      action: 'issue.created',
      timeMs: jiraTime(field(fields, 'created')),
      actor: actorFromUser(field(fields, 'creator')) ?? userActor(field(fields, 'reporter')),
      container,
      object: issueObject,
      changes: [],
      key: [],
    },
  ];
  for (const history of changelogs) {
    drafts.push({
      product: 'jira',
      action: 'issue.updated',
      timeMs: jiraTime(field(history, 'created')),
      actor: userActor(field(history, 'author')),
      container,
      object: issueObject,
      changes: changelogChanges(history),
      key: [idAt(history, 'id')],
    });
  }
  for (const comment of comments) {
    const object = objectRef('comment', idAt(comment, 'id'), { parent });
    const text = bodyText(field(comment, 'body'), fieldLengths.changeValue);
    drafts.push({
      product: 'jira',
      action: 'comment.created',
      timeMs: jiraTime(field(comment, 'created')),
      actor: userActor(field(comment, 'author')),
      container,
      object,
      changes: [change('comment', null, text)],
      key: [],
    });
    if (isEdit(comment)) {
      drafts.push({
        product: 'jira',
        action: 'comment.updated',
        timeMs: editTime(comment),
        actor: userActor(field(comment, 'updateAuthor')),
        container,
        object,
        changes: [change('comment', null, text)],
        key: [editTime(comment)],
      });
    }
  }
  for (const attachment of arr(field(fields, 'attachment'))) {
    drafts.push({
      product: 'jira',
      action: 'attachment.created',
      timeMs: jiraTime(field(attachment, 'created')),
      actor: userActor(field(attachment, 'author')),
      container,
      object: objectRef('attachment', idAt(attachment, 'id'), { title: str(attachment, 'filename'), parent }),
      changes: [],
      key: [],
    });
  }
  return keep(drafts, fromMs, receivedAt);
}

/**
 * One worklog of `/worklog/list`: `worklog.created`, and `worklog.updated` for its last edit. As in
 * the product event, the worklog names its issue by id only, so there is no project.
 */
export function fromJiraWorklog(worklog: unknown, fromMs: number, receivedAt: Date): AuditRecord[] {
  const object = objectRef('worklog', idAt(worklog, 'id'), {
    parent: parentRef('issue', idAt(worklog, 'issueId')),
  });
  const seconds = field(worklog, 'timeSpentSeconds');
  const spent = first(
    str(worklog, 'timeSpent'),
    typeof seconds === 'number' && Number.isFinite(seconds) ? `${seconds}s` : null,
  );
  const created = jiraTime(field(worklog, 'created'));
  const updated = editTime(worklog);
  const drafts: Draft[] = [
    {
      product: 'jira',
      action: 'worklog.created',
      timeMs: created,
      actor: userActor(field(worklog, 'author')),
      container: null,
      object,
      changes: [change('timeSpent', null, spent)],
      key: [],
    },
  ];
  if (updated !== null && created !== null && updated !== created) {
    drafts.push({
      product: 'jira',
      action: 'worklog.updated',
      timeMs: updated,
      actor: actorFromUser(field(worklog, 'updateAuthor')) ?? userActor(field(worklog, 'author')),
      container: null,
      object,
      changes: [change('timeSpent', null, spent)],
      key: [updated],
    });
  }
  return keep(drafts, fromMs, receivedAt);
}

// --------------------------------------------------------------------------------------- Confluence

/** A space as the records name it, from `/wiki/api/v2/spaces`. */
export interface SpaceRef {
  readonly id: string;
  readonly key?: string;
  readonly name?: string;
}

function spaceContainer(space: SpaceRef | undefined): Container | null {
  if (space === undefined) return null;
  return {
    type: 'space',
    id: space.id,
    ...(space.key ? { key: space.key } : {}),
    ...(space.name ? { name: space.name } : {}),
  };
}

function v2Time(value: unknown): number | null {
  return parseEventTime(value)?.getTime() ?? null;
}

function confluenceActor(accountId: string | null): Actor {
  return accountId === null ? UNKNOWN_ACTOR : { accountId, type: 'user' };
}

/**
 * One page or blog post of `/wiki/api/v2/pages` (or `/blogposts`) and its versions: version 1 is
 * `page.created`, every later one `page.updated`, each named by its number as live capture names it.
 */
export function fromContentVersions(
  type: 'page' | 'blogpost',
  content: unknown,
  versions: readonly unknown[],
  space: SpaceRef | undefined,
  fromMs: number,
  receivedAt: Date,
): AuditRecord[] {
  const object = objectRef(type, idAt(content, 'id'), { title: str(content, 'title') });
  const drafts = versions.map((version): Draft => ({
    product: 'confluence',
    action: idAt(version, 'number') === '1' ? `${type}.created` : `${type}.updated`,
    timeMs: v2Time(field(version, 'createdAt')),
    actor: confluenceActor(str(version, 'authorId')),
    container: spaceContainer(space),
    object,
    changes: [],
    key: [idAt(version, 'number')],
  }));
  return keep(drafts, fromMs, receivedAt);
}

/**
 * A footer comment or attachment of `/wiki/api/v2/footer-comments` or `/attachments` and its versions:
 * the first is its creation (named by the object alone, as live capture names it), each later one an
 * update named by its number.
 */
export function fromPartVersions(
  kind: 'comment' | 'attachment',
  part: unknown,
  versions: readonly unknown[],
  space: SpaceRef | undefined,
  fromMs: number,
  receivedAt: Date,
): AuditRecord[] {
  const blogPostId = str(part, 'blogPostId');
  const parent = parentRef(blogPostId ? 'blogpost' : 'page', blogPostId ?? str(part, 'pageId'));
  const object = objectRef(kind, idAt(part, 'id'), {
    ...(kind === 'attachment' ? { title: str(part, 'title') } : {}),
    parent,
  });
  const drafts = versions.map((version): Draft => {
    const number = idAt(version, 'number');
    return {
      product: 'confluence',
      action: number === '1' ? `${kind}.created` : `${kind}.updated`,
      timeMs: v2Time(field(version, 'createdAt')),
      actor: confluenceActor(str(version, 'authorId')),
      container: spaceContainer(space),
      object,
      changes: [],
      key: number === '1' ? [] : [number],
    };
  });
  return keep(drafts, fromMs, receivedAt);
}
