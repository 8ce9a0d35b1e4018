import { kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { limits } from '../limits';
import { PRODUCTS, type AuditRecord } from '../record/audit-record';
import type { Store } from '../store/database';
import type { CaptureOutcome } from './capture-outcome';

/**
 * The last line against losing an event: Forge retries a product event at most four times, over about
 * half an hour here; if Forge SQL is still failing after that, the normalized record is parked in KVS
 * (a separate service, with its own limits) and replayed by the hourly job. Settings are applied at
 * replay, through the same path as live capture.
 */
const PREFIX = 'parked:';

/** Where a parked value that is not a record goes: kept for an admin to look at, out of replay's way. */
const DAMAGED_PREFIX = 'parked-damaged:';

interface Parked {
  readonly record: AuditRecord;
  readonly reason: string;
  readonly parkedAt: string;
}

/**
 * What replay needs of a parked value before handing its record to capture's store path: the record's
 * identity and kind. Checked on read because a value that is not a record (damaged, or written by an
 * older version) would otherwise fail its store at the head of every page, every hour, and hold back
 * every record parked after it.
 */
const parkedSchema = z.object({
  record: z.looseObject({
    id: z.string().min(1),
    product: z.enum(PRODUCTS as unknown as ['jira', 'confluence']),
    action: z.string().min(1),
    time: z.string().min(1),
  }),
});

/** Parks a record; false if KVS refused it too (then only a retry request is left to return). */
export async function parkRecord(record: AuditRecord, reason: string): Promise<boolean> {
  const value: Parked = { record, reason: reason.slice(0, 500), parkedAt: new Date().toISOString() };
  if (Buffer.byteLength(JSON.stringify(value)) > limits.kvsValueBytes) {
    console.error(`capture: ${record.id} is too large to park (KVS values are at most 240 KiB)`);
    return false;
  }
  try {
    await kvs.set(`${PREFIX}${record.id}`, value);
    return true;
  } catch (error) {
    console.error(
      `capture: could not park ${record.id}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
}

export interface ReplaySummary {
  readonly replayed: number;
  readonly failed: number;
  /** Parked values that were not records: moved under `parked-damaged:`, kept, and logged. */
  readonly damaged: number;
}

/**
 * Stores parked records, page by page, deleting each once stored. Stops at the first storage failure
 * (the database is still unwell: the next run tries again) or at the deadline.
 */
export async function replayParked(
  target: Store,
  save: (target: Store, record: AuditRecord) => Promise<CaptureOutcome>,
  deadlineMs: number,
): Promise<ReplaySummary> {
  let replayed = 0;
  let damaged = 0;
  while (Date.now() < deadlineMs) {
    const page = await kvs
      .query()
      .where('key', WhereConditions.beginsWith(PREFIX))
      .limit(limits.kvsQueryPage)
      .getMany<unknown>();
    if (page.results.length === 0) break;
    for (const { key, value } of page.results) {
      const parked = parkedSchema.safeParse(value);
      if (!parked.success) {
        const issue = parked.error.issues[0];
        const problem = `${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'not a parked record'}`;
        console.error(`replay: ${key} is not a parked record (${problem}); kept as ${DAMAGED_PREFIX}`);
        await kvs.set(`${DAMAGED_PREFIX}${key.slice(PREFIX.length)}`, { value, problem });
        await kvs.delete(key);
        damaged += 1;
        continue;
      }
      try {
        await save(target, (value as Parked).record);
      } catch (error) {
        console.error(
          `replay: ${key} still not stored: ${error instanceof Error ? error.message : String(error)}`,
        );
        return { replayed, failed: 1, damaged };
      }
      await kvs.delete(key);
      replayed += 1;
    }
  }
  return { replayed, failed: 0, damaged };
}
