import { writeFileSync } from 'node:fs';

/**
 * How a bench part that runs in its own process (`npx tsx bench/<part>.ts`) hands its figures back to
 * `npm run bench`: run.ts names a file in BENCH_RESULT_FILE and reads it once the process ends. Run on
 * its own, the script just prints its table.
 */
export function reportFigures(figures: unknown): void {
  const file = process.env.BENCH_RESULT_FILE;
  if (file) writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
}
