import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { seedSyntheticActivity } from '../../dev/seed-sandbox';
import type { ActivityPage } from '../../src/activity/query-activity';
import {
  describeViolations,
  e2eDescribe,
  openPage,
  SCREENSHOTS,
  seriousAxeViolations,
  startStand,
  type Stand,
} from './e2e-support';

/**
 * The sandbox starts as SANDBOX_SEED_DELIVER=false leaves it: the fake site holds 90 days of activity,
 * the log is empty. The admin starts a 90-day backfill from the Storage tab, watches it finish, and finds
 * last month's status changes in the log.
 */
e2eDescribe('history backfill from the Storage tab, end to end in chromium', () => {
  let stand: Stand;

  beforeAll(async () => {
    stand = await startStand(0);
    await seedSyntheticActivity(stand.sandbox, 3000, { deliver: false });
  });
  afterAll(async () => {
    await stand?.close();
  });

  test('estimate, start, progress to done; the status changes of last month are in the log', async () => {
    expect(await stand.sandbox.records()).toBe(0);
    const { page, errors } = await openPage(stand, '/?tab=storage');
    await page.getByRole('heading', { name: 'Backfill history' }).waitFor();
    await page.getByRole('button', { name: 'Estimate' }).click();
    await page
      .getByTestId('backfill-estimate')
      .getByText(/About [\d,]+ records/)
      .waitFor();
    await page.getByRole('button', { name: 'Start backfill' }).click();
    await page.getByTestId('backfill-progress').getByText('Done').waitFor({ timeout: 120_000 });
    await page.getByText('What cannot be backfilled').click();
    await page.getByText(/Views of issues, pages and blog posts/).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'backfill.png'), fullPage: true });
    mkdirSync('/work/briefs/shots', { recursive: true });
    copyFileSync(join(SCREENSHOTS, 'backfill.png'), '/work/briefs/shots/backfill.png');
    expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);
    expect(errors).toEqual([]);

    const monthAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000).toISOString();
    const found = await stand.invoke<ActivityPage>('activity.query', {
      from: monthAgo,
      actions: ['issue.updated'],
      limit: 200,
    });
    const statusChanges = found.items.filter((r) => r.changes.some((c) => c.field === 'status'));
    expect(statusChanges.length).toBeGreaterThan(0);
    expect(statusChanges.every((r) => r.source.event === 'jira-backfill')).toBe(true);
  });
});
