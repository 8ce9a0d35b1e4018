/**
 * ts-jest compiles each TypeScript file on its own (tsconfig has `isolatedModules`): fast, and type-checking is already
 * `tsc`'s job in `npm test`.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', {}],
    // hyparquet and hyparquet-writer (the archive's Parquet export) ship only ES modules.
    '/node_modules/hyparquet(-writer)?/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!hyparquet)'],
  testTimeout: 60000,
  // The app logs every rejected payload and retry, as it should on Forge; the fuzz suites alone make
  // thousands of such lines. `npx jest --silent=false` shows them.
  silent: true,
};
