#!/usr/bin/env node
/**
 * Writes lib/functions.json from the JSDoc of src/functions/functions.ts, with the same
 * generator that webpack's CustomFunctionsMetadataPlugin uses for dist/functions.json. The
 * command line and the tests read it; the JSDoc stays the one source of the metadata.
 */
const fs = require('fs');
const path = require('path');
const { generateCustomFunctionsMetadata } = require('custom-functions-metadata');

const root = path.resolve(__dirname, '..');
const SOURCE = path.join(root, 'src/functions/functions.ts');

/**
 * Adds the top-level options that the JSDoc cannot express (custom-functions-metadata has no
 * tag for them): `allowErrorForDataTypeAny`, so that an error cell in a range reaches the
 * parameters typed `any` (the assumptions ranges) and the function's message names the cell,
 * instead of Excel returning the cell's error unexplained. webpack.config.js applies the same
 * to dist/functions.json.
 *
 * @example withHostOptions({ functions: [] }).allowErrorForDataTypeAny // true
 */
function withHostOptions(metadata) {
  return { ...metadata, allowErrorForDataTypeAny: true };
}

/** The metadata object ({ functions: [...] }) of the custom functions. */
async function functionsMetadata() {
  const result = await generateCustomFunctionsMetadata(SOURCE, false);
  if (result.errors.length > 0) throw new Error(`functions metadata:\n${result.errors.join('\n')}`);
  return withHostOptions(JSON.parse(result.metadataJson));
}

async function main() {
  const out = path.join(root, 'lib/functions.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(await functionsMetadata(), null, 2) + '\n');
}

module.exports = { functionsMetadata, withHostOptions };

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
