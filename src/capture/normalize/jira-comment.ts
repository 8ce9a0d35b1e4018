import { fieldLengths } from '../../limits';
import type { EventInput, Extracted } from './record-parts';
import { change, objectRef } from './record-parts';
import { resolveActor } from './actor';
import { issueParent, issueProject } from './jira-issue';
import { arrAt, field, idAt, objAt, str } from './read';
import { bodyText } from './text';
import { parseEventTime } from './time';

/**
 * `avi:jira:commented:issue` is sent for a new comment and for an edit. An edit is a comment whose
 * `updated` differs from its `created`; without `updated` (or with unparseable dates that are equal as
 * text) it is new. So an edit is never recorded as a second `comment.created`.
 */
export function isEdit(comment: unknown): boolean {
  const created = str(comment, 'created');
  const updated = str(comment, 'updated');
  if (updated === null || created === null || updated === created) return false;
  const createdAt = parseJiraTime(created);
  const updatedAt = parseJiraTime(updated);
  if (createdAt !== null && updatedAt !== null) return updatedAt !== createdAt;
  return true;
}

/** Jira writes offsets without a colon (`-0800`); Date.parse wants one. Epoch ms, or null. */
export function parseJiraTime(text: string): number | null {
  const iso = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  return parseEventTime(iso)?.getTime() ?? null;
}

/** commented:issue, mentioned:comment, deleted:comment. */
export function readJiraComment({ spec, payload }: EventInput): Extracted {
  const issue = objAt(payload, 'issue');
  const comment = objAt(payload, 'comment');
  const commented = spec.family === 'jira-comment' && spec.verb === 'commented';
  const edit = commented && isEdit(comment);
  const text = bodyText(field(comment, 'body'), fieldLengths.changeValue);
  // Who wrote this version of the comment; nobody is documented as the one who deleted it.
  const fallbacks =
    spec.verb === 'deleted' ? [] : edit ? [field(comment, 'updateAuthor')] : [field(comment, 'author')];
  const mentioned = arrAt(payload, 'mentionedAccountIds').filter(
    (id): id is string => typeof id === 'string',
  );
  const changes =
    spec.verb === 'deleted'
      ? [change('comment', text, null)]
      : spec.verb === 'mentioned'
        ? [change('mentioned', null, mentioned.join(', ') || null)]
        : [change('comment', null, text)];
  return {
    ...(commented ? { action: edit ? 'comment.updated' : 'comment.created' } : {}),
    actor: resolveActor(payload, {
      fallbacks,
      hints: [field(comment, 'author'), field(comment, 'updateAuthor'), ...arrAt(payload, 'associatedUsers')],
    }),
    container: issueProject(issue),
    object: objectRef('comment', idAt(comment, 'id'), { parent: issueParent(issue) }),
    changes,
    occurrence: [idAt(comment, 'id'), str(comment, 'updated')],
    // The REST history keeps a comment's creation and its latest edit, named by the edit's time.
    ...(commented ? { natural: edit ? [editTime(comment)] : [] } : {}),
  };
}

/** A comment's or worklog's `updated`, as epoch ms: Jira writes it differently in events and REST. */
export function editTime(item: unknown): number | null {
  const updated = str(item, 'updated');
  return updated === null ? null : parseJiraTime(updated);
}
