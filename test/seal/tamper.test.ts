import type { Insertable, Selectable, Updateable } from 'kysely';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { PSEUDONYM_PREFIX } from '../../src/seal/personal-fields';
import { sealPending } from '../../src/seal/seal-pending';
import { kvs } from '@forge/kvs';
import { chainHash } from '../../src/seal/chain-hash';
import { signPrunedPrefix } from '../../src/seal/sign-pruned';
import { parseDigests } from '../../src/seal/sealed-record';
import { fromRow } from '../../src/store/audit-event-row';
import { verifyStoredChain } from '../../src/seal/verify-stored-chain';
import type { Store } from '../../src/store/database';
import type { AuditEventTable, SealStateTable } from '../../src/store/tables';
import { testEngines } from '../support/engines';
import { farDeadline, insertRecords, recordErasuresLocked, makeRecord, T0 } from './seal-support';

type Row = Selectable<AuditEventTable>;
type Edit = Updateable<AuditEventTable>;

/** A row as read (Forge SQL gives BIGINTs as strings), ready to be written back. */
function writable(row: Row): Insertable<AuditEventTable> {
  return {
    ...row,
    time_ms: Number(row.time_ms),
    received_ms: Number(row.received_ms),
    seq: row.seq === null ? null : Number(row.seq),
  };
}

const N = 12;
/** First, middle and last: tampering anywhere in the chain is found exactly there. */
const POSITIONS = [1, 6, N];

/**
 * One change per row field, each as a DBA or attacker with SQL access could make it. `seal_digests`,
 * `seal_signature`, `prev_hash`, `hash` and `seq` are the seal's own columns; the others are the record's.
 */
const EDITS: readonly [string, (row: Row) => Edit][] = [
  ['time_ms', (r) => ({ time_ms: Number(r.time_ms) - 3_600_000 })],
  ['received_ms', (r) => ({ received_ms: Number(r.received_ms) + 1 })],
  ['product', (r) => ({ product: r.product === 'jira' ? 'confluence' : 'jira' })],
  ['action', () => ({ action: 'issue.deleted' })],
  ['actor_id (another person)', () => ({ actor_id: '557058:someone-else' })],
  ['actor_type', () => ({ actor_type: 'app' })],
  ['container_id', () => ({ container_id: '99999' })],
  ['container_key', () => ({ container_key: 'HACK' })],
  ['container_name', () => ({ container_name: 'Renamed' })],
  ['object_type', () => ({ object_type: 'page' })],
  ['object_id', () => ({ object_id: '1' })],
  ['object_key', () => ({ object_key: 'OPS-999' })],
  ['object_title', () => ({ object_title: 'Forged title' })],
  ['parent_id', () => ({ parent_id: '2' })],
  ['parent_key', () => ({ parent_key: 'OPS-998' })],
  ['parent_title', () => ({ parent_title: 'Forged parent' })],
  ['changes (a value)', (r) => ({ changes: r.changes!.replace(/"New \d+"/, '"Forged"') })],
  ['changes (a field name)', (r) => ({ changes: r.changes!.replace('"summary"', '"description"') })],
  ['changes (one removed)', (r) => ({ changes: JSON.stringify(JSON.parse(r.changes!).slice(1)) })],
  [
    'changes (a key added inside a change)',
    (r) => ({ changes: r.changes!.replace('"field":', '"x":1,"field":') }),
  ],
  ['trail_id', () => ({ trail_id: '77777' })],
  ['parent_type', () => ({ parent_type: 'page' })],
  ['container_type', () => ({ container_type: 'space' })],
  ['source_event', () => ({ source_event: 'avi:jira:deleted:issue' })],
  [
    'seal_digests',
    (r) => ({ seal_digests: r.seal_digests!.replace(/"[0-9a-f]{32}"/, `"${'0'.repeat(32)}"`) }),
  ],
  ['seal_signature (removed)', () => ({ seal_signature: null })],
  ['seal_signature (not a signature)', () => ({ seal_signature: 'forged' })],
  ['prev_hash', () => ({ prev_hash: 'a'.repeat(64) })],
  ['hash', () => ({ hash: 'b'.repeat(64) })],
  ['seq', () => ({ seq: 999 })],
];

/** The KVS marker an erasure run sets while its entries are not yet counted (src/seal/erasure-store.ts). */
const IN_FLIGHT = 'seal-erasures-in-flight';

describe.each(testEngines)('tamper evidence on $name', (engine) => {
  let sandbox: Sandbox;
  let target: Store;
  let sealedRows: Row[];
  let signed: unknown;
  let sealState: Selectable<SealStateTable>;
  const verify = (payload: unknown = {}) =>
    sandbox.host.invoke('jira:adminPage', 'chain.verify', payload, sandbox.defaultAccountId);
  const update = (seq: number, values: Edit) =>
    target.db.updateTable('audit_event').set(values).where('seq', '=', seq).execute();

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    target = sandbox.opened.store;
    const all = Array.from({ length: N }, (_, i) =>
      // Record 9 was captured with content not stored: no titles, no change values.
      i + 1 === 9
        ? {
            ...makeRecord(9, { receivedMs: T0 + 9000 }),
            object: { type: 'issue', id: '9', key: 'OPS-9' },
            changes: [],
          }
        : makeRecord(i + 1, { receivedMs: T0 + (i + 1) * 1000 }),
    );
    await insertRecords(target, all);
    expect(await sealPending(target, { deadlineMs: farDeadline() })).toMatchObject({ sealed: N, headSeq: N });
    sealedRows = await target.db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    signed = await kvs.get('seal-checkpoint');
    sealState = await target.db.selectFrom('seal_state').selectAll().executeTakeFirstOrThrow();
  });
  // Every test starts from the intact, sealed log.
  beforeEach(async () => {
    await target.db.deleteFrom('audit_event').execute();
    for (const row of sealedRows) await target.db.insertInto('audit_event').values(writable(row)).execute();
    const { name: _name, ...state } = sealState;
    await target.db
      .updateTable('seal_state')
      .set({ ...state, expires_ms: 0, last_seq: N, pruned_seq: 0 })
      .execute();
    await kvs.set('seal-checkpoint', signed);
    await kvs.delete(IN_FLIGHT);
    await target.db.deleteFrom('seal_erasure').execute();
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('the intact chain verifies', async () => {
    expect(await verify()).toEqual({ ok: true, checked: N, headSeq: N });
  });

  describe.each(POSITIONS)('in the record at seq %i', (seq) => {
    test.each(EDITS)('editing %s is found at that seq', async (_name, edit) => {
      await update(seq, edit(sealedRows[seq - 1]!));
      expect(await verify()).toMatchObject({ ok: false, firstBadSeq: seq, checked: seq - 1 });
    });

    test('deleting it is found at that seq', async () => {
      await target.db.deleteFrom('audit_event').where('seq', '=', seq).execute();
      expect(await verify()).toMatchObject({ ok: false, firstBadSeq: seq, problem: { kind: 'missing' } });
    });
  });

  test('a value added where the seal recorded none (content was not stored) is found', async () => {
    await update(9, { object_title: 'Added later' });
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 9, problem: { kind: 'field_altered' } });
  });

  test.each([
    ['seq only (rows move with their hashes)', ['seq']],
    ['seq and every seal column (contents trade places)', ['seq', 'hash', 'prev_hash', 'seal_digests']],
  ] as const)('swapping two records, by %s, is found at the first of them', async (_name, columns) => {
    const [a, b] = [sealedRows[3 - 1]!, sealedRows[8 - 1]!];
    await target.db.updateTable('audit_event').set({ seq: -1 }).where('id', '=', a.id).execute();
    const pick = (row: Row): Edit => {
      const w = writable(row);
      return Object.fromEntries(columns.map((c) => [c, w[c]]));
    };
    await target.db.updateTable('audit_event').set(pick(a)).where('id', '=', b.id).execute();
    await target.db.updateTable('audit_event').set(pick(b)).where('id', '=', a.id).execute();
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  /** Erasure as the app does it: a signed entry for the record's fields, then the values go. */
  const erase = (seq: number, paths: string[]) =>
    recordErasuresLocked(target, [{ recordId: sealedRows[seq - 1]!.id, paths }]);

  test('erased records — account pseudonymised or removed, content dropped — with signed entries verify as erased, not tampered', async () => {
    await erase(2, ['actor.accountId']);
    await update(2, { actor_id: `${PSEUDONYM_PREFIX}c0ffee` });
    await erase(5, ['actor.accountId']);
    await update(5, { actor_id: null });
    await erase(7, [
      'object.title',
      'object.parent.title',
      'changes.0.from',
      'changes.0.to',
      'changes.1.from',
    ]);
    await update(7, {
      object_title: null,
      parent_title: null,
      changes: JSON.stringify(
        JSON.parse(sealedRows[6]!.changes!).map((c: { field: string }) => ({
          field: c.field,
          from: null,
          to: null,
        })),
      ),
    });
    expect(await verify()).toEqual({ ok: true, checked: N, headSeq: N, erased: [2, 5, 7], erasedCount: 3 });
  });

  // Issue 11: fake erasure passed as lawful.
  test.each([
    ['actor_id set to a pseudonym', { actor_id: `${PSEUDONYM_PREFIX}whoever` }],
    ['actor_id set to NULL', { actor_id: null }],
    ['object_title set to NULL', { object_title: null }],
  ] as const)('%s without a signed erasure entry is tampering', async (_name, edit) => {
    await update(4, edit);
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: { kind: 'field_altered' } });
  });

  test('an erasure entry covers only its own record and fields; a forged one is tampering', async () => {
    await erase(3, ['object.title']);
    await update(3, { actor_id: null });
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 3 });
    await target.db.deleteFrom('seal_erasure').execute();
    await kvs.set('seal-checkpoint', signed);
    const forged = {
      recordId: sealedRows[2]!.id,
      paths: ['actor.accountId'],
      time: new Date().toISOString(),
    };
    await target.db
      .insertInto('seal_erasure')
      .values({
        id: 'f'.repeat(32),
        record_id: forged.recordId,
        entry: JSON.stringify({ ...forged, signature: 'AAAA' }),
      })
      .execute();
    expect(await verify()).toMatchObject({ ok: false, problem: { kind: 'erasure_forged' } });
  });

  test('a deleted erasure entry is tampering, even where its erasure was never applied', async () => {
    await erase(2, ['actor.accountId']);
    await erase(5, ['object.title']);
    await update(2, { actor_id: `${PSEUDONYM_PREFIX}c0ffee` });
    expect(await verify()).toMatchObject({ ok: true, erased: [2] });
    const five = sealedRows[4]!.id;
    await target.db.deleteFrom('seal_erasure').where('record_id', '=', five).execute();
    expect(await verify()).toMatchObject({ ok: false, problem: { kind: 'erasure_mismatch' } });
  });

  test('an erasure run that stopped before counting its entries is no alarm, and the next erasure counts them', async () => {
    await erase(2, ['actor.accountId']);
    const before = await kvs.get('seal-checkpoint');
    await erase(5, ['object.title']);
    // As if that run had stopped after its inserts: its checkpoint never signed, its marker left in KVS.
    await kvs.set('seal-checkpoint', before);
    await kvs.set(IN_FLIGHT, new Date().toISOString());
    expect(await verify()).toMatchObject({ ok: true });
    // Only the marker explains more entries than the checkpoint counts.
    await kvs.delete(IN_FLIGHT);
    expect(await verify()).toMatchObject({ ok: false, problem: { kind: 'erasure_mismatch' } });
    await kvs.set(IN_FLIGHT, new Date().toISOString());
    // The next erasure counts the stopped run's entries and clears the marker.
    await erase(7, ['object.title']);
    expect(await kvs.get(IN_FLIGHT)).toBeUndefined();
    expect(await verify()).toMatchObject({ ok: true });
    // Counted now: deleting one of them is tampering.
    await target.db.deleteFrom('seal_erasure').where('record_id', '=', sealedRows[4]!.id).execute();
    expect(await verify()).toMatchObject({ ok: false, problem: { kind: 'erasure_mismatch' } });
  });

  test('while an erasure run is marked in flight, a deleted entry is still tampering, and stays so', async () => {
    await erase(2, ['actor.accountId']);
    await erase(5, ['object.title']);
    await kvs.set(IN_FLIGHT, new Date().toISOString());
    await target.db.deleteFrom('seal_erasure').where('record_id', '=', sealedRows[1]!.id).execute();
    expect(await verify()).toMatchObject({ ok: false, problem: { kind: 'erasure_mismatch' } });
    // The next erasure does not count the deletion in: fewer entries than counted are never settled.
    await erase(7, ['object.title']);
    expect(await verify()).toMatchObject({ ok: false, problem: { kind: 'erasure_mismatch' } });
  });

  test('an erasure entry copied from another record, or with its paths widened, is tampering', async () => {
    await erase(2, ['actor.accountId']);
    const [row] = await target.db.selectFrom('seal_erasure').selectAll().execute();
    const entry = JSON.parse(row!.entry) as { paths: string[] };
    await target.db
      .updateTable('seal_erasure')
      .set({ entry: JSON.stringify({ ...entry, paths: [...entry.paths, 'object.title'] }) })
      .execute();
    expect(await verify()).toMatchObject({ ok: false, problem: { kind: 'erasure_forged' } });
    await target.db
      .updateTable('seal_erasure')
      .set({ entry: row!.entry, record_id: sealedRows[3]!.id })
      .execute();
    expect(await verify()).toMatchObject({ ok: false, problem: { kind: 'erasure_forged' } });
  });

  test('erasure does not hide tampering elsewhere, nor a forged value passed off as a pseudonym elsewhere', async () => {
    await erase(2, ['actor.accountId']);
    await update(2, { actor_id: null });
    await update(4, { object_title: `${PSEUDONYM_PREFIX}x` });
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 4, erased: [2] });
  });

  test('retention removes a prefix: with its signed checkpoint the rest verifies', async () => {
    expect(await signPrunedPrefix(target, 3)).toBe(true);
    await target.db.deleteFrom('audit_event').where('seq', '<=', 3).execute();
    expect(await verify()).toEqual({ ok: true, checked: N - 3, headSeq: N });
  });

  // The three rewrites of issue 11, each of which chain.verify accepted while the head lived only in SQL.
  test('a prefix removed and marked pruned in SQL, without a signed checkpoint, is found at seq 1', async () => {
    await target.db.deleteFrom('audit_event').where('seq', '<=', 5).execute();
    await target.db.updateTable('seal_state').set({ pruned_seq: 5 }).execute();
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 1, problem: { kind: 'missing' } });
  });

  test('a removed head, with last_seq moved back, is found at that seq', async () => {
    await target.db.deleteFrom('audit_event').where('seq', '=', N).execute();
    const previous = sealedRows[N - 2]!;
    await target.db
      .updateTable('seal_state')
      .set({ last_seq: N - 1, last_hash: previous.hash! })
      .execute();
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: N, problem: { kind: 'missing' } });
  });

  test('a record changed and the chain recomputed up to the head is found at that record, not at the head', async () => {
    await update(6, { action: 'issue.deleted' });
    const rows = await target.db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    let prev = rows[4]!.hash!;
    for (const row of rows.slice(5)) {
      const hash = chainHash(prev, fromRow(row), Number(row.seq), parseDigests(row.seal_digests));
      await update(Number(row.seq), { prev_hash: prev, hash });
      prev = hash;
    }
    await target.db.updateTable('seal_state').set({ last_hash: prev }).execute();
    expect(await verify()).toMatchObject({
      ok: false,
      firstBadSeq: 6,
      checked: 5,
      problem: { kind: 'signature_mismatch' },
    });
  });

  test('the public key replaced in SQL is reported', async () => {
    await target.db.updateTable('seal_state').set({ public_key: 'MCowBQYDK2VwAyEA' }).execute();
    expect(await verify()).toMatchObject({ ok: false, problem: { kind: 'key_mismatch' } });
  });

  test('a long chain is checked in parts within the time budget; continuing from nextSeq finds what lies beyond', async () => {
    const first = await verifyStoredChain(target, { budgetMs: 0, pageSize: 5 });
    expect(first).toEqual({ ok: true, checked: 5, headSeq: N, partial: true, nextSeq: 6 });
    await update(11, { action: 'issue.deleted' });
    // Continuing re-reads seq 5, so the link from the first part to the second is checked too.
    const second = await verifyStoredChain(target, { budgetMs: 0, pageSize: 5, fromSeq: 6 });
    expect(second).toEqual({ ok: true, checked: 5, headSeq: N, partial: true, nextSeq: 10 });
    expect(await verify({ fromSeq: second.nextSeq })).toMatchObject({ ok: false, firstBadSeq: 11 });
  });

  test('chain.verify is for admins only and names a bad payload', async () => {
    const outsider = sandbox.site.users.find(
      (u) => u.accountType === 'atlassian' && !sandbox.admins.has(u.accountId),
    )!;
    expect(await sandbox.host.invoke('jira:adminPage', 'chain.verify', {}, outsider.accountId)).toMatchObject(
      {
        error: { code: 'FORBIDDEN' },
      },
    );
    expect(await verify({ fromSeq: 0 })).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'fromSeq' } });
  });
});
