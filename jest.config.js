/** Jest runs the TypeScript sources through SWC; type-checking is `tsc`'s job in `npm test`. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testTimeout: 60000,
  // The app logs every rejected payload and retry, as it should on Forge; the fuzz suites alone make
  // thousands of such lines. `npx jest --silent=false` shows them.
  silent: true,
};
