import { adminResolver, emptyPayloadSchema } from '../admin/admin-resolver';
import { readJobState } from '../jobs/job-state';
import { sealStatus } from '../seal/seal-status';
import { readSettings } from '../settings/settings-store';
import { store, type Store } from '../store/database';
import { retentionDailyStateParts } from './retention-daily-state';
import { DAY_MS } from './retention-plan';
import type { StorageStatus } from './storage-types';
import { daysToBudget, growthPerDay, WARN_WITHIN_DAYS } from './storage-growth';
import { measureStorage } from './storage-size';

export type { StorageStatus } from './storage-types';

export async function storageStatus(target: Store, nowMs: number): Promise<StorageStatus> {
  const settings = await readSettings(target);
  const storage = await measureStorage(target);
  const span = await target.db
    .selectFrom('audit_event')
    .select((eb) => [eb.fn.min('time_ms').as('oldest'), eb.fn.max('time_ms').as('newest')])
    .executeTakeFirst();
  const lastWeek = await target.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('time_ms', '>=', nowMs - 7 * DAY_MS)
    .executeTakeFirst();
  const daily = await readJobState(target, 'daily', retentionDailyStateParts);
  const growth = growthPerDay(
    daily.storageHistory ?? [],
    nowMs,
    (Number(lastWeek?.n ?? 0) / 7) * storage.bytesPerRow,
  );
  const toBudget = daysToBudget(storage.bytes, settings.retention.budgetBytes, growth.bytesPerDay);
  const oldestMs = span?.oldest === null || span?.oldest === undefined ? null : Number(span.oldest);
  const newestMs = span?.newest === null || span?.newest === undefined ? null : Number(span.newest);
  const privacy = daily.privacy;
  return {
    bytes: storage.bytes,
    rows: storage.rows,
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

export const storageResolvers = {
  'storage.status': adminResolver(emptyPayloadSchema, () => storageStatus(store(), Date.now())),
};
