import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Selectable, Updateable } from 'kysely';
import { kvs } from '@forge/kvs';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { chainHash } from '../../src/seal/chain-hash';
import { readCheckpoint, storeCheckpoint } from '../../src/seal/checkpoint';
import { sealHeader } from '../../src/seal/export-header';
import { readSealed } from '../../src/seal/read-sealed';
import { sealPending } from '../../src/seal/seal-pending';
import { parseDigests } from '../../src/seal/sealed-record';
import { readSigningKey } from '../../src/seal/signing-key';
import { verifyFile } from '../../src/seal/verify-cli';
import { verifyStoredChain } from '../../src/seal/verify-stored-chain';
import { fromRow } from '../../src/store/audit-event-row';
import type { Store } from '../../src/store/database';
import type { AuditEventTable } from '../../src/store/tables';
import { testEngines } from '../support/engines';
import { farDeadline, insertRecords, records, T0 } from './seal-support';

type Row = Selectable<AuditEventTable>;

const N = 150;

/**
 * An attacker with SQL write access edits one record and recomputes every hash after it, and the head.
 * The signed checkpoint alone would catch that only at its own seq (the head); each record's signature
 * names the edited record itself, in the database and in an export alike.
 */
describe.each(testEngines)('a recomputed chain on $name', (engine) => {
  let sandbox: Sandbox;
  let target: Store;
  let sealedRows: Row[];
  let signed: unknown;
  let dir: string;
  const update = (seq: number, values: Updateable<AuditEventTable>) =>
    target.db.updateTable('audit_event').set(values).where('seq', '=', seq).execute();

  /** Edits `action` at `seq` and recomputes the chain from there to the head, as the attacker would. */
  async function rewriteFrom(seq: number): Promise<void> {
    await update(seq, { action: 'issue.deleted' });
    const rows = await target.db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    let prev = rows[seq - 2]!.hash!;
    for (const row of rows.slice(seq - 1)) {
      const hash = chainHash(prev, fromRow(row), Number(row.seq), parseDigests(row.seal_digests));
      await update(Number(row.seq), { prev_hash: prev, hash });
      prev = hash;
    }
    await target.db.updateTable('seal_state').set({ last_hash: prev }).execute();
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
    target = sandbox.opened.store;
    await insertRecords(target, records(1, N, T0));
    expect(await sealPending(target, { deadlineMs: farDeadline() })).toMatchObject({ sealed: N });
    sealedRows = await target.db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    signed = await kvs.get('seal-checkpoint');
    dir = mkdtempSync(join(tmpdir(), 'audit-recomputed-'));
  });
  beforeEach(async () => {
    for (const row of sealedRows)
      await update(Number(row.seq), {
        action: row.action,
        hash: row.hash,
        prev_hash: row.prev_hash,
        seal_signature: row.seal_signature,
      });
    await target.db
      .updateTable('seal_state')
      .set({ last_hash: sealedRows[N - 1]!.hash!, checkpoint: JSON.stringify(signed) })
      .execute();
    await kvs.set('seal-checkpoint', signed);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await sandbox.close();
    await engine.dropAll();
  });

  test('every sealed record carries a signature, and the intact chain verifies', async () => {
    expect(sealedRows.every((row) => /^[A-Za-z0-9+/]{86}==$/.test(row.seal_signature ?? ''))).toBe(true);
    expect(await verifyStoredChain(target)).toEqual({ ok: true, checked: N, headSeq: N });
  });

  test('chain.verify names seq 100, whatever the page size', async () => {
    await rewriteFrom(100);
    const expected = {
      ok: false,
      firstBadSeq: 100,
      checked: 99,
      problem: { kind: 'signature_mismatch' },
    };
    expect(
      await sandbox.host.invoke('jira:adminPage', 'chain.verify', {}, sandbox.defaultAccountId),
    ).toMatchObject(expected);
    for (const pageSize of [40, 100, 99, 7]) {
      expect([pageSize, await verifyStoredChain(target, { pageSize })]).toMatchObject([pageSize, expected]);
    }
  });

  test('npm run verify names seq 100 on an export of the rewritten chain', async () => {
    await rewriteFrom(100);
    const header = (await sealHeader(target))!;
    const file = join(dir, 'rewritten.ndjson');
    const lines = [header, ...(await readSealed(target, 0, 1000))];
    writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n'));
    expect(await verifyFile(file)).toMatchObject({
      ok: false,
      firstBadSeq: 100,
      problem: { kind: 'signature_mismatch' },
    });
  });

  test('a signature removed, or replaced by another record’s, is tampering at that seq', async () => {
    await update(60, { seal_signature: null });
    expect(await verifyStoredChain(target)).toMatchObject({ ok: false, firstBadSeq: 60 });
    await update(60, { seal_signature: sealedRows[59]!.seal_signature });
    // The last record of a page has its signature checked: there a valid-looking wrong one is found too.
    await update(N, { seal_signature: sealedRows[0]!.seal_signature });
    expect(await verifyStoredChain(target)).toMatchObject({
      ok: false,
      firstBadSeq: N,
      problem: { kind: 'signature_mismatch' },
    });
  });

  test('records sealed before signatures existed are reported as not signed, and only those', async () => {
    // As an installation that upgraded at seq 20 has it: rows 1–20 without signatures, and a
    // checkpoint saying signatures start at 21.
    const key = (await readSigningKey())!;
    const checkpoint = (await readCheckpoint(key))!;
    await storeCheckpoint(target, key, { ...checkpoint, signedFromSeq: 21 });
    await target.db.updateTable('audit_event').set({ seal_signature: null }).where('seq', '<=', 20).execute();
    expect(await verifyStoredChain(target)).toEqual({ ok: true, checked: N, headSeq: N, unsigned: 20 });
    await update(21, { seal_signature: null });
    expect(await verifyStoredChain(target)).toMatchObject({ ok: false, firstBadSeq: 21 });
    // Nulling signatures cannot move where they start: signedFromSeq is in the signed checkpoint.
    await kvs.set('seal-checkpoint', { ...(await kvs.get<object>('seal-checkpoint')), signedFromSeq: 30 });
    expect(await verifyStoredChain(target)).toMatchObject({
      ok: false,
      problem: { kind: 'checkpoint_missing' },
    });
  });
});
