/**
 * Changed values that are people: Jira's assignment changelog gives the assignee's account id, and a
 * mention record lists the mentioned account ids. Shown to people (the admin page, an export's readable
 * changes) by name; stored as ids, like every other reference to a person.
 */
const PERSON_FIELDS = new Set(['mentioned', 'assignee', 'reporter', 'creator']);

/** An Atlassian account id: 24 hex digits (older accounts) or `<number>:<uuid>`. */
const ACCOUNT_ID = /^(?:[0-9a-f]{24}|\d+:[0-9a-f-]{36})$/i;

/** The account ids a changed value holds (a comma-separated list), or undefined when it is not people. */
export function accountIdsIn(field: string, value: string | null): string[] | undefined {
  if (value === null || !PERSON_FIELDS.has(field.toLowerCase())) return undefined;
  const ids = value.split(',').map((v) => v.trim());
  return ids.length > 0 && ids.every((id) => ACCOUNT_ID.test(id)) ? ids : undefined;
}
