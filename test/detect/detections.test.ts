import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crawl, massDeletion, projectRemoved } from '../../dev/seed/planted-incidents';
import { createdIssues } from '../../dev/site/fake-jira-created';
import type { Alert } from '../../src/detect/alert';
import { testEngines } from '../support/engines';
import { WebhookReceiver } from '../support/receivers';
import { ForwardHarness, newWebhookSecret } from '../forward/forward-harness';

/** A chat webhook stand-in: counts the messages it accepted; can refuse the next few with a 503. */
async function chatReceiver(): Promise<{
  url: string;
  messages: unknown[];
  refuse(n: number): void;
  close(): Promise<void>;
}> {
  const messages: unknown[] = [];
  let refusing = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (refusing > 0) {
        refusing -= 1;
        res.writeHead(503).end('busy');
        return;
      }
      messages.push(JSON.parse(body));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T0/B0/x`,
    messages,
    refuse: (n) => (refusing = n),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.each(testEngines)('detections on $name', (engine) => {
  let h: ForwardHarness;
  let hook: WebhookReceiver;
  let slack: Awaited<ReturnType<typeof chatReceiver>>;
  let teams: Awaited<ReturnType<typeof chatReceiver>>;
  beforeAll(async () => {
    h = await ForwardHarness.start(engine);
    hook = await new WebhookReceiver(newWebhookSecret()).start();
    slack = await chatReceiver();
    teams = await chatReceiver();
  });
  afterAll(async () => {
    await hook.stop();
    await slack.close();
    await teams.close();
    await h.close();
    await engine.dropAll();
  });

  const alerts = async (rules?: string[]) =>
    (await h.invoke<{ items: Alert[] }>('alerts.list', { ...(rules ? { rules } : {}), limit: 200 })).items;
  const alertDocs = () =>
    hook
      .documents()
      .filter(
        (d) =>
          d.class_uid === 2004 &&
          (d.finding_info as { analytic: { uid: string } }).analytic.uid === 'mass-deletion',
      );
  const massMessages = (chat = slack) =>
    chat.messages.filter((m) => JSON.stringify(m).includes('Mass deletion'));
  const issuesOf = (id: string) =>
    createdIssues(h.sandbox.servedSite()).filter((i) => i.labels.includes(`audit-trail-alert-${id}`));
  const deliver = async (events: readonly unknown[]) => {
    for (const event of events) await h.sandbox.host.deliverEvent(event as never);
  };

  test('a planted mass deletion among realistic activity: one alert, one webhook finding, one Slack and one Teams message, one Jira issue', async () => {
    await h.cycle(); // the rules start at the head of an empty log
    await h.saveDestination({
      name: 'siem',
      type: 'webhook',
      url: hook.endpoint,
      secret: hook.secret,
      format: 'ocsf',
    });
    const projectKey = h.sandbox.site.projects[1]!.key;
    const channels = await h.invoke<Record<string, unknown>>('alerts.channels', {
      slackUrl: slack.url,
      teamsUrl: teams.url,
      jira: { projectKey, issueType: 'Task' },
    });
    expect(channels).toMatchObject({
      slackUrl: expect.stringMatching(/^••••/),
      teamsUrl: expect.stringMatching(/^••••/),
      jira: { projectKey },
    });
    const custom = await h.invoke<{ id: string }>('rules.save', {
      kind: 'custom',
      name: 'Issue deletions',
      enabled: true,
      filter: { actions: ['issue.deleted'] },
      threshold: { count: 10, windowMinutes: 10, per: 'actor' },
      cooldownMinutes: 30,
      dailyCap: 20,
      snoozes: [],
    });
    await h.cycle(); // the custom rule starts here too

    await h.addActivity(600);
    slack.refuse(1); // the first message fails: its retry must be its only copy
    teams.refuse(2); // Teams twice: the second retry waits longer, and is still the only copy
    await deliver(massDeletion(h.sandbox.site, { count: 25 }));
    const run = await h.cycle();
    expect(run.error).toBeUndefined();

    const found = await alerts(['mass-deletion']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ count: 25, status: 'open', recordIds: expect.any(Array) });
    expect(found[0]!.recordIds).toHaveLength(25);
    expect(found[0]!.filter.actions).toContain('issue.deleted');
    expect(alertDocs()).toHaveLength(1);
    expect(alertDocs()[0]).toMatchObject({ class_uid: 2004, finding_info: { uid: found[0]!.id } });
    expect(issuesOf(found[0]!.id)).toHaveLength(1);

    // Later runs: Slack and Teams retried after their backoff, nothing sent twice, no second alert.
    for (let i = 0; i < 4; i += 1) {
      h.advance(65);
      await h.cycle();
    }
    expect(massMessages()).toHaveLength(1);
    expect(massMessages(teams)).toHaveLength(1);
    // Every alert reached Slack and Teams exactly once, the ones first refused included.
    expect(slack.messages).toHaveLength((await alerts()).length);
    expect(teams.messages).toHaveLength((await alerts()).length);
    expect(teams.messages[0]).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }],
    });
    expect(alertDocs()).toHaveLength(1);
    expect(await alerts(['mass-deletion'])).toHaveLength(1);
    expect(issuesOf(found[0]!.id)).toHaveLength(1);

    // A Jira acknowledgement lost after the issue was made: the resend finds the issue instead.
    await h.sandbox.opened.store.db
      .updateTable('detection_alert')
      .set({ notify: JSON.stringify({ jira: { state: 'pending', attempts: 1 } }), notify_due_ms: 0 })
      .where('id', '=', found[0]!.id)
      .execute();
    await h.cycle();
    expect(issuesOf(found[0]!.id)).toHaveLength(1);
    const [after] = await alerts(['mass-deletion']);
    expect(after!.notifications.jira).toMatchObject({ state: 'sent', ref: issuesOf(found[0]!.id)[0]!.key });

    // The custom rule and its backtest agree on the same history.
    const live = (await alerts([custom.id])).map((a) => a.id).sort();
    const back = await h.invoke<{ fired: number; alerts: { id: string }[] }>('rules.backtest', {
      id: custom.id,
      days: 30,
    });
    expect(live).toHaveLength(1);
    expect(back.alerts.map((a) => a.id).sort()).toEqual(live);

    // The auditor's tool is audited: the alert opened, and who acknowledged it.
    const acked = await h.invoke<Alert>('alerts.update', { id: found[0]!.id, status: 'acknowledged' });
    expect(acked).toMatchObject({ status: 'acknowledged', statusBy: h.sandbox.defaultAccountId });
    const own = await h.invoke<{ items: { action: string; object: { id: string } }[] }>('activity.query', {
      actions: ['alert.*', 'rule.*'],
    });
    const actions = own.items.map((r) => r.action);
    expect(actions.filter((a) => a === 'alert.acknowledged')).toHaveLength(1);
    // One record per product on the site, so an admin of either sees the change.
    expect(actions.filter((a) => a === 'rule.created')).toHaveLength(2);
    const opened = new Set(own.items.filter((r) => r.action === 'alert.opened').map((r) => r.object.id));
    expect([...opened].sort()).toEqual((await alerts()).map((a) => a.id).sort());
  });

  test('a crash between writing alerts and committing the cursor replays the batch into the same alerts', async () => {
    const db = h.sandbox.opened.store.db;
    const before = await db.selectFrom('detection_state').selectAll().executeTakeFirstOrThrow();
    await deliver(massDeletion(h.sandbox.site, { count: 22, actorIndex: 11 }));
    await h.cycle();
    const once = await alerts(['mass-deletion']);
    expect(once).toHaveLength(2);
    // The run "crashed" before its commit: the state is as it was, the alerts are written.
    const current = await db.selectFrom('detection_state').select('version').executeTakeFirstOrThrow();
    await db
      .updateTable('detection_state')
      .set({ state: before.state, version: Number(current.version) })
      .execute();
    await h.cycle();
    expect((await alerts(['mass-deletion'])).map((a) => [a.id, a.count])).toEqual(
      once.map((a) => [a.id, a.count]),
    );
    expect(alertDocs()).toHaveLength(2);
  });

  test('two runs at once (a duplicate job run) open the incident once and notify it once', async () => {
    const before = (await alerts(['mass-deletion'])).length;
    await deliver(massDeletion(h.sandbox.site, { count: 23, actorIndex: 17 }));
    await Promise.all([h.cycle(), h.cycle()]);
    await h.cycle();
    const found = await alerts(['mass-deletion']);
    expect(found).toHaveLength(before + 1);
    expect(found.filter((a) => a.count === 23)).toHaveLength(1);
    expect(alertDocs()).toHaveLength(found.length);
    expect(massMessages()).toHaveLength(found.length);
  });

  test('catch-up after a day of downtime opens each incident once', async () => {
    const dayAgo = new Date(Date.now() - 20 * 3_600_000);
    await deliver(massDeletion(h.sandbox.site, { count: 30, actorIndex: 3, end: dayAgo }));
    await h.addActivity(800);
    await deliver(massDeletion(h.sandbox.site, { count: 21, actorIndex: 5 }));
    await h.cycle();
    await h.cycle();
    const found = await alerts(['mass-deletion']);
    expect(found).toHaveLength(5);
    expect(found.filter((a) => a.firstAt < new Date(Date.now() - 10 * 3_600_000).toISOString())).toHaveLength(
      1,
    );
    expect(alertDocs()).toHaveLength(5);
  });

  test('a crawl and an archived project planted among realistic activity (views recorded): one alert each, each message sent once', async () => {
    await h.invoke('settings.update', { views: { jira: true, confluence: true } });
    await h.addActivity(400);
    const project = h.sandbox.site.projects[2]!;
    await deliver(crawl(h.sandbox.site, { count: 250 }));
    await deliver(projectRemoved(h.sandbox.site, { verb: 'archived', projectIndex: 2 }));
    await h.cycle();
    await h.cycle();

    const crawls = await alerts(['crawling']);
    expect(crawls).toHaveLength(1);
    expect(crawls[0]).toMatchObject({
      count: 250,
      filter: { actions: expect.arrayContaining(['issue.viewed']) },
    });
    const removed = (await alerts(['container-removed'])).filter((a) => a.containers.includes(project.key));
    expect(removed).toHaveLength(1);
    expect(removed[0]!.count).toBe(1);
    for (let i = 0; i < 2; i += 1) {
      h.advance(65);
      await h.cycle();
    }
    const all = await alerts();
    expect(slack.messages).toHaveLength(all.length);
    expect(teams.messages).toHaveLength(all.length);
    expect(issuesOf(crawls[0]!.id)).toHaveLength(1);
    expect(issuesOf(removed[0]!.id)).toHaveLength(1);
  });
});
