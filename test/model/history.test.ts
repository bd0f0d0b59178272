/**
 * The history's reader (model.md v3, "History"): rows month | metric | value | error from a
 * table, a file or data, each problem named by its cell.
 */
import { resolveAssumptions } from '../../src/model/assumptions';
import { serialOfMonth } from '../../src/model/calendar';
import {
  DEFAULT_HISTORY_ERROR,
  MAX_OBSERVATIONS,
  checkHistory,
  describeObservation,
  historyProblems,
  lastObservedMonth,
  readHistory,
} from '../../src/model/history';
import type { InputTable } from '../../src/model/input-table';

const a = resolveAssumptions();
const COLUMNS = 'ABCDE';
const table = (rows: unknown[][], header: unknown[] = ['Month', 'Metric', 'Value', 'Error']): InputTable => ({
  source: 'history.csv',
  header: header.map((value, c) => ({ value, where: `history.csv row 1, column ${COLUMNS[c]}` })),
  rows: rows.map((row, r) =>
    row.map((value, c) => ({ value, where: `history.csv row ${r + 2}, column ${COLUMNS[c]}` })),
  ),
});

describe('readHistory', () => {
  it('reads rows in any order, sorted by month then metric; the default error where a row gives none', () => {
    const history = readHistory(
      table([
        [2, 'ARR', '1,200,000', ''],
        ['', '', '', ''],
        [1, 'customers', 30, 0.05],
        [2, 'cash', -250000, ''],
        [1, 'members', 1500, ''],
      ]),
      a,
    );
    expect(history).toEqual([
      { month: 1, metric: 'members', value: 1500, error: DEFAULT_HISTORY_ERROR },
      { month: 1, metric: 'customers', value: 30, error: 0.05 },
      { month: 2, metric: 'arr', value: 1_200_000, error: 0.1 },
      { month: 2, metric: 'cash', value: -250000, error: 0.1 },
    ]);
    expect(lastObservedMonth(history)).toBe(2);
    expect(describeObservation(history[1])).toBe('customers in month 1 = 30');
    // historyError, the run option, is the error of rows without one.
    expect(readHistory(table([[1, 'members', 10, '']]), a, 0.2)[0].error).toBe(0.2);
    // The error column is optional.
    expect(readHistory(table([[3, 'revenue', 5000]], ['month', 'metric', 'value']), a)[0]).toEqual({
      month: 3,
      metric: 'revenue',
      value: 5000,
      error: 0.1,
    });
  });

  it('reads calendar months with startDate, as a plan does', () => {
    const dated = { ...a, startDate: serialOfMonth({ year: 2025, month: 1 }) };
    expect(readHistory(table([['2026-12', 'customers', 150, '']]), dated)[0].month).toBe(24);
  });

  it('names the cell of each problem', () => {
    const problems = historyProblems(
      table([
        [1, 'customer', 30, ''],
        [0, 'members', 10, ''],
        [2, 'members', 0, ''],
        [3, 'members', 'many', ''],
        [4, 'cash', 0, ''],
        [5, 'arr', 100, -1],
        [6, 'engineers', 4, ''],
      ]),
      a,
    );
    expect(problems.map((p) => p.where)).toEqual([
      'history.csv row 2, column B',
      'history.csv row 3, column A',
      'history.csv row 4, column C',
      'history.csv row 5, column C',
      'history.csv row 6, column C',
      'history.csv row 7, column D',
    ]);
    expect(problems[0].message).toMatch(/metric must be one of members, customers, arr, revenue, cash, engineers/);
    expect(problems[1].message).toMatch(/month must be a whole number from 1 to 60/);
    expect(problems[2].message).toMatch(/value must be > 0 \(values of members are compared on a log scale\), got 0/);
    expect(problems[3].message).toMatch(/value must be a number/);
    expect(problems[4].message).toMatch(/must not be 0 for cash/);
    expect(problems[5].message).toMatch(/error must be/);
  });

  it('refuses a metric twice in one month, naming both cells, and a missing column', () => {
    expect(() =>
      readHistory(
        table([
          [1, 'customers', 30, ''],
          [1, 'Customers', 31, ''],
        ]),
        a,
      ),
    ).toThrow('history.csv row 3, column B: customers is observed twice in month 1 (also history.csv row 2, column B)');
    expect(historyProblems(table([[1, 30]], ['month', 'value']), a)[0].message).toMatch(/no "metric" column/);
  });

  it('bounds hostile input: at most 720 rows are read', () => {
    const rows = Array.from({ length: MAX_OBSERVATIONS + 1 }, (_, i) => [1 + (i % 60), 'members', 10 + i, '']);
    expect(() => readHistory(table(rows), a)).toThrow(/at most 720/);
    expect(() =>
      checkHistory(
        rows.map(([month, metric, value]) => ({ month, metric, value })),
        a,
      ),
    ).toThrow(/at most 720/);
  });

  it('checks data rows as a table, naming the row and field', () => {
    expect(() => checkHistory([{ month: 61, metric: 'arr', value: 1 }], a)).toThrow('history row 1 (month)');
    expect(checkHistory([{ month: 2, metric: 'arr', value: 5, error: 0.3 }], a)).toEqual([
      { month: 2, metric: 'arr', value: 5, error: 0.3 },
    ]);
  });
});
