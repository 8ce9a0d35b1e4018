import type { InvocationError } from '@forge/events';
import { limits } from '../limits';
import type { AuditRecord } from '../record/audit-record';
import { cachedSettings } from '../settings/settings-cache';
import { storesUgc } from '../settings/settings';
import { insertAuditRecord } from '../store/audit-events';
import { store, type Store } from '../store/database';
import { classifySqlError } from '../store/sql-errors';
import type { CaptureOutcome } from './capture-outcome';
import { normalizeEvent } from './normalize';
import { parkRecord } from './parking';
import { retryLater } from './retry';
import { withoutUgc } from './ugc-policy';

/**
 * The product-event trigger: normalize, apply the admin's settings, store in one statement.
 * It never throws: anything that goes wrong while storing becomes a retry request, so Forge delivers the
 * event again instead of it being lost; when Forge has no retry left, the record is parked in KVS and the
 * hourly `schema` job stores it once the database answers again. That includes a fresh installation
 * whose schema the `schema` trigger has not made yet: capture never runs DDL itself, since every cold
 * container would repeat it against Forge SQL's 25 DDL requests a minute.
 */
export async function captureEvent(
  event: unknown,
  target: Store = store(),
  now: Date = new Date(),
): Promise<CaptureOutcome | InvocationError> {
  let normalized: ReturnType<typeof normalizeEvent>;
  try {
    normalized = normalizeEvent(event, now);
  } catch (error) {
    // The normalizer is written not to throw; if it ever does, a retry (after a fix) beats a lost event.
    console.error(`capture: normalizer failed: ${error instanceof Error ? error.stack : String(error)}`);
    return retryLater('permanent', retryCountOf(event), String(error));
  }
  if (!normalized.ok) {
    console.warn(`capture: nothing recordable: ${normalized.reason}`);
    return { status: 'rejected', reason: normalized.reason };
  }
  const { record } = normalized;
  try {
    return await storeRecord(target, record);
  } catch (error) {
    const failure = classifySqlError(error);
    const detail = error instanceof Error ? error.message : String(error);
    const retryCount = retryCountOf(event);
    if (retryCount >= limits.productEventMaxRetries && (await parkRecord(record, detail))) {
      console.error(`capture: ${record.id} not stored after the last retry (${failure}): parked for replay`);
      return { status: 'parked', id: record.id, action: record.action, reason: detail };
    }
    console.error(
      `capture: ${record.source.event} ${record.id} not stored (${failure}): ${detail}; asking Forge to retry`,
    );
    return retryLater(failure, retryCount, detail);
  }
}

/**
 * Applies the admin's settings to a normalized record and stores it: the one path for live events and
 * for parked ones replayed later. Throws on storage errors; the caller decides between retry and parking.
 */
export async function storeRecord(target: Store, record: AuditRecord): Promise<CaptureOutcome> {
  const settings = await cachedSettings(target);
  if (record.action.endsWith('.viewed') && !settings.views[record.product]) {
    return {
      status: 'skipped',
      id: record.id,
      action: record.action,
      reason: `view events are off for ${record.product}`,
    };
  }
  const kept = storesUgc(settings, record.product) ? record : withoutUgc(record);
  const outcome = await insertAuditRecord(target, kept);
  return { status: outcome === 'inserted' ? 'stored' : 'duplicate', id: record.id, action: record.action };
}

function retryCountOf(event: unknown): number {
  const context = (event as { retryContext?: { retryCount?: unknown } } | null)?.retryContext;
  return typeof context?.retryCount === 'number' ? context.retryCount : 0;
}
