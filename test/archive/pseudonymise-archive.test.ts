import { decodeBlock } from '../../src/archive/block-codec';
import { blocksOfTerms, listAllBlocks, readPayloads } from '../../src/archive/block-store';
import { termKey } from '../../src/archive/block-terms';
import { packArchive } from '../../src/packing/pack-archive';
import { pseudonymOf } from '../../src/privacy/pseudonym';
import { pseudonymiseAccount } from '../../src/privacy/pseudonymise';
import type { AuditRecord } from '../../src/record/audit-record';
import { readSealed } from '../../src/seal/read-sealed';
import { sealPending } from '../../src/seal/seal-pending';
import type { SealedRecord } from '../../src/seal/sealed-record';
import { verifyStoredChain } from '../../src/seal/verify-stored-chain';
import { countAuditEvents } from '../../src/store/audit-events';
import { testEngines } from '../support/engines';
import { storeForSuite } from '../support/suite-store';
import { farDeadline, insertRecords, makeRecord, T0 } from '../seal/seal-support';

const CLOSED = '5b10ac8d82e05b22cc7d4e01';
const KEY = Buffer.alloc(32, 7);
const PSEUDONYM = pseudonymOf(KEY, CLOSED);
const N = 36;
const BLOCK = 10;

/**
 * Seqs 1–36, the first 30 packed into three blocks. The closed account acts in every fifth record
 * (blocks 1–3 and a live row), is mentioned by seq 12 (among others, in one value), and is the
 * object of seq 23 (a user event).
 */
function record(n: number): AuditRecord {
  const base = makeRecord(n, { receivedMs: T0 + n * 1000, ...(n % 5 === 0 ? { actor: CLOSED } : {}) });
  if (n === 12)
    return {
      ...base,
      action: 'comment.mentioned',
      changes: [{ field: 'mentioned', from: null, to: `5b10ac8d82e05b22cc7d4e09, ${CLOSED}` }],
    };
  if (n === 23) return { ...base, action: 'user.deleted', object: { type: 'user', id: CLOSED }, changes: [] };
  return base;
}

describe.each(testEngines)('pseudonymising a closed account inside archive blocks on $name', (engine) => {
  const store = storeForSuite(engine);
  let before: SealedRecord[];
  const actedSeqs = Array.from({ length: N }, (_, i) => i + 1).filter((n) => n % 5 === 0);

  beforeAll(async () => {
    await insertRecords(
      store(),
      Array.from({ length: N }, (_, i) => record(i + 1)),
    );
    await sealPending(store(), { deadlineMs: farDeadline() });
    const pack = () =>
      packArchive(store(), {
        deadlineMs: farDeadline(),
        blockRecords: BLOCK,
        settleMs: 0,
        maxLiveAgeMs: Number.MAX_SAFE_INTEGER,
      });
    await pack();
    await pack();
    expect(await countAuditEvents(store())).toBe(N - 30);
    before = await readSealed(store(), 0, 1000);
  });

  it('rewrites every block that holds the account, and reports it', async () => {
    const result = await pseudonymiseAccount(store(), KEY, CLOSED);
    expect(result).toMatchObject({
      pseudonym: PSEUDONYM,
      actorRows: actedSeqs.length,
      changeRows: 1,
      objectRows: 1,
      blocks: 3,
      retry: false,
    });
  });

  it('leaves the account in no block, nor in the term index', async () => {
    const blocks = await listAllBlocks(store());
    expect(blocks).toHaveLength(3);
    const payloads = await readPayloads(store(), blocks);
    for (const block of blocks) {
      const content = decodeBlock(payloads.get(block.blockId)!);
      expect(JSON.stringify(content.records)).not.toContain(CLOSED);
      // Only the rewritten records keep digests that no longer recompute.
      const changed = [...content.erasedDigests.keys()].map((i) => block.blockId + i);
      expect(changed).toEqual(
        [...actedSeqs, 12, 23].filter((s) => s >= block.blockId && s <= block.seqTo).sort((a, b) => a - b),
      );
    }
    const terms = await blocksOfTerms(store(), [
      termKey(`a:${CLOSED}`),
      termKey(`u:${CLOSED}`),
      termKey(`t:${CLOSED}`),
    ]);
    expect(terms.size).toBe(0);
    const pseudonymTerms = await blocksOfTerms(store(), [termKey(`a:${PSEUDONYM}`)]);
    expect([...pseudonymTerms.values()].flatMap((s) => [...s]).sort((a, b) => a - b)).toEqual([1, 11, 21]);
  });

  it('finds the records by the pseudonym, with everything else as it was', async () => {
    const after = await readSealed(store(), 0, 1000);
    expect(after.map((r) => r.seq)).toEqual(before.map((r) => r.seq));
    expect(JSON.stringify(after.map(({ seal: _seal, ...r }) => r))).not.toContain(CLOSED);
    expect(after.filter((r) => r.actor.accountId === PSEUDONYM).map((r) => r.seq)).toEqual(actedSeqs);
    expect(after[11]!.changes).toEqual([{ field: 'mentioned', from: null, to: null }]);
    expect(after[22]!.object).toEqual({ type: 'user', id: PSEUDONYM });
    after.forEach((r, i) => {
      expect(r.hash).toBe(before[i]!.hash);
      expect(r.seal.digests).toEqual(before[i]!.seal.digests);
    });
  });

  it('verifies: the rewritten records read as erased, not tampered', async () => {
    const report = await verifyStoredChain(store());
    expect(report).toMatchObject({ ok: true, checked: N, headSeq: N });
    expect(report.erased).toEqual([...actedSeqs, 12, 23].sort((a, b) => a - b));
  });

  it('is idempotent: a second run finds nothing left to change', async () => {
    expect(await pseudonymiseAccount(store(), KEY, CLOSED)).toMatchObject({
      actorRows: 0,
      changeRows: 0,
      objectRows: 0,
      blocks: 0,
    });
    expect(await verifyStoredChain(store())).toMatchObject({ ok: true, checked: N });
  });
});
