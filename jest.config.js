/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Each file is transpiled alone, without type-checking: a type check per test file cost each
  // jest worker a TypeScript program of its own (about 2.5 s of CPU a file, a third of the suite).
  // `npm test` type-checks src, test and bench once first (`npm run typecheck`), so a type error
  // still fails the test run.
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  // Excel's custom-functions runtime globals (CustomFunctions.Error, ErrorCode), as the CLI installs them.
  setupFiles: ['<rootDir>/src/cli/excel-runtime.ts'],
  testTimeout: 60000,
  // One worker per core: jest's default leaves one core to its parent process, which only waits
  // (on 2 cores the suite then ran in one worker, serially).
  maxWorkers: '100%',
};
