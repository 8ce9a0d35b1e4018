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
  /** Account ids of the people whose names the text matches: their records match the text too. */
  readonly textActors?: readonly string[];
  /**
   * Set while a JQL is in force: of Jira's records only those whose trail is an issue qualify; `issueIds`
   * when the JQL's issues are known up front (a small result), else each scanned row is matched
   * afterwards. `confluence`: Confluence's records pass untouched (a JQL says nothing about pages).
   */
  readonly issueScope?: { readonly issueIds?: readonly string[]; readonly confluence?: true };
}

/**
 * The columns `text` searches: who (account id: names are not stored; a display name is matched through
 * `textActors`, the ids of the people it names), what (action), and on what (the object's and its parent's key and title; titles only exist
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
