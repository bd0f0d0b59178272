/**
 * The layout as a rule: src/model/ is the business model alone (it imports nothing outside
 * itself but, in portable-math.ts, @stdlib's math functions), and src/engine/ is host-neutral (it imports only itself, the model and the beta
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

test.each(sources('model').filter(({ file }) => file !== 'model/portable-math.ts'))(
  '$file imports only the model',
  ({ text }) => {
    expect(imports(text).filter((i) => !/^\.\/[\w-]+$/.test(i))).toEqual([]);
  },
);

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

/*
 * Portable numerics: ECMAScript leaves Math's transcendental functions (and `**`, which V8
 * computes as Math.pow) "implementation-approximated", and engines do round them differently:
 * Chromium 156's V8 and Node 20's V8 differ in the last bits of exp, log, pow, expm1, log1p, cos,
 * acos, tanh and log2, JavaScriptCore again. The model, the engine and the report (which both
 * workbook writers share) take them from src/model/portable-math.ts, whose @stdlib functions
 * give the same bits on every engine. Math keeps only what IEEE-754 rounds correctly or exactly.
 */
const PORTABLE_MATH = 'model/portable-math.ts';
const EXACT_MATH = new Set(['abs', 'ceil', 'floor', 'round', 'trunc', 'sign', 'sqrt', 'fround', 'min', 'max']);
const MATH_CONSTANTS = new Set(['PI', 'E', 'LN2', 'LN10', 'LOG2E', 'LOG10E', 'SQRT2', 'SQRT1_2']);
/** Uses of Math other than its exact functions and constants (including `Math[…]` and `= Math`). */
const inexactMath = (text: string) =>
  [...code(text).matchAll(/\bMath\b(?:\.(\w+))?/g)]
    .filter((m) => m[1] === undefined || !(EXACT_MATH.has(m[1]) || MATH_CONSTANTS.has(m[1])))
    .map((m) => m[0]);

test.each([...sources('model'), ...sources('engine'), ...sources('report')])(
  '$file uses no Math function that engines round differently (portable-math instead)',
  ({ text }) => {
    expect(inexactMath(text)).toEqual([]);
  },
);

test.each([...sources('model'), ...sources('engine'), ...sources('report')])(
  '$file has no ** (small whole exponents as products, the rest with portable-math’s pow)',
  ({ text }) => {
    // After the comments are gone, `**` can only be the operator (or `**=`).
    expect(code(text).match(/\*\*/g)).toBeNull();
  },
);

test('src/model/portable-math.ts imports only @stdlib’s math functions', () => {
  const text = fs.readFileSync(path.join(src, PORTABLE_MATH), 'utf8');
  const imported = imports(text);
  expect(imported.length).toBeGreaterThan(0);
  expect(imported.filter((i) => !/^@stdlib\/math-base-special-[\w-]+$/.test(i))).toEqual([]);
});

test('portable-math’s @stdlib functions, down to every module they load, use only exact Math functions', () => {
  const text = fs.readFileSync(path.join(src, PORTABLE_MATH), 'utf8');
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const body = fs.readFileSync(file, 'utf8');
    const found = inexactMath(body);
    if (found.length) throw new Error(`${path.relative(src, file)} uses ${found.join(', ')}`);
    if (code(body).includes('**')) throw new Error(`${path.relative(src, file)} uses **`);
    for (const m of code(body).matchAll(/require\(\s*'([^']+)'\s*\)/g))
      walk(require.resolve(m[1], { paths: [path.dirname(file)] }));
  };
  for (const name of imports(text)) walk(require.resolve(name));
  expect(seen.size).toBeGreaterThan(imports(text).length);
});
