import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ExcelJS from 'exceljs';
import { readAssumptionsFile } from '../../src/cli/assumptions-file';
import { rejectsWith } from './run-cli';
import { writeReportXlsx } from '../../src/cli/xlsx-writer';
import { FORMATS, Report } from '../../src/report/types';
import { ADDED_IN_V2, DEFAULT_ASSUMPTIONS } from '../../src/model/assumptions';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { simulate } from '../../src/engine/simulation';
import { readSimulationTable } from '../../src/engine/simulation-inputs';

/** The assumptions every format below spells out. */
const HEADER = ['name', 'value', 'distribution', 'p1', 'p2', 'p3', 'unit', 'description'];
const ROWS = [
  ['imitation', 0.38, 'pert', 0.2, 0.38, 0.6, null, 'Bass imitation, "q"'],
  ['months', 60, null, null, null, null, 'months', null],
  ['innovation', 0.03, 'uniform', 0.01, 0.05, null, 'per month', 'two\nlines'],
];

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-assumptions-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

const values = (table: {
  header: readonly { value: unknown }[];
  rows: readonly (readonly { value: unknown }[])[];
}) => ({
  header: table.header.map((c) => c.value),
  rows: table.rows.map((row) => row.map((c) => c.value)),
});


/** An assumptions sheet as `template` would write it: a title, then the table at B3. */
const templateReport: Report = {
  sheets: [
    {
      name: 'Assumptions',
      kind: 'assumptions',
      cells: [{ row: 0, column: 0, value: 'Beekeeper assumptions', style: 'title' }],
      tables: [
        {
          name: 'BeekeeperAssumptions',
          row: 2,
          column: 1,
          columns: HEADER.map((header) => ({ header, format: FORMATS.general })),
          rows: ROWS,
        },
      ],
      charts: [],
      freeze: { rows: 3, columns: 0 },
      columnWidths: [],
    },
  ],
};

describe('readAssumptionsFile: every format reads to the same table', () => {
  it('reads the .xlsx that template writes, from its marked sheet and table', async () => {
    const file = path.join(dir, 'assumptions.xlsx');
    await writeReportXlsx(templateReport, file);
    const table = await readAssumptionsFile(file);
    expect(values(table)).toEqual({ header: HEADER, rows: ROWS });
    expect(table.source).toBe(`${file}, sheet Assumptions, table BeekeeperAssumptions`);
    expect(table.header[0].where).toBe(`${file}, sheet Assumptions, cell B3`);
    expect(table.rows[0][1].where).toBe(`${file}, sheet Assumptions, cell C4`);
    expect(table.rows[2][7].where).toBe(`${file}, sheet Assumptions, cell I6`);
  });

  it('reads a .csv (RFC 4180 quotes, numbers parsed strictly, empty as null)', async () => {
    const file = write(
      'inputs.csv',
      [
        HEADER.join(','),
        'imitation,0.38,pert,0.2,.38,6e-1,,"Bass imitation, ""q"""',
        'months,60,,,,,months,',
        'innovation,0.03,uniform,0.01,0.05,,per month,"two\nlines"',
        '',
      ].join('\r\n'),
    );
    const table = await readAssumptionsFile(file);
    expect(values(table)).toEqual({ header: HEADER, rows: ROWS });
    expect(table.source).toBe(file);
    expect(table.rows[0][1].where).toBe(`${file} row 2, column B`);
    expect(table.rows[2][7].where).toBe(`${file} row 4, column H`);
  });

  it('keeps an empty row in between in JSON (its position keys the random numbers) and drops those at the end', async () => {
    const json = await readAssumptionsFile(
      write('gaps.json', '[{"name": "imitation", "value": 0.3}, {}, {"name": "months", "value": 24}, {"name": ""}]'),
    );
    expect(values(json).rows).toEqual([
      ['imitation', 0.3],
      [null, null],
      ['months', 24],
    ]);
  });

  it('ends a CSV table at its first empty row: the notes below it, as Excel saves the template, are not rows', async () => {
    // What Excel writes when the .xlsx template is saved as CSV: the table, empty rows, and the
    // notes in column A (quoted when they hold a comma), every row as wide as the used range.
    const notes = [
      ',,,,,,,',
      ',,,,,,,',
      'Beekeeper 0.1.0: the assumptions of a simulation. Edit value; keep the names.,,,,,,,',
      '"uniform (min, max) · triangular (min, mode, max)",,,,,,,',
    ];
    const file = write(
      'saved.csv',
      [HEADER.join(','), 'imitation,0.38,pert,0.2,0.38,0.6,,', ...notes, ''].join('\r\n'),
    );
    expect(values(await readAssumptionsFile(file)).rows).toEqual([
      ['imitation', 0.38, 'pert', 0.2, 0.38, 0.6, null, null],
    ]);
  });

  it('refuses a CSV row holding values below the empty row that ends the table, rather than drop it', async () => {
    const file = write('gaps.csv', 'name,value\nimitation,0.3\n,\nmonths,24\n,\n\n');
    await rejectsWith(
      readAssumptionsFile(file),
      `${file} row 4 holds values below the table, which ends at the empty row 3: delete that empty row if this row ` +
        'belongs to the table; only notes (text in the first column alone) may follow it',
    );
  });

  it('reads a .tsv, also UTF-16 with a BOM as Excel saves "Unicode Text"', async () => {
    const text = [HEADER, ...ROWS]
      .map((row) =>
        row.map((v) => (v === null ? '' : typeof v === 'string' && v.includes('\n') ? `"${v}"` : String(v))),
      )
      .map((row) => row.join('\t'))
      .join('\n');
    const utf8 = await readAssumptionsFile(write('inputs.tsv', text));
    expect(values(utf8)).toEqual({ header: HEADER, rows: ROWS });
    const utf16 = await readAssumptionsFile(
      write('unicode.tsv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
    );
    expect(values(utf16)).toEqual({ header: HEADER, rows: ROWS });
    expect(utf16.rows[1][6].where).toBe(`${path.join(dir, 'unicode.tsv')} row 3, column G`);
  });

  it('reads .json as an array of objects or {"assumptions": [...]}; absent keys are empty', async () => {
    // Empty values as null, except the months row, which leaves its empty keys out altogether.
    const objects = ROWS.map((row) => Object.fromEntries(HEADER.map((key, i) => [key, row[i]])));
    const months = { name: 'months', value: 60, unit: 'months' };
    const list = [objects[0], months, objects[2]];
    const plain = await readAssumptionsFile(write('inputs.json', JSON.stringify(list, null, 2)));
    expect(values(plain)).toEqual({ header: HEADER, rows: ROWS });
    expect(plain.rows[0][3].where).toBe(`${path.join(dir, 'inputs.json')} [0].p1`);
    expect(plain.rows[1][3].where).toBe(`${path.join(dir, 'inputs.json')} [1].p1`);
    expect(plain.header[0].where).toBe(`${path.join(dir, 'inputs.json')} [0].name`);

    const wrapped = await readAssumptionsFile(write('wrapped.json', JSON.stringify({ assumptions: list })));
    expect(values(wrapped)).toEqual({ header: HEADER, rows: ROWS });
    expect(wrapped.rows[2][4].where).toBe(`${path.join(dir, 'wrapped.json')} assumptions[2].p2`);
  });

  it('keeps what the checks that follow must judge: text where a number belongs, odd keys', async () => {
    const file = write('odd.json', '[{"name": "imitation", "value": "0.38", "p 1": true}]');
    const table = await readAssumptionsFile(file);
    expect(values(table)).toEqual({ header: ['name', 'value', 'p 1'], rows: [['imitation', '0.38', true]] });
    expect(table.rows[0][2].where).toBe(`${file} [0]["p 1"]`);
  });
});

describe('readAssumptionsFile: .xlsx workbooks not written by template', () => {
  async function save(build: (workbook: ExcelJS.Workbook) => void, name = 'book.xlsx'): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    build(workbook);
    const file = path.join(dir, name);
    await workbook.xlsx.writeFile(file);
    return file;
  }

  it('finds a header row starting with "name" on the first sheet that has one', async () => {
    const file = await save((workbook) => {
      workbook.addWorksheet('Notes').getCell('A1').value = 'nothing here';
      const sheet = workbook.addWorksheet('Inputs');
      sheet.getCell('B3').value = 'Name';
      sheet.getCell('C3').value = 'value';
      sheet.getCell('B4').value = 'imitation';
      sheet.getCell('C4').value = 0.38;
      sheet.getCell('B6').value = 'months';
      sheet.getCell('C6').value = { formula: '12*5', result: 60 };
      sheet.getCell('E6').value = 'a note beside the table';
      sheet.getCell('C7').value = new Date(Date.UTC(2024, 0, 1)); // the number 45292, shown as a date
    });
    const table = await readAssumptionsFile(file);
    expect(values(table)).toEqual({
      header: ['Name', 'value'],
      rows: [
        ['imitation', 0.38],
        [null, null], // row 5, kept in its place
        ['months', 60],
        [null, 45292],
      ],
    });
    expect(table.source).toBe(`${file}, sheet Inputs`);
    expect(table.rows[2][1].where).toBe(`${file}, sheet Inputs, cell C6`);
  });

  it('reads a template saved by openpyxl (pandas), whose relationship targets are absolute', async () => {
    // test/fixtures/openpyxl-template.xlsx: see test/fixtures/make-openpyxl-template.js.
    const fixture = path.join(__dirname, '../fixtures/openpyxl-template.xlsx');
    const table = await readAssumptionsFile(fixture);
    expect(table.source).toBe(`${fixture}, sheet Beekeeper Assumptions, table BeekeeperAssumptions`);
    expect(readSimulationTable(table).base).toEqual(readSimulationTable(defaultSimulationTable()).base);
  });

  it('finds an Excel table with a "name" column', async () => {
    const file = await save((workbook) => {
      const sheet = workbook.addWorksheet('Model');
      sheet.addTable({
        name: 'Other',
        ref: 'A1',
        columns: [{ name: 'x' }],
        rows: [[1]],
      });
      sheet.addTable({
        name: 'Mine',
        ref: 'D2',
        columns: [{ name: 'name' }, { name: 'value' }],
        rows: [
          ['imitation', 0.4],
          ['months', 24],
        ],
      });
    });
    const table = await readAssumptionsFile(file);
    expect(values(table)).toEqual({
      header: ['name', 'value'],
      rows: [
        ['imitation', 0.4],
        ['months', 24],
      ],
    });
    expect(table.source).toBe(`${file}, sheet Model, table Mine`);
  });

  it('names the cell holding a formula without a saved value, or an error', async () => {
    const table = (value: ExcelJS.CellValue) => (workbook: ExcelJS.Workbook) => {
      const sheet = workbook.addWorksheet('Assumptions');
      sheet.getCell('A1').value = 'name';
      sheet.getCell('B1').value = 'value';
      sheet.getCell('A7').value = 'imitation';
      sheet.getCell('B7').value = value;
    };
    const formula = await save(table({ formula: 'C7*2' } as ExcelJS.CellValue), 'formula.xlsx');
    await rejectsWith(
      readAssumptionsFile(formula),
      `${formula}, sheet Assumptions, cell B7 holds a formula without a saved value; open and save the file in Excel`,
    );
    const error = await save(table({ error: '#N/A' }), 'error.xlsx');
    await rejectsWith(
      readAssumptionsFile(error),
      `${error}, sheet Assumptions, cell B7 holds the error #N/A; correct it in Excel`,
    );
    const computed = await save(table({ formula: '1/0', result: { error: '#DIV/0!' } }), 'computed.xlsx');
    await rejectsWith(
      readAssumptionsFile(computed),
      `${computed}, sheet Assumptions, cell B7 holds the error #DIV/0!; correct it in Excel`,
    );
  });

  it('says so when no sheet holds an assumptions table', async () => {
    const file = await save((workbook) => (workbook.addWorksheet('Notes').getCell('A1').value = 'value'));
    await rejectsWith(
      readAssumptionsFile(file),
      `${file}: no assumptions table found: expected an Excel table with a "name" column, or a header row starting with "name" (name, value, distribution, p1, p2, p3, unit, description)`,
    );
  });
});

describe('readAssumptionsFile: bad files, each with its message', () => {
  it('refuses an unknown extension, a missing file and a folder', async () => {
    const xls = path.join(dir, 'inputs.xls');
    await rejectsWith(
      readAssumptionsFile(xls),
      `${xls}: unknown file type ".xls": give an .xlsx, .csv, .tsv or .json file`,
    );
    const bare = path.join(dir, 'inputs');
    await rejectsWith(
      readAssumptionsFile(bare),
      `${bare}: unknown file type (no extension): give an .xlsx, .csv, .tsv or .json file`,
    );
    const missing = path.join(dir, 'missing.csv');
    await rejectsWith(readAssumptionsFile(missing), `${missing}: no such file`);
    const folder = path.join(dir, 'folder.json');
    fs.mkdirSync(folder);
    await rejectsWith(readAssumptionsFile(folder), `${folder} is a folder, not a file`);
  });

  it('refuses an .xlsx that is not a workbook: text, empty, an old .xls', async () => {
    const text = write('text.xlsx', 'name,value\n');
    await rejectsWith(
      readAssumptionsFile(text),
      `${text} is not an .xlsx workbook (it is not a zip archive): save it in Excel as "Excel Workbook"`,
    );
    const empty = write('empty.xlsx', '');
    await rejectsWith(
      readAssumptionsFile(empty),
      `${empty} is not an .xlsx workbook (the file is empty): save it in Excel as "Excel Workbook"`,
    );
    const old = write('old.xlsx', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]));
    await rejectsWith(
      readAssumptionsFile(old),
      `${old} is not an .xlsx workbook (it is an old .xls workbook, or a password-protected one): save it in Excel as "Excel Workbook"`,
    );
  });

  it('refuses bad CSV: an unclosed quote, a value outside the header, an empty file, not UTF-8', async () => {
    const quote = write('quote.csv', 'name,value\nimitation,0.3\n"months,24\n');
    await rejectsWith(readAssumptionsFile(quote), `${quote} line 3: a quoted field is not closed`);
    const wide = write('wide.csv', 'name,value\nimitation,0.3,oops\n');
    await rejectsWith(
      readAssumptionsFile(wide),
      `${wide} row 2, column C holds "oops", but the header row has no column there`,
    );
    const empty = write('empty.csv', '\r\n\r\n');
    await rejectsWith(
      readAssumptionsFile(empty),
      `${empty} is empty: expected a header row (name, value, distribution, p1, p2, p3, unit, description) and a row per assumption`,
    );
    const header = write('header.csv', ',,\nimitation,0.3\n');
    await rejectsWith(
      readAssumptionsFile(header),
      `${header} row 1: the header row is empty: expected name, value, distribution, p1, p2, p3, unit, description`,
    );
    const latin1 = write('latin1.csv', Buffer.from('name,value,description\nimitation,0.3,caf\xe9\n', 'latin1'));
    await rejectsWith(
      readAssumptionsFile(latin1),
      `${latin1} is not UTF-8 text: save it with UTF-8 encoding (in Excel: "CSV UTF-8")`,
    );
  });

  it('refuses bad JSON with the line and column of the problem', async () => {
    const cases: [string, string][] = [
      [
        '[\n  {"name": "imitation", "value": 0.38,}\n]',
        'line 2, column 39: not valid JSON: expected a property name in double quotes, found "}"',
      ],
      [
        '[\n  {"name": "imitation" "value": 0.38}\n]',
        'line 2, column 24: not valid JSON: expected "," or "}", found "\\""',
      ],
      ['[{"name" 1}]', 'line 1, column 10: not valid JSON: expected ":" after a property name, found "1"'],
      ['[{"name": "imitation", "value": NaN}]', 'line 1, column 33: not valid JSON: expected a value, found NaN'],
      [
        "[{'name': 'imitation'}]",
        'line 1, column 3: not valid JSON: expected a property name in double quotes, found "\'"',
      ],
      ['[{"name": "imitation"}', 'line 1, column 23: not valid JSON: expected "," or "]", found the end of the file'],
      ['[{"name": "imi', 'line 1, column 15: not valid JSON: a string is not closed'],
      ['[{"value": 01}]', 'line 1, column 12: not valid JSON: invalid number, found "01"'],
      ['[]\n// a comment', 'line 2, column 1: not valid JSON: unexpected "/" after the end of the JSON value'],
    ];
    for (const [text, message] of cases) {
      const file = write('bad.json', text);
      await rejectsWith(readAssumptionsFile(file), `${file} ${message}`);
    }
  });

  it('refuses JSON of the wrong shape, naming the place', async () => {
    const file = path.join(dir, 'shape.json');
    const cases: [string, string][] = [
      [
        '{"rows": []}',
        `${file}: expected an array of assumptions, [{"name": ..., "value": ...}, ...], or {"assumptions": [...]}, got an object without an "assumptions" array`,
      ],
      [
        '42',
        `${file}: expected an array of assumptions, [{"name": ..., "value": ...}, ...], or {"assumptions": [...]}, got 42`,
      ],
      [
        '[{"name": "a"}, ["b", 1]]',
        `${file} [1] must be an object with the column names as keys ({"name": ..., "value": ...}), got an array`,
      ],
      [
        '{"assumptions": [{"name": "a", "value": {"min": 1}}]}',
        `${file} assumptions[0].value must be a number, text, true, false or null, got an object`,
      ],
      ['[{"name": "a", "value": 1e999}]', `${file} [0].value is a number too large for Excel`],
      [
        '  \n',
        `${file} is empty: expected a header row (name, value, distribution, p1, p2, p3, unit, description) and a row per assumption`,
      ],
    ];
    for (const [text, message] of cases) {
      write('shape.json', text);
      await rejectsWith(readAssumptionsFile(file), message);
    }
  });
});

describe('an assumptions file written for model v1 still runs (model.md v2)', () => {
  // test/fixtures/v1-template.xlsx is what `beekeeper template` wrote before v2 (commit 32682ef):
  // the 36 v1 assumptions with the v1 defaults (otherCostShare 0.45, meaning every cost but R&D)
  // and the v1 default uncertainty.
  const fixture = path.join(__dirname, '../fixtures/v1-template.xlsx');

  test('it reads, the assumptions v2 added take their defaults, and two warnings say why', async () => {
    const inputs = readSimulationTable(await readAssumptionsFile(fixture));
    expect(inputs.rows.filter((r) => r.variable !== undefined)).toHaveLength(36);
    for (const name of ADDED_IN_V2) expect(inputs.base[name]).toBe(DEFAULT_ASSUMPTIONS[name]);
    expect(inputs.base.otherCostShare).toBe(0.45); // as the file gives it
    expect(inputs.warnings.map((w) => w.where)).toEqual([
      `${fixture}, sheet Beekeeper Assumptions, table BeekeeperAssumptions`,
      expect.stringMatching(/^.*v1-template\.xlsx.* cell B\d+/),
    ]);
    expect(inputs.warnings[0].message).toMatch(
      /^this table names none of the assumptions model v2 added \(expansion, /,
    );
    expect(inputs.warnings[1].message).toMatch(/^otherCostShare 0\.45 is read as model v2 reads it/);
    const run = simulate(inputs, { scenario: 'compare', trials: 300, seed: 1, sampling: 'lhs' })!;
    expect(run.scenarios.map((s) => s.kpis.arr.every(Number.isFinite))).toEqual([true, true]);
  });

  test('a v2 table, and a small table that sets a few assumptions, are not warned about', async () => {
    expect(readSimulationTable(defaultSimulationTable()).warnings).toEqual([]);
    const small = write('small.csv', 'name,value\nimitation,0.3\nmonths,36\n');
    expect(readSimulationTable(await readAssumptionsFile(small)).warnings).toEqual([]);
    const withCosts = write('costs.csv', 'name,value\notherCostShare,0.2\nacquisitionCost,20000\n');
    expect(readSimulationTable(await readAssumptionsFile(withCosts)).warnings).toEqual([]);
  });
});
