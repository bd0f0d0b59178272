import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ExcelJS from 'exceljs';
import { loadCatalog, signature } from '../../src/cli/catalog';
import * as functions from '../../src/functions/functions';
import { cli } from './run-cli';

const reference = JSON.parse(fs.readFileSync(path.join(__dirname, '../reference/reference.json'), 'utf8'));
const bassAt = (t: number): number => reference.bass.spec_check.find((c: { t: number }) => c.t === t).F;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The numbers of tab-separated output, row by row. */
const numbers = (stdout: string): number[][] =>
  stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.split('\t').map(Number));

describe('the catalog', () => {
  it('resolves every function in the metadata to an exported function with as many parameters', async () => {
    const catalog = await loadCatalog();
    const exported = Object.entries(functions).filter(([, f]) => typeof f === 'function');
    expect(catalog.entries.map((e) => e.excelName).sort()).toEqual(
      exported.map(([name]) => `OSS.${name.toUpperCase()}`).sort(),
    );
    // A cancelable function (OSS.SIMULATE) takes one more: Excel's invocation handle, last.
    for (const entry of catalog.entries) {
      expect([entry.excelName, entry.implementation.length]).toEqual([
        entry.excelName,
        entry.metadata.parameters.length + (entry.metadata.options?.cancelable ? 1 : 0),
      ]);
    }
  });

  it('shows signatures with optional arguments in brackets', async () => {
    const catalog = await loadCatalog();
    expect(signature(catalog.find('oss.members'))).toBe(
      'OSS.MEMBERS(marketSize, innovation, imitation, months, [annualChurn], [initialMembers])',
    );
  });
});

describe('beekeeper call', () => {
  it('evaluates OSS.BASS to the closed form, printed at full precision', async () => {
    const r = await cli(['call', 'OSS.BASS', '1000000', '0.03', '0.38', '5']);
    expect(r).toEqual({ code: 0, stdout: `${String(functions.bass(1e6, 0.03, 0.38, [[5]])[0][0])}\n`, stderr: '' });
    // The reference (exact closed form) to within a few ulps: the model computes F(5) one ulp above it.
    expect(Number(r.stdout) / (1e6 * bassAt(5)) - 1).toBeCloseTo(0, 14);
  });

  it('finds a function by any case, with or without OSS.', async () => {
    const a = await cli(['call', 'OSS.BASS', '1', '0.03', '0.38', '5']);
    const b = await cli(['call', 'bass', '1', '0.03', '0.38', '5']);
    const c = await cli(['call', 'Oss.Bass', '1', '0.03', '0.38', '5']);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('takes a JSON range and returns its shape: one row per year', async () => {
    const r = await cli(['call', 'OSS.BASS', '1', '0.03', '0.38', '[[1],[5],[10]]']);
    expect(r.code).toBe(0);
    const rows = numbers(r.stdout);
    expect(rows.map((row) => row.length)).toEqual([1, 1, 1]);
    rows.forEach(([f], i) => expect(f).toBeCloseTo(bassAt([1, 5, 10][i]), 14));
  });

  it('takes a row as a JSON range and prints it tab-separated', async () => {
    const r = await cli(['call', 'OSS.BASS', '1', '0.03', '0.38', '[[1,5,10]]']);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout.split('\t')).toHaveLength(3);
  });

  it('reads a range from a CSV file, as from the same cells in Excel', async () => {
    const file = write('years.csv', '1\r\n5\r\n10\r\n');
    const fromFile = await cli(['call', 'OSS.BASS', '1', '0.03', '0.38', file]);
    const fromJson = await cli(['call', 'OSS.BASS', '1', '0.03', '0.38', '[[1],[5],[10]]']);
    expect(fromFile).toEqual(fromJson);
  });

  it('reads an assumptions table from CSV (quoted text, empty cells) and from the TSV that OSS.ASSUMPTIONS prints', async () => {
    const csv = write('a.csv', 'name,value,note\n"imitation",0.3,"q, lower"\n,,\nmonths,24,\n');
    const fromCsv = await cli(['call', 'OSS.KPI', 'npv', csv]);
    const fromJson = await cli(['call', 'OSS.KPI', 'npv', '[["imitation",0.3],["months",24]]']);
    expect(fromCsv.code).toBe(0);
    expect(fromCsv).toEqual(fromJson);

    const table = await cli(['call', 'OSS.ASSUMPTIONS']);
    const tsv = write(
      'assumptions.tsv',
      table.stdout.replace(/^imitation\t0\.45\t/m, 'imitation\t0.3\t').replace(/^months\t60\t/m, 'months\t24\t'),
    );
    expect(await cli(['call', 'OSS.KPI', 'npv', tsv])).toEqual(fromJson);
  });

  it('prints an invalid argument as Excel shows it, on stderr, with exit code 1', async () => {
    const r = await cli(['call', 'OSS.BASS', '1', '0.03', '-0.2', '5']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: '#VALUE! imitation must be between 0 and 5, got -0.2\n' });
  });

  it('passes text that is not a number to the function, which says so', async () => {
    const r = await cli(['call', 'OSS.BASS', '1', 'abc', '0.38', '5']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: '#VALUE! innovation must be a number, got "abc"\n' });
    const hex = await cli(['call', 'OSS.BASS', '1', '0x10', '0.38', '5']);
    expect(hex.stderr).toBe('#VALUE! innovation must be a number, got "0x10"\n');
  });

  it('takes "" as an omitted optional argument, and as an empty cell for a required one', async () => {
    const omitted = await cli(['call', 'OSS.MEMBERS', '2000000', '0.01', '0.45', '3', '', '5000']);
    const explicit = await cli(['call', 'OSS.MEMBERS', '2000000', '0.01', '0.45', '3', '0', '5000']);
    expect(omitted.code).toBe(0);
    expect(omitted).toEqual(explicit);
    expect(await cli(['call', 'OSS.BASS', '', '0.03', '0.38', '5'])).toEqual({
      code: 1,
      stdout: '',
      stderr: '#VALUE! marketSize is required\n',
    });
  });

  it('passes OSS.ECOSYSTEM its last argument, initialInterest, and its message when below 1', async () => {
    const r = await cli(['call', 'OSS.ECOSYSTEM', '50', '12', '', '', '', '', '3', '2']);
    expect(r.code).toBe(0);
    const expected = functions.ecosystem(50, 12, null as never, null as never, null as never, null as never, 3, 2);
    expect(r.stdout).toBe((expected as unknown[][]).map((row) => `${row.join('\t')}\n`).join(''));
    expect(r.stdout).not.toBe((await cli(['call', 'OSS.ECOSYSTEM', '50', '12', '', '', '', '', '3'])).stdout);
    expect(await cli(['call', 'OSS.ECOSYSTEM', '50', '12', '', '', '', '', '3', '0.5'])).toEqual({
      code: 1,
      stdout: '',
      stderr: '#VALUE! initialInterest must be ≥ 1 (a project below 1 is dead), got 0.5\n',
    });
  });

  it('suggests the nearest function for an unknown one', async () => {
    const r = await cli(['call', 'OSS.BAS', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: unknown function "OSS\.BAS"; did you mean "OSS\.BASS"\?/);
  });

  it('refuses too many or too few arguments, naming the signature', async () => {
    const many = await cli(['call', 'OSS.BASS', '1', '0.03', '0.38', '5', '6']);
    expect(many.code).toBe(1);
    expect(many.stderr).toContain(
      'error: OSS.BASS takes 4 arguments, got 5: OSS.BASS(marketSize, innovation, imitation, years)',
    );
    const few = await cli(['call', 'OSS.MEMBERS', '1']);
    expect(few.stderr).toContain('OSS.MEMBERS takes 4 to 6 arguments, got 1');
    const kpi = await cli(['call', 'OSS.KPI', 'npv', '', '', '', '', 'x']);
    expect(kpi.stderr).toContain(
      'OSS.KPI takes 1 to 5 arguments, got 6: OSS.KPI(kpi, [assumptions], [scenario], [plan], [year])',
    );
  });

  it('reads a range from an .xlsx (its first table, else its used range), by extension or by its first bytes', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Years');
    [1, 5, 10].forEach((years, i) => (sheet.getCell(`B${i + 2}`).value = years));
    const xlsx = path.join(dir, 'years.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const fromJson = await cli(['call', 'OSS.BASS', '1', '0.03', '0.38', '[[1],[5],[10]]']);
    expect(await cli(['call', 'OSS.BASS', '1', '0.03', '0.38', xlsx])).toEqual(fromJson);
    // Saved under a .csv name, it is still a workbook, not CSV text.
    const misnamed = path.join(dir, 'years-xlsx.csv');
    fs.copyFileSync(xlsx, misnamed);
    expect(await cli(['call', 'OSS.BASS', '1', '0.03', '0.38', misnamed])).toEqual(fromJson);

    // The template: its table, not the notes under it.
    const template = path.join(dir, 'template.xlsx');
    expect((await cli(['template', '--out', template])).code).toBe(0);
    const fromTemplate = await cli(['call', 'OSS.KPI', 'npv', template]);
    expect(fromTemplate).toMatchObject({ code: 0, stderr: '' });
    expect(fromTemplate).toEqual(await cli(['call', 'OSS.KPI', 'npv']));
  });

  it('refuses a binary file as a range instead of echoing its bytes', async () => {
    const binary = path.join(dir, 'image.csv');
    fs.writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    expect(await cli(['call', 'OSS.BASS', '1', '0.03', '0.38', binary])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: years: ${binary} is not a CSV text file: give CSV, TSV, an .xlsx workbook or JSON [[...]]\n`,
    });
    const broken = write('broken.xlsx', 'PK\x03\x04 and then nothing');
    expect((await cli(['call', 'OSS.BASS', '1', '0.03', '0.38', broken])).stderr).toBe(
      `error: years: ${broken} is not an .xlsx workbook (it is not a zip archive, or it is cut short)\n`,
    );
  });

  it('rejects a malformed JSON range and a missing CSV file as usage errors', async () => {
    const notJson = await cli(['call', 'OSS.BASS', '1', '0.03', '0.38', '[[1]']);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^error: years: not valid JSON/);
    const flat = await cli(['call', 'OSS.BASS', '1', '0.03', '0.38', '[1,5]']);
    expect(flat.stderr).toMatch(/^error: years: a JSON range is an array of rows/);
    const missing = await cli(['call', 'OSS.KPI', 'npv', path.join(dir, 'missing.csv')]);
    expect(missing.stderr).toMatch(/^error: assumptions: no such file/);
  });

  it('lets the function judge a ragged JSON range', async () => {
    const r = await cli(['call', 'OSS.BASS', '1', '0.03', '0.38', '[[1],[5,10]]']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: '#VALUE! years must be a range (rows of equal length)\n' });
  });

  it('prints a KPI as one number', async () => {
    const r = await cli(['call', 'OSS.KPI', 'npv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^-?\d+(\.\d+)?(e[+-]\d+)?\n$/);
    expect(Number(r.stdout)).toBe(functions.kpi('npv'));
  });

  it('takes the year of a yearly KPI as Excel would pass it: "2" a number, "FY2028" text', async () => {
    const byIndex = await cli(['call', 'OSS.KPI', 'yearNdr', '', '', '', '2']);
    expect(byIndex.code).toBe(0);
    expect(Number(byIndex.stdout)).toBe(functions.kpi('yearNdr', null as never, null as never, null as never, 2));
    const dated = write('dated.csv', 'startDate,2027-01\nfiscalYearStart,7\n');
    const byLabel = await cli(['call', 'OSS.KPI', 'yearRevenue', dated, '', '', 'FY2028']);
    expect(byLabel).toEqual(await cli(['call', 'OSS.KPI', 'yearRevenue', dated, '', '', '2028']));
    expect(Number(byLabel.stdout)).toBeGreaterThan(0);
  });

  it('prints #N/A for a KPI that does not exist', async () => {
    const file = write('broke.csv', 'initialCash,-1e9\nannualContractValue,0\n');
    const r = await cli(['call', 'OSS.KPI', 'breakEvenMonth', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^#N\/A no break-even/);
  });

  it('prints a table with its header row', async () => {
    const r = await cli(['call', 'OSS.ASSUMPTIONS']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('name\tvalue\tunit\tdescription');
    expect(lines[1]).toBe('months\t60\tmonths\tLength of the projection in months.');
    expect(lines.every((line) => line.split('\t').length === 4)).toBe(true);
  });

  it('takes text arguments as text', async () => {
    const r = await cli(['call', 'OSS.PROJECTION', '', 'proprietary', 'cash,customers']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('month\tcash\tcustomers');
    expect(lines).toHaveLength(61);
  });

  it('lists the functions with their signatures', async () => {
    const list = await cli(['call', '--list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('OSS.BASS(marketSize, innovation, imitation, years)\n  Cumulative adopters');
    expect(list.stdout).toContain('OSS.KPI(kpi, [assumptions], [scenario], [plan], [year])');
    expect(await cli(['functions'])).toEqual(list);
    const one = await cli(['functions', 'kpi']);
    expect(one.stdout).toMatch(/^OSS\.KPI\(kpi, \[assumptions\], \[scenario\], \[plan\], \[year\]\)\n/);
    expect(one.stdout).toContain('  [assumptions]  (a range');
  });

  it('asks for a function when none is given', async () => {
    const r = await cli(['call']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("missing required argument 'function'");
  });
});
