/**
 * The layout as a rule: src/model/ is the business model alone (it imports nothing outside
 * itself), and src/engine/ is host-neutral (it imports only itself, the model and the beta
 * quantile's library, and uses no clock, global randomness, timer or host global), so the
 * task pane can run it as the CLI does.
 */
import * as fs from 'fs';
import * as path from 'path';

const src = path.join(__dirname, '../../src');
const sources = (folder: string) =>
  fs
    .readdirSync(path.join(src, folder))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${folder}/${f}`, text: fs.readFileSync(path.join(src, folder, f), 'utf8') }));
/** The code without its comments (TSDoc examples may name host APIs). */
const code = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/ \/\/ .*$/gm, '');
const imports = (text: string) => [...code(text).matchAll(/(?:from|require\()\s*'([^']+)'/g)].map((m) => m[1]);

test.each(sources('model'))('$file imports only the model', ({ text }) => {
  expect(imports(text).filter((i) => !/^\.\/[\w-]+$/.test(i))).toEqual([]);
});

test.each(sources('engine'))('$file imports only the engine, the model and @stdlib', ({ text }) => {
  expect(imports(text).filter((i) => !/^(\.\/[\w-]+|\.\.\/model(\/[\w-]+)?|@stdlib\/[\w-]+)$/.test(i))).toEqual([]);
});

test.each([...sources('model'), ...sources('engine')])(
  '$file uses no clock, global randomness, timer or host global',
  ({ text }) => {
    const found = code(text).match(
      /\b(Math\.random|Date\.now|performance\.|setImmediate|setTimeout|setInterval|process\.|globalThis|window\.|document\.|self\.|postMessage|MessageChannel)\b/g,
    );
    expect(found).toBeNull();
  },
);
