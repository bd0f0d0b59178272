/**
 * The pane's history table (src/excel/history-table.ts) over the in-memory Excel: created on a
 * sheet of its own, never over a user's table; read back on Run with every problem at its cell
 * (src/taskpane/pane-session.ts); a sound table conditions the run (the inputs the workers and
 * the report worker get carry it), whose report lists the history as run; a history that does
 * not fit is the history table's problem, and nothing is written.
 */
import { SimulationPool } from '../../src/engine/pool';
import { simulate } from '../../src/engine/simulation';
import { analyze } from '../../src/engine/simulation-results';
import { readSimulationTable, withHistory } from '../../src/engine/simulation-inputs';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { checkHistory } from '../../src/model/history';
import { createAssumptionsTable } from '../../src/excel/assumptions-table';
import {
  HISTORY_HEADER,
  HISTORY_METRICS_SOURCE,
  HISTORY_ROWS,
  HISTORY_SHEET,
  HISTORY_TABLE,
  createHistoryTable,
  readHistoryTable,
} from '../../src/excel/history-table';
import { excelRun as addinRun } from '../../src/excel/excel-run';
import { ExcelRun, PaneHost, RunProgress, checkAssumptions, runInPane } from '../../src/taskpane/pane-session';
import type { PaneRun } from '../../src/taskpane/run-options';
import { nothingRanText, progressText } from '../../src/taskpane/pane-text';
import { headlineOf } from '../../src/taskpane/report-builder';
import { FakeExcel } from '../support/fake-excel';
import { memoryHost } from '../support/memory-workers';
import { weakHistory } from '../support/weak-history';

const excelRun = (fake: FakeExcel): ExcelRun => addinRun((options, batch) => fake.run(options, batch));

/**
 * A workbook with the history table (and, unless told, the assumptions table), the rows typed
 * from row 2, pasted (past the metric's drop-down).
 */
async function workbook(rows: readonly (readonly (string | number)[])[], assumptions = true) {
  const fake = new FakeExcel(['Budget']);
  if (assumptions) await excelRun(fake)((context) => createAssumptionsTable(context));
  await excelRun(fake)((context) => createHistoryTable(context));
  rows.forEach((cells, r) =>
    cells.forEach((v, c) => fake.setCell(HISTORY_SHEET, `${'ABCDE'[c]}${r + 2}`, v, { paste: true })),
  );
  return fake;
}

const OPTIONS = { scenario: 'beekeeper', trials: 1000, seed: 3, sampling: 'lhs' } as const;

/** Runs from the pane over two workers off the calling thread, as the pane does. */
async function runPane(fake: FakeExcel, onProgress?: (p: RunProgress) => void, run: Partial<PaneRun> = {}) {
  const host: PaneHost = {
    excel: excelRun(fake),
    pool: new SimulationPool(2, { ...memoryHost(), keepCallingThreadFree: true }),
    now: () => 0,
    version: 'test',
    pageSetup: true,
  };
  try {
    return await runInPane({ options: OPTIONS, trialsSheet: false, ...run }, host, {
      confirmReplace: async () => 'replace',
      onProgress,
    });
  } finally {
    await host.pool.close();
  }
}

describe('createHistoryTable', () => {
  test('a sheet of its own: the empty table, its formats, the metric drop-down, the notes beside it', async () => {
    const fake = new FakeExcel(['Sheet1']);
    const result = await excelRun(fake)((context) => createHistoryTable(context));
    expect(result).toEqual({
      created: true,
      sheet: HISTORY_SHEET,
      message:
        'Created the history table on sheet Beekeeper History: add a row per observation (month, metric, value, and an error if you like), then run.',
    });
    expect(fake.tables.map((t) => [t.name, t.area.sheet.name, t.area.row, t.area.rows, t.headers])).toEqual([
      [HISTORY_TABLE, HISTORY_SHEET, 0, HISTORY_ROWS + 1, [...HISTORY_HEADER]],
    ]);
    expect([...HISTORY_HEADER]).toEqual(['month', 'metric', 'value', 'error', 'note']);
    const cell = (a1: string) => fake.cellAt(HISTORY_SHEET, a1);
    expect(['A', 'B', 'C', 'D', 'E'].map((c) => cell(`${c}2`).numberFormat)).toEqual([
      'General',
      '@',
      'General',
      'General',
      '@',
    ]);
    expect(cell('A2').value).toBeUndefined();
    expect(HISTORY_METRICS_SOURCE).toBe('members,customers,arr,revenue,cash,engineers');
    for (const a1 of ['B1', 'A2', 'C2', `B${HISTORY_ROWS + 2}`])
      expect([a1, cell(a1).validation]).toEqual([a1, undefined]);
    for (const a1 of ['B2', `B${HISTORY_ROWS + 1}`])
      expect(cell(a1).validation).toEqual({
        ignoreBlanks: true,
        rule: { list: { inCellDropDown: true, source: HISTORY_METRICS_SOURCE } },
        errorAlert: {
          showAlert: true,
          style: 'Stop',
          title: 'History metric',
          message: 'Choose a metric from the list: members, customers, arr, revenue, cash, engineers.',
        },
      });
    expect(cell('G1').value).toMatch(/^Each row: what a metric was in a month/);
    expect(fake.activeSheet).toBe(HISTORY_SHEET);
    expect(fake.sheet(HISTORY_SHEET).freeze).toEqual({ rows: 1, columns: 0 });
    // An empty table reads as none.
    const check = await checkAssumptions(excelRun(fake));
    expect(check.history).toEqual({ source: `${HISTORY_SHEET}!${HISTORY_TABLE}`, problems: [], history: [] });
    expect(check.inputs).toBeDefined();
    expect(check.inputs?.history).toBeUndefined();
  });

  test('never twice: a second press says where the table is and changes nothing', async () => {
    const fake = await workbook([[12, 'customers', 40]]);
    const before = fake.snapshot();
    const again = await excelRun(fake)((context) => createHistoryTable(context));
    expect(again).toEqual({
      created: false,
      sheet: HISTORY_SHEET,
      message: `The workbook already has the history table ${HISTORY_TABLE} on sheet ${HISTORY_SHEET}: edit it there.`,
    });
    expect(fake.snapshot()).toEqual(before);
  });

  test('beside a sheet of the user named Beekeeper History: a sheet of its own, the user’s untouched', async () => {
    const fake = new FakeExcel([HISTORY_SHEET]);
    fake.setCell(HISTORY_SHEET, 'A1', 'my own notes');
    const result = await excelRun(fake)((context) => createHistoryTable(context));
    expect([result.created, result.sheet]).toEqual([true, `${HISTORY_SHEET} (2)`]);
    expect(fake.cellAt(HISTORY_SHEET, 'A1').value).toBe('my own notes');
  });

  test('the drop-down takes a listed metric in any case and refuses another; a paste gets through', async () => {
    const fake = await workbook([]);
    fake.setCell(HISTORY_SHEET, 'B2', 'ARR');
    expect(() => fake.setCell(HISTORY_SHEET, 'B3', 'clients')).toThrow(
      'Beekeeper History!B3: Excel refuses "clients": the cell\'s list is members,customers,arr,revenue,cash,engineers',
    );
    fake.setCell(HISTORY_SHEET, 'B3', 'clients', { paste: true });
    expect(fake.cellAt(HISTORY_SHEET, 'B3').value).toBe('clients');
  });

  test('read back cell by cell, each named by its address', async () => {
    const fake = await workbook([[12, 'customers', 40, 0.3, 'from the CRM']]);
    const table = (await excelRun(fake)((context) => readHistoryTable(context)))!;
    expect(table.source).toBe(`${HISTORY_SHEET}!${HISTORY_TABLE}`);
    expect(table.header.map((c) => c.value)).toEqual([...HISTORY_HEADER]);
    expect(table.rows[0].slice(0, 4)).toEqual([
      { value: 12, where: 'Beekeeper History!A2' },
      { value: 'customers', where: 'Beekeeper History!B2' },
      { value: 40, where: 'Beekeeper History!C2' },
      { value: 0.3, where: 'Beekeeper History!D2' },
    ]);
  });
});

describe('on Run: problems by cell, nothing run; a sound table conditions the run', () => {
  test('every bad row at its cell: unknown metric, month out of range, value ≤ 0, error 0; then a metric twice in a month', async () => {
    const fake = await workbook([
      [12, 'clients', 40],
      [61, 'customers', 40],
      [12, 'arr', 0],
      [12, 'members', 900, 0],
    ]);
    const check = await checkAssumptions(excelRun(fake));
    expect(check.problems).toEqual([]);
    expect(check.inputs).toBeUndefined();
    expect(check.history?.problems).toEqual([
      {
        where: 'Beekeeper History!B2',
        message: 'metric must be one of members, customers, arr, revenue, cash, engineers, got "clients"',
      },
      {
        where: 'Beekeeper History!A3',
        message: "month must be a whole number from 1 to 60 (the projection's months), got 61",
      },
      {
        where: 'Beekeeper History!C4',
        message: 'value must be > 0 (values of arr are compared on a log scale), got 0; leave out a month with none',
      },
      { where: 'Beekeeper History!D5', message: expect.stringMatching(/^error must be between/) },
    ]);
    const before = fake.snapshot();
    const outcome = await runPane(fake);
    expect(outcome.kind).toBe('problems');
    expect(fake.snapshot()).toEqual(before);
    expect(nothingRanText(0, 0, 0, 4).notice).toBe(
      'Nothing ran: the history table has 4 problems. Choose one to select its cell.',
    );
    expect(nothingRanText(1, 0, 0, 1).announcement).toBe(
      'Nothing ran: 1 problem in the assumptions table and 1 problem in the history table.',
    );

    const twice = await workbook([
      [12, 'customers', 40],
      [12, 'Customers', 41],
    ]);
    expect((await checkAssumptions(excelRun(twice))).history?.problems).toEqual([
      {
        where: 'Beekeeper History!B3',
        message: 'customers is observed twice in month 12 (also Beekeeper History!B2): keep one row',
      },
    ]);
  });

  test('with a problem in the assumptions table, the history is not checked yet (its months depend on them)', async () => {
    const fake = await workbook([[99, 'customers', 40]]);
    const assumptions = fake.tables.find((t) => t.name === 'BeekeeperAssumptions')!;
    const monthsRow = [...Array(assumptions.area.rows).keys()].find(
      (r) =>
        fake.cell(assumptions.area.sheet.name, assumptions.area.row + r, assumptions.area.column).value === 'months',
    )!;
    fake.setCell(assumptions.area.sheet.name, `B${assumptions.area.row + monthsRow + 1}`, 'many');
    const check = await checkAssumptions(excelRun(fake));
    expect(check.problems.length).toBeGreaterThan(0);
    expect(check.history).toEqual({ source: `${HISTORY_SHEET}!${HISTORY_TABLE}`, problems: [] });
  });

  test('a weak history: Run conditions the trials on it (the same run as the engine gives), the report lists it as run', async () => {
    const rows = weakHistory();
    const fake = await workbook(
      rows.map((r) => [r.month, r.metric, r.value, r.error]),
      false,
    );
    const check = await checkAssumptions(excelRun(fake));
    expect(check.history?.problems).toEqual([]);
    const inputs = readSimulationTable(defaultSimulationTable());
    const history = checkHistory(rows, inputs.base);
    expect(check.history?.history).toEqual(history);
    expect(check.inputs?.history).toEqual(history);

    const progress: RunProgress[] = [];
    const outcome = await runPane(fake, (p) => progress.push(p));
    if (outcome.kind !== 'written') throw new Error(`not written: ${outcome.kind}`);
    // The fit is said before it starts (how many observations), its progress follows in particles
    // simulated of the most it can take, ending at its total, then the trials' progress.
    expect(progress[0]).toEqual({ phase: 'fitting', done: 0, total: 1, observations: 3 });
    expect(progressText(progress[0])).toBe("Conditioning the trials on the history's 3 observations: 0 %");
    const lastFit = progress.map((p) => p.phase).lastIndexOf('fitting');
    const fitting = progress.slice(1, lastFit + 1);
    expect(fitting.every((p) => p.phase === 'fitting')).toBe(true);
    const total = fitting[0].total;
    expect(total).toBeGreaterThan(OPTIONS.trials);
    expect(fitting.every((p) => p.total === total)).toBe(true);
    expect(fitting.every((p, i) => i === 0 || p.done >= fitting[i - 1].done)).toBe(true);
    expect(fitting[0].done).toBe(0);
    expect(fitting[fitting.length - 1].done).toBe(total);
    expect(progressText(fitting[fitting.length - 1])).toBe(
      "Conditioning the trials on the history's 3 observations: 100 %",
    );
    expect(progress[lastFit + 1].phase).toBe('simulating');
    // The workers ran the posterior's trials: the engine's run conditioned on the same history, not the prior's.
    const conditioned = simulate(withHistory(inputs, history), OPTIONS)!;
    const plain = simulate(inputs, OPTIONS)!;
    expect(outcome.headline).toEqual(headlineOf(analyze(conditioned), 60));
    expect(outcome.headline).not.toEqual(headlineOf(analyze(plain), 60));
    expect(conditioned.samples[0]).not.toEqual(plain.samples[0]);

    const asRun = fake.tables.find((t) => t.name === 'BeekeeperHistoryAsRun')!;
    expect(asRun.area.sheet.name).toBe('Beekeeper Inputs');
    const cell = (r: number, c: number) =>
      fake.cell('Beekeeper Inputs', asRun.area.row + r, asRun.area.column + c).value;
    expect(asRun.headers).toEqual(['Month', 'Metric', 'Value', 'Error']);
    expect([1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => cell(r, c)))).toEqual([
      [12, 'Community members, end of month', rows[1].value, 0.3],
      [12, 'Customers, end of month', rows[0].value, 0.3],
      [24, 'Customers, end of month', rows[2].value, 0.3],
    ]);
    // The posterior's summary crossed to the report worker: its ESS is in the note a row below the table.
    const ess = Math.round(conditioned.posterior!.ess).toLocaleString('en-US');
    const note: string[] = [];
    for (let r = 5; typeof cell(r, 0) === 'string'; r++) note.push(cell(r, 0) as string);
    expect(note.join(' ')).toContain(
      "Error: σ of ln value (for cash, of the value relative to it); about ±100·σ %. The trials are draws from the posterior: the assumptions' distributions conditioned on these observations " +
        `(effective sample size ${ess} of 2,000 particles).`,
    );
  }, 60_000);

  test("the pane's History error field: the σ of every row whose error cell is empty, as run", async () => {
    const rows = weakHistory();
    const fake = await workbook(
      rows.map((r) => [r.month, r.metric, r.value]),
      false,
    );
    const errors = async (historyError?: number) =>
      (await checkAssumptions(excelRun(fake), false, { historyError })).history?.history?.map((h) => h.error);
    expect(await errors()).toEqual([0.1, 0.1, 0.1]);
    expect(await errors(0.3)).toEqual([0.3, 0.3, 0.3]);
    fake.setCell(HISTORY_SHEET, 'D3', 0.05, { paste: true }); // a row's own error stays its own
    expect((await errors(0.3))?.sort()).toEqual([0.05, 0.3, 0.3]);
    // The run reads it so: the history as run on the Inputs sheet shows it.
    const outcome = await runPane(fake, undefined, { historyError: 0.3, options: { ...OPTIONS, trials: 300 } });
    if (outcome.kind !== 'written') throw new Error(`not written: ${outcome.kind}`);
    const asRun = fake.tables.find((t) => t.name === 'BeekeeperHistoryAsRun')!;
    const error = (r: number) => fake.cell('Beekeeper Inputs', asRun.area.row + r, asRun.area.column + 3).value;
    expect([1, 2, 3].map(error).sort()).toEqual([0.05, 0.3, 0.3]);
  }, 60_000);

  test('a history the assumptions cannot reach: the history table’s problem, in plain words; nothing written', async () => {
    const fake = await workbook([[12, 'customers', 100000, 0.1]]);
    const check = await checkAssumptions(excelRun(fake));
    expect(check.inputs?.history).toHaveLength(1); // sound rows: only the fit can tell
    const before = fake.snapshot();
    const outcome = await runPane(fake);
    if (outcome.kind !== 'problems') throw new Error(`not refused: ${outcome.kind}`);
    expect(outcome.check.inputs).toBeUndefined();
    expect(outcome.check.history).toEqual({
      source: `${HISTORY_SHEET}!${HISTORY_TABLE}`,
      problems: [
        {
          where: `${HISTORY_SHEET}!${HISTORY_TABLE}`,
          message: expect.stringMatching(
            /^the history does not fit the assumptions: customers in month 12 = 100,000, but the assumptions allow at most .*Nothing was run$/,
          ),
        },
      ],
    });
    expect(fake.snapshot()).toEqual(before);
  }, 60_000);
});
