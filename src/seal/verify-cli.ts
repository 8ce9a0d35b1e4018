import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { verifyChain, type ChainAnchor, type ChainReport } from './verify-chain';

/**
 * `npm run verify -- <export.ndjson> [--head <seq>:<hash>]`: checks an exported stretch of the chain
 * offline, with no access to the app: one sealed record per line (src/seal/sealed-record.ts), in seq
 * order. Exit code 0 when intact (erased records are reported, not failed), 1 naming the first bad seq,
 * 2 when the file cannot be read or the arguments are wrong.
 *
 * `--head` is the seq and hash the site's chain.verify (or a pull-API page) showed as the newest record:
 * with it, deleting records from the end of the file is caught too.
 */
export async function verifyFile(
  file: string,
  head?: { seq: number; hash: string },
): Promise<ChainReport & { lines: number }> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let after: ChainAnchor | undefined;
  let checked = 0;
  let count = 0;
  const erased: number[] = [];
  let chunk: unknown[] = [];
  const flush = (final: boolean): ChainReport => {
    const report = verifyChain(chunk, {
      ...(after ? { after } : {}),
      ...(final && head ? { head } : {}),
    });
    chunk = [];
    checked += report.checked;
    erased.push(...report.erased);
    if (report.last) after = report.last;
    return { ...report, checked, erased };
  };
  for await (const line of lines) {
    if (!line.trim()) continue;
    count += 1;
    chunk.push(parseLine(line));
    if (chunk.length === 1000) {
      const report = flush(false);
      if (!report.ok) return { ...report, lines: count };
    }
  }
  return { ...flush(true), lines: count };
}

/** A line that is not JSON stays a string: the verifier reports it as malformed, at the seq it should have had. */
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return line;
  }
}

export function summarize(report: ChainReport, file: string): string {
  const erased = report.erased.length
    ? `; ${report.erased.length} with erased personal fields (seq ${listed(report.erased)})`
    : '';
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
  const [file, ...rest] = args;
  if (!file || rest.length > 0) {
    console.error('usage: npm run verify -- <export.ndjson> [--head <seq>:<hash>]');
    return 2;
  }
  let report: ChainReport;
  try {
    report = await verifyFile(file, head);
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
