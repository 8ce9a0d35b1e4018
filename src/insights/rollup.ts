import { isImportedSource } from '../record/audit-sources';
import { isReportableAccountId } from '../accounts/account-ids';
import { dayOf, type Day } from './day';

/**
 * The pure core of the insights rollups: what a batch of sealed rows adds to each daily count. The
 * shell (src/insights/run-rollups.ts) reads rows in seq order and writes these contributions.
 */

/** The columns of an audit row a rollup needs. */
export interface RollupRow {
  readonly seq: number;
  readonly timeMs: number;
  readonly receivedMs: number;
  readonly product: string;
  readonly action: string;
  readonly actorId: string | null;
  readonly actorType: string;
  readonly containerType: string | null;
  readonly containerId: string | null;
  readonly containerKey: string | null;
  readonly containerName: string | null;
  readonly objectType: string | null;
  readonly objectId: string | null;
  readonly sourceEvent: string;
}

export interface DayCount {
  readonly day: Day;
  readonly product: string;
  events: number;
  /** From product events: what tells a day the app was capturing from one it was not. */
  captured: number;
}

export interface ActorDayCount {
  readonly day: Day;
  readonly product: string;
  readonly actorId: string;
  events: number;
}

export interface ActionDayCount {
  readonly day: Day;
  readonly product: string;
  readonly action: string;
  events: number;
}

export interface ContainerDayCount {
  readonly day: Day;
  readonly product: string;
  readonly containerType: string;
  readonly containerId: string;
  containerKey: string | null;
  containerName: string | null;
  events: number;
}

export interface Contributions {
  readonly days: Map<string, DayCount>;
  readonly actors: Map<string, ActorDayCount>;
  readonly actions: Map<string, ActionDayCount>;
  readonly containers: Map<string, ContainerDayCount>;
  /** Account ids seen, with the latest time the app stored something about each (personal data). */
  readonly accounts: Map<string, number>;
}

/**
 * Counts a batch. Rows whose day is before `minDay` (imported history older than the rollups are kept)
 * are left out. An active user is an actor of type `user` with an id: apps, anonymous and unknown
 * actors do things but are not people. Accounts registered for personal-data reporting: user actors and
 * the users that user events are about (by account id); imported records name users by user key, not
 * account id, so only their authors are registered.
 */
export function contributionsOf(rows: readonly RollupRow[], minDay: Day = '0000-00-00'): Contributions {
  const out: Contributions = {
    days: new Map(),
    actors: new Map(),
    actions: new Map(),
    containers: new Map(),
    accounts: new Map(),
  };
  const key = (...parts: string[]) => parts.join('\u0000');
  for (const row of rows) {
    const day = dayOf(row.timeMs);
    const imported = isImportedSource(row.sourceEvent);
    if (row.actorType === 'user' && isReportableAccountId(row.actorId))
      note(out.accounts, row.actorId, row.receivedMs);
    if (!imported && row.objectType === 'user' && isReportableAccountId(row.objectId)) {
      note(out.accounts, row.objectId, row.receivedMs);
    }
    if (day < minDay) continue;

    const dayKey = key(day, row.product);
    const dayCount = out.days.get(dayKey) ?? { day, product: row.product, events: 0, captured: 0 };
    dayCount.events += 1;
    if (!imported) dayCount.captured += 1;
    out.days.set(dayKey, dayCount);

    if (row.actorType === 'user' && row.actorId) {
      const k = key(day, row.product, row.actorId);
      const count = out.actors.get(k) ?? { day, product: row.product, actorId: row.actorId, events: 0 };
      count.events += 1;
      out.actors.set(k, count);
    }

    const actionKey = key(day, row.product, row.action);
    const action = out.actions.get(actionKey) ?? { day, product: row.product, action: row.action, events: 0 };
    action.events += 1;
    out.actions.set(actionKey, action);

    if (row.containerType && row.containerId) {
      const k = key(day, row.product, row.containerType, row.containerId);
      const container = out.containers.get(k) ?? {
        day,
        product: row.product,
        containerType: row.containerType,
        containerId: row.containerId,
        containerKey: null,
        containerName: null,
        events: 0,
      };
      container.events += 1;
      // Rows come in seq order: the last key and name seen are the newest.
      container.containerKey = row.containerKey ?? container.containerKey;
      container.containerName = row.containerName ?? container.containerName;
      out.containers.set(k, container);
    }
  }
  return out;
}

function note(accounts: Map<string, number>, accountId: string, atMs: number): void {
  accounts.set(accountId, Math.max(accounts.get(accountId) ?? 0, atMs));
}
