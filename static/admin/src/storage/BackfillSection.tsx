import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import ProgressBar from '@atlaskit/progress-bar';
import type { BackfillEstimate, BackfillPayload, BackfillStatus, Product } from '@contract';
import { useEffect, useState } from 'react';
import { backfillControl, backfillEstimate, backfillStart, backfillStatus, type ApiError } from '../api';
import { Time } from '../time/Time';
import { formatBytes } from './storage-format';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the section asks for progress while a backfill runs. */
const POLL_MS = 3000;

const STATE_LOZENGE: Readonly<
  Record<
    BackfillStatus['state'],
    { text: string; appearance: 'success' | 'inprogress' | 'removed' | 'moved' | 'default' }
  >
> = {
  idle: { text: 'Not started', appearance: 'default' },
  running: { text: 'Running', appearance: 'inprogress' },
  waiting: { text: 'Waiting for the rate limit', appearance: 'moved' },
  paused: { text: 'Paused', appearance: 'moved' },
  cancelled: { text: 'Cancelled', appearance: 'removed' },
  done: { text: 'Done', appearance: 'success' },
};

/** What the products' APIs do not keep, and so no backfill can bring back (the README lists the APIs). */
export const NOT_BACKFILLABLE: readonly string[] = [
  'Views of issues, pages and blog posts: neither product keeps who viewed what.',
  'Deletions: a deleted issue, comment, worklog, attachment, page or link is gone from the APIs, with its history.',
  'Earlier edits of a Jira comment or worklog: only its creation and its latest edit are kept.',
  'Moves of pages between spaces or parents, archiving, trashing and restoring.',
  'Permission and restriction changes, likes, labels, watchers and mentions.',
  'Issue links and attachments as their own records: they appear as changes of the issue where Jira’s changelog recorded them.',
  'Project, space, user, group and configuration changes (the products’ audit logs, imported every hour, keep some).',
  'Anything on a page, issue or space the app cannot read.',
];

type Period = '30' | '90' | '365' | 'since';

function idsOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function duration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return minutes < 90 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

/**
 * The Storage tab's backfill: the admin picks a period, the products and (optionally) projects and
 * spaces, sees what the history holds against the storage budget, starts it, and follows it to the end.
 */
export function BackfillSection({
  products,
  number,
  locale,
}: {
  readonly products: readonly Product[];
  readonly number: Intl.NumberFormat;
  readonly locale: string;
}) {
  const bytes = (n: number) => formatBytes(n, locale);
  const [period, setPeriod] = useState<Period>('90');
  const [since, setSince] = useState('');
  const [chosen, setChosen] = useState<readonly Product[]>(products);
  const [projects, setProjects] = useState('');
  const [spaces, setSpaces] = useState('');
  const [estimate, setEstimate] = useState<BackfillEstimate | null>(null);
  const [status, setStatus] = useState<BackfillStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const active = status?.state === 'running' || status?.state === 'waiting';
  useEffect(() => {
    let stale = false;
    const load = () =>
      void backfillStatus().then((answer) => {
        if (stale) return;
        if (answer.ok) setStatus(answer.value);
        else setError(answer.error);
      });
    load();
    const timer = active ? setInterval(load, POLL_MS) : undefined;
    return () => {
      stale = true;
      if (timer !== undefined) clearInterval(timer);
    };
  }, [active]);

  const plan = (): BackfillPayload => {
    const from =
      period === 'since' ? since : new Date(Date.now() - Number(period) * DAY_MS).toISOString().slice(0, 10);
    const containers = [
      ...idsOf(projects).map((id) => ({ type: 'project' as const, id })),
      ...idsOf(spaces).map((id) => ({ type: 'space' as const, id })),
    ];
    return { from, products: [...chosen], ...(containers.length > 0 ? { containers } : {}) };
  };

  const run = async <T,>(
    action: () => Promise<{ ok: true; value: T } | { ok: false; error: ApiError }>,
    done: (value: T) => void,
  ) => {
    setBusy(true);
    setError(null);
    const answer = await action();
    setBusy(false);
    if (answer.ok) done(answer.value);
    else setError(answer.error);
  };

  const toggle = (product: Product) =>
    setChosen((list) => (list.includes(product) ? list.filter((p) => p !== product) : [...list, product]));

  return (
    <section aria-labelledby="backfill-heading" className="backfill">
      <Heading size="medium" as="h2" id="backfill-heading">
        Backfill history
      </Heading>
      <p className="muted">
        Reads what Jira and Confluence kept from before the app was installed (issue changelogs, comments,
        worklogs, page and blog post versions, Confluence comments and attachments) into the log, marked as
        backfilled. A change the app already captured is not stored twice.
      </p>
      <div className="backfill-form">
        <label>
          Period{' '}
          <select value={period} onChange={(e) => setPeriod(e.target.value as Period)} aria-label="Period">
            <option value="30">Last 30 days</option>
            <option value="90">Last 90 days</option>
            <option value="365">Last 365 days</option>
            <option value="since">Since a date</option>
          </select>
        </label>
        {period === 'since' && (
          <input type="date" aria-label="Since" value={since} onChange={(e) => setSince(e.target.value)} />
        )}
        {products.map((p) => (
          <label key={p}>
            <input type="checkbox" checked={chosen.includes(p)} onChange={() => toggle(p)} />{' '}
            {p === 'jira' ? 'Jira' : 'Confluence'}
          </label>
        ))}
        {products.includes('jira') && (
          <input
            aria-label="Project ids"
            placeholder="Project ids (optional)"
            value={projects}
            onChange={(e) => setProjects(e.target.value)}
          />
        )}
        {products.includes('confluence') && (
          <input
            aria-label="Space ids"
            placeholder="Space ids (optional)"
            value={spaces}
            onChange={(e) => setSpaces(e.target.value)}
          />
        )}
      </div>
      <div className="backfill-actions">
        <Button
          isDisabled={busy || chosen.length === 0}
          onClick={() => void run(() => backfillEstimate(plan()), setEstimate)}
        >
          Estimate
        </Button>
        <Button
          appearance="primary"
          isDisabled={busy || chosen.length === 0 || active}
          onClick={() => void run(() => backfillStart(plan()), setStatus)}
        >
          Start backfill
        </Button>
        {status?.state === 'running' || status?.state === 'waiting' ? (
          <Button
            isDisabled={busy}
            onClick={() => void run(() => backfillControl('backfill.pause'), setStatus)}
          >
            Pause
          </Button>
        ) : null}
        {status?.state === 'paused' ? (
          <Button
            isDisabled={busy}
            onClick={() => void run(() => backfillControl('backfill.resume'), setStatus)}
          >
            Resume
          </Button>
        ) : null}
        {status && ['running', 'waiting', 'paused'].includes(status.state) ? (
          <Button
            appearance="subtle"
            isDisabled={busy}
            onClick={() => void run(() => backfillControl('backfill.cancel'), setStatus)}
          >
            Cancel
          </Button>
        ) : null}
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error.message}
        </p>
      )}
      {estimate && (
        <p data-testid="backfill-estimate">
          About {number.format(estimate.records)} records ({number.format(estimate.issues)} issues,{' '}
          {number.format(estimate.pages)} pages and blog posts), {bytes(estimate.bytes)}: the log would use{' '}
          {bytes(estimate.storedBytes + estimate.bytes)} of its {bytes(estimate.budgetBytes)} budget.
          {estimate.fits ? '' : ' That is over the budget: retention removes the oldest records first.'}
        </p>
      )}
      {status && status.state !== 'idle' && (
        <div className="backfill-progress" data-testid="backfill-progress">
          <Lozenge appearance={STATE_LOZENGE[status.state].appearance}>
            {STATE_LOZENGE[status.state].text}
          </Lozenge>
          <ProgressBar value={status.fraction} ariaLabel="Backfill progress" />
          <p>
            {number.format(status.counts.records)} records read, {number.format(status.counts.inserted)} new
            (the rest were already in the log), {number.format(status.counts.requests)} requests
            {status.counts.throttled > 0
              ? `, ${number.format(status.counts.throttled)} rate-limited and waited out`
              : ''}
            {status.etaMs !== undefined && active ? `; about ${duration(status.etaMs)} left` : ''}
            {status.finishedMs !== undefined ? (
              <>
                ; finished <Time at={status.finishedMs} />
              </>
            ) : (
              ''
            )}
            .
          </p>
          {status.message && <p className="muted">Last stop: {status.message}</p>}
        </div>
      )}
      <details>
        <summary>What cannot be backfilled</summary>
        <ul>
          {NOT_BACKFILLABLE.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}
