/**
 * The history on the command line (model.md v3, "History"): `simulate --history FILE` (.csv,
 * .tsv, .json, .xlsx) and `--history-error`, the template's sheet Beekeeper History that
 * `--assumptions` reads, what the terminal says of a posterior run, the Inputs sheet's table of
 * the history as run, and bad files or a history that does not fit refused with the file, row
 * and column (or in plain words), nothing written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ExcelJS from 'exceljs';
import { writeReportXlsx } from '../../src/cli/xlsx-writer';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { POSTERIOR_METHOD } from '../../src/engine/posterior';
import { buildTemplate } from '../../src/report/template';
import { Report } from '../../src/report/types';
import { weakHistory, weakHistoryCsv } from '../support/weak-history';
import { cli } from './run-cli';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-history-'));
const file = (name: string) => path.join(folder, name);
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  fs.writeFileSync(file(name), text);
  return file(name);
};

const ROWS = weakHistory();
const CSV = weakHistoryCsv(ROWS);
const TRIALS = '300';

/** The rows of the report's BeekeeperHistoryAsRun table, header first; [] without one. */
async function historyAsRun(report: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(report);
  const sheet = workbook.getWorksheet('Beekeeper Inputs')!;
  const loaded = sheet.getTables().map((t) => (t as unknown as { table: { name: string; tableRef: string } }).table);
  const table = loaded.find((t) => t.name === 'BeekeeperHistoryAsRun');
  if (!table) return [];
  const [from, to] = table.tableRef.split(':');
  const top = Number(/\d+/.exec(from)![0]);
  const bottom = Number(/\d+/.exec(to)![0]);
  const left = from.charCodeAt(0) - 64;
  const right = to.charCodeAt(0) - 64;
  const rows: unknown[][] = [];
  for (let r = top; r <= bottom; r++)
    rows.push(Array.from({ length: right - left + 1 }, (_, c) => sheet.getCell(r, left + c).value));
  return rows;
}

/** The terminal's summary without its last line (the run's time). */
const summary = (stdout: string) => stdout.split('\n').slice(0, -2).join('\n');

/** A template workbook whose history sheet holds `rows`. */
async function templateWith(name: string, rows: readonly (readonly (string | number | null)[])[]): Promise<string> {
  const report: Report = buildTemplate(defaultSimulationTable(), '0.0.0');
  const sheets = report.sheets.map((s) =>
    s.name === 'Beekeeper History' ? { ...s, tables: [{ ...s.tables[0], rows: rows.map((r) => [...r]) }] } : s,
  );
  await writeReportXlsx({ sheets }, file(name));
  return file(name);
}

describe('simulate --history', () => {
  let conditioned: { stdout: string; out: string };

  beforeAll(async () => {
    const out = file('conditioned.xlsx');
    const r = await cli(['simulate', '--history', write('h.csv', CSV), '--trials', TRIALS, '--out', out]);
    expect([r.code, r.stderr]).toEqual([0, expect.not.stringMatching(/error|warning/)]);
    expect(r.stderr).toMatch(/^conditioning the trials on the history \(3 observations\)\n/);
    // Off a terminal, the fit's progress is a line per tenth, ending at 100 %, before the trials'.
    expect(r.stderr).toMatch(
      /^conditioning the trials on the history \(3 observations\)\n(fitting the history: [1-9]0 %\n)*fitting the history: 100 %\n[\d,]+ of 300 trials\n/,
    );
    conditioned = { stdout: r.stdout, out };
  }, 60_000);

  it('a CSV: the terminal says the observations, the ESS and the method; the Inputs sheet lists the history as run', async () => {
    const line = conditioned.stdout.split('\n').find((l) => l.startsWith('conditioned on'))!;
    const match =
      /^conditioned on 3 observations \(h\.csv, to month 24\): effective sample size ([\d,]+) of 2,000; method: (.*)$/.exec(
        line,
      );
    expect(match).not.toBeNull();
    const ess = Number(match![1].replace(/,/g, ''));
    expect(ess).toBeGreaterThanOrEqual(200);
    expect(ess).toBeLessThanOrEqual(2000);
    expect(match![2]).toBe(POSTERIOR_METHOD);
    expect(await historyAsRun(conditioned.out)).toEqual([
      ['Month', 'Metric', 'Value', 'Error'],
      // In month order, then the metrics' order (members before customers).
      [12, 'Community members, end of month', ROWS[1].value, 0.3],
      [12, 'Customers, end of month', ROWS[0].value, 0.3],
      [24, 'Customers, end of month', ROWS[2].value, 0.3],
    ]);
    // Without the history: no such table, no line, and other trials (the posterior moved them).
    const plain = file('plain.xlsx');
    const p = await cli(['simulate', '--trials', TRIALS, '--out', plain]);
    expect(p.code).toBe(0);
    expect(p.stdout).not.toContain('conditioned on');
    expect(await historyAsRun(plain)).toEqual([]);
    expect(summary(p.stdout)).not.toEqual(summary(conditioned.stdout).replace(/\nconditioned on.*$/, ''));
  }, 60_000);

  it('the same history as TSV, JSON and an .xlsx gives the same run', async () => {
    const tsv = write('h.tsv', CSV.replace(/,/g, '\t'));
    const json = write('h.json', JSON.stringify({ history: ROWS }));
    const bare = write('bare.json', JSON.stringify(ROWS));
    const xlsx = await templateWith(
      'h.xlsx',
      ROWS.map((r) => [r.month, r.metric, r.value, r.error, 'from the books']),
    );
    const reference = summary(conditioned.stdout).replace(/\(h\.csv, /, '(FILE, ');
    const table = await historyAsRun(conditioned.out);
    for (const [f, name] of [
      [tsv, 'tsv'],
      [json, 'json'],
      [bare, 'bare'],
      [xlsx, 'xlsx'],
    ]) {
      const out = file(`from-${name}.xlsx`);
      const r = await cli(['simulate', '--history', f, '--trials', TRIALS, '--out', out]);
      expect([name, r.code, r.stderr]).toEqual([name, 0, expect.not.stringContaining('error')]);
      expect(summary(r.stdout).replace(`(${path.basename(f)}, `, '(FILE, ')).toBe(reference);
      expect(await historyAsRun(out)).toEqual(table);
    }
  }, 120_000);

  it('--history-error is the error of a row without one, validated; without a history it is ignored with a note', async () => {
    const noErrors = write(
      'no-errors.csv',
      'month,metric,value\n' + ROWS.map((r) => `${r.month},${r.metric},${r.value}`).join('\n'),
    );
    const out = file('sigma.xlsx');
    const r = await cli([
      'simulate',
      '--history',
      noErrors,
      '--history-error',
      '0.3',
      '--trials',
      TRIALS,
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect((await historyAsRun(out)).slice(1).map((row) => row[3])).toEqual([0.3, 0.3, 0.3]);
    // The same observations with the same errors: the same run as the CSV that gives them.
    expect(summary(r.stdout).replace('(no-errors.csv, ', '(h.csv, ')).toBe(summary(conditioned.stdout));

    for (const [given, message] of [
      ['0', '--history-error must be between 0.000001 and 10, got 0'],
      ['-0.1', '--history-error must be between 0.000001 and 10, got -0.1'],
      ['11', '--history-error must be between 0.000001 and 10, got 11'],
      ['wide', '--history-error must be a number, got "wide"'],
    ]) {
      const bad = file(`bad-sigma-${given}.xlsx`);
      const b = await cli([
        'simulate',
        '--history',
        noErrors,
        '--history-error',
        given,
        '--trials',
        TRIALS,
        '--out',
        bad,
      ]);
      expect([b.code, b.stdout, b.stderr]).toEqual([1, '', `error: ${message}\n`]);
      expect(fs.existsSync(bad)).toBe(false);
    }
    const unused = await cli(['simulate', '--history-error', '0.2', '--trials', '20', '--out', file('unused.xlsx')]);
    expect(unused.code).toBe(0);
    expect(unused.stderr).toContain('note: --history-error 0.2 is ignored: the run has no history\n');
  }, 90_000);

  it("the template's sheet Beekeeper History: empty, none; filled, read with --assumptions; --history wins, with a note", async () => {
    const template = file('template.xlsx');
    expect((await cli(['template', '--out', template])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(template);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Beekeeper Assumptions',
      'Beekeeper Plan',
      'Beekeeper Correlations',
      'Beekeeper History',
    ]);
    const sheet = workbook.getWorksheet('Beekeeper History')!;
    const tables = sheet.getTables().map((t) => (t as unknown as { table: { name: string; tableRef: string } }).table);
    expect(tables.map((t) => t.name)).toEqual(['BeekeeperHistory']);
    const headerRow = Number(/\d+/.exec(tables[0].tableRef)![0]);
    expect([1, 2, 3, 4, 5].map((c) => sheet.getCell(headerRow, c).value)).toEqual([
      'month',
      'metric',
      'value',
      'error',
      'note',
    ]);
    const unedited = file('unedited.xlsx');
    const u = await cli(['simulate', '--assumptions', template, '--trials', '20', '--out', unedited]);
    expect(u.code).toBe(0);
    expect(u.stdout).not.toContain('conditioned on');
    expect(await historyAsRun(unedited)).toEqual([]);

    const edited = await templateWith(
      'edited.xlsx',
      ROWS.map((r) => [r.month, r.metric, r.value, r.error, null]),
    );
    const fromSheet = file('from-sheet.xlsx');
    const s = await cli(['simulate', '--assumptions', edited, '--trials', TRIALS, '--out', fromSheet]);
    expect([s.code, s.stderr]).toEqual([0, expect.not.stringContaining('note:')]);
    expect(s.stdout).toMatch(
      /^conditioned on 3 observations \(edited\.xlsx, sheet Beekeeper History, table BeekeeperHistory, to month 24\)/m,
    );
    expect(await historyAsRun(fromSheet)).toEqual(await historyAsRun(conditioned.out));

    const other = write('other.csv', `month,metric,value,error\n12,customers,${ROWS[0].value},0.5\n`);
    const overridden = file('overridden.xlsx');
    const o = await cli([
      'simulate',
      '--assumptions',
      edited,
      '--history',
      other,
      '--trials',
      TRIALS,
      '--out',
      overridden,
    ]);
    expect(o.code).toBe(0);
    expect(o.stderr).toContain(
      `note: ${edited}, sheet Beekeeper History, table BeekeeperHistory is ignored: --history ${other} is the history of this run\n`,
    );
    expect((await historyAsRun(overridden)).slice(1)).toEqual([[12, 'Customers, end of month', ROWS[0].value, 0.5]]);

    // project has no uncertainty to condition: it says so, and projects the assumptions.
    const p = await cli(['project', '--assumptions', edited, '--csv']);
    expect(p.code).toBe(0);
    expect(p.stderr).toContain(
      `note: ${edited}, sheet Beekeeper History, table BeekeeperHistory is ignored: project runs each assumption at its value, ` +
        'with no uncertainty to condition on a history; `beekeeper simulate` conditions its trials on it\n',
    );
    const q = await cli(['project', '--assumptions', template, '--csv']);
    expect(q.stderr).not.toContain('History');
    expect(p.stdout).toBe(q.stdout);
  }, 120_000);
});

describe('bad history files: a message naming the file and row, nothing run or written', () => {
  /** Expects exactly `message` after "error: " (or, given a pattern, a message it matches whole). */
  async function refuses(name: string, text: string, message: (f: string) => string | RegExp) {
    const f = write(name, text);
    const out = file(`${name}.xlsx`);
    const r = await cli(['simulate', '--history', f, '--trials', '50', '--out', out]);
    const expected = message(f);
    expect([r.code, r.stdout]).toEqual([1, '']);
    if (typeof expected === 'string') expect(r.stderr).toBe(`error: ${expected}\n`);
    else expect(r.stderr).toMatch(expected);
    expect(fs.existsSync(out)).toBe(false);
  }

  it('an unknown metric', () =>
    refuses(
      'metric.csv',
      'month,metric,value\n12,clients,40\n',
      (f) =>
        `${f} row 2, column B: metric must be one of members, customers, arr, revenue, cash, engineers, got "clients"`,
    ));

  it('a month out of range', () =>
    refuses(
      'month.csv',
      'month,metric,value\n61,customers,40\n',
      (f) => `${f} row 2, column A: month must be a whole number from 1 to 60 (the projection's months), got 61`,
    ));

  it('a value of 0 or below', async () => {
    await refuses(
      'zero.csv',
      'month,metric,value\n12,customers,0\n',
      (f) =>
        `${f} row 2, column C: value must be > 0 (values of customers are compared on a log scale), got 0; leave out a month with none`,
    );
    await refuses(
      'negative.json',
      '[{"month": 12, "metric": "arr", "value": -5}]',
      (f) =>
        `${f} [0].value: value must be > 0 (values of arr are compared on a log scale), got -5; leave out a month with none`,
    );
  });

  it('a metric twice in a month', () =>
    refuses(
      'twice.tsv',
      'month\tmetric\tvalue\n12\tcustomers\t40\n12\tCustomers\t41\n',
      (f) => `${f} row 3, column B: customers is observed twice in month 12 (also ${f} row 2, column B): keep one row`,
    ));

  it('a file without the columns', () =>
    refuses(
      'columns.csv',
      'month,name,value\n12,customers,40\n',
      (f) => `${f}: the header row has no "metric" column (it has month, name, value)`,
    ));

  it('a history the assumptions cannot reach: in plain words, nothing written', () =>
    refuses(
      'unreachable.csv',
      'month,metric,value,error\n12,customers,100000,0.1\n',
      // The bound and the inputs named are the engine's (posterior.ts) to find.
      () =>
        /^conditioning the trials on the history \(1 observation\)\nerror: the history does not fit the assumptions: customers in month 12 = 100,000, but the assumptions allow at most [\d.,]+: widen [a-z]+( or [a-z]+)*.*Nothing was run\n$/,
    ));
});

describe('help', () => {
  const help = async (command: string) => (await cli([command, '--help'])).stdout.replace(/\s+/g, ' ');

  it('simulate describes --history and --history-error, and that --history wins over the sheet', async () => {
    const text = await help('simulate');
    expect(text).toContain(
      '--history <file> what already happened, rows month | metric | value | error, that the trials are conditioned on: .csv, .tsv, .json or .xlsx (default: the history sheet of an --assumptions workbook)',
    );
    expect(text).toContain('--history-error <sigma> the error of an observation whose row gives none');
    expect(text).toContain('metric (members, customers, arr, revenue, cash, engineers)');
    expect(text).toContain('is refused in plain words and nothing is written');
    expect(text).toContain('$ beekeeper simulate --history history.csv --history-error 0.3 --out conditioned.xlsx');
  });

  it('project says it ignores a history', async () => {
    expect(await help('project')).toContain('A history (the sheet "Beekeeper History") is ignored, with a note');
  });
});
