/**
 * Native audit record → AuditRecord. Pure, and it never throws: what the record does not say stays
 * null or unknown. Jira's `/rest/api/3/auditing/record` and Confluence's `/wiki/rest/api/audit` carry the
 * administrative changes product events never do (workflows, schemes, permissions, custom fields,
 * groups), with their changed values; they become `config.*` actions in the same log.
 *
 * Ids are deterministic, so importing the same record again (an overlapping pass, a re-run) collapses
 * into the row already there: Jira's numeric record id; Confluence records have none, so the record's
 * own content is hashed (time, author's account, summary, category, object, changed and associated
 * values: not display names, which change when someone renames themselves).
 */
import { fieldLengths } from '../limits';
import type { Actor, AuditRecord, Change, Container } from '../record/audit-record';
import { canonicalJson, recordId } from '../record/record-id';
import { UNKNOWN_ACTOR } from '../capture/normalize/actor';
import { arr, field, idOf, obj, str } from '../capture/normalize/read';
import { change, limitChanges, objectRef, projectContainerOf } from '../capture/normalize/record-parts';
import { cut } from '../capture/normalize/text';
import { parseEventTime } from '../capture/normalize/time';
import { AUDIT_SOURCE } from '../record/audit-sources';

/** `config.<what happened>`: the summary in snake case ("Workflow scheme added to project" → `config.workflow_scheme_added_to_project`). */
export function auditAction(summary: string | null): string {
  const slug = (summary ?? '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return cut(slug ? `config.${slug}` : 'config.changed', fieldLengths.action);
}

/** An object type as the log names types: lower snake case (`PROJECT_COMPONENT` → `project_component`). */
function typeName(value: string | null): string {
  const slug = (value ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug || 'unknown';
}

/** The audit APIs write "no value" as an empty string (and sometimes absent): both are null here. */
function value(v: unknown): string | null {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v === 'string' && v !== '' ? v : null;
}

function userActor(accountId: string | null, accountType: string | null = null): Actor {
  if (accountId === null) return UNKNOWN_ACTOR;
  return { accountId: cut(accountId, fieldLengths.accountId), type: accountType === 'app' ? 'app' : 'user' };
}

/**
 * One record of Jira's `AuditRecords.records[]`: `{ id, summary, created, category, eventSource,
 * objectItem{id?,name,typeName,parentId?,parentName?}, changedValues[{fieldName,changedFrom?,changedTo?}],
 * associatedItems[], authorAccountId?, remoteAddress? }`. The remote address is not kept (it is personal
 * data the record shape has no place for). Null only for something that is not an object.
 */
export function fromJiraAudit(raw: unknown, receivedAt: Date): AuditRecord | null {
  const record = obj(raw);
  if (record === null) return null;
  const nativeId = idOf(field(record, 'id'));
  const time = parseEventTime(str(record, 'created')) ?? receivedAt;
  const item = obj(field(record, 'objectItem'));
  const itemType = str(item, 'typeName');
  const itemId = idOf(field(item, 'id')) ?? str(item, 'name');
  const associated = arr(field(record, 'associatedItems'))
    .map(obj)
    .filter((a) => a !== null);

  let container: Container | null = null;
  if (itemType === 'PROJECT' && itemId !== null) container = projectContainer(itemId, str(item, 'name'));
  for (const a of associated) {
    const id = idOf(field(a, 'id'));
    if (container === null && str(a, 'typeName') === 'PROJECT' && id !== null) {
      container = projectContainer(id, str(a, 'name'));
    }
  }

  const changes: Change[] = arr(field(record, 'changedValues')).map((c) =>
    change(
      str(c, 'fieldName') ?? '(unnamed field)',
      value(field(c, 'changedFrom')),
      value(field(c, 'changedTo')),
    ),
  );
  for (const a of associated) {
    const id = idOf(field(a, 'id')) ?? str(a, 'name');
    const type = str(a, 'typeName');
    const isObject = type === itemType && id === itemId;
    const isContainer = type === 'PROJECT' && id === container?.id;
    if (!isObject && !isContainer)
      changes.push(change(`associated ${typeName(type)}`, null, str(a, 'name') ?? id));
  }

  return {
    id:
      nativeId !== null
        ? recordId([AUDIT_SOURCE.jira, nativeId])
        : recordId([AUDIT_SOURCE.jira, 'content', canonicalJson(record)]),
    time: time.toISOString(),
    receivedAt: receivedAt.toISOString(),
    product: 'jira',
    action: auditAction(str(record, 'summary')),
    actor: userActor(str(record, 'authorAccountId')),
    container,
    object: objectRef(typeName(itemType), itemId, { title: str(item, 'name') }),
    changes: limitChanges(changes),
    source: { event: AUDIT_SOURCE.jira },
  };
}

function projectContainer(id: string, name: string | null): Container | null {
  const base = projectContainerOf(id);
  const cutName = name === null ? null : cut(name, fieldLengths.containerName);
  return base === null ? null : { ...base, ...(cutName ? { name: cutName } : {}) };
}

/**
 * One record of Confluence's `/wiki/rest/api/audit` `results[]`: `{ author{type,displayName,accountId?,
 * accountType?}, remoteAddress, creationDate (epoch ms), summary, description, category, sysAdmin,
 * superAdmin, affectedObject{name,objectType}, changedValues[{name,oldValue,newValue,hiddenOldValue,
 * hiddenNewValue}], associatedObjects[{name,objectType}] }`. Objects are named, not identified: the
 * object id is a hash of type and name (stable across records), the name its title (user content,
 * removed when the admin does not store it). Spaces have no id here, so there is no container.
 */
export function fromConfluenceAudit(raw: unknown, receivedAt: Date): AuditRecord | null {
  const record = obj(raw);
  if (record === null) return null;
  const time = parseEventTime(field(record, 'creationDate')) ?? receivedAt;
  const author = obj(field(record, 'author'));
  const affected = obj(field(record, 'affectedObject'));
  const affectedName = str(affected, 'name');
  const affectedType = str(affected, 'objectType');
  const objectId =
    affectedName === null
      ? null
      : recordId([AUDIT_SOURCE.confluence, 'object', affectedType ?? '', affectedName]);

  const changes: Change[] = arr(field(record, 'changedValues')).map((c) =>
    change(str(c, 'name') ?? '(unnamed field)', value(field(c, 'oldValue')), value(field(c, 'newValue'))),
  );
  for (const a of arr(field(record, 'associatedObjects'))) {
    const name = str(a, 'name');
    const type = str(a, 'objectType');
    if (name !== null && !(name === affectedName && type === affectedType)) {
      changes.push(change(`associated ${typeName(type)}`, null, name));
    }
  }

  const accountId = str(author, 'accountId');
  const permission = spacePermissionChange(record);
  return {
    id: recordId([
      AUDIT_SOURCE.confluence,
      parseEventTime(field(record, 'creationDate'))?.getTime() ?? null,
      accountId ?? str(author, 'type'),
      str(record, 'summary'),
      str(record, 'category'),
      affectedType,
      affectedName,
      canonicalJson(field(record, 'changedValues') ?? null),
      canonicalJson(field(record, 'associatedObjects') ?? null),
    ]),
    time: time.toISOString(),
    receivedAt: receivedAt.toISOString(),
    product: 'confluence',
    action: permission?.action ?? auditAction(str(record, 'summary')),
    actor: userActor(accountId, str(author, 'accountType')),
    container: null,
    object: permission?.object ?? objectRef(typeName(affectedType), objectId, { title: affectedName }),
    changes: limitChanges(permission?.changes ?? changes),
    source: { event: AUDIT_SOURCE.confluence },
  };
}

/** Confluence's space permission codes, as its space permissions screen names them. */
const SPACE_PERMISSIONS: Readonly<Record<string, string>> = {
  VIEWSPACE: 'View space',
  REMOVEOWNCONTENT: 'Delete own content',
  EDITSPACE: 'Add pages',
  REMOVEPAGE: 'Delete pages',
  EDITBLOG: 'Add blog posts',
  REMOVEBLOG: 'Delete blog posts',
  CREATEATTACHMENT: 'Add attachments',
  REMOVEATTACHMENT: 'Delete attachments',
  COMMENT: 'Add comments',
  REMOVECOMMENT: 'Delete comments',
  SETPAGEPERMISSIONS: 'Add and remove page restrictions',
  REMOVEMAIL: 'Delete mail',
  EXPORTSPACE: 'Export space',
  SETSPACEPERMISSIONS: 'Administer space',
  ARCHIVEPAGE: 'Archive pages',
};

/**
 * "Space permission added" / "removed": the one place Confluence says which permission changed and for
 * whom (its `permissions_updated` product event names only the space). Recorded as the space's
 * `space.permissions_updated`, like that event, with the permission and the grantee as its changes;
 * the grantee is the record's `affectedObject` (a user or a group), the space an associated object.
 * Undefined for every other record.
 */
function spacePermissionChange(
  record: Record<string, unknown>,
): { action: string; object: AuditRecord['object']; changes: Change[] } | undefined {
  const verb = /^space permissions? (added|removed)$/i.exec(str(record, 'summary') ?? '')?.[1]?.toLowerCase();
  if (verb === undefined) return undefined;
  const values = new Map(
    arr(field(record, 'changedValues')).map((c) => [
      (str(c, 'name') ?? '').toLowerCase(),
      value(field(c, 'newValue')) ?? value(field(c, 'oldValue')),
    ]),
  );
  const affected = obj(field(record, 'affectedObject'));
  const granteeType = (str(affected, 'objectType') ?? '').toLowerCase();
  const grantee = str(affected, 'name') ?? values.get('user') ?? values.get('group') ?? null;
  const code = values.get('type') ?? null;
  const permission =
    code === null ? null : SPACE_PERMISSIONS[code] ? `${SPACE_PERMISSIONS[code]} (${code})` : code;
  const space = arr(field(record, 'associatedObjects')).find((a) => str(a, 'objectType') === 'Space');
  const spaceName = str(space, 'name');
  const spaceKey = values.get('space') ?? null;
  const spaceId =
    spaceKey !== null || spaceName !== null
      ? recordId([AUDIT_SOURCE.confluence, 'object', 'Space', spaceKey ?? spaceName])
      : null;
  const added = verb === 'added';
  const granteeField =
    granteeType === 'group' ? 'granted to group' : granteeType === 'user' ? 'granted to user' : 'granted to';
  return {
    action: 'space.permissions_updated',
    object: objectRef('space', spaceId, { key: spaceKey, title: spaceName }),
    changes: [
      change('permission', added ? null : permission, added ? permission : null),
      change(granteeField, added ? null : grantee, added ? grantee : null),
    ],
  };
}
