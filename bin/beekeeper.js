#!/usr/bin/env node
'use strict';
// The `beekeeper` command: runs the compiled command line in lib/ (src/cli/main.ts).
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const main = path.join(root, 'lib', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write(`beekeeper is not built: run \`npm install\` (or \`npm run build:cli\`) in ${root}\n`);
  process.exit(1);
}
require(main).main();
