import { forgetPeople } from '../people/people-lookup';
import { lifecycleLimits } from '../limits';
import { registerAccounts } from '../insights/run-rollups';
import type { Store } from '../store/database';
import { isReportableAccountId } from '../accounts/account-ids';
import { cyclePeriodMs, startsNewCycle, type PrivacyState } from './privacy-cycle';
import { pseudonymiseAccount } from './pseudonymise';
import { pseudonymKey } from './pseudonym-key';
import { reportAccounts } from './report-accounts';

export interface PrivacyRunOptions {
  readonly nowMs: number;
  readonly deadlineMs: number;
  /** Persists progress after each batch, so a run that is stopped does not report a batch twice. */
  readonly save: (state: PrivacyState) => Promise<void>;
}

/**
 * The personal-data step of the daily job (FD:user-privacy-guidelines):
 * 1. finishes erasures a previous run could not complete;
 * 2. when a cycle is due, reports every stored account id, 90 per request, each once per cycle, with
 *    the time the app last stored data about it;
 * 3. pseudonymises every account the API answers `closed`, in every table;
 * 4. for `updated` accounts, forgets cached profile data (names and avatars are never stored, only held
 *    in a short-lived cache for display) and notes the refresh as the account's new `updatedAt`.
 * A cycle that does not finish in one run (time, throttling) continues on the next; its accounts are
 * marked as reported batch by batch.
 */
export async function runPrivacy(
  target: Store,
  start: PrivacyState,
  options: PrivacyRunOptions,
): Promise<PrivacyState> {
  let state: PrivacyState = { ...start };
  const { lastError: _lastError, ...withoutError } = state;
  state = withoutError;
  const { nowMs } = options;

  // Accounts held outside audit_event: who created each pull-API token.
  const creators = await target.db.selectFrom('pull_token').select(['created_by', 'created_ms']).execute();
  await registerAccounts(
    target,
    new Map(
      creators
        .filter((c) => isReportableAccountId(c.created_by))
        .map((c) => [c.created_by, Number(c.created_ms)]),
    ),
  );

  let key: Buffer | undefined;
  const erase = async (accountId: string): Promise<boolean> => {
    key ??= await pseudonymKey();
    const result = await pseudonymiseAccount(target, key, accountId);
    state = { ...state, heldSealedObjects: (state.heldSealedObjects ?? 0) + result.heldSealed };
    console.info(
      `privacy: pseudonymised a closed account: ${result.actorRows} records as actor, ${result.objectRows} about it, ` +
        `${result.changeRows} change values erased, ${result.rollupRows} rollup rows, ${result.blocks} archive blocks rewritten` +
        (result.heldSealed
          ? `; ${result.heldSealed} sealed records keep its id as object (sealing must accept it)`
          : ''),
    );
    return !result.retry;
  };

  const pending = state.pendingErasure ?? [];
  const stillPending: string[] = [];
  for (const accountId of pending) if (!(await erase(accountId))) stillPending.push(accountId);
  state = { ...state, pendingErasure: stillPending };
  await options.save(state);

  if (state.notBeforeMs !== undefined && nowMs < state.notBeforeMs) return state;
  if (startsNewCycle(state, nowMs)) {
    const { nextCycleMs: _next, ...rest } = state;
    state = { ...rest, cycleStartMs: nowMs };
    await options.save(state);
  }
  if (state.nextCycleMs !== undefined) return state;
  const cycleStart = state.cycleStartMs ?? nowMs;
  const seen = new Set<string>();

  for (;;) {
    if (Date.now() >= options.deadlineMs) return state;
    const batch = await target.db
      .selectFrom('personal_account')
      .select(['account_id', 'updated_ms'])
      .where((eb) => eb.or([eb('reported_ms', 'is', null), eb('reported_ms', '<', cycleStart)]))
      .orderBy('account_id')
      .limit(lifecycleLimits.personalDataBatch)
      .execute();
    if (batch.length === 0) {
      state = {
        ...state,
        nextCycleMs: cycleStart + (state.cyclePeriodMs ?? lifecycleLimits.defaultCyclePeriodMs),
      };
      await options.save(state);
      return state;
    }
    // Marking a batch as reported failed to take (it would come back forever): stop rather than loop.
    if (batch.every((a) => seen.has(a.account_id))) {
      state = { ...state, lastError: 'accounts reported in this run came back unreported; stopped' };
      await options.save(state);
      return state;
    }
    for (const a of batch) seen.add(a.account_id);
    const answer = await reportAccounts(
      batch.map((a) => ({
        accountId: a.account_id,
        updatedAt: new Date(Number(a.updated_ms)).toISOString(),
      })),
    );
    if (!answer.ok) {
      const message = `the personal-data API answered HTTP ${answer.status}`;
      console.warn(`privacy: ${message}; the cycle continues on the next run`);
      state = {
        ...state,
        lastError: message,
        ...(answer.retryAfterMs ? { notBeforeMs: nowMs + answer.retryAfterMs } : {}),
      };
      await options.save(state);
      return state;
    }
    // The job's clock, not the wall clock: `reported_ms` is compared with the cycle's start.
    const reportedAt = nowMs;
    const requested = new Set(batch.map((a) => a.account_id));
    const closed = answer.updates.filter((u) => u.status === 'closed' && requested.has(u.accountId));
    const updated = answer.updates.filter((u) => u.status === 'updated' && requested.has(u.accountId));
    await target.db
      .updateTable('personal_account')
      .set({ reported_ms: reportedAt })
      .where('account_id', 'in', [...requested])
      .execute();
    if (updated.length > 0) {
      forgetPeople();
      await target.db
        .updateTable('personal_account')
        .set({ updated_ms: reportedAt })
        .where(
          'account_id',
          'in',
          updated.map((u) => u.accountId),
        )
        .execute();
    }
    const { notBeforeMs: _nb, ...clean } = state;
    state = {
      ...clean,
      cyclePeriodMs: cyclePeriodMs(answer.cyclePeriod),
      lastReportMs: reportedAt,
      reported: (state.reported ?? 0) + batch.length,
      closed: (state.closed ?? 0) + closed.length,
      updated: (state.updated ?? 0) + updated.length,
    };
    // Saved before erasing: a run stopped mid-erasure has the account in pendingErasure, not lost.
    state = {
      ...state,
      pendingErasure: [...(state.pendingErasure ?? []), ...closed.map((c) => c.accountId)],
    };
    await options.save(state);
    const left: string[] = [];
    for (const { accountId } of closed) if (!(await erase(accountId))) left.push(accountId);
    const done = new Set(closed.map((c) => c.accountId).filter((id) => !left.includes(id)));
    state = { ...state, pendingErasure: (state.pendingErasure ?? []).filter((id) => !done.has(id)) };
    await options.save(state);
  }
}
