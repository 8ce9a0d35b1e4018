import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readNdjsonObjects } from '../../dev/runtime/ndjson-file';
import { fromConfluenceAudit } from '../../src/audit-import/audit-record-mapping';
import type { AuditRecord } from '../../src/record/audit-record';
import { fixturePath } from '../fixtures';
import { newWebhookSecret } from '../forward/forward-harness';
import { WebhookReceiver } from '../support/receivers';
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
  startStand,
  until,
  visible,
  type Stand,
} from './e2e-support';

/**
 * An investigator's questions, asked of the page in chromium: everything one named person did, found by
 * typing the name; the same exported for an auditor with names and readable changes; who changed a
 * space's permissions and what they changed; and whether a new SIEM destination is really up to date.
 */
const SEED_EVENTS = 3000;
/** Where the chromium screenshots of these tasks go, beside the suite's own output. */
const SHOTS = process.env.I14B_SHOTS ?? SCREENSHOTS;

/** A real Confluence "Space permission added" audit record, moved to an hour ago so the log's range holds it. */
const permissionAudit = {
  ...readNdjsonObjects(fixturePath('product-audit/confluence-space-permission-added.ndjson'))[0]!,
  creationDate: Date.now() - 3_600_000,
};

e2eDescribe('an investigator, end to end in chromium', () => {
  let stand: Stand;
  const pages: Page[] = [];
  const open = async (path: string) => {
    const opened = await openPage(stand, path);
    pages.push(opened.page);
    return opened;
  };
  const screenshot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `i14b-${name}.png`) });
  const axeClean = async (page: Page) =>
    expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);

  beforeAll(async () => {
    stand = await startStand(SEED_EVENTS, { confluenceAudit: [permissionAudit] });
  }, 300_000);
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.context().close();
  });
  afterAll(async () => {
    await stand?.close();
  });

  /** The most active person of the last 30 days who is still an active account (Jira's search finds those). */
  const busiestPerson = async () => {
    const facets = await stand.invoke<{ actors: { value: string; count: number }[] }>('activity.facets', {});
    for (const { value } of facets.actors) {
      const user = stand.sandbox.site.users.find((u) => u.accountId === value && u.active);
      if (user) return user;
    }
    throw new Error('no active person among the busiest actors');
  };

  test('typing a person’s name finds everything they did', async () => {
    const person = await busiestPerson();
    const { page, errors } = await open('/');
    await visible(logRows(page));
    const search = page.getByRole('search').getByRole('textbox');
    await search.fill(person.displayName);
    await search.press('Enter');
    // The text's answer: the person's records (found through their name), and any whose object
    // names them (a page titled with their name, say).
    const answer = await stand.invoke<{ items: AuditRecord[] }>('activity.query', {
      text: person.displayName,
      limit: 20,
    });
    const want = answer.items.map((r) => r.id);
    await until('the log to show the records the name finds', async () => {
      const shown = await logRows(page).evaluateAll((els) =>
        els.slice(0, 20).map((e) => e.getAttribute('data-record-id')),
      );
      return JSON.stringify(shown.slice(0, want.length)) === JSON.stringify(want) || shown.join(',');
    });
    const theirs = answer.items.filter((r) => r.actor.accountId === person.accountId);
    expect(theirs.length).toBeGreaterThan(answer.items.length / 2);
    const lower = person.displayName.toLowerCase();
    for (const r of answer.items.filter((x) => x.actor.accountId !== person.accountId)) {
      const text = [r.object?.key, r.object?.title, r.object?.parent?.key, r.object?.parent?.title]
        .join(' ')
        .toLowerCase();
      expect(text).toContain(lower);
    }
    await hasText(logRows(page).first().locator('.actor-name'), /\S/);
    await screenshot(page, 'person-by-name');
    await axeClean(page);
    expect(errors).toEqual([]);
  }, 120_000);

  test('their export has names, parents’ titles and readable changes', async () => {
    const person = await busiestPerson();
    // A range around everything seeded, so the file can be checked against all of their records.
    const from = new Date(Date.now() - 100 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const { page, errors } = await open(
      `/?range=custom&from=${from}&to=${to}&q=${encodeURIComponent(person.displayName)}`,
    );
    await visible(logRows(page));
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export activity' });
    await visible(dialog);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const download = dialog.getByRole('button', { name: 'Download CSV' });
    await visible(download, 120_000);
    await screenshot(page, 'export-by-name');
    await axeClean(page);
    const downloading = page.waitForEvent('download');
    await download.click();
    const path = join(DOWNLOADS, `i14b-${(await downloading).suggestedFilename()}`);
    await (await downloading).saveAs(path);
    const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
    const column = (name: string) => header!.indexOf(name);
    expect(rows.length).toBeGreaterThan(0);
    const names = new Map(stand.sandbox.site.users.map((u) => [u.accountId, u.displayName]));
    // Every one of the person's records, named as the page names them, beside the account id.
    let theirs = 0;
    let cursor: string | undefined;
    do {
      const page: { items: AuditRecord[]; nextCursor?: string } = await stand.invoke('activity.query', {
        actors: [person.accountId],
        limit: 500,
        ...(cursor ? { cursor } : {}),
      });
      theirs += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    const byThem = rows.filter((r) => r[column('actor')] === person.accountId);
    expect(byThem.length).toBe(theirs);
    expect(new Set(byThem.map((r) => r[column('actorName')]))).toEqual(new Set([person.displayName]));
    for (const row of rows) expect(row[column('actorName')]).toBe(names.get(row[column('actor')]!) ?? '');
    const changed = rows.filter((r) => r[column('changes')] !== '');
    expect(changed.length).toBeGreaterThan(0);
    for (const row of changed) {
      const changes = JSON.parse(row[column('changes')]!) as {
        field: string;
        from: string | null;
        to: string | null;
      }[];
      // Readable: people in assignee and mention changes by name, not account id.
      const side = (field: string, value: string | null) =>
        value === null
          ? '(none)'
          : ['assignee', 'mentioned'].includes(field.toLowerCase())
            ? value
                .split(',')
                .map((v) => names.get(v.trim()) ?? v.trim())
                .join(', ')
            : value;
      expect(row[column('changesText')]).toBe(
        changes.map((c) => `${c.field}: ${side(c.field, c.from)} → ${side(c.field, c.to)}`).join('; '),
      );
    }
    const onParents = rows.filter((r) => r[column('parentId')] !== '');
    if (onParents.length > 0) expect(onParents.some((r) => r[column('parentTitle')] !== '')).toBe(true);
    expect(errors).toEqual([]);
  }, 180_000);

  test('a space permission change names the permission and the grantee', async () => {
    const imported = await stand.sandbox.host.runScheduled('audit-import');
    expect(imported).toBeDefined();
    const expected = fromConfluenceAudit(permissionAudit, new Date())!;
    const { page, errors } = await open('/?action=space.permissions_updated');
    await visible(logRows(page));
    await page.locator(`.log-record[data-record-id="${expected.id}"]`).click();
    const drawer = page.getByRole('dialog', { name: 'Record details' });
    await visible(drawer);
    const changes = drawer.locator('table.changes');
    await hasText(changes, 'Administer space (SETSPACEPERMISSIONS)');
    await hasText(changes, 'granted to user');
    await hasText(changes, 'Chat Notifications');
    await screenshot(page, 'permission-drawer');
    await axeClean(page);

    // The product event for a space's permissions names neither: the drawer says so, not "—".
    const eventOnly = await stand.invoke<{ items: AuditRecord[] }>('activity.query', {
      actions: ['space.permissions_updated'],
      products: ['confluence'],
      limit: 50,
    });
    const bare = eventOnly.items.find((r) => r.changes.length === 0);
    if (bare) {
      const other = await open(`/?action=space.permissions_updated&record=${bare.id}`);
      const otherDrawer = other.page.getByRole('dialog', { name: 'Record details' });
      await visible(otherDrawer);
      await hasText(otherDrawer.locator('.no-changes'), 'not which permission or for whom');
      expect(other.errors).toEqual([]);
    }
    expect(errors).toEqual([]);
  }, 120_000);

  test('a worklog’s drawer names its issue and project; a reassignment reads as one change', async () => {
    const worklogs = await stand.invoke<{ items: AuditRecord[] }>('activity.query', {
      actions: ['worklog.created'],
      limit: 50,
    });
    const bare = worklogs.items.find((r) => r.object?.parent?.key === undefined);
    expect(bare).toBeDefined();
    const issueId = bare!.object!.parent!.id;
    const issue = stand.sandbox.site.issues.find((i) => i.id === issueId);
    const { page, errors } = await open(`/?action=worklog.created&record=${bare!.id}`);
    const drawer = page.getByRole('dialog', { name: 'Record details' });
    await visible(drawer);
    const context = drawer.locator('.record-context').first();
    // The drawer names the issue from the log's other records about it when there are any ("On issue
    // KEY …"), else says the event names only the issue's id; either way it says what the event lacks.
    await hasText(context, 'names only');
    const text = (await context.textContent()) ?? '';
    expect(text).toMatch(new RegExp(`On issue [A-Z]+-\\d+|names only issue ${issueId}`));
    if (issue && text.startsWith('On issue')) expect(text).toContain(issue.key);
    await screenshot(page, 'worklog-drawer');
    await axeClean(page);

    const assigned = await stand.invoke<{ items: AuditRecord[] }>('activity.query', {
      actions: ['issue.assigned'],
      limit: 50,
    });
    // A reassignment Jira reported twice (as the update and as the assignment): the drawer links the two.
    // One whose halves share a changelog id is already one record, and has nothing to link.
    let one = assigned.items[0]!;
    let twinned = false;
    for (const candidate of assigned.items) {
      const at = Date.parse(candidate.time);
      const twins = await stand.invoke<{ items: AuditRecord[] }>('activity.query', {
        objects: [candidate.object!.id],
        actions: ['issue.updated'],
        from: at - 2000,
        to: at + 2000,
        ...(candidate.actor.accountId ? { actors: [candidate.actor.accountId] } : {}),
        limit: 5,
      });
      if (twins.items.some((r) => r.changes.some((c) => c.field.toLowerCase() === 'assignee'))) {
        one = candidate;
        twinned = true;
        break;
      }
    }
    const other = await open(`/?action=issue.assigned&record=${one.id}`);
    const otherDrawer = other.page.getByRole('dialog', { name: 'Record details' });
    await visible(otherDrawer);
    if (twinned) {
      await hasText(otherDrawer.locator('.same-change'), 'One reassignment');
      await hasText(otherDrawer.locator('.same-change'), 'issue.updated');
    }
    // The assignee by name, not by account id.
    const to = one.changes.find((c) => c.field.toLowerCase() === 'assignee')?.to;
    const name = stand.sandbox.site.users.find((u) => u.accountId === to)?.displayName;
    if (name) await hasText(otherDrawer.locator('table.changes'), name);
    await other.page.screenshot({ path: join(SHOTS, 'i14b-reassignment-drawer.png') });
    await axeClean(other.page);
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
  }, 120_000);

  test('destination health: everything waiting before the first run, failing from the first refusal, then up to date', async () => {
    // A receiver that has stopped: its port refuses connections.
    const gone = await new WebhookReceiver(newWebhookSecret()).start();
    const refusedUrl = gone.endpoint;
    await gone.stop();
    const saved = await stand.invoke<{ id: string }>('destinations.save', {
      name: 'SOC webhook',
      type: 'webhook',
      url: refusedUrl,
      secret: newWebhookSecret(),
    });
    const stored = await stand.sandbox.records();
    const { page, errors } = await open('/?tab=destinations');
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'SOC webhook' }) });
    await visible(card);
    // Before any run nothing is sealed, and all of it is waiting.
    await hasText(
      card,
      `${stored.toLocaleString('en-US')} records (${stored.toLocaleString('en-US')} not sealed yet)`,
    );
    await hasText(card, 'Catching up');
    await screenshot(page, 'destination-before-first-run');
    await axeClean(page);

    await stand.sandbox.host.runScheduled('seal-and-forward');
    await page.reload();
    await visible(card);
    await hasText(card, 'Failing');
    await hasText(card, 'Last error');
    await hasText(card, 'Next attempt');
    await hasText(card, `${stored.toLocaleString('en-US')} records · oldest waiting`);
    await screenshot(page, 'destination-failing');
    await axeClean(page);

    const receiver = await new WebhookReceiver(newWebhookSecret()).start();
    try {
      await stand.invoke('destinations.save', {
        id: saved.id,
        name: 'SOC webhook',
        type: 'webhook',
        url: receiver.endpoint,
        secret: receiver.secret,
      });
      await stand.sandbox.host.runScheduled('seal-and-forward');
      await page.reload();
      await visible(card);
      await hasText(card, 'Up to date');
      await hasText(card, '0 records');
      await hidden(card.getByText('Failing', { exact: true }));
      await screenshot(page, 'destination-up-to-date');
      await axeClean(page);
    } finally {
      await receiver.stop();
    }
    expect(errors).toEqual([]);
  }, 180_000);
});
