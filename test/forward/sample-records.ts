import { ALL_EVENT_TYPES, samplePayload } from '../../dev/payloads';
import type { OutgoingRecord } from '../../src/forward/formats';
import type { AuditRecord } from '../../src/record/audit-record';
import { recordOf } from '../fixtures';

/**
 * Records of every event type the app builds sample payloads for (normalized by the app's own code),
 * sealed with made-up chain values, plus the actor and object shapes the normalizers can produce
 * (app, anonymous, unknown, no object, unknown action).
 */
export function sampleRecords(): OutgoingRecord[] {
  const records: AuditRecord[] = ALL_EVENT_TYPES.map((type, i) =>
    recordOf(samplePayload(type, new Date(Date.UTC(2026, 2, 2, 10, 0, i)))),
  );
  const [first] = records;
  const variants: AuditRecord[] = [
    { ...first!, id: 'a'.repeat(32), actor: { accountId: 'ari-app-1234', type: 'app' } },
    { ...first!, id: 'b'.repeat(32), actor: { accountId: null, type: 'anonymous' } },
    { ...first!, id: 'c'.repeat(32), actor: { accountId: null, type: 'unknown' } },
    { ...first!, id: 'd'.repeat(32), actor: { accountId: 'app-without-type', type: 'unknown' } },
    {
      ...first!,
      id: 'e'.repeat(32),
      action: 'unknown.avi:jira:frobbed:issue',
      object: null,
      container: null,
      changes: [],
      source: { event: 'avi:jira:frobbed:issue' },
    },
  ];
  return [...records, ...variants].map((record, i) => ({
    ...record,
    seq: i + 1,
    hash: (i + 1).toString(16).padStart(64, '0'),
    prevHash: i.toString(16).padStart(64, '0'),
  }));
}

export function recordWithAction(records: readonly OutgoingRecord[], action: string): OutgoingRecord {
  const found = records.find((r) => r.action === action);
  if (!found)
    throw new Error(
      `no sample record with action ${action}; have ${[...new Set(records.map((r) => r.action))].join(', ')}`,
    );
  return found;
}
