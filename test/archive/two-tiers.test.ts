import { activityFacets } from '../../src/activity/activity-facets';
import { exportActivity } from '../../src/activity/export-activity';
import { activityForObject, getRecord, queryActivity } from '../../src/activity/query-activity';
import type { ActivityFilter } from '../../src/query/activity-filter';
import { archivedThrough } from '../../src/archive/block-store';
import { packArchive } from '../../src/packing/pack-archive';
import type { AuditRecord } from '../../src/record/audit-record';
import { recordId } from '../../src/record/record-id';
import { readSealed } from '../../src/seal/read-sealed';
import { sealPending } from '../../src/seal/seal-pending';
import { verifyStoredChain } from '../../src/seal/verify-stored-chain';
import { countAuditEvents } from '../../src/store/audit-events';
import type { Store } from '../../src/store/database';
import { testEngines } from '../support/engines';
import { everyProduct } from '../support/every-product';
import { storeForSuite } from '../support/suite-store';
import { farDeadline, insertRecords } from '../seal/seal-support';

const N = 700;
const BLOCK = 64;
const T0 = Date.parse('2026-06-01T08:00:00.000Z');
const ACTORS = Array.from({ length: 9 }, (_, i) => `712020:actor-${i}`);
const WORDS = [
  'alpha',
  'Budget',
  'cañón',
  'delta',
  'Échéance',
  'frost',
  'gamma',
  'harbour',
  'ignite',
  'jasper',
];
const ACTIONS = [
  'issue.created',
  'issue.updated',
  'issue.deleted',
  'comment.created',
  'page.updated',
  'page.trashed',
];

/** A varied log: nine people, two projects and two spaces, forty issues and pages, late events among them. */
function variedRecords(): AuditRecord[] {
  return Array.from({ length: N }, (_, n) => {
    const received = T0 + n * 60_000;
    // One in eight arrives late: it happened days before it was received (an import, a retried event).
    const time = n % 8 === 5 ? received - ((n * 7) % 20) * 86_400_000 : received - (n % 3) * 1000;
    const action = ACTIONS[(n * 5) % ACTIONS.length]!;
    const jira = !action.startsWith('page.');
    const trail = String(1000 + ((n * 11) % 40));
    const word = WORDS[n % WORDS.length]!;
    return {
      id: recordId(['two-tiers', n]),
      time: new Date(time).toISOString(),
      receivedAt: new Date(received).toISOString(),
      product: jira ? 'jira' : 'confluence',
      action,
      actor: {
        accountId: n % 17 === 0 ? null : ACTORS[(n * 4) % ACTORS.length]!,
        type: n % 17 === 0 ? 'anonymous' : 'user',
      },
      container: jira
        ? {
            type: 'project',
            id: String(10000 + (n % 2)),
            key: n % 2 ? 'OPS' : 'PAY',
            name: n % 2 ? 'Operations' : 'Payments',
          }
        : {
            type: 'space',
            id: String(20000 + (n % 2)),
            key: n % 2 ? 'ENG' : 'HR',
            name: n % 2 ? 'Engineering' : 'People',
          },
      object: action.startsWith('comment.')
        ? {
            type: 'comment',
            id: String(50000 + n),
            parent: { type: 'issue', id: trail, key: `OPS-${trail}`, title: `${word} issue` },
          }
        : {
            type: jira ? 'issue' : 'page',
            id: trail,
            key: jira ? `OPS-${trail}` : undefined,
            title: `${word} ${n % 5 ? 'plan' : 'Report'} ${trail}`,
          },
      changes: action.endsWith('updated')
        ? [{ field: 'summary', from: `${word} old`, to: `${word} new ${n}` }]
        : [],
      source: { event: `avi:test:${action}` },
    } as AuditRecord;
  });
}

const FILTERS: readonly ActivityFilter[] = [
  {},
  { actors: [ACTORS[2]!] },
  { actors: [ACTORS[1]!, ACTORS[4]!], products: ['jira'] },
  { containers: ['10001'] },
  { containers: ['20000'], actions: ['page.*'] },
  { actions: ['issue.deleted', 'page.trashed'] },
  { objects: ['1007'] },
  { text: 'report' },
  { text: 'CAÑ' },
  { text: 'nothing-matches-this' },
  { from: T0 - 5 * 86_400_000, to: T0 + 200 * 60_000 },
  { actors: [ACTORS[3]!], text: 'plan', from: T0 - 30 * 86_400_000 },
  { actors: [] },
];

const options = { products: everyProduct };

async function allPages(target: Store, filter: ActivityFilter, limit = 37): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryActivity(target, { ...filter, limit, ...(cursor ? { cursor } : {}) }, options);
    ids.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

async function fullExport(target: Store, filter: ActivityFilter): Promise<string> {
  let text = '';
  let cursor: string | undefined;
  do {
    const chunk = await exportActivity(
      target,
      { filters: filter, format: 'ndjson', ...(cursor ? { cursor } : {}) } as never,
      { ...options, chunkBytes: 40_000 },
    );
    text += chunk.chunk;
    cursor = chunk.nextCursor;
  } while (cursor);
  // The header carries the checkpoint's signing time; the records are what must be the same.
  return text.split('\n').slice(1).join('\n');
}

/** Every read path's answer, to compare before packing, across the boundary and after. */
async function answers(target: Store) {
  const out: Record<string, unknown> = {};
  for (const [i, filter] of FILTERS.entries()) out[`query ${i}`] = await allPages(target, filter);
  out.facets = await activityFacets(target, { from: T0 - 40 * 86_400_000, to: T0 + N * 60_000 }, options);
  out.trail = (await activityForObject(target, { objectId: '1013', limit: 500 }, options)).items;
  out.get = await Promise.all(
    [0, 5, 333, N - 1].map((n) => getRecord(target, recordId(['two-tiers', n]), everyProduct)),
  );
  out.export = await fullExport(target, {});
  out.exportFiltered = await fullExport(target, { actors: [ACTORS[5]!] });
  out.sealed = await readSealed(target, 0, 10_000);
  out.sealedMiddle = await readSealed(target, 100, 250);
  return out;
}

describe.each(testEngines)('one log over two tiers on $name', (engine) => {
  const store = storeForSuite(engine);
  let before: Record<string, unknown>;

  beforeAll(async () => {
    await insertRecords(store(), variedRecords());
    await sealPending(store(), { deadlineMs: farDeadline(), batchSize: 1000 });
    before = await answers(store());
  });

  it('answers every filter before packing as the SQL does', () => {
    // A sanity check that the log is varied: the filters find different, non-trivial sets.
    const sizes = FILTERS.map((_, i) => (before[`query ${i}`] as string[]).length);
    expect(sizes[0]).toBe(N);
    expect(new Set(sizes).size).toBeGreaterThan(7);
    expect(sizes.filter((n) => n === 0)).toHaveLength(1);
  });

  it('gives the same answers with the boundary inside the log (blocks indexed, their live rows hidden)', async () => {
    const packed = await packArchive(store(), {
      deadlineMs: farDeadline(),
      blockRecords: BLOCK,
      maxLiveAgeMs: Number.MAX_SAFE_INTEGER,
      settleMs: Number.MAX_SAFE_INTEGER,
    });
    expect(packed.packed).toBe(Math.floor(N / BLOCK));
    expect(await countAuditEvents(store())).toBe(N);
    expect(await answers(store())).toEqual(before);
  });

  it('gives the same answers once the archived rows are deleted', async () => {
    await packArchive(store(), {
      deadlineMs: farDeadline(),
      blockRecords: BLOCK,
      maxLiveAgeMs: Number.MAX_SAFE_INTEGER,
      settleMs: 0,
    });
    expect(await countAuditEvents(store())).toBe(N % BLOCK);
    expect(await answers(store())).toEqual(before);
  });

  it('keeps a cursor valid across packing between pages', async () => {
    const filter = { actors: [ACTORS[7]!] };
    const expected = before[`query ${FILTERS.length}`] ?? (await allPages(store(), filter));
    const first = await queryActivity(store(), { ...filter, limit: 5 }, options);
    await packArchive(store(), {
      deadlineMs: farDeadline(),
      blockRecords: BLOCK,
      maxLiveAgeMs: 0,
      settleMs: 0,
    });
    await packArchive(store(), {
      deadlineMs: farDeadline(),
      blockRecords: BLOCK,
      maxLiveAgeMs: 0,
      settleMs: 0,
    });
    expect(await archivedThrough(store())).toBe(N);
    const rest = await allPages(store(), { ...filter, ...{} }, 5);
    expect([
      ...first.items.map((r) => r.id),
      ...(await continueFrom(store(), filter, first.nextCursor!)),
    ]).toEqual(rest);
    expect(rest).toEqual(expected);
  });

  it('gives the same answers with everything archived, and the chain verifies across the tiers', async () => {
    expect(await countAuditEvents(store())).toBe(0);
    expect(await answers(store())).toEqual(before);
    expect(await verifyStoredChain(store())).toMatchObject({ ok: true, checked: N, headSeq: N });
  });
});

async function continueFrom(target: Store, filter: ActivityFilter, cursor: string): Promise<string[]> {
  const ids: string[] = [];
  let next: string | undefined = cursor;
  while (next) {
    const page = await queryActivity(target, { ...filter, limit: 5, cursor: next }, options);
    ids.push(...page.items.map((r) => r.id));
    next = page.nextCursor;
  }
  return ids;
}
