import { jiraIssueEvent, jiraProjectEvent, type ForgeEventPayload } from '../payloads';
import type { Site } from '../site/site-model';

/**
 * A mass deletion to plant among the synthetic activity: one person deletes `count` issues of one
 * project, a few seconds apart, ending at `end`. What the built-in "Mass deletion" rule exists to catch.
 */
export function massDeletion(
  site: Site,
  options: { readonly count?: number; readonly end?: Date; readonly actorIndex?: number } = {},
): ForgeEventPayload[] {
  const count = options.count ?? 25;
  const end = (options.end ?? new Date()).getTime();
  const people = site.users.filter((u) => u.accountType === 'atlassian');
  const actor = people[(options.actorIndex ?? 7) % people.length]!;
  const project = site.projects[0]!;
  const issues = site.issues.filter((i) => i.projectId === project.id).slice(0, count);
  return issues.map((issue, n) =>
    jiraIssueEvent('deleted', {
      issue: {
        id: issue.id,
        key: issue.key,
        summary: issue.summary,
        project: { id: project.id, key: project.key, name: project.name },
      },
      actor: { accountId: actor.accountId },
      at: new Date(end - (issues.length - 1 - n) * 5_000),
    }),
  );
}

/**
 * A crawl to plant (views must be recorded): one person views `count` distinct issues across the site,
 * two seconds apart, ending at `end`. What the built-in "Crawling" rule exists to catch.
 */
export function crawl(
  site: Site,
  options: { readonly count?: number; readonly end?: Date; readonly actorIndex?: number } = {},
): ForgeEventPayload[] {
  const count = options.count ?? 250;
  const end = (options.end ?? new Date()).getTime();
  const people = site.users.filter((u) => u.accountType === 'atlassian');
  const actor = people[(options.actorIndex ?? 13) % people.length]!;
  const issues = site.issues.slice(0, count);
  return issues.map((issue, n) => {
    const project = site.projects.find((p) => p.id === issue.projectId)!;
    return jiraIssueEvent('viewed', {
      issue: {
        id: issue.id,
        key: issue.key,
        summary: issue.summary,
        project: { id: project.id, key: project.key, name: project.name },
      },
      actor: { accountId: actor.accountId },
      at: new Date(end - (issues.length - 1 - n) * 2_000),
    });
  });
}

/** A project deleted or archived, at `at`: what "Project or space deleted or archived" exists to catch. */
export function projectRemoved(
  site: Site,
  options: {
    readonly verb?: 'deleted' | 'archived';
    readonly at?: Date;
    readonly projectIndex?: number;
  } = {},
): ForgeEventPayload[] {
  const project = site.projects[(options.projectIndex ?? 2) % site.projects.length]!;
  return [
    jiraProjectEvent(options.verb ?? 'archived', {
      project: { id: project.id, key: project.key, name: project.name },
      at: options.at ?? new Date(),
    }),
  ];
}
