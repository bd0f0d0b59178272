#!/usr/bin/env node
// Refuses an install on which a package.json script's tool does not even load. The case that
// broke `npm start`, `npm run stop` and `npm run start:web` on every fresh clone: a package
// deep in office-addin-debugging required fs-extra without declaring it, .npmrc's omit=peer
// left it out, and the first newcomer to sideload met "Cannot find module 'fs-extra'". The
// tools are read from package.json's scripts, so a new script is covered without editing this
// file; each is run with `--help` (after the script's subcommand, if it has one: `webpack serve`
// loads webpack-dev-server only then), which loads its code but starts nothing. Run by .ci/run
// right after `npm ci`, and by test/scripts/check-script-tools.test.ts.
// Usage: node scripts/check-script-tools.js [project directory]
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

/**
 * The commands package.json's scripts run, one entry per distinct `tool [subcommand]`, each
 * with the scripts that use it. `npm run X` is skipped (X is a script of its own), as are
 * npm itself and environment assignments; `node file` is kept as a file that must exist.
 * @example scriptTools({ start: 'office-addin-debugging start manifest.xml', prepare: 'npm run build' })
 * // → [{ tool: 'office-addin-debugging', args: ['start'], scripts: ['start'] }]
 */
function scriptTools(scripts) {
  const found = new Map();
  for (const [name, line] of Object.entries(scripts ?? {})) {
    for (const command of line.split(/&&|\|\||[;|&]/)) {
      const words = command
        .trim()
        .split(/\s+/)
        .filter((w) => w && !/^\w+=/.test(w));
      let [tool, ...rest] = words;
      if (!tool || tool === 'npm') continue;
      if (tool === 'npx') [tool, ...rest] = rest.filter((w) => !w.startsWith('-'));
      if (!tool) continue;
      // node runs a file of ours: it must exist; running it, even with --help, might do its work.
      const args = tool === 'node' ? rest.slice(0, 1) : /^[a-z][\w:-]*$/.test(rest[0] ?? '') ? [rest[0]] : [];
      const key = [tool, ...args].join(' ');
      if (!found.has(key)) found.set(key, { tool, args, scripts: [] });
      if (!found.get(key).scripts.includes(name)) found.get(key).scripts.push(name);
    }
  }
  return [...found.values()];
}

/** The first line of a tool's output that says what went wrong, else its last line. */
function reason(output) {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.find((l) => /Error|Cannot find/.test(l)) ?? lines.at(-1) ?? 'no output';
}

/**
 * Problems of the project in `root`, one sentence each (empty when every script's tool loads).
 * A tool missing from node_modules/.bin but found on PATH (a system tool) is left alone.
 * @example toolProblems('/path/to/clone') // → ["scripts start, stop: `office-addin-debugging start --help` fails: Error: Cannot find module 'fs-extra'"]
 */
function toolProblems(root, { timeoutMs = 60000 } = {}) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const bin = path.join(root, 'node_modules', '.bin');
  const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
  const problems = [];
  for (const { tool, args, scripts } of scriptTools(pkg.scripts)) {
    const where = `script${scripts.length > 1 ? 's' : ''} ${scripts.join(', ')}`;
    if (tool === 'node') {
      if (args[0] && !fs.existsSync(path.join(root, args[0])))
        problems.push(`${where}: runs node ${args[0]}, which does not exist`);
      continue;
    }
    const local = path.join(bin, process.platform === 'win32' ? `${tool}.cmd` : tool);
    if (!fs.existsSync(local)) {
      const system = spawnSync(process.platform === 'win32' ? 'where' : 'which', [tool], { env });
      if (system.status !== 0)
        problems.push(`${where}: ${tool} is not installed (not in node_modules/.bin nor on PATH)`);
      continue;
    }
    const run = spawnSync(local, [...args, '--help'], {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout: timeoutMs,
      shell: process.platform === 'win32',
    });
    const shown = `\`${[tool, ...args, '--help'].join(' ')}\``;
    if (run.error) problems.push(`${where}: ${shown} did not finish: ${run.error.message}`);
    else if (run.status !== 0) problems.push(`${where}: ${shown} fails: ${reason(`${run.stderr}\n${run.stdout}`)}`);
  }
  return problems;
}

if (require.main === module) {
  const root = path.resolve(process.argv[2] || path.join(__dirname, '..'));
  const problems = toolProblems(root);
  for (const p of problems) console.error(`package.json ${p}`);
  if (problems.length) process.exit(1);
  console.log(
    `package.json: every script's tool loads (${scriptTools(require(path.join(root, 'package.json')).scripts).length} checked).`,
  );
}

module.exports = { scriptTools, toolProblems };
