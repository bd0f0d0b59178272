#!/usr/bin/env node
// `npm run docs`: writes docs/functions.md from the JSDoc of src/functions/functions.ts.
'use strict';
const fs = require('fs');
const path = require('path');
const { functionsMetadata } = require('./generate-metadata');
const { renderFunctionsMarkdown } = require('./functions-markdown');

functionsMetadata()
  .then((metadata) => {
    const out = path.resolve(__dirname, '../docs/functions.md');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, renderFunctionsMarkdown(metadata));
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  })
  .catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
