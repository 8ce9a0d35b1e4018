import { buildSite } from '../../dev/site/site-model';
import { syntheticEvents } from '../../dev/seed/synthetic-activity';
import { normalizeEvent } from '../../src/capture/normalize';
import {
  ALERT_RECORD_IDS,
  evaluate,
  freshRuleState,
  type AlertDraft,
  type RuleState,
} from '../../src/detect/evaluate';
import { BUILT_IN_DEFAULTS, type BuiltInKind, type Rule } from '../../src/detect/rule';
import { ruleMatch } from '../../src/detect/rule-match';
import { DETECT_PAGE } from '../../src/detect/run-detections';
import type { AuditRecord } from '../../src/record/audit-record';

/**
 * Each built-in rule over a month of the sandbox's realistic activity (the bench's site: 1,000 people,
 * 100 projects, 100 spaces; views recorded), through the evaluator the scheduled run and the backtest
 * share, in seq order and in forwarding's pages. Pure: the same function runs on both engines, whose
 * reading and writing of it detections.test.ts covers.
 *
 * What "fires exactly once" means per rule:
 * - Threshold rules (mass deletion, crawling, a custom threshold) never fire on the month, and fire
 *   exactly once on a planted incident: one alert holding exactly the planted records.
 * - Single-event rules (permission and access changes, admin configuration outside working hours, a
 *   project or space removed, a new kind of actor) are meant to fire on every background event of their
 *   kind: a real site has such events, and each is news to a security team. On the month they fire on
 *   exactly those events, each record in exactly one alert, records of one actor (or container) closer
 *   than the cooldown in one alert, so one alert per incident. A planted event of their kind adds
 *   exactly one alert, holding just it, and leaves the month's alerts as they were.
 * - The watch list fires on activity in the watched containers by anyone outside the allowed groups,
 *   grouped the same way; an allowed member's activity there raises nothing.
 */
const DAY = 86_400_000;
const END = Date.parse('2026-11-30T00:00:00Z');
const START = END - 30 * DAY;
/** Fewer events than the bench's month (its density is ~11,000 a day): enough to meet every kind. */
const MONTH_EVENTS = 20_000;

type Sealed = AuditRecord & { readonly seq: number };

let month: AuditRecord[];

beforeAll(() => {
  const site = buildSite({ users: 1000, projects: 100, spaces: 100, issues: 20_000, pages: 5000 });
  const seen = new Set<string>();
  month = [];
  for (const event of syntheticEvents(site, {
    count: MONTH_EVENTS,
    seed: 3,
    start: new Date(START),
    end: new Date(END),
  })) {
    const normalized = normalizeEvent(event, new Date(END));
    if (!normalized.ok || seen.has(normalized.record.id)) continue;
    seen.add(normalized.record.id);
    month.push(normalized.record);
  }
});

/** The records in time order with gap-free seqs, as sealing leaves a log delivered as it happened. */
function sealed(records: readonly AuditRecord[]): Sealed[] {
  return [...records]
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.id.localeCompare(b.id))
    .map((r, i) => ({ ...r, seq: i + 1 }));
}

/** Runs one rule from the start of the log to its end, a page at a time; every alert as it stands last. */
function run(
  rule: Rule,
  records: readonly Sealed[],
  allowed?: ReadonlySet<string>,
): { alerts: AlertDraft[]; state: RuleState } {
  const state: Record<string, RuleState> = { [rule.id]: freshRuleState(0) };
  const evaluated = [{ rule, match: ruleMatch(rule, allowed) }];
  const alerts = new Map<string, AlertDraft>();
  for (let i = 0; i < records.length; i += DETECT_PAGE)
    for (const d of evaluate(evaluated, state, records.slice(i, i + DETECT_PAGE))) alerts.set(d.id, d);
  return { alerts: [...alerts.values()], state: state[rule.id]! };
}

/** A background record of `action` made into a planted one: its own id, actor, object and time. */
function plant(
  action: string,
  n: number,
  atMs: number,
  patch: Partial<AuditRecord> & { readonly actorId?: string } = {},
): AuditRecord {
  const model = month.find((r) => r.action === action);
  if (!model) throw new Error(`the month has no ${action} record to model a planted one on`);
  const { actorId, ...rest } = patch;
  return {
    ...model,
    id: `planted-${action}-${n}`,
    time: new Date(atMs).toISOString(),
    actor: { accountId: actorId ?? 'planted-actor', type: 'user' },
    object: model.object ? { ...model.object, id: `planted-object-${n}` } : null,
    ...rest,
  };
}

const rule = (kind: BuiltInKind, patch: Partial<Rule> = {}): Rule =>
  ({ ...BUILT_IN_DEFAULTS[kind], enabled: true, ...patch }) as Rule;
/** A quiet Sunday night, mid-month: no working hours anywhere near it in UTC. */
const QUIET = Date.parse('2026-11-15T03:00:00Z');

describe('threshold rules: never on the synthetic month, exactly once on a planted incident', () => {
  const custom: Rule = {
    id: 'custom-trash',
    kind: 'custom',
    name: 'Pages trashed',
    enabled: true,
    filter: { actions: ['page.trashed'] },
    threshold: { count: 10, windowMinutes: 10, per: 'actor' },
    cooldownMinutes: 30,
    dailyCap: 20,
    snoozes: [],
  };
  const cases: readonly [string, Rule, () => AuditRecord[]][] = [
    [
      'mass deletion: 25 issues deleted by one person, 5 s apart',
      rule('mass-deletion'),
      () => Array.from({ length: 25 }, (_, n) => plant('issue.deleted', n, QUIET + n * 5_000)),
    ],
    [
      'crawling: 250 distinct issues viewed by one person, 2 s apart',
      rule('crawling'),
      () => Array.from({ length: 250 }, (_, n) => plant('issue.viewed', n, QUIET + n * 2_000)),
    ],
    [
      'a custom threshold: 12 pages trashed by one person in 6 minutes',
      custom,
      () => Array.from({ length: 12 }, (_, n) => plant('page.trashed', n, QUIET + n * 30_000)),
    ],
  ];

  test.each(cases)('%s', (_name, r, incident) => {
    expect(run(r, sealed(month)).alerts).toEqual([]);
    const planted = incident();
    const { alerts } = run(r, sealed([...month, ...planted]));
    expect(alerts).toHaveLength(1);
    // The alert keeps the first hundred of its records; `count` says how many there were.
    const ids = planted.map((p) => p.id);
    expect(alerts[0]!.recordIds).toEqual(ids.slice(0, ALERT_RECORD_IDS));
    expect(alerts[0]).toMatchObject({ count: planted.length, actors: ['planted-actor'] });
  });

  test('just under the threshold, or spread wider than the window, is no incident', () => {
    const under = Array.from({ length: 19 }, (_, n) => plant('issue.deleted', n, QUIET + n * 5_000));
    expect(run(rule('mass-deletion'), sealed([...month, ...under])).alerts).toEqual([]);
    const spread = Array.from({ length: 25 }, (_, n) => plant('issue.deleted', n, QUIET + n * 60_000));
    expect(run(rule('mass-deletion'), sealed([...month, ...spread])).alerts).toEqual([]);
  });
});

describe('single-event rules fire exactly on the events of their kind, one alert per incident', () => {
  const cases: readonly [string, Rule, () => AuditRecord][] = [
    [
      'permission and access changes',
      rule('permission-change'),
      () => plant('space.permissions_updated', 0, QUIET, { actorId: 'planted-admin' }),
    ],
    [
      'admin configuration changed outside working hours',
      rule('off-hours-admin'),
      () => plant('config.changed', 0, QUIET, { actorId: 'planted-admin' }),
    ],
    [
      'project or space deleted or archived',
      rule('container-removed'),
      () =>
        plant('project.deleted', 0, QUIET, {
          container: { type: 'project', id: 'planted-project', key: 'PLANT' },
        }),
    ],
  ];

  test.each(cases)('%s', (_name, r, incident) => {
    // No cap in the way of counting: every incident gets its alert.
    const uncapped = { ...r, dailyCap: 1000 };
    const match = ruleMatch(uncapped);
    const matching = month.filter((m) => match.matches(m)).map((m) => m.id);
    expect(matching.length).toBeGreaterThan(0);
    const { alerts } = run(uncapped, sealed(month));

    // Exactly those events, each in one alert.
    const alerted = alerts.flatMap((a) => a.recordIds);
    expect(alerts.every((a) => a.count === a.recordIds.length)).toBe(true);
    expect(new Set(alerted).size).toBe(alerted.length);
    expect([...alerted].sort()).toEqual([...matching].sort());
    // One alert per incident: an alert's group has no other alert within the cooldown of it.
    const cooldownMs = uncapped.cooldownMinutes * 60_000;
    const byGroup = new Map<string, AlertDraft[]>();
    for (const a of alerts) byGroup.set(a.group, [...(byGroup.get(a.group) ?? []), a]);
    for (const group of byGroup.values()) {
      group.sort((a, b) => a.firstMs - b.firstMs);
      for (let i = 1; i < group.length; i += 1)
        expect(group[i]!.firstMs).toBeGreaterThan(group[i - 1]!.lastMs + cooldownMs);
    }
    expect(alerts.length).toBeLessThan(matching.length + 1);

    // A planted event adds one alert, holding just it.
    const planted = incident();
    const withPlant = run(uncapped, sealed([...month, planted])).alerts;
    const holding = withPlant.filter((a) => a.recordIds.includes(planted.id));
    expect(holding).toHaveLength(1);
    expect(holding[0]!.recordIds).toEqual([planted.id]);
    expect(
      withPlant
        .filter((a) => a !== holding[0])
        .map((a) => a.id)
        .sort(),
    ).toEqual(alerts.map((a) => a.id).sort());
  });

  test('the daily cap stops a storm of them: at most that many alerts a day, the rest counted', () => {
    const burst = Array.from({ length: 40 }, (_, n) =>
      plant('space.permissions_updated', n, QUIET + n * 60_000, { actorId: `planted-admin-${n}` }),
    );
    const { alerts, state } = run(rule('permission-change', { dailyCap: 5 }), sealed(burst));
    expect(alerts).toHaveLength(5);
    expect(state.suppressed).toBe(35);
  });

  test('first activity by a new kind of actor: once per kind, on its first record', () => {
    const r = rule('new-actor-type');
    const ordered = sealed(month);
    const { alerts } = run(r, ordered);
    const newKinds = [...new Set(ordered.map((m) => m.actor.type))].filter(
      (t) => t !== 'user' && t !== 'unknown',
    );
    expect(newKinds).toEqual(['app']);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.recordIds).toEqual([ordered.find((m) => m.actor.type === 'app')!.id]);

    // An anonymous actor, never seen on this site before: one alert; a second one later: none more.
    const first = plant('page.viewed', 0, QUIET, { actor: { accountId: null, type: 'anonymous' } });
    const again = plant('page.viewed', 1, QUIET + 2 * DAY, { actor: { accountId: null, type: 'anonymous' } });
    const withPlant = run(r, sealed([...month, first, again])).alerts;
    expect(withPlant).toHaveLength(2);
    expect(withPlant.filter((a) => a.recordIds.includes(first.id))).toHaveLength(1);
    expect(withPlant.some((a) => a.recordIds.includes(again.id))).toBe(false);
  });

  test('watch list: outsiders acting in a watched container, once per incident; members of the allowed groups never', () => {
    const watched = { type: 'space' as const, id: 'planted-space', key: 'VAULT' };
    const r = rule('watch-list', { watch: { containers: ['VAULT'], groups: ['security'] } });
    const allowed = new Set(['planted-member']);
    expect(run(r, sealed(month), allowed).alerts).toEqual([]);
    const planted = [
      plant('page.viewed', 0, QUIET, { container: watched, actorId: 'planted-outsider' }),
      plant('page.updated', 1, QUIET + 5 * 60_000, { container: watched, actorId: 'planted-outsider' }),
      plant('page.updated', 2, QUIET + 6 * 60_000, { container: watched, actorId: 'planted-member' }),
    ];
    const { alerts } = run(r, sealed([...month, ...planted]), allowed);
    expect(alerts).toHaveLength(1);
    expect([...alerts[0]!.recordIds].sort()).toEqual([planted[0]!.id, planted[1]!.id].sort());
  });
});
