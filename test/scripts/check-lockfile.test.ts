import * as fs from 'fs';
import * as path from 'path';

const { lockfileProblems } = require('../../scripts/check-lockfile') as {
  lockfileProblems(lock: unknown): string[];
};

const root = path.resolve(__dirname, '../..');

describe('package-lock.json', () => {
  test('every package entry has a version, so npm ci installs it on a fresh machine', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
    expect(lockfileProblems(lock)).toEqual([]);
  });

  test('the check names a placeholder entry (the one that broke npm ci with "Invalid Version:")', () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { name: 'beekeeper' },
        'node_modules/a': { version: '1.0.0' },
        'node_modules/unrs-resolver/node_modules/@unrs/resolver-binding-win32-x64-msvc': { optional: true },
        'node_modules/linked': { link: true, resolved: 'packages/linked' },
      },
    };
    expect(lockfileProblems(lock)).toEqual([
      'node_modules/unrs-resolver/node_modules/@unrs/resolver-binding-win32-x64-msvc has no version ' +
        '(a hand-made or placeholder entry: remove it and run npm install)',
    ]);
  });

  test('an old lock file format is refused', () => {
    expect(lockfileProblems({ lockfileVersion: 1, packages: {} })).toEqual([
      'lockfileVersion is 1, expected 3 (npm 9 or later)',
    ]);
  });
});
