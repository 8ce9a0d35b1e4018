import { jiraError } from './jira-json';
import { json, type ParsedRequest, type SiteResponse } from './rest-support';
import type { Site } from './site-model';

/** An issue made through `POST /rest/api/3/issue`: what the sandbox shows of the issues the app creates. */
export interface CreatedIssue {
  readonly id: string;
  readonly key: string;
  readonly projectKey: string;
  readonly issueType: string;
  readonly summary: string;
  readonly labels: readonly string[];
  readonly description: unknown;
  readonly reporter: string;
}

/** The site's model is fixed at build; issues created while the sandbox runs live beside it, per site. */
const created = new WeakMap<Site, CreatedIssue[]>();

export function createdIssues(site: Site): readonly CreatedIssue[] {
  return created.get(site) ?? [];
}

/**
 * `POST /rest/api/3/issue` with Jira's field shape (`project.key`, `issuetype.name`, `summary`, `labels`,
 * ADF `description`); answers `{ id, key, self }` as Jira does, and Jira's 400 for a missing field or an
 * unknown project.
 */
export function createIssue(req: ParsedRequest, reporter: string): SiteResponse {
  if (req.bodyError !== null) return jiraError(400, `Invalid request payload. ${req.bodyError}`);
  const fields = (req.body as { fields?: Record<string, unknown> } | null)?.fields ?? {};
  const projectKey = (fields.project as { key?: string } | undefined)?.key;
  const issueType = (fields.issuetype as { name?: string } | undefined)?.name;
  const summary = fields.summary;
  const errors: Record<string, string> = {};
  const project = req.site.projects.find((p) => p.key === projectKey);
  if (!project) errors.project = 'Specify a valid project ID or key';
  if (!issueType) errors.issuetype = 'Specify an issue type';
  if (typeof summary !== 'string' || summary === '')
    errors.summary = 'You must specify a summary of the issue.';
  if (Object.keys(errors).length > 0) return json(400, { errorMessages: [], errors });
  const list = created.get(req.site) ?? [];
  created.set(req.site, list);
  const number = req.site.issues.filter((i) => i.key.startsWith(`${projectKey}-`)).length + list.length + 1;
  const issue: CreatedIssue = {
    id: String(900_000 + list.length),
    key: `${projectKey}-${number}`,
    projectKey: projectKey!,
    issueType: issueType!,
    summary: summary as string,
    labels: Array.isArray(fields.labels)
      ? fields.labels.filter((l): l is string => typeof l === 'string')
      : [],
    description: fields.description,
    reporter,
  };
  list.push(issue);
  return json(201, {
    id: issue.id,
    key: issue.key,
    self: `${req.site.baseUrl}/rest/api/3/issue/${issue.id}`,
  });
}

/**
 * A JQL query that is exactly `labels = "<label>"`, answered from the created issues (the site's built
 * issues carry no labels); undefined for any other query, which the JQL subset answers.
 */
export function searchByLabel(req: ParsedRequest, jql: string): SiteResponse | undefined {
  const match = /^\s*labels\s*=\s*"?([^"\s]+)"?\s*$/i.exec(jql);
  if (!match) return undefined;
  const issues = createdIssues(req.site).filter((i) => i.labels.includes(match[1]!));
  return json(200, { issues: issues.map((i) => ({ id: i.id, key: i.key })), isLast: true });
}
