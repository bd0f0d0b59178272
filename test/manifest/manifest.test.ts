import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';

// Plain CommonJS shared with `npm run validate` (scripts/validate-manifest.js).

const checks = require('../../scripts/manifest-checks') as {
  XSD_VALIDATOR: string;
  checkManifest(xml: string, repoRoot?: string): { errors: string[]; origin: string | null };
  checkFunctionsMetadata(metadata: unknown, origin: string): string[];
};

const root = path.resolve(__dirname, '../..');
const manifest = fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8');
const functionsSource = path.join(root, 'src/functions/functions.ts');

describe('manifest.xml', () => {
  const { errors, origin } = checks.checkManifest(manifest, root);

  test('passes the structural checks (resids, one https origin, icon files and sizes, OSS namespace, shared runtime)', () => {
    expect(errors).toEqual([]);
    expect(origin).toBe('https://localhost:3000');
  });

  test('uses a long-lived shared runtime and the OSS namespace', () => {
    expect(manifest).toMatch(/<Runtime resid="[^"]+" lifetime="long"\s*\/>/);
    expect(manifest).toMatch(/<bt:String id="Functions\.Namespace" DefaultValue="OSS"\s*\/>/);
  });

  const metadataTest = fs.existsSync(functionsSource) ? test : test.skip;
  metadataTest(
    "the functions' help URLs point at help.html#<id> on the manifest's origin",
    async () => {
      const result = await generateCustomFunctionsMetadata(functionsSource, false);
      expect(result.errors).toEqual([]);
      expect(checks.checkFunctionsMetadata(JSON.parse(result.metadataJson), origin ?? '')).toEqual([]);
    },
    60_000,
  );

  // Microsoft's XSDs sit beside the repo (<repo>/../shared); the check needs xmllint.
  const hasValidator = fs.existsSync(checks.XSD_VALIDATOR);
  const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
  const xsdTest = hasValidator && hasXmllint ? test : test.skip;
  if (!hasValidator) console.warn(`XSD check skipped: ${checks.XSD_VALIDATOR} not found`);
  else if (!hasXmllint) console.warn('XSD check skipped: xmllint not on PATH (apt-get install -y libxml2-utils)');
  xsdTest('validates against the Office add-in manifest XSDs', () => {
    const run = spawnSync('bash', [checks.XSD_VALIDATOR, path.join(root, 'manifest.xml')], { encoding: 'utf8' });
    expect(run.stderr + run.stdout).toContain('validates');
    expect(run.status).toBe(0);
  });
});
