import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { actionLabel } from '../../src/activity/action-catalogue';
import type { AuditRecord } from '../../src/record/audit-record';
import {
  describeViolations,
  DOWNLOADS,
  e2eDescribe,
  hasText,
  hidden,
  loadLogRows,
  logRows,
  openPage,
  parseCsv,
  SCREENSHOTS,
  scrollLog,
  seriousAxeViolations,
  settles,
  startStand,
  until,
  visible,
  type Stand,
} from './e2e-support';

/**
 * The admin page in a real browser, against the sandbox seeded with 30,000 synthetic events (views on,
 * so nearly all are stored, over the last 90 days): the log, its filters and their address, a record's
 * drawer, a CSV export of every record, the one-object views, and what a non-admin gets.
 */
const SEED_EVENTS = 30_000;
const MIN_EXPORT_ROWS = 25_000;
const DAY = 86_400_000;

interface LogPage {
  readonly items: AuditRecord[];
  readonly nextCursor?: string;
}

e2eDescribe('admin page, end to end in chromium', () => {
  let stand: Stand;
  let pages: Page[] = [];

  const open = async (path: string) => {
    const opened = await openPage(stand, path);
    pages.push(opened.page);
    return opened;
  };
  const shownIds = (page: Page, n: number) =>
    logRows(page).evaluateAll(
      (els, count) => els.slice(0, count).map((e) => e.getAttribute('data-record-id')),
      n,
    );
  /** The log has answered: rows, or the empty state, and nothing loading. */
  const logSettled = (page: Page) =>
    hasText(page.locator('.log-summary'), /Loading/, false).then(() =>
      hidden(page.locator('.log-foot-loading')),
    );
  const screenshot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  const expectNoSeriousAxeViolations = async (page: Page) => {
    expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);
  };
  const query = (payload: Record<string, unknown>) => stand.invoke<LogPage>('activity.query', payload);
  const param = (page: Page, name: string) => new URL(page.url()).searchParams.getAll(name);

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

  test('the log shows the newest records first, with names, action lozenges and links to issues', async () => {
    const { page, errors } = await open('/');
    await visible(logRows(page));
    const newest = await query({ from: Date.now() - 30 * DAY, limit: 5 });
    expect(await shownIds(page, 5)).toEqual(newest.items.map((r) => r.id));

    const first = newest.items[0]!;
    expect(await logRows(page).first().locator('time').getAttribute('datetime')).toBe(first.time);
    // Actors by name (people.lookup, cached), not by account id.
    const person = stand.sandbox.site.users.find((u) => u.accountId === first.actor.accountId);
    if (person) await hasText(logRows(page).first().locator('.actor-name'), person.displayName);
    // The action in words, its code on hover.
    await hasText(logRows(page).first(), actionLabel(first.action));
    expect(await logRows(page).first().locator('.action').getAttribute('title')).toBe(first.action);
    const issue = newest.items.find((r) => r.object?.type === 'issue' && r.object.key);
    if (issue) {
      const link = page.locator(`[data-record-id="${issue.id}"] a.site-link`);
      expect(await link.getAttribute('href')).toBe(`${stand.base}/browse/${issue.object!.key}`);
    }
    await screenshot(page, 'activity');
    await expectNoSeriousAxeViolations(page);

    // The tabs are in the address too; Settings loads when first opened, from the keyboard.
    await page.getByRole('tab', { name: 'Activity' }).focus();
    await page.keyboard.press('ArrowRight');
    await visible(page.getByRole('heading', { name: 'Capture settings' }));
    expect(param(page, 'tab')).toEqual(['settings']);
    await page.goBack();
    await settles('the Activity tab after Back', async () => param(page, 'tab'), []);
    await visible(logRows(page));
    expect(errors).toEqual([]);
  });

  test('10,000+ loaded rows stay virtualised while scrolling; the grid works from the keyboard', async () => {
    const { page, errors } = await open('/?range=90d');
    await visible(logRows(page));
    // Scrolling to the end loads the next page by cursor, again and again.
    const loading = await loadLogRows(page, 10_000);
    expect(loading.loaded).toBeGreaterThanOrEqual(10_000);
    expect(loading.maxDomRows).toBeLessThan(100);

    // A fast, steady scroll through the loaded rows keeps the DOM small. Frame times depend on the
    // machine's load, so they are measured by `npm run bench -- ui`, not asserted here.
    const scrolling = await scrollLog(page);
    expect(scrolling.maxDomRows).toBeLessThan(100);

    // Keyboard: the first row, ↓ twice, Enter opens that record; Escape closes it.
    // Back at the top, the virtualiser renders the first rows anew: focus the row at index 0 once it is
    // there (an element of the old scroll position may be unmounted under the focus, seen in CI).
    await page.locator('.log-body').evaluate((el) => (el.scrollTop = 0));
    const firstRow = page.locator('.log-record[data-index="0"]');
    await visible(firstRow);
    await firstRow.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = page.locator('.log-record:focus');
    expect(await focused.getAttribute('data-index')).toBe('2');
    const third = await focused.getAttribute('data-record-id');
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: 'Record details' });
    await visible(drawer);
    expect(param(page, 'record')).toEqual([third]);
    await page.keyboard.press('Escape');
    await hidden(drawer);
    expect(param(page, 'record')).toEqual([]);
    // End goes to the last loaded row.
    await firstRow.focus();
    await page.keyboard.press('End');
    await until(
      'End to reach the last loaded row',
      async () => Number(await page.locator('.log-record:focus').getAttribute('data-index')) > 9_000,
    );
    expect(errors).toEqual([]);
  }, 300_000);

  test('filters narrow the log and live in the address, so a view can be bookmarked', async () => {
    const { page, errors } = await open('/?range=90d');
    await visible(logRows(page));

    // Product: Jira, from the keyboard.
    await page.locator('#filter-product').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: 'Jira', exact: true }).click();
    await settles('product in the address', async () => param(page, 'product'), ['jira']);
    // Action: the menu offers every action, in words (activity.facets), typed to narrow.
    await page.locator('#filter-actions').fill('Issue updated');
    await page
      .getByRole('option', { name: /^Issue updated/ })
      .first()
      .click();
    await page.keyboard.press('Escape');
    await settles('action in the address', async () => param(page, 'action'), ['issue.updated']);
    await logSettled(page);
    const actions = await logRows(page).evaluateAll((els) =>
      els.map((e) => e.querySelector('.action')?.getAttribute('title')),
    );
    expect(actions.length).toBeGreaterThan(0);
    expect([...new Set(actions)]).toEqual(['issue.updated']);

    // A person, found by typing part of their name.
    const from = Date.now() - 90 * DAY;
    const facets = await stand.invoke<{ actors: { value: string }[] }>('activity.facets', {
      from,
      products: ['jira'],
      actions: ['issue.updated'],
    });
    const busiest = facets.actors.find((a) =>
      stand.sandbox.site.users.some((u) => u.accountId === a.value && u.accountType === 'atlassian'),
    )!.value;
    const name = stand.sandbox.site.users.find((u) => u.accountId === busiest)!.displayName;
    await page.locator('#filter-actors').fill(name.split(' ')[0]!);
    await page
      .getByRole('option', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
      .first()
      .click();
    await page.keyboard.press('Escape');
    await settles('actor in the address', async () => param(page, 'actor'), [busiest]);
    const expected = await query({
      from,
      products: ['jira'],
      actions: ['issue.updated'],
      actors: [busiest],
      limit: 20,
    });
    expect(expected.items.length).toBeGreaterThan(0);
    await settles(
      'the person’s records',
      () => shownIds(page, 20),
      expected.items.map((r) => r.id),
    );
    // Free text narrows too, after a pause in typing.
    await page.locator('#filter-text').fill(expected.items[0]!.object!.key!);
    await settles('text in the address', async () => param(page, 'q'), [expected.items[0]!.object!.key!]);
    await logSettled(page);
    await hasText(logRows(page).first(), expected.items[0]!.object!.key!);
    await screenshot(page, 'filtered');

    // The address is the view: opened anew, it shows the same filters and records.
    const bookmark = new URL(page.url());
    const again = await open(bookmark.pathname + bookmark.search);
    await visible(logRows(again.page));
    await hasText(again.page.locator('.field-product'), 'Jira');
    await hasText(again.page.locator('.filters'), name);
    expect(await again.page.locator('#filter-text').inputValue()).toBe(expected.items[0]!.object!.key);
    expect(await shownIds(again.page, 1)).toEqual(await shownIds(page, 1));

    // Back undoes the last filter.
    await page.goBack();
    await settles('the address after Back', async () => param(page, 'q'), []);
    await settles(
      'the records after Back',
      () => shownIds(page, 20),
      expected.items.map((r) => r.id),
    );
    expect(errors).toEqual([]);
    expect(again.errors).toEqual([]);
  }, 180_000);

  test('a group stands for its members: the picker searches the site’s groups', async () => {
    const { page, errors } = await open('/?range=90d');
    await visible(logRows(page));
    await page.getByRole('button', { name: 'More filters' }).click();
    await page.locator('#filter-groups').fill('develop');
    await page.getByRole('option', { name: 'developers', exact: true }).click();
    await page.keyboard.press('Escape');
    await settles('group in the address', async () => param(page, 'group'), ['developers']);
    const expected = await query({ from: Date.now() - 90 * DAY, groups: ['developers'], limit: 20 });
    expect(expected.items.length).toBeGreaterThan(0);
    const members = new Set(stand.sandbox.site.groups.find((g) => g.name === 'developers')!.memberIds);
    expect(expected.items.every((r) => members.has(r.actor.accountId ?? ''))).toBe(true);
    await settles(
      'the group’s records',
      () => shownIds(page, 20),
      expected.items.map((r) => r.id),
    );
    expect(errors).toEqual([]);
  });

  test('an invalid JQL is explained under the field; a valid one scopes the Jira records', async () => {
    const { page, errors } = await open('/?range=90d&product=jira');
    await visible(logRows(page));
    await page.getByRole('button', { name: 'More filters' }).click();
    await page.locator('#filter-jql').fill('project = = API');
    await page.keyboard.press('Enter');
    const error = page.locator('#filter-jql-error');
    await visible(error);
    expect(await page.locator('#filter-jql').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#filter-jql').getAttribute('aria-describedby')).toContain('filter-jql-error');
    await hasText(page.locator('.log-message'), 'JQL');
    expect(await logRows(page).count()).toBe(0);
    await screenshot(page, 'jql-error');
    await expectNoSeriousAxeViolations(page);

    await page.locator('#filter-jql').fill('project = API');
    await page.keyboard.press('Enter');
    await hidden(error);
    await visible(logRows(page));
    const scoped = await query({
      from: Date.now() - 90 * DAY,
      products: ['jira'],
      jql: 'project = API',
      limit: 20,
    });
    expect(scoped.items.length).toBeGreaterThan(0);
    await settles(
      'the records of the JQL’s issues',
      () => shownIds(page, 20),
      scoped.items.map((r) => r.id),
    );
    expect(param(page, 'jql')).toEqual(['project = API']);
    expect(errors).toEqual([]);
  });

  test('a record opens in the drawer, also from a shared address: every field, the diff, copy-as-JSON', async () => {
    const updated = await query({ from: Date.now() - 30 * DAY, actions: ['issue.updated'], limit: 100 });
    const record = updated.items.find((r) => r.changes.length > 0 && r.changes.every((c) => c.from && c.to));
    expect(record).toBeDefined();
    const { page, errors } = await open(`/?record=${record!.id}`);
    const drawer = page.getByRole('dialog', { name: 'Record details' });
    await visible(drawer);
    await hasText(drawer.locator('dl.fields'), record!.id);
    for (const change of record!.changes) {
      const row = drawer.locator('table.changes tbody tr').filter({ hasText: change.field });
      expect(await row.locator('.change-from').textContent()).toBe(change.from);
      expect(await row.locator('.change-to').textContent()).toBe(change.to);
    }
    const fields = await drawer.locator('dl.fields dt').allTextContents();
    expect(fields).toEqual(
      expect.arrayContaining([
        'id',
        'time',
        'receivedAt',
        'product',
        'action',
        'actor.accountId',
        'actor.type',
      ]),
    );
    expect(fields).toEqual(
      expect.arrayContaining(['object.id', 'object.key', 'container.id', 'source.event']),
    );

    await drawer.getByRole('button', { name: 'Copy as JSON' }).click();
    await hasText(drawer.locator('.copied'), 'Copied');
    expect(
      JSON.parse(
        await page.evaluate(() =>
          (
            globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
          ).navigator.clipboard.readText(),
        ),
      ),
    ).toEqual(record);
    await screenshot(page, 'record-drawer');
    await expectNoSeriousAxeViolations(page);

    await drawer.getByRole('button', { name: 'Close record details' }).click();
    await hidden(drawer);
    expect(param(page, 'record')).toEqual([]);
    expect(errors).toEqual([]);
  });

  test(`exports every record as CSV (${MIN_EXPORT_ROWS.toLocaleString('en')}+ rows), chunk by chunk, with progress and cancel`, async () => {
    const total = await stand.sandbox.records();
    expect(total).toBeGreaterThanOrEqual(MIN_EXPORT_ROWS);
    // A custom range around everything seeded: the file must hold every record the log holds.
    const from = new Date(Date.now() - 100 * DAY).toISOString();
    const to = new Date(Date.now() + DAY).toISOString();
    const { page, errors } = await open(`/?range=custom&from=${from}&to=${to}`);
    await visible(logRows(page));
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export activity' });
    await visible(dialog);
    expect(await dialog.getByRole('radio', { name: /^CSV/ }).isChecked()).toBe(true);
    await expectNoSeriousAxeViolations(page);

    // Cancel stops it, and nothing is downloaded. The sandbox answers each chunk of thousands of rows in
    // well under a second, so for this part its answers are held back, as a slow site's would be.
    await page.route('**/api/invoke', async (route) => {
      if (route.request().postData()?.includes('"activity.export"')) await page.waitForTimeout(2_000);
      await route.continue();
    });
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await visible(dialog.getByRole('progressbar'));
    await dialog.getByRole('button', { name: 'Cancel export' }).click();
    await hasText(dialog, 'cancelled');
    expect(await dialog.getByRole('button', { name: 'Download CSV' }).count()).toBe(0);
    // The held-back answer of the cancelled chunk may still be waiting: let it finish, or it would
    // outlive the page and fail the test from inside the route handler.
    await page.unrouteAll({ behavior: 'wait' });

    let chunks = 0;
    page.on('request', (request) => {
      if (request.postData()?.includes('"activity.export"')) chunks += 1;
    });
    // The second chunk is held until the progress after the first has been seen: however fast the
    // sandbox answers, the export cannot finish before the test looks.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    await page.route('**/api/invoke', async (route) => {
      if (route.request().postData()?.includes('"activity.export"') && ++asked === 2) await released;
      await route.continue();
    });
    await dialog.getByRole('button', { name: 'Export again' }).click();
    await hasText(dialog, /[\d,]+ rows so far of about [\d,]+/);
    expect(await dialog.getByRole('progressbar').isVisible()).toBe(true);
    await screenshot(page, 'export-progress');
    release();
    const download = dialog.getByRole('button', { name: 'Download CSV' });
    await visible(download, 600_000);
    await page.unrouteAll({ behavior: 'wait' });
    const ready = (await dialog.locator('.export-done').innerText()).match(/^([\d,]+) rows/);
    expect(chunks).toBeGreaterThanOrEqual(2);
    expect(ready).not.toBeNull();
    const downloading = page.waitForEvent('download');
    await download.click();
    const file = await downloading;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const day = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(Date.parse(iso));
    expect(file.suggestedFilename()).toBe(`audit-trail-127-0-0-1-${day(from)}-${day(to)}.csv`);
    const path = join(DOWNLOADS, file.suggestedFilename());
    await file.saveAs(path);

    const [header, ...records] = parseCsv(readFileSync(path, 'utf8'));
    expect(header).toEqual([
      'id',
      'time',
      'receivedAt',
      'product',
      'action',
      'actor',
      'actorName',
      'actorType',
      'containerType',
      'containerId',
      'containerKey',
      'containerName',
      'objectType',
      'objectId',
      'objectKey',
      'objectTitle',
      'parentType',
      'parentId',
      'parentKey',
      'parentTitle',
      'changes',
      'changesText',
      'sourceEvent',
    ]);
    // Every record, once, newest first: as many as the dialog said and as the sandbox holds.
    expect(records.length).toBe(total);
    expect(records.length).toBe(Number(ready![1]!.replace(/,/g, '')));
    expect(records.every((r) => r.length === header!.length)).toBe(true);
    expect(new Set(records.map((r) => r[0])).size).toBe(records.length);
    const times = records.map((r) => Date.parse(r[1]!));
    expect(times.every((t, i) => i === 0 || t <= times[i - 1]!)).toBe(true);
    // Cells, for a sample across the file, against the record the app returns for that id.
    for (const at of [
      0,
      1,
      Math.floor(records.length / 3),
      Math.floor(records.length / 2),
      records.length - 1,
    ]) {
      const row = records[at]!;
      const record = await stand.invoke<AuditRecord>('activity.get', { id: row[0] });
      const cells = [
        record.id,
        record.time,
        record.receivedAt,
        record.product,
        record.action,
        record.actor.accountId ?? '',
        stand.sandbox.site.users.find((u) => u.accountId === record.actor.accountId)?.displayName ?? '',
        record.actor.type,
        record.container?.type ?? '',
        record.container?.id ?? '',
        record.container?.key ?? '',
        record.container?.name ?? '',
        record.object?.type ?? '',
        record.object?.id ?? '',
        record.object?.key ?? '',
        record.object?.title ?? '',
        record.object?.parent?.type ?? '',
        record.object?.parent?.id ?? '',
        record.object?.parent?.key ?? '',
        record.object?.parent?.title ?? '',
      ].map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell));
      expect(row.slice(0, 20)).toEqual(cells);
      if (record.changes.length > 0) {
        expect((JSON.parse(row[20]!) as { field: string }[]).map((c) => c.field)).toEqual(
          record.changes.map((c) => c.field),
        );
        expect(row[21]!.startsWith(`${record.changes[0]!.field}: `)).toBe(true);
      } else expect(row[20]).toBe('');
      expect(row[22]).toBe(record.source.event);
    }
    expect(errors).toEqual([]);
  }, 900_000);

  test('one object’s trail: an issue’s context panel and a page’s byline item', async () => {
    const issueId = (await query({ actions: ['issue.updated'], limit: 1 })).items[0]!.object!.id;
    const trail = await stand.invoke<LogPage>('activity.forObject', { objectId: issueId });
    const { page, errors } = await open(`/issue/${issueId}`);
    await visible(page.locator('.trail-item'));
    expect(await page.locator('.trail-item').count()).toBe(trail.items.length);
    await hasText(page.locator('.trail-item').first(), actionLabel(trail.items[0]!.action));
    await screenshot(page, 'issue-trail');
    await expectNoSeriousAxeViolations(page);

    const pageId = (await query({ actions: ['page.updated'], limit: 1 })).items[0]!.object!.id;
    const pageTrail = await stand.invoke<LogPage>('activity.forObject', { objectId: pageId });
    const byline = await open(`/page/${pageId}`);
    await visible(byline.page.locator('.trail-item'));
    expect(await byline.page.locator('.trail-item').count()).toBe(pageTrail.items.length);
    expect(errors).toEqual([]);
    expect(byline.errors).toEqual([]);
  });

  test('someone who is not an admin is refused: told so on the admin page, shown nothing on an issue', async () => {
    const outsider = stand.sandbox.site.users.find(
      (u) => u.accountType === 'atlassian' && u.active && !stand.sandbox.admins.has(u.accountId),
    )!;
    const as = encodeURIComponent(outsider.accountId);
    const { page, errors } = await open(`/?as=${as}&range=90d`);
    await hasText(page.getByRole('alert').first(), 'Only Jira administrators can use Audit Trail');
    expect(await logRows(page).count()).toBe(0);
    const newest = (await query({ limit: 1 })).items[0]!;
    expect(await page.locator('body').innerText()).not.toContain(newest.id);
    await screenshot(page, 'non-admin');
    await expectNoSeriousAxeViolations(page);

    const issueId = (await query({ actions: ['issue.updated'], limit: 1 })).items[0]!.object!.id;
    const panel = await open(`/issue/${issueId}?as=${as}`);
    await until('the refusal', async () => panel.invokes.includes(403));
    await panel.page.waitForTimeout(500);
    expect((await panel.page.locator('#root').innerText()).trim()).toBe('');
    expect(errors).toEqual([]);
  });
});
