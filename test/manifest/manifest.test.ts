import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';

// Plain CommonJS shared with `npm run validate` (scripts/validate-manifest.js).

const checks = require('../../scripts/manifest-checks') as {
  REQUIRED_SETS: Record<string, [string, string]>;
  XSD_DIR: string;
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

  test('declares the requirement sets the code needs: CustomFunctionsRuntime 1.3 (ErrorCode) and ExcelApi 1.8', () => {
    const sets = Object.fromEntries(
      [...manifest.matchAll(/<Set Name="(\w+)" MinVersion="([\d.]+)"\s*\/>/g)].map((m) => [m[1], m[2]]),
    );
    expect(sets).toEqual({ SharedRuntime: '1.1', CustomFunctionsRuntime: '1.3', ExcelApi: '1.8' });
    expect(
      Object.fromEntries(Object.entries(checks.REQUIRED_SETS).map(([name, [version]]) => [name, version])),
    ).toEqual(sets);
  });

  test.each([
    [
      'an older CustomFunctionsRuntime',
      (xml: string) =>
        xml.replace('"CustomFunctionsRuntime" MinVersion="1.3"', '"CustomFunctionsRuntime" MinVersion="1.2"'),
      '<Set Name="CustomFunctionsRuntime"> has MinVersion 1.2; the code needs exactly 1.3',
    ],
    [
      'no ExcelApi set',
      (xml: string) => xml.replace(/<Set Name="ExcelApi"[^>]*>/, ''),
      '<Requirements> lacks <Set Name="ExcelApi" MinVersion="1.8"/>',
    ],
  ])('the structural checks refuse a manifest with %s', (_label, edit, expected) => {
    const edited = edit(manifest);
    expect(edited).not.toBe(manifest);
    const found = checks.checkManifest(edited, root).errors;
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(expected);
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

  // Microsoft's XSDs ship in scripts/manifest-schemas; the check needs xmllint. A newcomer's
  // machine may lack it (the test says how to install it); CI installs it, so there it never skips.
  const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
  const xsdTest = hasXmllint || process.env.CI ? test : test.skip;
  if (!hasXmllint) console.warn('XSD check skipped: xmllint not on PATH (apt-get install -y libxml2-utils)');
  test('the shipped XSDs are byte for byte the files SOURCE.md lists (sha256)', () => {
    const source = fs.readFileSync(path.join(checks.XSD_DIR, 'SOURCE.md'), 'utf8');
    const listed = [...source.matchAll(/^\| (\w+\.xsd) \|.*\| ([0-9a-f]{64}) \|$/gm)];
    expect(listed.map((m) => m[1]).sort()).toEqual(
      fs
        .readdirSync(checks.XSD_DIR)
        .filter((f) => f.endsWith('.xsd'))
        .sort(),
    );
    for (const [, file, sha] of listed) {
      const bytes = fs.readFileSync(path.join(checks.XSD_DIR, file));
      expect(`${file} ${crypto.createHash('sha256').update(bytes).digest('hex')}`).toBe(`${file} ${sha}`);
    }
  });
  xsdTest('validates against the Office add-in manifest XSDs', () => {
    const run = spawnSync('bash', [checks.XSD_VALIDATOR, path.join(root, 'manifest.xml')], { encoding: 'utf8' });
    expect(run.stderr + run.stdout).toContain('validates');
    expect(run.status).toBe(0);
  });
});
