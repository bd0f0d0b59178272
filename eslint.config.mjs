// office-addin-lint's recommended rules, plus the globals our code really has: Excel's
// custom-functions runtime defines CustomFunctions in the add-in; the CLI, scripts, tests and
// benchmarks run in Node (and jest).
import officeAddins from 'eslint-plugin-office-addins';
import tsParser from '@typescript-eslint/parser';
import globals from 'globals';

export default [
  // Build output: the command line (lib/), the add-in (dist/), the bench's compiled writer (bench/build/).
  { ignores: ['lib/', 'dist/', 'bench/build/', 'coverage/'] },
  ...officeAddins.configs.recommended,
  {
    plugins: { 'office-addins': officeAddins },
    languageOptions: {
      parser: tsParser,
      globals: { CustomFunctions: 'readonly', globalThis: 'readonly' },
    },
  },
  {
    files: ['src/cli/**', 'scripts/**', 'bench/**', 'bin/**', 'test/**', '*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  {
    // TypeScript already checks names; no-undef does not know type-only globals such as NodeJS.
    files: ['**/*.ts'],
    rules: { 'no-undef': 'off' },
  },
];
