import type { GroupBy, Rule, Threshold } from '@contract';

const PER: Readonly<Record<GroupBy, string>> = {
  actor: 'per person',
  container: 'per project or space',
  overall: 'overall',
};

/** "at least 20 records within 10 minutes, per person": what a threshold asks, in words. */
export function thresholdText(rule: Pick<Rule, 'kind' | 'threshold'>): string {
  const t: Threshold = rule.threshold;
  const what = rule.kind === 'crawling' ? 'distinct issues or pages viewed' : 'matching records';
  return `at least ${t.count} ${what} within ${t.windowMinutes} minutes, ${PER[t.per]}`;
}

export const GROUP_OPTIONS: readonly { readonly value: GroupBy; readonly label: string }[] = [
  { value: 'actor', label: 'Per person' },
  { value: 'container', label: 'Per project or space' },
  { value: 'overall', label: 'Overall' },
];
