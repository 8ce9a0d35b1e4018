/**
 * Builders of Forge Jira product-event payloads (events-reference/jira). Root fields follow the docs'
 * payload tables; nested objects (Issue, Comment, Worklog, Project…) are not captured in the docs mirror,
 * so they follow Jira's REST representations and the Jira webhook fixtures, with Forge's root `eventType`,
 * `timestamp` (epoch ms), `atlassianId` and `associatedUsers` instead of `webhookEvent`/`user`.
 */
import type {
  AdfNode,
  JiraAttachment,
  JiraChange,
  JiraComment,
  JiraComponent,
  JiraField,
  JiraFieldContext,
  JiraFilter,
  JiraIssue,
  JiraIssueLinkType,
  JiraIssueType,
  JiraProject,
  JiraUser,
  JiraVersion,
  JiraWorklog,
  ForgeEventPayload,
} from './types';
import type {
  CreatedDeleted,
  CreatedUpdatedDeleted,
  JiraCommentKind,
  JiraFieldVerb,
  JiraIssuePropertyVerb,
  JiraIssueVerb,
  JiraProjectVerb,
  JiraVersionVerb,
} from './event-types';

/** Jira's REST date-time form, e.g. `2021-01-17T12:34:00.000+0000`. */
export function jiraDateTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

export function jiraUser(user: JiraUser): Readonly<Record<string, unknown>> {
  return {
    accountId: user.accountId,
    displayName: user.displayName ?? user.accountId,
    accountType: user.accountType ?? 'atlassian',
    active: true,
  };
}

/** A plain string becomes a one-paragraph ADF document, which is what Jira v3 sends. */
export function adfDocument(body: string | AdfNode): AdfNode {
  if (typeof body !== 'string') return body;
  return {
    type: 'doc',
    version: 1,
    content: [{ type: 'paragraph', content: [{ type: 'text', text: body }] }],
  } as AdfNode;
}

function projectRef(project: JiraProject): Readonly<Record<string, unknown>> {
  return {
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: project.projectTypeKey ?? 'software',
    simplified: false,
  };
}

function issueTypeRef(issueType: JiraIssueType | undefined): Readonly<Record<string, unknown>> {
  const type = issueType ?? { id: '10001', name: 'Task' };
  return { id: type.id, name: type.name, subtask: type.subtask ?? false };
}

export function jiraIssueObject(issue: JiraIssue): Readonly<Record<string, unknown>> {
  const created = issue.created ?? new Date(0);
  return {
    id: issue.id,
    key: issue.key,
    fields: {
      summary: issue.summary,
      issuetype: issueTypeRef(issue.issueType),
      project: projectRef(issue.project),
      status: issue.status ?? { id: '10000', name: 'To Do' },
      assignee: issue.assignee ? jiraUser(issue.assignee) : null,
      ...(issue.reporter ? { reporter: jiraUser(issue.reporter), creator: jiraUser(issue.reporter) } : {}),
      created: jiraDateTime(created),
      updated: jiraDateTime(issue.updated ?? created),
    },
  };
}

/** The actor fields every Jira event that documents them carries. */
function actorFields(actor: JiraUser | undefined): Readonly<Record<string, unknown>> {
  return actor ? { atlassianId: actor.accountId, associatedUsers: [{ accountId: actor.accountId }] } : {};
}

function envelope(eventType: string, at: Date): { readonly eventType: string; readonly timestamp: number } {
  return { eventType, timestamp: at.getTime() };
}

/** Only an own `toString` is a display value; the inherited one is Object.prototype's function. */
function ownToString(change: JiraChange): string | null {
  const value: unknown = Object.prototype.hasOwnProperty.call(change, 'toString') ? change.toString : null;
  return typeof value === 'string' ? value : null;
}

function changelogItems(changes: readonly JiraChange[]): readonly Readonly<Record<string, unknown>>[] {
  return changes.map((change) => ({
    field: change.field,
    fieldtype: change.fieldtype ?? 'jira',
    ...(change.fieldId !== undefined ? { fieldId: change.fieldId } : {}),
    from: change.from ?? null,
    fromString: change.fromString ?? null,
    to: change.to ?? null,
    toString: ownToString(change),
  }));
}

export interface JiraIssueEventInput {
  readonly issue: JiraIssue;
  /** Who did it. Required by the docs only for `viewed`; absent means the payload has no `atlassianId`. */
  readonly actor?: JiraUser;
  readonly at: Date;
  /** For `updated` and `assigned`. */
  readonly changes?: readonly JiraChange[];
  /** The changelog id, unique per update; defaults to one derived from the time. */
  readonly changelogId?: string;
  /** For `updated`, e.g. 'issue_updated', 'issue_generic', 'issue_resolved'. */
  readonly jiraEventTypeName?: string;
  /** For `mentioned`. */
  readonly mentionedAccountIds?: readonly string[];
}

export function jiraIssueEvent(verb: JiraIssueVerb, input: JiraIssueEventInput): ForgeEventPayload {
  const base = {
    ...envelope(`avi:jira:${verb}:issue`, input.at),
    selfGenerated: false,
    issue: jiraIssueObject(input.issue),
  };
  const changelog = {
    id: input.changelogId ?? String(input.at.getTime()),
    items: changelogItems(input.changes ?? []),
  };
  switch (verb) {
    case 'updated':
      return {
        ...base,
        ...actorFields(input.actor),
        ...(input.jiraEventTypeName ? { jiraEventTypeName: input.jiraEventTypeName } : {}),
        changelog,
      };
    case 'assigned':
      return { ...base, ...actorFields(input.actor), changelog };
    case 'viewed':
      // The docs make atlassianId and user required here: a view always has a viewer.
      return {
        ...base,
        atlassianId: input.actor?.accountId,
        user: input.actor ? jiraUser(input.actor) : undefined,
      };
    case 'mentioned':
      return {
        ...base,
        ...(input.actor ? { atlassianId: input.actor.accountId } : {}),
        mentionedAccountIds: input.mentionedAccountIds ?? [],
      };
    default:
      return { ...base, ...actorFields(input.actor) };
  }
}

export function jiraCommentObject(comment: JiraComment): Readonly<Record<string, unknown>> {
  return {
    id: comment.id,
    author: jiraUser(comment.author),
    body: adfDocument(comment.body),
    updateAuthor: jiraUser(comment.updateAuthor ?? comment.author),
    created: jiraDateTime(comment.created),
    updated: jiraDateTime(comment.updated ?? comment.created),
    jsdPublic: true,
  };
}

export interface JiraCommentEventInput {
  readonly issue: JiraIssue;
  readonly comment: JiraComment;
  /** Defaults to the comment's update author (who made this version of it). */
  readonly actor?: JiraUser;
  readonly at: Date;
  readonly mentionedAccountIds?: readonly string[];
}

/** `commented` covers both a new comment and an edit: the comment's `updated` tells them apart. */
export function jiraCommentEvent(kind: JiraCommentKind, input: JiraCommentEventInput): ForgeEventPayload {
  const eventType = kind === 'commented' ? 'avi:jira:commented:issue' : `avi:jira:${kind}:comment`;
  const actor = input.actor ?? input.comment.updateAuthor ?? input.comment.author;
  return {
    ...envelope(eventType, input.at),
    selfGenerated: false,
    issue: jiraIssueObject(input.issue),
    ...(kind === 'mentioned' ? { atlassianId: actor.accountId } : actorFields(actor)),
    comment: jiraCommentObject(input.comment),
    ...(kind === 'mentioned' ? { mentionedAccountIds: input.mentionedAccountIds ?? [] } : {}),
  };
}

function formatDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const parts = [hours > 0 ? `${hours}h` : '', minutes > 0 ? `${minutes}m` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : `${seconds}s`;
}

export interface JiraWorklogEventInput {
  readonly worklog: JiraWorklog;
  readonly at: Date;
}

/**
 * The docs' table has only `eventType` and `worklog` (no `atlassianId`): the actor is the worklog's
 * author/updateAuthor. The Worklog type itself is not in the docs mirror; this is the REST Worklog shape.
 */
export function jiraWorklogEvent(
  verb: CreatedUpdatedDeleted,
  input: JiraWorklogEventInput,
): ForgeEventPayload {
  const w = input.worklog;
  return {
    ...envelope(`avi:jira:${verb}:worklog`, input.at),
    selfGenerated: false,
    worklog: {
      id: w.id,
      issueId: w.issueId,
      author: jiraUser(w.author),
      updateAuthor: jiraUser(w.updateAuthor ?? w.author),
      ...(w.comment !== undefined ? { comment: adfDocument(w.comment) } : {}),
      created: jiraDateTime(w.created),
      updated: jiraDateTime(w.updated ?? w.created),
      started: jiraDateTime(w.started),
      timeSpent: w.timeSpent ?? formatDuration(w.timeSpentSeconds),
      timeSpentSeconds: w.timeSpentSeconds,
    },
  };
}

export interface JiraIssueLinkEventInput {
  readonly id: string;
  readonly source: JiraIssue;
  readonly destination: JiraIssue;
  readonly linkType: JiraIssueLinkType;
  readonly at: Date;
}

/**
 * Flat ids, no actor (none is documented). `sourceProjectId`/`destinationProjectId` are among the
 * issue-link fields in one copy of FD:events-reference/jira and missing from another copy's table; the
 * IssueLinkType fields are the REST IssueLinkType's.
 */
export function jiraIssueLinkEvent(verb: CreatedDeleted, input: JiraIssueLinkEventInput): ForgeEventPayload {
  return {
    ...envelope(`avi:jira:${verb}:issuelink`, input.at),
    selfGenerated: false,
    id: input.id,
    sourceIssueId: input.source.id,
    destinationIssueId: input.destination.id,
    sourceProjectId: input.source.project.id,
    destinationProjectId: input.destination.project.id,
    issueLinkType: {
      id: input.linkType.id,
      name: input.linkType.name,
      inward: input.linkType.inward,
      outward: input.linkType.outward,
    },
  };
}

export interface JiraAttachmentEventInput {
  readonly attachment: JiraAttachment;
  readonly at: Date;
}

/**
 * The Attachment type is not in the docs mirror (the docs say it includes "file size, MIME type, and
 * author"). This uses the REST Attachment fields plus `issueId` — an assumption, not confirmed — so the
 * record can name the issue.
 */
export function jiraAttachmentEvent(
  verb: CreatedDeleted,
  input: JiraAttachmentEventInput,
): ForgeEventPayload {
  const a = input.attachment;
  return {
    ...envelope(`avi:jira:${verb}:attachment`, input.at),
    selfGenerated: false,
    attachment: {
      id: a.id,
      issueId: a.issue.id,
      filename: a.filename,
      author: jiraUser(a.author),
      created: jiraDateTime(a.created),
      size: a.size,
      mimeType: a.mimeType,
    },
  };
}

export interface JiraIssuePropertyEventInput {
  readonly issue: JiraIssue;
  readonly propertyKey: string;
  readonly value?: unknown;
  readonly actor?: JiraUser;
  readonly at: Date;
}

/**
 * NOT DOCUMENTED: these events appear only in `@forge/manifest`'s scope map. The shape here (issue +
 * property {key, value}) is our guess, so the normalizer reads it defensively.
 */
export function jiraIssuePropertyEvent(
  verb: JiraIssuePropertyVerb,
  input: JiraIssuePropertyEventInput,
): ForgeEventPayload {
  return {
    ...envelope(`avi:jira:${verb}:issue-property`, input.at),
    ...(input.actor ? { atlassianId: input.actor.accountId } : {}),
    issue: jiraIssueObject(input.issue),
    property: { key: input.propertyKey, ...(verb === 'set' ? { value: input.value ?? null } : {}) },
  };
}

export interface JiraProjectEventInput {
  readonly project: JiraProject;
  readonly lead?: JiraUser;
  readonly at: Date;
}

/** The docs' table has only `eventType` and `project`: no actor. */
export function jiraProjectEvent(verb: JiraProjectVerb, input: JiraProjectEventInput): ForgeEventPayload {
  return {
    ...envelope(`avi:jira:${verb}:project`, input.at),
    project: {
      ...projectRef(input.project),
      ...(input.lead ? { lead: jiraUser(input.lead) } : {}),
    },
  };
}

export interface JiraUserEventInput {
  readonly user: JiraUser;
  readonly at: Date;
}

/** No actor field is documented: the payload names only the user the event is about. */
export function jiraUserEvent(verb: CreatedUpdatedDeleted, input: JiraUserEventInput): ForgeEventPayload {
  return {
    ...envelope(`avi:jira:${verb}:user`, input.at),
    user: verb === 'deleted' ? { accountId: input.user.accountId } : jiraUser(input.user),
  };
}

function versionObject(version: JiraVersion): Readonly<Record<string, unknown>> {
  return {
    id: version.id,
    name: version.name,
    description: version.description ?? '',
    projectId: Number(version.projectId),
    released: version.released ?? false,
    archived: version.archived ?? false,
    ...(version.releaseDate ? { releaseDate: version.releaseDate } : {}),
  };
}

export interface JiraVersionEventInput {
  readonly version: JiraVersion;
  readonly actor?: JiraUser;
  readonly at: Date;
  /** For `merged` (and optionally `deleted`). */
  readonly mergedVersion?: JiraVersion;
}

export function jiraVersionEvent(verb: JiraVersionVerb, input: JiraVersionEventInput): ForgeEventPayload {
  return {
    ...envelope(`avi:jira:${verb}:version`, input.at),
    version: versionObject(input.version),
    ...(input.mergedVersion ? { mergedVersion: versionObject(input.mergedVersion) } : {}),
    ...(verb === 'deleted' ? { customFieldReplacements: [] } : {}),
    ...(input.actor ? { atlassianId: input.actor.accountId } : {}),
  };
}

export interface JiraComponentEventInput {
  readonly component: JiraComponent;
  readonly actor?: JiraUser;
  readonly at: Date;
}

/** Component follows the REST Component: `project` is the project key, `projectId` a number. */
export function jiraComponentEvent(
  verb: CreatedUpdatedDeleted,
  input: JiraComponentEventInput,
): ForgeEventPayload {
  const c = input.component;
  return {
    ...envelope(`avi:jira:${verb}:component`, input.at),
    component: {
      id: c.id,
      name: c.name,
      description: c.description ?? '',
      project: c.project.key,
      projectId: Number(c.project.id),
      assigneeType: 'PROJECT_DEFAULT',
      ...(c.lead ? { lead: jiraUser(c.lead) } : {}),
    },
    ...(input.actor ? { atlassianId: input.actor.accountId } : {}),
  };
}

export interface JiraFilterEventInput {
  readonly filter: JiraFilter;
  readonly actor?: JiraUser;
  readonly at: Date;
}

export function jiraFilterEvent(verb: CreatedUpdatedDeleted, input: JiraFilterEventInput): ForgeEventPayload {
  const f = input.filter;
  return {
    ...envelope(`avi:jira:${verb}:filter`, input.at),
    filter: {
      id: f.id,
      name: f.name,
      description: f.description ?? '',
      jql: f.jql,
      owner: jiraUser(f.owner),
    },
    ...(input.actor ? { atlassianId: input.actor.accountId } : {}),
  };
}

export interface JiraIssueTypeEventInput {
  readonly issueType: JiraIssueType & { readonly description?: string };
  readonly actor?: JiraUser;
  readonly at: Date;
}

export function jiraIssueTypeEvent(
  verb: CreatedUpdatedDeleted,
  input: JiraIssueTypeEventInput,
): ForgeEventPayload {
  return {
    ...envelope(`avi:jira:${verb}:issuetype`, input.at),
    issueType: {
      id: input.issueType.id,
      name: input.issueType.name,
      description: input.issueType.description ?? '',
      subtask: input.issueType.subtask ?? false,
    },
    ...(input.actor ? { atlassianId: input.actor.accountId } : {}),
  };
}

export interface JiraFieldEventInput {
  readonly field: JiraField;
  readonly at: Date;
}

/** Custom field events carry the field's properties at the root; no actor is documented. */
export function jiraFieldEvent(verb: JiraFieldVerb, input: JiraFieldEventInput): ForgeEventPayload {
  const f = input.field;
  return {
    ...envelope(`avi:jira:${verb}:field`, input.at),
    id: f.id,
    key: f.key,
    type: f.type,
    typeName: f.typeName,
    name: f.name,
    description: f.description ?? '',
  };
}

export interface JiraFieldContextEventInput {
  readonly context: JiraFieldContext;
  readonly at: Date;
}

export function jiraFieldContextEvent(
  verb: CreatedUpdatedDeleted,
  input: JiraFieldContextEventInput,
): ForgeEventPayload {
  const c = input.context;
  return {
    ...envelope(`avi:jira:${verb}:field:context`, input.at),
    id: c.id,
    fieldId: c.fieldId,
    fieldKey: c.fieldKey,
    name: c.name,
    description: c.description ?? '',
    projectIds: c.projectIds ?? [],
    issueTypeIds: c.issueTypeIds ?? [],
  };
}

export interface JiraFieldContextConfigurationEventInput {
  readonly customFieldId: string;
  readonly customFieldKey: string;
  readonly configurationId: number;
  readonly fieldContextId: number;
  /** The configuration object; the payload carries it as stringified JSON. */
  readonly configuration: unknown;
  readonly at: Date;
}

export function jiraFieldContextConfigurationEvent(
  input: JiraFieldContextConfigurationEventInput,
): ForgeEventPayload {
  return {
    ...envelope('avi:jira:updated:field:context:configuration', input.at),
    customFieldId: input.customFieldId,
    customFieldKey: input.customFieldKey,
    configurationId: input.configurationId,
    fieldContextId: input.fieldContextId,
    configuration: JSON.stringify(input.configuration ?? null),
  };
}

export interface JiraConfigurationEventInput {
  /** One of jira.option.allowsubtasks, allowunassigned, voting, watching, issuelinking. */
  readonly key: string;
  readonly value: boolean | string;
  readonly actor?: JiraUser;
  readonly at: Date;
}

export function jiraConfigurationEvent(input: JiraConfigurationEventInput): ForgeEventPayload {
  return {
    ...envelope('avi:jira:changed:configuration', input.at),
    property: { key: input.key, value: String(input.value) },
    ...(input.actor ? { atlassianId: input.actor.accountId } : {}),
  };
}

export interface JiraTimeTrackingProviderEventInput {
  /** The selected provider's key, e.g. 'JIRA' or an app's provider key. */
  readonly provider: string;
  readonly at: Date;
}

/** The docs' table has only `eventType` and `property` (key `jira.timetracking.selected`): no actor. */
export function jiraTimeTrackingProviderEvent(input: JiraTimeTrackingProviderEventInput): ForgeEventPayload {
  return {
    ...envelope('avi:jira:timetracking:provider:changed', input.at),
    property: { key: 'jira.timetracking.selected', value: input.provider },
  };
}
