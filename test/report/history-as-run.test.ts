/**
 * The Inputs sheet's history as run (model.md v3, "History"): the table BeekeeperHistoryAsRun,
 * a row per observation in month order (month, its calendar month when startDate is set, the
 * metric by its plain label, the value in the metric's format, the error), within the sheet's
 * printed columns A..I; no table without a history.
 */
import { simulate } from '../../src/engine/simulation';
import { analyze } from '../../src/engine/simulation-results';
import { readSimulationTable, withHistory } from '../../src/engine/simulation-inputs';
import { checkHistory } from '../../src/model/history';
import { monthDates } from '../../src/model/calendar';
import { buildReport } from '../../src/report/build';
import { FORMATS, ReportSheet, cellFormat } from '../../src/report/types';
import { quickTable } from '../support/quick-inputs';
import { weakHistory } from '../support/weak-history';

const info = {
  version: 'test',
  startedAt: new Date('2025-03-30T00:30:00Z'),
  seconds: 1,
  trialsSheet: false,
  source: 'test',
};
const OPTIONS = { scenario: 'beekeeper', trials: 500, seed: 2, sampling: 'lhs' } as const;

/** The quick table (24 months), with startDate set when given. */
function table(startDate?: string) {
  const t = quickTable();
  if (!startDate) return t;
  return {
    ...t,
    rows: t.rows.map((row) =>
      row[0].value === 'startDate' ? [row[0], { ...row[1], value: startDate }, ...row.slice(2)] : row,
    ),
  };
}

const inputsSheet = (startDate?: string, history = true): ReportSheet => {
  const inputs = readSimulationTable(table(startDate));
  // A row without an error takes the run's historyError (0.25 here).
  const rows = weakHistory().map((r, i) => (i === 2 ? { month: r.month, metric: r.metric, value: r.value } : r));
  const run = simulate(
    history ? withHistory(inputs, checkHistory(rows, inputs.base, 'history', 0.25)) : inputs,
    OPTIONS,
  )!;
  return buildReport(run, analyze(run), info).sheets.find((s) => s.name === 'Beekeeper Inputs')!;
};

describe('BeekeeperHistoryAsRun', () => {
  test('months only: month, metric by label, value in its format, error; within the printed columns', () => {
    const sheet = inputsSheet();
    const history = sheet.tables.find((t) => t.name === 'BeekeeperHistoryAsRun')!;
    const rows = weakHistory();
    expect(history.columns.map((c) => c.header)).toEqual(['Month', 'Metric', 'Value', 'Error']);
    expect(history.rows).toEqual([
      [12, 'Community members, end of month', rows[1].value, 0.3],
      [12, 'Customers, end of month', rows[0].value, 0.3],
      [24, 'Customers, end of month', rows[2].value, 0.25],
    ]);
    expect([0, 1, 2].map((r) => cellFormat(history, r, 2))).toEqual([FORMATS.whole, FORMATS.whole, FORMATS.whole]);
    const area = sheet.print!.area!;
    expect(history.column).toBeGreaterThanOrEqual(area.columns[0]);
    expect(history.column + history.columns.length - 1).toBeLessThanOrEqual(area.columns[1]);
    expect(area.columns).toEqual([0, 8]);
    expect(history.row + history.rows.length).toBeLessThanOrEqual(area.rows[1]);
    // Below the correlations' place, its label above it, a note on the error and the ESS below it.
    const text = (row: number) => sheet.cells.find((c) => c.row === row && c.column === 0)?.value;
    expect(text(history.row - 1)).toBe('The history: what was observed, that the trials are conditioned on');
    expect(String(text(history.row + history.rows.length + 2))).toMatch(/^Error: σ of ln value/);
  });

  test('with startDate: the calendar month of each observation beside its month', () => {
    const sheet = inputsSheet('2025-07');
    const history = sheet.tables.find((t) => t.name === 'BeekeeperHistoryAsRun')!;
    expect(history.columns.map((c) => [c.header, c.format])).toEqual([
      ['Month', FORMATS.month],
      ['Date', FORMATS.calendarMonth],
      ['Metric', FORMATS.general],
      ['Value', FORMATS.general],
      ['Error', FORMATS.general],
    ]);
    const dates = monthDates(readSimulationTable(table('2025-07')).base.startDate, 24);
    expect(history.rows.map((r) => r.slice(0, 2))).toEqual([
      [12, dates[11]],
      [12, dates[11]],
      [24, dates[23]],
    ]);
    expect(history.column + history.columns.length - 1).toBeLessThanOrEqual(sheet.print!.area!.columns[1]);
  });

  test('no history, no table', () => {
    expect(inputsSheet(undefined, false).tables.map((t) => t.name)).not.toContain('BeekeeperHistoryAsRun');
  });
});
