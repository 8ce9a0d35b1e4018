import { limits } from '../limits';
import { readSealed } from '../seal/read-sealed';
import type { Store } from '../store/database';
import { evaluate, freshRuleState, type AlertDraft, type RuleState } from './evaluate';
import type { Rule } from './rule';
import { DETECT_PAGE, prepare } from './run-detections';

export interface BacktestResult {
  readonly fired: number;
  /** The alerts it would have opened, newest first, at most fifty. */
  readonly alerts: readonly Pick<
    AlertDraft,
    'id' | 'firstMs' | 'lastMs' | 'count' | 'actors' | 'containers' | 'filter'
  >[];
  /** Incidents the daily cap would have left without an alert. */
  readonly suppressed: number;
  readonly records: number;
  readonly from: string;
  /** False when the resolver's time ran out first: the figures cover history up to `throughSeq`. */
  readonly complete: boolean;
  readonly throughSeq: number;
}

/** Leaves time for the answer inside the resolver's limit. */
const BACKTEST_BUDGET_MS = limits.resolverTimeoutMs - 5_000;

/**
 * Runs a rule (saved or a draft) over stored history, through the evaluator the scheduled run uses and
 * in the same order (sealed records by seq), from the first record of the last `days`: what it would
 * have fired. The rule starts with fresh windows, as a rule newly switched on does.
 */
export async function backtest(
  target: Store,
  rule: Rule,
  days: number,
  nowMs: number,
): Promise<BacktestResult> {
  const fromMs = nowMs - days * 86_400_000;
  const deadline = Date.now() + BACKTEST_BUDGET_MS;
  const evaluated = await prepare([{ ...rule, enabled: true }]);
  const state: Record<string, RuleState> = { [rule.id]: freshRuleState(0) };
  const alerts = new Map<string, AlertDraft>();
  let records = 0;
  let after = 0;
  let complete = true;
  for (;;) {
    if (Date.now() >= deadline) {
      complete = false;
      break;
    }
    const page = await readSealed(target, after, DETECT_PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.seq;
    const recent = page.filter((r) => Date.parse(r.time) >= fromMs);
    // Records before the range still move the cursor, but count for nothing.
    state[rule.id]!.cursor = Math.max(state[rule.id]!.cursor, (recent[0]?.seq ?? after + 1) - 1);
    for (const draft of evaluate(evaluated, state, recent)) alerts.set(draft.id, draft);
    records += recent.length;
    if (page.length < DETECT_PAGE) break;
  }
  const all = [...alerts.values()].sort((a, b) => b.firstMs - a.firstMs);
  return {
    fired: all.length,
    alerts: all.slice(0, 50).map(({ id, firstMs, lastMs, count, actors, containers, filter }) => ({
      id,
      firstMs,
      lastMs,
      count,
      actors,
      containers,
      filter,
    })),
    suppressed: state[rule.id]!.suppressed,
    records,
    from: new Date(fromMs).toISOString(),
    complete,
    throughSeq: after,
  };
}
