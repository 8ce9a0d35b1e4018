import type { Product } from '../record/audit-record';

/**
 * A place in the newest-first order: the last row a page returned or a scan examined. An empty `id`
 * sorts before every id: (t, '') means "every row at time t or later has been examined".
 */
export interface Position {
  readonly time: number;
  readonly id: string;
}

/**
 * An `ActivityFilter` after its lookups: groups expanded to account ids, JQL turned into an issue scope.
 * Absent parts do not narrow; an empty list matches nothing (a group without members).
 */
export interface ResolvedFilter {
  readonly from?: number;
  readonly to?: number;
  readonly actors?: readonly string[];
  readonly products?: readonly Product[];
  /** Exact actions, or `<object>.*` for every verb of an object. */
  readonly actions?: readonly string[];
  readonly containers?: readonly string[];
  /** Trail ids: an issue or page and everything on it. */
  readonly objects?: readonly string[];
  readonly text?: string;
  /**
   * Set while a JQL is in force: only Jira records whose trail is an issue qualify; `issueIds` when the
   * JQL's issues are known up front (a small result), else each scanned row is matched afterwards.
   */
  readonly issueScope?: { readonly issueIds?: readonly string[] };
}

/**
 * The columns `text` searches: who (account id: names are not stored, so a display name finds nothing
 * here), what (action), and on what (the object's and its parent's key and title; titles only exist
 * where the admin stores content). Container names and keys are left out: a project key would match
 * every row of the project, which the container filter already does precisely.
 */
export const TEXT_COLUMNS = [
  'actor_id',
  'action',
  'object_key',
  'object_title',
  'parent_key',
  'parent_title',
] as const;
