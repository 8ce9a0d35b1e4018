import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { syntheticEvents } from '../dev/seed/synthetic-activity';
import { insertRecords } from '../src/store/insert-records';
import { normalizeEvent } from '../src/capture/normalize';
import type { AuditRecord } from '../src/record/audit-record';
import { ForwardHarness } from '../test/forward/forward-harness';
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
import { heldAppLogs, holdAppLogs } from './app-log';
import { reportFigures } from './part-result';
import { TARGETS } from './targets';
import { formatTable } from './table';

/**
 * Forwarding: FORWARD_BENCH_RECORDS events (default 100,000) through each destination type, to the local
 * receivers that behave as each SIEM documents (test/support/receivers/). `npx tsx bench/forward.ts`;
 * FORWARD_BENCH_CYCLES (default 20) is how many five-minute seal cycles the events arrive over;
 * FORWARD_BENCH_ENGINES=mariadb,sqlite the engines. MariaDB alone by default, the closest to Forge SQL:
 * with SQLite too the part takes about 3 minutes on a quiet 2-core machine and twice that on a busy one,
 * past its share of the whole bench's 20.
 *
 * The events arrive in equal parts, one part per cycle. During the first half of the cycles every
 * receiver is up (live); during the second half every receiver is down (an outage), and then they come
 * back and the backlog is delivered (catch-up). So each destination carries every event once, half live,
 * half after the outage, and its requests and wire bytes (as the receiver logged them; Sentinel's token
 * requests carry no events and are left out) cover all of them.
 *
 * Rates are per destination, each timed with the others switched off, so one destination's formatting,
 * compression and requests do not count against another's (a site with six shares the CPU among them):
 *
 * - live: what a site with this one destination keeps up with. Per cycle, the part's sealing (a
 *   `seal-and-forward` run with no destination on) plus the destination's own run delivering it.
 * - catch-up: the backlog after the outage, already sealed while the receivers were down, delivered by
 *   `seal-and-forward` runs and the continuations they queue until nothing is left.
 *
 * Catch-up ÷ live says how much faster a backlog drains than delivery keeps pace live; it is above 1
 * because a backlog's sealing is done by the time the receiver is back and a live run's fixed costs (the
 * invocation, the lease, a last part-filled request) are spread over one cycle's events only. That
 * part-filled request per live cycle is in the requests per 1,000 events too: fewer events per cycle (a
 * smaller FORWARD_BENCH_RECORDS) raise it.
 *
 * Everything runs through the app's real `seal-and-forward` trigger in the sandbox; the forwarding clock
 * is moved past the five-minute schedule and any backoff instead of waiting them out. Loading is not
 * measured (the ingest part measures capture): records are stored many per statement (`storeActivity`).
 * The receivers answer at once, so a real SIEM's latency adds to every request; counts and bytes are the
 * figures that carry over, rates are for comparison within one run on one machine.
 */
const RECORDS = Number(process.env.FORWARD_BENCH_RECORDS ?? 100_000);
const CYCLES = Math.max(2, Number(process.env.FORWARD_BENCH_CYCLES ?? 20));
/** The first half of the cycles are live, the rest the outage. */
const LIVE_CYCLES = Math.floor(CYCLES / 2);
const ENGINES = (process.env.FORWARD_BENCH_ENGINES ?? 'mariadb').split(',').map((e) => e.trim());
/** Requests per 1,000 events the issue asks for. */

interface Setup {
  readonly type: string;
  readonly format: string;
  readonly receiver: Receiver;
  readonly input: Record<string, unknown>;
}

/** One destination type's figures on one engine. */
export interface ForwardFigures {
  readonly engine: string;
  readonly type: string;
  readonly format: string;
  readonly events: number;
  readonly requests: number;
  readonly requestsPer1000: number;
  readonly bytesPerEvent: number;
  readonly liveEvents: number;
  readonly liveRequests: number;
  readonly liveEventsPerSecond: number;
  readonly catchUpEvents: number;
  readonly catchUpRequests: number;
  readonly catchUpEventsPerSecond: number;
  readonly catchUpToLive: number;
  readonly targetMet: boolean;
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

/** A destination under measurement: its saved form (to switch it on and off) and what it has cost. */
interface Measured {
  readonly setup: Setup;
  saved: Record<string, unknown> & { id: string; enabled: boolean };
  liveMs: number;
  liveEvents: number;
  catchUpMs: number;
  catchUpEvents: number;
  /** The receiver's log length when catch-up began: requests before it were live ones. */
  liveLogLength: number;
}

/** One engine's run: its destinations' figures and the sealing they shared. */
interface EngineRun {
  readonly engine: string;
  readonly seconds: number;
  readonly sealEventsPerSecond: number;
  readonly destinations: readonly ForwardFigures[];
}

async function run(database: BenchDatabase): Promise<EngineRun> {
  const harness = await ForwardHarness.start({
    name: database.engine,
    freshDatabase: async () => database.auditDb,
    dropAll: () => database.drop(),
  });
  const all = await setups();
  const began = performance.now();
  let loadMs = 0;
  let sealMs = 0;
  try {
    await harness.invoke('settings.update', { views: { jira: true, confluence: true } });
    const measured: Measured[] = [];
    for (const setup of all) {
      const saved = await harness.saveDestination<Measured['saved']>({
        name: setup.type,
        type: setup.type,
        format: setup.format,
        enabled: false,
        ...setup.input,
      });
      measured.push({
        setup,
        saved,
        liveMs: 0,
        liveEvents: 0,
        catchUpMs: 0,
        catchUpEvents: 0,
        liveLogLength: 0,
      });
    }
    /** Switches destinations on and off; saving also clears any backoff, as an admin's save does. */
    const switchOn = async (on: (m: Measured) => boolean) => {
      for (const m of measured) {
        if (m.saved.enabled === on(m)) continue;
        // The stored secret stays: saving without one keeps it.
        m.saved = await harness.saveDestination({ ...m.saved, secret: undefined, enabled: on(m) });
      }
    };
    let seed = 0;
    let liveEvents = 0;
    /** Cycle `cycle`'s events arrive, five minutes after the last cycle's. */
    const arrive = async (cycle: number) => {
      const part = Math.floor((RECORDS * (cycle + 1)) / CYCLES) - Math.floor((RECORDS * cycle) / CYCLES);
      const started = performance.now();
      let stored = 0;
      while (stored < part) stored += await storeActivity(harness, part - stored, (seed += 1));
      loadMs += performance.now() - started;
      harness.advance(5);
      return part;
    };
    const timed = async () => {
      const started = performance.now();
      await harness.cycle();
      return performance.now() - started;
    };

    // Live: each cycle's events sealed, then delivered by each destination alone.
    for (let cycle = 0; cycle < LIVE_CYCLES; cycle += 1) {
      const part = await arrive(cycle);
      liveEvents += part;
      await switchOn(() => false);
      const seal = await timed();
      sealMs += seal;
      for (const m of measured) {
        await switchOn((other) => other === m);
        m.liveMs += seal + (await timed());
        const status = await harness.status(m.saved.id);
        if (status.lagRecords !== 0) {
          throw new Error(`${m.setup.type}: ${status.lagRecords} records left after a live cycle`);
        }
        m.liveEvents += part;
      }
    }

    // The outage: every receiver down while the rest of the events arrive and are sealed.
    await Promise.all(all.map((s) => s.receiver.down()));
    await switchOn(() => true);
    for (let cycle = LIVE_CYCLES; cycle < CYCLES; cycle += 1) {
      await arrive(cycle);
      await harness.cycle();
    }
    await Promise.all(all.map((s) => s.receiver.up()));

    // Catch-up: each destination alone until its backlog is delivered.
    for (const m of measured) {
      m.liveLogLength = m.setup.receiver.log.length;
      const backlog = await harness.status(m.saved.id);
      if (m.liveEvents + backlog.lagRecords !== backlog.headSeq) {
        throw new Error(
          `${m.setup.type}: ${backlog.headSeq} sealed, ${m.liveEvents} delivered live and ${backlog.lagRecords} waiting`,
        );
      }
      m.catchUpEvents = backlog.lagRecords;
      await switchOn((other) => other === m);
      for (let attempt = 0; ; attempt += 1) {
        m.catchUpMs += await timed();
        const status = await harness.status(m.saved.id);
        if (status.lagRecords === 0) break;
        if (attempt >= 20) throw new Error(`${m.setup.type}: not caught up: ${status.lastError ?? ''}`);
        harness.advance(60); // past any backoff, as the scheduler's later runs would be
      }
    }

    const engine = database.engine;
    const figures = measured.map((m) => figuresOf(engine, m));
    const seconds = (performance.now() - began) / 1000;
    const sealEventsPerSecond = (liveEvents * 1000) / sealMs;
    console.log(
      `\n${engine}: ${RECORDS.toLocaleString('en-US')} events through each destination type, over ${CYCLES} ` +
        `seal cycles of ${Math.floor(RECORDS / CYCLES).toLocaleString('en-US')}: ${LIVE_CYCLES} live, then ${CYCLES - LIVE_CYCLES} ` +
        `with every receiver down, then catch-up. Loading ${(loadMs / 1000).toFixed(0)} s ` +
        `(normalized and inserted in bulk, not measured here); sealing ${Math.round(sealEventsPerSecond).toLocaleString('en-US')} ` +
        `events/s; ${seconds.toFixed(0)} s in all.\n`,
    );
    console.log(
      formatTable(
        [
          'type',
          'format',
          'events',
          'requests',
          'requests/1,000 events',
          'bytes/event (wire)',
          'live events/s',
          'catch-up events/s',
          'catch-up ÷ live',
          `target ≤${TARGETS.requestsPer1000Events} met?`,
        ],
        figures.map((f) => [
          f.type,
          f.format,
          f.events,
          f.requests,
          f.requestsPer1000.toFixed(2),
          f.bytesPerEvent,
          f.liveEventsPerSecond,
          f.catchUpEventsPerSecond,
          f.catchUpToLive.toFixed(2),
          f.targetMet ? 'yes' : 'no',
        ]),
      ),
    );
    return { engine, seconds, sealEventsPerSecond, destinations: figures };
  } finally {
    await Promise.all(all.map((s) => s.receiver.stop()));
    await harness.close();
    await database.drop();
  }
}

/**
 * Stores the records of `count` synthetic events as the capture handler does with the settings `run`
 * saves (views on, content kept: the normalized record unchanged), but many rows per statement through
 * the audit import's insert: one statement per event made loading most of this benchmark's time, and
 * capture is the ingest part's to measure. Returns how many rows were new (a repeated event collapses,
 * as in capture).
 */
async function storeActivity(harness: ForwardHarness, count: number, seed: number): Promise<number> {
  const now = new Date();
  const records: AuditRecord[] = [];
  for (const event of syntheticEvents(harness.sandbox.site, { count, seed, end: now })) {
    const normalized = normalizeEvent(event, now);
    if (normalized.ok) records.push(normalized.record);
  }
  return insertRecords(harness.sandbox.opened.store, records);
}

function figuresOf(engine: string, m: Measured): ForwardFigures {
  const posted = m.setup.receiver.log
    .map((entry, index) => ({ entry, live: index < m.liveLogLength }))
    .filter(({ entry }) => !entry.path.endsWith('/token'));
  const requests = posted.length;
  const liveRequests = posted.filter((p) => p.live).length;
  const events = m.liveEvents + m.catchUpEvents;
  const requestsPer1000 = (requests * 1000) / events;
  const liveEventsPerSecond = (m.liveEvents * 1000) / m.liveMs;
  const catchUpEventsPerSecond = (m.catchUpEvents * 1000) / m.catchUpMs;
  return {
    engine,
    type: m.setup.type,
    format: m.setup.format,
    events,
    requests,
    requestsPer1000,
    bytesPerEvent: posted.reduce((sum, p) => sum + p.entry.wireBytes, 0) / events,
    liveEvents: m.liveEvents,
    liveRequests,
    liveEventsPerSecond,
    catchUpEvents: m.catchUpEvents,
    catchUpRequests: requests - liveRequests,
    catchUpEventsPerSecond,
    catchUpToLive: catchUpEventsPerSecond / liveEventsPerSecond,
    targetMet: requestsPer1000 <= TARGETS.requestsPer1000Events,
  };
}

async function main(): Promise<void> {
  holdAppLogs();
  const runs: EngineRun[] = [];
  if (ENGINES.includes('mariadb')) {
    if (await mariadbAvailable()) runs.push(await run(await freshMariadb('forward')));
    else console.log('\nmariadb: skipped (no server at AUDIT_BENCH_MYSQL)');
  }
  if (ENGINES.includes('sqlite')) runs.push(await run(freshSqlite()));
  reportFigures({
    engines: runs.map((r) => r.engine),
    eventsPerDestination: RECORDS,
    cycles: CYCLES,
    liveCycles: LIVE_CYCLES,
    eventsPerCycle: Math.floor(RECORDS / CYCLES),
    targetRequestsPer1000: TARGETS.requestsPer1000Events,
    runs: runs.map(({ destinations: _, ...rest }) => rest),
    destinations: runs.flatMap((r) => r.destinations),
  });
  console.log(heldAppLogs());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
