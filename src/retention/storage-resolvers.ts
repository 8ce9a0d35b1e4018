import { adminResolver, emptyPayloadSchema } from '../admin/admin-resolver';
import { archivedRecordsSince, archiveTimeRange } from '../archive/archive-size';
import { readJobState } from '../jobs/job-state';
import { sealStatus } from '../seal/seal-status';
import { readSettings } from '../settings/settings-store';
import { countLiveRecords } from '../store/audit-events';
import { store, type Store } from '../store/database';
import { retentionDailyStateParts } from './retention-daily-state';
import { DAY_MS } from './retention-plan';
import type { StorageStatus } from './storage-types';
import {
  daysToBudget,
  growthPerDay,
  OUTLOOK_WINDOW_DAYS,
  storageOutlook,
  WARN_WITHIN_DAYS,
} from './storage-growth';
import { measureStorage } from './storage-size';

export type { StorageStatus } from './storage-types';

export async function storageStatus(target: Store, nowMs: number): Promise<StorageStatus> {
  const settings = await readSettings(target);
  const storage = await measureStorage(target);
  const span = await target.db
    .selectFrom('audit_event')
    .select((eb) => [eb.fn.min('time_ms').as('oldest'), eb.fn.max('time_ms').as('newest')])
    .executeTakeFirst();
  const archived = await archiveTimeRange(target);
  const oldestMs = combine(optional(span?.oldest), archived.oldest, Math.min);
  const newestMs = combine(optional(span?.newest), archived.newest, Math.max);
  // The rate is taken over the last 30 days, or over the log's age when it is younger.
  const windowDays =
    oldestMs === null
      ? OUTLOOK_WINDOW_DAYS
      : Math.min(OUTLOOK_WINDOW_DAYS, Math.max(1, (nowMs - oldestMs) / DAY_MS));
  const since = nowMs - windowDays * DAY_MS;
  const recentRecords =
    (await countLiveRecords(target, storage.archivedThroughSeq, since)) +
    (await archivedRecordsSince(target, since));
  const outlook = storageOutlook({
    recentRecords,
    windowDays,
    bytesPerRecord: storage.bytesPerRow,
    bytes: storage.bytes,
    budgetBytes: settings.retention.budgetBytes,
    maxAgeDays: settings.retention.maxAgeDays,
  });
  const daily = await readJobState(target, 'daily', retentionDailyStateParts);
  const growth = growthPerDay(daily.storageHistory ?? [], nowMs, outlook.bytesPerDay);
  const toBudget = daysToBudget(storage.bytes, settings.retention.budgetBytes, growth.bytesPerDay);
  const privacy = daily.privacy;
  return {
    bytes: storage.bytes,
    rows: storage.rows,
    tiers: storage.tiers,
    outlook,
    oldest: oldestMs === null ? null : new Date(oldestMs).toISOString(),
    newest: newestMs === null ? null : new Date(newestMs).toISOString(),
    daysCovered: oldestMs === null ? 0 : Math.max(0, Math.ceil((nowMs - oldestMs) / DAY_MS)),
    budgetBytes: settings.retention.budgetBytes,
    maxAgeDays: settings.retention.maxAgeDays,
    growthBytesPerDay: Math.round(growth.bytesPerDay),
    growthBasis: growth.basis,
    ...(toBudget === undefined ? {} : { daysToBudget: Math.floor(toBudget * 10) / 10 }),
    warning: toBudget !== undefined && toBudget <= WARN_WITHIN_DAYS,
    method: storage.method,
    bytesPerRow: Math.round(storage.bytesPerRow),
    ...(daily.retention ? { retention: daily.retention } : {}),
    ...(privacy
      ? {
          privacy: {
            ...(privacy.cycleStartMs === undefined ? {} : { cycleStartMs: privacy.cycleStartMs }),
            ...(privacy.nextCycleMs === undefined ? {} : { nextCycleMs: privacy.nextCycleMs }),
            ...(privacy.lastReportMs === undefined ? {} : { lastReportMs: privacy.lastReportMs }),
            reported: privacy.reported ?? 0,
            closed: privacy.closed ?? 0,
            updated: privacy.updated ?? 0,
            heldSealedObjects: privacy.heldSealedObjects ?? 0,
            ...(privacy.lastError ? { lastError: privacy.lastError } : {}),
          },
        }
      : {}),
    ...(daily.lastRun ? { lastDailyRun: daily.lastRun } : {}),
    seal: await sealStatus(target, nowMs),
  };
}

function optional(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** `pick` of the two where both are known, else whichever is. */
function combine(a: number | null, b: number | null, pick: (x: number, y: number) => number): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return pick(a, b);
}

export const storageResolvers = {
  'storage.status': adminResolver(emptyPayloadSchema, () => storageStatus(store(), Date.now())),
};
