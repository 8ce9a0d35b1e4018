import type { Change, Container, ParentRef } from '../../record/audit-record';
import type { EventInput, Extracted } from './record-parts';
import { change, limitChanges, objectRef, parentRef, projectContainer } from './record-parts';
import { resolveActor } from './actor';
import { arr, arrAt, field, first, idAt, objAt, str } from './read';
import { displayValue } from './text';

/** The issue as a parent reference (for comments, worklogs, attachments, properties, links). */
export function issueParent(issue: unknown): ParentRef | null {
  return parentRef('issue', idAt(issue, 'id'), {
    key: str(issue, 'key'),
    title: str(issue, 'fields', 'summary'),
  });
}

export function issueProject(issue: unknown): Container | null {
  return projectContainer(objAt(issue, 'fields', 'project'));
}

/**
 * `changelog.items[]` → changes. Values are the display strings where Jira gives them (`fromString`,
 * `toString`) and the raw ids otherwise (a Sprint change has only ids; a Parent Link only `toString`).
 */
export function changelogChanges(changelog: unknown): readonly Change[] {
  return arr(field(changelog, 'items')).map((item) =>
    change(
      first(str(item, 'field'), str(item, 'fieldId')) ?? '(unnamed field)',
      first(displayValue(field(item, 'fromString')), displayValue(field(item, 'from'))),
      first(displayValue(field(item, 'toString')), displayValue(field(item, 'to'))),
    ),
  );
}

/**
 * The users Jira lists in `associatedUsers`, but only when there is exactly one: for created and
 * deleted the docs say that one is the actor; a longer list mixes in assignees, so it names no one.
 */
function soleAssociatedUser(payload: unknown): unknown {
  const users = arrAt(payload, 'associatedUsers');
  return users.length === 1 ? users[0] : undefined;
}

/** created, updated, deleted, assigned, viewed, mentioned. */
export function readJiraIssue({ spec, payload }: EventInput): Extracted {
  const issue = objAt(payload, 'issue');
  const verb = spec.verb;
  const fallbacks =
    verb === 'viewed'
      ? [field(payload, 'user')]
      : verb === 'created' || verb === 'deleted'
        ? [soleAssociatedUser(payload)]
        : [];
  const mentioned = arrAt(payload, 'mentionedAccountIds').filter(
    (id): id is string => typeof id === 'string',
  );
  const changes = [
    ...changelogChanges(field(payload, 'changelog')),
    ...(verb === 'mentioned' && mentioned.length > 0
      ? [change('mentioned', null, mentioned.join(', '))]
      : []),
  ];
  return {
    actor: resolveActor(payload, {
      fallbacks,
      hints: [field(payload, 'user'), ...arrAt(payload, 'associatedUsers')],
    }),
    container: issueProject(issue),
    object: objectRef('issue', idAt(issue, 'id'), {
      key: str(issue, 'key'),
      title: str(issue, 'fields', 'summary'),
    }),
    changes: limitChanges(changes),
    occurrence: [idAt(payload, 'changelog', 'id')],
    ...(verb === 'created' ? { natural: [] } : {}),
    ...(verb === 'updated' ? { natural: [idAt(payload, 'changelog', 'id')] } : {}),
  };
}
