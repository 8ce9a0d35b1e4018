import { useEffect, useState } from 'react';
import type { RuleBody } from '@contract';
import { backtestDraft } from '../api';
import { useResolver } from '../resolver/use-resolver';

/** How long the draft must stay unchanged before it is backtested: one request per pause in typing. */
const SETTLE_MS = 600;

/** What the rule as drafted would have fired over the last 30 days, asked again as the draft changes. */
export function Backtest({ draft }: { readonly draft: RuleBody }) {
  const drafted = JSON.stringify(draft);
  const [settled, setSettled] = useState<string>();
  useEffect(() => {
    const timer = setTimeout(() => setSettled(drafted), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [drafted]);
  const result = useResolver(() => backtestDraft(JSON.parse(settled!) as RuleBody), settled);
  const stale = settled !== drafted || result.state === 'loading';

  let text: string;
  if (result.state === 'failed') text = `Cannot backtest this draft: ${result.error.message}`;
  else if (!result.value) text = 'Backtesting over the last 30 days…';
  else {
    const { fired, suppressed, records, complete } = result.value;
    text =
      `Would have fired ${fired} ${fired === 1 ? 'time' : 'times'} in the last 30 days` +
      ` (${records.toLocaleString('en-US')} records checked` +
      `${suppressed > 0 ? `; ${suppressed} more held back by the daily cap` : ''}` +
      `${complete ? '' : '; stopped early, so this covers the oldest part only'}).`;
  }
  return (
    <p className="backtest" role="status" aria-busy={stale}>
      {text}
    </p>
  );
}
