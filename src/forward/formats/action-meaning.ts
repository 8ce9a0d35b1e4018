import type { AuditRecord } from '../../record/audit-record';

/**
 * What an action does, in the terms every SIEM schema asks for: the CRUD-style operation and the kind of
 * thing acted on. One table, so OCSF, ECS and the summary line classify an action the same way.
 */
export type Operation = 'create' | 'read' | 'update' | 'delete' | 'search' | 'export' | 'other';

/**
 * `account`: a user account. `group`: a user group. `configuration`: how the product is set up (projects,
 * spaces, fields, versions, boards…). `content`: the work itself (issues, pages, comments…).
 */
export type Domain = 'account' | 'group' | 'configuration' | 'content';

export interface ActionMeaning {
  /** The `<object>` part of the action, e.g. `issue`; `unknown` for `unknown.<eventType>`. */
  readonly object: string;
  /** The `<verb>` part, e.g. `permissions_updated`. */
  readonly verb: string;
  readonly operation: Operation;
  readonly domain: Domain;
}

const VERBS: Readonly<Record<string, Operation>> = {
  created: 'create',
  added: 'create',
  copied: 'create',
  initialized: 'create',
  viewed: 'read',
  updated: 'update',
  assigned: 'update',
  moved: 'update',
  archived: 'update',
  unarchived: 'update',
  restored: 'update',
  released: 'update',
  unreleased: 'update',
  merged: 'update',
  started: 'update',
  closed: 'update',
  changed: 'update',
  set: 'update',
  published: 'update',
  permissions_updated: 'update',
  children_reordered: 'update',
  configuration_changed: 'update',
  configuration_updated: 'update',
  // Trash is recoverable, but for an auditor it is the moment the thing disappeared.
  trashed: 'delete',
  softdeleted: 'delete',
  deleted: 'delete',
  removed: 'delete',
  exported: 'export',
};

const CONFIGURATION_OBJECTS = new Set([
  'project',
  'space',
  'version',
  'component',
  'issuetype',
  'field',
  'field_context',
  'config',
  'board',
  'workflow',
]);

export function actionMeaning(record: Pick<AuditRecord, 'action'>): ActionMeaning {
  const dot = record.action.indexOf('.');
  const object = dot < 0 ? record.action : record.action.slice(0, dot);
  const verb = dot < 0 ? '' : record.action.slice(dot + 1);
  const operation: Operation =
    object === 'unknown'
      ? 'other'
      : object === 'search' && verb === 'performed'
        ? 'search'
        : (VERBS[verb] ?? 'other');
  const domain: Domain =
    object === 'user'
      ? 'account'
      : object === 'group'
        ? 'group'
        : CONFIGURATION_OBJECTS.has(object)
          ? 'configuration'
          : 'content';
  return { object, verb, operation, domain };
}

const PRODUCT_NAMES = { jira: 'Jira', confluence: 'Confluence' } as const;

export function productName(record: Pick<AuditRecord, 'product'>): string {
  return PRODUCT_NAMES[record.product];
}

/**
 * One line a person can read in a SIEM's list view, e.g.
 * `issue OPS-42 "Rotate the keys" updated by user 5b10… in project OPS (Jira)`.
 * Built only from what the record holds: no title when content is not stored, no name for an actor.
 */
export function summarize(record: AuditRecord): string {
  const { object: objectWord, verb } = actionMeaning(record);
  const what = record.object
    ? `${words(record.object.type)} ${nameOf(record.object)}`
    : objectWord === 'unknown'
      ? `event ${record.source.event}`
      : words(objectWord);
  const done = verb && objectWord !== 'unknown' ? words(verb) : 'recorded';
  const container = record.container
    ? ` in ${record.container.type} ${record.container.key ?? record.container.name ?? record.container.id}`
    : '';
  return `${what} ${done} by ${actorPhrase(record.actor)}${container} (${productName(record)})`;
}

function nameOf(ref: { readonly id: string; readonly key?: string; readonly title?: string }): string {
  const handle = ref.key ?? ref.id;
  return ref.title ? `${handle} "${ref.title}"` : handle;
}

function actorPhrase(actor: AuditRecord['actor']): string {
  switch (actor.type) {
    case 'user':
      return `user ${actor.accountId ?? '(no account id)'}`;
    case 'app':
      return `app ${actor.accountId ?? '(no account id)'}`;
    case 'anonymous':
      return 'an anonymous user';
    default:
      return actor.accountId ? `account ${actor.accountId}` : 'an actor the product did not name';
  }
}

function words(identifier: string): string {
  return identifier.replace(/_/g, ' ');
}
