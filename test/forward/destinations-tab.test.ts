import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { EGRESS_STORAGE_KEY, type SandboxEgress } from '../../dev/bridge/bridge-stand-in';
import {
  describeViolations,
  e2eDescribe,
  openPage,
  SCREENSHOTS,
  seriousAxeViolations,
  startStand,
  type Stand,
} from '../e2e/e2e-support';
import { json, WebhookReceiver } from '../support/receivers';
import { newWebhookSecret } from './forward-harness';

e2eDescribe('the Destinations tab in the admin page', () => {
  let stand: Stand;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    stand = await startStand(200);
    receiver = await new WebhookReceiver(newWebhookSecret()).start();
  }, 120_000);
  afterAll(async () => {
    await receiver.stop();
    await stand.close();
  });

  test('add a destination, send a test event, watch it catch up; a refusal is shown with its reason', async () => {
    await stand.sandbox.host.runScheduled('seal-and-forward'); // seals what the stand seeded
    const { page, errors } = await openPage(stand, '/?tab=destinations');
    await page.getByRole('button', { name: 'Add destination' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Type', { exact: true }).click();
    await page.getByText('Webhook (Standard Webhooks)', { exact: true }).click();
    await dialog.getByLabel('Name', { exact: true }).fill('SOC webhook');
    await dialog.getByLabel('Endpoint URL').fill(receiver.endpoint);
    await dialog.getByLabel('Signing secret').fill(receiver.secret);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'SOC webhook' }).waitFor();
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'SOC webhook' }) });
    await card.getByText(/\d+ records · oldest waiting/).waitFor();
    // The secret is never shown back, not even in the edit form.
    expect(await page.content()).not.toContain(receiver.secret.slice(6));

    await card.getByRole('button', { name: 'Send test event' }).click();
    await card.getByText('Test event delivered').waitFor();
    expect(receiver.documents().map((d) => d.action)).toEqual(['test_event.sent']);

    await stand.sandbox.host.runScheduled('seal-and-forward');
    await page.reload();
    await card.getByText('Up to date', { exact: true }).waitFor();
    await card.getByText('0 records', { exact: true }).waitFor();

    receiver.answer(json(401, { error: 'signature rejected' }), 10);
    await stand.invoke('settings.update', { views: { jira: true } });
    await stand.sandbox.host.deliverEvent({
      eventType: 'avi:jira:viewed:issue',
      timestamp: Date.now(),
      issue: { id: '99999', key: 'OPS-999', fields: { summary: 'x', project: { id: '10000', key: 'OPS' } } },
      atlassianId: stand.sandbox.defaultAccountId,
    });
    await stand.sandbox.host.runScheduled('seal-and-forward');
    await page.reload();
    await card.getByText('Stopped', { exact: true }).waitFor();
    await card.getByText(/refused the request with 401/).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'destinations-tab.png'), fullPage: true });
    expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);

    await card.getByRole('button', { name: 'Edit' }).click();
    await page
      .getByRole('dialog')
      .getByText(/Stored: ••••/)
      .waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'destinations-form.png'), fullPage: true });
    expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);

  test('egress: a SaaS SIEM needs no approval; a self-hosted one gets its own group, replaced when its URL changes and deleted with it; at most 10', async () => {
    const { page, errors } = await openPage(stand, '/?tab=destinations');
    const help = page.getByText(/Self-hosted destinations: \d+ of 10/);
    const before = await selfHostedCount(stand);
    await page.getByText(`Self-hosted destinations: ${before} of 10`).waitFor();
    const cardOf = (name: string) =>
      page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });

    // Datadog's EU intake is declared by the app: marked so while typing and once saved, nothing asked.
    await page.getByRole('button', { name: 'Add destination' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Type', { exact: true }).click();
    await page.getByText('Datadog Logs', { exact: true }).click();
    await dialog.getByLabel('Name', { exact: true }).fill('Datadog EU');
    await dialog.getByLabel('Logs intake URL').fill('https://http-intake.logs.datadoghq.eu/api/v2/logs');
    await dialog
      .getByText('http-intake.logs.datadoghq.eu: allowed by the app (no approval needed).')
      .waitFor();
    await dialog.getByLabel('API key').fill('dd-api-key-0123456789');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const datadog = cardOf('Datadog EU');
    await datadog.getByText('Allowed by the app (no approval needed)').waitFor();
    expect(await datadog.getByRole('button', { name: 'Approve host' }).count()).toBe(0);
    expect((await egressOf(page))?.calls ?? []).toEqual([]);
    await page.getByText(`Self-hosted destinations: ${before} of 10`).waitFor();

    // A webhook on this machine is self-hosted: approval is asked once, for its own group and host.
    await page.getByRole('button', { name: 'Add destination' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Type', { exact: true }).click();
    await page.getByText('Webhook (Standard Webhooks)', { exact: true }).click();
    await dialog.getByLabel('Name', { exact: true }).fill('Local hook');
    await dialog.getByLabel('Endpoint URL').fill(receiver.endpoint);
    await dialog.getByText(/127\.0\.0\.1: needs egress approval \(self-hosted\)/).waitFor();
    await dialog.getByLabel('Signing secret').fill(receiver.secret);
    await dialog.getByRole('button', { name: 'Save' }).click();
    const hook = cardOf('Local hook');
    await hook.getByText('Needs egress approval (self-hosted)').waitFor();
    await hook.getByText('Host approved').waitFor();
    await page.getByText(`Self-hosted destinations: ${before + 1} of 10`).waitFor();
    const id = (
      await stand.invoke<{ items: { id: string; name: string }[] }>('destinations.list', {})
    ).items.find((d) => d.name === 'Local hook')!.id;
    const group = `siem-${id}`;
    let egress = await egressOf(page);
    expect(egress?.calls.map((c) => c.name)).toEqual(['set']);
    expect(egress?.groups[group]).toEqual({
      key: group,
      description: 'Audit Trail sends audit records to Local hook',
      configured: [{ domain: '127.0.0.1', type: ['FETCH_BACKEND_SIDE'] }],
    });

    // A new URL replaces the group's hosts; a change that keeps the hosts asks nothing.
    await hook.getByRole('button', { name: 'Edit' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Endpoint URL').fill(receiver.endpoint.replace('127.0.0.1', 'localhost'));
    await dialog.getByRole('button', { name: 'Save' }).click();
    await hook.getByText('Approved: localhost').waitFor();
    egress = await egressOf(page);
    expect(egress?.groups[group]?.configured).toEqual([
      { domain: 'localhost', type: ['FETCH_BACKEND_SIDE'] },
    ]);
    await hook.getByRole('button', { name: 'Edit' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Local hook 2');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const renamed = cardOf('Local hook 2');
    await renamed.getByText('Saved', { exact: true }).waitFor();
    expect((await egressOf(page))?.calls.map((c) => c.name)).toEqual(['set', 'set']);

    // Deleting the destination deletes its group, so it no longer counts against Forge's 10.
    await renamed.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog')
      .getByText(/and so is its egress approval/)
      .waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText(`Self-hosted destinations: ${before} of 10`).waitFor();
    egress = await egressOf(page);
    expect(egress?.calls.at(-1)).toEqual({ name: 'deleteGroup', payload: { key: group } });
    expect(Object.keys(egress?.groups ?? {})).toEqual([]);

    // At the limit the server refuses one more self-hosted destination, and the form says why.
    const filled: string[] = [];
    for (let n = before; n < 10; n += 1) {
      const saved = await stand.invoke<{ id: string }>('destinations.save', {
        name: `Splunk ${n}`,
        type: 'splunk',
        url: `https://splunk-${n}.corp.example:8088`,
        secret: `hec-token-${n}`,
      });
      filled.push(saved.id);
    }
    await page.reload();
    await page.getByText('Self-hosted destinations: 10 of 10: delete one to add another.').waitFor();
    await page.getByRole('button', { name: 'Add destination' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Type', { exact: true }).click();
    await page.getByText('Webhook (Standard Webhooks)', { exact: true }).click();
    await dialog.getByLabel('Name', { exact: true }).fill('One too many');
    await dialog.getByLabel('Endpoint URL').fill('https://hooks.example.com/audit');
    await dialog.getByRole('button', { name: 'Generate a signing secret' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/at most 10 customer-managed egress groups per installation/)
      .waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'destinations-egress-limit.png'), fullPage: true });
    expect(describeViolations(await seriousAxeViolations(page))).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await help.count()).toBe(1);
    for (const saved of filled) await stand.invoke('destinations.delete', { id: saved });
    expect(errors).toEqual([]);
  }, 120_000);
});

/** What the bridge stand-in keeps of customer-managed egress in this page's browser context. */
function egressOf(page: Page): Promise<SandboxEgress | null> {
  return page.evaluate((key) => {
    const storage = (globalThis as unknown as { localStorage: { getItem(k: string): string | null } })
      .localStorage;
    return JSON.parse(storage.getItem(key) ?? 'null') as SandboxEgress | null;
  }, EGRESS_STORAGE_KEY);
}

async function selfHostedCount(stand: Stand): Promise<number> {
  const list = await stand.invoke<{ egressGroups: { used: number } }>('destinations.list', {});
  return list.egressGroups.used;
}
