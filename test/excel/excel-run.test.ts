/**
 * The one way into Excel (src/excel/excel-run.ts): every batch runs with
 * `delayForCellEdit: true`, and nothing in src calls `Excel.run` around it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_OPTIONS, excelRun } from '../../src/excel/excel-run';
import { FakeExcel } from '../support/fake-excel';

test('every batch runs with delayForCellEdit: true, and returns what the batch returns', async () => {
  const seen: Excel.RunOptions[] = [];
  const excel = excelRun(async (options, batch) => {
    seen.push(options);
    return batch({} as Excel.RequestContext);
  });
  await expect(excel(async () => 'first')).resolves.toBe('first');
  await expect(excel(async () => 2)).resolves.toBe(2);
  expect(seen).toEqual([{ delayForCellEdit: true }, { delayForCellEdit: true }]);
  expect(RUN_OPTIONS).toEqual({ delayForCellEdit: true });
});

test('while the user edits a cell, a batch through excelRun waits, then applies', async () => {
  const fake = new FakeExcel(['Sheet1']);
  const excel = excelRun((options, batch) => fake.run(options, batch));
  fake.startCellEdit();
  const write = excel(async (context) => {
    context.workbook.worksheets.getItem('Sheet1').getRange('B2').values = [[7]];
    await context.sync();
    return 'written';
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect([fake.cellAt('Sheet1', 'B2').value, fake.requests]).toEqual([undefined, []]);
  fake.endCellEdit();
  await expect(write).resolves.toBe('written');
  expect(fake.cellAt('Sheet1', 'B2').value).toBe(7);
  expect(fake.requests.filter((r) => r.failed)).toEqual([]);
});

/** Every .ts/.tsx file under src, with its comments taken out (a doc's @example may show Excel.run). */
function sources(dir: string): { file: string; code: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    if (!/\.tsx?$/.test(entry.name)) return [];
    const code = readFileSync(path, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:])\/\/.*$/gm, '$1');
    return [{ file: path, code }];
  });
}

test('nothing in src calls Excel.run but through excelRun (so no batch goes without delayForCellEdit)', () => {
  // The one call allowed: the pane's entry handing Office.js's Excel.run to excelRun.
  const allowed = /excelRun\(\s*\(options, batch\) => Excel\.run\(options, batch\)\s*\)/g;
  const direct = sources(join(__dirname, '../../src'))
    .filter(({ code }) => /\bExcel\.run\b/.test(code.replace(allowed, '')))
    .map(({ file }) => file);
  expect(direct).toEqual([]);
});
