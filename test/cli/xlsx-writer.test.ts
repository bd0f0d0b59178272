import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ExcelJS from 'exceljs';
import { UsageError } from '../../src/cli/io';
import JSZip from 'jszip';
import {
  EXCEL_MAX_ROWS,
  buildWorkbook,
  checkReportTarget,
  readMarkers,
  writeReportXlsx,
  writerMessages,
} from '../../src/cli/xlsx-writer';
import { streamedTables } from '../../src/cli/xlsx-stream';
import { address, freeSheetName, markerKind, markerName } from '../../src/report/markers';
import { buildReport } from '../../src/report/build';
import { simulate } from '../../src/engine/simulation';
import { analyze } from '../../src/engine/simulation-results';
import { readSimulationTable } from '../../src/engine/simulation-inputs';
import { defaultSimulationTable } from '../../src/engine/default-uncertainty';
import { FORMATS, Report, ReportChart, ReportSheet, ReportTable } from '../../src/report/types';
import { bombSheet, deflated, partsOf, zipOf } from './zip-parts';

// The rewriting that made test/fixtures/openpyxl-template.xlsx (see that script).
const { absoluteTargets } = require('../fixtures/make-openpyxl-template.js') as {
  absoluteTargets: (relsName: string, xml: string) => string;
};

const started = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

const revenueChart: ReportChart = {
  kind: 'line',
  title: 'Monthly revenue',
  table: 'BeekeeperMonthly',
  categoryColumn: 'month',
  seriesColumns: ['revenue P10', 'revenue P50'],
  row: 0,
  column: 5,
  width: 8,
  height: 15,
};

const TRUNCATED = 'Only the first 3 trials fit in a worksheet; the statistics use all 5.';

const summary: ReportSheet = {
  name: 'Beekeeper Summary',
  kind: 'summary',
  cells: [
    { row: 0, column: 0, value: 'Beekeeper simulation: summary', style: 'title' },
    { row: 2, column: 0, value: 'trials', style: 'label' },
    { row: 2, column: 1, value: 10000, format: FORMATS.whole },
    { row: 3, column: 0, value: 'started', style: 'label' },
    { row: 3, column: 1, value: started, format: FORMATS.date },
    { row: 4, column: 0, value: 'converged', style: 'label' },
    { row: 4, column: 1, value: true },
  ],
  tables: [
    {
      name: 'BeekeeperKpis',
      row: 6,
      column: 0,
      columns: [
        { header: 'statistic', format: FORMATS.text },
        { header: 'npv', format: FORMATS.currency },
        { header: 'P(NPV > 0)', format: FORMATS.percent },
      ],
      rows: [
        ['mean', 1234567.891, 0.625],
        ['standard deviation', -42.5, null],
      ],
    },
  ],
  charts: [revenueChart],
  freeze: { rows: 0, columns: 0 },
  columnWidths: [12, 14, 10],
  print: { orientation: 'landscape', fitToWidth: true },
  pageBreaks: [11],
};

/** A table with one row per figure: its value columns take each row's format. */
const byRowTable: ReportTable = {
  name: 'BeekeeperByRow',
  row: 11,
  column: 0,
  columns: [
    { header: 'figure', format: FORMATS.general },
    { header: 'P50', format: FORMATS.general, byRow: true },
    { header: 'std error', format: FORMATS.general, byRow: 'finer' },
    { header: 'trials', format: FORMATS.whole },
  ],
  rows: [
    ['NPV', 1e6, 2e4, 9998],
    ['month cash runs out', 37, 0.42, 9998],
    ['gross margin', 0.77, 0.0004, 9998],
    ['no format', 3.25, 0.5, 9998],
  ],
  rowFormats: [FORMATS.currency, FORMATS.month, FORMATS.percent, undefined],
};
(summary.tables as ReportTable[]).push(byRowTable);

const monthly: ReportSheet = {
  name: 'Beekeeper Monthly',
  kind: 'monthly',
  cells: [],
  tables: [
    {
      name: 'BeekeeperMonthly',
      row: 0,
      column: 0,
      columns: [
        { header: 'month', format: FORMATS.month },
        { header: 'revenue P10', format: FORMATS.currency },
        { header: 'revenue P50', format: FORMATS.decimal },
      ],
      rows: [
        [1, 100.5, 200],
        [2, 110, 220.25],
        [3, 0.1 + 0.2, 1e-9],
      ],
    },
  ],
  charts: [],
  freeze: { rows: 1, columns: 1 },
  columnWidths: [8, 16, 16],
};

const trials: ReportSheet = {
  name: 'Beekeeper Trials',
  kind: 'trials',
  cells: [{ row: 0, column: 3, value: TRUNCATED, style: 'note' }],
  tables: [
    {
      name: 'BeekeeperTrials',
      row: 0,
      column: 0,
      columns: [
        { header: 'trial', format: FORMATS.whole },
        { header: 'npv', format: FORMATS.general },
      ],
      rows: [
        [1, 5.5],
        [2, -6],
        [3, 7],
      ],
    },
  ],
  charts: [],
  freeze: { rows: 1, columns: 0 },
  columnWidths: [],
  truncated: TRUNCATED,
};

const report: Report = { sheets: [summary, monthly, trials] };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beekeeper-xlsx-writer-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function readBack(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

/** The model ExcelJS keeps of a table it read (its typings describe the one it writes). */
function tableModel(sheet: ExcelJS.Worksheet, name: string) {
  return (
    sheet.getTable(name) as unknown as {
      table: { tableRef: string; columns: { name: string }[]; style: { theme: string } };
    }
  ).table;
}

describe('writeReportXlsx: what the file holds', () => {
  let workbook: ExcelJS.Workbook;
  beforeEach(async () => {
    const file = path.join(dir, 'out.xlsx');
    await writeReportXlsx(report, file);
    workbook = await readBack(file);
  });

  it('writes one worksheet per report sheet, in order, with its name', () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Beekeeper Summary',
      'Beekeeper Monthly',
      'Beekeeper Trials',
    ]);
  });

  it('writes cells with their exact values, number formats and styles', () => {
    const sheet = workbook.getWorksheet('Beekeeper Summary') as ExcelJS.Worksheet;
    expect(sheet.getCell('A1').value).toBe('Beekeeper simulation: summary');
    expect(sheet.getCell('A1').font).toMatchObject({ bold: true, size: 14 });
    expect(sheet.getCell('A3').font).toMatchObject({ bold: true });
    expect(sheet.getCell('B3').value).toBe(10000);
    expect(sheet.getCell('B3').numFmt).toBe('#,##0');
    expect(sheet.getCell('B4').value).toEqual(started);
    expect(sheet.getCell('B4').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.getCell('B5').value).toBe(true);
  });

  it('writes tables as real Excel tables: name, range, headers, style, values and column formats', () => {
    const sheet = workbook.getWorksheet('Beekeeper Summary') as ExcelJS.Worksheet;
    const table = tableModel(sheet, 'BeekeeperKpis');
    expect(table.tableRef).toBe('A7:C9');
    expect(table.columns.map((c) => c.name)).toEqual(['statistic', 'npv', 'P(NPV > 0)']);
    expect(table.style.theme).toBe('TableStyleMedium2');
    expect(['A7', 'B7', 'C7'].map((a) => sheet.getCell(a).value)).toEqual(['statistic', 'npv', 'P(NPV > 0)']);
    expect(['A8', 'B8', 'C8', 'A9', 'B9', 'C9'].map((a) => sheet.getCell(a).value)).toEqual([
      'mean',
      1234567.891,
      0.625,
      'standard deviation',
      -42.5,
      null,
    ]);
    expect(['A8', 'B8', 'C8', 'A9', 'B9', 'C9'].map((a) => sheet.getCell(a).numFmt)).toEqual([
      '@',
      '"$"#,##0;[Red]-"$"#,##0',
      '0.0%',
      '@',
      '"$"#,##0;[Red]-"$"#,##0',
      '0.0%',
    ]);
    // The header is text: no number format of the column.
    expect(sheet.getCell('B7').numFmt).toBeUndefined();

    const months = workbook.getWorksheet('Beekeeper Monthly') as ExcelJS.Worksheet;
    expect(tableModel(months, 'BeekeeperMonthly').tableRef).toBe('A1:C4');
    expect(['A4', 'B4', 'C4'].map((a) => months.getCell(a).value)).toEqual([3, 0.1 + 0.2, 1e-9]);
    expect(['A2', 'B2', 'C2'].map((a) => months.getCell(a).numFmt)).toEqual([
      '0',
      '"$"#,##0;[Red]-"$"#,##0',
      '#,##0.00',
    ]);
    // Numbers are right-aligned, so are their headers; text headers keep the default.
    expect(sheet.getCell('B7').alignment).toMatchObject({ horizontal: 'right' });
    expect(sheet.getCell('A7').alignment?.horizontal).toBeUndefined();
  });

  it("gives the cells of a by-row column their row's format, one decimal finer for a standard error", () => {
    const sheet = workbook.getWorksheet('Beekeeper Summary') as ExcelJS.Worksheet;
    const formats = [13, 14, 15, 16].map((r) => ['B', 'C', 'D'].map((c) => sheet.getCell(`${c}${r}`).numFmt));
    expect(formats).toEqual([
      [FORMATS.currency, FORMATS.currency, '#,##0'],
      ['0', '#,##0.0', '#,##0'],
      ['0.0%', '0.00%', '#,##0'],
      [undefined, undefined, '#,##0'], // General: no format written
    ]);
  });

  it('prints the sheets the report says one page wide, landscape, with its page breaks', () => {
    const sheet = workbook.getWorksheet('Beekeeper Summary') as ExcelJS.Worksheet;
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    // ExcelJS writes page breaks but does not read them back: check the workbook it writes.
    const built = buildWorkbook(report).getWorksheet('Beekeeper Summary') as unknown as { rowBreaks: { id: number }[] };
    expect(built.rowBreaks.map((b) => b.id)).toEqual([11]); // a break after row 11: row 12 (0-based 11) starts a page
    const months = workbook.getWorksheet('Beekeeper Monthly') as ExcelJS.Worksheet;
    expect(months.pageSetup.fitToPage).toBeFalsy();
  });

  it('freezes panes and sets column widths', () => {
    const months = workbook.getWorksheet('Beekeeper Monthly') as ExcelJS.Worksheet;
    expect(months.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
    expect([1, 2, 3].map((c) => months.getColumn(c).width)).toEqual([8, 16, 16]);
    const trialsSheet = workbook.getWorksheet('Beekeeper Trials') as ExcelJS.Worksheet;
    expect(trialsSheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 0, ySplit: 1 });
    const summarySheet = workbook.getWorksheet('Beekeeper Summary') as ExcelJS.Worksheet;
    expect(summarySheet.views?.[0]?.state).not.toBe('frozen'); // ExcelJS reads no views as null
    expect([1, 2, 3].map((c) => summarySheet.getColumn(c).width)).toEqual([12, 14, 10]);
  });

  it('marks every sheet with its kind', () => {
    expect(readMarkers(workbook)).toEqual([
      { sheet: 'Beekeeper Summary', kind: 'summary' },
      { sheet: 'Beekeeper Monthly', kind: 'monthly' },
      { sheet: 'Beekeeper Trials', kind: 'trials' },
    ]);
  });

  it("leaves each chart's area empty, for the native chart over it (test/cli/xlsx-charts.test.ts)", () => {
    const sheet = workbook.getWorksheet('Beekeeper Summary') as ExcelJS.Worksheet;
    const inArea: string[] = [];
    sheet.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: true }, (cell) => {
        const [r, c] = [Number(cell.row) - 1, Number(cell.col) - 1];
        const { row: top, column: left, height, width } = revenueChart;
        if (r >= top && r < top + height && c >= left && c < left + width) inArea.push(cell.address);
      }),
    );
    expect(inArea).toEqual([]);
    expect((sheet.model as unknown as { merges: string[] }).merges).toEqual([]);
  });

  it('keeps the truncation note of a cut sheet', () => {
    const sheet = workbook.getWorksheet('Beekeeper Trials') as ExcelJS.Worksheet;
    expect(sheet.getCell('D1').value).toBe(TRUNCATED);
    expect(sheet.getCell('D1').font).toMatchObject({ italic: true });
  });
});

describe('buildWorkbook', () => {
  it('gives each sheet a free name and a marker that survives quotes in the name', async () => {
    const named = (name: string): ReportSheet => ({ ...monthly, name, tables: [], freeze: { rows: 0, columns: 0 } });
    const workbook = buildWorkbook({ sheets: [named("It's: a/b"), named("it's_ a_b"), named('x'.repeat(40))] });
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["It's_ a_b", "it's_ a_b (2)", 'x'.repeat(31)]);
    const file = path.join(dir, 'names.xlsx');
    await workbook.xlsx.writeFile(file);
    expect(readMarkers(await readBack(file)).map((m) => m.sheet)).toEqual([
      "It's_ a_b",
      "it's_ a_b (2)",
      'x'.repeat(31),
    ]);
  });

  it('wraps the cells of a wrapped column and top-aligns the rows of its table, its header untouched', async () => {
    const table = monthly.tables[0] as ReportTable;
    const wrapped: ReportTable = {
      ...table,
      columns: [...table.columns.slice(0, 2), { header: 'note', format: FORMATS.general, wrap: 20 }],
      rows: table.rows.map((row) => [...row.slice(0, 2), 'a long text that runs onto a second line']),
    };
    const file = path.join(dir, 'wrapped.xlsx');
    await writeReportXlsx({ sheets: [{ ...monthly, tables: [wrapped], columnWidths: [8, 16, 20] }] }, file);
    const sheet = (await readBack(file)).worksheets[0];
    for (const r of [2, 3, 4]) {
      expect(sheet.getCell(r, 3).alignment).toEqual({ vertical: 'top', wrapText: true });
      expect(sheet.getCell(r, 1).alignment).toEqual({ vertical: 'top' });
    }
    expect(sheet.getCell(1, 3).alignment?.wrapText).toBeUndefined();
    expect(sheet.getColumn(3).width).toBe(20);
    // Each row as tall as its text's lines (LibreOffice does not refit rows): 40 characters in 18.
    expect(sheet.getRow(2).height).toBe(15 * 3);
  });

  it('gives an empty table the one data row Excel needs', () => {
    const empty: ReportTable = { ...(monthly.tables[0] as ReportTable), rows: [] };
    const workbook = buildWorkbook({ sheets: [{ ...monthly, tables: [empty] }] });
    const sheet = workbook.worksheets[0];
    expect(tableModel(sheet, 'BeekeeperMonthly').tableRef).toBe('A1:C2');
    expect(sheet.getCell('A2').value).toBeNull();
  });

  it('accepts a table that ends on Excel last row and refuses one row more', () => {
    const at = (row: number): Report => ({
      sheets: [{ ...trials, cells: [], tables: [{ ...(trials.tables[0] as ReportTable), row }] }],
    });
    // Header + 3 rows: rows EXCEL_MAX_ROWS - 4 … EXCEL_MAX_ROWS - 1 (0-based) is the last that fits.
    expect(buildWorkbook(at(EXCEL_MAX_ROWS - 4)).worksheets[0].getCell(EXCEL_MAX_ROWS, 1).value).toBe(3);
    expect(() => buildWorkbook(at(EXCEL_MAX_ROWS - 3))).toThrow(
      'invalid report: sheet "Beekeeper Trials": table BeekeeperTrials ends at row 1048577, past Excel\'s last row 1048576; the builder must truncate it',
    );
  });

  it('refuses reports that break a promise of their type, naming the sheet', () => {
    const sheetWith = (changes: Partial<ReportSheet>): Report => ({ sheets: [{ ...monthly, ...changes }] });
    const table = monthly.tables[0] as ReportTable;
    expect(() => buildWorkbook({ sheets: [] })).toThrow('invalid report: the report: it has no sheets');
    expect(() => buildWorkbook(sheetWith({ tables: [{ ...table, name: 'A1' }] }))).toThrow(
      'invalid report: sheet "Beekeeper Monthly": "A1" is not a valid table name',
    );
    expect(() => buildWorkbook({ sheets: [monthly, { ...monthly, name: 'Other' }] })).toThrow(
      'invalid report: sheet "Other": table name BeekeeperMonthly is used twice',
    );
    expect(() => buildWorkbook(sheetWith({ tables: [{ ...table, rows: [[1, 2]] }] }))).toThrow(
      'invalid report: sheet "Beekeeper Monthly": table BeekeeperMonthly data row 1 has 2 values for 3 columns',
    );
    expect(() => buildWorkbook(sheetWith({ tables: [{ ...table, rows: [[1, 2, NaN]] }] }))).toThrow(
      'invalid report: sheet "Beekeeper Monthly": table BeekeeperMonthly cell C2: NaN is not a number Excel can hold',
    );
    expect(() => buildWorkbook(sheetWith({ cells: [{ row: 2, column: 1, value: 'x' }] }))).toThrow(
      'invalid report: sheet "Beekeeper Monthly": cell B3 overlaps table BeekeeperMonthly',
    );
    expect(() => buildWorkbook(sheetWith({ charts: [{ ...revenueChart, table: 'Nope' }] }))).toThrow(
      'invalid report: sheet "Beekeeper Monthly": chart "Monthly revenue" uses table Nope, which the report does not have',
    );
    expect(() => buildWorkbook(sheetWith({ charts: [{ ...revenueChart, seriesColumns: ['revenue P99'] }] }))).toThrow(
      'invalid report: sheet "Beekeeper Monthly": chart "Monthly revenue" uses column "revenue P99", which table BeekeeperMonthly does not have',
    );
    // A chart's whole area must be free: a native chart there would hide the cell (M15 is its last).
    const inArea = { row: 14, column: 12, value: 'hidden' };
    expect(() => buildWorkbook(sheetWith({ cells: [inArea], charts: [revenueChart] }))).toThrow(
      'invalid report: sheet "Beekeeper Monthly": the area of chart "Monthly revenue" overlaps cell M15',
    );
    expect(() => buildWorkbook(sheetWith({ cells: [{ ...inArea, row: 15 }], charts: [revenueChart] }))).not.toThrow();
  });
});

describe('freeSheetName', () => {
  it('keeps a free name and numbers a taken one, comparing without case as Excel does', () => {
    expect(freeSheetName('Beekeeper Summary', [])).toBe('Beekeeper Summary');
    expect(freeSheetName('Beekeeper Summary', ['beekeeper summary'])).toBe('Beekeeper Summary (2)');
    expect(freeSheetName('Beekeeper Summary', ['Beekeeper Summary', 'Beekeeper Summary (2)'])).toBe(
      'Beekeeper Summary (3)',
    );
    const taken = ['S', ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `S (${n})`)];
    expect(freeSheetName('S', taken)).toBe('S (10)');
  });

  it("respects Excel's 31 characters, also with a suffix, without splitting a character", () => {
    const long = 'Beekeeper Sensitivity of everything';
    expect(freeSheetName(long, [])).toBe(long.slice(0, 31));
    expect(freeSheetName(long, [long.slice(0, 31)])).toBe(`${long.slice(0, 27)} (2)`);
    expect(freeSheetName(long, [long.slice(0, 31)]).length).toBe(31);
    expect(freeSheetName(`${'a'.repeat(30)}😀`, [])).toBe('a'.repeat(30));
  });

  it('replaces the characters Excel forbids and drops apostrophes at either end', () => {
    expect(freeSheetName('a[b]c:d*e?f/g\\h', [])).toBe('a_b_c_d_e_f_g_h');
    expect(freeSheetName("'quoted'", [])).toBe('quoted');
    expect(freeSheetName("it's", [])).toBe("it's");
    expect(freeSheetName("''", [])).toBe('Sheet');
    expect(freeSheetName('History', [])).toBe('History (2)');
  });
});

describe('markers', () => {
  it('names a marker by kind and index and reads the kind back, ignoring case and other names', () => {
    expect(markerName('summary', 1)).toBe('Beekeeper_Report_summary_1');
    expect(markerKind('beekeeper_report_MONTHLY_12')).toBe('monthly');
    expect(markerKind('Beekeeper_Report_unknown_1')).toBeUndefined();
    expect(markerKind('Beekeeper_Report_summary')).toBeUndefined();
    expect(markerKind('MyRange')).toBeUndefined();
    expect(() => markerName('summary', 0)).toThrow('marker index must be a whole number ≥ 1, got 0');
  });

  it("finds a user's sheet unmarked, even named like a report sheet", () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Beekeeper Summary');
    const mine = workbook.addWorksheet('Renamed');
    mine.getCell('A1').value = 1;
    workbook.definedNames.add("'Renamed'!$A$1", markerName('inputs', 3));
    workbook.definedNames.add("'Beekeeper Summary'!$A$1", 'MyRange');
    expect(readMarkers(workbook)).toEqual([{ sheet: 'Renamed', kind: 'inputs' }]);
  });
});

describe('writeReportXlsx: never a user file, never half a file', () => {
  async function userWorkbook(file: string): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').getCell('A1').value = 'my notes';
    await workbook.xlsx.writeFile(file);
    return fs.readFileSync(file);
  }

  it('refuses to overwrite an .xlsx it did not write, even with replace, and leaves it byte for byte', async () => {
    const file = path.join(dir, 'out.xlsx');
    const before = await userWorkbook(file);
    const expected = new UsageError(writerMessages.notOurs(file, 'its sheet "Notes" has no Beekeeper marker'));
    await expect(writeReportXlsx(report, file)).rejects.toThrow(expected);
    await expect(writeReportXlsx(report, file, { replace: true })).rejects.toThrow(expected);
    expect(expected.message).toBe(
      `${file} exists and was not written by Beekeeper (its sheet "Notes" has no Beekeeper marker): choose another --out or move it`,
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['out.xlsx']);
  });

  it('refuses a workbook with a chart sheet, which ExcelJS would not even see', async () => {
    // A zip (stored, no compression) with the entries an .xlsx with a chart sheet has; the
    // check reads the zip's directory, so the entries' content does not matter.
    const names = ['xl/workbook.xml', 'xl/chartsheets/sheet1.xml'];
    const local: Buffer[] = [];
    const central: Buffer[] = [];
    let offset = 0;
    for (const name of names) {
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(Buffer.byteLength(name), 26);
      local.push(header, Buffer.from(name));
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE(Buffer.byteLength(name), 28);
      entry.writeUInt32LE(offset, 42);
      central.push(entry, Buffer.from(name));
      offset += 30 + Buffer.byteLength(name);
    }
    const directory = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(names.length, 8);
    end.writeUInt16LE(names.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    const file = path.join(dir, 'out.xlsx');
    fs.writeFileSync(file, Buffer.concat([...local, directory, end]));
    const before = fs.readFileSync(file);
    await expect(writeReportXlsx(report, file, { replace: true })).rejects.toThrow(
      writerMessages.notOurs(file, 'it has a chart sheet'),
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('reads an existing .xlsx as openpyxl writes it (absolute relationship targets), not as "not a workbook"', async () => {
    const file = path.join(dir, 'out.xlsx');
    const zip = await JSZip.loadAsync(await userWorkbook(file));
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.rels')))
      zip.file(name, absoluteTargets(name, await zip.file(name)!.async('string')));
    fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    await expect(writeReportXlsx(report, file, { replace: true })).rejects.toThrow(
      writerMessages.notOurs(file, 'its sheet "Notes" has no Beekeeper marker'),
    );
    // A template saved by openpyxl keeps its markers: recognised as an assumptions table, which a
    // report never replaces (a template may, with --force).
    const template = path.join(dir, 'template.xlsx');
    fs.copyFileSync(path.join(__dirname, '../fixtures/openpyxl-template.xlsx'), template);
    await expect(checkReportTarget(template, { replace: true })).rejects.toThrow(writerMessages.notAReport(template));
    await expect(checkReportTarget(template, { writing: 'template' })).rejects.toThrow(
      writerMessages.earlierTemplate(template),
    );
  });

  it('refuses a zip bomb as --out by its directory, without inflating it', async () => {
    const file = path.join(dir, 'out.xlsx');
    await writeReportXlsx(report, file);
    const parts = await partsOf(fs.readFileSync(file));
    const bomb = bombSheet('xl/sharedStrings.xml', 400);
    fs.writeFileSync(file, zipOf([...parts].map(([name, data]) => (name === bomb.name ? bomb : deflated(name, data)))));
    await expect(checkReportTarget(file, { replace: true })).rejects.toThrow(
      writerMessages.notOurs(
        file,
        'its part xl/sharedStrings.xml is 400.0 MB uncompressed; Beekeeper reads parts of at most 32 MB',
      ),
    );
  });

  it('refuses to overwrite a file that is not a workbook', async () => {
    const file = path.join(dir, 'out.xlsx');
    fs.writeFileSync(file, 'not a workbook');
    await expect(writeReportXlsx(report, file, { replace: true })).rejects.toThrow(
      `${file} exists and was not written by Beekeeper (it is not an .xlsx workbook): choose another --out or move it`,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('not a workbook');
  });

  it('refuses an earlier report the user added a sheet to', async () => {
    const file = path.join(dir, 'out.xlsx');
    await writeReportXlsx(report, file);
    const workbook = await readBack(file);
    workbook.addWorksheet('My analysis');
    await workbook.xlsx.writeFile(file);
    const before = fs.readFileSync(file);
    await expect(writeReportXlsx(report, file, { replace: true })).rejects.toThrow(
      writerMessages.notOurs(file, 'its sheet "My analysis" has no Beekeeper marker'),
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('replaces an earlier report only when asked to', async () => {
    const file = path.join(dir, 'out.xlsx');
    await writeReportXlsx(report, file);
    const before = fs.readFileSync(file);
    await expect(writeReportXlsx({ sheets: [monthly] }, file)).rejects.toThrow(
      `${file} exists (a report an earlier Beekeeper run wrote): choose another --out, or add --force to replace it`,
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    await writeReportXlsx({ sheets: [monthly] }, file, { replace: true });
    expect((await readBack(file)).worksheets.map((s) => s.name)).toEqual(['Beekeeper Monthly']);
    expect(fs.readdirSync(dir)).toEqual(['out.xlsx']);
  });

  it('refuses a name that is not .xlsx and a folder', async () => {
    await expect(writeReportXlsx(report, path.join(dir, 'out.csv'))).rejects.toThrow(
      new UsageError(`${path.join(dir, 'out.csv')}: the report is an Excel workbook; give a file name ending in .xlsx`),
    );
    const folder = path.join(dir, 'folder.xlsx');
    fs.mkdirSync(folder);
    await expect(writeReportXlsx(report, folder)).rejects.toThrow(
      `${folder} is a folder: give a file name ending in .xlsx`,
    );
    expect(fs.readdirSync(dir)).toEqual(['folder.xlsx']);
  });

  it('leaves nothing when cancelled before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(writeReportXlsx(report, path.join(dir, 'out.xlsx'), { signal: controller.signal })).rejects.toThrow(
      /aborted/i,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('removes the temporary file when cancelled while writing it', async () => {
    const controller = new AbortController();
    const open = fs.promises.open;
    const opened: string[] = [];
    jest.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
      const handle = await open(...args);
      opened.push(String(args[0]));
      controller.abort(); // cancelled once the temporary file exists
      return handle;
    });
    const error: unknown = await writeReportXlsx(report, path.join(dir, 'out.xlsx'), {
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(error).toBeDefined();
    expect(error).toBe(controller.signal.reason);
    expect(opened).toHaveLength(1);
    expect(path.basename(opened[0])).toMatch(/^\.out\.xlsx\.\d+-[0-9a-f]{8}\.tmp$/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('leaves nothing when the write fails: a missing folder, a failing rename', async () => {
    const missing = path.join(dir, 'no such folder', 'out.xlsx');
    await expect(writeReportXlsx(report, missing)).rejects.toThrow(
      new UsageError(`${missing} could not be written: the folder ${path.dirname(missing)} does not exist`),
    );
    expect(fs.readdirSync(dir)).toEqual([]);

    const failure = Object.assign(new Error('EIO: i/o error, link'), { code: 'EIO' });
    jest.spyOn(fs.promises, 'link').mockRejectedValue(failure);
    const file = path.join(dir, 'out.xlsx');
    await expect(writeReportXlsx(report, file)).rejects.toThrow(`${file} could not be written: EIO: i/o error, link`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('does not overwrite a file that appears while the report is being written', async () => {
    const file = path.join(dir, 'out.xlsx');
    const open = fs.promises.open;
    jest.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
      fs.writeFileSync(file, 'written by someone else meanwhile');
      return open(...args);
    });
    await expect(writeReportXlsx(report, file)).rejects.toThrow(
      `${file} was created by another program while the report was being written: choose another --out or move it`,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('written by someone else meanwhile');
    expect(fs.readdirSync(dir)).toEqual(['out.xlsx']);
  });
});

describe('writeReportXlsx: big tables are streamed', () => {
  /** A real report with its Trials sheet, of a run small enough to write both ways quickly. */
  const runReport = () => {
    const run = simulate(readSimulationTable(defaultSimulationTable()), {
      scenario: 'compare',
      trials: 300,
      seed: 3,
      sampling: 'lhs',
    });
    if (!run) throw new Error('not cancelled, so there is a run');
    return buildReport(run, analyze(run), {
      version: '0.1.0',
      startedAt: started,
      seconds: 1,
      trialsSheet: true,
      source: 'd',
    });
  };
  /** Every cell of every sheet: address, value, number format and alignment; and each table's range. */
  const contents = (workbook: ExcelJS.Workbook) =>
    workbook.worksheets.map((sheet) => {
      const cells: unknown[] = [];
      sheet.eachRow({ includeEmpty: false }, (row) =>
        row.eachCell({ includeEmpty: true }, (cell) =>
          cells.push([cell.address, cell.value, cell.numFmt, cell.alignment?.horizontal]),
        ),
      );
      const tables = Object.keys((sheet as unknown as { tables: Record<string, unknown> }).tables).map((name) => {
        const { tableRef, columns } = tableModel(sheet, name);
        return [name, tableRef, columns.map((c) => c.name)];
      });
      return { name: sheet.name, cells, tables, views: sheet.views };
    });

  it('streams the Trials table only, and the file holds what the document writer wrote, cell for cell', async () => {
    const report = runReport();
    const trialsTable = report.sheets.find((s) => s.kind === 'trials')!.tables[0];
    const streamed = streamedTables(report, 100);
    expect([...streamed.values()].flat()).toEqual([trialsTable]);
    const documentFile = path.join(dir, 'document.xlsx');
    const streamedFile = path.join(dir, 'streamed.xlsx');
    await writeReportXlsx(report, documentFile, { streamFromRows: Infinity }); // ExcelJS's document writer, as before
    await writeReportXlsx(report, streamedFile, { streamFromRows: 100 });
    const [before, after] = [await readBack(documentFile), await readBack(streamedFile)];
    const expected = contents(before);
    expect(contents(after)).toEqual(expected);
    expect(after.definedNames.model).toEqual(before.definedNames.model);
    const trials = expected.find((s) => s.name === 'Beekeeper Trials')!;
    expect(trials.tables[0][1]).toBe(`A1:${address(300, trialsTable.columns.length - 1)}`);
    expect(trials.cells.length).toBeGreaterThan(300 * 40); // a compare run: 41 columns
  });

  it('a cancel during the streamed rows leaves the earlier report intact and no temporary file', async () => {
    const rows = Array.from({ length: 3 * 2_000 }, (_, i) => [i + 1, i / 7, i % 3 === 0 ? null : -i]);
    const big: Report = {
      sheets: [
        {
          ...trials,
          cells: [],
          tables: [
            {
              ...trials.tables[0],
              columns: [...trials.tables[0].columns, { header: 'x', format: FORMATS.currency }],
              rows,
            },
          ],
        },
      ],
    };
    const file = path.join(dir, 'out.xlsx');
    await writeReportXlsx(report, file);
    const before = fs.readFileSync(file);
    const controller = new AbortController();
    const open = fs.promises.open;
    const writes: number[] = [];
    jest.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
      const handle = await open(...args);
      const write = handle.write.bind(handle) as (chunk: Buffer) => Promise<unknown>;
      (handle as unknown as { write: typeof write }).write = (chunk: Buffer) => {
        writes.push(chunk.length);
        if (writes.length === 2) controller.abort(); // within the zip, before the rows are all out
        return write(chunk);
      };
      return handle;
    });
    const error: unknown = await writeReportXlsx(big, file, {
      replace: true,
      signal: controller.signal,
      streamFromRows: 100,
    }).catch((e: unknown) => e);
    expect(error).toBe(controller.signal.reason);
    expect(writes).toHaveLength(2); // it stopped at the next look at the signal
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['out.xlsx']);
  });
});

describe('writeReportXlsx: printing (workbook.md v3, "Printing and sharing")', () => {
  /** Sheets as the v3 builder prints them: a fixed scale with an area, print titles, fit to pages. */
  const printed: Report = {
    footer: 'Beekeeper run of 2026-01-02 03:04 (R&D)',
    sheets: [
      {
        ...summary,
        print: { orientation: 'landscape', fitToWidth: false, scale: 83, area: { rows: [0, 71], columns: [0, 4] } },
      },
      {
        ...monthly,
        print: { orientation: 'landscape', fitToWidth: true, titleRows: [0, 0], titleColumns: [0, 1] },
      },
      { ...trials, print: { orientation: 'portrait', fitToWidth: true, fitToHeight: 2 } },
    ],
  };
  const footer = '&L&A&CPage &P of &N&RBeekeeper run of 2026-01-02 03:04 (R&&D)';

  /** Writes `report`, its Trials table streamed, and reads it back: ExcelJS's view and the raw parts. */
  async function write(report: Report) {
    const file = path.join(dir, 'printed.xlsx');
    await writeReportXlsx(report, file, { streamFromRows: 2 });
    return { workbook: await readBack(file), parts: await partsOf(fs.readFileSync(file)) };
  }
  const sheetXml = (parts: Map<string, Buffer>, n: number) => parts.get(`xl/worksheets/sheet${n}.xml`)!.toString();

  it('prints at a fixed scale within its print area, the area absolute as Excel writes it', async () => {
    const { workbook, parts } = await write(printed);
    const sheet = workbook.getWorksheet('Beekeeper Summary')!;
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', scale: 83, printArea: 'A1:E72' });
    expect(sheet.pageSetup.fitToPage).toBeFalsy(); // else Excel fits, and ignores the manual page break
    expect(parts.get('xl/workbook.xml')!.toString()).toContain(
      `<definedName name="_xlnm.Print_Area" localSheetId="0">&apos;Beekeeper Summary&apos;!$A$1:$E$72</definedName>`,
    );
    expect(sheetXml(parts, 1)).not.toContain('fitToPage');
    expect(sheetXml(parts, 1)).toMatch(/<pageSetup [^>]*scale="83"/);
  });

  it('repeats the title rows and columns on every page, and fits to pages wide and tall as told', async () => {
    const { workbook, parts } = await write(printed);
    const months = workbook.getWorksheet('Beekeeper Monthly')!;
    expect(months.pageSetup).toMatchObject({
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages tall as it takes
      printTitlesRow: '1:1',
      printTitlesColumn: 'A:B',
    });
    expect(parts.get('xl/workbook.xml')!.toString()).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="1">&apos;Beekeeper Monthly&apos;!$A:$B,&apos;Beekeeper Monthly&apos;!$1:$1</definedName>`,
    );
    const trialsSheet = workbook.getWorksheet('Beekeeper Trials')!;
    expect(trialsSheet.pageSetup).toMatchObject({
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 2,
    });
    // Print titles and areas are defined names of their own: the sheets' markers are still found.
    expect(readMarkers(workbook).map((m) => m.kind)).toEqual(['summary', 'monthly', 'trials']);
  });

  it("footers every page with the sheet's name, its page of all and the run's date, on every sheet", async () => {
    const { workbook, parts } = await write({
      ...printed,
      sheets: [...printed.sheets.slice(0, 2), { ...trials }], // the Trials sheet without a print setup
    });
    for (const sheet of workbook.worksheets) expect(sheet.headerFooter.oddFooter).toBe(footer);
    // In the file itself too, also in the sheet whose table was streamed.
    for (const n of [1, 2, 3])
      expect(sheetXml(parts, n)).toContain(
        `<headerFooter><oddFooter>${footer.replace(/&/g, '&amp;')}</oddFooter></headerFooter>`,
      );
  });

  it('writes no footer for a report without one (the template)', async () => {
    const { workbook, parts } = await write({ sheets: [monthly] });
    expect(workbook.worksheets[0].headerFooter?.oddFooter).toBeUndefined();
    expect(sheetXml(parts, 1)).not.toContain('<oddFooter>');
  });
});
