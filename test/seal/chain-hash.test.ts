import { chainHash, GENESIS_HASH, SEAL_FORMAT, sealedForm } from '../../src/seal/chain-hash';
import { digestsOf, fieldDigest, openingKey, openingsOf } from '../../src/seal/field-digest';
import { personalFields } from '../../src/seal/personal-fields';
import { verifyChain } from '../../src/seal/verify-chain';
import type { SealedRecord } from '../../src/seal/sealed-record';
import { makeRecord, T0 } from './seal-support';

const KEY = Buffer.alloc(32, 7);
// The id is written out, not derived with recordId, so that the known answer below is for a fixed record.
const record = { ...makeRecord(1, { receivedMs: T0 }), id: '032ac4354fee72dbe3f431a3d3425b42' };

describe('the seal format (pure)', () => {
  test('a known answer: the hash of a fixed record under a fixed key', () => {
    // If this changes, every exported chain changes meaning: bump SEAL_FORMAT instead of editing the form.
    const digests = digestsOf(KEY, record);
    expect(digests).toEqual({
      'actor.accountId': '3d1d658029752e9baa16409fecf09468',
      'object.title': '0d46514a133026b32ea124cc8fade281',
      'object.parent.title': '746d9857c3ae29e1bb731113851caea8',
      'changes.0.from': 'd0482e2539d4a540bba89bd341abc1de',
      'changes.0.to': '249de9a2e1dcf922321dcd7c5fcc1f26',
      'changes.1.from': 'b6278d7931ffd242901f68bfc434241b',
    });
    expect(chainHash(GENESIS_HASH, record, 1, digests)).toBe(
      '1837c38302eaa595de29baf7d14b7fd930f438c60613c6020dc96eeb46dd28d2',
    );
  });

  test('the hashed form holds no personal value, so erasing one leaves the hash as it was', () => {
    const digests = digestsOf(KEY, record);
    const text = JSON.stringify(sealedForm(record, 1, digests));
    for (const [, value] of personalFields(record)) if (value !== null) expect(text).not.toContain(value);
    const erased = {
      ...record,
      actor: { ...record.actor, accountId: null },
      object: { ...record.object!, title: undefined },
    };
    expect(chainHash(GENESIS_HASH, erased, 1, digests)).toBe(chainHash(GENESIS_HASH, record, 1, digests));
  });

  test('opening keys are per record and field, and are given only for values that still match', () => {
    expect(openingKey(KEY, record.id, 'object.title')).not.toBe(
      openingKey(KEY, record.id, 'object.parent.title'),
    );
    expect(openingKey(KEY, record.id, 'object.title')).not.toBe(
      openingKey(KEY, 'another-id', 'object.title'),
    );
    const digests = digestsOf(KEY, record);
    const changed = { ...record, object: { ...record.object!, title: 'Other' } };
    const openings = openingsOf(KEY, changed, digests);
    expect(openings['object.title']).toBeUndefined();
    expect(fieldDigest(openings['actor.accountId']!, record.actor.accountId!)).toBe(
      digests['actor.accountId'],
    );
  });

  test('verification: seq 1 must follow the genesis hash; an anchor with a hash must be linked to; the head must be reached', () => {
    const digests = digestsOf(KEY, record);
    const sealed = (prevHash: string, seq = 1): SealedRecord => ({
      ...record,
      seq,
      prevHash,
      hash: chainHash(prevHash, record, seq, digests),
      seal: { v: SEAL_FORMAT, digests, openings: openingsOf(KEY, record, digests) },
    });
    expect(verifyChain([sealed(GENESIS_HASH)])).toMatchObject({ ok: true, checked: 1 });
    expect(verifyChain([sealed('1'.repeat(64))])).toMatchObject({
      ok: false,
      firstBadSeq: 1,
      problem: { kind: 'broken_link' },
    });
    expect(verifyChain([sealed('1'.repeat(64), 5)])).toMatchObject({ ok: true });
    expect(
      verifyChain([sealed('1'.repeat(64), 5)], { after: { seq: 4, hash: '2'.repeat(64) } }),
    ).toMatchObject({
      ok: false,
      firstBadSeq: 5,
    });
    const one = sealed(GENESIS_HASH);
    expect(verifyChain([one], { head: { seq: 2, hash: 'f'.repeat(64) } })).toMatchObject({
      ok: false,
      firstBadSeq: 2,
    });
    expect(verifyChain([one], { head: { seq: 1, hash: 'f'.repeat(64) } })).toMatchObject({
      ok: false,
      firstBadSeq: 1,
      problem: { kind: 'head_mismatch' },
    });
    expect(verifyChain([{ ...one, seal: undefined }])).toMatchObject({
      ok: false,
      problem: { kind: 'malformed' },
    });
    expect(verifyChain([])).toEqual({ ok: true, checked: 0, erased: [] });
  });
});
