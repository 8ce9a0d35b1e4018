import type { Product } from '../../record/audit-record';

/** Which reader understands a payload: one per documented payload shape. */
export type Family =
  | 'jira-issue'
  | 'jira-comment'
  | 'jira-worklog'
  | 'jira-issuelink'
  | 'jira-attachment'
  | 'jira-issue-property'
  | 'jira-project'
  | 'jira-user'
  | 'jira-version'
  | 'jira-component'
  | 'jira-filter'
  | 'jira-issuetype'
  | 'jira-field'
  | 'jira-field-context'
  | 'jira-field-context-configuration'
  | 'jira-configuration'
  | 'jira-board'
  | 'jira-sprint'
  | 'confluence-content'
  | 'confluence-comment'
  | 'confluence-attachment'
  | 'confluence-custom-content'
  | 'confluence-task'
  | 'confluence-space'
  | 'confluence-label'
  | 'confluence-user'
  | 'confluence-group'
  | 'confluence-relation'
  | 'confluence-search';

/**
 * Every Forge event the app understands → its record action, as `<object>.<verb>`. `{a,b}` lists event
 * names sharing a row; `{verb}` in the action is the event's own verb. Anything not listed is still
 * recorded, as `unknown.<eventType>`.
 *
 * Choices worth knowing:
 * - `avi:jira:softdeleted:project` is `project.trashed`: the docs call it "moved to trash", which is what
 *   Confluence calls trashed; `deleted` is always the permanent purge.
 * - `avi:jira:commented:issue` fires on create AND edit: `comment.created` here, `comment.updated` when the
 *   comment's `updated` differs from its `created` (decided by the comment reader).
 * - Live docs: `initialized` (created) is `page.created`; `started`/`snapshotted` (end of an editing
 *   session) are `page.updated`; `published` (converted to a page) stays `page.published`.
 * - Jira configuration and the time-tracking provider are both `config.changed`.
 * - Custom field contexts are `field_context.*`; their configuration update is
 *   `field_context.configuration_updated`.
 */
export const EVENT_ACTIONS: readonly (readonly [eventTypes: string, action: string, family: Family])[] = [
  ['avi:jira:{created,updated,deleted,assigned,viewed,mentioned}:issue', 'issue.{verb}', 'jira-issue'],
  ['avi:jira:commented:issue', 'comment.created', 'jira-comment'],
  ['avi:jira:{mentioned,deleted}:comment', 'comment.{verb}', 'jira-comment'],
  ['avi:jira:{created,updated,deleted}:worklog', 'worklog.{verb}', 'jira-worklog'],
  ['avi:jira:{created,deleted}:issuelink', 'issuelink.{verb}', 'jira-issuelink'],
  ['avi:jira:{created,deleted}:attachment', 'attachment.{verb}', 'jira-attachment'],
  ['avi:jira:{set,deleted}:issue-property', 'issue_property.{verb}', 'jira-issue-property'],
  [
    'avi:jira:{created,updated,deleted,archived,unarchived,restored}:project',
    'project.{verb}',
    'jira-project',
  ],
  ['avi:jira:softdeleted:project', 'project.trashed', 'jira-project'],
  ['avi:jira:{created,updated,deleted}:user', 'user.{verb}', 'jira-user'],
  [
    'avi:jira:{created,updated,deleted,released,unreleased,archived,unarchived,moved,merged}:version',
    'version.{verb}',
    'jira-version',
  ],
  ['avi:jira:{created,updated,deleted}:component', 'component.{verb}', 'jira-component'],
  ['avi:jira:{created,updated,deleted}:filter', 'filter.{verb}', 'jira-filter'],
  ['avi:jira:{created,updated,deleted}:issuetype', 'issuetype.{verb}', 'jira-issuetype'],
  ['avi:jira:{created,updated,trashed,restored,deleted}:field', 'field.{verb}', 'jira-field'],
  ['avi:jira:{created,updated,deleted}:field:context', 'field_context.{verb}', 'jira-field-context'],
  [
    'avi:jira:updated:field:context:configuration',
    'field_context.configuration_updated',
    'jira-field-context-configuration',
  ],
  ['avi:jira:changed:configuration', 'config.changed', 'jira-configuration'],
  ['avi:jira:timetracking:provider:changed', 'config.changed', 'jira-configuration'],
  ['avi:jira-software:{created,updated,deleted}:board', 'board.{verb}', 'jira-board'],
  ['avi:jira-software:configuration-changed:board', 'board.configuration_changed', 'jira-board'],
  ['avi:jira-software:{created,started,updated,closed,deleted}:sprint', 'sprint.{verb}', 'jira-sprint'],
  [
    'avi:confluence:{created,updated,liked,viewed,archived,unarchived,moved,copied,children_reordered,permissions_updated,trashed,restored,deleted,published}:page',
    'page.{verb}',
    'confluence-content',
  ],
  ['avi:confluence:initialized:page', 'page.created', 'confluence-content'],
  ['avi:confluence:{started,snapshotted}:page', 'page.updated', 'confluence-content'],
  [
    'avi:confluence:{created,updated,liked,viewed,permissions_updated,trashed,restored,deleted}:blogpost',
    'blogpost.{verb}',
    'confluence-content',
  ],
  [
    'avi:confluence:{created,moved,copied,permissions_updated}:whiteboard',
    'whiteboard.{verb}',
    'confluence-content',
  ],
  [
    'avi:confluence:{created,moved,copied,permissions_updated}:database',
    'database.{verb}',
    'confluence-content',
  ],
  ['avi:confluence:{created,moved,copied,permissions_updated}:folder', 'folder.{verb}', 'confluence-content'],
  ['avi:confluence:{created,moved,copied}:embed', 'embed.{verb}', 'confluence-content'],
  ['avi:confluence:{created,updated,removed}:task', 'task.{verb}', 'confluence-task'],
  ['avi:confluence:{created,updated,liked,deleted}:comment', 'comment.{verb}', 'confluence-comment'],
  [
    'avi:confluence:{created,updated,permissions_updated,deleted}:space:V2',
    'space.{verb}',
    'confluence-space',
  ],
  [
    'avi:confluence:{created,updated,viewed,archived,unarchived,trashed,restored,deleted}:attachment',
    'attachment.{verb}',
    'confluence-attachment',
  ],
  [
    'avi:confluence:{created,updated,permissions_updated,trashed,restored,deleted}:custom_content',
    'custom_content.{verb}',
    'confluence-custom-content',
  ],
  ['avi:confluence:{created,added,removed,deleted}:label', 'label.{verb}', 'confluence-label'],
  ['avi:confluence:{created,deleted}:user', 'user.{verb}', 'confluence-user'],
  ['avi:confluence:{created,deleted}:group', 'group.{verb}', 'confluence-group'],
  ['avi:confluence:{created,deleted}:relation', 'relation.{verb}', 'confluence-relation'],
  ['avi:confluence:performed:search', 'search.performed', 'confluence-search'],
];

export interface EventSpec {
  readonly action: string;
  readonly family: Family;
  /** The event's verb as the event name spells it (e.g. 'softdeleted', 'snapshotted'). */
  readonly verb: string;
}

function expand(pattern: string, action: string, family: Family): readonly (readonly [string, EventSpec])[] {
  const braces = /\{([^}]*)\}/.exec(pattern);
  if (braces === null) {
    const verb = pattern.split(':')[2] ?? '';
    return [[pattern, { action, family, verb }]];
  }
  return (braces[1] ?? '').split(',').map((verb) => {
    const eventType = pattern.replace(braces[0], verb);
    return [eventType, { action: action.replace('{verb}', verb), family, verb }] as const;
  });
}

const SPECS: ReadonlyMap<string, EventSpec> = new Map(
  EVENT_ACTIONS.flatMap(([pattern, action, family]) => expand(pattern, action, family)),
);

/** Every event name in the table, expanded. */
export const KNOWN_EVENT_TYPES: readonly string[] = [...SPECS.keys()];

export function specFor(eventType: string): EventSpec | null {
  return SPECS.get(eventType) ?? null;
}

/** The product an event name belongs to, from its `avi:<product>:` prefix; null for anything else. */
export function productOf(eventType: string): Product | null {
  if (eventType.startsWith('avi:jira:') || eventType.startsWith('avi:jira-software:')) return 'jira';
  if (eventType.startsWith('avi:confluence:')) return 'confluence';
  return null;
}
