import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { verifiedCheckpoint } from './checkpoint';
import { isSealHeader } from './export-header';
import type { SealHeader } from './seal-header-type';
import { asRemoval, isRemovalLine, removalVerifier } from './removal-line';
import { keyFingerprint } from './signing-key';
import { verifyChain, type ChainReport } from './verify-chain';

/**
 * `npm run verify -- <export.ndjson> [--key <fingerprint>] [--head <seq>:<hash>]`: checks an exported
 * stretch of the chain offline, with no access to the app. The file holds one sealed record per line
 * (src/seal/sealed-record.ts), in any order, optionally after a header line (export-header.ts) with the
 * public key and the latest signed checkpoint; or the admin page's JSON export, an array whose first
 * element is that header; or native events forwarded to a SIEM, each carrying the header. Exit code 0
 * when intact (erased records are reported, not failed), 1 naming the first bad seq, 2 when the file
 * cannot be read or the arguments are wrong.
 *
 * With a header, the checkpoint's signature is checked, the record at its seq must have its hash, each
 * record from the checkpoint's `signedFromSeq` on must carry its own signature (one valid signature
 * vouches for the records linked before it; when it fails, the first record whose signature does not
 * match is named: the edited one), and an unfiltered export must start right after the signed pruned
 * prefix and reach the checkpoint. `--key`
 * pins the fingerprint the Storage tab shows (recorded out of band): without it, a rewritten export could
 * carry a key of its own, so the key used is printed for comparison. A filtered export's gaps, records
 * not yet sealed, and records without a seal proof are counted as not checked, never as tampering.
 *
 * Seqs retention removed from inside the chain leave a gap an unfiltered export accounts for with
 * removal lines (`{"removed": {from, to, hash, signature}}`, src/seal/removal-line.ts), signed with the
 * header's key: a gap exactly covered by valid ones is passed over, the chain going on from the signed
 * hash; a removal line that is not validly signed is tampering, reported at its first seq.
 *
 * `--head` is the seq and hash the site's chain.verify (or a pull-API page) showed as the newest record.
 */
export interface FileReport extends ChainReport {
  readonly lines: number;
  /** The fingerprint of the key the header named, when there was one. */
  readonly key?: string;
  /** What could not be checked, in words (filtered-out gaps, unsealed records, records without proofs). */
  readonly unchecked: readonly string[];
}

export async function verifyFile(
  file: string,
  options: { head?: { seq: number; hash: string }; key?: string } = {},
): Promise<FileReport> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let items: unknown[] = [];
  for await (const line of lines) if (line.trim()) items.push(parseLine(line));
  // The admin page's JSON export is one array over many lines: read as a whole, it is the same records.
  if (items[0] === '[') {
    const whole = parseLine(await readFile(file, 'utf8'));
    if (Array.isArray(whole)) items = whole as unknown[];
  }
  const count = items.length;
  const header = isSealHeader(items[0]) ? (items.shift() as SealHeader) : carriedHeader(items);
  const claimed = items.filter(isRemovalLine);
  items = items.filter((item) => !isRemovalLine(item));
  const key = header ? keyFingerprint(header.publicKey) : undefined;
  const base = { lines: count, ...(key ? { key } : {}) };
  const tampered = (message: string): FileReport => ({
    ok: false,
    checked: 0,
    erased: [],
    problem: { kind: 'malformed', message },
    unchecked: [],
    ...base,
  });
  if (options.key !== undefined && options.key !== key) {
    return tampered(
      key
        ? `the export is signed with key ${key}, not the pinned ${options.key}`
        : 'the export has no header naming its key, so the pinned key cannot be checked',
    );
  }
  const signed =
    header?.checkpoint === undefined ? undefined : verifiedCheckpoint(header.checkpoint, header.publicKey);
  if (header?.checkpoint !== undefined && !signed)
    return tampered('the checkpoint is not signed by the key named');
  const { removed, forged } = checkRemovals(claimed, header?.publicKey);

  // An export is in time order, newest first; the chain is in seq order (ingest order, which a late
  // event makes differ from time order), so sealed records are read by seq. Unsealed records and
  // records without a proof are set aside.
  let records = items;
  if (records.every(isObject)) {
    records = [...records].sort((a, b) => (seqOf(a) ?? 0) - (seqOf(b) ?? 0));
  } else {
    const seqs = records.map(seqOf).filter((n): n is number => n !== undefined);
    if (seqs.length > 1 && seqs[0]! > seqs[seqs.length - 1]!) records = [...records].reverse();
  }
  const unsealed = records.filter((r) => isObject(r) && r.seq === undefined).length;
  const unproved = records.filter((r) => isObject(r) && r.seq !== undefined && r.seal === undefined).length;
  records = records.filter((r) => !isObject(r) || (r.seq !== undefined && r.seal !== undefined));
  const unchecked: string[] = [];
  if (unsealed) unchecked.push(`${unsealed} records not yet sealed`);
  if (unproved) unchecked.push(`${unproved} records without a seal proof (no prevHash or seal)`);

  const checkpoint = signed ? { seq: signed.seq, hash: signed.hash } : undefined;
  const common = {
    ...(header ? { publicKey: header.publicKey } : {}),
    ...(checkpoint ? { checkpoint } : {}),
    ...(signed ? { signedFromSeq: signed.signedFromSeq } : {}),
    ...(removed.size > 0 ? { removed } : {}),
  };
  if (!signed) unchecked.push('record signatures (no signed checkpoint in a header)');
  let checked = 0;
  let unsigned = 0;
  let passed = 0;
  const erased: number[] = [];
  const add = (report: ChainReport) => {
    checked += report.checked;
    unsigned += report.unsigned ?? 0;
    passed += report.removed ?? 0;
    erased.push(...report.erased);
  };
  const done = (found?: ChainReport): FileReport => {
    // A forged removal is reported unless the chain breaks before it: the first bad seq is the first.
    const bad =
      forged && (found?.firstBadSeq === undefined || forged.firstBadSeq! <= found.firstBadSeq)
        ? forged
        : found;
    if (unsigned) unchecked.push(`${unsigned} records sealed before per-record signatures`);
    const totals = { checked, erased, unchecked, ...(passed ? { removed: passed } : {}), ...base };
    return bad ? { ...bad, ...totals } : { ok: true, ...totals, ...lastOf(records) };
  };

  // Unfiltered, the records through the checkpoint's seq must be all there, from the signed pruned
  // prefix on. Without a checkpoint, all of them must be, from the first. Records sealed after the
  // checkpoint was taken (while the export ran) and a filtered export's records are checked run by run.
  const strictTo = header?.filtered ? 0 : signed ? signed.seq : Number.POSITIVE_INFINITY;
  const strict = records.filter((r) => (seqOf(r) ?? 0) <= strictTo);
  const later = records.filter((r) => (seqOf(r) ?? 0) > strictTo);
  let anchor: { seq: number; hash: string } | undefined;
  if (strictTo > 0) {
    const report = verifyChain(strict, {
      ...common,
      ...(signed ? { after: { seq: signed.prunedSeq, hash: signed.prunedHash }, reach: true } : {}),
      ...(options.head && later.length === 0 ? { head: options.head } : {}),
    });
    add(report);
    if (!report.ok) return done(report);
    anchor = report.last;
  }
  // Each run of consecutive seqs on its own; what lies between was not exported.
  // Seqs retention removed (signed removals) join the runs either side of them.
  let gaps = 0;
  let run: unknown[] = [];
  let runAnchor = anchor;
  const flush = (): ChainReport | undefined => {
    const first = seqOf(run[0]);
    if (first === undefined) return undefined;
    const after = runAnchor ?? (first > 1 ? { seq: first - 1 } : undefined);
    const report = verifyChain(run, { ...common, ...(after ? { after } : {}) });
    run = [];
    runAnchor = undefined;
    add(report);
    return report.ok ? undefined : report;
  };
  let previous = anchor?.seq;
  for (const record of later) {
    const seq = seqOf(record)!;
    if (previous !== undefined && seq !== previous + 1 && !passedOver(removed, previous, seq)) {
      gaps += 1;
      const bad = flush();
      if (bad) return done(bad);
    }
    run.push(record);
    previous = seq;
  }
  const bad = flush();
  if (bad) return done(bad);
  if (gaps)
    unchecked.push(
      header?.filtered
        ? `${gaps} gaps where records outside the filter were left out`
        : `${gaps} gaps among records sealed after the header's checkpoint`,
    );
  if (options.head && later.length > 0) {
    const reached = seqOf(later[later.length - 1]) ?? 0;
    if (reached < options.head.seq)
      return done({
        ok: false,
        checked: 0,
        erased: [],
        firstBadSeq: reached + 1,
        problem: {
          kind: 'missing',
          message: `seq ${reached + 1} is missing: the published head is seq ${options.head.seq}`,
        },
      });
  }
  return done();
}

/**
 * The export's removal lines checked against the header's key: the seqs the valid ones pass over (each
 * run's last mapped to its hash, the others to ''), and the first (lowest seq) line that is not a valid
 * removal signed by that key, as a failure at its first seq. Without a key no removal can be trusted.
 */
function checkRemovals(
  claimed: readonly { readonly removed: unknown }[],
  publicKey: string | undefined,
): { removed: Map<number, string>; forged?: ChainReport } {
  const removed = new Map<number, string>();
  const valid = publicKey === undefined ? undefined : removalVerifier(publicKey);
  let forged: ChainReport | undefined;
  const fail = (seq: number, message: string) => {
    if (forged && forged.firstBadSeq! <= seq) return;
    forged = {
      ok: false,
      checked: 0,
      erased: [],
      firstBadSeq: seq,
      problem: { kind: 'removal_forged', message },
    };
  };
  for (const line of claimed) {
    const removal = asRemoval(line);
    if (typeof removal === 'string') {
      const from = (line.removed as { from?: unknown } | null)?.from;
      fail(
        typeof from === 'number' && Number.isSafeInteger(from) && from > 0 ? from : 1,
        `a removal line is malformed: ${removal}`,
      );
      continue;
    }
    const { from, to, hash } = removal;
    if (!valid || !valid(removal)) {
      fail(
        from,
        valid
          ? `seq ${from}: the removal of seqs ${from}–${to} is not signed by the export's key: it was forged or altered`
          : `seq ${from}: the removal of seqs ${from}–${to} cannot be checked: the file names no key`,
      );
      continue;
    }
    for (let seq = from; seq < to; seq += 1) if (!removed.has(seq)) removed.set(seq, '');
    removed.set(to, hash);
  }
  return { removed, ...(forged ? { forged } : {}) };
}

/** True when every seq strictly between `previous` and `seq` was removed, the last keeping its hash. */
function passedOver(removed: ReadonlyMap<number, string>, previous: number, seq: number): boolean {
  for (let n = previous + 1; n < seq; n += 1) if (!removed.has(n)) return false;
  return Boolean(removed.get(seq - 1));
}

/**
 * A SIEM's copy of native events has no header line: each event carries the header in `sealHeader`
 * (src/forward/formats/seal-field.ts). The one with the newest checkpoint is used. The copy holds what the
 * destination's filter let through, so it is read as a filtered export.
 */
function carriedHeader(items: readonly unknown[]): SealHeader | undefined {
  let newest: SealHeader | undefined;
  const seq = (h: SealHeader) => {
    const c = h.checkpoint;
    return isObject(c) && typeof c.seq === 'number' ? c.seq : -1;
  };
  for (const item of items) {
    const carried = isObject(item) ? item.sealHeader : undefined;
    if (isSealHeader(carried) && (!newest || seq(carried) > seq(newest))) newest = carried;
  }
  return newest && { ...newest, filtered: true };
}

/** The last record's seq and hash, when it has them: where the file's chain ends. */
function lastOf(records: readonly unknown[]): { last?: { seq: number; hash: string } } {
  const last = records[records.length - 1];
  return isObject(last) && typeof last.seq === 'number' && typeof last.hash === 'string'
    ? { last: { seq: last.seq, hash: last.hash } }
    : {};
}

function seqOf(value: unknown): number | undefined {
  return isObject(value) && typeof value.seq === 'number' ? value.seq : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A line that is not JSON stays a string: the verifier reports it as malformed, at the seq it should have had. */
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return line;
  }
}

export function summarize(report: FileReport, file: string): string {
  const erased =
    (report.erased.length
      ? `; ${report.erased.length} with erased personal fields (seq ${listed(report.erased)})`
      : '') +
    (report.removed ? `; ${report.removed} removed by retention (signed removals)` : '') +
    (report.unchecked.length ? `; not checked: ${report.unchecked.join(', ')}` : '') +
    (report.key ? `; signed with key ${report.key} (compare it with the Storage tab's)` : '');
  if (report.ok) {
    const range = report.last ? `, through seq ${report.last.seq}` : '';
    return `OK: ${file}: ${report.checked} records verified${range}${erased}`;
  }
  return `TAMPERED: ${file}: first bad seq ${report.firstBadSeq} (${report.problem?.kind}): ${report.problem?.message}; ${report.checked} records before it verified${erased}`;
}

function listed(seqs: readonly number[]): string {
  return seqs.length > 10 ? `${seqs.slice(0, 10).join(', ')}, …` : seqs.join(', ');
}

export async function main(argv: readonly string[]): Promise<number> {
  const args = [...argv];
  let head: { seq: number; hash: string } | undefined;
  const at = args.indexOf('--head');
  if (at >= 0) {
    const match = /^(\d+):([0-9a-f]{64})$/.exec(args[at + 1] ?? '');
    if (!match) {
      console.error('--head takes <seq>:<hash>, e.g. --head 1234:9f86d0…');
      return 2;
    }
    head = { seq: Number(match[1]), hash: match[2]! };
    args.splice(at, 2);
  }
  let key: string | undefined;
  const keyAt = args.indexOf('--key');
  if (keyAt >= 0) {
    key = args[keyAt + 1];
    if (!key || !/^[0-9a-f]{4}(:[0-9a-f]{4}){7}$/.test(key)) {
      console.error('--key takes the fingerprint the Storage tab shows, e.g. --key 1a2b:3c4d:…');
      return 2;
    }
    args.splice(keyAt, 2);
  }
  const [file, ...rest] = args;
  if (!file || rest.length > 0) {
    console.error('usage: npm run verify -- <export.ndjson> [--key <fingerprint>] [--head <seq>:<hash>]');
    return 2;
  }
  let report: FileReport;
  try {
    report = await verifyFile(file, { ...(head ? { head } : {}), ...(key ? { key } : {}) });
  } catch (error) {
    console.error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  (report.ok ? console.log : console.error)(summarize(report, file));
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
