/**
 * The Forge product events the builders produce, by family. Names are from the Forge events reference
 * (events-reference/jira, /jira-software, /confluence); the two issue-property events are only in
 * `@forge/manifest`'s event-to-scope map, so their payload
 * shape is not documented.
 */

export const JIRA_ISSUE_VERBS = ['created', 'updated', 'deleted', 'assigned', 'viewed', 'mentioned'] as const;
export type JiraIssueVerb = (typeof JIRA_ISSUE_VERBS)[number];

/** `commented` is `avi:jira:commented:issue` (create and edit); the others are `avi:jira:<verb>:comment`. */
export const JIRA_COMMENT_KINDS = ['commented', 'mentioned', 'deleted'] as const;
export type JiraCommentKind = (typeof JIRA_COMMENT_KINDS)[number];

export const CREATED_UPDATED_DELETED = ['created', 'updated', 'deleted'] as const;
export type CreatedUpdatedDeleted = (typeof CREATED_UPDATED_DELETED)[number];

export const CREATED_DELETED = ['created', 'deleted'] as const;
export type CreatedDeleted = (typeof CREATED_DELETED)[number];

export const JIRA_PROJECT_VERBS = [
  'created',
  'updated',
  'softdeleted',
  'deleted',
  'archived',
  'unarchived',
  'restored',
] as const;
export type JiraProjectVerb = (typeof JIRA_PROJECT_VERBS)[number];

export const JIRA_VERSION_VERBS = [
  'created',
  'updated',
  'deleted',
  'released',
  'unreleased',
  'archived',
  'unarchived',
  'moved',
  'merged',
] as const;
export type JiraVersionVerb = (typeof JIRA_VERSION_VERBS)[number];

export const JIRA_FIELD_VERBS = ['created', 'updated', 'trashed', 'restored', 'deleted'] as const;
export type JiraFieldVerb = (typeof JIRA_FIELD_VERBS)[number];

export const JIRA_ISSUE_PROPERTY_VERBS = ['set', 'deleted'] as const;
export type JiraIssuePropertyVerb = (typeof JIRA_ISSUE_PROPERTY_VERBS)[number];

export const JIRA_SPRINT_VERBS = ['created', 'started', 'updated', 'closed', 'deleted'] as const;
export type JiraSprintVerb = (typeof JIRA_SPRINT_VERBS)[number];

/** Page and live-doc verbs (created/updated are pages; initialized/started/snapshotted/published live docs). */
export const CONFLUENCE_PAGE_VERBS = [
  'created',
  'updated',
  'liked',
  'viewed',
  'archived',
  'unarchived',
  'moved',
  'copied',
  'children_reordered',
  'permissions_updated',
  'trashed',
  'restored',
  'deleted',
  'initialized',
  'started',
  'snapshotted',
  'published',
] as const;
export const CONFLUENCE_BLOGPOST_VERBS = [
  'created',
  'updated',
  'liked',
  'viewed',
  'permissions_updated',
  'trashed',
  'restored',
  'deleted',
] as const;
/** Whiteboards, databases and folders; embeds have all but permissions_updated. */
export const CONFLUENCE_TREE_ITEM_VERBS = ['created', 'moved', 'copied', 'permissions_updated'] as const;
export const CONFLUENCE_EMBED_VERBS = ['created', 'moved', 'copied'] as const;
export type ConfluenceContentVerb =
  | (typeof CONFLUENCE_PAGE_VERBS)[number]
  | (typeof CONFLUENCE_BLOGPOST_VERBS)[number]
  | (typeof CONFLUENCE_TREE_ITEM_VERBS)[number];

export const CONFLUENCE_TASK_VERBS = ['created', 'updated', 'removed'] as const;
export type ConfluenceTaskVerb = (typeof CONFLUENCE_TASK_VERBS)[number];

export const CONFLUENCE_COMMENT_VERBS = ['created', 'updated', 'liked', 'deleted'] as const;
export type ConfluenceCommentVerb = (typeof CONFLUENCE_COMMENT_VERBS)[number];

export const CONFLUENCE_SPACE_VERBS = ['created', 'updated', 'permissions_updated', 'deleted'] as const;
export type ConfluenceSpaceVerb = (typeof CONFLUENCE_SPACE_VERBS)[number];

export const CONFLUENCE_ATTACHMENT_VERBS = [
  'created',
  'updated',
  'viewed',
  'archived',
  'unarchived',
  'trashed',
  'restored',
  'deleted',
] as const;
export type ConfluenceAttachmentVerb = (typeof CONFLUENCE_ATTACHMENT_VERBS)[number];

export const CONFLUENCE_CUSTOM_CONTENT_VERBS = [
  'created',
  'updated',
  'permissions_updated',
  'trashed',
  'restored',
  'deleted',
] as const;
export type ConfluenceCustomContentVerb = (typeof CONFLUENCE_CUSTOM_CONTENT_VERBS)[number];

export const CONFLUENCE_LABEL_VERBS = ['created', 'added', 'removed', 'deleted'] as const;
export type ConfluenceLabelVerb = (typeof CONFLUENCE_LABEL_VERBS)[number];

const names = (prefix: string, verbs: readonly string[], object: string): readonly string[] =>
  verbs.map((verb) => `${prefix}:${verb}:${object}`);

/** Every event name the builders cover, by family; `samplePayload` builds any of them. */
export const ALL_EVENT_TYPES_BY_FAMILY = {
  'jira:issue': names('avi:jira', JIRA_ISSUE_VERBS, 'issue'),
  'jira:comment': ['avi:jira:commented:issue', 'avi:jira:mentioned:comment', 'avi:jira:deleted:comment'],
  'jira:worklog': names('avi:jira', CREATED_UPDATED_DELETED, 'worklog'),
  'jira:issuelink': names('avi:jira', CREATED_DELETED, 'issuelink'),
  'jira:attachment': names('avi:jira', CREATED_DELETED, 'attachment'),
  'jira:issue-property': names('avi:jira', JIRA_ISSUE_PROPERTY_VERBS, 'issue-property'),
  'jira:project': names('avi:jira', JIRA_PROJECT_VERBS, 'project'),
  'jira:user': names('avi:jira', CREATED_UPDATED_DELETED, 'user'),
  'jira:version': names('avi:jira', JIRA_VERSION_VERBS, 'version'),
  'jira:component': names('avi:jira', CREATED_UPDATED_DELETED, 'component'),
  'jira:filter': names('avi:jira', CREATED_UPDATED_DELETED, 'filter'),
  'jira:issuetype': names('avi:jira', CREATED_UPDATED_DELETED, 'issuetype'),
  'jira:field': names('avi:jira', JIRA_FIELD_VERBS, 'field'),
  'jira:field-context': names('avi:jira', CREATED_UPDATED_DELETED, 'field:context'),
  'jira:field-context-configuration': ['avi:jira:updated:field:context:configuration'],
  'jira:configuration': ['avi:jira:changed:configuration', 'avi:jira:timetracking:provider:changed'],
  'jira-software:board': [
    ...names('avi:jira-software', CREATED_UPDATED_DELETED, 'board'),
    'avi:jira-software:configuration-changed:board',
  ],
  'jira-software:sprint': names('avi:jira-software', JIRA_SPRINT_VERBS, 'sprint'),
  'confluence:page': names('avi:confluence', CONFLUENCE_PAGE_VERBS, 'page'),
  'confluence:blogpost': names('avi:confluence', CONFLUENCE_BLOGPOST_VERBS, 'blogpost'),
  'confluence:whiteboard': names('avi:confluence', CONFLUENCE_TREE_ITEM_VERBS, 'whiteboard'),
  'confluence:database': names('avi:confluence', CONFLUENCE_TREE_ITEM_VERBS, 'database'),
  'confluence:folder': names('avi:confluence', CONFLUENCE_TREE_ITEM_VERBS, 'folder'),
  'confluence:embed': names('avi:confluence', CONFLUENCE_EMBED_VERBS, 'embed'),
  'confluence:task': names('avi:confluence', CONFLUENCE_TASK_VERBS, 'task'),
  'confluence:comment': names('avi:confluence', CONFLUENCE_COMMENT_VERBS, 'comment'),
  'confluence:space': CONFLUENCE_SPACE_VERBS.map((verb) => `avi:confluence:${verb}:space:V2`),
  'confluence:attachment': names('avi:confluence', CONFLUENCE_ATTACHMENT_VERBS, 'attachment'),
  'confluence:custom_content': names('avi:confluence', CONFLUENCE_CUSTOM_CONTENT_VERBS, 'custom_content'),
  'confluence:label': names('avi:confluence', CONFLUENCE_LABEL_VERBS, 'label'),
  'confluence:user': names('avi:confluence', CREATED_DELETED, 'user'),
  'confluence:group': names('avi:confluence', CREATED_DELETED, 'group'),
  'confluence:relation': names('avi:confluence', CREATED_DELETED, 'relation'),
  'confluence:search': ['avi:confluence:performed:search'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type EventFamily = keyof typeof ALL_EVENT_TYPES_BY_FAMILY;

/** The same names as one flat list. */
export const ALL_EVENT_TYPES: readonly string[] = Object.values(ALL_EVENT_TYPES_BY_FAMILY).flat();
