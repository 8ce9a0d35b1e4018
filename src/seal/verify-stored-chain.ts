import { limits } from '../limits';
import type { Store } from '../store/database';
import { readInstallationKey } from './installation-key';
import type { AuditEventRow } from '../store/audit-event-row';
import { blockAtOrAfter } from '../archive/block-store';
import { BlockAltered } from './block-seal';
import { readSealedStretch, type SealedStretch } from './read-sealed';
import { unfaithfulColumn } from './row-form';
import { toSealedRecord } from './sealed-record';
import { readCheckpoint } from './checkpoint';
import { erasuresInFlight, readErasures, tallyStoredErasures } from './erasure-store';
import { readSealState } from './seal-state';
import { publicKeyText, readSigningKey } from './signing-key';
import type { ErasureTally } from './erasure-tally';
import { verifyChain, type ChainAnchor, type ChainProblem, type ChainReport } from './verify-chain';

/** What `chain.verify` answers. */
export interface StoredChainReport {
  readonly ok: boolean;
  /** Records verified by this call. */
  readonly checked: number;
  readonly headSeq: number;
  readonly firstBadSeq?: number;
  readonly problem?:
    | ChainProblem
    | {
        /**
         * A key in KVS is gone; or the checkpoint or public key is missing or not the app's own; or the
         * stored erasure entries are not the ones the checkpoint counts (one deleted), or one is not signed
         * by the app (forged): tampering.
         */
        readonly kind:
          'key_missing' | 'checkpoint_missing' | 'key_mismatch' | 'erasure_mismatch' | 'erasure_forged';
        readonly message: string;
      };
  /** Seqs (the first ERASED_LISTED) of records whose personal fields were lawfully erased. */
  readonly erased?: readonly number[];
  readonly erasedCount?: number;
  /** Records sealed before per-record signatures existed: their chain is checked, their signature cannot be. */
  readonly unsigned?: number;
  /** Seqs inside the chain whose records retention removed from archive blocks, keeping their place in it. */
  readonly removed?: number;
  /** The time ran out before the head: call again with `{ fromSeq: nextSeq }` to go on. */
  readonly partial?: true;
  readonly nextSeq?: number;
}

export interface VerifyStoredOptions {
  /** Continue a partial check: the seq the previous answer gave as `nextSeq`. */
  readonly fromSeq?: number;
  /** Time to spend before answering `partial`. Default: the resolver's 25 s less a margin. */
  readonly budgetMs?: number;
  /** Live records per page; archived records are read a block at a time. */
  readonly pageSize?: number;
}

const ERASED_LISTED = 100;
const DEFAULT_PAGE = 500;
const MARGIN_MS = 5_000;

/**
 * Verifies the stored chain from the oldest kept record (or `fromSeq`) to the published head, page by
 * page, with the same pure check `npm run verify` runs on an export. A continued check re-reads the
 * record before `fromSeq`, so the link between the two calls is checked too.
 *
 * Archived records are read one block per page (or the rest of one), so each block is decompressed and
 * checked once (src/seal/block-seal.ts); a block that fails its checks is reported at its first seq.
 */
export async function verifyStoredChain(
  target: Store,
  options: VerifyStoredOptions = {},
): Promise<StoredChainReport> {
  const deadline = Date.now() + (options.budgetMs ?? limits.resolverTimeoutMs - MARGIN_MS);
  const pageSize = options.pageSize ?? DEFAULT_PAGE;
  const state = await readSealState(target);
  if (!state || state.head.seq === 0) return { ok: true, checked: 0, headSeq: 0 };
  const { head } = state;
  const key = await readInstallationKey();
  if (!key) {
    return {
      ok: false,
      checked: 0,
      headSeq: head.seq,
      problem: {
        kind: 'key_missing',
        message:
          'The installation key for field digests is missing from Forge storage; personal fields cannot be checked.',
      },
    };
  }
  const signer = await readSigningKey();
  const signed = signer && (await readCheckpoint(signer));
  if (!signer || !signed) {
    const message = !signer
      ? 'The signing key is missing from Forge storage; checkpoints cannot be checked.'
      : 'No signed checkpoint: the chain cannot be checked against one.';
    return {
      ok: false,
      checked: 0,
      headSeq: head.seq,
      problem: { kind: signer ? 'checkpoint_missing' : 'key_missing', message },
    };
  }
  const publicKey = publicKeyText(signer);
  if (state.publicKey !== publicKey) {
    const message = 'The public key stored in the database is not the app’s signing key: it was replaced.';
    return { ok: false, checked: 0, headSeq: head.seq, problem: { kind: 'key_mismatch', message } };
  }
  if (options.fromSeq === undefined) {
    const erasures = await checkErasures(target, publicKey, signed.erasures);
    if (erasures) return { ok: false, checked: 0, headSeq: head.seq, problem: erasures };
  }
  // Start after the signed pruned prefix, linked to its signed anchor: a prefix removed beyond it, or
  // an anchor changed, is reported at the first record that should follow it.
  const from = Math.max(signed.prunedSeq, (options.fromSeq ?? 0) - 2, 0);
  let anchor: ChainAnchor =
    from === signed.prunedSeq ? { seq: from, hash: signed.prunedHash } : { seq: from };
  const checkpoint = { seq: signed.seq, hash: signed.hash };
  let checked = 0;
  const erased: number[] = [];
  let erasedCount = 0;
  let unsigned = 0;
  let removed = 0;
  for (;;) {
    const block = await blockAtOrAfter(target, anchor.seq + 1);
    let stretch: SealedStretch;
    try {
      stretch = block
        ? await readSealedStretch(target, anchor.seq, block.seqTo - anchor.seq, { throughSeq: block.seqTo })
        : await readSealedStretch(target, anchor.seq, pageSize);
    } catch (error) {
      if (!(error instanceof BlockAltered)) throw error;
      const summary = {
        checked,
        headSeq: head.seq,
        ...(erasedCount ? { erased, erasedCount } : {}),
        ...(unsigned ? { unsigned } : {}),
        ...(removed ? { removed } : {}),
      };
      return { ok: false, ...summary, ...blockProblem(anchor.seq, error) };
    }
    const { rows } = stretch;
    const final = !block && rows.length < pageSize;
    const unfaithful = rows.findIndex((row) => unfaithfulColumn(row) !== undefined);
    const kept = unfaithful < 0 ? rows : rows.slice(0, unfaithful);
    const erasures = await readErasures(
      target,
      kept.map((row) => row.id),
    );
    const page = kept.map((row) => toSealedRecord(row, key, erasures.get(row.id)));
    const last = final && unfaithful < 0;
    const chained = verifyChain(page, {
      after: anchor,
      checkpoint,
      publicKey,
      signedFromSeq: signed.signedFromSeq,
      removed: stretch.removed,
      ...(last ? { head, reach: true } : {}),
    });
    const report = chained.ok && unfaithful >= 0 ? columnAltered(chained, rows[unfaithful]!) : chained;
    checked += report.checked;
    erasedCount += report.erased.length;
    unsigned += report.unsigned ?? 0;
    removed += report.removed ?? 0;
    erased.push(...report.erased.slice(0, ERASED_LISTED - erased.length));
    const summary = {
      checked,
      headSeq: head.seq,
      ...(erasedCount ? { erased, erasedCount } : {}),
      ...(unsigned ? { unsigned } : {}),
      ...(removed ? { removed } : {}),
    };
    if (!report.ok)
      return { ok: false, ...summary, firstBadSeq: report.firstBadSeq!, problem: report.problem! };
    if (final || !report.last) return { ok: true, ...summary };
    anchor = report.last;
    // A continued check's first page may hold only the re-read record (the last of its block): every
    // call gets past where it was asked to start, so repeated calls always reach the head.
    if (Date.now() >= deadline && anchor.seq >= (options.fromSeq ?? 0))
      return { ok: true, ...summary, partial: true, nextSeq: anchor.seq + 1 };
  }
}

/**
 * Where a block that fails its checks breaks the chain: at its first seq when it follows the records
 * verified so far; else the seqs between them are missing (a block before it was removed too).
 */
function blockProblem(
  afterSeq: number,
  error: BlockAltered,
): { firstBadSeq: number; problem: { kind: 'missing' | 'block_altered'; message: string } } {
  if (error.seq > afterSeq + 1)
    return {
      firstBadSeq: afterSeq + 1,
      problem: {
        kind: 'missing',
        message: `seq ${afterSeq + 1} is missing: the next block starts at seq ${error.seq}`,
      },
    };
  return { firstBadSeq: error.seq, problem: { kind: 'block_altered', message: error.message } };
}

/** The report for a row whose records before it verified but whose own columns do not match its record. */
function columnAltered(before: ChainReport, row: AuditEventRow): ChainReport {
  const seq = Number(row.seq);
  return {
    ...before,
    ok: false,
    firstBadSeq: seq,
    problem: {
      kind: 'column_altered',
      message: `seq ${seq}: ${unfaithfulColumn(row)} is not what the sealed record stores there`,
    },
  };
}

/**
 * The stored erasure entries against the checkpoint's tally: every one signed by the app, and together
 * exactly the ones it counts. The problem, or undefined when they match.
 */
async function checkErasures(
  target: Store,
  publicKey: string,
  expected: ErasureTally,
): Promise<{ kind: 'erasure_mismatch' | 'erasure_forged'; message: string } | undefined> {
  const stored = await tallyStoredErasures(target, publicKey);
  if ('forged' in stored) {
    const { id, recordId } = stored.forged;
    return {
      kind: 'erasure_forged',
      message: `Erasure entry ${id} (record ${recordId}) is not one the app signed: it was forged or altered.`,
    };
  }
  const { count, digest } = stored.tally;
  if (count === expected.count && digest === expected.digest) return undefined;
  // An erasure run stopped after writing entries and before counting them (erasure-store.ts).
  if (count > expected.count && (await erasuresInFlight())) return undefined;
  return {
    kind: 'erasure_mismatch',
    message:
      count < expected.count
        ? `${expected.count - count} of the ${expected.count} erasure entries the signed checkpoint counts are missing: deleted.`
        : `The erasure entries (${count}) are not the ${expected.count} the signed checkpoint counts: some were removed or replaced.`,
  };
}
