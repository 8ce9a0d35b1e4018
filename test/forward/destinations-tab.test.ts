import { join } from 'node:path';
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
});
