import { kvs } from '@forge/kvs';
import { sql } from 'kysely';
import { createConnection } from 'mysql2/promise';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { sealPending } from '../../src/seal/seal-pending';
import { verifyStoredChain } from '../../src/seal/verify-stored-chain';
import { testEngines } from '../support/engines';
import { farDeadline, insertRecords, records, T0 } from '../seal/seal-support';

const COLUMN_MIGRATION = 'v002_audit_event_seal_signature';

/**
 * An installation (or a local sandbox database) made before `audit_event.seal_signature` existed: the
 * next run of the `schema` trigger adds the column and nothing else, and the rows sealed before it verify
 * as sealed without signatures.
 */
describe.each(testEngines)('an installation from before per-record signatures, on $name', (engine) => {
  let sandbox: Sandbox;
  let url: string;

  /** Puts the schema back as it was: the column and its migration record gone. */
  async function downgrade(): Promise<void> {
    const statements = [
      'alter table audit_event drop column seal_signature',
      `delete from __migrations where name = '${COLUMN_MIGRATION}'`,
    ];
    if (engine.name === 'sqlite') {
      for (const statement of statements) await sql.raw(statement).execute(sandbox.opened.store.db);
      return;
    }
    // Through the server itself: the Forge SQL stand-in refuses DDL on the DML endpoint, as Forge does.
    const connection = await createConnection({ uri: url.replace(/[?].*$/, '') });
    try {
      for (const statement of statements) await connection.query(statement);
    } finally {
      await connection.end();
    }
  }

  beforeAll(async () => {
    url = await engine.freshDatabase();
    sandbox = await startSandbox({ auditDb: url, kvsFile: null });
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('the schema trigger adds the column; records sealed before it are reported as unsigned, later ones are signed', async () => {
    const target = sandbox.opened.store;
    // Records sealed before the upgrade: no signatures, and a checkpoint of the old form (unreadable now).
    await insertRecords(target, records(1, 5, T0));
    await sealPending(target, { deadlineMs: farDeadline() });
    await kvs.set('seal-checkpoint', { ...(await kvs.get<object>('seal-checkpoint')), v: 1 });
    await downgrade();
    // The upgrade comes with a later deployment: the fresh install's minute of DDL (Forge SQL allows 25)
    // has long passed.
    sandbox.opened.sqlBackend?.ddl.splice(0);

    expect(await sandbox.host.runScheduled('schema')).toMatchObject({ ran: [COLUMN_MIGRATION] });
    const before = await target.db.selectFrom('audit_event').select('seal_signature').execute();
    expect(before.map((row) => row.seal_signature)).toEqual([null, null, null, null, null]);
    await insertRecords(target, records(6, 3, T0 + 60_000));
    expect(await sealPending(target, { deadlineMs: farDeadline() })).toMatchObject({ sealed: 3, headSeq: 8 });
    expect(await verifyStoredChain(target)).toEqual({ ok: true, checked: 8, headSeq: 8, unsigned: 5 });
    // From the first signed record on, a missing signature is tampering.
    await target.db.updateTable('audit_event').set({ seal_signature: null }).where('seq', '=', 7).execute();
    expect(await verifyStoredChain(target)).toMatchObject({ ok: false, firstBadSeq: 7 });
    expect(await sandbox.host.runScheduled('schema')).toMatchObject({ ran: [] });
  });
});
