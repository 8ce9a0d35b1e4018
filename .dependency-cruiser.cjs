/**
 * Import rules for `src/`, run by `npm run lint` (`depcruise src`). `circular` is judged per module; a
 * cycle between folders made of imports in different files (a → b in one, b → a in another) is caught
 * by test/structure/folder-cycles.test.ts, which reads the same graph.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module cycle makes load order matter and the modules impossible to read alone.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^node_modules' },
    includeOnly: '^src/',
    // Type-only imports count: a type import is a dependency of the code as read, and the
    // capabilities' cycles were made of them.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
