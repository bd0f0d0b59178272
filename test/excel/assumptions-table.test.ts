import {
  ASSUMPTIONS_TABLE,
  cellAddress,
  createAssumptionsTable,
  readAssumptionsTable,
  topLeft,
} from '../../src/excel/assumptions-table';
import { addressInSheet, columnLetters, sheetOfReference } from '../../src/report/markers';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { TABLE_LIMITS, TableProblem, readSimulationTable, tableProblems } from '../../src/engine/simulation-inputs';
import { excelRun } from '../../src/excel/excel-run';
import { FakeExcel } from '../support/fake-excel';

/** The default table's cells as a range's values (empty cells as Excel gives them: ""). */
const defaultValues = () => {
  const t = defaultSimulationTable();
  return [t.header, ...t.rows].map((row) => row.map((c) => c.value ?? ''));
};

/** Runs a batch on the in-memory Excel as the pane does (with the add-in's run options). */
const run = <T>(excel: FakeExcel, batch: (context: Excel.RequestContext) => Promise<T>) =>
  excelRun((options, b) => excel.run(options, b))(batch);

/**
 * The in-memory Excel with a table BeekeeperAssumptions holding `values` at `address` on
 * `sheet` (or none), as a user who moved it would have it; `active` is the sheet the user is on.
 */
async function workbookWith(
  table: { sheet: string; address: string; values: unknown[][]; totals?: boolean } | undefined,
  active = 'Sheet1',
): Promise<FakeExcel> {
  const excel = new FakeExcel(table && table.sheet !== 'Sheet1' ? ['Sheet1', table.sheet] : ['Sheet1']);
  if (table)
    await run(excel, async (context) => {
      const sheet = context.workbook.worksheets.getItem(table.sheet);
      const range = sheet.getRange(table.address);
      range.values = table.values;
      const added = sheet.tables.add(range, true);
      added.name = ASSUMPTIONS_TABLE;
      if (table.totals) added.showTotals = true;
      context.workbook.worksheets.getItem(active).activate();
      await context.sync();
    });
  return excel;
}

const read = (excel: FakeExcel) => run(excel, (context) => readAssumptionsTable(context));

describe('addresses', () => {
  test('column letters and A1 addresses, as Excel writes them', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702, 16383].map(columnLetters)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
    expect(cellAddress('Beekeeper Assumptions', 6, 3)).toBe('Beekeeper Assumptions!D7');
    expect(topLeft("'Beekeeper Assumptions'!B3:I46")).toEqual({ row: 2, column: 1 });
    expect(topLeft('Sheet1!$AA$10')).toEqual({ row: 9, column: 26 });
  });

  test('topLeft reads the address after the last "!", whatever the sheet name looks like', () => {
    // An unquoted name that starts like a cell (FY2024) must not be read as the cell.
    expect(topLeft('FY2024Plan!B3:I46')).toEqual({ row: 2, column: 1 });
    expect(topLeft("'O''Brien''s plan'!B3")).toEqual({ row: 2, column: 1 });
    expect(topLeft("'FY 2024'!C5")).toEqual({ row: 4, column: 2 });
    expect(topLeft('Q1!Plan!D7')).toEqual({ row: 6, column: 3 });
    expect(topLeft("'Q1!Plan'!$D$7:$E$9")).toEqual({ row: 6, column: 3 });
    expect(topLeft('B3')).toEqual({ row: 2, column: 1 });
    expect(() => topLeft('FY2024Plan!Inputs')).toThrow('not an A1 address: FY2024Plan!Inputs');
  });
});

describe('readAssumptionsTable', () => {
  test('reads the table as the engine does, each cell named by its address', async () => {
    const excel = await workbookWith({
      sheet: 'Beekeeper Assumptions',
      address: `A1:H${defaultValues().length}`,
      values: defaultValues(),
    });
    const table = (await read(excel))!;
    expect(table.header[0]).toEqual({ value: 'name', where: 'Beekeeper Assumptions!A1' });
    expect(table.rows[5][3].where).toBe('Beekeeper Assumptions!D7');
    // The same inputs as the default table the command line runs.
    const fromSheet = readSimulationTable(table);
    const fromDefaults = readSimulationTable(defaultSimulationTable());
    expect(fromSheet.base).toEqual(fromDefaults.base);
    expect(fromSheet.uncertain.map((u) => [u.name, u.variable, u.distribution.label])).toEqual(
      fromDefaults.uncertain.map((u) => [u.name, u.variable, u.distribution.label]),
    );
  });

  test('a bad value is refused with its cell address, also where the user moved the table', async () => {
    const values = defaultValues();
    const imitation = values.findIndex((row) => row[0] === 'imitation');
    values[imitation][5] = 9; // p3 of imitation's triangular: it could sample 9, outside 0..5
    const table = (await read(await workbookWith({ sheet: 'Inputs', address: `C5:J${4 + values.length}`, values })))!;
    // The table starts at C5: imitation's row is 5 + its index; the message names its distribution cell, column E.
    expect(() => readSimulationTable(table)).toThrow(
      new RegExp(`^Inputs!E${5 + imitation}: imitation ~ triangular\\(0.1, 0.45, 9\\) can sample`),
    );
  });

  test('a totals row the user turned on is not an assumption; another sheet being active changes nothing', async () => {
    const values = defaultValues();
    const excel = await workbookWith(
      { sheet: 'Inputs', address: `B3:I${2 + values.length}`, values, totals: true },
      'Sheet1',
    );
    expect(excel.cellAt('Inputs', `B${3 + values.length}`).value).toBe('Total'); // the row Excel added
    const table = (await read(excel))!;
    expect(table.header.map((c) => [c.value, c.where])).toEqual(
      values[0].map((v, c) => [v, `Inputs!${'BCDEFGHI'[c]}3`]),
    );
    expect(table.rows.map((row) => row.map((c) => c.value ?? ''))).toEqual(values.slice(1));
    expect(table.rows.at(-1)![0].where).toBe(`Inputs!B${2 + values.length}`);
    expect(tableProblems(table)).toEqual([]);
  });

  test('a table stretched far down is refused by its size, before a cell of it is loaded', async () => {
    const excel = new FakeExcel(['Sheet1']);
    await run(excel, async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A1:H1').values = [defaultValues()[0]];
      sheet.tables.add(sheet.getRange('A1:H20001'), true).name = ASSUMPTIONS_TABLE;
      await context.sync();
    });
    const before = excel.requests.length;
    await expect(read(excel)).rejects.toThrow(
      new TableProblem(
        `Sheet1!${ASSUMPTIONS_TABLE}`,
        `the table has 20,000 rows; a table has at most ${TABLE_LIMITS.rows.toLocaleString('en-US')} rows below its header`,
      ),
    );
    const loaded = excel.requests
      .slice(before)
      .flatMap((r) => r.operations)
      .filter((o) => o.op === 'load')
      .flatMap((o) => (o.args as { properties: string[] }).properties);
    expect(loaded).toEqual(expect.arrayContaining(['rowCount', 'columnCount']));
    expect(loaded).not.toContain('values');
  });

  test('no table: undefined (the pane then offers to create one)', async () => {
    expect(await read(await workbookWith(undefined))).toBeUndefined();
  });
});

describe('createAssumptionsTable', () => {
  test('an existing table is used, never overwritten: nothing is added', async () => {
    const excel = await workbookWith({
      sheet: 'My inputs',
      address: `A1:H${defaultValues().length}`,
      values: defaultValues(),
    });
    const before = excel.snapshot();
    const result = await run(excel, (context) => createAssumptionsTable(context));
    expect(excel.snapshot()).toEqual(before);
    expect(result).toEqual({
      created: false,
      sheet: 'My inputs',
      message: `The workbook already has the assumptions table ${ASSUMPTIONS_TABLE} on sheet My inputs: edit it there.`,
    });
  });
});

/**
 * A workbook without the table, recording what createAssumptionsTable asks of Excel: the sheet
 * it adds, the values and formats of each range, the table, the validation, the frozen rows.
 */
function emptyWorkbook(sheetNames: string[]) {
  const ranges: Record<string, unknown>[] = [];
  const added: { name: string; table?: { name?: string; range: unknown }; frozen?: number; active?: boolean }[] = [];
  const context = {
    sync: async () => undefined,
    workbook: {
      tables: { getItemOrNullObject: () => ({ isNullObject: true }) },
      worksheets: {
        load: () => undefined,
        items: sheetNames.map((name) => ({ name })),
        add: (name: string) => {
          const sheet: (typeof added)[number] = { name };
          added.push(sheet);
          return {
            getRangeByIndexes: (row: number, column: number, rows: number, columns: number) => {
              const range: Record<string, unknown> = {
                at: [row, column, rows, columns],
                dataValidation: {},
                format: { autofitColumns: () => (range.autofit = true) },
              };
              ranges.push(range);
              return range;
            },
            tables: {
              add: (range: unknown, hasHeaders: boolean) => {
                expect(hasHeaders).toBe(true);
                return (sheet.table = { range });
              },
            },
            freezePanes: { freezeRows: (n: number) => (sheet.frozen = n) },
            activate: () => (sheet.active = true),
          };
        },
      },
    },
  };
  return { context: context as unknown as Excel.RequestContext, ranges, added };
}

test('createAssumptionsTable: a new sheet (a free name), the default table, a drop-down of distributions, formats', async () => {
  const { context, ranges, added } = emptyWorkbook(['Sheet1', 'beekeeper assumptions']);
  const result = await createAssumptionsTable(context);
  expect(result.created).toBe(true);
  expect(result.sheet).toBe('Beekeeper Assumptions (2)'); // the user's sheet keeps its name
  expect(added).toHaveLength(1);
  const [sheet] = added;
  expect(sheet).toMatchObject({ name: 'Beekeeper Assumptions (2)', frozen: 1, active: true });
  const [all, formats, distributions] = ranges;
  expect(sheet.table).toEqual({ name: ASSUMPTIONS_TABLE, range: all });
  const values = all.values as unknown[][];
  expect(values).toEqual(defaultValues());
  expect(all.at).toEqual([0, 0, values.length, 8]);
  expect(all.autofit).toBe(true);
  // Formats of value, distribution and p1–p3 by assumption: money, percent, text for the name of a distribution.
  const rowOf = (name: string) => values.findIndex((row) => row[0] === name) - 1;
  const numberFormat = formats.numberFormat as string[][];
  expect(formats.at).toEqual([1, 1, values.length - 1, 5]);
  expect(numberFormat[rowOf('initialCash')][0]).toMatch(/\$/);
  expect(numberFormat[rowOf('customerChurn')][0]).toMatch(/%/);
  expect(numberFormat.every((row) => row[1] === '@')).toBe(true);
  expect(distributions.at).toEqual([1, 2, values.length - 1, 1]);
  const validation = distributions.dataValidation as { rule: { list: { source: string } }; ignoreBlanks: boolean };
  expect(validation.rule.list.source).toBe('uniform,triangular,pert,normal,lognormal,metalog');
  expect(validation.ignoreBlanks).toBe(true);
  // What it wrote reads back as the defaults the command line runs.
  const table = await read(
    await workbookWith({ sheet: result.sheet, address: `A1:H${values.length}`, values: values.map((r) => [...r]) }),
  );
  expect(readSimulationTable(table!).base).toEqual(readSimulationTable(defaultSimulationTable()).base);
});

describe('over the in-memory Excel (test/support/fake-excel.ts), as the pane runs them', () => {
  const sheet = 'Beekeeper Assumptions';
  const rowOf = (name: string) => defaultValues().findIndex((row) => row[0] === name) + 1; // 1-based sheet row

  async function created() {
    const excel = new FakeExcel(['Sheet1']);
    const result = await run(excel, (context) => createAssumptionsTable(context));
    return { excel, result };
  }

  test('create, then read back: the default table, each cell named by its address', async () => {
    const { excel, result } = await created();
    expect(result).toMatchObject({ created: true, sheet });
    const rows = defaultValues().length;
    expect(excel.tables.map((t) => [t.name, t.area.sheet.name, t.area.row, t.area.column, t.area.rows])).toEqual([
      [ASSUMPTIONS_TABLE, sheet, 0, 0, rows],
    ]);
    // The new sheet is the active one, its header frozen, its columns fitted, the drop-down on C2:C<last>.
    expect(excel.activeSheet).toBe(sheet);
    expect(excel.sheet(sheet).freeze).toEqual({ rows: 1, columns: 0 });
    expect([...excel.sheet(sheet).autofitColumns]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const a1 of ['C1', 'C2', `C${rows}`, `C${rows + 1}`, `D${rows}`]) {
      const validation = excel.cellAt(sheet, a1).validation;
      const expected = a1 === 'C2' || a1 === `C${rows}`;
      expect([a1, validation?.rule?.list?.source]).toEqual([
        a1,
        expected ? 'uniform,triangular,pert,normal,lognormal,metalog' : undefined,
      ]);
    }
    expect(excel.cellAt(sheet, `C${rows}`).validation?.errorAlert?.style).toBe('Stop');

    const table = (await read(excel))!;
    expect(table.source).toBe(`${sheet}!${ASSUMPTIONS_TABLE}`);
    expect([table.header, ...table.rows].map((row) => row.map((c) => c.value ?? ''))).toEqual(defaultValues());
    expect(table.rows[5][3].where).toBe(`${sheet}!D7`);
    expect(tableProblems(table)).toEqual([]);
  });

  test('a second create changes nothing and says where the table is', async () => {
    const { excel } = await created();
    const before = excel.snapshot();
    const requests = excel.requests.length;
    const again = await run(excel, (context) => createAssumptionsTable(context));
    expect(again).toEqual({
      created: false,
      sheet,
      message: `The workbook already has the assumptions table ${ASSUMPTIONS_TABLE} on sheet ${sheet}: edit it there.`,
    });
    expect(excel.snapshot()).toEqual(before);
    // Only reads went to Excel.
    const ops = excel.requests.slice(requests).flatMap((r) => r.operations.map((o) => o.op));
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.every((op) => op === 'load')).toBe(true);
  });

  test('values a user typed in the sheet: every problem, each at its cell (Beekeeper Assumptions!D7-style)', async () => {
    const { excel } = await created();
    const imitation = rowOf('imitation');
    const marketSize = rowOf('marketSize');
    excel.setCell(sheet, `F${imitation}`, 9); // p3 of imitation's triangular: it could sample 9, outside 0..5
    excel.setCell(sheet, `B${marketSize}`, 'lots');
    // The drop-down refuses a typed distribution it does not list; a paste gets through, and is a problem.
    expect(() => excel.setCell(sheet, `C${rowOf('persuasion')}`, 'beta')).toThrow(/Excel refuses "beta"/);
    excel.setCell(sheet, `C${rowOf('persuasion')}`, 'beta', { paste: true });
    const table = (await read(excel))!;
    const problems = tableProblems(table);
    expect(problems.map((p) => p.where)).toEqual(
      [
        `${sheet}!B${marketSize}`,
        `${sheet}!C${imitation}`, // the message is the distribution's: it names the distribution's cell
        `${sheet}!C${rowOf('persuasion')}`,
      ].sort((a, b) => Number(/\d+$/.exec(a)![0]) - Number(/\d+$/.exec(b)![0])),
    );
    expect(problems.find((p) => p.where === `${sheet}!C${imitation}`)!.message).toMatch(
      /^imitation ~ triangular\(0.1, 0.45, 9\) can sample/,
    );
  });

  test.each(['FY2024Plan', "O'Brien's plan", 'FY 2024', 'Q1!Plan'])(
    'a problem names its own cell on a sheet named %s (the table moved to C5)',
    async (name) => {
      const values = defaultValues();
      const excel = await workbookWith({ sheet: name, address: `C5:J${4 + values.length}`, values });
      const row = 4 + rowOf('marketSize'); // 1-based: the table starts at row 5
      excel.setCell(name, `D${row}`, 'lots');
      const problems = tableProblems((await read(excel))!);
      expect(problems.map((p) => p.where)).toEqual([`${name}!D${row}`]);
      // The place the pane shows and selects is the cell that holds the bad value.
      expect(sheetOfReference(problems[0].where)).toBe(name);
      expect(excel.cellAt(name, addressInSheet(problems[0].where)).value).toBe('lots');
    },
  );
});
