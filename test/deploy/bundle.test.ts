import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bundleFunctions, type FunctionBundle } from './forge-bundle';

const repoRoot = path.resolve(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

/** Packages that load native addons (`.node` files) at run time; Forge's runtime has no native builds. */
const nativeLoaders = ['bindings', 'node-gyp-build', 'node-addon-api', 'prebuild-install'];

/** The npm package a bundled module comes from (`./node_modules/@forge/api/out/x.js` → `@forge/api`). */
function packageOf(module: string): string | null {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module);
  return match?.[1] ?? null;
}

describe('forge deploy bundle', () => {
  let bundle: FunctionBundle;

  beforeAll(async () => {
    bundle = await bundleFunctions();
    // Jest is silent (jest.config.js); the bundle's size belongs in every run's output all the same.
    process.stderr.write(
      `Forge bundle: ${bundle.file}, ${(bundle.bytes / 1024 / 1024).toFixed(2)} MB, ${bundle.modules.length} modules, ` +
        `packages: ${bundle.packages.join(', ')}\n`,
    );
  }, 15 * 60_000);

  afterAll(() => {
    if (bundle) rmSync(bundle.outputDir, { recursive: true, force: true });
  });

  it('is written outside the repo', () => {
    expect(path.relative(repoRoot, bundle.outputDir).startsWith('..')).toBe(true);
  });

  it('exports every handler the manifest names as a function', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS, loaded as Forge's runtime loads it
    const exported = require(bundle.file) as Record<string, unknown>;
    expect(bundle.handlers.length).toBeGreaterThan(0);
    for (const handler of bundle.handlers) {
      const [module, func] = handler.split('.');
      expect(module).toBe('index');
      expect({ handler, type: typeof exported[func ?? ''] }).toEqual({ handler, type: 'function' });
    }
  });

  it('holds no native module', () => {
    expect(bundle.modules.filter((module) => module.endsWith('.node'))).toEqual([]);
    const bundled = new Set(bundle.modules.map(packageOf));
    expect(nativeLoaders.filter((name) => bundled.has(name))).toEqual([]);
  });

  it('holds no dev dependency', () => {
    const devDependencies = Object.keys(packageJson.devDependencies);
    expect(bundle.packages.length).toBeGreaterThan(0);
    const bundled = new Set([...bundle.packages, ...bundle.modules.map(packageOf)]);
    expect(devDependencies.filter((name) => bundled.has(name))).toEqual([]);
  });
});
