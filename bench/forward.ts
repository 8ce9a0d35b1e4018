import { randomBytes } from 'node:crypto';
import { startSandbox, type Sandbox } from '../dev/sandbox';
import { syntheticEvents } from '../dev/seed/synthetic-activity';
import { useClock } from '../src/forward/delivery/clock';
import {
  AzureLogsReceiver,
  DatadogReceiver,
  ElasticReceiver,
  SplunkHecReceiver,
  SumoReceiver,
  WebhookReceiver,
  type Receiver,
} from '../test/support/receivers';
import { freshMariadb, freshSqlite, mariadbAvailable, type BenchDatabase } from './bench-engines';

/**
 * Forwarding, measured in the sandbox against the local receivers (`npx tsx bench/forward.ts`;
 * FORWARD_BENCH_RECORDS and FORWARD_BENCH_OUTAGE set the sizes, FORWARD_BENCH_ENGINES=sqlite,mariadb):
 *
 * 1. requests per 1,000 records for each destination type, for a backlog sent in one go;
 * 2. catch-up after an outage: every receiver down while activity continues over several seal cycles,
 *    then back; how long until each destination has everything, as records per second.
 *
 * All six destinations run in the same `seal-and-forward` invocations, as they would on a site with six,
 * sharing its egress budget (100 requests per minute per invocation). The receivers answer at once:
 * a real SIEM's latency would lengthen every request, not change the request counts.
 */
const RECORDS = Number(process.env.FORWARD_BENCH_RECORDS ?? 10_000);
const OUTAGE = Number(process.env.FORWARD_BENCH_OUTAGE ?? 10_000);

interface Setup {
  readonly type: string;
  readonly format: string;
  readonly receiver: Receiver;
  readonly input: Record<string, unknown>;
}

async function setups(): Promise<Setup[]> {
  const hook = await new WebhookReceiver(`whsec_${randomBytes(32).toString('base64')}`).start();
  const hec = await new SplunkHecReceiver('11111111-2222-3333-4444-555555555555').start();
  const es = await new ElasticReceiver(Buffer.from('id:key').toString('base64')).start();
  const dd = await new DatadogReceiver('0123456789abcdef0123456789abcdef').start();
  const app = {
    tenantId: 't',
    clientId: 'c',
    clientSecret: 's3cret',
    dcrImmutableId: `dcr-${'d'.repeat(32)}`,
    streamName: 'Custom-AuditTrail_CL',
  };
  const az = await new AzureLogsReceiver(app).start();
  const sumo = await new SumoReceiver('ZaVnC4dhaVbenchcode==').start();
  return [
    { type: 'webhook', format: 'native', receiver: hook, input: { url: hook.endpoint, secret: hook.secret } },
    { type: 'splunk', format: 'ocsf', receiver: hec, input: { url: hec.url, secret: hec.token } },
    { type: 'elastic', format: 'ecs', receiver: es, input: { url: es.url, secret: es.apiKey } },
    {
      type: 'datadog',
      format: 'ocsf',
      receiver: dd,
      input: { url: `${dd.url}/api/v2/logs`, secret: dd.apiKey },
    },
    {
      type: 'sentinel',
      format: 'ocsf',
      receiver: az,
      input: {
        url: az.url,
        secret: app.clientSecret,
        options: {
          tenantId: 't',
          clientId: 'c',
          dcrImmutableId: app.dcrImmutableId,
          streamName: app.streamName,
          tokenUrl: az.tokenUrl,
        },
      },
    },
    { type: 'sumo', format: 'native', receiver: sumo, input: { url: sumo.sourceUrl } },
  ];
}

class Bench {
  private offset = 0;
  private seeded = 0;
  constructor(readonly sandbox: Sandbox) {
    useClock({ now: () => Date.now() + this.offset });
  }
  advance(minutes: number) {
    this.offset += minutes * 60_000;
  }
  invoke<T>(key: string, payload: unknown = {}): Promise<T> {
    return this.sandbox.host.invoke(
      'jira:adminPage',
      key,
      payload,
      this.sandbox.defaultAccountId,
    ) as Promise<T>;
  }
  /** Delivers synthetic events until `records` more are stored (views on: most events are kept). */
  async addRecords(records: number): Promise<void> {
    let stored = 0;
    while (stored < records) {
      const count = Math.ceil((records - stored) * 1.1);
      for (const event of syntheticEvents(this.sandbox.site, {
        count,
        seed: 7 + this.seeded,
        end: new Date(Date.now() - this.seeded * 1000),
      })) {
        if (stored >= records) break;
        if ((await this.sandbox.host.deliverEvent(event)).status === 'stored') stored += 1;
      }
      this.seeded += count;
    }
  }
  async cycle() {
    await this.sandbox.host.runScheduled('seal-and-forward');
    await this.sandbox.queue.idle();
  }
  async statuses() {
    return this.invoke<{
      headSeq: number;
      items: { id: string; lagRecords: number; requests: number; delivered: number }[];
    }>('destinations.status');
  }
}

async function run(database: BenchDatabase): Promise<void> {
  const sandbox = await startSandbox({ auditDb: database.auditDb, kvsFile: null });
  const bench = new Bench(sandbox);
  const all = await setups();
  try {
    await bench.invoke('settings.update', { views: { jira: true, confluence: true } });
    await bench.addRecords(RECORDS);
    await bench.cycle(); // seal, before any destination exists
    const ids = new Map<string, Setup>();
    for (const setup of all) {
      const saved = await bench.invoke<{ id: string }>('destinations.save', {
        name: setup.type,
        type: setup.type,
        format: setup.format,
        ...setup.input,
      });
      ids.set(saved.id, setup);
    }

    // 1. A backlog of RECORDS records, sent in one go.
    const started = Date.now();
    for (let i = 0; i < 20; i += 1) {
      await bench.cycle();
      if ((await bench.statuses()).items.every((s) => s.lagRecords === 0)) break;
      bench.advance(5);
    }
    const backlogSeconds = (Date.now() - started) / 1000;
    const first = await bench.statuses();
    console.log(
      `\n${database.engine}: ${first.headSeq} records sealed; backlog delivered in ${backlogSeconds.toFixed(1)} s (all six in parallel)`,
    );
    console.log('type      format     requests  per 1,000 records  bytes/request (wire, median)');
    for (const item of first.items) {
      const setup = ids.get(item.id)!;
      const posted = setup.receiver.log.filter((e) => !e.path.endsWith('/token'));
      const sizes = posted.map((e) => e.wireBytes).sort((a, b) => a - b);
      console.log(
        `${setup.type.padEnd(9)} ${setup.format.padEnd(9)} ${String(item.requests).padStart(9)}  ${((item.requests * 1000) / first.headSeq).toFixed(2).padStart(17)}  ${String(sizes[Math.floor(sizes.length / 2)] ?? 0).padStart(12)}`,
      );
    }

    // 2. An outage over several seal cycles, then catch-up.
    const before = new Map(first.items.map((s) => [s.id, s.requests]));
    await Promise.all(all.map((s) => s.receiver.down()));
    const perCycle = Math.ceil(OUTAGE / 4);
    for (let i = 0; i < 4; i += 1) {
      await bench.addRecords(perCycle);
      bench.advance(5);
      await bench.cycle();
    }
    const backlog = new Map((await bench.statuses()).items.map((s) => [s.id, s.lagRecords]));
    await Promise.all(all.map((s) => s.receiver.up()));
    // Each type catches up alone (the others switched off meanwhile), so its rate is its own; then
    // all six together, as a site with six destinations would after an outage.
    console.log(
      `\ncatch-up after an outage of 4 seal cycles (${Math.max(...backlog.values())} records waiting per destination):`,
    );
    console.log('type      seconds  records/s  requests per 1,000');
    const list = (await bench.invoke<{ items: Record<string, unknown>[] }>('destinations.list')).items;
    const setEnabled = (id: string, enabled: boolean) =>
      bench.invoke('destinations.save', { ...list.find((d) => d.id === id), secret: undefined, enabled });
    for (const [id, setup] of ids) {
      for (const other of ids.keys()) await setEnabled(other, other === id);
      const began = Date.now();
      for (let i = 0; i < 60; i += 1) {
        bench.advance(60); // past any backoff, as the scheduler's next runs would be
        await bench.cycle();
        if ((await bench.statuses()).items.find((s) => s.id === id)!.lagRecords === 0) break;
      }
      const seconds = (Date.now() - began) / 1000;
      const status = (await bench.statuses()).items.find((s) => s.id === id)!;
      const waited = backlog.get(id) ?? 0;
      const requests = status.requests - (before.get(id) ?? 0);
      console.log(
        `${setup.type.padEnd(9)} ${seconds.toFixed(1).padStart(7)}  ${(waited / seconds).toFixed(0).padStart(9)}  ${((requests * 1000) / waited).toFixed(2).padStart(18)}`,
      );
    }
    for (const id of ids.keys()) await setEnabled(id, true);
    await Promise.all(all.map((s) => s.receiver.down()));
    for (let i = 0; i < 4; i += 1) {
      await bench.addRecords(perCycle);
      bench.advance(5);
      await bench.cycle();
    }
    const waiting = (await bench.statuses()).items.reduce((n, s) => n + s.lagRecords, 0);
    await Promise.all(all.map((s) => s.receiver.up()));
    const began = Date.now();
    for (let i = 0; i < 60; i += 1) {
      bench.advance(60);
      await bench.cycle();
      if ((await bench.statuses()).items.every((s) => s.lagRecords === 0)) break;
    }
    const seconds = (Date.now() - began) / 1000;
    console.log(
      `all six at once: ${waiting} records in ${seconds.toFixed(1)} s = ${(waiting / seconds).toFixed(0)} records/s`,
    );
  } finally {
    useClock(undefined);
    await Promise.all(all.map((s) => s.receiver.stop()));
    await sandbox.close();
    await database.drop();
  }
}

async function main(): Promise<void> {
  const engines = (process.env.FORWARD_BENCH_ENGINES ?? 'sqlite,mariadb').split(',');
  if (engines.includes('sqlite')) await run(freshSqlite());
  if (engines.includes('mariadb')) {
    if (await mariadbAvailable()) await run(await freshMariadb('forward'));
    else console.log('\nmariadb: skipped (no server at AUDIT_BENCH_MYSQL)');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
