/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Excel's custom-functions runtime globals (CustomFunctions.Error, ErrorCode), as the CLI installs them.
  setupFiles: ['<rootDir>/src/cli/excel-runtime.ts'],
  // Type errors fail the test run: ts-jest checks each test file against tsconfig.json.
  testTimeout: 60000,
};
