/**
 * Readers for Confluence content events: pages (and live docs), blog posts, whiteboards, databases,
 * embeds, folders, and the things inside them — comments, attachments, custom content, inline tasks.
 */
import type { Change, ParentRef } from '../../record/audit-record';
import type { ActorRule } from './actor';
import { resolveActor } from './actor';
import type { EventInput, Extracted } from './record-parts';
import { change, limitChanges, objectRef, parentRef, spaceContainer } from './record-parts';
import { arrAt, at, field, first, idAt, idOf, objAt, str } from './read';
import { displayValue } from './text';

const CREATE_VERBS: ReadonlySet<string> = new Set(['created', 'initialized']);
/** Verbs whose event is the making of a new version, so the version's author is the actor. */
const EDIT_VERBS: ReadonlySet<string> = new Set(['updated', 'started', 'snapshotted', 'published']);
/** The verbs whose version the REST history lists (`/pages/{id}/versions` and the like). */
const HISTORY_VERBS: ReadonlySet<string> = new Set(['created', 'updated']);
/** The content types whose versions the REST history lists (Confluence v2 `/pages`, `/blogposts`). */
const HISTORY_TYPES: ReadonlySet<string> = new Set(['page', 'blogpost']);
/** The docs define a missing `atlassianId` as an anonymous user; only views can be anonymous in practice. */
const VIEW_VERBS: ReadonlySet<string> = new Set(['viewed']);

/** Who made it (create), who made this version (edit), or an anonymous viewer; nothing else is implied. */
function contentActorRule(verb: string, item: unknown): ActorRule {
  const creator = at(item, 'history', 'createdBy');
  const editor = at(item, 'version', 'by');
  return {
    fallbacks: CREATE_VERBS.has(verb) ? [creator] : EDIT_VERBS.has(verb) ? [editor] : [],
    anonymousWhenAbsent: VIEW_VERBS.has(verb),
    hints: [editor, creator],
  };
}

/**
 * A version number names the occurrence only when this event made that version (a create or an edit).
 * Other events (a move, a view, a trash) leave the version as it was, so two of them would share it.
 */
function versionMade(
  verb: string,
  item: unknown,
  inHistory = false,
): Pick<Extracted, 'occurrence' | 'natural'> {
  const number = idAt(item, 'version', 'number');
  if (!CREATE_VERBS.has(verb) && !EDIT_VERBS.has(verb)) return {};
  // Only a plain create or edit of what the history lists is named as the history names it; a live
  // doc's session events, whiteboards, folders and the like are not in it.
  return { occurrence: [number], ...(inHistory && HISTORY_VERBS.has(verb) ? { natural: [number] } : {}) };
}

/**
 * Comments and attachments: the history names the creation by the object alone (its first version is
 * not listed apart from it) and each later version by its number.
 */
function partVersionMade(verb: string, item: unknown): Pick<Extracted, 'occurrence' | 'natural'> {
  const made = versionMade(verb, item, true);
  return verb === 'created' ? { ...made, natural: [] } : made;
}

/** The object type is the event's (page, blogpost…): a live doc (`subType: 'live'`) is still a page. */
function objectTypeOf(action: string): string {
  return action.slice(0, action.indexOf('.'));
}

/** A page or blog post a comment, attachment, task or label belongs to. */
export function contentParent(content: unknown): ParentRef | null {
  return parentRef(str(content, 'type') ?? 'content', idAt(content, 'id'), { title: str(content, 'title') });
}

/** The parent of a page is not in the documented Content; `parentId` and `ancestors` are read if present. */
function parentIdOf(content: unknown): string | null {
  const ancestors = arrAt(content, 'ancestors');
  return first(idAt(content, 'parentId'), idOf(field(ancestors[ancestors.length - 1], 'id')));
}

function movedChanges(before: unknown, after: unknown): readonly Change[] {
  const changes: Change[] = [];
  const fromSpace = first(str(before, 'space', 'key'), idAt(before, 'space', 'id'));
  const toSpace = first(str(after, 'space', 'key'), idAt(after, 'space', 'id'));
  if (fromSpace !== toSpace) changes.push(change('space', fromSpace, toSpace));
  const fromParent = parentIdOf(before);
  const toParent = parentIdOf(after);
  if (fromParent !== toParent) changes.push(change('parent', fromParent, toParent));
  return changes;
}

function idList(value: readonly unknown[]): string | null {
  const ids = value.map(idOf).filter((id): id is string => id !== null);
  return ids.length > 0 ? ids.join(', ') : null;
}

/** Pages, live docs, blog posts, whiteboards, databases, embeds, folders: one payload shape. */
export function readConfluenceContent({ spec, payload }: EventInput): Extracted {
  const content = objAt(payload, 'content');
  const changes: Change[] = [];
  if (spec.verb === 'moved' && objAt(payload, 'prevContent') !== null) {
    changes.push(...movedChanges(objAt(payload, 'prevContent'), content));
  }
  const origin = idAt(payload, 'originContentId');
  if (spec.verb === 'copied' && origin !== null) changes.push(change('copied from', null, origin));
  if (spec.verb === 'children_reordered') {
    changes.push(
      change(
        'child order',
        idList(arrAt(payload, 'oldSortedChildPageIds')),
        idList(arrAt(payload, 'newSortedChildPageIds')),
      ),
    );
  }
  return {
    actor: resolveActor(payload, contentActorRule(spec.verb, content)),
    container: spaceContainer(objAt(content, 'space')),
    object: objectRef(objectTypeOf(spec.action), idAt(content, 'id'), { title: str(content, 'title') }),
    changes: limitChanges(changes),
    ...versionMade(spec.verb, content, HISTORY_TYPES.has(objectTypeOf(spec.action))),
  };
}

/** A comment's body is not in the payload; its container (page or blog post) is its parent. */
export function readConfluenceComment({ spec, payload }: EventInput): Extracted {
  const content = objAt(payload, 'content');
  const parentContent = objAt(content, 'container');
  return {
    actor: resolveActor(payload, contentActorRule(spec.verb, content)),
    container: spaceContainer(objAt(content, 'space') ?? objAt(parentContent, 'space')),
    object: objectRef('comment', idAt(content, 'id'), { parent: contentParent(parentContent) }),
    changes: [],
    ...partVersionMade(spec.verb, content),
  };
}

export function readConfluenceAttachment({ spec, payload }: EventInput): Extracted {
  const attachment = objAt(payload, 'attachment');
  const parentContent = objAt(attachment, 'container');
  return {
    actor: resolveActor(payload, contentActorRule(spec.verb, attachment)),
    container: spaceContainer(objAt(attachment, 'space') ?? objAt(parentContent, 'space')),
    object: objectRef('attachment', idAt(attachment, 'id'), {
      title: str(attachment, 'title'),
      parent: contentParent(parentContent),
    }),
    changes: [],
    ...partVersionMade(spec.verb, attachment),
  };
}

/** Forge/Connect custom content; `container` is absent for space-level custom content. */
export function readConfluenceCustomContent({ spec, payload }: EventInput): Extracted {
  const content = objAt(payload, 'content');
  return {
    actor: resolveActor(payload, contentActorRule(spec.verb, content)),
    container: spaceContainer(objAt(content, 'space')),
    object: objectRef('custom_content', idAt(content, 'id'), {
      title: str(content, 'title'),
      parent: contentParent(objAt(content, 'container')),
    }),
    changes: [],
    ...versionMade(spec.verb, content),
  };
}

/** Inline tasks: the uuid identifies a task across pages (the numeric id is per page), so it is preferred. */
export function readConfluenceTask({ spec, payload }: EventInput): Extracted {
  const task = objAt(payload, 'task');
  const oldTask = objAt(payload, 'oldTask');
  const content = objAt(payload, 'content');
  const changes: Change[] = [];
  if (spec.verb === 'updated' && oldTask !== null) {
    for (const key of ['status', 'assignee', 'dueDate']) {
      const from = displayValue(field(oldTask, key));
      const to = displayValue(field(task, key));
      if (key === 'status' || from !== to) changes.push(change(key, from, to));
    }
  }
  return {
    actor: resolveActor(payload),
    container: spaceContainer(objAt(content, 'space')),
    object: objectRef('task', first(str(task, 'uuid'), idAt(task, 'id')), { parent: contentParent(content) }),
    changes,
  };
}
