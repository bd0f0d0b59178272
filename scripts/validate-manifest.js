#!/usr/bin/env node
// `npm run validate`: offline checks of manifest.xml (`office-addin-manifest validate` needs the
// network). 1) Microsoft's XSDs via scripts/manifest-schemas/validate.sh and xmllint,
// 2) the structural checks of scripts/manifest-checks.js (the same ones test/manifest runs),
// 3) the help URLs in the functions metadata generated from src/functions/functions.ts.
// Usage: node scripts/validate-manifest.js [manifest.xml]
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { REPO_ROOT, XSD_VALIDATOR, checkManifest, checkFunctionsMetadata } = require('./manifest-checks');

async function main() {
  const manifestPath = path.resolve(process.argv[2] || path.join(REPO_ROOT, 'manifest.xml'));
  let failed = false;

  if (spawnSync('xmllint', ['--version']).error) {
    console.error(
      'xmllint is missing, so the manifest cannot be checked against the XSDs.\n' +
        'Install it: apt-get install -y libxml2-utils (Debian, Ubuntu), brew install libxml2 (macOS).',
    );
    process.exit(1);
  } else {
    const run = spawnSync('bash', [XSD_VALIDATOR, manifestPath], { stdio: 'inherit' });
    if (run.status !== 0) {
      console.error(`XSD check failed (validate.sh exit ${run.status}).`);
      failed = true;
    }
  }

  const { errors, origin } = checkManifest(fs.readFileSync(manifestPath, 'utf8'), REPO_ROOT);
  for (const e of errors) console.error(`manifest: ${e}`);
  if (errors.length === 0) console.log(`Structural checks passed (origin ${origin}).`);
  failed ||= errors.length > 0;

  const source = path.join(REPO_ROOT, 'src/functions/functions.ts');
  if (origin && fs.existsSync(source)) {
    const { generateCustomFunctionsMetadata } = require('custom-functions-metadata');
    const result = await generateCustomFunctionsMetadata(source, false);
    const problems = result.errors.length
      ? result.errors
      : checkFunctionsMetadata(JSON.parse(result.metadataJson), origin);
    for (const p of problems) console.error(`functions metadata: ${p}`);
    if (problems.length === 0)
      console.log('Functions metadata: every help URL points at help.html on the same origin.');
    failed ||= problems.length > 0;
  }

  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
