import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'acorn';

const gate = fs.readFileSync(path.resolve(__dirname, '../../src/taskpane/page-gate.js'), 'utf8');

describe('the pages’ gate (src/taskpane/page-gate.js)', () => {
  test('is ES5, so that Internet Explorer 11 runs it and shows its message', () => {
    expect(() => parse(gate, { ecmaVersion: 5 })).not.toThrow();
  });

  test('the ES5 check itself refuses later syntax (a const, an arrow, optional chaining)', () => {
    for (const code of ['const a = 1;', 'var f = () => 1;', 'var b = window?.Office;'])
      expect(() => parse(code, { ecmaVersion: 5 })).toThrow();
  });
});
