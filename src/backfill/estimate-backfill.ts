import { backfillLimits } from '../limits';
import { readJson } from '../product-rest/product-rest';
import type { StorageMeasure } from '../retention/storage-size';
import type { BackfillPlan } from './backfill-plan';
import { issuesJql } from './history-steps';
import { pacedRequest, type Pacer } from './paced-request';

/** What `backfill.estimate` answers. */
export interface BackfillEstimate {
  /** Issues changed in the period (Jira's approximate count), and pages and blog posts edited in it. */
  readonly issues: number;
  readonly pages: number;
  /** Records the history is expected to give, and the bytes they would take. */
  readonly records: number;
  readonly bytes: number;
  /** What the log takes now, and the budget retention keeps it within. */
  readonly storedBytes: number;
  readonly budgetBytes: number;
  /** Whether the backfilled records fit the budget; if not, retention removes the oldest first. */
  readonly fits: boolean;
  /** Pages were counted on at most this many list pages; past that the count is extrapolated. */
  readonly pagesCountedFully: boolean;
}

/** Confluence list pages read for the estimate at most (250 each), so it answers within a resolver's time. */
const ESTIMATE_LIST_PAGES = 8;

/**
 * Asks the products how much history the plan covers: Jira's approximate count of the issues changed
 * in the period, and Confluence's pages and blog posts whose latest version is in it (listed, up to
 * `ESTIMATE_LIST_PAGES` pages a kind, then extrapolated), times what each gives on average
 * (`backfillLimits.recordsPerIssue`, `recordsPerPage`), at the log's own bytes per record.
 */
export async function estimateBackfill(
  plan: BackfillPlan,
  measure: StorageMeasure,
  budgetBytes: number,
): Promise<BackfillEstimate> {
  // A resolver has 25 s: a rate limit asking for longer is reported, not waited out.
  const pacer: Pacer = {
    requests: 0,
    throttled: 0,
    waitedMs: 0,
    deadlineMs: Date.now() + 10_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  let issues = 0;
  if (plan.products.includes('jira')) {
    const answer = await pacedRequest(pacer, 'jira', '/rest/api/3/search/approximate-count', {
      method: 'POST',
      body: { jql: issuesJql(plan).replace(/ ORDER BY .*$/, '') },
    });
    const body = (await readJson(answer)) as { count?: unknown } | undefined;
    issues = answer.ok && typeof body?.count === 'number' ? body.count : 0;
  }
  let pages = 0;
  let pagesCountedFully = true;
  if (plan.products.includes('confluence')) {
    for (const collection of ['pages', 'blogposts']) {
      const spaces = plan.spaceIds.length > 0 ? `&space-id=${plan.spaceIds.join(',')}` : '';
      let cursor: string | null = null;
      let listed = 0;
      let edited = 0;
      for (let n = 0; n < ESTIMATE_LIST_PAGES; n++) {
        const path = `/wiki/api/v2/${collection}?limit=${backfillLimits.v2Page}${spaces}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
        const answer = await pacedRequest(pacer, 'confluence', path);
        if (!answer.ok) break;
        const body = (await readJson(answer)) as
          { results?: { version?: { createdAt?: string } }[]; _links?: { next?: string } } | undefined;
        const results = body?.results ?? [];
        listed += results.length;
        edited += results.filter((r) => Date.parse(r.version?.createdAt ?? '') >= plan.fromMs).length;
        const next = body?._links?.next;
        cursor = next === undefined ? null : new URL(next, 'https://site.invalid').searchParams.get('cursor');
        if (cursor === null) break;
      }
      // More pages than were listed: assume the rest were edited in the same share.
      if (cursor !== null && listed > 0) {
        pagesCountedFully = false;
        edited = Math.round(edited * 2);
      }
      pages += edited;
    }
  }
  const records = issues * backfillLimits.recordsPerIssue + pages * backfillLimits.recordsPerPage;
  const perRecord = measure.rows > 0 ? measure.bytesPerRow : backfillLimits.defaultRecordBytes;
  const bytes = Math.round(records * perRecord);
  return {
    issues,
    pages,
    records,
    bytes,
    storedBytes: measure.bytes,
    budgetBytes,
    fits: measure.bytes + bytes <= budgetBytes,
    pagesCountedFully,
  };
}
