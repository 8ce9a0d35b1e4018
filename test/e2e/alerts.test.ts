import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { massDeletion } from '../../dev/seed/planted-incidents';
import type { Alert } from '../../src/detect/alert';
import type { BacktestResult } from '../../src/detect/backtest';
import type { RuleList } from '../../src/detect/detect-resolvers';
import type { RuleBody } from '../../src/detect/rule';
import {
  describeViolations,
  e2eDescribe,
  openPage,
  seriousAxeViolations,
  startStand,
  type Stand,
} from './e2e-support';

const SHOTS = process.env.ALERTS_SHOTS ?? join(__dirname, '../../test-output/screenshots');

/**
 * The Alerts tab in a real browser, after a mass deletion planted among synthetic activity went through
 * the seal-and-forward job: the alert, why it fired and its records, the log filtered to them, a status
 * change with who made it, a threshold edited with the backtest following it, a custom rule, a snooze.
 */
e2eDescribe('Alerts tab, end to end in chromium', () => {
  let stand: Stand;
  let alert: Alert;
  const pages: Page[] = [];
  const open = async (path: string) => {
    const opened = await openPage(stand, path);
    pages.push(opened.page);
    return opened;
  };
  const rules = async () => (await stand.invoke<RuleList>('rules.list', {})).items;
  const backtest = (draft: RuleBody) => stand.invoke<BacktestResult>('rules.backtest', { draft, days: 30 });
  const firedText = (n: number) => `Would have fired ${n} ${n === 1 ? 'time' : 'times'} in the last 30 days`;

  beforeAll(async () => {
    stand = await startStand(600);
    // The rules start at the head of the log: the seed is behind them, the planted incident ahead.
    await stand.sandbox.host.runScheduled('seal-and-forward');
    for (const event of massDeletion(stand.sandbox.site, { count: 25 }))
      await stand.sandbox.host.deliverEvent(event as never);
    await stand.sandbox.host.runScheduled('seal-and-forward');
    const found = await stand.invoke<{ items: Alert[] }>('alerts.list', { rules: ['mass-deletion'] });
    expect(found.items).toHaveLength(1);
    alert = found.items[0]!;
  });
  afterAll(async () => {
    for (const page of pages) await page.context().close();
    await stand?.close();
  });

  test('the alert, why it fired, its records, acknowledging it, and the log filtered to exactly its records', async () => {
    const { page, errors } = await open('/?tab=alerts');
    const list = page.getByRole('table', { name: 'Alerts, newest first' });
    const row = list.getByRole('row', { name: /Mass deletion/ });
    await row.waitFor();
    expect(await list.getByRole('row', { name: /Mass deletion/ }).count()).toBe(1);
    // By keyboard: the details button, then Enter.
    await row.getByRole('button', { name: /^Details/ }).focus();
    await page.keyboard.press('Enter');
    const detail = page.getByRole('region', { name: /Mass deletion/ });
    await detail.getByText('at least 20 matching records within 10 minutes, per person').waitFor();
    await detail.getByText('Open since').waitFor();
    const records = detail.getByRole('table', { name: /Records of this alert/ });
    await records.getByRole('row').nth(25).waitFor();
    expect(await records.getByRole('row').count()).toBe(26);
    expect(await records.getByText('Issue deleted').count()).toBe(25);

    await detail.getByRole('button', { name: 'Acknowledge' }).click();
    await detail.getByText(/^Acknowledged by /).waitFor();
    const stored = await stand.invoke<Alert>('alerts.update', { id: alert.id, status: 'acknowledged' });
    expect(stored).toMatchObject({ status: 'acknowledged', statusBy: stand.sandbox.defaultAccountId });
    await page.screenshot({ path: join(SHOTS, 'i15b-alert-detail.png'), fullPage: true });
    expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);

    await detail.getByRole('link', { name: 'Open these 25 records in the log' }).click();
    await page.getByText('All 25 matching records are loaded.').waitFor();
    const address = new URL(page.url()).searchParams;
    expect(address.get('range')).toBe('custom');
    expect(address.getAll('actor')).toEqual(alert.actors);
    await page.screenshot({ path: join(SHOTS, 'i15b-alert-log.png') });
    expect(errors).toEqual([]);
  });

  test('editing a threshold: the backtest follows the draft; saving it, and a custom rule', async () => {
    const { page, errors } = await open('/?tab=alerts');
    const table = page.getByRole('table', { name: 'Detection rules' });
    await table.getByRole('button', { name: 'Edit Mass deletion' }).click();
    const editor = page.getByRole('form', { name: 'Edit rule: Mass deletion' });
    const mass = (await rules()).find((r) => r.id === 'mass-deletion')!;
    const { id: _id, ...body } = mass;
    const at = async (count: number) =>
      (await backtest({ ...body, threshold: { ...body.threshold, count } })).fired;
    expect(await at(25)).toBe(1);
    expect(await at(26)).toBe(0);
    await editor.getByRole('status').getByText(firedText(1)).waitFor();
    await editor.getByLabel('At least').fill('26');
    await editor.getByRole('status').getByText(firedText(0)).waitFor();
    await editor.getByLabel('At least').fill('25');
    await editor.getByRole('status').getByText(firedText(1)).waitFor();
    await editor.getByRole('button', { name: 'Save rule' }).click();
    await table.getByText('at least 25 matching records within 10 minutes, per person').waitFor();
    expect((await rules()).find((r) => r.id === 'mass-deletion')!.threshold.count).toBe(25);

    await page.getByRole('button', { name: 'New custom rule' }).click();
    const custom = page.getByRole('form', { name: 'New custom rule' });
    await custom.getByLabel('Name').fill('Issue deletions in bulk');
    await custom.getByLabel('At least').fill('12');
    const draft: RuleBody = {
      kind: 'custom',
      name: 'Issue deletions in bulk',
      enabled: true,
      filter: { actions: ['issue.deleted'] },
      threshold: { count: 12, windowMinutes: 10, per: 'actor' },
      cooldownMinutes: 30,
      dailyCap: 20,
      snoozes: [],
    };
    const expected = (await backtest(draft)).fired;
    expect(expected).toBe(1);
    await custom.getByRole('status').getByText(firedText(expected)).waitFor();
    await page.screenshot({ path: join(SHOTS, 'i15b-rule-editor.png'), fullPage: true });
    expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);
    await custom.getByRole('button', { name: 'Save rule' }).click();
    await table.getByRole('row', { name: /Issue deletions in bulk/ }).waitFor();
    const saved = (await rules()).find((r) => r.name === 'Issue deletions in bulk');
    expect(saved).toMatchObject({
      kind: 'custom',
      filter: { actions: ['issue.deleted'] },
      threshold: { count: 12 },
    });
    expect(errors).toEqual([]);
  });

  test('snoozing a rule for the person an alert is about, and for a project in the editor', async () => {
    const { page, errors } = await open('/?tab=alerts');
    const row = page
      .getByRole('table', { name: 'Alerts, newest first' })
      .getByRole('row', { name: /Mass deletion/ });
    await row.getByRole('button', { name: /^Details/ }).click();
    const detail = page.getByRole('region', { name: /Mass deletion/ });
    await detail.getByRole('button', { name: 'Snooze Mass deletion for this person for 24 hours' }).click();
    await detail.getByText(/Mass deletion is snoozed for this person until/).waitFor();
    const snoozed = (await rules()).find((r) => r.id === 'mass-deletion')!.snoozes;
    expect(snoozed).toEqual([{ actor: alert.actors[0], until: expect.any(Number) }]);
    expect(snoozed[0]!.until).toBeGreaterThan(Date.now() + 23 * 3_600_000);

    const table = page.getByRole('table', { name: 'Detection rules' });
    await table.getByRole('button', { name: 'Edit Crawling' }).click();
    const editor = page.getByRole('form', { name: 'Edit rule: Crawling' });
    await editor.getByLabel('A project or space (key or id)').check();
    await editor.getByLabel('Project or space', { exact: true }).fill('OPS');
    await editor.getByLabel('For (hours)').fill('8');
    await editor.getByRole('button', { name: 'Add snooze' }).click();
    await editor
      .getByRole('list', { name: 'Snoozed for this rule' })
      .getByText(/Project or space OPS until/)
      .waitFor();
    await editor.getByRole('button', { name: 'Save rule' }).click();
    await table
      .getByRole('row', { name: /Crawling/ })
      .getByRole('cell', { name: '1', exact: true })
      .waitFor();
    const crawling = (await rules()).find((r) => r.id === 'crawling')!;
    expect(crawling.snoozes).toEqual([{ container: 'OPS', until: expect.any(Number) }]);
    expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('filtering by status and rule, and saving where alerts are sent', async () => {
    const { page, errors } = await open('/?tab=alerts');
    const list = page.getByRole('table', { name: 'Alerts, newest first' });
    await list.getByRole('row', { name: /Mass deletion/ }).waitFor();
    // Status: Open and Acknowledged by default; only Resolved leaves nothing.
    await page.locator('#alert-status').focus();
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('Resolved');
    await page.keyboard.press('Enter');
    await page.getByText('No alert matches these filters.').waitFor();
    await page.keyboard.press('Backspace');
    await list.getByRole('row', { name: /Mass deletion/ }).waitFor();
    // Rule: another rule's alerts only leaves nothing; the mass deletion's brings it back.
    await page.locator('#alert-rule').fill('Crawling');
    await page.keyboard.press('Enter');
    await page.getByText('No alert matches these filters.').waitFor();
    await page.locator('#alert-rule').fill('Mass deletion');
    await page.keyboard.press('Enter');
    await list.getByRole('row', { name: /Mass deletion/ }).waitFor();

    // Any status now: resolving and reopening keep it listed, each saying who and when.
    await list
      .getByRole('row', { name: /Mass deletion/ })
      .getByRole('button', { name: /^Details/ })
      .click();
    const detail = page.getByRole('region', { name: /Mass deletion/ });
    await detail.getByRole('button', { name: 'Resolve' }).click();
    await detail.getByText(/^Resolved by .+ at /).waitFor();
    await detail.getByRole('button', { name: 'Reopen' }).click();
    await detail.getByText(/^Reopened by .+ at /).waitFor();
    const [reopened] = (await stand.invoke<{ items: Alert[] }>('alerts.list', { rules: ['mass-deletion'] }))
      .items;
    expect(reopened).toMatchObject({ status: 'open', statusBy: stand.sandbox.defaultAccountId });

    const projectKey = stand.sandbox.site.projects[1]!.key;
    await page.getByLabel('Slack webhook URL').fill('https://hooks.slack.com/services/T0/B0/secret');
    await page.getByLabel('Jira project key').fill(projectKey);
    await page.getByRole('button', { name: 'Save notifications' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    const channels = await stand.invoke<{ slackUrl: string; jira: unknown }>('alerts.channels', {});
    expect(channels).toMatchObject({
      slackUrl: expect.stringMatching(/^••••/),
      jira: { projectKey, issueType: 'Task' },
    });
    expect(await page.getByLabel('Slack webhook URL').inputValue()).toMatch(/^••••/);
    expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
