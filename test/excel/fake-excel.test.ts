/**
 * The in-memory Excel (test/support/fake-excel.ts) where the pane and the browser tests rely on
 * it behaving as Office.js does: selection and the active sheet, a user's typing, contexts of
 * their own, isNullObject after a sync.
 */
import { FakeExcel, FakeExcelError } from '../support/fake-excel';

/** The add-in's run options (src/excel/excel-run.ts); the fake refuses a run without them. */
const RUN = { delayForCellEdit: true };

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

test("a drop-down's list from cells: the cells' values when the user types; Excel's limits on a rule and its alert", async () => {
  const excel = new FakeExcel(['Sheet1', "Bob's lists"]);
  const { workbook } = excel.context;
  workbook.worksheets.getItem('Sheet1').getRange('F2:F3').values = [['funding'], ['engineers']];
  workbook.worksheets.getItem("Bob's lists").getRange('A1:A2').values = [['red'], ['blue']];
  const here = workbook.worksheets.getItem('Sheet1').getRange('B2');
  here.dataValidation.rule = { list: { inCellDropDown: true, source: '=$F$2:$F$3' } };
  const there = workbook.worksheets.getItem('Sheet1').getRange('C2');
  there.dataValidation.rule = { list: { inCellDropDown: true, source: "='Bob''s lists'!$A$1:$A$2" } };
  await excel.context.sync();
  excel.setCell('Sheet1', 'B2', 'Engineers');
  expect(() => excel.setCell('Sheet1', 'B2', '=$F$2:$F$3')).toThrow(/Excel refuses/);
  excel.setCell('Sheet1', 'F3', 'hiring'); // the list is what the cells hold now
  expect(() => excel.setCell('Sheet1', 'B2', 'engineers')).toThrow(/Excel refuses "engineers"/);
  excel.setCell('Sheet1', 'B2', 'hiring');
  excel.setCell('Sheet1', 'C2', 'blue');
  expect(() => excel.setCell('Sheet1', 'C2', 'green')).toThrow(/Excel refuses "green"/);

  const refused = async (set: (range: Excel.Range) => void) => {
    const context = excel.createContext(RUN);
    set(context.workbook.worksheets.getItem('Sheet1').getRange('D2'));
    return context.sync().then(
      () => 'accepted',
      (e: FakeExcelError) => `${e.code}: ${e.message}`,
    );
  };
  const list = (n: number) =>
    Array.from({ length: n }, (_, i) => String(i % 10))
      .join('')
      .replace(/(.{9})./g, '$1,');
  expect(list(255)).toHaveLength(255);
  expect(await refused((r) => (r.dataValidation.rule = { list: { inCellDropDown: true, source: list(255) } }))).toBe(
    'accepted',
  );
  expect(await refused((r) => (r.dataValidation.rule = { list: { inCellDropDown: true, source: list(256) } }))).toBe(
    "InvalidArgument: a list's source holds at most 255 characters, got 256: put the items in cells and give their range",
  );
  const alert = (title: string, message: string) => (r: Excel.Range) =>
    (r.dataValidation.errorAlert = { showAlert: true, style: 'Stop', title, message });
  expect(await refused(alert('x'.repeat(32), 'y'.repeat(225)))).toBe('accepted');
  expect(await refused(alert('x'.repeat(33), 'y'))).toBe(
    "InvalidArgument: an alert's title holds at most 32 characters, got 33",
  );
  expect(await refused(alert('x', 'y'.repeat(226)))).toBe(
    "InvalidArgument: an alert's message holds at most 225 characters, got 226",
  );
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
  const result = await excel.run(RUN, (context) => {
    context.workbook.worksheets.getItem('Sheet1').getRange('B2').values = [['=1+1']];
    return 'done';
  });
  expect(result).toBe('done');
  expect(excel.cellAt('Sheet1', 'B2').value).toEqual({ formula: '=1+1' });
  await excel.run(RUN, async () => undefined);
  expect(excel.requests).toHaveLength(1);
  const formulas = await excel.run(RUN, async (context) => {
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

test('tables.add: a Range is on its own sheet; a bare address on the active sheet, as TableCollection.add says', async () => {
  const excel = new FakeExcel(['Sheet1', 'Data', "It's"]);
  const { workbook } = excel.context;
  for (const name of ['Sheet1', 'Data', "It's"])
    workbook.worksheets.getItem(name).getRange('A1:B2').values = [
      ['h1', 'h2'],
      [1, 2],
    ];
  const data = workbook.worksheets.getItem('Data');
  data.tables.add(data.getRange('A1:B2'), true).name = 'ByRange';
  data.tables.add('A1:B2', true).name = 'ByAddress'; // Sheet1 is active: it goes there
  data.tables.add("'It''s'!A1:B2", true).name = 'Named';
  await excel.context.sync();
  expect(excel.tables.map((t) => [t.name, t.area.sheet.name])).toEqual([
    ['ByAddress', 'Sheet1'],
    ['ByRange', 'Data'],
    ['Named', "It's"],
  ]);
});

test('showTotals: the totals row is in getRange(), not in getDataBodyRange(); hiding it clears it', async () => {
  const excel = new FakeExcel(['Sheet1']);
  const sheet = excel.context.workbook.worksheets.getItem('Sheet1');
  sheet.getRange('B2:C4').values = [
    ['name', 'value'],
    ['a', 1],
    ['b', 2],
  ];
  const table = sheet.tables.add(sheet.getRange('B2:C4'), true);
  table.showTotals = true;
  const [all, header, body, totals] = [
    table.getRange(),
    table.getHeaderRowRange(),
    table.getDataBodyRange(),
    table.getTotalRowRange(),
  ].map((r) => r.load(['address', 'values']));
  table.load('showTotals');
  await excel.context.sync();
  expect(table.showTotals).toBe(true);
  expect([all, header, body, totals].map((r) => r.address)).toEqual([
    'Sheet1!B2:C5',
    'Sheet1!B2:C2',
    'Sheet1!B3:C4',
    'Sheet1!B5:C5',
  ]);
  expect(totals.values).toEqual([['Total', 0]]); // a SUBTOTAL formula, read as 0 (the fake computes none)
  expect(excel.cellAt('Sheet1', 'C5').value).toEqual({ formula: '=SUBTOTAL(109,Table1[value])' });

  table.showTotals = false;
  const after = table.getRange().load('address');
  await excel.context.sync();
  expect([after.address, excel.cellAt('Sheet1', 'B5').value]).toEqual(['Sheet1!B2:C4', undefined]);
  table.getTotalRowRange().load('address');
  await expect(excel.context.sync()).rejects.toThrow(/shows no totals row/);
  // The row below must be free for a totals row.
  sheet.getRange('B5').values = [['in the way']];
  table.showTotals = true;
  await expect(excel.context.sync()).rejects.toThrow(/the row below table Table1 is not empty/);
});

test('run() refuses a batch without delayForCellEdit: true, before it runs', async () => {
  const excel = new FakeExcel(['Sheet1']);
  const batch = jest.fn(async () => undefined);
  await expect(excel.run(batch)).rejects.toThrow(/Excel.run without \{ delayForCellEdit: true \}/);
  await expect(excel.run({ delayForCellEdit: false }, batch)).rejects.toThrow(/delayForCellEdit/);
  expect(batch).not.toHaveBeenCalled();
});

test('cell-edit mode: a batch run with delayForCellEdit waits for the user to leave the cell; any other fails whole', async () => {
  const excel = new FakeExcel(['Sheet1']);
  excel.startCellEdit();
  // Without the option: InvalidOperationInCellEditMode, and nothing of the batch applied.
  const plain = excel.createContext();
  plain.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [[1]];
  const error = await plain.sync().catch((e: FakeExcelError) => e);
  expect(error).toMatchObject({ code: 'InvalidOperationInCellEditMode' });
  expect(excel.cellAt('Sheet1', 'A1').value).toBeUndefined();
  expect(excel.requests.map((r) => r.failed)).toEqual(['cell edit mode']);
  // With it: held while the user types, applied once they leave the cell.
  let done = false;
  const held = excel
    .run(RUN, (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A2').values = [[2]];
    })
    .then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect([done, excel.cellAt('Sheet1', 'A2').value, excel.requests.length]).toEqual([false, undefined, 1]);
  excel.endCellEdit();
  await held;
  expect([done, excel.cellAt('Sheet1', 'A2').value, excel.requests.length]).toEqual([true, 2, 2]);
  expect(excel.editingCell).toBe(false);
});
