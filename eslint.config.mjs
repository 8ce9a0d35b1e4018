import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const removedForgeApis = [
  { name: '@forge/ui', message: 'UI Kit 1 is removed from the platform.' },
  {
    name: '@forge/api',
    importNames: ['storage'],
    message: 'Removed from @forge/api: use @forge/kvs or @forge/sql.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'static/*/build/', 'test-output/', 'build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: removedForgeApis }],
    },
  },
  {
    files: ['*.js', '*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // The app must not reach into the sandbox or tests: they stand in for the platform, not the reverse.
      'no-restricted-imports': [
        'error',
        { paths: removedForgeApis, patterns: ['**/dev/*', '**/dev', '**/test/*', '**/test'] },
      ],
    },
  },
  {
    files: ['static/admin/**'],
    rules: {
      // The page knows the app's code only through the contract, so what it may import stays in one place.
      'no-restricted-imports': [
        'error',
        {
          paths: removedForgeApis,
          patterns: [
            {
              group: ['**/src/**', '**/src'],
              message:
                "The admin page imports the app's code only through '@contract' (src/contract/index.ts).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['static/admin/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
);
