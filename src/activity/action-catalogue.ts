/**
 * Every action the app records, with the words the admin page shows for it, so the Actions picker can
 * offer an action that has no records in the range ("Issue deleted", 0) instead of hiding it, and the log,
 * the drawer and Insights say "Page moved to trash" rather than `page.trashed`.
 *
 * The list is derived from what produces actions: the product-event table (src/capture/normalize), the
 * one action a reader decides (a Jira comment edit), the product audit logs' fallback, and the app's own
 * saved-view actions. Imported audit records also carry `config.<summary>` actions named by the product
 * (open-ended); they are labelled from their summary and offered when the range holds them.
 *
 * No imports at run time beyond plain tables, so the admin page bundles it through `@contract`.
 */
import type { Product } from '../record/audit-record';
import { KNOWN_EVENT_TYPES, productOf, specFor } from '../capture/normalize/event-types';
import { SAVED_VIEW_ACTIONS } from '../saved-views/view-actions';

export interface CatalogueAction {
  readonly action: string;
  readonly label: string;
  /** The object the action is about (`issue` for `issue.deleted`): the picker's group. */
  readonly object: string;
  readonly products: readonly Product[];
}

const BOTH: readonly Product[] = ['jira', 'confluence'];

/**
 * Actions not named by the event table: `comment.updated` is the Jira comment reader's (one event for
 * create and edit); `config.changed` is an imported audit record without a summary; the saved-view
 * actions are the app's own.
 */
const OTHER_ACTIONS: readonly (readonly [string, readonly Product[]])[] = [
  ['comment.updated', ['jira']],
  ['config.changed', BOTH],
  ...Object.values(SAVED_VIEW_ACTIONS).map((action) => [action, BOTH] as const),
];

const OBJECT_NAMES: Readonly<Record<string, string>> = {
  issue: 'Issue',
  comment: 'Comment',
  worklog: 'Worklog',
  issuelink: 'Issue link',
  attachment: 'Attachment',
  issue_property: 'Issue property',
  project: 'Project',
  user: 'User',
  version: 'Version',
  component: 'Component',
  filter: 'Filter',
  issuetype: 'Issue type',
  field: 'Custom field',
  field_context: 'Custom field context',
  config: 'Configuration',
  board: 'Board',
  sprint: 'Sprint',
  page: 'Page',
  blogpost: 'Blog post',
  whiteboard: 'Whiteboard',
  database: 'Database',
  folder: 'Folder',
  embed: 'Smart link embed',
  task: 'Task',
  space: 'Space',
  custom_content: 'Custom content',
  label: 'Label',
  group: 'Group',
  relation: 'Relation',
  search: 'Search',
  saved_view: 'Saved view',
  unknown: 'Not understood',
};

const VERB_WORDS: Readonly<Record<string, string>> = {
  trashed: 'moved to trash',
  permissions_updated: 'permissions changed',
  children_reordered: 'children reordered',
  configuration_updated: 'configuration changed',
  configuration_changed: 'configuration changed',
  set: 'set',
};

/** Whole labels where "<Object> <verb>" would read wrongly. */
const LABELS: Readonly<Record<string, string>> = {
  'issue.mentioned': 'Someone mentioned in an issue',
  'comment.mentioned': 'Someone mentioned in a comment',
  'search.performed': 'Search performed',
  'config.changed': 'Configuration changed',
  'relation.created': 'Relation added',
  'relation.deleted': 'Relation removed',
};

const words = (slug: string) => slug.replace(/[_-]/g, ' ');

/** The object part of an action: `issue` for `issue.deleted`. */
export function actionObject(action: string): string {
  const dot = action.indexOf('.');
  return dot < 0 ? action : action.slice(0, dot);
}

/** What the admin page calls an object type, e.g. "Issue link" for `issuelink`. */
export function objectName(object: string): string {
  const known = OBJECT_NAMES[object];
  if (known) return known;
  const text = words(object);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An object type inside a sentence: "All activity on this saved view", "worklog on PROJ-12". */
export function objectWords(object: string): string {
  return objectName(object).toLowerCase();
}

/**
 * "Issue deleted", "Page moved to trash", "Space permissions changed"; an imported record's
 * `config.workflow_scheme_added_to_project` reads as its summary did, "Workflow scheme added to project";
 * an event the app did not understand as "Not understood: avi:…".
 */
export function actionLabel(action: string): string {
  const fixed = LABELS[action];
  if (fixed) return fixed;
  const object = actionObject(action);
  const verb = action.slice(object.length + 1);
  if (object === 'unknown') return `Not understood: ${verb}`;
  if (object === 'config' && verb) {
    const text = words(verb);
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  if (!verb) return objectName(object);
  return `${objectName(object)} ${VERB_WORDS[verb] ?? words(verb)}`;
}

function buildCatalogue(): readonly CatalogueAction[] {
  const products = new Map<string, Set<Product>>();
  const add = (action: string, of: readonly Product[]) => {
    const set = products.get(action) ?? new Set<Product>();
    for (const p of of) set.add(p);
    products.set(action, set);
  };
  for (const eventType of KNOWN_EVENT_TYPES) {
    const spec = specFor(eventType);
    const product = productOf(eventType);
    if (spec && product) add(spec.action, [product]);
  }
  for (const [action, of] of OTHER_ACTIONS) add(action, of);
  return [...products]
    .map(([action, of]) => ({
      action,
      label: actionLabel(action),
      object: actionObject(action),
      products: BOTH.filter((p) => of.has(p)),
    }))
    .sort((a, b) => a.object.localeCompare(b.object) || a.label.localeCompare(b.label));
}

/** Every action the app records, sorted by object, then label. */
export const ACTION_CATALOGUE: readonly CatalogueAction[] = buildCatalogue();

/** The investigations the Actions picker offers as one click. */
export type ActionPresetId = 'deletions' | 'access' | 'configuration' | 'exports';

export interface ActionPreset {
  readonly id: ActionPresetId;
  readonly label: string;
  /** Objects every action of which belongs to the preset: chosen as `<object>.*`, imports included. */
  readonly objects: readonly string[];
  /** Other actions that belong to it. */
  readonly matches: (action: string) => boolean;
}

const verbOf = (action: string) => action.slice(actionObject(action).length + 1);

export const ACTION_PRESETS: readonly ActionPreset[] = [
  {
    id: 'deletions',
    label: 'Deletions',
    objects: [],
    matches: (a) => /(^|_)(deleted|trashed|removed|purged)$/.test(verbOf(a)),
  },
  {
    id: 'access',
    label: 'Permission and access changes',
    objects: ['user', 'group'],
    matches: (a) => /permission|role|group|access|security|password|activated|invited/.test(verbOf(a)),
  },
  {
    id: 'configuration',
    label: 'Configuration changes',
    objects: ['config', 'field', 'field_context', 'issuetype'],
    matches: (a) => /configuration/.test(verbOf(a)),
  },
  {
    id: 'exports',
    label: 'Exports and downloads',
    objects: [],
    matches: (a) => /export|download/.test(verbOf(a)),
  },
];

/**
 * The filter values of a preset among the actions known (the catalogue's and the range's): its whole
 * objects as `<object>.*`, then its other actions; none when nothing known belongs to it (the picker
 * then leaves the preset out: "where recorded").
 */
export function presetActions(preset: ActionPreset, known: readonly string[]): string[] {
  const whole = new Set(preset.objects);
  const present = known.filter((a) => !a.startsWith('unknown.'));
  const objects = [...new Set(present.map(actionObject).filter((o) => whole.has(o)))].map((o) => `${o}.*`);
  const others = present.filter((a) => !whole.has(actionObject(a)) && preset.matches(a));
  return [...objects.sort(), ...[...new Set(others)].sort()];
}
