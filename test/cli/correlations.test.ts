/**
 * Correlated inputs on the command line: `simulate --correlations FILE` (.csv, .tsv, .json,
 * .xlsx), the template's sheet Beekeeper Correlations that `--assumptions` reads, the Inputs
 * sheet's table of the correlations as run (target and achieved), and bad files refused with
 * the file, row and column.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ExcelJS from 'exceljs';
import { writeReportXlsx } from '../../src/cli/xlsx-writer';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { buildTemplate } from '../../src/report/template';
import { Report } from '../../src/report/types';
import { cli } from './run-cli';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-correlations-'));
const file = (name: string) => path.join(folder, name);
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  fs.writeFileSync(file(name), text);
  return file(name);
};

const PAIRS: [string, string, number][] = [
  ['marketSize', 'organizations', 0.8],
  ['annualContractValue', 'acquisitionCost', -0.8],
  ['imitation', 'marketSize', -0.4],
  ['customerChurn', 'organizations', 0.3],
];
const CSV = 'name1,name2,correlation\n' + PAIRS.map((p) => p.join(',')).join('\n') + '\n';

/** The rows of the report's BeekeeperCorrelationsAsRun table: [input, name, other input, other name, target, achieved]. */
async function correlationsAsRun(report: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(report);
  const sheet = workbook.getWorksheet('Beekeeper Inputs')!;
  const loaded = sheet.getTables().map((t) => (t as unknown as { table: { name: string; tableRef: string } }).table);
  const table = loaded.find((t) => t.name === 'BeekeeperCorrelationsAsRun');
  if (!table) return [];
  const [from, to] = table.tableRef.split(':');
  const top = Number(/\d+/.exec(from)![0]);
  const bottom = Number(/\d+/.exec(to)![0]);
  const left = from.charCodeAt(0) - 64;
  const rows: unknown[][] = [];
  for (let r = top; r <= bottom; r++) rows.push(Array.from({ length: 6 }, (_, c) => sheet.getCell(r, left + c).value));
  return rows;
}

describe('simulate --correlations', () => {
  it('a CSV: the Inputs sheet lists each pair as run, its achieved Spearman within ±0.05 of the target at 1,000 trials', async () => {
    const out = file('correlated.xlsx');
    const r = await cli(['simulate', '--correlations', write('c.csv', CSV), '--trials', '1000', '--out', out]);
    expect(r.stderr).not.toMatch(/error|warning/);
    expect(r.code).toBe(0);
    const rows = await correlationsAsRun(out);
    expect(rows[0]).toEqual(['Input', 'Name', 'Other input', 'Other name', 'Target', 'Achieved']);
    expect(rows.slice(1).map((row) => [row[1], row[3], row[4]])).toEqual(PAIRS);
    for (const row of rows.slice(1)) {
      expect(typeof row[0]).toBe('string');
      expect(row[0]).not.toBe(row[1]); // the plain label beside the code name
      expect(Math.abs((row[5] as number) - (row[4] as number))).toBeLessThan(0.05);
    }
    // Without the correlations, no such table, and the same pairs are far from the targets.
    const plain = file('plain.xlsx');
    expect((await cli(['simulate', '--trials', '1000', '--out', plain])).code).toBe(0);
    expect(await correlationsAsRun(plain)).toEqual([]);
  }, 60_000);

  it('the same correlations as TSV, JSON and an .xlsx give the same report table', async () => {
    const tsv = write('c.tsv', CSV.replace(/,/g, '\t'));
    const json = write(
      'c.json',
      JSON.stringify({ correlations: PAIRS.map(([name1, name2, correlation]) => ({ name1, name2, correlation })) }),
    );
    const xlsx = file('c.xlsx');
    const template = buildTemplate(defaultSimulationTable(), '0.0.0');
    const sheet = template.sheets[2];
    await writeReportXlsx(
      { sheets: [{ ...sheet, tables: [{ ...sheet.tables[0], rows: PAIRS.map((p) => [...p, null]) }] }] },
      xlsx,
    );
    const reference = await correlationsAsRun(await run(write('c2.csv', CSV), 'csv'));
    for (const [f, name] of [
      [tsv, 'tsv'],
      [json, 'json'],
      [xlsx, 'xlsx'],
    ])
      expect(await correlationsAsRun(await run(f, name))).toEqual(reference);

    async function run(correlations: string, name: string): Promise<string> {
      const out = file(`from-${name}.xlsx`);
      const r = await cli(['simulate', '--correlations', correlations, '--trials', '600', '--out', out]);
      expect([name, r.code, r.stderr]).toEqual([name, 0, expect.not.stringContaining('error')]);
      return out;
    }
  }, 90_000);

  it("the template's sheet Beekeeper Correlations: empty, none; filled, read with --assumptions; --correlations wins, with a note", async () => {
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
    const unedited = file('unedited.xlsx');
    expect((await cli(['simulate', '--assumptions', template, '--trials', '20', '--out', unedited])).code).toBe(0);
    expect(await correlationsAsRun(unedited)).toEqual([]);

    const report: Report = buildTemplate(defaultSimulationTable(), '0.0.0');
    const edited = file('edited.xlsx');
    const sheets = report.sheets.map((s, i) =>
      i === 2 ? { ...s, tables: [{ ...s.tables[0], rows: PAIRS.slice(0, 2).map((p) => [...p, 'a note']) }] } : s,
    );
    await writeReportXlsx({ sheets }, edited);
    const fromSheet = file('from-sheet.xlsx');
    const s = await cli(['simulate', '--assumptions', edited, '--trials', '600', '--out', fromSheet]);
    expect(s.code).toBe(0);
    expect(s.stderr).not.toContain('note:');
    expect((await correlationsAsRun(fromSheet)).slice(1).map((row) => [row[1], row[3], row[4]])).toEqual(
      PAIRS.slice(0, 2),
    );
    const other = write('other.csv', 'name1,name2,correlation\nimitation,persuasion,0.5\n');
    const overridden = file('overridden.xlsx');
    const o = await cli([
      'simulate',
      '--assumptions',
      edited,
      '--correlations',
      other,
      '--trials',
      '600',
      '--out',
      overridden,
    ]);
    expect(o.code).toBe(0);
    expect(o.stderr).toContain(
      `note: ${edited}, sheet Beekeeper Correlations, table BeekeeperCorrelations is ignored: --correlations ${other} are the correlations of this run\n`,
    );
    expect((await correlationsAsRun(overridden)).slice(1).map((row) => [row[1], row[3], row[4]])).toEqual([
      ['imitation', 'persuasion', 0.5],
    ]);
  }, 90_000);
});

describe('bad correlation files: a message naming the file and row, nothing run or written', () => {
  /** Expects exactly `message` after "error: " (or, given a pattern, a message that it matches from its start). */
  async function refuses(name: string, text: string, message: (f: string) => string | RegExp) {
    const f = write(name, text);
    const out = file(`${name}.xlsx`);
    const r = await cli(['simulate', '--correlations', f, '--trials', '50', '--out', out]);
    const expected = message(f);
    expect([r.code, r.stdout]).toEqual([1, '']);
    if (typeof expected === 'string') expect(r.stderr).toBe(`error: ${expected}\n`);
    else expect(r.stderr.replace(/^error: /, '')).toMatch(expected);
    expect(fs.existsSync(out)).toBe(false);
  }

  const escape = (f: string) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it('an unknown name, with the nearest uncertain input', () =>
    refuses(
      'unknown.csv',
      'name1,name2,correlation\nimitaton,persuasion,0.5\n',
      (f) =>
        new RegExp(
          `^${escape(f)} row 2, column A: unknown input "imitaton"; did you mean "imitation"\\? A correlation is between uncertain inputs`,
        ),
    ));

  it('an input without a distribution', () =>
    refuses(
      'fixed.json',
      '[{"name1": "imitation", "name2": "engineerCost", "correlation": 0.5}]',
      (f) => new RegExp(`^${escape(f)} \\[0\\]\\.name2: engineerCost has no distribution`),
    ));

  it('|r| > 1, not a number, a self pair, a pair twice', async () => {
    await refuses(
      'big.csv',
      'name1,name2,correlation\nimitation,persuasion,1.2\n',
      (f) => `${f} row 2, column C: correlation must be between -1 and 1, got 1.2`,
    );
    await refuses(
      'text.tsv',
      'name1\tname2\tcorrelation\nimitation\tpersuasion\thigh\n',
      (f) => `${f} row 2, column C: correlation must be a number, got "high"`,
    );
    await refuses(
      'self.csv',
      'name1,name2,correlation\nimitation,imitation,0.5\n',
      (f) =>
        `${f} row 2, column B: imitation is correlated with itself: a correlation is between two different inputs (every input's correlation with itself is 1)`,
    );
    await refuses(
      'twice.csv',
      'name1,name2,correlation\nimitation,persuasion,0.5\npersuasion,imitation,0.5\n',
      (f) =>
        `${f} row 3, column A: the correlation of persuasion and imitation is given twice (also ${f} row 2, column A): keep one row`,
    );
  });

  it('a matrix that is not positive definite names the pair that breaks it, at its correlation cell', () =>
    refuses(
      'indefinite.csv',
      'name1,name2,correlation\nimitation,persuasion,0.9\npersuasion,marketSize,0.9\nimitation,marketSize,-0.9\n',
      (f) =>
        `${f} row 2, column C: the correlations are not a valid correlation matrix (positive definite): ` +
        'imitation–persuasion 0.9 conflicts with persuasion–marketSize 0.9 and imitation–marketSize -0.9; with those as given, ' +
        'imitation–persuasion must be strictly between -1 and -0.62: change it, or the correlations it conflicts with; ' +
        'or run with --nearest-correlations to use the nearest valid matrix',
    ));

  it('--nearest-correlations: the nearest valid matrix runs, with a warning of each pair given → used, on the Inputs sheet too', async () => {
    const f = write(
      'mend.csv',
      'name1,name2,correlation\nimitation,persuasion,0.9\npersuasion,marketSize,0.9\nimitation,marketSize,-0.9\n',
    );
    const out = file('mended.xlsx');
    const r = await cli(['simulate', '--correlations', f, '--nearest-correlations', '--trials', '1000', '--out', out]);
    expect(r.code).toBe(0);
    const warning =
      "the correlations are not a valid correlation matrix; as asked, the run uses the nearest valid one (Higham's " +
      'alternating projections; pairs not given stay independent): imitation–persuasion 0.9 → 0.5, ' +
      'persuasion–marketSize 0.9 → 0.5, imitation–marketSize -0.9 → -0.5';
    expect(r.stderr).toContain(`warning: ${f}: ${warning}\n`);
    const rows = await correlationsAsRun(out);
    // The targets are the nearest matrix's, (1 − 0.001)/2 (test/engine/nearest-correlation.test.ts), and achieved.
    for (const [k, sign] of [1, 1, -1].entries()) {
      const [, , , , target, achieved] = rows[k + 1] as number[];
      expect(Math.abs(target - sign * 0.4995)).toBeLessThan(1e-9);
      expect(Math.abs(achieved - target)).toBeLessThanOrEqual(0.05);
    }
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const texts: string[] = [];
    workbook.getWorksheet('Beekeeper Inputs')!.eachRow((row) => texts.push(String(row.getCell(1).value)));
    // A note wraps over rows of column A.
    expect(texts.join(' ')).toContain(`${warning.charAt(0).toUpperCase()}${warning.slice(1)} (given → target).`);
  });

  it('a file without the columns', () =>
    refuses(
      'columns.csv',
      'a,b,c\nimitation,persuasion,0.5\n',
      (f) => `${f}: the header row has no "name1" column (it has a, b, c)`,
    ));
});
