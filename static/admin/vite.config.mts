import { defineConfig } from 'vite';

/**
 * Builds the admin page into `static/admin/build`, the `admin` resource in manifest.yml.
 * `base: './'`: Forge serves a resource from its own path inside an iframe, so asset URLs must be relative.
 * No React plugin: it only adds Fast Refresh for a dev server, and Vite's own transform compiles JSX.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: {
    // Atlaskit's feature-gate client pulls in Statsig (~29 kB gzipped) only to answer "off" inside a
    // Forge iframe; the stub gives the same answers. See src/platform/feature-gates.ts.
    alias: [
      // The page's one way into the app's code (static/admin/tsconfig.json names the same path).
      { find: /^@contract$/, replacement: `${import.meta.dirname}/../../src/contract/index.ts` },
      {
        find: /^@atlaskit\/feature-gate-js-client(\/feature-gates)?$/,
        replacement: `${import.meta.dirname}/src/platform/feature-gates.ts`,
      },
    ],
  },
  build: {
    outDir: 'build',
    emptyOutDir: true,
    // Forge's hosts are evergreen browsers; one modern target keeps the bundle small.
    target: 'es2022',
    reportCompressedSize: true,
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      // `@contract` only re-exports. Declared free of side effects, it is looked through: each value the
      // page takes from it is bundled with the code that uses it (the SIEM host list with the lazily
      // loaded Destinations tab), not with whichever chunk first imports the alias.
      treeshake: { moduleSideEffects: [{ test: /\/src\/contract\//, sideEffects: false }] },
    },
  },
});
