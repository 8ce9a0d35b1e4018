/**
 * Builders of Forge Confluence product-event payloads (events-reference/confluence), shaped like the
 * docs' examples (fixtures/forge-events/confluence/*). Root time is `eventCreatedDate` (ISO).
 *
 * `actor`: a user fills `atlassianId`; `null` leaves it out, which the docs define as "triggered by an
 * anonymous user"; absent defaults to whoever made the object's current version where that makes sense.
 */
import type {
  ConfluenceAttachmentVerb,
  ConfluenceCommentVerb,
  ConfluenceContentVerb,
  ConfluenceCustomContentVerb,
  ConfluenceLabelVerb,
  ConfluenceSpaceVerb,
  ConfluenceTaskVerb,
  CreatedDeleted,
} from './event-types';
import type {
  ConfluenceAttachment,
  ConfluenceComment,
  ConfluenceContent,
  ConfluenceCustomContent,
  ConfluenceEntity,
  ConfluenceGroup,
  ConfluenceLabel,
  ConfluenceSpace,
  ConfluenceTask,
  ConfluenceTemplate,
  ConfluenceUser,
  ForgeEventPayload,
} from './types';

type Obj = Readonly<Record<string, unknown>>;

/** Confluence fills the PII fields with the accountId "for privacy reasons"; so do we. */
export function confluenceUser(user: ConfluenceUser): Obj {
  const id = user.accountId;
  return {
    type: 'known',
    username: id,
    accountId: id,
    accountType: user.accountType ?? 'atlassian',
    email: id,
    publicName: id,
    profilePicture: { path: `/wiki/aa-avatar/${id}`, width: 48, height: 48, isDefault: false },
    displayName: id,
    isExternalCollaborator: false,
  };
}

export function confluenceSpaceObject(space: ConfluenceSpace, withHistory = false): Obj {
  return {
    id: space.id,
    key: space.key,
    alias: space.key,
    name: space.name,
    icon: { path: '/images/logo/default-space-logo-256.png', width: 48, height: 48, isDefault: false },
    type: space.type ?? 'global',
    status: space.status ?? 'current',
    ...(withHistory && space.createdBy
      ? {
          history: {
            createdBy: confluenceUser(space.createdBy),
            createdDate: (space.createdDate ?? new Date(0)).toISOString(),
          },
        }
      : {}),
  };
}

interface Versioned {
  readonly version: number;
  readonly createdBy: ConfluenceUser;
  readonly createdDate: Date;
  readonly versionBy?: ConfluenceUser;
  readonly versionWhen?: Date;
}

function historyAndVersion(item: Versioned): Obj {
  return {
    history: {
      latest: true,
      createdBy: confluenceUser(item.createdBy),
      ownedBy: confluenceUser(item.createdBy),
      createdDate: item.createdDate.toISOString(),
    },
    version: {
      by: confluenceUser(item.versionBy ?? item.createdBy),
      when: (item.versionWhen ?? item.createdDate).toISOString(),
      number: item.version,
    },
  };
}

export function confluenceContentObject(content: ConfluenceContent, withSpace = true): Obj {
  return {
    id: content.id,
    type: content.type,
    ...(content.subType ? { subType: content.subType } : {}),
    status: content.status ?? 'current',
    title: content.title,
    ...(withSpace ? { space: confluenceSpaceObject(content.space) } : {}),
    ...historyAndVersion(content),
  };
}

function actorField(actor: ConfluenceUser | null | undefined, fallback: ConfluenceUser | undefined): Obj {
  if (actor === null) return {};
  const who = actor ?? fallback;
  return who ? { atlassianId: who.accountId } : {};
}

const UPDATE_TRIGGER_VERBS: ReadonlySet<string> = new Set(['updated', 'started', 'snapshotted', 'published']);

export interface ConfluenceContentEventInput {
  readonly content: ConfluenceContent;
  readonly actor?: ConfluenceUser | null;
  readonly at: Date;
  /** Only on updated/started/snapshotted/published; the docs do not list its values, so none is invented. */
  readonly updateTrigger?: string;
  /** For `moved`: the content as it was before the move (other parent or space). */
  readonly prevContent?: ConfluenceContent;
  /** For `copied`. */
  readonly originContentId?: string;
  /** For `children_reordered`. */
  readonly oldSortedChildPageIds?: readonly string[];
  readonly newSortedChildPageIds?: readonly string[];
}

/** Pages, live docs, blog posts, whiteboards, databases, embeds and folders share this payload. */
export function confluenceContentEvent(
  verb: ConfluenceContentVerb,
  input: ConfluenceContentEventInput,
): ForgeEventPayload {
  const c = input.content;
  return {
    eventType: `avi:confluence:${verb}:${c.type}`,
    ...actorField(input.actor, c.versionBy ?? c.createdBy),
    eventCreatedDate: input.at.toISOString(),
    suppressNotifications: false,
    selfGenerated: false,
    ...(input.updateTrigger && UPDATE_TRIGGER_VERBS.has(verb) ? { updateTrigger: input.updateTrigger } : {}),
    content: confluenceContentObject(c),
    ...(verb === 'moved' && input.prevContent
      ? { prevContent: confluenceContentObject(input.prevContent) }
      : {}),
    ...(verb === 'copied' && input.originContentId ? { originContentId: input.originContentId } : {}),
    ...(verb === 'children_reordered'
      ? {
          oldSortedChildPageIds: input.oldSortedChildPageIds ?? [],
          newSortedChildPageIds: input.newSortedChildPageIds ?? [],
        }
      : {}),
  };
}

export interface ConfluenceCommentEventInput {
  readonly comment: ConfluenceComment;
  readonly actor?: ConfluenceUser | null;
  readonly at: Date;
  readonly updateTrigger?: string;
}

export function confluenceCommentEvent(
  verb: ConfluenceCommentVerb,
  input: ConfluenceCommentEventInput,
): ForgeEventPayload {
  const c = input.comment;
  return {
    eventType: `avi:confluence:${verb}:comment`,
    ...actorField(input.actor, c.versionBy ?? c.createdBy),
    eventCreatedDate: input.at.toISOString(),
    suppressNotifications: false,
    selfGenerated: false,
    ...(verb === 'updated' && input.updateTrigger ? { updateTrigger: input.updateTrigger } : {}),
    content: {
      id: c.id,
      type: 'comment',
      status: 'current',
      title: c.title ?? `Re: ${c.container.title}`,
      space: confluenceSpaceObject(c.container.space),
      ...historyAndVersion(c),
      ancestors: [],
      // As in the docs' example, the container carries no space of its own.
      container: confluenceContentObject(c.container, false),
      extensions: { location: c.location ?? 'footer' },
    },
  };
}

export interface ConfluenceAttachmentEventInput {
  readonly attachment: ConfluenceAttachment;
  readonly actor?: ConfluenceUser | null;
  readonly at: Date;
  readonly updateTrigger?: string;
}

export function confluenceAttachmentEvent(
  verb: ConfluenceAttachmentVerb,
  input: ConfluenceAttachmentEventInput,
): ForgeEventPayload {
  const a = input.attachment;
  return {
    eventType: `avi:confluence:${verb}:attachment`,
    ...actorField(input.actor, a.versionBy ?? a.createdBy),
    eventCreatedDate: input.at.toISOString(),
    suppressNotifications: false,
    selfGenerated: false,
    ...(verb === 'updated' && input.updateTrigger ? { updateTrigger: input.updateTrigger } : {}),
    attachment: {
      id: a.id,
      type: 'attachment',
      status: verb === 'trashed' ? 'trashed' : 'current',
      title: a.title,
      space: confluenceSpaceObject(a.container.space),
      ...historyAndVersion(a),
      container: confluenceContentObject(a.container, false),
      extensions: {
        mediaType: a.mediaType ?? 'application/octet-stream',
        fileSize: a.fileSize ?? 0,
        mediaTypeDescription: a.mediaType ?? 'File',
        downloadPath: `/wiki/download/attachments/${a.container.id}/${encodeURIComponent(a.title)}?version=${a.version}&api=v2`,
      },
    },
  };
}

export interface ConfluenceCustomContentEventInput {
  readonly content: ConfluenceCustomContent;
  readonly actor?: ConfluenceUser | null;
  readonly at: Date;
}

export function confluenceCustomContentEvent(
  verb: ConfluenceCustomContentVerb,
  input: ConfluenceCustomContentEventInput,
): ForgeEventPayload {
  const c = input.content;
  return {
    eventType: `avi:confluence:${verb}:custom_content`,
    ...actorField(input.actor, c.createdBy),
    eventCreatedDate: input.at.toISOString(),
    suppressNotifications: false,
    selfGenerated: false,
    content: {
      id: c.id,
      type: c.type,
      status: 'current',
      title: c.title,
      space: confluenceSpaceObject(c.space),
      ...historyAndVersion(c),
      ...(c.container ? { container: confluenceContentObject(c.container, false) } : {}),
    },
  };
}

export interface ConfluenceSpaceEventInput {
  readonly space: ConfluenceSpace;
  readonly actor?: ConfluenceUser | null;
  readonly at: Date;
}

/** Space events are the `:V2` names; the unsuffixed ones are deprecated. */
export function confluenceSpaceEvent(
  verb: ConfluenceSpaceVerb,
  input: ConfluenceSpaceEventInput,
): ForgeEventPayload {
  return {
    eventType: `avi:confluence:${verb}:space:V2`,
    ...actorField(input.actor, input.space.createdBy),
    eventCreatedDate: input.at.toISOString(),
    space: confluenceSpaceObject(input.space, true),
  };
}

export interface ConfluenceUserEventInput {
  readonly user: ConfluenceUser;
  readonly at: Date;
}

/** No `atlassianId`: the docs say user events come from an asynchronous process. */
export function confluenceUserEvent(
  verb: CreatedDeleted,
  input: ConfluenceUserEventInput,
): ForgeEventPayload {
  return {
    eventType: `avi:confluence:${verb}:user`,
    eventCreatedDate: input.at.toISOString(),
    user: confluenceUser(input.user),
  };
}

export interface ConfluenceGroupEventInput {
  readonly group: ConfluenceGroup;
  readonly at: Date;
}

export function confluenceGroupEvent(
  verb: CreatedDeleted,
  input: ConfluenceGroupEventInput,
): ForgeEventPayload {
  return {
    eventType: `avi:confluence:${verb}:group`,
    eventCreatedDate: input.at.toISOString(),
    group: { id: input.group.id, name: input.group.name },
  };
}

/** What a label is on: exactly one of content, space or template (or nothing, e.g. a label created alone). */
export type ConfluenceLabelTarget =
  | { readonly content: ConfluenceContent }
  | { readonly space: ConfluenceSpace }
  | { readonly template: ConfluenceTemplate };

export interface ConfluenceLabelEventInput {
  readonly label: ConfluenceLabel;
  readonly on?: ConfluenceLabelTarget;
  readonly actor?: ConfluenceUser | null;
  readonly at: Date;
}

function labelObject(label: ConfluenceLabel): Obj {
  return { id: label.id, name: label.name, prefix: label.prefix ?? 'global' };
}

function labelTarget(on: ConfluenceLabelTarget | undefined): Obj {
  if (!on) return {};
  if ('content' in on) return { content: { ...confluenceContentObject(on.content), labels: [] } };
  if ('space' in on) return { space: { ...confluenceSpaceObject(on.space, true), labels: [] } };
  const t = on.template;
  return {
    template: {
      templateId: t.templateId,
      name: t.name,
      description: t.description ?? '',
      templateType: t.templateType ?? 'page',
      ...(t.space ? { space: confluenceSpaceObject(t.space) } : {}),
      labels: [],
    },
  };
}

export function confluenceLabelEvent(
  verb: ConfluenceLabelVerb,
  input: ConfluenceLabelEventInput,
): ForgeEventPayload {
  return {
    eventType: `avi:confluence:${verb}:label`,
    ...actorField(input.actor, undefined),
    eventCreatedDate: input.at.toISOString(),
    label: labelObject(input.label),
    ...labelTarget(input.on),
  };
}

export interface ConfluenceTaskEventInput {
  readonly task: ConfluenceTask;
  /** For `updated`. */
  readonly oldTask?: ConfluenceTask;
  readonly content: ConfluenceContent;
  readonly actor?: ConfluenceUser | null;
  readonly at: Date;
}

function taskObject(task: ConfluenceTask): Obj {
  return {
    id: task.id,
    uuid: task.uuid,
    status: task.status,
    statusAsString: task.status === 'complete' ? 'CHECKED' : 'UNCHECKED',
    assignee: task.assignee ?? null,
    dueDate: task.dueDate ?? null,
  };
}

export function confluenceTaskEvent(
  verb: ConfluenceTaskVerb,
  input: ConfluenceTaskEventInput,
): ForgeEventPayload {
  return {
    eventType: `avi:confluence:${verb}:task`,
    ...actorField(input.actor, input.content.versionBy ?? input.content.createdBy),
    eventCreatedDate: input.at.toISOString(),
    task: taskObject(input.task),
    ...(verb === 'updated' && input.oldTask ? { oldTask: taskObject(input.oldTask) } : {}),
    content: confluenceContentObject(input.content),
  };
}

export interface ConfluenceRelationEventInput {
  /** e.g. 'watching', 'favourite', 'like', 'summary'. */
  readonly relationName: string;
  readonly source: ConfluenceEntity;
  readonly target: ConfluenceEntity;
  readonly actor?: ConfluenceUser | null;
  readonly at: Date;
}

function entityWrapper(entity: ConfluenceEntity): Obj {
  if ('content' in entity) return { content: confluenceContentObject(entity.content) };
  if ('space' in entity) return { space: confluenceSpaceObject(entity.space, true) };
  return { user: confluenceUser(entity.user) };
}

/** `relationData` is absent for `like` and `favourite` relations, per the docs. */
export function confluenceRelationEvent(
  verb: CreatedDeleted,
  input: ConfluenceRelationEventInput,
): ForgeEventPayload {
  const withData = input.relationName !== 'like' && input.relationName !== 'favourite';
  return {
    eventType: `avi:confluence:${verb}:relation`,
    ...actorField(input.actor, undefined),
    eventCreatedDate: input.at.toISOString(),
    relationName: input.relationName,
    ...(withData && input.actor
      ? { relationData: { createdBy: confluenceUser(input.actor), createdDate: input.at.toISOString() } }
      : {}),
    source: entityWrapper(input.source),
    target: entityWrapper(input.target),
  };
}

export interface ConfluenceSearchEventInput {
  readonly query: string;
  /** The number of results. */
  readonly results: number;
  readonly actor: ConfluenceUser;
  readonly at: Date;
}

export function confluenceSearchEvent(input: ConfluenceSearchEventInput): ForgeEventPayload {
  return {
    eventType: 'avi:confluence:performed:search',
    eventCreatedDate: input.at.toISOString(),
    atlassianId: input.actor.accountId,
    query: input.query,
    accountType: input.actor.accountType ?? 'atlassian',
    results: input.results,
  };
}
