import {
  sql,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
} from 'kysely';
import { jiraIssueEvent } from '../../dev/payloads';
import { limits } from '../../src/limits';
import { sealPending } from '../../src/seal/seal-pending';
import type { Store } from '../../src/store/database';
import { testEngines } from '../support/engines';
import { WebhookReceiver } from '../support/receivers';
import { ForwardHarness, identify, newWebhookSecret } from '../forward/forward-harness';
import { farDeadline, T0 } from './seal-support';

const RECORDS = 300;
const CHANGES = 50;
const MiB = 1024 * 1024;

/**
 * A changed value of 1,000 characters (`fieldLengths.changeValue`, so nothing is cut): prose with the
 * characters an encoder escapes (quotes, a backslash) and multibyte ones (2 and 3 bytes in UTF-8).
 */
function longValue(n: number, i: number, side: string): string {
  const phrase = `${side} ${n}.${i}: the "façade" of the new building costs 12 €, say the minutes; `;
  return phrase.repeat(Math.ceil(1000 / phrase.length)).slice(0, 1000);
}

/** An issue update with fifty long changed values: about 100 KB of `changes` once stored. */
function largeUpdate(n: number) {
  return jiraIssueEvent('updated', {
    issue: {
      id: String(40_000 + n),
      key: `BIG-${n}`,
      summary: `Large change ${n}`,
      project: { id: '10400', key: 'BIG', name: 'Big changes' },
    },
    actor: { accountId: `5b10ac8d82e05b22cc7d${n % 10}`, displayName: `Person ${n % 10}` },
    at: new Date(T0 + n * 1000),
    changelogId: String(900_000 + n),
    changes: Array.from({ length: CHANGES }, (_, i) => ({
      field: `Field ${i}`,
      fieldId: `customfield_${10_000 + i}`,
      fieldtype: 'custom',
      fromString: longValue(n, i, 'was'),
      toString: longValue(n, i, 'now'),
    })),
  });
}

/**
 * Measures every SELECT's rows as JSON, the form Forge SQL answers in, on either engine: the largest
 * answer the store was given while this plugin watched.
 */
class AnswerMeter implements KyselyPlugin {
  largest = 0;
  transformQuery(args: PluginTransformQueryArgs) {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs) {
    this.largest = Math.max(this.largest, Buffer.byteLength(JSON.stringify({ rows: args.result.rows })));
    return args.result;
  }
}

/** Fails the head move after rows are stamped: the run dies with a batch stamped but unpublished. */
class DieBeforeHeadMove implements KyselyPlugin {
  private stamped = false;
  transformQuery(args: PluginTransformQueryArgs) {
    if (args.node.kind === 'UpdateQueryNode') {
      const table = (args.node as { table?: { table?: { identifier?: { name?: string } } } }).table?.table
        ?.identifier?.name;
      if (table === 'audit_event') this.stamped = true;
      if (table === 'seal_state' && this.stamped) throw new Error('simulated crash before the head moved');
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs) {
    return args.result;
  }
}

const started = Date.now();
const report = (line: string) =>
  process.stdout.write(`large-rows: ${line} [${((Date.now() - started) / 1000).toFixed(1)} s]\n`);

describe.each(testEngines)('records of ~100 KB each on $name', (engine) => {
  let h: ForwardHarness;
  let hook: WebhookReceiver;

  beforeAll(async () => {
    h = await ForwardHarness.start(engine);
    hook = await new WebhookReceiver(newWebhookSecret()).start();
  });
  afterAll(async () => {
    await hook.stop();
    await h.close();
    await engine.dropAll();
  });

  test(`${RECORDS} of them are captured, sealed (through a crash and its recovery), forwarded once each in order, and every SQL answer stays far under 4 MiB`, async () => {
    const store = h.sandbox.opened.store;
    const backend = h.sandbox.opened.sqlBackend;
    for (let n = 1; n <= RECORDS; n++) {
      expect(await h.sandbox.host.deliverEvent(largeUpdate(n))).toMatchObject({ status: 'stored' });
    }

    // What was stored: each row's `changes` in UTF-8 bytes, as MySQL and SQLite both count them.
    const stored = (
      await store.db
        .selectFrom('audit_event')
        .select(['id', sql<number>`octet_length(${sql.ref('changes')})`.as('bytes')])
        .orderBy('received_ms')
        .orderBy('id')
        .execute()
    ).map((row) => ({ id: row.id, bytes: Number(row.bytes) }));
    expect(stored).toHaveLength(RECORDS);
    const sizes = stored.map((row) => row.bytes);
    const total = sizes.reduce((sum, b) => sum + b, 0);
    report(
      `${engine.name}: stored changes per row ${Math.min(...sizes)}–${Math.max(...sizes)} bytes ` +
        `(mean ${Math.round(total / RECORDS)}), ${(total / MiB).toFixed(1)} MiB in all`,
    );
    expect(Math.min(...sizes)).toBeGreaterThan(100_000);
    // One unbounded seal batch (200 rows) would be several times Forge SQL's answer limit.
    expect(sizes.slice(0, 200).reduce((sum, b) => sum + b, 0)).toBeGreaterThan(4 * limits.sqlResponseBytes);

    // A run stamps its first batch and dies; the next one adopts it (recovery reads whole rows too) and
    // seals the rest.
    const meter = new AnswerMeter();
    const measured: Store = { db: store.db.withPlugin(meter), engine: store.engine };
    const dying: Store = { db: measured.db.withPlugin(new DieBeforeHeadMove()), engine: store.engine };
    if (backend) [backend.largestResponseBytes, backend.largestRequestBytes] = [0, 0];
    await expect(sealPending(dying, { deadlineMs: farDeadline() })).rejects.toThrow(/simulated crash/);
    await store.db.updateTable('seal_state').set({ expires_ms: 1 }).execute();
    expect(await sealPending(measured, { deadlineMs: farDeadline() })).toEqual({
      sealed: RECORDS,
      headSeq: RECORDS,
      more: false,
    });
    const digests = await store.db
      .selectFrom('audit_event')
      .select(sql<number>`max(octet_length(${sql.ref('seal_digests')}))`.as('bytes'))
      .executeTakeFirstOrThrow();
    report(
      `${engine.name}: largest seal answer as JSON ${(meter.largest / MiB).toFixed(2)} MiB; ` +
        `seal_digests up to ${Number(digests.bytes)} bytes a row`,
    );
    expect(meter.largest).toBeLessThan(limits.sqlResponseBytes);
    if (backend) {
      report(
        `${engine.name}: largest seal response from the Forge SQL stand-in ${(backend.largestResponseBytes / MiB).toFixed(2)} MiB, ` +
          `largest seal request ${(backend.largestRequestBytes / 1024).toFixed(0)} KiB`,
      );
      expect(backend.largestResponseBytes).toBeGreaterThan(1 * MiB);
      expect(backend.largestResponseBytes).toBeLessThan(limits.sqlResponseBytes);
      expect(backend.largestRequestBytes).toBeLessThan(limits.sqlRequestBytes);
    }

    // Forwarding, as the scheduler runs it, to a webhook receiver.
    const destination = await h.saveDestination<{ id: string }>({
      name: 'large',
      type: 'webhook',
      url: hook.endpoint,
      secret: hook.secret,
      required: true,
    });
    if (backend) [backend.largestResponseBytes, backend.largestRequestBytes] = [0, 0];
    let runs = 0;
    for (; runs < 10 && (await h.status(destination.id)).lagRecords > 0; runs++) {
      h.advance(5);
      await h.cycle();
    }
    expect(runs).toBeGreaterThan(0);
    expect(await h.status(destination.id)).toMatchObject({
      lagRecords: 0,
      cursorSeq: RECORDS,
      lastError: null,
    });
    const delivered = hook.documents().map(identify);
    expect(delivered.map((d) => d.seq)).toEqual(Array.from({ length: RECORDS }, (_, i) => i + 1));
    expect(delivered.map((d) => d.id)).toEqual(stored.map((row) => row.id));
    expect(hook.duplicates).toBe(0);
    if (backend) {
      report(
        `${engine.name}: largest forwarding response ${(backend.largestResponseBytes / MiB).toFixed(2)} MiB ` +
          `in ${runs} run(s), ${hook.deliveries.length} webhook requests`,
      );
      expect(backend.largestResponseBytes).toBeLessThan(limits.sqlResponseBytes);
    }

    // The chain verifies, read back the way the admin page's check reads it.
    if (backend) backend.largestResponseBytes = 0;
    expect(await h.invoke('chain.verify')).toMatchObject({ ok: true, checked: RECORDS });

    // The pull API's largest page: ends early, in order, and reads no more than it can send.
    const { token } = await h.invoke<{ token: string }>('tokens.create', { name: 'large' });
    const pulled = (await h.sandbox.host.runWebTrigger('pull-api', {
      method: 'GET',
      path: '/',
      headers: { authorization: [`Bearer ${token}`] },
      queryParameters: { limit: ['1000'] },
      body: '',
    })) as { statusCode: number; body: string };
    expect(pulled.statusCode).toBe(200);
    const page = JSON.parse(pulled.body) as { items: { seq: number }[]; nextAfter: number };
    expect(page.items.length).toBeGreaterThan(1);
    expect(page.items.map((r) => r.seq)).toEqual(Array.from({ length: page.nextAfter }, (_, i) => i + 1));
    expect(Buffer.byteLength(pulled.body)).toBeLessThan(limits.invocationPayloadBytes);
    if (backend) {
      report(
        `${engine.name}: largest response while verifying and pulling ${(backend.largestResponseBytes / MiB).toFixed(2)} MiB; ` +
          `a pull page of ${page.items.length} records, ${(Buffer.byteLength(pulled.body) / MiB).toFixed(2)} MiB`,
      );
      expect(backend.largestResponseBytes).toBeLessThan(limits.sqlResponseBytes);
    }
  }, 300_000);
});
