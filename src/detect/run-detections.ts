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
 * Evaluates every enabled rule over the sealed records each has not yet seen, in seq order, a batch at a
 * time. Per batch: the alerts it opened or extended are written whole (ids from the incident), then the
 * state (every rule's cursor and windows) is replaced only if no other run moved it since it was read.
 * A crash after the alerts and before the state replays the batch and writes the same alerts; a
 * duplicate run loses the conditional UPDATE and stops. So each record counts once per rule.
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
  let version = stored.version;
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

  let channels: string[] | undefined;
  let records = 0;
  let alerts = 0;
  const changed =
    Object.keys(stored.rules).length !== Object.keys(state).length ||
    Object.keys(state).some((id) => !stored.rules[id]);
  let committed = !changed;
  for (;;) {
    const from = Math.min(...evaluated.map((e) => state[e.rule.id]!.cursor));
    if (from >= headSeq) break;
    if (Date.now() >= input.deadlineMs) {
      if (!committed && !(await commitDetectionState(target, version, state, clock().now())))
        return { outcome: 'busy', evaluated: records, alerts, throughSeq: from };
      return { outcome: 'behind', evaluated: records, alerts, throughSeq: from };
    }
    const page = await input.reader.read(from, DETECT_PAGE);
    if (page.length === 0) break;
    const drafts = evaluate(evaluated, state, page);
    if (drafts.length > 0) {
      channels ??= await activeChannels(target);
      await writeAlerts(target, drafts, channels);
      alerts += drafts.length;
    }
    records += page.length;
    if (!(await commitDetectionState(target, version, state, clock().now())))
      return { outcome: 'busy', evaluated: records, alerts, throughSeq: from };
    version += 1;
    committed = true;
  }
  if (!committed && !(await commitDetectionState(target, version, state, clock().now())))
    return { outcome: 'busy', evaluated: records, alerts, throughSeq: headSeq };
  return { outcome: 'caught-up', evaluated: records, alerts, throughSeq: headSeq };
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
