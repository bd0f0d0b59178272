/**
 * The task pane's bench (bench/pane.bench.ts) runs through jest, as the browser tests do: ts-jest
 * compiles the browser harness (test/browser/harness.ts) it shares with them. Not part of
 * `npm test` (its roots are test/); bench/run.js starts it.
 */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '..',
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/bench'],
  testMatch: ['**/*.bench.ts'],
  setupFiles: ['<rootDir>/src/cli/excel-runtime.ts'],
  testTimeout: 1_200_000,
};
