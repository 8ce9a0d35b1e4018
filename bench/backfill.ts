import {
  confluenceContentEvent,
  jiraCommentEvent,
  jiraIssueEvent,
  jiraWorklogEvent,
  type ConfluenceContent,
  type JiraIssue,
} from '../dev/payloads';
import { startSandbox, type Sandbox } from '../dev/sandbox';
import { writeRequestState } from '../src/jobs/job-state';
import { backfillJob } from '../src/backfill/run-backfill';
import type { BackfillProgress } from '../src/backfill/backfill-state';
import { PROFILE } from './cost';
import { reportFigures } from './part-result';
import { formatTable } from './table';

/**
 * Bench part `backfill`: the history of a 10,000-issue Jira project (each issue created, changed three
 * times, commented on and with work logged, in the last 90 days) and a 5,000-page Confluence space (each
 * page created and edited twice) written into the fake site, then backfilled through the app's real job
 * against the fake site's REST history APIs (their real page sizes). Measured: records per minute, REST
 * requests per 1,000 records, and a second run over the same period (nothing new). From those, the time
 * a 1,000-user site's year would take at Jira's documented quota: Tier 1, 65,000 points an hour per app,
 * each request 1 point plus 1 per object it returns (developer.atlassian.com/cloud/jira/platform/rate-limiting).
 */
const ISSUES = Number(process.env.BENCH_BACKFILL_ISSUES ?? 10_000);
const PAGES = Number(process.env.BENCH_BACKFILL_PAGES ?? 5_000);
const DAY = 24 * 60 * 60 * 1000;
/** Jira's Tier 1 (global pool) quota: points an hour per app (rate-limiting page, 2026). */
const POINTS_PER_HOUR = 65_000;

function writeHistory(sandbox: Sandbox, end: number): void {
  const site = sandbox.site;
  const project = site.projects[0]!;
  const space = site.spaces[0]!;
  const people = site.users.filter((u) => u.active && u.accountType === 'atlassian').slice(0, 50);
  const person = (n: number) => ({ accountId: people[n % people.length]!.accountId, displayName: 'x' });
  const span = 90 * DAY;
  for (let n = 0; n < ISSUES; n++) {
    const created = new Date(end - span + (n * span) / ISSUES / 2);
    const issue: JiraIssue = {
      id: String(900_000 + n),
      key: `${project.key}-${20_000 + n}`,
      summary: `Backfill bench issue ${n}`,
      project: { id: project.id, key: project.key, name: project.name },
      status: { id: '10000', name: 'To Do' },
      reporter: person(n),
      created,
      updated: created,
    };
    const at = (k: number) => new Date(created.getTime() + k * 3_600_000);
    sandbox.history.record(jiraIssueEvent('created', { issue, actor: person(n), at: created }));
    for (let k = 1; k <= 3; k++) {
      sandbox.history.record(
        jiraIssueEvent('updated', {
          issue,
          actor: person(n + k),
          at: at(k),
          changelogId: String(5_000_000 + n * 10 + k),
          changes: [
            {
              field: 'status',
              fieldId: 'status',
              from: '10000',
              fromString: 'To Do',
              to: '3',
              toString: 'In Progress',
            },
          ],
        }),
      );
    }
    sandbox.history.record(
      jiraCommentEvent('commented', {
        issue,
        comment: { id: String(7_000_000 + n), body: 'Looks good', author: person(n + 1), created: at(4) },
        at: at(4),
      }),
    );
    sandbox.history.record(
      jiraWorklogEvent('created', {
        worklog: {
          id: String(8_000_000 + n),
          issueId: issue.id,
          author: person(n),
          timeSpentSeconds: 3600,
          started: at(4),
          created: at(5),
        },
        at: at(5),
      }),
    );
  }
  for (let n = 0; n < PAGES; n++) {
    const created = new Date(end - span + (n * span) / PAGES / 2);
    for (let version = 1; version <= 3; version++) {
      const content: ConfluenceContent = {
        id: String(90_000_000 + n),
        type: 'page',
        title: `Backfill bench page ${n}`,
        space: { id: Number(space.id), key: space.key, name: space.name },
        version,
        createdBy: { accountId: person(n).accountId },
        createdDate: created,
        versionBy: { accountId: person(n + version).accountId },
        versionWhen: new Date(created.getTime() + (version - 1) * DAY),
      };
      sandbox.history.record(
        confluenceContentEvent(version === 1 ? 'created' : 'updated', { content, at: content.versionWhen! }),
      );
    }
  }
  sandbox.serveHistory();
}

async function run(sandbox: Sandbox, runId: string, products: ('jira' | 'confluence')[], fromMs: number) {
  const target = sandbox.opened.store;
  const plan = {
    fromMs,
    products,
    projectIds: [sandbox.site.projects[0]!.id],
    spaceIds: [sandbox.site.spaces[0]!.id],
  };
  await writeRequestState(
    target,
    'backfill-request',
    { request: { runId, plan, command: 'run', requestedMs: Date.now(), estimatedRecords: 1 } },
    Date.now(),
  );
  const started = process.hrtime.bigint();
  let progress: BackfillProgress | undefined;
  for (;;) {
    const result = await backfillJob({ target, continueByQueue: false, deadlineMs: Date.now() + 3_600_000 });
    if ('progress' in result) progress = result.progress;
    if (!('more' in result) || !result.more) break;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (progress === undefined) throw new Error('the backfill did not run');
  return { seconds, counts: progress.counts };
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ auditDb: ':memory:', kvsFile: null });
  const end = Math.floor(Date.now() / 60_000) * 60_000;
  writeHistory(sandbox, end);
  const fromMs = end - 90 * DAY;
  const rows = [];
  const figures: Record<string, unknown> = {};
  for (const [name, products] of [
    ['Jira, 10,000-issue project', ['jira']],
    ['Confluence, 5,000-page space', ['confluence']],
  ] as const) {
    const first = await run(sandbox, `${name}-1`, [...products], fromMs);
    const again = await run(sandbox, `${name}-2`, [...products], fromMs);
    const perThousand = (first.counts.requests / first.counts.records) * 1000;
    const recordsPerMinute = (first.counts.records / first.seconds) * 60;
    rows.push([
      name,
      first.counts.records,
      first.counts.inserted,
      Math.round(recordsPerMinute),
      perThousand,
      again.counts.inserted,
    ]);
    figures[products[0]] = {
      ...first,
      recordsPerMinute,
      requestsPer1000: perThousand,
      secondRunInserted: again.counts.inserted,
    };
  }
  await sandbox.close();
  console.log(
    formatTable(
      ['history', 'records', 'new', 'records/minute', 'REST requests/1,000 records', 'new on a second run'],
      rows,
    ),
  );
  // A 1,000-user site's year: every non-view event of the cost profile is history a backfill reads.
  const jira = figures.jira as { requestsPer1000: number };
  const yearRecords = PROFILE.users * PROFILE.nonViewEventsPerUserDay * PROFILE.workingDays * 12;
  const requests = (yearRecords / 1000) * jira.requestsPer1000;
  const points = requests + yearRecords;
  const hours = points / POINTS_PER_HOUR;
  console.log(
    formatTable(
      [
        'a 1,000-user site’s year',
        'records',
        'REST requests',
        'points (1 + 1 per object)',
        'hours at 65,000 points/hour',
        'days',
      ],
      [['Jira', yearRecords, Math.round(requests), Math.round(points), hours, hours / 24]],
    ),
  );
  reportFigures({ ...figures, year: { records: yearRecords, requests, points, hours } });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
