import { kvs } from '@forge/kvs';
import { startSandbox, type Sandbox } from '../../dev/sandbox';
import { writeSecret } from '../../src/forward/secrets';
import { cyclePeriodMs, startsNewCycle } from '../../src/privacy/privacy-cycle';
import { preUninstall } from '../../src/privacy/pre-uninstall';
import { eraseAccountInChanges, pseudonymOf, sealAcceptsObjectIdErasure } from '../../src/privacy/pseudonym';
import { readPseudonymKey } from '../../src/privacy/pseudonym-key';
import type { AuditRecord } from '../../src/record/audit-record';
import { readJobState } from '../../src/jobs/job-state';
import { dailyJob, dailyStateParts } from '../../src/schedule/daily-job';
import { readInstallationKey } from '../../src/seal/installation-key';
import { sealPending } from '../../src/seal/seal-pending';
import { verifyStoredChain } from '../../src/seal/verify-stored-chain';
import type { Store } from '../../src/store/database';
import { testEngines } from '../support/engines';
import { insertRecords, makeRecord, T0 } from '../seal/seal-support';

const DAY = 24 * 60 * 60 * 1000;
const NOW = T0 + 10 * DAY;
const CLOSED_A = '5b10ac8d82e05b22cc7d4e01';
const CLOSED_B = '712020:0c3a1a60-5b6e-4c33-9b53-1b3d6e0aa001';
const UPDATED = '5b10ac8d82e05b22cc7d4e02';

describe('pure parts', () => {
  const key = Buffer.alloc(32, 7);
  test('a pseudonym is stable, keyed, and reads as erased to the chain', () => {
    expect(pseudonymOf(key, CLOSED_A)).toBe(pseudonymOf(key, CLOSED_A));
    expect(pseudonymOf(key, CLOSED_A)).not.toBe(pseudonymOf(key, CLOSED_B));
    expect(pseudonymOf(Buffer.alloc(32, 8), CLOSED_A)).not.toBe(pseudonymOf(key, CLOSED_A));
    expect(pseudonymOf(key, CLOSED_A)).toMatch(/^pseudonym:[0-9a-f]{32}$/);
    expect(pseudonymOf(key, CLOSED_A)).not.toContain(CLOSED_A);
  });

  test('change values naming the account are erased; others are left', () => {
    const changes = [
      { field: 'mentioned', from: null, to: `${CLOSED_A}, someone-else` },
      { field: 'status', from: 'To Do', to: 'Done' },
    ];
    expect(eraseAccountInChanges(changes, CLOSED_A)).toEqual([
      { field: 'mentioned', from: null, to: null },
      { field: 'status', from: 'To Do', to: 'Done' },
    ]);
    expect(eraseAccountInChanges(changes, CLOSED_B)).toBeUndefined();
  });

  test('sealing accepts an erased user object id, so sealed user records can be pseudonymised', () => {
    expect(sealAcceptsObjectIdErasure(pseudonymOf(key, CLOSED_A))).toBe(true);
  });

  test('Cycle-Period: seconds or days as ISO 8601, kept between one and thirty days; default a week', () => {
    expect(cyclePeriodMs(undefined)).toBe(7 * DAY);
    expect(cyclePeriodMs('604800')).toBe(7 * DAY);
    expect(cyclePeriodMs('172800')).toBe(2 * DAY);
    expect(cyclePeriodMs('P3D')).toBe(3 * DAY);
    expect(cyclePeriodMs('60')).toBe(DAY);
    expect(cyclePeriodMs('99999999')).toBe(30 * DAY);
    expect(cyclePeriodMs('soon')).toBe(7 * DAY);
  });

  test('a cycle starts when there was none, or when the finished one’s period is over', () => {
    expect(startsNewCycle({}, NOW)).toBe(true);
    expect(startsNewCycle({ cycleStartMs: NOW - DAY }, NOW)).toBe(false); // still reporting
    expect(startsNewCycle({ cycleStartMs: NOW - DAY, nextCycleMs: NOW + DAY }, NOW)).toBe(false);
    expect(startsNewCycle({ cycleStartMs: NOW - DAY, nextCycleMs: NOW }, NOW)).toBe(true);
  });
});

describe.each(testEngines)('the personal-data cycle on $name', (engine) => {
  let sandbox: Sandbox;
  let target: Store;
  const people = Array.from({ length: 120 }, (_, i) => `5c0000000000000000000${String(i).padStart(3, '0')}`);
  let n = 0;
  const record = (actor: string | null, over: Partial<AuditRecord> = {}): AuditRecord => {
    n += 1;
    return { ...makeRecord(n, { receivedMs: T0 + n * 1000, actor }), ...over };
  };
  const seal = () => sealPending(target, { deadlineMs: Date.now() + 60_000 });
  const daily = (nowMs: number) => dailyJob({ target, nowMs });
  const reported = () => sandbox.privacy.reports.flatMap((r) => r.accounts.map((a) => a.accountId));

  beforeAll(async () => {
    sandbox = await startSandbox({
      auditDb: await engine.freshDatabase(),
      kvsFile: null,
      closedAccounts: [CLOSED_A, CLOSED_B],
      updatedAccounts: [UPDATED],
    });
    target = sandbox.opened.store;
    sandbox.privacy.cyclePeriodSeconds = 2 * 24 * 60 * 60;
    await insertRecords(target, [
      ...people.map((p) => record(p)),
      record(CLOSED_A),
      record(CLOSED_A),
      record(CLOSED_B),
      record(UPDATED),
      // Someone mentioned the closed account: its id is a change value.
      record(people[0]!, {
        action: 'issue.mentioned',
        changes: [{ field: 'mentioned', from: null, to: `${CLOSED_A}, ${people[1]}` }],
      }),
      // A record about the closed account (a user event): sealed below, so its object id must stay.
      record(null, {
        action: 'user.updated',
        object: { type: 'user', id: CLOSED_A },
        container: null,
        changes: [],
      }),
    ]);
    await seal();
    // Not sealed yet: these may change.
    await insertRecords(target, [
      record(null, {
        action: 'user.deleted',
        object: { type: 'user', id: CLOSED_B },
        container: null,
        changes: [],
      }),
      record(people[2]!, {
        action: 'relation.created',
        object: {
          type: 'relation',
          id: `watching:user/${CLOSED_B}>page/838205441`,
          parent: { type: 'page', id: '838205441' },
        },
        changes: [],
      }),
    ]);
    await target.db
      .insertInto('pull_token')
      .values({
        id: 't'.repeat(32),
        name: 'SIEM pull',
        token_hash: 'h'.repeat(64),
        created_by: CLOSED_A,
        created_ms: T0,
        last_used_ms: null,
        revoked_ms: null,
        window_ms: 0,
        window_count: 0,
      })
      .execute();
    expect(await daily(NOW)).toMatchObject({ errors: [] });
  });
  afterAll(async () => {
    await sandbox.close();
    await engine.dropAll();
  });

  test('every stored account is reported once per cycle, at most 90 per request', async () => {
    expect(sandbox.privacy.reports.length).toBe(2);
    expect(sandbox.privacy.reports.every((r) => r.accounts.length <= 90)).toBe(true);
    const ids = reported();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...people, CLOSED_A, CLOSED_B, UPDATED].sort());
    expect(sandbox.privacy.reports[0]!.accounts[0]!.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
  });

  test('a closed account is pseudonymised in every table with one stable pseudonym', async () => {
    const key = (await readPseudonymKey())!;
    const pA = pseudonymOf(key, CLOSED_A);
    const pB = pseudonymOf(key, CLOSED_B);
    const rows = await target.db.selectFrom('audit_event').selectAll().execute();
    const text = JSON.stringify(rows);
    // Sealed records too: a user object's id is committed through a digest, so it can be erased.
    expect(text).not.toContain(CLOSED_A);
    expect(rows.find((r) => r.action === 'user.updated' && r.seq !== null)).toMatchObject({ object_id: pA });
    expect(text).not.toContain(CLOSED_B);
    expect(rows.filter((r) => r.actor_id === pA)).toHaveLength(2);
    expect(rows.filter((r) => r.actor_id === pB)).toHaveLength(1);
    expect(rows.find((r) => r.action === 'user.deleted')).toMatchObject({ object_id: pB, trail_id: pB });
    expect(rows.find((r) => r.action === 'relation.created')?.object_id).toBe(
      `watching:user/${pB}>page/838205441`,
    );
    const mention = rows.find((r) => r.action === 'issue.mentioned')!;
    expect(JSON.parse(mention.changes!)).toEqual([{ field: 'mentioned', from: null, to: null }]);

    const rollups = await target.db.selectFrom('insight_actor_day').selectAll().execute();
    expect(JSON.stringify(rollups)).not.toContain(CLOSED_A);
    expect(rollups.filter((r) => r.actor_id === pA).reduce((s, r) => s + Number(r.events), 0)).toBe(2);
    expect(
      (await target.db.selectFrom('pull_token').select('created_by').executeTakeFirst())?.created_by,
    ).toBe(pA);
    const accounts = (await target.db.selectFrom('personal_account').select('account_id').execute()).map(
      (a) => a.account_id,
    );
    expect(accounts).not.toContain(CLOSED_A);
    expect(accounts).not.toContain(CLOSED_B);
    const state = await readJobState(target, 'daily', dailyStateParts);
    expect(state.privacy).toMatchObject({ closed: 2, updated: 1, heldSealedObjects: 0, pendingErasure: [] });
  });

  test('the chain still verifies: pseudonymised and erased fields read as erased, not tampered', async () => {
    await seal();
    const report = await verifyStoredChain(target);
    expect(report).toMatchObject({ ok: true });
    expect(report.erasedCount).toBeGreaterThanOrEqual(4);
  });

  test('an updated account gets a new updatedAt; its cached profile is dropped', async () => {
    const row = await target.db
      .selectFrom('personal_account')
      .select(['updated_ms', 'reported_ms'])
      .where('account_id', '=', UPDATED)
      .executeTakeFirstOrThrow();
    expect(Number(row.updated_ms)).toBe(NOW);
    expect(Number(row.reported_ms)).toBe(NOW);
  });

  test('the next cycle starts when Cycle-Period says (two days here), not before, and skips the closed', async () => {
    const before = sandbox.privacy.reports.length;
    await daily(NOW + DAY);
    expect(sandbox.privacy.reports.length).toBe(before);
    const state = await readJobState(target, 'daily', dailyStateParts);
    expect(state.privacy).toMatchObject({ cycleStartMs: NOW, nextCycleMs: NOW + 2 * DAY });

    await daily(NOW + 2 * DAY);
    const second = sandbox.privacy.reports.slice(before).flatMap((r) => r.accounts.map((a) => a.accountId));
    expect(second.sort()).toEqual([...people, UPDATED].sort());
    const updatedAt = sandbox.privacy.reports
      .slice(before)
      .flatMap((r) => r.accounts)
      .find((a) => a.accountId === UPDATED)!.updatedAt;
    expect(Date.parse(updatedAt)).toBe(NOW);
  });

  test('preUninstall removes every secret: destination credentials, the sealing and pseudonym keys', async () => {
    await target.db
      .insertInto('destination')
      .values({
        id: 'dest-1',
        name: 'Splunk',
        type: 'splunk',
        url: 'https://splunk.example.com',
        format: 'native',
        filter_json: '{}',
        options_json: '{}',
        is_enabled: 1,
        is_required: 0,
        created_ms: T0,
        updated_ms: T0,
      })
      .execute();
    await writeSecret('dest-1', 'hec-token-123456');
    expect(await readInstallationKey()).toBeDefined();
    expect(await readPseudonymKey()).toBeDefined();
    expect(await preUninstall(target)).toEqual({ destinationSecrets: 1, keys: 2, errors: [] });
    expect(await kvs.getSecret('destination:dest-1')).toBeUndefined();
    expect(await readInstallationKey()).toBeUndefined();
    expect(await readPseudonymKey()).toBeUndefined();
  });
});
