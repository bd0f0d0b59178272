#!/usr/bin/env node
// Refuses a package-lock.json that `npm ci` cannot install on a fresh machine. The case that
// broke every newcomer's first command: package entries with no version (placeholders that an
// older npm wrote for optional platform packages; once the registry served those packages, npm
// fetched them and crashed with "Invalid Version:"). Run by .ci/run before `npm ci`, so the
// message below comes first, and by test/scripts/check-lockfile.test.ts.
// Usage: node scripts/check-lockfile.js [package-lock.json]
'use strict';
const fs = require('fs');
const path = require('path');

/**
 * Problems of a parsed lock file, one sentence each (empty when npm ci can use it).
 * @example lockfileProblems({ lockfileVersion: 3, packages: { '': {}, 'node_modules/a': {} } })
 * // → ['node_modules/a has no version (…)']
 */
function lockfileProblems(lock) {
  const problems = [];
  if (lock.lockfileVersion !== 3)
    problems.push(`lockfileVersion is ${lock.lockfileVersion}, expected 3 (npm 9 or later)`);
  for (const [where, entry] of Object.entries(lock.packages ?? {})) {
    if (where === '' || entry.link) continue; // the root project and workspace links carry no version
    if (typeof entry.version !== 'string' || entry.version === '')
      problems.push(`${where} has no version (a hand-made or placeholder entry: remove it and run npm install)`);
  }
  return problems;
}

if (require.main === module) {
  const file = path.resolve(process.argv[2] || path.join(__dirname, '..', 'package-lock.json'));
  const problems = lockfileProblems(JSON.parse(fs.readFileSync(file, 'utf8')));
  for (const p of problems) console.error(`${path.basename(file)}: ${p}`);
  if (problems.length) process.exit(1);
  console.log(`${path.basename(file)}: every package entry has a version.`);
}

module.exports = { lockfileProblems };
