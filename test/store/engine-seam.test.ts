import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');
const STORE = join(SRC, 'store');

/**
 * What code outside src/store/ writes when it deals with an engine difference itself: a test on the
 * engine, an engine-only statement or builder, or a raw row count (whose meaning differs by engine).
 */
const ENGINE_CHECKS: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'names an engine', pattern: /'(sqlite|forge-sql|mysql|mariadb|tidb)'/i },
  { what: 'tests the engine', pattern: /\bengine\s*[!=]==|[!=]==\s*\w*\.?engine\b|\bis(Sqlite|Mysql)\b/ },
  { what: 'SQLite pragma', pattern: /\bPRAGMA\b/i },
  {
    what: 'engine-specific upsert',
    pattern: /\.(onConflict|onDuplicateKeyUpdate|ignore|orIgnore|orReplace)\(/,
  },
  { what: "upsert's proposed value", pattern: /\bexcluded\.|\bVALUES\s*\(/ },
  { what: 'raw affected-row count', pattern: /\bnum(Updated|Affected|Changed)Rows\b/ },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === STORE ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** `file:line: what` for each engine check outside src/store/. */
function engineChecksOutsideStore(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const { what, pattern } of ENGINE_CHECKS)
          if (pattern.test(line)) found.push(`${relative(ROOT, file)}:${i + 1}: ${what}`);
      });
  }
  return found;
}

test('no file outside src/store/ deals with an engine difference itself', () => {
  expect(engineChecksOutsideStore()).toEqual([]);
});

test('every check finds what it looks for: each matches inside src/store/, where they belong', () => {
  const inStore = readdirSync(STORE)
    .map((name) => readFileSync(join(STORE, name), 'utf8'))
    .join('\n');
  expect(ENGINE_CHECKS.filter((check) => !check.pattern.test(inStore)).map((check) => check.what)).toEqual(
    [],
  );
});
