import { createHash } from 'node:crypto';
import type { ActivityFilterInput } from '../query/activity-filter';
import type { AuditRecord, Product } from '../record/audit-record';
import type { Rule } from './rule';
import type { RuleMatch } from './rule-match';

/**
 * Rule evaluation, the pure core: records in seq order plus each rule's state in, new state and alert
 * upserts out. Nothing here reads or writes; the same function serves the scheduled evaluation and the
 * backtest, which is why the two agree.
 */

/** Late product events (Forge delivers up to 3 minutes late) still find their window's earlier records. */
export const LATENESS_MS = 5 * 60_000;
/**
 * How long a quiet group's window is kept after the rule's newest record: records caught up this late
 * (an import after an outage, a day of events sealed at once) still meet the earlier records of their
 * own actor or container, because a group's window is pruned by its own newest record, not the rule's.
 */
export const CATCH_UP_MS = 24 * 3_600_000;
/** Record ids an alert keeps for its detail; `count` says how many there were in all. */
export const ALERT_RECORD_IDS = 100;
/** Actor types every site has from its first day: not news. */
const KNOWN_ACTOR_TYPES = ['user', 'unknown'];

type Event = readonly [timeMs: number, countKey: string, recordId: string];

interface Incident {
  readonly id: string;
  readonly firstMs: number;
  readonly lastMs: number;
  readonly count: number;
  /** The daily cap was reached: later records fold in silently and no alert is written. */
  readonly suppressed?: boolean;
  readonly actors: readonly string[];
  readonly containers: readonly string[];
  readonly products: readonly Product[];
  readonly recordIds: readonly string[];
}

interface GroupState {
  events: Event[];
  incident?: Incident;
}

/** One rule's progress: the last seq it evaluated and what its windows hold. */
export interface RuleState {
  cursor: number;
  maxMs: number;
  groups: Record<string, GroupState>;
  /** New alerts per UTC day (event time), for the daily cap; only recent days are kept. */
  days: Record<string, number>;
  /** Incidents the daily cap left without an alert. */
  suppressed: number;
  /** `new-actor-type`: the actor types seen so far. */
  seen?: string[];
}

export function freshRuleState(cursor: number): RuleState {
  return { cursor, maxMs: 0, groups: {}, days: {}, suppressed: 0 };
}

/** An alert as the evaluation leaves it: written whole (an upsert), so a replay writes the same row. */
export interface AlertDraft {
  readonly id: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly kind: Rule['kind'];
  readonly group: string;
  readonly firstMs: number;
  readonly lastMs: number;
  readonly count: number;
  readonly actors: readonly string[];
  readonly containers: readonly string[];
  readonly products: readonly Product[];
  readonly recordIds: readonly string[];
  /** Opens the log at the incident: the rule's filter, its group and the incident's time range. */
  readonly filter: ActivityFilterInput;
  /** The seq of the record that opened it: notifications of one cycle go out in this order. */
  readonly openedSeq: number;
}

export interface EvaluatedRule {
  readonly rule: Rule;
  readonly match: RuleMatch;
}

type Sealed = AuditRecord & { readonly seq: number };

/**
 * Evaluates `records` (seq order) for each rule past its own cursor. `state` is changed in place and the
 * alerts opened or extended are returned, each once, as they stand after the batch.
 */
export function evaluate(
  rules: readonly EvaluatedRule[],
  state: Record<string, RuleState>,
  records: readonly Sealed[],
): AlertDraft[] {
  const out = new Map<string, AlertDraft>();
  for (const { rule, match } of rules) {
    const rs = state[rule.id];
    if (!rs) continue;
    const windowMs = rule.threshold.windowMinutes * 60_000;
    const cooldownMs = rule.cooldownMinutes * 60_000;
    for (const record of records) {
      if (record.seq <= rs.cursor) continue;
      rs.cursor = record.seq;
      if (isAppsOwn(record) || !match.matches(record)) continue;
      const t = Date.parse(record.time);
      if (!Number.isFinite(t) || snoozed(rule, record, t)) continue;
      if (rule.kind === 'new-actor-type') {
        const seen = (rs.seen ??= [...KNOWN_ACTOR_TYPES]);
        if (seen.includes(record.actor.type)) continue;
        seen.push(record.actor.type);
      }
      rs.maxMs = Math.max(rs.maxMs, t);
      const key = groupKey(rule, record);
      const group = (rs.groups[key] ??= { events: [] });
      insertSorted(group.events, [t, match.countKey(record), record.id]);
      const horizon = group.events[group.events.length - 1]![0] - windowMs - LATENESS_MS;
      while (group.events.length > 0 && group.events[0]![0] < horizon) group.events.shift();

      const open = group.incident;
      if (open && t <= open.lastMs + cooldownMs && t >= open.firstMs - windowMs) {
        group.incident = fold(open, record, t);
        if (!group.incident.suppressed)
          out.set(open.id, draft(rule, match, key, group.incident, record.seq, out));
        continue;
      }
      const window = burstAround(group.events, t, windowMs, rule.threshold.count);
      if (!window) continue;
      const firstMs = window[0]![0];
      const day = new Date(firstMs).toISOString().slice(0, 10);
      const ids = window.map((e) => e[2]);
      const incident: Incident = {
        id: alertId(rule.id, key, firstMs, ids[0]!),
        firstMs,
        lastMs: Math.max(t, window[window.length - 1]![0]),
        count: window.length,
        actors: [],
        containers: [],
        products: [],
        recordIds: ids.slice(0, ALERT_RECORD_IDS),
      };
      const capped = (rs.days[day] ?? 0) >= rule.dailyCap;
      group.incident = withParts(capped ? { ...incident, suppressed: true } : incident, record);
      if (capped) {
        rs.suppressed += 1;
        continue;
      }
      rs.days[day] = (rs.days[day] ?? 0) + 1;
      out.set(incident.id, draft(rule, match, key, group.incident, record.seq, out));
    }
    prune(rs, windowMs, cooldownMs);
  }
  return [...out.values()];
}

/** The app's own records (alerts and rule changes it logs) never feed its rules: no alert about alerts. */
export const OWN_SOURCE = 'audit-trail:app';
function isAppsOwn(record: AuditRecord): boolean {
  return record.source.event === OWN_SOURCE;
}

function snoozed(rule: Rule, r: AuditRecord, t: number): boolean {
  return rule.snoozes.some(
    (s) =>
      t < s.until &&
      ((s.actor !== undefined && s.actor === r.actor.accountId) ||
        (s.container !== undefined && (s.container === r.container?.id || s.container === r.container?.key))),
  );
}

export function groupKey(rule: Rule, r: AuditRecord): string {
  switch (rule.threshold.per) {
    case 'actor':
      return r.actor.accountId ? `actor:${r.actor.accountId}` : `actor-type:${r.actor.type}`;
    case 'container':
      return r.container ? `container:${r.container.id}` : 'container:none';
    case 'overall':
      return rule.kind === 'new-actor-type' ? `actor-type:${r.actor.type}` : 'all';
  }
}

function insertSorted(events: Event[], event: Event): void {
  let i = events.length;
  while (i > 0 && events[i - 1]![0] > event[0]) i -= 1;
  events.splice(i, 0, event);
}

/**
 * The events of a window of `windowMs` holding the record at `t` with at least `count` distinct count
 * keys, if there is one: the window ending at `t` (the usual case, records in time order), else the
 * windows starting at each earlier event in reach (a late record completing a burst).
 */
function burstAround(
  events: readonly Event[],
  t: number,
  windowMs: number,
  count: number,
): Event[] | undefined {
  if (events.length < count) return undefined;
  const starts = events.filter((e) => e[0] >= t - windowMs && e[0] <= t).map((e) => e[0]);
  for (const start of [...new Set(starts)]) {
    const inside = events.filter((e) => e[0] >= start && e[0] <= start + windowMs);
    if (new Set(inside.map((e) => e[1])).size >= count) return inside;
  }
  return undefined;
}

function fold(incident: Incident, record: AuditRecord, t: number): Incident {
  return withParts(
    {
      ...incident,
      firstMs: Math.min(incident.firstMs, t),
      lastMs: Math.max(incident.lastMs, t),
      count: incident.count + 1,
      recordIds:
        incident.recordIds.length < ALERT_RECORD_IDS
          ? [...incident.recordIds, record.id]
          : incident.recordIds,
    },
    record,
  );
}

function withParts(incident: Incident, r: AuditRecord): Incident {
  const add = <T>(list: readonly T[], value: T | null | undefined) =>
    value === null || value === undefined || list.includes(value) || list.length >= 50
      ? list
      : [...list, value];
  return {
    ...incident,
    actors: add(incident.actors, r.actor.accountId ?? `(${r.actor.type})`),
    containers: add(incident.containers, r.container?.key ?? r.container?.id),
    products: add(incident.products, r.product),
  };
}

function draft(
  rule: Rule,
  match: RuleMatch,
  key: string,
  incident: Incident,
  seq: number,
  already: ReadonlyMap<string, AlertDraft>,
): AlertDraft {
  const scope: ActivityFilterInput = key.startsWith('actor:')
    ? { actors: [key.slice(6)] }
    : key.startsWith('container:') && key !== 'container:none'
      ? { containers: [key.slice(10)] }
      : {};
  return {
    id: incident.id,
    ruleId: rule.id,
    ruleName: rule.name,
    kind: rule.kind,
    group: key,
    firstMs: incident.firstMs,
    lastMs: incident.lastMs,
    count: incident.count,
    actors: incident.actors,
    containers: incident.containers,
    products: incident.products,
    recordIds: incident.recordIds,
    filter: { ...match.filter, ...scope, from: incident.firstMs, to: incident.lastMs },
    openedSeq: already.get(incident.id)?.openedSeq ?? seq,
  };
}

/** Deterministic: the same incident found again (a replay, a duplicate run) is the same alert. */
export function alertId(ruleId: string, group: string, firstMs: number, firstRecordId: string): string {
  return createHash('sha256')
    .update(`${ruleId}\n${group}\n${firstMs}\n${firstRecordId}`)
    .digest('hex')
    .slice(0, 32);
}

function prune(rs: RuleState, windowMs: number, cooldownMs: number): void {
  const quiet = rs.maxMs - windowMs - CATCH_UP_MS;
  for (const [key, group] of Object.entries(rs.groups)) {
    const newest = group.events[group.events.length - 1]?.[0] ?? 0;
    if (newest < quiet) group.events = [];
    if (group.incident && group.incident.lastMs + cooldownMs < quiet) delete group.incident;
    if (group.events.length === 0 && !group.incident) delete rs.groups[key];
  }
  const oldest = new Date(rs.maxMs - CATCH_UP_MS - 86_400_000).toISOString().slice(0, 10);
  for (const day of Object.keys(rs.days)) if (day < oldest) delete rs.days[day];
}
