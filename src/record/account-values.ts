/**
 * Actions whose change values may hold account ids (not display names): who was mentioned, a task's
 * assignee. Jira's changelog values are display strings (`fromString`/`toString`), so issue updates are
 * not among them.
 */
export const ACCOUNT_VALUE_ACTIONS = ['issue.mentioned', 'comment.mentioned', 'task.updated'] as const;
