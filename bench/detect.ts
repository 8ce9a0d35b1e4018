import { performance } from 'node:perf_hooks';
import { startSandbox, type Sandbox } from '../dev/sandbox';
import { syntheticEvents } from '../dev/seed/synthetic-activity';
import { evaluate, freshRuleState, type RuleState } from '../src/detect/evaluate';
import { BUILT_IN_DEFAULTS, BUILT_IN_KINDS, type Rule } from '../src/detect/rule';
import { ruleMatch } from '../src/detect/rule-match';
import { DETECT_PAGE } from '../src/detect/run-detections';
import { capture } from '../src/index';
import { readSealed } from '../src/seal/read-sealed';
import { freshMariadb, freshSqlite, mariadbAvailable, type BenchDatabase } from './bench-engines';
import { reportFigures } from './part-result';
import { formatNumber, formatTable } from './table';
import { TARGETS } from './targets';

/**
 * What the detections add to the seal-and-forward job, per 1,000 sealed records, with every built-in
 * rule on (the watch list over one project, its largest group allowed). The same synthetic events
 * (views recorded, so every event is a record) go into two fresh databases per engine: one with every
 * rule off, where the job only seals, and one with every rule on, where it seals, evaluates and writes
 * the alerts the background raises (single-event rules fire on every event of their kind). The job's
 * difference in CPU and SQL requests (MariaDB, the Forge SQL path) is the detections' all-in cost, which
 * grows with the alerts written; the evaluation's own CPU is measured apart (the pure evaluator over the
 * same sealed records, repeated), and is what grows with the records.
 */
const EVENTS = Number(process.env.BENCH_DETECT_EVENTS ?? 5_000);
const EVALUATION_REPEATS = 5;

export interface DetectFigures {
  readonly engine: 'sqlite' | 'mariadb';
  readonly records: number;
  /** Seal-and-forward with every rule off: sealing's own cost per 1,000 records. */
  readonly sealCpuMsPer1000: number;
  readonly sealStatementsPer1000?: number;
  /** The same job with every built-in rule on. */
  readonly withRulesCpuMsPer1000: number;
  readonly withRulesStatementsPer1000?: number;
  /** The pure evaluation of every built-in rule, per 1,000 records (median of the repeats). */
  readonly evaluationCpuMsPer1000: number;
  /**
   * Reading the sealed pages back, per 1,000 records: forwarding reads the same pages through the same
   * reader, so with a destination the detections share them.
   */
  readonly readCpuMsPer1000: number;
  readonly readStatementsPer1000?: number;
  /** Added SQL requests per 1,000 records, and the evaluation's CPU, as a share of sealing's. */
  readonly addedStatementsPercent?: number;
  /** The added SQL requests besides the page reads: the rules' state, their alerts and own records. */
  readonly addedBeyondReadsPercent?: number;
  readonly addedCpuPercent: number;
  /** Alerts the threshold rules (mass deletion, crawling) opened on the background: none expected. */
  readonly thresholdAlerts: number;
  /** Alerts every built-in opened on the background: single-event rules fire on their kind of event. */
  readonly alerts: Readonly<Record<string, number>>;
}

/** The site's largest group: the people the watch list lets act in the watched project. */
function allowedGroup(sandbox: Sandbox): { readonly name: string; readonly memberIds: readonly string[] } {
  return [...sandbox.site.groups].sort((a, b) => b.memberIds.length - a.memberIds.length)[0]!;
}

/** Every built-in; the watch list over one project, its largest group allowed (a REST read per run). */
function builtIns(sandbox: Sandbox, enabled: boolean): Rule[] {
  return BUILT_IN_KINDS.map((kind) => {
    const rule: Rule = { ...BUILT_IN_DEFAULTS[kind], enabled };
    return rule.kind === 'watch-list'
      ? {
          ...rule,
          watch: { containers: [sandbox.site.projects[0]!.key], groups: [allowedGroup(sandbox).name] },
        }
      : rule;
  });
}

/** The same events for every database: the sandbox's site is the same each time it starts. */
let payloads: readonly Record<string, unknown>[] | undefined;

async function measureJob(
  database: BenchDatabase,
  rulesOn: boolean,
): Promise<{ cpuMs: number; statements?: number; records: number; sandbox: Sandbox }> {
  const sandbox = await startSandbox({ auditDb: database.auditDb, kvsFile: null });
  payloads ??= [...syntheticEvents(sandbox.site, { count: EVENTS, seed: 7 })];
  const invoke = (key: string, payload: unknown) =>
    sandbox.host.invoke('jira:adminPage', key, payload, sandbox.defaultAccountId);
  await invoke('settings.update', { views: { jira: true, confluence: true } });
  for (const rule of builtIns(sandbox, rulesOn)) await invoke('rules.save', rule);
  // The rules start at the head of the empty log, so the measured run evaluates every record.
  await sandbox.host.runScheduled('seal-and-forward');
  await sandbox.queue.idle();
  for (const payload of payloads) await capture(payload);
  const records = await sandbox.records();
  const backend = sandbox.opened.sqlBackend;
  const statements0 = backend?.statements ?? 0;
  const cpu0 = process.cpuUsage();
  await sandbox.host.runScheduled('seal-and-forward');
  await sandbox.queue.idle();
  const cpu = process.cpuUsage(cpu0);
  return {
    cpuMs: (cpu.user + cpu.system) / 1000,
    ...(backend ? { statements: backend.statements - statements0 } : {}),
    records,
    sandbox,
  };
}

async function benchEngine(open: (label: string) => Promise<BenchDatabase>): Promise<DetectFigures> {
  const off = await open('detect_off');
  const on = await open('detect_on');
  try {
    const sealOnly = await measureJob(off, false);
    await sealOnly.sandbox.close();
    const withRules = await measureJob(on, true);
    try {
      const store = withRules.sandbox.opened.store;
      // The pages the evaluation reads, read again alone: what it costs when no destination shares them.
      const backend = withRules.sandbox.opened.sqlBackend;
      const readStatements0 = backend?.statements ?? 0;
      const readCpu0 = process.cpuUsage();
      const records = [];
      for (let after = 0; ;) {
        const page = await readSealed(store, after, DETECT_PAGE);
        if (page.length === 0) break;
        records.push(...page);
        after = page[page.length - 1]!.seq;
      }
      const readCpu = process.cpuUsage(readCpu0);
      const readStatements = (backend?.statements ?? 0) - readStatements0;
      const rules = builtIns(withRules.sandbox, true);
      const members = new Set(allowedGroup(withRules.sandbox).memberIds);
      const evaluated = rules.map((rule) => ({ rule, match: ruleMatch(rule, members) }));
      const timings: number[] = [];
      const alerts: Record<string, number> = {};
      for (let repeat = 0; repeat < EVALUATION_REPEATS; repeat += 1) {
        const state: Record<string, RuleState> = Object.fromEntries(
          rules.map((r) => [r.id, freshRuleState(0)]),
        );
        const opened = new Map<string, string>();
        const cpu0 = process.cpuUsage();
        for (let i = 0; i < records.length; i += DETECT_PAGE)
          for (const d of evaluate(evaluated, state, records.slice(i, i + DETECT_PAGE)))
            opened.set(d.id, d.ruleId);
        const cpu = process.cpuUsage(cpu0);
        timings.push((cpu.user + cpu.system) / 1000);
        for (const rule of rules)
          alerts[rule.id] = [...opened.values()].filter((id) => id === rule.id).length;
      }
      timings.sort((a, b) => a - b);
      const per1000 = (value: number) => (value * 1000) / records.length;
      const sealCpu = per1000(sealOnly.cpuMs);
      const evaluationCpu = per1000(timings[Math.floor(timings.length / 2)]!);
      const sealStatements = sealOnly.statements !== undefined ? per1000(sealOnly.statements) : undefined;
      const withStatements = withRules.statements !== undefined ? per1000(withRules.statements) : undefined;
      return {
        engine: off.engine,
        records: records.length,
        sealCpuMsPer1000: sealCpu,
        withRulesCpuMsPer1000: per1000(withRules.cpuMs),
        evaluationCpuMsPer1000: evaluationCpu,
        addedCpuPercent: (evaluationCpu / sealCpu) * 100,
        readCpuMsPer1000: per1000((readCpu.user + readCpu.system) / 1000),
        ...(sealStatements !== undefined && withStatements !== undefined
          ? {
              sealStatementsPer1000: sealStatements,
              withRulesStatementsPer1000: withStatements,
              readStatementsPer1000: per1000(readStatements),
              addedStatementsPercent: ((withStatements - sealStatements) / sealStatements) * 100,
              addedBeyondReadsPercent:
                ((withStatements - sealStatements - per1000(readStatements)) / sealStatements) * 100,
            }
          : {}),
        thresholdAlerts: (alerts['mass-deletion'] ?? 0) + (alerts.crawling ?? 0),
        alerts,
      };
    } finally {
      await withRules.sandbox.close();
    }
  } finally {
    await off.drop();
    await on.drop();
  }
}

async function main(): Promise<void> {
  const engines: ((label: string) => Promise<BenchDatabase>)[] = [async () => freshSqlite()];
  if (await mariadbAvailable()) engines.push((label) => freshMariadb(label));
  else console.log('  (MariaDB not reachable at AUDIT_BENCH_MYSQL: SQLite only, no SQL request counts)');
  const figures: DetectFigures[] = [];
  for (const open of engines) {
    const started = performance.now();
    figures.push(await benchEngine(open));
    console.log(
      `  ${figures[figures.length - 1]!.engine}: ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }
  console.log(
    formatTable(
      [
        'engine',
        'records',
        'seal CPU ms/1,000',
        'evaluation CPU ms/1,000 (all built-ins)',
        'added CPU',
        'job CPU ms/1,000 with rules (added)',
        'reading pages back: CPU ms / SQL per 1,000',
        'SQL requests/1,000: seal / with rules',
        'added SQL (besides page reads)',
        'threshold alerts on background',
        'alerts by rule',
      ],
      figures.map((f) => [
        f.engine,
        f.records,
        f.sealCpuMsPer1000,
        f.evaluationCpuMsPer1000,
        `${f.addedCpuPercent.toFixed(1)} %`,
        `${formatNumber(f.withRulesCpuMsPer1000)} (${(((f.withRulesCpuMsPer1000 - f.sealCpuMsPer1000) / f.sealCpuMsPer1000) * 100).toFixed(0)} %)`,
        `${formatNumber(f.readCpuMsPer1000)} / ${f.readStatementsPer1000 !== undefined ? f.readStatementsPer1000.toFixed(1) : 'n/a'}`,
        f.sealStatementsPer1000 !== undefined
          ? `${f.sealStatementsPer1000.toFixed(1)} / ${f.withRulesStatementsPer1000!.toFixed(1)}`
          : 'n/a',
        f.addedStatementsPercent !== undefined
          ? `${f.addedStatementsPercent.toFixed(1)} % (${f.addedBeyondReadsPercent!.toFixed(1)} %)`
          : 'n/a',
        f.thresholdAlerts,
        Object.entries(f.alerts)
          .filter(([, n]) => n > 0)
          .map(([id, n]) => `${id} ${n}`)
          .join(', ') || 'none',
      ]),
    ),
  );
  console.log(`\nTarget: rule evaluation adds at most ${TARGETS.detectAddedPercent} % to sealing's cost.`);
  reportFigures({ events: EVENTS, targetPercent: TARGETS.detectAddedPercent, engines: figures });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
