import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { lintApp, type LintProblem, type LintReport } from './forge-lint';

const repoRoot = path.resolve(__dirname, '../..');

/** Runs `lintApp` with `dir` as the app's root, as the Forge CLI runs from the app's directory. */
async function lintIn(dir: string): Promise<LintReport> {
  const previous = process.cwd();
  process.chdir(dir);
  try {
    return await lintApp();
  } finally {
    process.chdir(previous);
  }
}

function describeProblem({ file, line, column, message }: LintProblem): string {
  return `${file}:${line}:${column} ${message}`;
}

describe('forge lint (client-side)', () => {
  it(
    'reads every file under src/ and finds no error in the app as it is',
    async () => {
      const report = await lintIn(repoRoot);
      // Jest is silent (jest.config.js); warnings are allowed but must be seen.
      process.stderr.write(
        `forge lint: ${report.files.length} files, ${report.errors.length} errors, ${report.warnings.length} warnings\n` +
          report.warnings.map((w) => `  warning ${describeProblem(w)}\n`).join(''),
      );
      expect(report.files.length).toBeGreaterThan(100);
      expect(report.files).toContain('src/index.ts');
      expect(report.errors.map(describeProblem)).toEqual([]);
    },
    10 * 60_000,
  );

  describe('with scopes removed from the manifest', () => {
    /** One scope per product's spec, each with a REST call in src/ that needs it (the route's text). */
    const removedScopes: readonly { scope: string; file: string; route: string }[] = [
      {
        scope: 'read:jira-user',
        file: 'src/people/user-search.ts',
        route: 'route`/rest/api/3/user/search',
      },
      // Not `/wiki/rest/api/group/member` too: the linter takes the first spec path whose pattern ends the
      // call's path, here `/wiki/rest/api/group/{groupName}`, which has no GET, so that call goes unchecked.
      {
        scope: 'read:confluence-groups',
        file: 'src/activity/group-members.ts',
        route: 'route`/wiki/rest/api/group/${group}/membersByGroupId',
      },
    ];
    const removed = removedScopes.map(({ scope }) => scope);
    let appDir: string;

    beforeAll(() => {
      appDir = mkdtempSync(path.join(tmpdir(), 'audit-lint-'));
      const manifest = parseDocument(readFileSync(path.join(repoRoot, 'manifest.yml'), 'utf8'));
      const scopes = manifest.getIn(['permissions', 'scopes']) as { items: { value: unknown }[] };
      const before = scopes.items.length;
      scopes.items = scopes.items.filter((item) => !removed.includes(String(item.value)));
      expect(scopes.items.length).toBe(before - removed.length);
      writeFileSync(path.join(appDir, 'manifest.yml'), manifest.toString());
      for (const file of ['tsconfig.json', 'package.json', '.gitignore']) {
        cpSync(path.join(repoRoot, file), path.join(appDir, file));
      }
      // A copy, not a link: the linter parses each file inside the app's own TypeScript project.
      cpSync(path.join(repoRoot, 'src'), path.join(appDir, 'src'), { recursive: true });
      // The manifest's Custom UI resource must exist (npm test builds it first); the linter checks it.
      for (const dir of ['node_modules', 'static']) {
        symlinkSync(path.join(repoRoot, dir), path.join(appDir, dir), 'dir');
      }
    });

    afterAll(() => {
      if (appDir) rmSync(appDir, { recursive: true, force: true });
    });

    it(
      'flags, at the call, a REST call that needs each of them, and nothing else',
      async () => {
        const report = await lintIn(appDir);
        process.stderr.write(
          `forge lint without ${removed.join(', ')}: ${report.errors.length} errors\n` +
            report.errors.map((e) => `  error ${describeProblem(e)}\n`).join(''),
        );
        for (const { scope, file, route } of removedScopes) {
          const source = readFileSync(path.join(repoRoot, file), 'utf8').split('\n');
          const callLine = source.findIndex((line) => line.includes(route)) + 1;
          expect([route, callLine]).not.toEqual([route, 0]);
          expect(report.errors).toContainEqual(
            expect.objectContaining({ file, line: callLine, missingScope: scope }),
          );
        }
        expect(
          report.errors.filter((e) => !removed.includes(e.missingScope ?? '')).map(describeProblem),
        ).toEqual([]);
      },
      10 * 60_000,
    );
  });
});
