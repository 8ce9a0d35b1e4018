import api, { route } from '@forge/api';
import { errorMessagesOf, readJson } from '../product-rest/product-rest';
import type { Alert } from './alert';
import { alertHeadline, alertWindow } from './alert-format';

/** The label that marks the one issue of an alert: searched for before creating, so a retry finds it. */
export function alertLabel(alert: Pick<Alert, 'id'>): string {
  return `audit-trail-alert-${alert.id}`;
}

export type IssueOutcome =
  | { readonly kind: 'created'; readonly key: string }
  | { readonly kind: 'found'; readonly key: string }
  | { readonly kind: 'retry' | 'stop'; readonly reason: string };

/**
 * One Jira issue per alert, however often this runs: an issue carrying the alert's label is looked for
 * first, and only when there is none is one created (as the app). Jira then notifies its watchers.
 */
export async function ensureAlertIssue(
  alert: Alert,
  target: { readonly projectKey: string; readonly issueType: string },
  link: string | undefined,
): Promise<IssueOutcome> {
  const label = alertLabel(alert);
  const params = new URLSearchParams({ jql: `labels = "${label}"`, fields: 'key', maxResults: '1' });
  const search = await api.asApp().requestJira(route`/rest/api/3/search/jql?${params}`);
  if (!search.ok) return failed("searching for the alert's issue", search.status, await readJson(search));
  const found = ((await readJson(search)) as { issues?: { key?: string }[] } | undefined)?.issues?.[0]?.key;
  if (found) return { kind: 'found', key: found };
  const created = await api.asApp().requestJira(route`/rest/api/3/issue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      fields: {
        project: { key: target.projectKey },
        issuetype: { name: target.issueType },
        summary: `Audit Trail alert: ${alertHeadline(alert)}`.slice(0, 255),
        labels: [label],
        description: description(alert, link),
      },
    }),
  });
  const body = await readJson(created);
  if (!created.ok) return failed("creating the alert's issue", created.status, body);
  const key = (body as { key?: string } | undefined)?.key;
  return key
    ? { kind: 'created', key }
    : { kind: 'retry', reason: 'Jira created an issue but did not say its key' };
}

function failed(what: string, status: number, body: unknown): IssueOutcome {
  const reason = `Jira answered ${status} ${what}${errorMessagesOf(body).length ? `: ${errorMessagesOf(body).join('; ')}` : ''}`;
  return status === 429 || status >= 500 ? { kind: 'retry', reason } : { kind: 'stop', reason };
}

/** Atlassian Document Format: the headline, the window, and the link to the records. */
function description(alert: Alert, link: string | undefined): Record<string, unknown> {
  const paragraph = (text: string, href?: string) => ({
    type: 'paragraph',
    content: [{ type: 'text', text, ...(href ? { marks: [{ type: 'link', attrs: { href } }] } : {}) }],
  });
  return {
    type: 'doc',
    version: 1,
    content: [
      paragraph(alertHeadline(alert)),
      paragraph(alertWindow(alert)),
      ...(link ? [paragraph('Open the records in Audit Trail', link)] : []),
    ],
  };
}
