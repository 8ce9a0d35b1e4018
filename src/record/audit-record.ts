/**
 * The one record shape used everywhere: storage, resolvers, exports and (later) SIEM formats.
 * The README's "What is recorded" describes it for admins.
 */

export type Product = 'jira' | 'confluence';
export const PRODUCTS: readonly Product[] = ['jira', 'confluence'];

export type ActorType = 'user' | 'app' | 'anonymous' | 'unknown';

export interface Actor {
  readonly accountId: string | null;
  readonly type: ActorType;
}

export type ContainerType = 'project' | 'space';

export interface Container {
  readonly type: ContainerType;
  readonly id: string;
  readonly key?: string;
  readonly name?: string;
}

/**
 * What the record's object belongs to: the issue of a comment, worklog, attachment or link; the page of
 * a page comment or attachment. Kept so that "the trail of one issue or page" includes the activity on
 * its parts, which is what an admin means by it.
 */
export interface ParentRef {
  readonly type: string;
  readonly id: string;
  readonly key?: string;
  readonly title?: string;
}

export interface ObjectRef {
  readonly type: string;
  readonly id: string;
  readonly key?: string;
  /** User-generated content: present only while the product's UGC setting is "stored". */
  readonly title?: string;
  readonly parent?: ParentRef;
}

/** One changed field. `from`/`to` are display strings where the payload has them; UGC, so nulled when not stored. */
export interface Change {
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
}

export interface AuditRecord {
  /** Deterministic from the event, so re-deliveries of one event collapse into one row. */
  readonly id: string;
  /** Set by sealing (src/seal): the record's gap-free position in the installation's chain. */
  readonly seq?: number;
  /** Set by sealing: SHA-256 hex over the previous record's hash and this record's sealed form. */
  readonly hash?: string;
  /** ISO-8601 UTC: when it happened (the event's own time; arrival time only where the payload has none). */
  readonly time: string;
  /** ISO-8601 UTC: when the app stored it. */
  readonly receivedAt: string;
  readonly product: Product;
  /** `<object>.<verb>`, e.g. `issue.updated`, `page.trashed`; `unknown.<eventType>` for payloads not understood. */
  readonly action: string;
  readonly actor: Actor;
  readonly container: Container | null;
  readonly object: ObjectRef | null;
  readonly changes: readonly Change[];
  readonly source: { readonly event: string };
}
