import path from 'node:path';
import {
  ConfigFile,
  FileSystemReader,
  FileSystemWriter,
  listGitIgnoreFiles,
  StatsigReader,
  type StatsigService,
} from '@forge/cli-shared';
import { lint, type LintResult, type LintResultRule } from '@forge/lint';
import { forgeLogger } from './forge-logger';

/** One problem Forge's linter reported, with the file it is in (relative to the app's root). */
export interface LintProblem extends Pick<LintResultRule, 'message' | 'reference' | 'line' | 'column'> {
  readonly file: string;
  /** The scope the problem asks for, when it is a missing permission. */
  readonly missingScope: string | null;
}

export interface LintReport {
  /** The files handed to the linter: every file under `src/`, as `forge lint` collects them. */
  readonly files: readonly string[];
  readonly errors: readonly LintProblem[];
  readonly warnings: readonly LintProblem[];
}

/**
 * The permission linter matches each `requestJira`/`requestConfluence`/`requestBitbucket` call against
 * the products' OpenAPI specs, which it downloads at run time unless `USE_LOCAL_SWAGGER` points it at
 * local copies (its own switch). Offline, the Jira platform and Confluence v1 and v2 specs are at hand
 * (see openapi/README.md); Jira Software, Jira Service Management and Bitbucket get empty ones, so calls
 * to them would pass unchecked: the app makes none.
 */
const localSpecs: Readonly<Record<string, string>> = {
  LOCAL_JIRA_SWAGGER: 'jira-platform.json',
  LOCAL_JSM_SWAGGER: 'no-paths.json',
  LOCAL_JSW_SWAGGER: 'no-paths.json',
  LOCAL_CONF_SWAGGER: 'confluence-v1.json',
  LOCAL_CONF_V2_SWAGGER: 'confluence-v2.json',
  LOCAL_BB_SWAGGER: 'no-paths.json',
};

/**
 * Forge's feature flags come from Atlassian's flag service, with a login. Offline there are none, and
 * the reader's own defaults apply (e.g. no runtime is deprecated); the manifest linters read only these.
 */
class NoFeatureFlags extends StatsigReader {
  async checkGate(): Promise<null> {
    return null;
  }
  async getDynamicConfig(): Promise<null> {
    return null;
  }
}

function problems(results: readonly LintResult[], pick: 'errors' | 'warnings'): LintProblem[] {
  return results.flatMap((result) =>
    result[pick].map(({ message, reference, line, column, metadata }) => ({
      file: result.file,
      message,
      reference,
      line,
      column,
      missingScope:
        typeof metadata?.['missingPermission'] === 'string' ? metadata['missingPermission'] : null,
    })),
  );
}

/**
 * Runs Forge's own linter client-side over manifest.yml and `src/` of the app in the current directory,
 * as `forge lint` does (same files, same client-side linters). `forge lint` also runs a server-side
 * linter, which uploads the manifest and needs a login: not run here.
 */
export async function lintApp(): Promise<LintReport> {
  const reader = new FileSystemReader();
  const configFile = new ConfigFile(reader, new FileSystemWriter());
  const exclude = [...(await listGitIgnoreFiles(reader)), '.git', 'node_modules'];
  const files = await reader.recursiveReadDir('./src', exclude);
  const specDir = path.join(__dirname, 'openapi');
  const saved = { ...process.env };
  Object.assign(process.env, { USE_LOCAL_SWAGGER: 'true' });
  for (const [name, file] of Object.entries(localSpecs)) process.env[name] = path.join(specDir, file);
  try {
    // The linter reads only StatsigReader's methods; the CLI's StatsigService adds the network client.
    const flags = new NoFeatureFlags() as unknown as StatsigService;
    const results = await lint(files, await configFile.readConfig(), 'development', forgeLogger, flags, {
      linter: { mode: 'client-side' },
    });
    return { files, errors: problems(results, 'errors'), warnings: problems(results, 'warnings') };
  } finally {
    for (const name of ['USE_LOCAL_SWAGGER', ...Object.keys(localSpecs)]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}
