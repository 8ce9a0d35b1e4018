import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readNdjsonObjects } from '../../dev/runtime/ndjson-file';
import { fromConfluenceAudit } from '../../src/audit-import/audit-record-mapping';
import type { AuditRecord } from '../../src/record/audit-record';
import { formatTime } from '../../static/admin/src/time/zoned-time';
import { fixturePath } from '../fixtures';
import {
  describeViolations,
  DOWNLOADS,
  e2eDescribe,
  hasText,
  hidden,
  logRows,
  openPage,
  parseCsv,
  SCREENSHOTS,
  seriousAxeViolations,
  settles,
  startStand,
  until,
  visible,
  type Stand,
} from './e2e-support';

/**
 * A new admin's first visit, in chromium against the sandbox seeded with 20,000 events: who deleted
 * issues last week, who changed a space's permissions and what they changed, everything one named
 * person did, and that exported for an auditor with names; each from the page in a few clicks. Every
 * step is photographed (test-output/screenshots, and `SHOTS_DIR` when set) and must be axe clean.
 */
const SEED_EVENTS = 20_000;
const DAY_MS = 86_400_000;
const SHOT_DIRS = [SCREENSHOTS, ...(process.env.SHOTS_DIR ? [process.env.SHOTS_DIR] : [])];

interface LogPage {
  readonly items: AuditRecord[];
  readonly nextCursor?: string;
}

/** A real Confluence "Space permission added" audit record; who made it and where are set per run. */
const permissionFixture = readNdjsonObjects(
  fixturePath('product-audit/confluence-space-permission-added.ndjson'),
)[0]!;

e2eDescribe('the walkthrough: a new admin investigates 20,000 events, in chromium', () => {
  let stand: Stand;
  let pages: Page[] = [];
  /** Filled once the site exists: the fake Confluence serves what is in it to the audit import. */
  const confluenceAudit: Record<string, unknown>[] = [];
  const siteZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const open = async (path: string) => {
    const opened = await openPage(stand, path, { viewport: { width: 1440, height: 900 } });
    pages.push(opened.page);
    return opened;
  };
  const screenshot = async (page: Page, name: string) => {
    for (const dir of SHOT_DIRS) {
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, `i14c-${name}.png`) });
    }
  };
  const axeClean = async (page: Page) =>
    expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);
  const query = (payload: Record<string, unknown>) => stand.invoke<LogPage>('activity.query', payload);
  const param = (page: Page, name: string) => new URL(page.url()).searchParams.getAll(name);
  const shownIds = (page: Page) =>
    logRows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-record-id')));
  const nameOf = (accountId: string | null | undefined) =>
    stand.sandbox.site.users.find((u) => u.accountId === accountId)?.displayName;
  /** The rows drawn are the head of the answer, in order. */
  const showsHeadOf = (page: Page, what: string, want: readonly AuditRecord[]) =>
    until(what, async () => {
      const shown = await shownIds(page);
      const head = want.slice(0, shown.length).map((r) => r.id);
      return (shown.length > 0 && JSON.stringify(shown) === JSON.stringify(head)) || shown.join(',');
    });
  const pickAction = async (page: Page, label: string) => {
    await page.locator('#filter-actions').fill(label);
    await page.getByRole('option', { name: new RegExp(`^${label}`) }).click();
    await page.keyboard.press('Escape');
  };
  /** Every record of a filter, page by page. */
  const countAll = async (filter: Record<string, unknown>) => {
    let total = 0;
    let cursor: string | undefined;
    do {
      const page = await query({ ...filter, limit: 500, ...(cursor ? { cursor } : {}) });
      total += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    return total;
  };

  beforeAll(async () => {
    stand = await startStand(SEED_EVENTS, { confluenceAudit });
  }, 900_000);
  afterEach(async () => {
    await Promise.all(pages.map((p) => p.context().close()));
    pages = [];
  });
  afterAll(async () => {
    await stand?.close();
  });

  test('who deleted issues last week: the range, then "Issue deleted" from the picker', async () => {
    const from = Date.now() - 7 * DAY_MS;
    const deleted = await query({ from, actions: ['issue.deleted'], limit: 500 });
    expect(deleted.items.length).toBeGreaterThan(0);
    const { page, errors } = await open('/');
    await visible(logRows(page));
    await page.locator('.field-range').getByText('Last 30 days').click();
    await page.getByRole('option', { name: 'Last 7 days' }).click();
    await settles('the range in the address', async () => param(page, 'range'), ['7d']);
    await pickAction(page, 'Issue deleted');
    await settles('the action in the address', async () => param(page, 'action'), ['issue.deleted']);
    await showsHeadOf(page, 'the issues deleted in the last 7 days', deleted.items);
    // Who: by name, as the site knows them; what: in words.
    const first = logRows(page).first();
    const who = nameOf(deleted.items[0]!.actor.accountId);
    if (who) await hasText(first.locator('.actor-name'), who);
    expect((await first.locator('.action').textContent())?.toLowerCase()).toBe('issue deleted');
    await hasText(page.locator('.log-summary'), `${deleted.items.length.toLocaleString('en-US')} record`);
    await screenshot(page, '1-issues-deleted-last-week');
    await axeClean(page);
    expect(errors).toEqual([]);
  }, 180_000);

  test('who changed a space’s permissions, and what they changed', async () => {
    const changer = stand.sandbox.site.users.find(
      (u) => u.accountType === 'atlassian' && u.active && u.accountId !== stand.sandbox.defaultAccountId,
    )!;
    const space = stand.sandbox.site.spaces[0]!;
    const audit = {
      ...permissionFixture,
      creationDate: Date.now() - 3_600_000,
      author: {
        ...(permissionFixture.author as Record<string, unknown>),
        accountId: changer.accountId,
        displayName: changer.displayName,
      },
      changedValues: [
        { name: 'Type', oldValue: '', newValue: 'SETSPACEPERMISSIONS' },
        { name: 'Space', oldValue: '', newValue: space.key },
        { name: 'User', oldValue: '', newValue: 'Chat Notifications' },
      ],
      associatedObjects: [{ name: space.name, objectType: 'Space' }],
    };
    confluenceAudit.push(audit);
    await stand.sandbox.host.runScheduled('audit-import');
    const expected = fromConfluenceAudit(audit, new Date())!;
    expect(expected.action).toBe('space.permissions_updated');

    const { page, errors } = await open('/');
    await visible(logRows(page));
    await pickAction(page, 'Space permissions changed');
    await settles('the action in the address', async () => param(page, 'action'), [
      'space.permissions_updated',
    ]);
    const row = page.locator(`.log-record[data-record-id="${expected.id}"]`);
    await visible(row);
    await hasText(row.locator('.actor-name'), changer.displayName);
    await row.click();
    const drawer = page.getByRole('dialog', { name: 'Record details' });
    await visible(drawer);
    await hasText(drawer.locator('.record-headline'), changer.displayName);
    const changes = drawer.locator('table.changes');
    await hasText(changes, 'Administer space (SETSPACEPERMISSIONS)');
    await hasText(changes, 'granted to user');
    await hasText(changes, 'Chat Notifications');
    await hasText(drawer.locator('#record-title'), space.key);
    await screenshot(page, '2-space-permissions-changed');
    await axeClean(page);
    expect(errors).toEqual([]);
  }, 180_000);

  test('everything one named person did, by typing the name; exported for an auditor with names', async () => {
    const facets = await stand.invoke<{ actors: { value: string }[] }>('activity.facets', {});
    const person = facets.actors
      .map((a) => stand.sandbox.site.users.find((u) => u.accountId === a.value && u.active))
      .find((u) => u !== undefined)!;
    const before = Date.now();
    const { page, errors } = await open('/');
    await visible(logRows(page));
    const search = page.getByRole('search').getByRole('textbox');
    await search.fill(person.displayName);
    await search.press('Enter');
    await settles('the name in the address', async () => param(page, 'q'), [person.displayName]);
    const found = await query({ from: before - 30 * DAY_MS, text: person.displayName, limit: 60 });
    await showsHeadOf(page, 'the records the name finds', found.items);
    const theirs = found.items.filter((r) => r.actor.accountId === person.accountId);
    expect(theirs.length).toBeGreaterThan(found.items.length / 2);
    await hasText(logRows(page).first().locator('.actor-name'), /\S/);
    const names = await logRows(page).evaluateAll((els) =>
      els.map((e) => e.querySelector('.actor-name')?.textContent ?? ''),
    );
    expect(names.filter((n) => n === person.displayName).length).toBeGreaterThan(0);
    // Names, never a bare account id, for the people the site knows.
    expect(names.filter((n) => n === person.accountId)).toEqual([]);
    await screenshot(page, '3-everything-one-person-did');
    await axeClean(page);

    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export activity' });
    await visible(dialog);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const download = dialog.getByRole('button', { name: 'Download CSV' });
    await visible(download, 180_000);
    await screenshot(page, '4-export-for-an-auditor');
    await axeClean(page);
    const downloading = page.waitForEvent('download');
    await download.click();
    const file = await downloading;
    const path = join(DOWNLOADS, `i14c-${file.suggestedFilename()}`);
    await file.saveAs(path);
    const after = Date.now();

    const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
    const column = (name: string) => {
      const index = header!.indexOf(name);
      expect(index).toBeGreaterThanOrEqual(0);
      return index;
    };
    const [actor, actorName, changesText, changes] = ['actor', 'actorName', 'changesText', 'changes'].map(
      column,
    ) as [number, number, number, number];
    // Every record of the person in the range, whichever moment of the export the range was fixed at.
    const byThem = rows.filter((r) => r[actor] === person.accountId);
    const most = await countAll({ from: before - 30 * DAY_MS, actors: [person.accountId] });
    const least = await countAll({ from: after - 30 * DAY_MS, actors: [person.accountId] });
    expect(byThem.length).toBeGreaterThanOrEqual(least);
    expect(byThem.length).toBeLessThanOrEqual(most);
    expect(new Set(byThem.map((r) => r[actorName]))).toEqual(new Set([person.displayName]));
    for (const row of rows) expect(row[actorName]).toBe(nameOf(row[actor]) ?? '');
    const changed = rows.filter((r) => r[changes] !== '');
    expect(changed.length).toBeGreaterThan(0);
    for (const row of changed) expect(row[changesText]).toMatch(/^.+: .* → .*/);
    expect(errors).toEqual([]);
  }, 300_000);

  test('over 90 days the counts cover only the newest part: the Actions menu says which', async () => {
    const facets = await stand.invoke<{ partial?: true; from: string }>('activity.facets', {
      from: Date.now() - 90 * DAY_MS,
    });
    expect(facets.partial).toBe(true);
    const { page, errors } = await open('/?range=90d');
    await visible(logRows(page));
    await page.locator('#filter-actions').click();
    const note = page.getByRole('note');
    await visible(note);
    await hasText(note, `Counts cover only ${formatTime(facets.from, siteZone, 'en-US')} to `);
    await hasText(note, 'may still have older records');
    await visible(page.getByRole('option', { name: /^Issue deleted/ }));
    await screenshot(page, '5-partial-counts');
    await axeClean(page);
    await page.keyboard.press('Escape');
    await hidden(note);
    expect(errors).toEqual([]);
  }, 120_000);

  test('a worklog’s row names its issue and project, found from the issue’s own records', async () => {
    const worklogs = await query({ actions: ['worklog.created'], limit: 50 });
    const bare = worklogs.items.filter((r) => r.object?.parent?.key === undefined && r.container === null);
    expect(bare.length).toBeGreaterThan(0);
    const { page, errors } = await open('/?action=worklog.created');
    await visible(logRows(page));
    await showsHeadOf(page, 'the worklogs', worklogs.items);
    let named = 0;
    for (const record of bare) {
      const row = page.locator(`.log-record[data-record-id="${record.id}"]`);
      if ((await row.count()) === 0) continue;
      const issueId = record.object!.parent!.id;
      const ownRecords = await query({ objects: [issueId], actions: ['issue.*'], limit: 500 });
      const key = ownRecords.items.find((r) => r.object?.key)?.object?.key;
      if (key) {
        named++;
        await hasText(row.locator('.log-object'), `Worklog on ${key}`);
        const project = ownRecords.items.find((r) => r.container)?.container;
        if (project?.key) await hasText(row.locator('.log-container'), `(${project.key})`);
      } else {
        await hasText(row.locator('.log-object'), `Worklog on issue ${issueId}`);
        await hasText(row.locator('.log-container'), 'Project not named by the event');
      }
    }
    expect(named).toBeGreaterThan(0);
    await screenshot(page, '6-worklog-rows');
    await axeClean(page);
    expect(errors).toEqual([]);
  }, 180_000);
});
