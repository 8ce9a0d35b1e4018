import type { InvocationError } from '@forge/events';
import { cachedSettings } from '../settings/settings-cache';
import { storesUgc } from '../settings/settings';
import { insertAuditRecord } from '../store/audit-events';
import { store, type Store } from '../store/database';
import { classifySqlError } from '../store/sql-errors';
import { withSchema } from '../store/with-schema';
import { normalizeEvent } from './normalize';
import { retryLater } from './retry';
import { withoutUgc } from './ugc-policy';

/**
 * What became of one delivered event. Forge ignores a trigger's return value unless it is an
 * `InvocationError` (a retry request); the sandbox shows it per event.
 */
export type CaptureOutcome =
  | { readonly status: 'stored' | 'duplicate'; readonly id: string; readonly action: string }
  | { readonly status: 'skipped'; readonly id: string; readonly action: string; readonly reason: string }
  | { readonly status: 'rejected'; readonly reason: string };

/**
 * The product-event trigger: normalize, apply the admin's settings, store in one statement.
 * It never throws: anything that goes wrong while storing becomes a retry request, so Forge delivers the
 * event again instead of it being lost.
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
    const settings = await withSchema(target, () => cachedSettings(target));
    if (record.action.endsWith('.viewed') && !settings.views[record.product]) {
      return {
        status: 'skipped',
        id: record.id,
        action: record.action,
        reason: `view events are off for ${record.product}`,
      };
    }
    const kept = storesUgc(settings, record.product) ? record : withoutUgc(record);
    const outcome = await withSchema(target, () => insertAuditRecord(target, kept));
    return { status: outcome === 'inserted' ? 'stored' : 'duplicate', id: record.id, action: record.action };
  } catch (error) {
    const failure = classifySqlError(error);
    const detail = error instanceof Error ? error.message : String(error);
    console.error(
      `capture: ${record.source.event} ${record.id} not stored (${failure}): ${detail}; asking Forge to retry`,
    );
    return retryLater(failure, retryCountOf(event), detail);
  }
}

function retryCountOf(event: unknown): number {
  const context = (event as { retryContext?: { retryCount?: unknown } } | null)?.retryContext;
  return typeof context?.retryCount === 'number' ? context.retryCount : 0;
}
