import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { verifiedCheckpoint } from './checkpoint';
import { isSealHeader, type SealHeader } from './export-header';
import { keyFingerprint } from './signing-key';
import { verifyChain, type ChainReport } from './verify-chain';

/**
 * `npm run verify -- <export.ndjson> [--key <fingerprint>] [--head <seq>:<hash>]`: checks an exported
 * stretch of the chain offline, with no access to the app. The file holds one sealed record per line
 * (src/seal/sealed-record.ts), oldest or newest first, optionally after a header line (export-header.ts)
 * with the public key and the latest signed checkpoint. Exit code 0 when intact (erased records are
 * reported, not failed), 1 naming the first bad seq, 2 when the file cannot be read or the arguments
 * are wrong.
 *
 * With a header, the checkpoint's signature is checked, the record at its seq must have its hash, and an
 * unfiltered export must start right after the signed pruned prefix and reach the checkpoint. `--key`
 * pins the fingerprint the Storage tab shows (recorded out of band): without it, a rewritten export could
 * carry a key of its own, so the key used is printed for comparison. A filtered export's gaps, records
 * not yet sealed, and records without a seal proof are counted as not checked, never as tampering.
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
  const header = isSealHeader(items[0]) ? (items.shift() as SealHeader) : undefined;
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

  // Newest-first exports are read oldest first; unsealed records and records without a proof are set aside.
  let records = items;
  const seqs = records.map(seqOf).filter((n): n is number => n !== undefined);
  if (seqs.length > 1 && seqs[0]! > seqs[seqs.length - 1]!) records = [...records].reverse();
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
  };
  if (header?.filtered) {
    // Each run of consecutive seqs is checked on its own; what lies between was not exported.
    let checked = 0;
    const erased: number[] = [];
    let gaps = 0;
    let run: unknown[] = [];
    const flush = (): ChainReport | undefined => {
      if (run.length === 0) return undefined;
      const first = seqOf(run[0]);
      const report = verifyChain(
        run,
        first !== undefined && first > 1 ? { ...common, after: { seq: first - 1 } } : common,
      );
      run = [];
      checked += report.checked;
      erased.push(...report.erased);
      return report.ok ? undefined : report;
    };
    let previous: number | undefined;
    for (const record of records) {
      const seq = seqOf(record);
      if (seq !== undefined && previous !== undefined && seq !== previous + 1) {
        gaps += 1;
        const bad = flush();
        if (bad) return { ...bad, checked, erased, unchecked, ...base };
      }
      run.push(record);
      previous = seq ?? (previous === undefined ? undefined : previous + 1);
    }
    const bad = flush();
    if (gaps) unchecked.push(`${gaps} gaps where records outside the filter were left out`);
    if (bad) return { ...bad, checked, erased, unchecked, ...base };
    return { ok: true, checked, erased, unchecked, ...base };
  }
  const report = verifyChain(records, {
    ...common,
    ...(signed && header ? { after: { seq: signed.prunedSeq, hash: signed.prunedHash }, reach: true } : {}),
    ...(options.head ? { head: options.head } : {}),
  });
  return { ...report, unchecked, ...base };
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
