import { pickMember } from './build-people';
import { weightedPicker, type Random } from './random';
import { DAY_MS, ISSUE_TYPES, PRIORITIES, STATUSES } from './site-catalogue';
import type {
  SiteComponent,
  SiteFilter,
  SiteIssue,
  SiteIssueType,
  SitePriority,
  SiteProject,
  SiteStatus,
  SiteUser,
  SiteVersion,
} from './site-model';
import { LABELS, SUMMARY_OBJECTS, SUMMARY_QUALIFIERS, SUMMARY_VERBS } from './vocabulary';

/** Issues of the fake site: unevenly spread over projects, in creation order, with realistic mixes. */

const [TASK, BUG, STORY, EPIC, SUBTASK] = ISSUE_TYPES as readonly [
  SiteIssueType,
  SiteIssueType,
  SiteIssueType,
  SiteIssueType,
  SiteIssueType,
];
const [TO_DO, IN_PROGRESS, IN_REVIEW, DONE] = STATUSES as readonly [
  SiteStatus,
  SiteStatus,
  SiteStatus,
  SiteStatus,
];
const OPEN_STATUSES = [TO_DO, TO_DO, IN_PROGRESS, IN_REVIEW];
const [HIGHEST, HIGH, MEDIUM, LOW, LOWEST] = PRIORITIES as readonly [
  SitePriority,
  SitePriority,
  SitePriority,
  SitePriority,
  SitePriority,
];
/** Frequencies as on a typical software site: mostly tasks, bugs and stories; mostly medium priority. */
const ISSUE_TYPE_MIX = [TASK, TASK, TASK, BUG, BUG, BUG, STORY, STORY, EPIC, SUBTASK, SUBTASK];
const PRIORITY_MIX = [HIGHEST, HIGH, HIGH, MEDIUM, MEDIUM, MEDIUM, MEDIUM, LOW, LOW, LOWEST];

export function buildIssues(
  random: Random,
  projects: readonly SiteProject[],
  people: readonly SiteUser[],
  count: number,
  today: number,
  summary: (random: Random) => string = issueSummary,
): SiteIssue[] {
  // Projects are busy in Zipf proportion too: one or two carry most of the work.
  const projectPicker = weightedPicker(
    projects.map((p, i) => ({ p, w: Math.pow(i + 1, -0.9) })),
    (x) => x.w,
  );
  const drafts = Array.from({ length: count }, () => ({
    project: projectPicker.pick(random).p,
    created: today - DAY_MS - random.int(365 * DAY_MS),
  })).sort((a, b) => a.created - b.created);

  const perProject = new Map<string, number>();
  return drafts.map((draft, i) => {
    const n = (perProject.get(draft.project.id) ?? 0) + 1;
    perProject.set(draft.project.id, n);
    const members = people.filter((u) => u.homeProjectIds.includes(draft.project.id));
    const pool = members.length > 0 ? members : people;
    // Older issues are likelier to be done.
    const ageDays = (today - draft.created) / DAY_MS;
    const status = random.chance(Math.min(0.85, ageDays / 200)) ? DONE : random.pick(OPEN_STATUSES);
    return {
      id: String(10000 + i),
      key: `${draft.project.key}-${n}`,
      projectId: draft.project.id,
      summary: summary(random),
      issueType: random.pick(ISSUE_TYPE_MIX),
      status,
      priority: random.pick(PRIORITY_MIX),
      assigneeId: random.chance(0.15) ? null : pickMember(random, pool).accountId,
      reporterId: pickMember(random, pool).accountId,
      labels: random.chance(0.5) ? [random.pick(LABELS)] : [],
      created: new Date(draft.created).toISOString(),
      updated: new Date(Math.min(today - 1, draft.created + random.int(30 * DAY_MS))).toISOString(),
    };
  });
}

export function buildProjectConfig(
  random: Random,
  projects: readonly SiteProject[],
  people: readonly SiteUser[],
  today: number,
): { versions: SiteVersion[]; components: SiteComponent[]; filters: SiteFilter[] } {
  const versions: SiteVersion[] = [];
  const components: SiteComponent[] = [];
  const filters: SiteFilter[] = [];
  for (const project of projects) {
    if (project.projectTypeKey === 'software') {
      const count = random.between(3, 6);
      for (let v = 0; v < count; v++) {
        const released = v < count - 2;
        versions.push({
          id: String(10000 + versions.length),
          projectId: project.id,
          name: `${1 + Math.floor(v / 3)}.${v % 3}.0`,
          released,
          archived: released && v === 0,
          releaseDate: released
            ? new Date(today - (count - v) * 21 * DAY_MS).toISOString().slice(0, 10)
            : null,
        });
      }
    }
    for (const name of ['Frontend', 'Backend', 'Documentation', 'Integrations'].slice(
      0,
      random.between(2, 4),
    )) {
      components.push({
        id: String(10000 + components.length),
        projectId: project.id,
        name,
        leadAccountId: random.chance(0.7) ? pickMember(random, people).accountId : null,
      });
    }
    filters.push({
      id: String(10000 + filters.length),
      name: `${project.name}: open bugs`,
      jql: `project = ${project.key} AND issuetype = Bug ORDER BY created DESC`,
      ownerId: project.leadAccountId,
    });
  }
  return { versions, components, filters };
}

/** An issue summary such as 'Fix billing export for EU customers'. */
export function issueSummary(random: Random): string {
  const qualifier = random.pick(SUMMARY_QUALIFIERS);
  return `${random.pick(SUMMARY_VERBS)} ${random.pick(SUMMARY_OBJECTS)}${qualifier ? ` ${qualifier}` : ''}`;
}
