import type { AuditRecord, Change } from '../../src/record/audit-record';
import { recordId } from '../../src/record/record-id';
import { recordErasures } from '../../src/seal/erasure-store';
import { sealLease } from '../../src/seal/seal-state';
import { insertAuditRecord } from '../../src/store/audit-events';
import type { Store } from '../../src/store/database';
import { acquireLease, releaseLease } from '../../src/store/lease';

export const T0 = Date.parse('2026-03-02T10:00:00.000Z');

export interface RecordOptions {
  /** When the app stored it (ingest order). */
  readonly receivedMs: number;
  /** When it happened; defaults to the receipt time. A late event has an older one. */
  readonly timeMs?: number;
  readonly actor?: string | null;
  readonly title?: string;
  readonly parentTitle?: string;
  readonly changes?: readonly Change[];
}

/** A full record with every personal and UGC field filled, so tamper tests have something to change. */
export function makeRecord(n: number, options: RecordOptions): AuditRecord {
  return {
    id: recordId(['seal-test', n]),
    time: new Date(options.timeMs ?? options.receivedMs).toISOString(),
    receivedAt: new Date(options.receivedMs).toISOString(),
    product: n % 3 === 0 ? 'confluence' : 'jira',
    action: n % 2 === 0 ? 'comment.created' : 'issue.updated',
    actor: {
      accountId: options.actor === undefined ? `5b10ac8d82e05b22cc7d${n % 7}` : options.actor,
      type: 'user',
    },
    container: { type: 'project', id: '10000', key: 'OPS', name: 'Operations' },
    object: {
      type: 'comment',
      id: String(20000 + n),
      key: `OPS-${n}`,
      title: options.title ?? `Secret plan ${n}`,
      parent: {
        type: 'issue',
        id: String(30000 + n),
        key: `OPS-${n}`,
        title: options.parentTitle ?? `Parent ${n}`,
      },
    },
    changes: options.changes ?? [
      { field: 'summary', from: `Old ${n}`, to: `New ${n}` },
      { field: 'status', from: 'To Do', to: null },
    ],
    source: { event: 'avi:jira:updated:issue' },
  };
}

export async function insertRecords(target: Store, records: readonly AuditRecord[]): Promise<void> {
  for (const record of records) await insertAuditRecord(target, record);
}

/** `count` records received one second apart from `fromMs`, numbered from `first`. */
export function records(first: number, count: number, fromMs: number): AuditRecord[] {
  return Array.from({ length: count }, (_, i) => makeRecord(first + i, { receivedMs: fromMs + i * 1000 }));
}

/** Every row with its seal columns, by seq (unsealed rows, with a NULL seq, first). */
export function sealColumns(target: Store) {
  return target.db
    .selectFrom('audit_event')
    .select(['id', 'seq', 'hash', 'prev_hash', 'received_ms'])
    .orderBy('seq')
    .execute()
    .then((rows) =>
      rows.map((r) => ({
        ...r,
        seq: r.seq === null ? null : Number(r.seq),
        received_ms: Number(r.received_ms),
      })),
    );
}

export const farDeadline = () => Date.now() + 60_000;

/** Erasure entries written as the privacy job writes them: while holding the seal lock. */
export async function recordErasuresLocked(
  target: Store,
  erasures: readonly { readonly recordId: string; readonly paths: readonly string[] }[],
): Promise<void> {
  const owner = `test-${Math.random()}`;
  if (!(await acquireLease(target, sealLease(target), owner, Date.now(), 60_000)).acquired)
    throw new Error('test: the seal lock is busy');
  try {
    await recordErasures(target, owner, erasures);
  } finally {
    await releaseLease(target, sealLease(target), owner);
  }
}
