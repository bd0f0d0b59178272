/**
 * The pane's correlation table (src/excel/correlation-table.ts) over the in-memory Excel: created
 * on a sheet of its own, never over a user's table; read back on Run with every problem at its
 * cell (src/taskpane/pane-session.ts); and a sound table correlates the run, whose report lists
 * the correlations as run with their achieved values.
 */
import { SimulationPool } from '../../src/engine/pool';
import { createAssumptionsTable } from '../../src/excel/assumptions-table';
import {
  CORRELATIONS_HEADER,
  CORRELATIONS_ROWS,
  CORRELATIONS_SHEET,
  CORRELATIONS_TABLE,
  createCorrelationsTable,
  readCorrelationsTable,
} from '../../src/excel/correlation-table';
import { excelRun as addinRun } from '../../src/excel/excel-run';
import { ExcelRun, PaneHost, checkAssumptions, runInPane } from '../../src/taskpane/pane-session';
import { nothingRanText } from '../../src/taskpane/pane-text';
import { FakeExcel } from '../support/fake-excel';
import { memoryHost } from '../support/memory-workers';

const excelRun = (fake: FakeExcel): ExcelRun => addinRun((options, batch) => fake.run(options, batch));

/** A workbook with the correlation table (and, unless told, the assumptions table), the rows typed from row 2. */
async function workbook(rows: readonly (readonly (string | number)[])[], assumptions = true) {
  const fake = new FakeExcel(['Budget']);
  if (assumptions) await excelRun(fake)((context) => createAssumptionsTable(context));
  await excelRun(fake)((context) => createCorrelationsTable(context));
  rows.forEach((cells, r) => cells.forEach((v, c) => fake.setCell(CORRELATIONS_SHEET, `${'ABCD'[c]}${r + 2}`, v)));
  return fake;
}

describe('createCorrelationsTable', () => {
  test('a sheet of its own: the empty table, its formats, the notes beside it', async () => {
    const fake = new FakeExcel(['Sheet1']);
    const result = await excelRun(fake)((context) => createCorrelationsTable(context));
    expect(result).toEqual({
      created: true,
      sheet: CORRELATIONS_SHEET,
      message:
        'Created the correlation table on sheet Beekeeper Correlations: add a row per pair of uncertain inputs (name1, name2, correlation), then run.',
    });
    expect(fake.tables.map((t) => [t.name, t.area.sheet.name, t.area.row, t.area.rows, t.headers])).toEqual([
      [CORRELATIONS_TABLE, CORRELATIONS_SHEET, 0, CORRELATIONS_ROWS + 1, [...CORRELATIONS_HEADER]],
    ]);
    const cell = (a1: string) => fake.cellAt(CORRELATIONS_SHEET, a1);
    expect(['A', 'B', 'C', 'D'].map((c) => cell(`${c}2`).numberFormat)).toEqual(['@', '@', 'General', '@']);
    expect(cell('A2').value).toBeUndefined();
    expect(cell('F1').value).toMatch(/^Each row: the Spearman rank correlation of two uncertain inputs/);
    expect(fake.activeSheet).toBe(CORRELATIONS_SHEET);
    expect(fake.sheet(CORRELATIONS_SHEET).freeze).toEqual({ rows: 1, columns: 0 });
    // An empty table reads as none.
    const check = await checkAssumptions(excelRun(fake));
    expect(check.correlations).toEqual({
      source: `${CORRELATIONS_SHEET}!${CORRELATIONS_TABLE}`,
      problems: [],
      correlations: [],
    });
    expect(check.inputs?.correlations).toBeUndefined();
  });

  test('never twice: a second press says where the table is and changes nothing', async () => {
    const fake = await workbook([['marketSize', 'organizations', 0.8]]);
    const before = fake.snapshot();
    const again = await excelRun(fake)((context) => createCorrelationsTable(context));
    expect(again).toEqual({
      created: false,
      sheet: CORRELATIONS_SHEET,
      message: `The workbook already has the correlation table ${CORRELATIONS_TABLE} on sheet ${CORRELATIONS_SHEET}: edit it there.`,
    });
    expect(fake.snapshot()).toEqual(before);
  });

  test('read back cell by cell, each named by its address', async () => {
    const fake = await workbook([['marketSize', 'organizations', 0.8, 'bigger markets, more firms']]);
    const table = (await excelRun(fake)((context) => readCorrelationsTable(context)))!;
    expect(table.source).toBe(`${CORRELATIONS_SHEET}!${CORRELATIONS_TABLE}`);
    expect(table.header.map((c) => c.value)).toEqual([...CORRELATIONS_HEADER]);
    expect(table.rows[0].slice(0, 3)).toEqual([
      { value: 'marketSize', where: 'Beekeeper Correlations!A2' },
      { value: 'organizations', where: 'Beekeeper Correlations!B2' },
      { value: 0.8, where: 'Beekeeper Correlations!C2' },
    ]);
  });
});

describe('on Run: problems by cell, nothing run; a sound table correlates the run', () => {
  test('every bad row at its cell: unknown, fixed, |r| > 1, not a number, self pair; then a pair twice', async () => {
    const fake = await workbook([
      ['imitaton', 'persuasion', 0.3],
      ['imitation', 'engineerCost', 0.3],
      ['imitation', 'persuasion', 1.5],
      ['marketSize', 'organizations', 'strong'],
      ['customerChurn', 'customerChurn', 0.5],
    ]);
    const check = await checkAssumptions(excelRun(fake));
    expect(check.problems).toEqual([]);
    expect(check.inputs).toBeUndefined();
    expect(check.correlations?.problems.map((p) => [p.where, p.message.slice(0, 40)])).toEqual([
      ['Beekeeper Correlations!A2', 'unknown input "imitaton"; did you mean "'],
      ['Beekeeper Correlations!B3', 'engineerCost has no distribution, so it '],
      ['Beekeeper Correlations!C4', 'correlation must be between -1 and 1, go'],
      ['Beekeeper Correlations!C5', 'correlation must be a number, got "stron'],
      ['Beekeeper Correlations!B6', 'customerChurn is correlated with itself:'],
    ]);
    const before = fake.snapshot();
    const host: PaneHost = {
      excel: excelRun(fake),
      pool: new SimulationPool(1, memoryHost()),
      now: () => 0,
      version: 'test',
      pageSetup: true,
    };
    const outcome = await runInPane(
      { options: { scenario: 'beekeeper', trials: 100, seed: 1, sampling: 'lhs' }, trialsSheet: false },
      host,
      {
        confirmReplace: async () => 'stop',
      },
    );
    expect(outcome.kind).toBe('problems');
    expect(fake.snapshot()).toEqual(before);
    expect(nothingRanText(0, 0, 5).notice).toBe(
      'Nothing ran: the correlation table has 5 problems. Choose one to select its cell.',
    );
    expect(nothingRanText(1, 2, 3).announcement).toBe(
      'Nothing ran: 1 problem in the assumptions table, 2 problems in the plan table and 3 problems in the correlation table.',
    );

    const twice = await workbook([
      ['imitation', 'persuasion', 0.3],
      ['persuasion', 'imitation', 0.3],
    ]);
    expect((await checkAssumptions(excelRun(twice))).correlations?.problems).toEqual([
      {
        where: 'Beekeeper Correlations!A3',
        message:
          'the correlation of persuasion and imitation is given twice (also Beekeeper Correlations!A2): keep one row',
      },
    ]);
  });

  test('a matrix that is not valid: at the correlation cell of the pair that breaks it', async () => {
    const fake = await workbook([
      ['imitation', 'persuasion', 0.9],
      ['persuasion', 'marketSize', 0.9],
      ['imitation', 'marketSize', -0.9],
    ]);
    const check = await checkAssumptions(excelRun(fake));
    expect(check.correlations?.problems).toEqual([
      {
        where: 'Beekeeper Correlations!C2',
        message: expect.stringMatching(
          /^the correlations are not a valid correlation matrix.*; or tick "Run the nearest valid correlations" below to use the nearest valid matrix$/,
        ),
      },
    ]);
    // The nearest matrix would mend it: the pane offers its checkbox; nothing runs meanwhile.
    expect(check.correlations?.mendable).toBe(true);
    expect(check.inputs).toBeUndefined();
  });

  test('a row that is wrong in itself is not mendable: the checkbox is not offered', async () => {
    const fake = await workbook([
      ['imitation', 'persuasion', 1.5],
      ['persuasion', 'marketSize', 0.9],
      ['imitation', 'marketSize', -0.9],
    ]);
    const check = await checkAssumptions(excelRun(fake));
    expect(check.correlations?.problems.map((p) => p.where)).toEqual(['Beekeeper Correlations!C2']);
    expect(check.correlations?.mendable).toBeUndefined();
  });

  test('"Run the nearest valid correlations": the mended matrix runs, with a warning, and the Inputs sheet says so', async () => {
    const fake = await workbook([
      ['imitation', 'persuasion', 0.9],
      ['persuasion', 'marketSize', 0.9],
      ['imitation', 'marketSize', -0.9],
    ]);
    const check = await checkAssumptions(excelRun(fake), false, { nearestCorrelations: true });
    expect(check.correlations?.problems).toEqual([]);
    expect(check.correlations?.correlations?.map((c) => c.given)).toEqual([0.9, 0.9, -0.9]);
    const warning = check.warnings.find((w) => w.where === `${CORRELATIONS_SHEET}!${CORRELATIONS_TABLE}`);
    expect(warning?.message).toMatch(
      /^the correlations are not a valid correlation matrix; as asked, the run uses the nearest valid one .*: imitation–persuasion 0\.9 → 0\.5, persuasion–marketSize 0\.9 → 0\.5, imitation–marketSize -0\.9 → -0\.5$/,
    );
    const host: PaneHost = {
      excel: excelRun(fake),
      pool: new SimulationPool(2, { ...memoryHost(), keepCallingThreadFree: true }),
      now: () => 0,
      version: 'test',
      pageSetup: true,
    };
    const outcome = await runInPane(
      {
        options: { scenario: 'beekeeper', trials: 1000, seed: 2, sampling: 'lhs' },
        trialsSheet: false,
        nearestCorrelations: true,
      },
      host,
      { confirmReplace: async () => 'stop' },
    );
    await host.pool.close();
    expect(outcome.kind).toBe('written');
    const asRun = fake.tables.find((t) => t.name === 'BeekeeperCorrelationsAsRun')!;
    const cell = (r: number, c: number) =>
      fake.cell('Beekeeper Inputs', asRun.area.row + r, asRun.area.column + c).value;
    for (const [r, sign] of [
      [1, 1],
      [2, 1],
      [3, -1],
    ]) {
      expect(Math.abs((cell(r, 4) as number) - sign * 0.4995)).toBeLessThan(1e-9);
      expect(Math.abs((cell(r, 5) as number) - (cell(r, 4) as number))).toBeLessThan(0.05);
    }
    const note: string[] = [];
    for (let r = 4; r < 12; r++) note.push(String(cell(r, 0) ?? ''));
    expect(note.join(' ')).toContain('as asked, the run uses the nearest valid one');
  });

  test('without an assumptions table, the names are checked against the default uncertainty; a sound table runs correlated', async () => {
    const fake = await workbook(
      [
        ['marketSize', 'organizations', 0.8],
        ['annualContractValue', 'acquisitionCost', -0.6],
      ],
      false,
    );
    const check = await checkAssumptions(excelRun(fake));
    expect(check.fromTable).toBe(false);
    expect(check.correlations?.correlations).toEqual([
      { a: 'marketSize', b: 'organizations', correlation: 0.8 },
      { a: 'annualContractValue', b: 'acquisitionCost', correlation: -0.6 },
    ]);
    expect(check.inputs?.correlations).toEqual(check.correlations?.correlations);
    const host: PaneHost = {
      excel: excelRun(fake),
      pool: new SimulationPool(2, { ...memoryHost(), keepCallingThreadFree: true }),
      now: () => 0,
      version: 'test',
      pageSetup: true,
    };
    const outcome = await runInPane(
      { options: { scenario: 'beekeeper', trials: 1000, seed: 2, sampling: 'lhs' }, trialsSheet: false },
      host,
      { confirmReplace: async () => 'stop' },
    );
    await host.pool.close();
    expect(outcome.kind).toBe('written');
    const asRun = fake.tables.find((t) => t.name === 'BeekeeperCorrelationsAsRun')!;
    expect(asRun.area.sheet.name).toBe('Beekeeper Inputs');
    expect(asRun.headers).toEqual(['Input', 'Name', 'Other input', 'Other name', 'Target', 'Achieved']);
    const cell = (r: number, c: number) =>
      fake.cell('Beekeeper Inputs', asRun.area.row + r, asRun.area.column + c).value;
    for (const r of [1, 2]) {
      expect(Math.abs((cell(r, 5) as number) - (cell(r, 4) as number))).toBeLessThan(0.05);
    }
    expect([cell(1, 1), cell(1, 3), cell(2, 1), cell(2, 3)]).toEqual([
      'marketSize',
      'organizations',
      'annualContractValue',
      'acquisitionCost',
    ]);
  });
});
