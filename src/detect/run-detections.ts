import { groupMembers } from '../activity/group-members';
import { clock } from '../forward/delivery/clock';
import type { SealedReader } from '../forward/forward-destination';
import { readSealState } from '../seal/seal-state';
import type { Store } from '../store/database';
import { storedAlertIds, upsertAlerts } from './alert-store';
import { activeChannels } from './channels';
import { commitDetectionState, readDetectionState } from './detection-state';
import { evaluate, freshRuleState, type AlertDraft, type EvaluatedRule, type RuleState } from './evaluate';
import { recordOwnActions } from './own-actions';
import type { Rule } from './rule';
import { ruleMatch } from './rule-match';
import { listRules } from './rule-store';

/** Records per evaluated batch: forwarding's page, so a cycle's reader serves both from one read. */
export const DETECT_PAGE = 500;

export interface DetectionRun {
  /** `caught-up`, `behind` (time ran out), `busy` (another run committed first), `idle` (no rule on). */
  readonly outcome: 'caught-up' | 'behind' | 'busy' | 'idle';
  readonly evaluated: number;
  readonly alerts: number;
  readonly throughSeq: number;
}

/**
 * Evaluates every enabled rule over the sealed records each has not yet seen, in seq order, a page at a
 * time, until caught up or out of time. Then the alerts the run opened or extended are written whole
 * (ids from the incident), and the state (every rule's cursor and windows) is replaced only if no other
 * run moved it since it was read. A crash after the alerts and before the state replays those records
 * and writes the same alerts; a duplicate run loses the conditional UPDATE and its alerts were the same
 * rows. So each record counts once per rule.
 *
 * A rule turned on starts at the head: what came before is the backtest's to show, not a flood of
 * alerts about last year.
 */
export async function runDetections(
  target: Store,
  input: { readonly reader: SealedReader; readonly deadlineMs: number },
): Promise<DetectionRun> {
  const rules = (await listRules(target)).filter((r) => r.enabled);
  const headSeq = (await readSealState(target))?.head.seq ?? 0;
  const stored = await readDetectionState(target);
  const version = stored.version;
  const evaluated = await prepare(rules);
  // Rules switched off or deleted drop out; a rule left out this run (its groups could not be read)
  // keeps its place; a rule new to the evaluation starts at the head.
  const state: Record<string, RuleState> = {};
  for (const rule of rules) {
    const prior = stored.rules[rule.id];
    if (prior) state[rule.id] = prior;
    else if (evaluated.some((e) => e.rule.id === rule.id)) state[rule.id] = freshRuleState(headSeq);
  }
  if (evaluated.length === 0) {
    if (Object.keys(stored.rules).length > 0)
      await commitDetectionState(target, version, state, clock().now());
    return { outcome: 'idle', evaluated: 0, alerts: 0, throughSeq: headSeq };
  }

  // Alerts are written whole, so the run gathers them (each as it stands last) and writes them once,
  // then commits the state once: a handful of SQL requests per run whatever its length, beside the
  // pages it reads (which forwarding's reader shares when a destination reads them too).
  const drafts = new Map<string, AlertDraft>();
  let records = 0;
  let outcome: DetectionRun['outcome'] = 'caught-up';
  let throughSeq = headSeq;
  for (;;) {
    const from = Math.min(...evaluated.map((e) => state[e.rule.id]!.cursor));
    if (from >= headSeq) break;
    if (Date.now() >= input.deadlineMs) {
      outcome = 'behind';
      throughSeq = from;
      break;
    }
    const page = await input.reader.read(from, DETECT_PAGE);
    if (page.length === 0) break;
    for (const d of evaluate(evaluated, state, page))
      drafts.set(d.id, { ...d, openedSeq: drafts.get(d.id)?.openedSeq ?? d.openedSeq });
    records += page.length;
  }
  if (drafts.size > 0) await writeAlerts(target, [...drafts.values()], await activeChannels(target));
  const changed =
    records > 0 ||
    Object.keys(stored.rules).length !== Object.keys(state).length ||
    Object.keys(state).some((id) => !stored.rules[id]);
  if (changed && !(await commitDetectionState(target, version, state, clock().now())))
    return { outcome: 'busy', evaluated: records, alerts: drafts.size, throughSeq };
  return { outcome, evaluated: records, alerts: drafts.size, throughSeq };
}

/** Each rule with its matcher; a watch list whose groups cannot be read now waits for the next run. */
export async function prepare(rules: readonly Rule[]): Promise<EvaluatedRule[]> {
  const out: EvaluatedRule[] = [];
  for (const rule of rules) {
    if (rule.kind === 'watch-list' && rule.watch.groups.length > 0) {
      try {
        out.push({ rule, match: ruleMatch(rule, await groupMembers(rule.watch.groups, undefined)) });
      } catch (error) {
        console.warn(`detect: the watch list's groups could not be read, it waits: ${String(error)}`);
      }
      continue;
    }
    out.push({ rule, match: ruleMatch(rule) });
  }
  return out;
}

async function writeAlerts(
  target: Store,
  drafts: readonly AlertDraft[],
  channels: readonly string[],
): Promise<void> {
  const known = await storedAlertIds(
    target,
    drafts.map((d) => d.id),
  );
  const now = clock().now();
  await upsertAlerts(target, drafts, channels, now);
  await recordOwnActions(
    target,
    drafts
      .filter((d) => !known.has(d.id))
      .map((d) => ({
        action: 'alert.opened',
        object: { type: 'alert' as const, id: d.id, title: d.ruleName },
        products: d.products,
        changes: [{ field: 'status', from: null, to: 'open' }],
        // The incident's own time: a replay of the batch makes the same record.
        atMs: d.firstMs,
      })),
  );
}
