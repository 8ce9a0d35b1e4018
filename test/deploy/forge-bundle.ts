import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { getEntryPoints, getNodeBundler } from '@forge/bundler';
import { ConfigFile, FileSystemReader, FileSystemWriter } from '@forge/cli-shared';
import { forgeLogger } from './forge-logger';

/** What `forge deploy` would upload as the app's function code, bundled into a temp directory. */
export interface FunctionBundle {
  /** The temp directory webpack wrote into; the caller removes it. */
  readonly outputDir: string;
  /** `index.cjs`: the bundle of `src/index.ts`, which every `handler:` in manifest.yml names. */
  readonly file: string;
  readonly bytes: number;
  /** `module.function` of every `handler:` in manifest.yml, e.g. `index.capture`. */
  readonly handlers: readonly string[];
  /** Every module webpack put in the bundle, as its source map names them (`./node_modules/zod/…`). */
  readonly modules: readonly string[];
  /** The npm packages in the bundle, as the Forge CLI lists them at deploy (its `moduleList`). */
  readonly packages: readonly string[];
}

type WrapperProvider = Parameters<typeof getNodeBundler>[1];

/**
 * Forge's bundler adds Atlassian's own runtime loader and wrapper beside the app's bundle, fetched from
 * Atlassian's CDN at deploy time. They are platform code, not the app's, and cannot be had offline: this
 * provider hands the bundler a loader that fails loudly if anything ever runs it.
 */
const offlineRuntimeScripts: WrapperProvider = {
  async getNodeRuntimeWrapper() {
    return offlineRuntimeScript('wrapper');
  },
  async getNodeRuntimeLoader() {
    return offlineRuntimeScript('loader');
  },
};

function offlineRuntimeScript(kind: string) {
  return {
    script: `throw new Error('The Forge runtime ${kind} is fetched at deploy time; this offline bundle has none.');`,
    source: 'offline',
    version: 'offline',
  };
}

/**
 * Bundles the app's functions as `forge deploy` does (the CLI's packager: the entry points of the
 * manifest's handlers, Forge's Node webpack config with ts-loader over the app's tsconfig.json), from
 * the current directory, which must be the app's root, as it is for the CLI.
 */
export async function bundleFunctions(): Promise<FunctionBundle> {
  const configFile = new ConfigFile(new FileSystemReader(), new FileSystemWriter());
  const handlers = await configFile.getAppHandlers();
  const bundler = getNodeBundler(forgeLogger, offlineRuntimeScripts, configFile);
  const output = await bundler.bundle({ appDirectory: process.cwd(), entryPoints: getEntryPoints(handlers) });
  const file = path.join(output.outputDir, 'index.cjs');
  const sourceMap = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
  return {
    outputDir: output.outputDir,
    file,
    bytes: statSync(file).size,
    handlers: handlers.map(({ module, func }) => `${module}.${func}`),
    modules: sourceMap.sources.map((source) => source.replace(/^webpack:\/\/[^/]*\//, '')),
    packages: output.metadata?.modules ?? [],
  };
}
