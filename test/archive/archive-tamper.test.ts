import { decodeBlock, encodeBlock } from '../../src/archive/block-codec';
import { deleteBlock, rewriteBlock, setBlockState } from '../../src/archive/block-store';
import { summarise } from '../../src/archive/block-summary';
import { readSealed } from '../../src/seal/read-sealed';
import { sealPending } from '../../src/seal/seal-pending';
import type { SealedRecord } from '../../src/seal/sealed-record';
import { verifyChain } from '../../src/seal/verify-chain';
import { verifyStoredChain, type StoredChainReport } from '../../src/seal/verify-stored-chain';
import type { Store } from '../../src/store/database';
import type { ArchiveBlockTable } from '../../src/store/tables';
import type { Updateable } from 'kysely';
import { testEngines } from '../support/engines';
import { storeForSuite } from '../support/suite-store';
import { farDeadline, insertRecords, records, T0 } from '../seal/seal-support';
import {
  flipped,
  liveRows,
  newBlock,
  pack,
  removeFromBlock,
  restoreBlocks,
  restoreLive,
  storedBlocks,
  type StoredBlock,
} from './archive-support';

const N = 65;
const BLOCK = 10;
/** Blocks 1–10 … 51–60 are archived; 61–65 stay live. */
const BLOCKS = [1, 11, 21, 31, 41, 51];

type Tamper = (target: Store, block: StoredBlock, all: readonly StoredBlock[]) => Promise<unknown>;

const setColumns =
  (values: Updateable<ArchiveBlockTable>): Tamper =>
  (target, block) =>
    target.db.updateTable('archive_block').set(values).where('block_id', '=', block.meta.blockId).execute();

/** The block's records edited and re-encoded; with `resummarise`, its summaries made to match them. */
const recordsEdited =
  (resummarise: boolean): Tamper =>
  (target, block) => {
    const content = decodeBlock(block.payload);
    const records = content.records.map((r, i) =>
      i === 3 && r ? { ...r, received_ms: r.received_ms + 1 } : r,
    );
    const summary = summarise(records);
    return rewriteBlock(
      target,
      newBlock(block, {
        payload: encodeBlock({ ...content, records }),
        ...(resummarise ? { bloom: summary.bloom, termsDigest: summary.termsDigest } : {}),
      }),
    );
  };

/**
 * Each change an attacker with SQL access could make to one block, and the problem it must be found as:
 * at the block's first seq, with every record before it verified.
 */
const TAMPERING: readonly [string, Tamper][] = [
  ['one payload byte changed', (t, b) => rewriteBlock(t, newBlock(b, { payload: flipped(b.payload) }))],
  ['one record changed inside the payload', recordsEdited(false)],
  ['one record changed and the summaries recomputed to match', recordsEdited(true)],
  ['one bloom byte changed', (t, b) => rewriteBlock(t, newBlock(b, { bloom: flipped(b.bloom) }))],
  ['its time spans narrowed', setColumns({ spans: JSON.stringify([[0, 1]]) })],
  ['its terms digest replaced', setColumns({ terms_digest: 'f'.repeat(64) })],
  ['its time range moved', setColumns({ time_min: T0 - 86_400_000 })],
  ['its record count changed', setColumns({ record_count: 9 })],
  ['its prev_hash edited', setColumns({ prev_hash: 'a'.repeat(64) })],
  ['its hash edited', setColumns({ hash: 'b'.repeat(64) })],
  [
    'its signature replaced by another block’s',
    (t, b, all) =>
      setColumns({ signature: all.find((o) => o.meta.blockId !== b.meta.blockId)!.meta.signature })(
        t,
        b,
        all,
      ),
  ],
  ['its signature removed', setColumns({ signature: '' })],
];

describe.each(testEngines)('tampering with archive blocks on $name', (engine) => {
  const store = storeForSuite(engine);
  let before: SealedRecord[];
  let blocks: StoredBlock[];
  let live: Awaited<ReturnType<typeof liveRows>>;
  const block = (first: number) => blocks.find((b) => b.meta.blockId === first)!;
  const hashOf = (seq: number) => before[seq - 1]!.hash;
  const verify = (options = {}) => verifyStoredChain(store(), options);

  beforeAll(async () => {
    await insertRecords(store(), records(1, N, T0));
    await sealPending(store(), { deadlineMs: farDeadline() });
    before = await readSealed(store(), 0, 1000);
    await pack(store(), BLOCK);
    await pack(store(), BLOCK);
    blocks = await storedBlocks(store());
    expect(blocks.map((b) => [b.meta.blockId, b.meta.state])).toEqual(BLOCKS.map((s) => [s, 'settled']));
    live = await liveRows(store());
  });
  // Every test starts from the intact, packed log.
  beforeEach(async () => {
    await restoreBlocks(store(), blocks);
    await restoreLive(store(), live);
  });

  test('the intact log, archived and live, verifies', async () => {
    expect(await verify()).toEqual({ ok: true, checked: N, headSeq: N });
  });

  describe.each([1, 31, 51])('in the block starting at seq %i', (first) => {
    test.each(TAMPERING)('%s is found at that seq', async (_name, tamper) => {
      await tamper(store(), block(first), blocks);
      expect(await verify()).toMatchObject({
        ok: false,
        firstBadSeq: first,
        checked: first - 1,
        problem: { kind: 'block_altered' },
      });
    });

    test('removing it is found at that seq', async () => {
      await deleteBlock(store(), first);
      expect(await verify()).toMatchObject({
        ok: false,
        firstBadSeq: first,
        checked: first - 1,
        problem: { kind: 'missing' },
      });
    });

    test('hiding it from readers (set back to written) is found at that seq', async () => {
      await setBlockState(store(), first, 'written', 0);
      expect(await verify()).toMatchObject({ ok: false, firstBadSeq: first, problem: { kind: 'missing' } });
    });
  });

  test('two blocks swapped (payload and header columns trade rows) are found at the first of them', async () => {
    // Every column but the block's id moves: the block at 21 now holds 41–50's bytes, anchors and signature.
    const swap = (from: number, to: number) =>
      store().db.updateTable('archive_block').set({ block_id: to }).where('block_id', '=', from).execute();
    await swap(21, -1);
    await swap(41, 21);
    await swap(-1, 41);
    expect(await verify()).toMatchObject({
      ok: false,
      firstBadSeq: 21,
      checked: 20,
      problem: { kind: 'block_altered' },
    });
  });

  test('two blocks’ payloads and summaries swapped, headers left in place, are found at the first of them', async () => {
    const [a, b] = [block(21), block(41)];
    await rewriteBlock(
      store(),
      newBlock(a, { payload: b.payload, bloom: b.bloom, termsDigest: b.meta.termsDigest }),
    );
    await rewriteBlock(
      store(),
      newBlock(b, { payload: a.payload, bloom: a.bloom, termsDigest: a.meta.termsDigest }),
    );
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 21, problem: { kind: 'block_altered' } });
  });

  test('a block removed and a later one altered: the first missing seq is reported', async () => {
    await deleteBlock(store(), 21);
    await setColumns({ prev_hash: 'a'.repeat(64) })(store(), block(31), blocks);
    expect(await verify()).toMatchObject({
      ok: false,
      firstBadSeq: 21,
      checked: 20,
      problem: { kind: 'missing' },
    });
  });

  test('a live row past the archive is still checked: deleting one is found at its seq', async () => {
    await store().db.deleteFrom('audit_event').where('seq', '=', 63).execute();
    expect(await verify()).toMatchObject({
      ok: false,
      firstBadSeq: 63,
      checked: 62,
      problem: { kind: 'missing' },
    });
  });

  /** Calls chain.verify with no time to spare, continuing from each answer's nextSeq, until it is done. */
  async function verifyInParts(): Promise<{ parts: StoredChainReport[]; nextSeqs: number[] }> {
    const parts: StoredChainReport[] = [];
    let fromSeq: number | undefined;
    for (;;) {
      const part = await verify({ budgetMs: 0, pageSize: 3, ...(fromSeq ? { fromSeq } : {}) });
      parts.push(part);
      if (!part.partial) return { parts, nextSeqs: parts.flatMap((p) => (p.nextSeq ? [p.nextSeq] : [])) };
      fromSeq = part.nextSeq;
    }
  }

  test('with no time to spare it goes a block at a time, then a page of live rows at a time, each call further on', async () => {
    const { parts, nextSeqs } = await verifyInParts();
    expect(parts.every((p) => p.ok)).toBe(true);
    // Each call re-reads the record before where it starts, so the link between calls is checked too.
    // A full live page cannot tell it was the last: one more call finds nothing beyond the head.
    expect(nextSeqs).toEqual([11, 21, 31, 41, 51, 61, 64, 66]);
    expect(parts[parts.length - 1]).toEqual({ ok: true, checked: 1, headSeq: N });
  });

  test('continuing a check finds a block altered since the previous call', async () => {
    const first = await verify({ budgetMs: 0 });
    expect(first).toMatchObject({ ok: true, partial: true, nextSeq: 11 });
    await setColumns({ signature: '' })(store(), block(41), blocks);
    let part = first;
    while (part.ok && part.partial) part = await verify({ budgetMs: 0, fromSeq: part.nextSeq });
    expect(part).toMatchObject({ ok: false, firstBadSeq: 41, problem: { kind: 'block_altered' } });
  });

  describe('records retention removed from blocks it kept (tombstones)', () => {
    /** 13–15 inside a block; 29–32 across the end of one block and the start of the next; 60, a block's last. */
    const REMOVED = [13, 14, 15, 29, 30, 31, 32, 60];
    beforeEach(async () => {
      for (const first of [11, 21, 31, 51])
        await removeFromBlock(
          store(),
          block(first),
          REMOVED.filter((s) => s >= first && s < first + BLOCK),
          hashOf,
        );
    });

    test('the chain verifies over them, and says how many it passed over', async () => {
      expect(await verify()).toEqual({
        ok: true,
        checked: N - REMOVED.length,
        headSeq: N,
        removed: REMOVED.length,
      });
      const kept = await readSealed(store(), 0, 1000);
      expect(kept).toEqual(before.filter((r) => !REMOVED.includes(r.seq)));
    });

    test('and in parts, continuing from seqs whose records were removed', async () => {
      const { parts } = await verifyInParts();
      expect(parts.every((p) => p.ok)).toBe(true);
      expect(parts[parts.length - 1]).toMatchObject({ ok: true, headSeq: N });
      expect(parts.some((p) => p.nextSeq === 61)).toBe(true);
    });

    test('a tombstone whose kept hash was edited is found at its block', async () => {
      const altered = (await storedBlocks(store())).find((b) => b.meta.blockId === 11)!;
      const content = decodeBlock(altered.payload);
      const tombstones = new Map(content.tombstones).set(4, 'c'.repeat(64));
      await rewriteBlock(store(), newBlock(altered, { payload: encodeBlock({ ...content, tombstones }) }));
      expect(await verify()).toMatchObject({
        ok: false,
        firstBadSeq: 11,
        problem: { kind: 'block_altered' },
      });
    });

    test('the pure check passes over a removed run only when every seq of it is given, from its kept hash', () => {
      const kept = before.filter((r) => r.seq < 5 || r.seq > 7);
      const run = (entries: [number, string][], checkpoint?: { seq: number; hash: string }) =>
        verifyChain(kept, { removed: new Map(entries), ...(checkpoint ? { checkpoint } : {}) });
      expect(
        run([
          [5, ''],
          [6, ''],
          [7, hashOf(7)],
        ]),
      ).toMatchObject({ ok: true, checked: N - 3, removed: 3 });
      expect(
        run([
          [5, ''],
          [7, hashOf(7)],
        ]),
      ).toMatchObject({ ok: false, firstBadSeq: 6, problem: { kind: 'missing' } });
      expect(
        run([
          [5, ''],
          [6, ''],
          [7, hashOf(6)],
        ]),
      ).toMatchObject({ ok: false, firstBadSeq: 8, problem: { kind: 'broken_link' } });
      expect(
        run(
          [
            [5, ''],
            [6, ''],
            [7, hashOf(7)],
          ],
          { seq: 7, hash: hashOf(6) },
        ),
      ).toMatchObject({
        ok: false,
        firstBadSeq: 7,
        problem: { kind: 'checkpoint_mismatch' },
      });
    });

    test('a live record deleted is still missing: only a signed block’s tombstones are passed over', async () => {
      await store().db.deleteFrom('audit_event').where('seq', '=', 62).execute();
      expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 62, problem: { kind: 'missing' } });
    });
  });
});
