/**
 * The plan table of the task pane (src/excel/plan-table.ts) over the in-memory Excel, as the
 * pane runs it: created on a sheet of its own with its drop-down and formats, never over a
 * user's table or sheet, and read back with every problem at its cell; and its calls through
 * Office.js's own client library (test/support/office-js.ts).
 */
import { ASSUMPTIONS_TABLE, createAssumptionsTable } from '../../src/excel/assumptions-table';
import {
  PLAN_HEADER,
  PLAN_NAMES_SOURCE,
  PLAN_ROWS,
  PLAN_SHEET,
  PLAN_TABLE,
  createPlanTable,
  readPlanTable,
} from '../../src/excel/plan-table';
import { excelRun } from '../../src/excel/excel-run';
import { TABLE_LIMITS, TableProblem } from '../../src/engine/simulation-inputs';
import { resolveAssumptions } from '../../src/model/assumptions';
import { serialOfMonth } from '../../src/model/calendar';
import { PLAN_NAMES, planProblems, planRule, planUnit, readPlan } from '../../src/model/plan';
import { FakeExcel } from '../support/fake-excel';
import { RecordingExcel } from '../support/office-js';

const run = <T>(excel: FakeExcel, batch: (context: Excel.RequestContext) => Promise<T>) =>
  excelRun((options, b) => excel.run(options, b))(batch);
const create = (excel: FakeExcel) => run(excel, (context) => createPlanTable(context));
const read = async (excel: FakeExcel) => (await run(excel, (context) => readPlanTable(context)))!;

/** A workbook with the plan table created, and the user's rows typed into it from row 2 (`paste`: past the drop-down). */
async function planned(rows: readonly (readonly (string | number)[])[], options: { paste?: boolean } = {}) {
  const excel = new FakeExcel(['Sheet1']);
  await create(excel);
  rows.forEach((row, r) =>
    row.forEach((value, c) => excel.setCell(PLAN_SHEET, `${'ABCD'[c]}${r + 2}`, value, options)),
  );
  return excel;
}

const FOUNDER = [
  [9, 'funding', 20_000_000, 'Series A'],
  [13, 'annualContractValue', 36_000, 'new price list'],
  [7, 'marketingCosts', 2_000_000],
  [4, 'engineers', 40],
] as const;

describe('createPlanTable', () => {
  test('a sheet of its own: the table, its formats, the drop-down of the names from the list beside it', async () => {
    const excel = new FakeExcel(['Sheet1']);
    const result = await create(excel);
    expect(result).toEqual({
      created: true,
      sheet: PLAN_SHEET,
      message: 'Created the plan table on sheet Beekeeper Plan: add a row per decision (month, name, value), then run.',
    });
    expect(
      excel.tables.map((t) => [t.name, t.area.sheet.name, t.area.row, t.area.column, t.area.rows, t.headers]),
    ).toEqual([[PLAN_TABLE, PLAN_SHEET, 0, 0, PLAN_ROWS + 1, [...PLAN_HEADER]]]);
    const cell = (a1: string) => excel.cellAt(PLAN_SHEET, a1);
    // Empty rows: a plan is the user's decisions.
    for (let r = 2; r <= PLAN_ROWS + 1; r++) for (const c of 'ABCD') expect(cell(`${c}${r}`).value).toBeUndefined();
    // Month and value General (a typed date keeps its look, 0.02 is not shown as 0), name and note text.
    expect(['A', 'B', 'C', 'D'].map((c) => cell(`${c}2`).numberFormat)).toEqual(['General', '@', 'General', '@']);
    expect(cell(`C${PLAN_ROWS + 1}`).numberFormat).toBe('General');
    expect(cell('A1').numberFormat).toBeUndefined(); // the header keeps the table's style
    // The drop-down on the name column's rows only, from the names listed in F.
    expect(PLAN_NAMES_SOURCE).toBe('=$F$2:$F$21');
    for (const a1 of ['B1', 'A2', 'C2', `B${PLAN_ROWS + 2}`])
      expect([a1, cell(a1).validation]).toEqual([a1, undefined]);
    for (const a1 of ['B2', `B${PLAN_ROWS + 1}`])
      expect(cell(a1).validation).toEqual({
        ignoreBlanks: true,
        rule: { list: { inCellDropDown: true, source: '=$F$2:$F$21' } },
        errorAlert: {
          showAlert: true,
          style: 'Stop',
          title: 'Plan name',
          message:
            'Choose a name from the list in column F: an assumption a plan can change, engineers (the team) or funding (a round).',
        },
      });
    // The list: every plan name with its unit and valid values, under a bold header; E is the gap.
    const list = Array.from({ length: PLAN_NAMES.length + 1 }, (_, r) =>
      ['F', 'G', 'H'].map((c) => cell(`${c}${r + 1}`).value),
    );
    expect(list).toEqual([
      ['Names a plan can set', 'Unit', 'Valid values'],
      ...PLAN_NAMES.map((n) => [n, planUnit(n), planRule(n).text]),
    ]);
    expect(cell('F1').bold).toBe(true);
    expect(Array.from({ length: 30 }, (_, r) => cell(`E${r + 1}`).value).every((v) => v === undefined)).toBe(true);
    expect(cell('F23').value).toMatch(/^Each row: from its month on, name takes value/);
    // The sheet is the active one, its header frozen, the table's and the list's columns fitted, A2 selected.
    expect(excel.activeSheet).toBe(PLAN_SHEET);
    expect(excel.selection).toBe(`${PLAN_SHEET}!A2`);
    expect(excel.sheet(PLAN_SHEET).freeze).toEqual({ rows: 1, columns: 0 });
    expect([...excel.sheet(PLAN_SHEET).autofitColumns].sort()).toEqual([0, 1, 2, 3, 5, 6, 7]);
  });

  test('the drop-down takes a listed name in any case and refuses another; a paste gets through', async () => {
    const excel = new FakeExcel(['Sheet1']);
    await create(excel);
    excel.setCell(PLAN_SHEET, 'B2', 'Funding');
    expect(excel.cellAt(PLAN_SHEET, 'B2').value).toBe('Funding');
    expect(() => excel.setCell(PLAN_SHEET, 'B3', 'imitation')).toThrow(
      /Excel refuses "imitation": the cell's list is =\$F\$2:\$F\$21/,
    );
    excel.setCell(PLAN_SHEET, 'B3', 'imitation', { paste: true });
    expect(excel.cellAt(PLAN_SHEET, 'B3').value).toBe('imitation');
  });

  test('why the list is in cells: typed, the names take more than the 255 characters Excel allows', async () => {
    expect(PLAN_NAMES.join(',').length).toBe(285);
    const excel = new FakeExcel(['Sheet1']);
    const typed = run(excel, async (context) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('B2:B5');
      range.dataValidation.rule = { list: { inCellDropDown: true, source: PLAN_NAMES.join(',') } };
      await context.sync();
    });
    await expect(typed).rejects.toThrow("a list's source holds at most 255 characters, got 285");
  });

  test('an existing plan table is used, never overwritten, wherever the user keeps it', async () => {
    const excel = new FakeExcel(['Sheet1', 'Our plan']);
    await run(excel, async (context) => {
      const sheet = context.workbook.worksheets.getItem('Our plan');
      const range = sheet.getRange('C3:E4');
      range.values = [
        ['Month', 'Name', 'Value'],
        [9, 'funding', 5e6],
      ];
      sheet.tables.add(range, true).name = PLAN_TABLE;
      await context.sync();
    });
    const before = excel.snapshot();
    const requests = excel.requests.length;
    expect(await create(excel)).toEqual({
      created: false,
      sheet: 'Our plan',
      message: 'The workbook already has the plan table BeekeeperPlan on sheet Our plan: edit it there.',
    });
    expect(excel.snapshot()).toEqual(before);
    expect(
      excel.requests
        .slice(requests)
        .flatMap((r) => r.operations.map((o) => o.op))
        .every((op) => op === 'load'),
    ).toBe(true);
    // And a run reads it where it is.
    const table = await read(excel);
    expect(table.source).toBe('Our plan!BeekeeperPlan');
    expect(readPlan(table, resolveAssumptions())).toEqual([{ month: 9, name: 'funding', value: 5e6 }]);
    expect(table.rows[0][2].where).toBe('Our plan!E4');
  });

  test("a sheet of the user's named Beekeeper Plan is left as it is: the table goes on Beekeeper Plan (2)", async () => {
    const excel = new FakeExcel(['Sheet1', 'beekeeper plan']);
    excel.setCell('beekeeper plan', 'A1', 'my notes');
    const result = await create(excel);
    expect(result).toMatchObject({ created: true, sheet: 'Beekeeper Plan (2)' });
    expect(excel.sheet('beekeeper plan').cells.size).toBe(1);
    expect(excel.cellAt('beekeeper plan', 'A1').value).toBe('my notes');
    expect(excel.tables.map((t) => t.area.sheet.name)).toEqual(['Beekeeper Plan (2)']);
  });

  test('a defined name BeekeeperPlan: nothing is added, and the pane says why', async () => {
    const excel = new FakeExcel(['Sheet1']);
    await run(excel, async (context) => {
      context.workbook.names.add(PLAN_TABLE, context.workbook.worksheets.getItem('Sheet1').getRange('A1'));
      await context.sync();
    });
    const before = excel.snapshot();
    expect(await create(excel)).toEqual({
      created: false,
      sheet: '',
      message:
        'The workbook has a defined name BeekeeperPlan (Formulas > Name Manager), which a table cannot share: rename or delete it, then create the plan table.',
    });
    expect(excel.snapshot()).toEqual(before);
  });

  test('beside the assumptions table: both tables, each on its own sheet', async () => {
    const excel = new FakeExcel(['Sheet1']);
    await run(excel, (context) => createAssumptionsTable(context));
    await create(excel);
    expect(excel.tables.map((t) => [t.name, t.area.sheet.name])).toEqual([
      [ASSUMPTIONS_TABLE, 'Beekeeper Assumptions'],
      [PLAN_TABLE, PLAN_SHEET],
    ]);
  });
});

describe('readPlanTable', () => {
  test("the founder's plan, each cell named by its address; empty rows skipped", async () => {
    const excel = await planned(FOUNDER);
    const table = await read(excel);
    expect(table.source).toBe('Beekeeper Plan!BeekeeperPlan');
    expect(table.header.map((c) => [c.value, c.where])).toEqual(
      PLAN_HEADER.map((h, i) => [h, `Beekeeper Plan!${'ABCD'[i]}1`]),
    );
    expect(table.rows).toHaveLength(PLAN_ROWS);
    expect(table.rows[1][2]).toEqual({ value: 36_000, where: 'Beekeeper Plan!C3' });
    expect(table.rows[5][0]).toEqual({ value: null, where: 'Beekeeper Plan!A7' });
    const a = resolveAssumptions();
    expect(planProblems(table, a)).toEqual([]);
    expect(readPlan(table, a)).toEqual([
      { month: 4, name: 'engineers', value: 40 },
      { month: 7, name: 'marketingCosts', value: 2_000_000 },
      { month: 9, name: 'funding', value: 20_000_000 },
      { month: 13, name: 'annualContractValue', value: 36_000 },
    ]);
  });

  test('every problem at its cell: a name that cannot be planned, a value out of range, a month out of range', async () => {
    const excel = await planned(
      [
        [9, 'funding', 20_000_000],
        [3, 'imitation', 0.5],
        [5, 'customerChurn', 2],
        [61, 'marketingCosts', 1e6],
        [2.5, 'fixedCosts', 1000],
        ['soon', 'engineers', 30],
      ],
      { paste: true },
    );
    const problems = planProblems(await read(excel), resolveAssumptions());
    expect(problems).toEqual([
      {
        where: 'Beekeeper Plan!B3',
        message:
          '"imitation" cannot be planned: a plan may set annualContractValue, annualPriceGrowth, expansion, servicesAttach, customerChurn, reinvestShare, engineerCost, hiringLag, subscriptionMargin, servicesMargin, acquisitionCost, marketingCosts, educationCost, memberEducation, communityPitch, certificationPull, otherCostShare, fixedCosts, engineers (a headcount plan) and funding (a round); change other assumptions in the assumptions table',
      },
      { where: 'Beekeeper Plan!C4', message: 'customerChurn must be between 0 and 1, got 2' },
      {
        where: 'Beekeeper Plan!A5',
        message: "month must be a whole number from 1 to 60 (the projection's months), got 61",
      },
      {
        where: 'Beekeeper Plan!A6',
        message: "month must be a whole number from 1 to 60 (the projection's months), got 2.5",
      },
      {
        where: 'Beekeeper Plan!A7',
        message: 'month must be a month number (1, 2, …) or a calendar month (an Excel date or YYYY-MM), got "soon"',
      },
    ]);
  });

  test('the same name twice in a month names both cells; two rounds in one month are no problem (they add up)', async () => {
    const excel = await planned([
      [7, 'marketingCosts', 2_000_000],
      [9, 'funding', 10_000_000],
      [9, 'funding', 10_000_000],
      [7, 'marketingcosts', 3_000_000],
    ]);
    expect(planProblems(await read(excel), resolveAssumptions())).toEqual([
      {
        where: 'Beekeeper Plan!B5',
        message:
          'marketingCosts is planned twice for month 7 (also Beekeeper Plan!B2): keep one row, or give the later change its own month',
      },
    ]);
  });

  test('a date in the month column (an Excel serial): a problem without startDate, its month with startDate', async () => {
    const september2027 = serialOfMonth({ year: 2027, month: 9 });
    const excel = await planned([[september2027, 'funding', 20_000_000]]);
    const table = await read(excel);
    expect(table.rows[0][0].value).toBe(september2027); // Excel hands a date cell over as its serial
    expect(planProblems(table, resolveAssumptions())).toEqual([
      {
        where: 'Beekeeper Plan!A2',
        message:
          'month 2027-09 is a calendar month, but startDate is not set: set startDate (the calendar month of month 1) in the assumptions, or give the month as a number',
      },
    ]);
    const a = resolveAssumptions({ startDate: serialOfMonth({ year: 2027, month: 1 }) });
    expect(readPlan(table, a)).toEqual([{ month: 9, name: 'funding', value: 20_000_000 }]);
  });

  test('no table: undefined; a table stretched far down is refused by its size before a cell is loaded', async () => {
    const excel = new FakeExcel(['Sheet1']);
    expect(await run(excel, (context) => readPlanTable(context))).toBeUndefined();
    await run(excel, async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A1:C1').values = [['month', 'name', 'value']];
      sheet.tables.add(sheet.getRange('A1:C50001'), true).name = PLAN_TABLE;
      await context.sync();
    });
    await expect(run(excel, (context) => readPlanTable(context))).rejects.toThrow(
      new TableProblem(
        'Sheet1!BeekeeperPlan',
        `the table has 50,000 rows; a table has at most ${TABLE_LIMITS.rows.toLocaleString('en-US')} rows below its header`,
      ),
    );
  });
});

interface ObjectPath {
  readonly Id: number;
  readonly Name: string;
  readonly ParentObjectPathId?: number;
  readonly ArgumentInfo?: { readonly Arguments?: readonly unknown[] };
}

describe("through Office.js's own client library (test/support/office-js.ts)", () => {
  /** The actions of every request, as Office.js serialized them. */
  const actions = (excel: RecordingExcel) =>
    excel.requests.flatMap(
      (r) => (JSON.parse(r.body) as { Actions: { Name: string; ArgumentInfo?: { Arguments?: unknown[] } }[] }).Actions,
    );
  const argument = (excel: RecordingExcel, name: string) =>
    actions(excel)
      .filter((a) => a.Name === name)
      .map((a) => a.ArgumentInfo?.Arguments?.[0]);

  test('the plan table: the sheet, the table, the drop-down, the formats go out as Excel takes them', async () => {
    const excel = new RecordingExcel(['Sheet1']);
    const result = await excel.run((context) => createPlanTable(context));
    expect(result.created).toBe(true);
    expect(excel.requests.map((r) => r.failed)).toEqual([undefined, undefined]);
    expect(argument(excel, 'Rule')).toEqual([{ list: { inCellDropDown: true, source: '=$F$2:$F$21' } }]);
    expect(argument(excel, 'IgnoreBlanks')).toEqual([true]);
    expect(argument(excel, 'ErrorAlert')).toEqual([expect.objectContaining({ style: 'Stop', title: 'Plan name' })]);
    const formats = argument(excel, 'NumberFormat') as string[][][];
    expect(formats[0]).toEqual(Array.from({ length: PLAN_ROWS }, () => ['General', '@', 'General', '@']));
    expect(argument(excel, 'Name')).toEqual([PLAN_TABLE]);
    // tables.add(range, true) on the new sheet: its range argument is A1:D13 by indexes.
    const paths = excel.requests.flatMap((r) =>
      Object.values((JSON.parse(r.body) as { ObjectPaths: Record<string, ObjectPath> }).ObjectPaths),
    );
    const byId = new Map(paths.map((p) => [p.Id, p]));
    const adds = paths
      .filter((p) => p.Name === 'Add')
      .map((p) => [byId.get(p.ParentObjectPathId!)?.Name, p.ArgumentInfo]);
    expect(adds).toEqual([
      ['Worksheets', { Arguments: ['Beekeeper Plan'] }],
      ['Tables', { Arguments: [expect.any(Number), true], ReferencedObjectPathIds: [expect.any(Number), 0] }],
    ]);
    const range = byId.get((adds[1][1] as { Arguments: number[] }).Arguments[0])!;
    expect([range.Name, range.ArgumentInfo?.Arguments]).toEqual(['GetRangeByIndexes', [0, 0, PLAN_ROWS + 1, 4]]);
  });

  test('the assumptions table too', async () => {
    const excel = new RecordingExcel(['Sheet1']);
    await expect(excel.run((context) => createAssumptionsTable(context))).resolves.toMatchObject({ created: true });
    expect(argument(excel, 'Rule')).toEqual([
      { list: { inCellDropDown: true, source: 'uniform,triangular,pert,normal,lognormal,metalog' } },
    ]);
  });
});
