/**
 * The in-memory Excel (test/support/fake-excel.ts) where the pane and the browser tests rely on
 * it behaving as Office.js does: selection and the active sheet, a user's typing, contexts of
 * their own, isNullObject after a sync.
 */
import { FakeExcel } from '../support/fake-excel';

test('the selection and the active sheet: select() activates its sheet; each sheet keeps its selection', async () => {
  const excel = new FakeExcel(['Sheet1', 'Data']);
  expect([excel.activeSheet, excel.selection]).toEqual(['Sheet1', 'Sheet1!A1']);
  const { workbook } = excel.context;
  workbook.worksheets.getItem('Data').getRange('D7').select();
  await excel.context.sync();
  expect([excel.activeSheet, excel.selection]).toEqual(['Data', 'Data!D7']);

  workbook.worksheets.getItem('Sheet1').activate();
  await excel.context.sync();
  expect(excel.selection).toBe('Sheet1!A1');
  workbook.worksheets.getItem('Sheet1').getRangeByIndexes(1, 0, 2, 2).select();
  const selected = workbook.getSelectedRange().load('address');
  const cell = workbook.getActiveCell().load('address');
  const active = workbook.worksheets.getActiveWorksheet().load('name');
  await excel.context.sync();
  expect([selected.address, cell.address, active.name, excel.selection]).toEqual([
    'Sheet1!A2:B3',
    'Sheet1!A2',
    'Sheet1',
    'Sheet1!A2:B3',
  ]);

  // Deleting the active sheet activates the next one; adding a sheet activates nothing.
  workbook.worksheets.add('New');
  workbook.worksheets.getItem('Sheet1').delete();
  await excel.context.sync();
  expect([excel.activeSheet, excel.selection]).toEqual(['Data', 'Data!D7']);
});

test("setCell: a user's typing, stored as Excel stores it; a drop-down refuses a typed value but not a paste", async () => {
  const excel = new FakeExcel(['Sheet1']);
  const range = excel.context.workbook.worksheets.getItem('Sheet1').getRange('C2:C3');
  range.dataValidation.ignoreBlanks = true;
  range.dataValidation.rule = { list: { inCellDropDown: true, source: 'pert,normal' } };
  range.dataValidation.errorAlert = { showAlert: true, style: 'Stop', title: 'Distribution', message: '…' };
  await excel.context.sync();
  expect(excel.cellAt('Sheet1', 'C3').validation?.rule?.list?.source).toBe('pert,normal');

  excel.setCell('Sheet1', 'B2', '12.5%');
  excel.setCell('Sheet1', 'B3', 'TRUE');
  excel.setCell('Sheet1', 'C2', 'Normal'); // the list compares without regard to case, as Excel
  expect([excel.cellAt('Sheet1', 'B2').value, excel.cellAt('Sheet1', 'B3').value]).toEqual([0.125, true]);
  expect(() => excel.setCell('Sheet1', 'C3', 'beta')).toThrow(/Sheet1!C3: Excel refuses "beta"/);
  expect(excel.cellAt('Sheet1', 'C3').value).toBeUndefined();
  excel.setCell('Sheet1', 'C3', 'beta', { paste: true });
  excel.setCell('Sheet1', 'C2', ''); // blanks are allowed (ignoreBlanks)
  const values = excel.context.workbook.worksheets.getItem('Sheet1').getRange('B2:C3').load('values');
  await excel.context.sync();
  expect(values.values).toEqual([
    [0.125, ''],
    [true, 'beta'],
  ]);
  expect(excel.cellAt('Sheet1', 'C2').validation?.ignoreBlanks).toBe(true); // typing keeps the validation
});

test('contexts of their own: a sync applies only its own context’s operations, on the one workbook', async () => {
  const excel = new FakeExcel(['Sheet1']);
  const a = excel.createContext();
  const b = excel.createContext();
  a.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [[1]];
  b.workbook.worksheets.getItem('Sheet1').getRange('A2').values = [[2]];
  await b.sync();
  expect([excel.cellAt('Sheet1', 'A1').value, excel.cellAt('Sheet1', 'A2').value]).toEqual([undefined, 2]);
  await a.sync();
  expect(excel.cellAt('Sheet1', 'A1').value).toBe(1);
  expect(excel.requests.map((r) => r.operations.map((o) => o.op))).toEqual([['values'], ['values']]);
  // A sheet added in one context has a name the next takes into account (the ids are shared too).
  a.workbook.worksheets.add('X');
  await a.sync();
  b.workbook.worksheets.add('x');
  await expect(b.sync()).rejects.toThrow(/a sheet named "x" exists/);
});

test('run(): a context per batch, the last sync for what it left queued, no empty request', async () => {
  const excel = new FakeExcel(['Sheet1']);
  const result = await excel.run((context) => {
    context.workbook.worksheets.getItem('Sheet1').getRange('B2').values = [['=1+1']];
    return 'done';
  });
  expect(result).toBe('done');
  expect(excel.cellAt('Sheet1', 'B2').value).toEqual({ formula: '=1+1' });
  await excel.run(async () => undefined);
  expect(excel.requests).toHaveLength(1);
  const formulas = await excel.run(async (context) => {
    const range = context.workbook.worksheets.getItem('Sheet1').getRange('A2:B2').load('formulas');
    await context.sync();
    return range.formulas;
  });
  expect(formulas).toEqual([['', '=1+1']]);
});

// office-addins/call-sync-before-read wants a load() before isNullObject, which Office.js does not:
// this test reads it without one on purpose, before the sync (it throws) and after it.
/* eslint-disable office-addins/call-sync-before-read */
test('isNullObject of …OrNullObject: readable after the next sync without a load, not before', async () => {
  const excel = new FakeExcel(['Sheet1']);
  const { workbook } = excel.context;
  const sheet = workbook.worksheets.getItemOrNullObject('Nope');
  const table = workbook.tables.getItemOrNullObject('BeekeeperAssumptions');
  expect(() => table.isNullObject).toThrow(/not available/);
  await excel.context.sync();
  expect([sheet.isNullObject, table.isNullObject]).toEqual([true, true]);

  const added = workbook.worksheets.getItem('Sheet1');
  added.getRange('A1:B2').values = [
    ['name', 'value'],
    ['x', 1],
  ];
  added.tables.add('A1:B2', true).name = 'BeekeeperAssumptions';
  await excel.context.sync();
  const found = workbook.tables.getItemOrNullObject('beekeeperassumptions');
  await excel.context.sync();
  expect(found.isNullObject).toBe(false);
  const range = found.getDataBodyRange().load('address');
  const where = found.worksheet.load('name');
  await excel.context.sync();
  expect([range.address, where.name]).toEqual(['Sheet1!A2:B2', 'Sheet1']);
});
/* eslint-enable office-addins/call-sync-before-read */

test('an object that does not exist fails the sync with ItemNotFound, as in Office.js', async () => {
  const excel = new FakeExcel(['Sheet1']);
  excel.context.workbook.worksheets.getItem('Nope').getRange('A1').values = [[1]];
  await expect(excel.context.sync()).rejects.toMatchObject({
    code: 'ItemNotFound',
    message: 'sheet "Nope" does not exist',
  });
  excel.context.workbook.tables.getItem('Nope').name = 'Other';
  await expect(excel.context.sync()).rejects.toMatchObject({ code: 'ItemNotFound' });
});
