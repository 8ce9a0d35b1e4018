import type { Product } from '../record/audit-record';
import { readBudgets } from '../limits';
import type { Store } from '../store/database';
import { changedRows } from '../store/affected-rows';
import { groupsWithin } from '../store/rows-within-bytes';
import { insertedValue, upsert } from '../store/upsert';
import type { Alert, AlertStatus, ChannelState } from './alert';
import type { AlertDraft } from './evaluate';
import { safeJson } from './rule-store';

type AlertRow = {
  id: string;
  rule_id: string;
  status: string;
  first_ms: number | string;
  last_ms: number | string;
  opened_ms: number | string;
  products: string;
  detail: string;
  status_by: string | null;
  status_ms: number | string | null;
  notify: string;
};

/** Alerts written by one upsert, besides the byte budget: one evaluated page's worth at most. */
const ALERTS_PER_STATEMENT = 200;

const COLUMNS = [
  'id',
  'rule_id',
  'status',
  'first_ms',
  'last_ms',
  'opened_ms',
  'products',
  'detail',
  'status_by',
  'status_ms',
  'notify',
] as const;

/** The ids among `ids` already stored: which drafts open an alert and which extend one. */
export async function storedAlertIds(target: Store, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await target.db
    .selectFrom('detection_alert')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Writes alerts whole: a new one with its channels pending, a known one with its incident as it now
 * stands (status and notifications untouched). Replaying a batch writes the same values again.
 */
export async function upsertAlerts(
  target: Store,
  drafts: readonly AlertDraft[],
  channels: readonly string[],
  nowMs: number,
): Promise<void> {
  const notify = JSON.stringify(
    Object.fromEntries(channels.map((c) => [c, { state: 'pending', attempts: 0 } satisfies ChannelState])),
  );
  const rows = drafts.map((d) => {
    const { id, ruleId, firstMs, lastMs, openedSeq, products, ...rest } = d;
    return {
      id,
      rule_id: ruleId,
      status: 'open',
      first_ms: firstMs,
      last_ms: lastMs,
      opened_ms: nowMs,
      opened_seq: openedSeq,
      products: [...products].sort().join(','),
      detail: JSON.stringify(rest),
      status_by: null,
      status_ms: null,
      notify,
      notify_due_ms: channels.length > 0 ? nowMs : null,
    };
  });
  // A batch's alerts in as few statements as fit a Forge SQL request: a storm costs requests per
  // statement, not per alert.
  const sized = rows.map((row) => ({ row, size: JSON.stringify(row).length }));
  for (const group of groupsWithin(sized, readBudgets.statementBytes, ALERTS_PER_STATEMENT)) {
    await upsert(
      target.engine,
      target.db.insertInto('detection_alert').values(group.map((g) => g.row)),
      ['id'],
      {
        first_ms: insertedValue(target.engine, 'first_ms'),
        last_ms: insertedValue(target.engine, 'last_ms'),
        products: insertedValue(target.engine, 'products'),
        detail: insertedValue(target.engine, 'detail'),
      },
    ).execute();
  }
}

export async function listAlerts(
  target: Store,
  query: {
    readonly status?: readonly AlertStatus[];
    readonly rules?: readonly string[];
    readonly before?: { readonly firstMs: number; readonly id: string };
    readonly limit: number;
  },
): Promise<Alert[]> {
  let q = target.db.selectFrom('detection_alert').select(COLUMNS);
  if (query.status?.length) q = q.where('status', 'in', [...query.status]);
  if (query.rules?.length) q = q.where('rule_id', 'in', [...query.rules]);
  const before = query.before;
  if (before) {
    q = q.where((eb) =>
      eb.or([
        eb('first_ms', '<', before.firstMs),
        eb.and([eb('first_ms', '=', before.firstMs), eb('id', '<', before.id)]),
      ]),
    );
  }
  const rows = await q.orderBy('first_ms', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(toAlert);
}

export async function getAlert(target: Store, id: string): Promise<Alert | undefined> {
  const row = await target.db
    .selectFrom('detection_alert')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toAlert(row) : undefined;
}

export async function setAlertStatus(
  target: Store,
  id: string,
  status: AlertStatus,
  by: string,
  nowMs: number,
): Promise<void> {
  await target.db
    .updateTable('detection_alert')
    .set({ status, status_by: by, status_ms: nowMs })
    .where('id', '=', id)
    .execute();
}

/** Alerts with a notification due by `nowMs`, oldest incident first. */
export async function dueAlerts(
  target: Store,
  nowMs: number,
  limit: number,
): Promise<{ readonly alert: Alert; readonly notify: string }[]> {
  const rows = await target.db
    .selectFrom('detection_alert')
    .select(COLUMNS)
    .where('notify_due_ms', '<=', nowMs)
    .orderBy('notify_due_ms')
    .orderBy('opened_seq')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ alert: toAlert(row), notify: row.notify }));
}

/**
 * Takes an alert's due notifications for this run: true only if they are still as read (`notify`) and
 * still due, and then they are not due again until `untilMs`, so a run started beside this one (a
 * duplicate job run) leaves them alone; a run that dies holding them gives them back at `untilMs`.
 */
export async function claimNotifications(
  target: Store,
  id: string,
  notify: string,
  nowMs: number,
  untilMs: number,
): Promise<boolean> {
  const result = await target.db
    .updateTable('detection_alert')
    .set({ notify_due_ms: untilMs })
    .where('id', '=', id)
    .where('notify', '=', notify)
    .where('notify_due_ms', '<=', nowMs)
    .executeTakeFirst();
  return changedRows(result) === 1;
}

/** Stores where each channel stands and when the next attempt is due (NULL when none is). */
export async function saveNotifications(
  target: Store,
  id: string,
  channels: Readonly<Record<string, ChannelState>>,
): Promise<void> {
  const due = Object.values(channels)
    .filter((c) => c.state === 'pending')
    .map((c) => c.nextMs ?? 0);
  await target.db
    .updateTable('detection_alert')
    .set({ notify: JSON.stringify(channels), notify_due_ms: due.length > 0 ? Math.min(...due) : null })
    .where('id', '=', id)
    .execute();
}

function toAlert(row: AlertRow): Alert {
  const detail = (safeJson(row.detail) ?? {}) as Omit<
    Alert,
    | 'id'
    | 'ruleId'
    | 'status'
    | 'firstAt'
    | 'lastAt'
    | 'openedAt'
    | 'products'
    | 'statusBy'
    | 'statusAt'
    | 'notifications'
  >;
  const iso = (ms: number | string) => new Date(Number(ms)).toISOString();
  return {
    ...detail,
    id: row.id,
    ruleId: row.rule_id,
    status: row.status as AlertStatus,
    firstAt: iso(row.first_ms),
    lastAt: iso(row.last_ms),
    openedAt: iso(row.opened_ms),
    products: row.products.split(',').filter(Boolean) as Product[],
    statusBy: row.status_by,
    statusAt: row.status_ms === null ? null : iso(row.status_ms),
    notifications: (safeJson(row.notify) ?? {}) as Record<string, ChannelState>,
  };
}
