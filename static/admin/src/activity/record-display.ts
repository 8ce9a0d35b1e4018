import type { ThemeAppearance } from '@atlaskit/lozenge';
import {
  objectName,
  objectWords,
  type AuditRecord,
  type Container,
  type ObjectRef,
  type ParentRef,
} from '@contract';

/**
 * How a record reads in the log and the drawer: the lozenge colour of its action, what its object is
 * called, and where the object lives on the site. Pure, so the table's rows stay cheap.
 */

const APPEARANCE_BY_VERB: Readonly<Record<string, ThemeAppearance>> = {
  created: 'success',
  added: 'success',
  published: 'success',
  restored: 'success',
  unarchived: 'success',
  released: 'success',
  started: 'success',
  initialized: 'success',
  deleted: 'removed',
  trashed: 'removed',
  removed: 'removed',
  softdeleted: 'removed',
  archived: 'default',
  viewed: 'default',
  liked: 'new',
  mentioned: 'new',
  commented: 'new',
  permissions_updated: 'moved',
  changed: 'moved',
};

/** Green for things made, red for things removed, yellow for permission and configuration changes. */
export function actionAppearance(action: string): ThemeAppearance {
  const verb = action.slice(action.lastIndexOf('.') + 1);
  if (action.startsWith('config.') || action.includes('permission')) return 'moved';
  return APPEARANCE_BY_VERB[verb] ?? 'inprogress';
}

/**
 * "PROJ-12 Fix the login page", "Worklog on PROJ-12 Fix the login page", "Page 12345", or "—" for a
 * record about no object. Object types in words, as the action catalogue names them.
 */
export function objectLabel(object: ObjectRef | null): string {
  if (!object) return '—';
  const name = [object.key, object.title].filter(Boolean).join(' ');
  if (name) return name;
  const parent = object.parent;
  if (parent) {
    const on =
      [parent.key, parent.title].filter(Boolean).join(' ') || `${objectWords(parent.type)} ${parent.id}`;
    return `${objectName(object.type)} on ${on}`;
  }
  return `${objectName(object.type)} ${object.id}`;
}

export function containerLabel(container: Container | null): string {
  if (!container) return '—';
  if (container.name && container.key) return `${container.name} (${container.key})`;
  return container.name ?? container.key ?? `${objectName(container.type)} ${container.id}`;
}

/** What the row says instead of a dash when neither the event nor the parent's records name its container. */
export function missingContainer(record: AuditRecord, looking: boolean): string {
  const word = record.product === 'jira' ? 'project' : 'space';
  return looking
    ? `Looking for the ${word}…`
    : `${word === 'project' ? 'Project' : 'Space'} not named by the event`;
}

const JIRA_ISSUE_PARTS = new Set([
  'issue',
  'comment',
  'worklog',
  'attachment',
  'issuelink',
  'issue-property',
]);
const CONFLUENCE_CONTENT = new Set(['page', 'blogpost', 'whiteboard', 'database', 'folder', 'live']);

/**
 * Where to open the record's object on the site: the issue (`/browse/KEY`), the page
 * (`/wiki/spaces/KEY/pages/ID`), or, for a comment, attachment or worklog, the issue or page it is on.
 * Undefined when the record does not say enough to build a link that works.
 */
export function objectUrl(record: AuditRecord, siteUrl: string): string | undefined {
  const { object, container, product } = record;
  if (!object || !siteUrl) return undefined;
  if (product === 'jira') {
    if (object.type === 'issue' && object.key) return `${siteUrl}/browse/${encodeURIComponent(object.key)}`;
    if (JIRA_ISSUE_PARTS.has(object.type) && object.parent?.key) {
      const at = object.type === 'comment' ? `?focusedCommentId=${encodeURIComponent(object.id)}` : '';
      return `${siteUrl}/browse/${encodeURIComponent(object.parent.key)}${at}`;
    }
    if (object.type === 'project' && (object.key || container?.key)) {
      return `${siteUrl}/browse/${encodeURIComponent(object.key ?? container?.key ?? '')}`;
    }
    return undefined;
  }
  const spaceKey = container?.type === 'space' ? container.key : undefined;
  const content: ObjectRef | ParentRef | undefined = CONFLUENCE_CONTENT.has(object.type)
    ? object
    : object.parent && CONFLUENCE_CONTENT.has(object.parent.type)
      ? object.parent
      : undefined;
  if (content) {
    if (content.type === 'page' && spaceKey) {
      return `${siteUrl}/wiki/spaces/${encodeURIComponent(spaceKey)}/pages/${encodeURIComponent(content.id)}`;
    }
    // Blog posts' own addresses carry their date and title; this one resolves to it from the id alone.
    return `${siteUrl}/wiki/pages/viewpage.action?pageId=${encodeURIComponent(content.id)}`;
  }
  if (object.type === 'space' && (object.key ?? spaceKey)) {
    return `${siteUrl}/wiki/spaces/${encodeURIComponent(object.key ?? spaceKey ?? '')}`;
  }
  return undefined;
}

/** The id the trail of an object is kept under: the issue or page itself, also for its comments. */
export function trailObjectId(record: AuditRecord): string | undefined {
  const { object } = record;
  if (!object) return undefined;
  return object.parent?.id ?? object.id;
}
