/**
 * Plain inputs for the payload builders. They hold only what a builder needs to produce a documented
 * Forge payload shape, so the sandbox seed and the tests can describe a site without knowing any payload.
 */

/** A Jira Cloud user as Forge payloads carry it (Jira users have a display name; Confluence's do not). */
export interface JiraUser {
  readonly accountId: string;
  readonly displayName?: string;
  /** 'app' for apps and automation; defaults to 'atlassian'. */
  readonly accountType?: 'atlassian' | 'app' | 'customer';
}

export interface JiraProject {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  /** 'software' unless given. */
  readonly projectTypeKey?: string;
}

export interface JiraIssueType {
  readonly id: string;
  readonly name: string;
  readonly subtask?: boolean;
}

export interface JiraStatus {
  readonly id: string;
  readonly name: string;
}

export interface JiraIssue {
  readonly id: string;
  readonly key: string;
  readonly summary: string;
  readonly project: JiraProject;
  readonly issueType?: JiraIssueType;
  readonly status?: JiraStatus;
  readonly assignee?: JiraUser | null;
  readonly reporter?: JiraUser;
  readonly created?: Date;
  readonly updated?: Date;
}

/**
 * One changelog item as Jira sends it: `from`/`to` are ids (or null), `fromString`/`toString` the display
 * values. Give only what you have; missing ones become null like Jira's.
 *
 * `toString` shares its name with Object.prototype's, so a literal that leaves it out still "has" the
 * inherited function: the type admits that, and the builder reads only an own `toString` string.
 */
export interface JiraChange {
  readonly field: string;
  readonly fieldId?: string;
  readonly fieldtype?: 'jira' | 'custom' | string;
  readonly from?: string | null;
  readonly fromString?: string | null;
  readonly to?: string | null;
  readonly toString?: string | null | (() => string);
}

/** An Atlassian Document Format node (Jira v3 comment/worklog bodies). */
export interface AdfNode {
  readonly type: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly content?: readonly AdfNode[];
}

export interface JiraComment {
  readonly id: string;
  /** A plain string is turned into a one-paragraph ADF document; pass an AdfNode to control it. */
  readonly body: string | AdfNode;
  readonly author: JiraUser;
  /** Defaults to `author`. */
  readonly updateAuthor?: JiraUser;
  readonly created: Date;
  /** Defaults to `created` (a new comment); a later time makes the event an edit. */
  readonly updated?: Date;
}

export interface JiraWorklog {
  readonly id: string;
  readonly issueId: string;
  readonly author: JiraUser;
  readonly updateAuthor?: JiraUser;
  readonly timeSpentSeconds: number;
  /** Jira's display form, e.g. '3h 20m'; derived from the seconds when absent. */
  readonly timeSpent?: string;
  readonly comment?: string;
  readonly started: Date;
  readonly created: Date;
  readonly updated?: Date;
}

export interface JiraIssueLinkType {
  readonly id: string;
  readonly name: string;
  readonly inward: string;
  readonly outward: string;
}

export interface JiraAttachment {
  readonly id: string;
  readonly filename: string;
  readonly issue: JiraIssue;
  readonly author: JiraUser;
  readonly created: Date;
  readonly size: number;
  readonly mimeType: string;
}

export interface JiraVersion {
  readonly id: string;
  readonly name: string;
  readonly projectId: string;
  readonly description?: string;
  readonly released?: boolean;
  readonly archived?: boolean;
  readonly releaseDate?: string;
}

export interface JiraComponent {
  readonly id: string;
  readonly name: string;
  readonly project: JiraProject;
  readonly description?: string;
  readonly lead?: JiraUser;
}

export interface JiraFilter {
  readonly id: string;
  readonly name: string;
  readonly jql: string;
  readonly owner: JiraUser;
  readonly description?: string;
}

export interface JiraField {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly type: string;
  readonly typeName: string;
  readonly description?: string;
}

export interface JiraFieldContext {
  readonly id: string;
  readonly fieldId: string;
  readonly fieldKey: string;
  readonly name: string;
  readonly description?: string;
  readonly projectIds?: readonly number[];
  readonly issueTypeIds?: readonly string[];
}

export interface JiraBoard {
  readonly id: number;
  readonly name: string;
  readonly type: 'simple' | 'scrum' | 'kanban';
  /** The project the board lives in (used for configuration-changed's `location`). */
  readonly project?: JiraProject;
  readonly filterId?: string;
}

export interface JiraSprint {
  readonly id: string;
  readonly name: string;
  readonly state: 'future' | 'active' | 'closed' | string;
  readonly originBoardId?: string;
  readonly goal?: string;
  readonly createDate?: string;
  readonly startDate?: string;
  readonly endDate?: string;
  readonly completeDate?: string;
}

/** A Confluence user; payloads fill the PII fields (email, names) with the accountId. */
export interface ConfluenceUser {
  readonly accountId: string;
  readonly accountType?: 'atlassian' | 'app';
}

export interface ConfluenceSpace {
  /** Confluence payloads carry space ids as numbers. */
  readonly id: number;
  readonly key: string;
  readonly name: string;
  readonly type?: 'global' | 'personal';
  readonly status?: 'current' | 'archived';
  readonly createdBy?: ConfluenceUser;
  readonly createdDate?: Date;
}

export type ConfluenceContentType = 'page' | 'blogpost' | 'whiteboard' | 'database' | 'embed' | 'folder';

export interface ConfluenceContent {
  readonly id: string;
  readonly type: ConfluenceContentType;
  /** 'live' for live docs (type stays 'page'). */
  readonly subType?: 'live';
  readonly title: string;
  readonly space: ConfluenceSpace;
  readonly status?: 'current' | 'trashed' | 'historical' | 'draft' | 'archived';
  /** Version number, 1 for a new page. */
  readonly version: number;
  readonly createdBy: ConfluenceUser;
  readonly createdDate: Date;
  /** Who made the current version, and when; default to the creator and creation time. */
  readonly versionBy?: ConfluenceUser;
  readonly versionWhen?: Date;
}

export interface ConfluenceComment {
  readonly id: string;
  readonly title?: string;
  /** The page or blog post the comment is on. */
  readonly container: ConfluenceContent;
  readonly version: number;
  readonly createdBy: ConfluenceUser;
  readonly createdDate: Date;
  readonly versionBy?: ConfluenceUser;
  readonly versionWhen?: Date;
  readonly location?: 'footer' | 'inline';
}

export interface ConfluenceAttachment {
  readonly id: string;
  readonly title: string;
  readonly container: ConfluenceContent;
  readonly version: number;
  readonly createdBy: ConfluenceUser;
  readonly createdDate: Date;
  readonly versionBy?: ConfluenceUser;
  readonly versionWhen?: Date;
  readonly mediaType?: string;
  readonly fileSize?: number;
}

export interface ConfluenceCustomContent {
  readonly id: string;
  /** The full Forge/Connect custom content type, e.g. 'forge:<app>:<env>:<key>'. */
  readonly type: string;
  readonly title: string;
  readonly space: ConfluenceSpace;
  /** Absent for space-level custom content. */
  readonly container?: ConfluenceContent;
  readonly version: number;
  readonly createdBy: ConfluenceUser;
  readonly createdDate: Date;
}

export interface ConfluenceGroup {
  readonly id: string;
  readonly name: string;
}

export interface ConfluenceLabel {
  readonly id: string;
  readonly name: string;
  readonly prefix?: 'global' | 'team' | 'my' | string;
}

export interface ConfluenceTemplate {
  readonly templateId: string;
  readonly name: string;
  readonly description?: string;
  readonly templateType?: 'page' | 'blueprint';
  /** Absent for global templates. */
  readonly space?: ConfluenceSpace;
}

export interface ConfluenceTask {
  readonly id: number;
  readonly uuid: string | null;
  readonly status: 'complete' | 'incomplete';
  readonly assignee?: string | null;
  readonly dueDate?: string | null;
}

/** What a relation's source or target is: exactly one of these. */
export type ConfluenceEntity =
  | { readonly content: ConfluenceContent }
  | { readonly space: ConfluenceSpace }
  | { readonly user: ConfluenceUser };

/** Every builder returns a plain JSON-able object with the Forge `eventType` at its root. */
export type ForgeEventPayload = { readonly eventType: string } & Readonly<Record<string, unknown>>;
