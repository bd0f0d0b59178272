import * as fs from 'fs';
import * as path from 'path';

const { functionsMetadata } = require('../../scripts/generate-metadata');

const { renderFunctionsMarkdown } = require('../../scripts/functions-markdown');

describe('docs/functions.md', () => {
  test('is the rendering of the current functions metadata (run `npm run docs` when this fails)', async () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../../docs/functions.md'), 'utf8');
    expect(committed).toBe(renderFunctionsMarkdown(await functionsMetadata()));
  });

  test('documents every function with a description, every argument with help, and a help URL', async () => {
    const metadata = await functionsMetadata();
    expect(metadata.functions.map((f: { id: string }) => f.id)).toEqual([
      'BASS',
      'MEMBERS',
      'EMPLOYERS',
      'CONVERSION',
      'CUSTOMERS',
      'REVENUE',
      'ASSUMPTIONS',
      'PROJECTION',
      'KPI',
      'SIMULATE',
      'ECOSYSTEM',
      'HDR',
    ]);
    for (const f of metadata.functions) {
      expect(f.description).toMatch(/\w/);
      expect(f.helpUrl).toBe(`https://localhost:3000/help.html#${f.id.toLowerCase()}`);
      for (const p of f.parameters) expect(`${f.id}.${p.name}: ${p.description ?? ''}`).toMatch(/: \S/);
    }
  });
});
