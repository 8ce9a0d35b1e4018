import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  describeViolations,
  e2eDescribe,
  openPage,
  SCREENSHOTS,
  seriousAxeViolations,
  startStand,
  visible,
  type Stand,
} from './e2e-support';

const BANNER = 'Your Audit Trail licence is not active: Audit Trail is read-only';

/**
 * The admin page as a site whose Marketplace licence has lapsed sees it (the sandbox's SANDBOX_LICENSE,
 * switched on the running stand): the banner, read-only settings, and the server's refusal when a page
 * opened before the lapse still tries a change.
 */
e2eDescribe('licence, end to end in chromium', () => {
  let stand: Stand;
  const pages: Page[] = [];
  const open = async (path: string) => {
    const opened = await openPage(stand, path);
    pages.push(opened.page);
    return opened;
  };
  const setLicence = (isActive: boolean) => {
    stand.sandbox.host.license = { isActive };
  };

  beforeAll(async () => {
    stand = await startStand(300);
  });
  afterEach(() => setLicence(true));
  afterAll(async () => {
    for (const page of pages) await page.context().close();
    await stand?.close();
  });

  test('with an active licence there is no banner and the settings can be changed', async () => {
    const { page, errors } = await open('/?tab=settings');
    await visible(page.getByRole('heading', { name: 'Capture settings' }));
    expect(await page.getByLabel('Record views').first().isEnabled()).toBe(true);
    expect(await page.getByText(BANNER).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  test('without one the banner says so, the log still reads, and the changes are disabled', async () => {
    setLicence(false);
    const { page, errors } = await open('/');
    await visible(page.getByText(BANNER));
    await visible(page.locator('[data-record-id]'));
    await page.screenshot({ path: join(SCREENSHOTS, 'licence-inactive.png') });
    expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);

    await page.getByRole('tab', { name: 'Settings' }).click();
    await visible(page.getByRole('heading', { name: 'Capture settings' }));
    const views = page.getByLabel('Record views');
    expect(await views.count()).toBe(2);
    for (const toggle of await views.all()) expect(await toggle.isDisabled()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Not stored' }).first().isDisabled()).toBe(true);

    await page.getByRole('tab', { name: 'Storage' }).click();
    await visible(page.getByRole('button', { name: 'Save retention' }));
    expect(await page.getByRole('button', { name: 'Save retention' }).isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  });

  test('a page opened before the licence lapsed is refused by the server, says why, and puts the setting back', async () => {
    const { page, errors } = await open('/?tab=settings');
    const toggle = page.getByLabel('Record views').first();
    await visible(toggle);
    const before = await toggle.isChecked();
    setLicence(false);
    await toggle.click({ force: true });
    // The section message's own title (a plain-text alert stands in while it loads).
    await visible(page.getByText('This change needs an active Audit Trail licence', { exact: true }));
    await visible(page.getByRole('alert').filter({ hasText: 'read-only: this change is not available' }));
    expect(await toggle.isChecked()).toBe(before);
    await page.screenshot({ path: join(SCREENSHOTS, 'licence-refused.png') });
    expect(await stand.invoke('settings.get', {})).toMatchObject({ views: { jira: before } });
    expect(errors).toEqual([]);
  });
});
