import { jiraIssueEvent, type ForgeEventPayload } from '../payloads';
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
