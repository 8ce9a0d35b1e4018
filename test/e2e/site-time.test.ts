import type { Page } from 'playwright-core';
import { formatTime } from '../../static/admin/src/time/zoned-time';
import { e2eDescribe, hasText, openPage, startStand, type Stand } from './e2e-support';

/**
 * Every tab shows times in the user's zone from the host context (the sandbox gives its own process's
 * zone), never the browser's: with the browser set to another zone, one record's time reads the same
 * on the Activity log, in its drawer, on its issue's trail and as Storage's oldest record, and the
 * Insights tab's last update is in that zone too.
 */
const ISSUE_ID = '99999';
// 2025-03-10 23:30 UTC: a different calendar day in most zones, so a wrong zone cannot pass by chance.
const TIME = Date.parse('2025-03-10T23:30:15.000Z');

e2eDescribe('times in the site zone on every tab', () => {
  let stand: Stand;
  const siteZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // A browser zone whose wall clock differs from the site's at that instant.
  const browserZone = ['Pacific/Kiritimati', 'America/Los_Angeles'].find(
    (zone) => formatTime(TIME, zone, 'en-US') !== formatTime(TIME, siteZone, 'en-US'),
  )!;
  const pages: Page[] = [];
  const open = async (path: string) => {
    const opened = await openPage(stand, path, { timezoneId: browserZone });
    pages.push(opened.page);
    return opened;
  };

  beforeAll(async () => {
    stand = await startStand(0);
    const { status } = await stand.sandbox.host.deliverEvent({
      eventType: 'avi:jira:viewed:issue',
      timestamp: TIME,
      issue: {
        id: ISSUE_ID,
        key: 'OPS-999',
        fields: { summary: 'x', project: { id: '10000', key: 'OPS' } },
      },
      atlassianId: stand.sandbox.defaultAccountId,
    });
    expect(status).toBe('stored');
    await stand.sandbox.host.runScheduled('daily');
  }, 120_000);
  afterAll(async () => {
    for (const page of pages) await page.context().close();
    await stand?.close();
  });

  test('one record time reads the same on every tab, in the site zone', async () => {
    const expected = formatTime(TIME, siteZone, 'en-US');
    expect(expected).not.toBe(formatTime(TIME, browserZone, 'en-US'));
    const record = (
      await stand.invoke<{ items: { id: string; time: string }[] }>('activity.query', { from: TIME - 1000 })
    ).items[0]!;
    expect(Date.parse(record.time)).toBe(TIME);

    const log = await open('/?range=custom&from=2025-03-01T00%3A00%3A00.000Z');
    await hasText(log.page.locator('.log-record .log-time').first(), expected);

    const drawer = await open(`/?record=${record.id}`);
    await hasText(drawer.page.locator('.record-headline time'), expected);

    const trail = await open(`/issue/${ISSUE_ID}`);
    await hasText(trail.page.locator('.trail-time').first(), expected);

    const storage = await open('/?tab=storage');
    const oldest = storage.page.locator('dt:text-is("Oldest record") + dd');
    await hasText(oldest, expected);
    expect(await oldest.innerText()).toBe(expected);

    for (const { errors } of [log, drawer, trail, storage]) expect(errors).toEqual([]);
  });

  test('the Insights tab gives its last update in the site zone', async () => {
    const { updatedAt } = await stand.invoke<{ updatedAt?: string }>('insights.summary', {});
    expect(updatedAt).toBeDefined();
    const { page, errors } = await open('/?tab=insights');
    await hasText(
      page.locator('.insights-updated'),
      `last ${formatTime(updatedAt!, siteZone, 'en-US')} (days in UTC)`,
    );
    expect(errors).toEqual([]);
  });
});
