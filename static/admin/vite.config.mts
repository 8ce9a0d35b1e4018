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
  },
});
