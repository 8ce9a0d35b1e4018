import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AuditRecord } from '../../src/record/audit-record';
import { formatTime } from '../../static/admin/src/time/zoned-time';
import {
  describeViolations,
  e2eDescribe,
  hasText,
  hidden,
  logRows,
  openPage,
  SCREENSHOTS,
  seriousAxeViolations,
  settles,
  startStand,
  until,
  visible,
  type Stand,
} from './e2e-support';

/**
 * What an investigator does on the admin page, in chromium against the seeded sandbox: picks "Issue
 * deleted" from the whole catalogue of actions, saves the view and opens it again, reads one instant the
 * same on every tab, and works at 1280×800 with 15 rows of log and the record panel on the right.
 * Screenshots go to test-output/screenshots (and to `SHOTS_DIR` when set).
 */
const SEED_EVENTS = 8_000;

interface LogPage {
  readonly items: AuditRecord[];
}

e2eDescribe('investigating on the admin page, in chromium', () => {
  let stand: Stand;
  let pages: Page[] = [];
  const open = async (path: string, viewport = { width: 1280, height: 800 }) => {
    const opened = await openPage(stand, path, { viewport });
    pages.push(opened.page);
    return opened;
  };
  const screenshot = async (page: Page, name: string) => {
    const path = join(SCREENSHOTS, `investigation-${name}.png`);
    await page.screenshot({ path });
    const extra = process.env.SHOTS_DIR;
    if (extra) {
      mkdirSync(extra, { recursive: true });
      copyFileSync(path, join(extra, `i14a-${name}.png`));
    }
  };
  const expectAxeClean = async (page: Page) => {
    expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);
  };
  const query = (payload: Record<string, unknown>) => stand.invoke<LogPage>('activity.query', payload);
  const param = (page: Page, name: string) => new URL(page.url()).searchParams.getAll(name);
  const settled = (page: Page) =>
    hasText(page.locator('.log-summary'), /Loading/, false).then(() =>
      hidden(page.locator('.log-foot-loading')),
    );
  const shownIds = (page: Page) =>
    logRows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-record-id')));

  beforeAll(async () => {
    stand = await startStand(SEED_EVENTS);
  }, 300_000);
  afterEach(async () => {
    await Promise.all(pages.map((p) => p.context().close()));
    pages = [];
  });
  afterAll(async () => {
    await stand?.close();
  });

  test('who deleted issues: "Issue deleted" is in the picker, in words, with its count', async () => {
    const from = Date.now() - 30 * 86_400_000;
    const deleted = await query({ from, actions: ['issue.deleted'], limit: 500 });
    expect(deleted.items.length).toBeGreaterThan(0);
    const { page, errors } = await open('/');
    await visible(logRows(page));
    await page.locator('#filter-actions').fill('Issue deleted');
    const option = page.getByRole('option', { name: /^Issue deleted/ });
    await hasText(option, deleted.items.length.toLocaleString('en-US'));
    // The group's "any" option counts every issue action, the rare ones included.
    await page.locator('#filter-actions').fill('Any issue action');
    const issueFacets = await stand.invoke<{ actions: { value: string; count: number }[] }>(
      'activity.facets',
      { from },
    );
    const issueTotal = issueFacets.actions
      .filter((a) => a.value.startsWith('issue.'))
      .reduce((n, a) => n + a.count, 0);
    await hasText(
      page.getByRole('option', { name: /^Any issue action/ }),
      issueTotal.toLocaleString('en-US'),
    );
    await page.locator('#filter-actions').fill('Issue deleted');
    await option.click();
    await page.keyboard.press('Escape');
    await settles('the action in the address', async () => param(page, 'action'), ['issue.deleted']);
    await settled(page);
    // As many rows as are drawn: the head of the answer, in order.
    const wantIds = deleted.items.map((r) => r.id);
    await until('only deleted issues', async () => {
      const shown = await shownIds(page);
      return shown.length > 0 && JSON.stringify(shown) === JSON.stringify(wantIds.slice(0, shown.length));
    });
    const actions = await logRows(page).evaluateAll((els) =>
      els.map((e) => e.querySelector('.action')?.getAttribute('title')),
    );
    expect(new Set(actions)).toEqual(new Set(['issue.deleted']));
    const words = await logRows(page).first().locator('.action').textContent();
    expect(words?.toLowerCase()).toBe('issue deleted');
    await screenshot(page, 'issue-deleted');
    await expectAxeClean(page);

    // The investigations: "Deletions" chooses every deleting action at once.
    await page.locator('#filter-actions').fill('Deletions');
    await page.getByRole('option', { name: /^Deletions/ }).click();
    await page.keyboard.press('Escape');
    await until('the deletions in the address', async () => param(page, 'action').includes('page.trashed'));
    expect(param(page, 'action')).toEqual(expect.arrayContaining(['issue.deleted', 'user.deleted']));
    expect(errors).toEqual([]);
  }, 120_000);

  test('a view is saved under a name, and opened again in one click', async () => {
    const { page, errors } = await open('/?range=7d&action=issue.deleted&action=page.trashed');
    await visible(logRows(page));
    await page.getByRole('button', { name: 'Saved views…' }).click();
    await page.locator('#saved-view-name').fill('');
    await page.getByRole('button', { name: 'Save the current view' }).click();
    // The refusal names the field as the form labels it.
    await hasText(page.getByRole('dialog').getByRole('alert'), /^Name: /);
    await page.locator('#saved-view-name').fill('Deletions this week');
    await page.getByRole('button', { name: 'Save the current view' }).click();
    await hasText(page.getByRole('dialog').locator('[role="status"]'), 'Saved “Deletions this week”.');
    await visible(page.getByRole('button', { name: 'Deletions this week', exact: true }));
    await screenshot(page, 'saved-views');
    await expectAxeClean(page);

    // Shared: another admin's page lists it; a click opens it, relative range and all.
    const other = await open('/?range=24h');
    await visible(logRows(other.page));
    await other.page.getByRole('button', { name: 'Saved views…' }).click();
    await other.page.getByRole('button', { name: 'Deletions this week', exact: true }).click();
    await settles(
      'the saved view',
      async () => other.page.url().split('?')[1],
      'range=7d&action=issue.deleted&action=page.trashed',
    );
    await settled(other.page);
    const want = await query({
      from: Date.now() - 7 * 86_400_000,
      actions: ['issue.deleted', 'page.trashed'],
      limit: 5,
    });
    const shown = await shownIds(other.page);
    expect(shown.slice(0, 5)).toEqual(want.items.map((r) => r.id));

    // Recorded as the app's own action.
    const recorded = await query({ actions: ['saved_view.*'], limit: 5 });
    expect(recorded.items[0]).toMatchObject({
      action: 'saved_view.created',
      object: { title: 'Deletions this week' },
    });
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
  }, 120_000);

  test('the same instant reads the same on every tab, labelled, with UTC and local time on hover', async () => {
    const siteZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const record = (await query({ limit: 1 })).items[0]!;
    const expected = formatTime(record.time, siteZone, 'en-US');
    const opened = await openPage(stand, `/?record=${record.id}`, {
      viewport: { width: 1280, height: 800 },
      timezoneId: siteZone === 'Pacific/Kiritimati' ? 'America/Los_Angeles' : 'Pacific/Kiritimati',
    });
    pages.push(opened.page);
    const { page, errors } = opened;
    const inDrawer = page.locator('.record-headline time');
    await hasText(inDrawer, expected);
    const hover = (await inDrawer.getAttribute('title')) ?? '';
    expect(hover).toContain(`UTC: ${formatTime(record.time, 'UTC', 'en-US')}`);
    expect(hover).toContain('Your computer');
    const inLog = page.locator(`.log-record[data-record-id="${record.id}"] time`);
    await hasText(inLog, expected);
    expect(await inLog.getAttribute('title')).toBe(hover);
    await screenshot(page, 'time-activity');
    await page.keyboard.press('Escape');
    await hidden(page.locator('.record-headline'));

    // Storage: its oldest record, in the same format and zone, labelled.
    const storage = await openPage(stand, '/?tab=storage', { viewport: { width: 1280, height: 800 } });
    pages.push(storage.page);
    const oldest = (await stand.invoke<{ oldest: string }>('storage.status', {})).oldest;
    await hasText(
      storage.page.locator('dt:text-is("Oldest record") + dd'),
      formatTime(oldest, siteZone, 'en-US'),
    );
    await hasText(storage.page.locator('.zone-note'), `Times in ${siteZone}`);
    await screenshot(storage.page, 'time-storage');

    // Insights and Destinations name the zone the same way.
    for (const tab of ['insights', 'destinations']) {
      const opened = await openPage(stand, `/?tab=${tab}`, { viewport: { width: 1280, height: 800 } });
      pages.push(opened.page);
      await hasText(opened.page.locator('.zone-note'), `Times in ${siteZone}`);
      if (tab === 'insights') await screenshot(opened.page, 'time-insights');
      expect(opened.errors).toEqual([]);
    }
    expect(errors).toEqual([]);
    expect(storage.errors).toEqual([]);
  }, 120_000);

  test('at 1280×800: a compact filter bar, 15 rows of log, the record panel on the right', async () => {
    const { page, errors } = await open('/');
    await visible(logRows(page));
    await settled(page);
    const grid = page.locator('.log-body');
    const box = (await grid.boundingBox())!;
    const rows = await logRows(page).evaluateAll(
      (els, bottom) =>
        els.filter((e) => {
          const r = (e as unknown as { getBoundingClientRect(): { bottom: number } }).getBoundingClientRect();
          return r.bottom <= bottom + 0.5;
        }).length,
      box.y + box.height,
    );
    expect(rows).toBeGreaterThanOrEqual(15);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    // More filters are one click away; groups, projects and JQL are behind it.
    expect(await page.locator('#filter-groups').count()).toBe(0);
    await page.getByRole('button', { name: 'More filters' }).click();
    await visible(page.locator('#filter-jql'));
    await page.getByRole('button', { name: 'Fewer filters' }).click();
    await screenshot(page, 'layout-1280x800');

    await logRows(page).first().click();
    const panel = page.locator('.drawer-body');
    await visible(panel);
    const panelBox = (await panel.boundingBox())!;
    expect(panelBox.x).toBeGreaterThan(1280 / 3);
    expect(panelBox.x + panelBox.width).toBeGreaterThan(1270);
    await screenshot(page, 'panel-right');
    await expectAxeClean(page);
    expect(errors).toEqual([]);
  }, 120_000);

  test('Insights’ people and projects open the log filtered to them', async () => {
    await stand.sandbox.host.runScheduled('seal-and-forward');
    await stand.sandbox.host.runScheduled('daily');
    const { page, errors } = await open('/?tab=insights', { width: 1440, height: 960 });
    const person = page.locator('.log-link').first();
    await visible(person);
    await screenshot(page, 'insights-links');
    await person.click();
    await until('the log filtered to the person', async () => param(page, 'actor').length === 1);
    expect(param(page, 'tab')).toEqual([]);
    await visible(logRows(page));
    await settled(page);
    const actor = param(page, 'actor')[0]!;
    const want = await query({ from: Date.now() - 30 * 86_400_000, actors: [actor], limit: 3 });
    expect((await shownIds(page)).slice(0, 3)).toEqual(want.items.map((r) => r.id));
    await screenshot(page, 'insights-link-opens-log');
    expect(errors).toEqual([]);
  }, 120_000);

  test('someone who is not an admin sees the refusal, and no tabs', async () => {
    const outsider = stand.sandbox.site.users.find(
      (u) => u.accountType === 'atlassian' && u.active && !stand.sandbox.admins.has(u.accountId),
    )!;
    const { page, errors } = await open(`/?as=${encodeURIComponent(outsider.accountId)}`);
    await hasText(page.getByRole('alert').first(), 'Only Jira administrators can use Audit Trail');
    expect(await page.getByRole('tab').count()).toBe(0);
    expect(await page.locator('.filters').count()).toBe(0);
    await screenshot(page, 'non-admin-refused');
    await expectAxeClean(page);
    expect(errors).toEqual([]);
  }, 60_000);
});
