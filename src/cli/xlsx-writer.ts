/**
 * The command line's report writer: translates a host-neutral {@link Report} into an .xlsx file
 * with ExcelJS, the way the task pane translates it into the open workbook (see
 * ../shared/spec/workbook.md, "Sheets written" and "Limits the writers respect").
 *
 * - Each sheet carries a marker (a defined name, see {@link markerName}) so that a later run
 *   recognises what Beekeeper wrote without trusting sheet names.
 * - The file is written to a temporary file in the same folder and renamed over the target, so
 *   a failed or cancelled run leaves nothing; a file Beekeeper did not write is never replaced.
 * - ExcelJS 4.4 cannot write charts (its README and index.d.ts describe no chart API; chart
 *   support is the open issue exceljs/exceljs#141), so each chart becomes a note, {@link chartNote},
 *   pointing at the table that holds its data, written over the chart's area and wrapped.
 */
import { randomBytes } from 'crypto';
import { promises as fsp } from 'fs';
import * as path from 'path';
import * as ExcelJS from 'exceljs';
import {
  CellValue,
  FORMATS,
  Report,
  ReportCell,
  ReportChart,
  ReportSheet,
  ReportTable,
  SheetKind,
  EXCEL_MAX_ROWS,
  EXCEL_MAX_COLUMNS,
  cellFormat,
} from '../report/types';
import { UsageError } from './io';

export { EXCEL_MAX_ROWS, EXCEL_MAX_COLUMNS }; // the writer's tests and callers read them here
/** Excel refuses longer sheet names, longer text in a cell, and wider columns. */
const MAX_SHEET_NAME = 31;
const MAX_CELL_TEXT = 32_767;
const MAX_COLUMN_WIDTH = 255;

/**
 * The command-line flags the messages name, kept here so the CLI defines its options with the
 * same spelling the messages use.
 */
export const CLI_FLAGS = { out: '--out', replace: '--force' } as const;

// ---------------------------------------------------------------------------------------------
// Markers
// ---------------------------------------------------------------------------------------------

/**
 * Every sheet kind; a Record so that a kind added to `SheetKind` cannot be forgotten here.
 * Markers are read back against this list.
 */
const SHEET_KINDS: Record<SheetKind, true> = {
  summary: true,
  monthly: true,
  inputs: true,
  sensitivity: true,
  trials: true,
  compare: true,
  assumptions: true,
};

/** The start of every marker name. */
export const MARKER_PREFIX = 'Beekeeper_Report_';

/**
 * The marker of the `index`-th sheet (1-based) a writer writes: a workbook-scoped defined name
 * `Beekeeper_Report_<kind>_<index>` that refers to cell A1 of the sheet.
 *
 * Why a defined name: it is the one per-sheet mark that ExcelJS can both write and read back
 * (ExcelJS keeps only range-valued, workbook-scoped names: a constant such as `="summary"` or a
 * sheet scope is dropped on write and on read; worksheet custom properties are not supported at
 * all), that Excel keeps through a save, and that follows the sheet when the user renames it.
 * The task pane can write the same mark with `workbook.names.add(name, sheet.getRange('A1'))`
 * (ExcelApi 1.4) and read it with `workbook.names` + `NamedItem.getRange()`; Office.js also has
 * `worksheet.customProperties` (ExcelApi 1.12), but ExcelJS can neither write nor read those.
 * The index keeps names unique: a workbook can hold two reports, and workbook-scoped names must
 * differ. The kind is in the name because a name's value can only be a range here.
 *
 * @example markerName('summary', 1) // "Beekeeper_Report_summary_1"
 */
export function markerName(kind: SheetKind, index: number): string {
  if (!Number.isInteger(index) || index < 1) throw new Error(`marker index must be a whole number ≥ 1, got ${index}`);
  return `${MARKER_PREFIX}${kind}_${index}`;
}

/**
 * The sheet kind a marker name stands for; `undefined` for any other name. Excel compares
 * names without regard to case, so this does too.
 *
 * @example markerKind('Beekeeper_Report_monthly_2') // "monthly"
 * @example markerKind('MyRange') // undefined
 */
export function markerKind(name: string): SheetKind | undefined {
  const match = /^beekeeper_report_([a-z]+)_\d+$/i.exec(name);
  if (!match) return undefined;
  const kind = match[1].toLowerCase();
  return kind in SHEET_KINDS ? (kind as SheetKind) : undefined;
}

/** A reference's sheet part, always quoted (a sheet named "A1" needs it): `'It''s'!`. */
function sheetPrefix(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'!`;
}

/** The sheet a reference such as `'It''s (2)'!$A$1` or `Sheet1!$A$1` points into. */
function sheetOfReference(reference: string): string | undefined {
  if (reference.startsWith("'")) {
    const match = /^'((?:[^']|'')+)'!/.exec(reference);
    return match ? match[1].replace(/''/g, "'") : undefined;
  }
  const bang = reference.indexOf('!');
  return bang > 0 ? reference.slice(0, bang) : undefined;
}

/**
 * The sheets of `workbook` that a Beekeeper writer marked, with their kind, in sheet order.
 * Sheets are found by their marker, not by their name, so a renamed report sheet is still
 * recognised and a user's sheet named "Beekeeper Summary" is not.
 *
 * @example
 * const workbook = new ExcelJS.Workbook();
 * await workbook.xlsx.readFile('report.xlsx');
 * readMarkers(workbook); // [{ sheet: 'Beekeeper Summary', kind: 'summary' }, ...]
 */
export function readMarkers(workbook: ExcelJS.Workbook): { sheet: string; kind: SheetKind }[] {
  const kinds = new Map<string, SheetKind>();
  for (const { name, ranges } of workbook.definedNames.model) {
    const kind = markerKind(name);
    if (kind === undefined) continue;
    for (const range of ranges) {
      const sheet = sheetOfReference(range);
      if (sheet !== undefined && !kinds.has(sheet.toLowerCase())) kinds.set(sheet.toLowerCase(), kind);
    }
  }
  return workbook.worksheets
    .filter((sheet) => kinds.has(sheet.name.toLowerCase()))
    .map((sheet) => ({ sheet: sheet.name, kind: kinds.get(sheet.name.toLowerCase()) as SheetKind }));
}

// ---------------------------------------------------------------------------------------------
// Sheet names and chart notes
// ---------------------------------------------------------------------------------------------

/** Cuts text to at most `length` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, length: number): string {
  if (text.length <= length) return text;
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

/**
 * A sheet name Excel accepts that is not in `taken` (compared without regard to case, as
 * Excel does): characters Excel forbids (`[ ] : * ? / \`) become `_`, apostrophes at either end
 * are dropped, the name is cut to 31 characters, and if it is taken " (2)", " (3)"… is added,
 * cutting the name further so the suffix fits. "History" is reserved by Excel.
 *
 * @example freeSheetName('Beekeeper Summary', []) // "Beekeeper Summary"
 * @example freeSheetName('Beekeeper Summary', ['beekeeper summary']) // "Beekeeper Summary (2)"
 * @example freeSheetName('Q1/Q2: [draft]', []) // "Q1_Q2_ _draft_"
 */
export function freeSheetName(wanted: string, taken: Iterable<string>): string {
  const used = new Set(['history']);
  for (const name of taken) used.add(name.toLowerCase());
  const trim = (name: string) => name.replace(/^'+|'+$/g, '');
  const base = trim(cut(trim(wanted.replace(/[[\]:*?/\\]/g, '_')), MAX_SHEET_NAME)) || 'Sheet';
  if (!used.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = cut(base, MAX_SHEET_NAME - suffix.length) + suffix;
    if (!used.has(name.toLowerCase())) return name;
  }
}

const CHART_KINDS: Record<ReportChart['kind'], string> = { line: 'Line', column: 'Column', bar: 'Bar' };

/**
 * What the .xlsx file shows where a chart would be: ExcelJS cannot write native charts, so the
 * note names the chart and the table holding its data. The one place this text is written, so
 * the README and the Summary sheet can quote it.
 *
 * @example
 * chartNote({ kind: 'line', title: 'Monthly revenue', table: 'BeekeeperMonthly',
 *   categoryColumn: 'month', seriesColumns: ['revenue P10', 'revenue P50'], row: 0, column: 0, width: 8, height: 15 })
 * // 'Line chart "Monthly revenue" (revenue P10, revenue P50 by month): native charts are written by
 * //  the Excel add-in; this file holds the chart's data in table BeekeeperMonthly: select it and Insert › Chart'
 */
export function chartNote(chart: ReportChart): string {
  return (
    `${CHART_KINDS[chart.kind]} chart "${chart.title}" (${chart.seriesColumns.join(', ')} by ${chart.categoryColumn}): ` +
    `native charts are written by the Excel add-in; this file holds the chart's data in table ${chart.table}: ` +
    'select it and Insert › Chart'
  );
}

// ---------------------------------------------------------------------------------------------
// Checking the report (a failure here is a bug in the report builder, not a user error)
// ---------------------------------------------------------------------------------------------

/** A1-style address of a 0-based position: (0, 0) is "A1". */
function address(row: number, column: number): string {
  let letters = '';
  for (let c = column + 1; c > 0; c = Math.floor((c - 1) / 26))
    letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  return `${letters}${row + 1}`;
}

/** A rectangle of cells, 0-based and inclusive, with what it holds for messages. */
interface Area {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  readonly what: string;
}

const overlaps = (a: Area, b: Area) => a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;

/** A valid Excel table name: starts with a letter or underscore, not a cell reference, ≤ 255. */
function isTableName(name: string): boolean {
  return (
    /^[A-Za-z_][A-Za-z0-9_.]{0,254}$/.test(name) &&
    !/^[A-Za-z]{1,3}[0-9]+$/.test(name) && // would read as a cell reference (A1, XFD1048576)
    !/^[RrCc]([0-9]*|[0-9]+[RrCc][0-9]*)$/.test(name) // or an R1C1 reference
  );
}

/** Checks one value against what an Excel cell holds; returns a problem, or undefined. */
function valueProblem(value: CellValue): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} is not a number Excel can hold`;
  if (typeof value === 'string' && value.length > MAX_CELL_TEXT)
    return `text of ${value.length} characters is longer than Excel's ${MAX_CELL_TEXT}`;
  if (value instanceof Date && Number.isNaN(value.getTime())) return 'an invalid date';
  return undefined;
}

/** The rows a table takes on its sheet: the header and at least one data row (Excel needs one). */
const tableHeight = (table: ReportTable) => 1 + Math.max(1, table.rows.length);

/**
 * Checks what the report promises and Excel requires, before anything is written: positions
 * within the sheet, tables that fit in Excel's 1,048,576 rows (the builder truncates, so this
 * is an assertion), valid and unique table names, rows as wide as their columns, values Excel
 * can hold, charts over existing columns, and nothing written over anything else.
 */
function checkReport(report: Report): void {
  const fail = (where: string, problem: string): never => {
    throw new Error(`invalid report: ${where}: ${problem}`);
  };
  if (report.sheets.length === 0) fail('the report', 'it has no sheets (a workbook needs one)');
  const tables = new Map<string, ReportTable>();
  for (const sheet of report.sheets) {
    for (const table of sheet.tables) {
      const key = table.name.toLowerCase();
      if (!isTableName(table.name) || key.startsWith(MARKER_PREFIX.toLowerCase()))
        fail(`sheet "${sheet.name}"`, `"${table.name}" is not a valid table name`);
      if (tables.has(key)) fail(`sheet "${sheet.name}"`, `table name ${table.name} is used twice`);
      tables.set(key, table);
    }
  }
  for (const sheet of report.sheets) {
    const where = `sheet "${sheet.name}"`;
    const areas: Area[] = [];
    const place = (row: number, column: number, height: number, width: number, what: string) => {
      if (!Number.isInteger(row) || !Number.isInteger(column) || row < 0 || column < 0)
        fail(where, `${what} is at row ${row}, column ${column}: positions are whole numbers from 0`);
      if (row + height > EXCEL_MAX_ROWS)
        fail(
          where,
          `${what} ends at row ${row + height}, past Excel's last row ${EXCEL_MAX_ROWS}; the builder must truncate it`,
        );
      if (column + width > EXCEL_MAX_COLUMNS) fail(where, `${what} ends past Excel's last column`);
      const area = { top: row, left: column, bottom: row + height - 1, right: column + width - 1, what };
      const clash = areas.find((other) => overlaps(other, area));
      if (clash) fail(where, `${what} overlaps ${clash.what}`);
      areas.push(area);
    };
    for (const table of sheet.tables) {
      const what = `table ${table.name}`;
      if (table.columns.length === 0) fail(where, `${what} has no columns`);
      const headers = new Set<string>();
      for (const { header } of table.columns) {
        if (header.trim() === '') fail(where, `${what} has a column without a header`);
        if (headers.has(header.toLowerCase())) fail(where, `${what} has two columns headed "${header}"`);
        headers.add(header.toLowerCase());
      }
      place(table.row, table.column, tableHeight(table), table.columns.length, what);
      table.rows.forEach((row, r) => {
        if (row.length !== table.columns.length)
          fail(where, `${what} data row ${r + 1} has ${row.length} values for ${table.columns.length} columns`);
        row.forEach((value, c) => {
          const problem = valueProblem(value);
          if (problem) fail(where, `${what} cell ${address(table.row + 1 + r, table.column + c)}: ${problem}`);
        });
      });
    }
    for (const cell of sheet.cells) {
      place(cell.row, cell.column, 1, 1, `cell ${address(cell.row, cell.column)}`);
      const problem = valueProblem(cell.value);
      if (problem) fail(where, `cell ${address(cell.row, cell.column)}: ${problem}`);
    }
    for (const chart of sheet.charts) {
      const what = `chart "${chart.title}"`;
      const table = tables.get(chart.table.toLowerCase());
      if (!table) fail(where, `${what} uses table ${chart.table}, which the report does not have`);
      for (const column of [chart.categoryColumn, ...chart.seriesColumns]) {
        if (!table?.columns.some((c) => c.header === column))
          fail(where, `${what} uses column "${column}", which table ${chart.table} does not have`);
      }
      // The whole area: a native chart there would hide anything under it.
      place(chart.row, chart.column, chart.height, chart.width, `the area of ${what}`);
    }
    const { rows, columns } = sheet.freeze;
    if (
      ![rows, columns].every((n) => Number.isInteger(n) && n >= 0) ||
      rows >= EXCEL_MAX_ROWS ||
      columns >= EXCEL_MAX_COLUMNS
    )
      fail(where, `frozen panes of ${rows} rows and ${columns} columns`);
    sheet.columnWidths.forEach((width, c) => {
      if (!(Number.isFinite(width) && width >= 0 && width <= MAX_COLUMN_WIDTH))
        fail(where, `column ${c + 1} width ${width}: Excel's widths go from 0 to ${MAX_COLUMN_WIDTH}`);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Building the workbook
// ---------------------------------------------------------------------------------------------

const FONTS: Record<NonNullable<ReportCell['style']>, Partial<ExcelJS.Font>> = {
  title: { bold: true, size: 14 },
  label: { bold: true },
  note: { italic: true, color: { argb: 'FF808080' } },
};

/** Writes one value with its format; General is Excel's default, so it needs no style. */
function setCell(cell: ExcelJS.Cell, value: CellValue, format: string | undefined): void {
  cell.value = value;
  if (format !== undefined && format !== FORMATS.general) cell.numFmt = format;
}

function writeTable(worksheet: ExcelJS.Worksheet, table: ReportTable): void {
  // Excel has no table without a data row: an empty result gets one empty row, as Excel itself
  // leaves when every row is deleted.
  const rows = table.rows.length > 0 ? table.rows : [table.columns.map(() => null)];
  worksheet.addTable({
    name: table.name,
    displayName: table.name,
    ref: address(table.row, table.column),
    headerRow: true,
    totalsRow: false,
    style: { theme: 'TableStyleMedium2', showRowStripes: true },
    columns: table.columns.map((column) => ({ name: column.header, filterButton: true })),
    rows: rows.map((row) => [...row]),
  });
  // Numbers are right-aligned, so their headers are too, and so is text among them ("after
  // month 60" in a column of months), which would otherwise run into its neighbour.
  table.columns.forEach((column, c) => {
    if (!column.byRow && (column.format === FORMATS.general || column.format === FORMATS.text)) return;
    worksheet.getCell(table.row + 1, table.column + 1 + c).alignment = { horizontal: 'right' };
    rows.forEach((row, r) => {
      if (typeof row[c] === 'string')
        worksheet.getCell(table.row + 2 + r, table.column + 1 + c).alignment = { horizontal: 'right' };
    });
  });
  // Formats go on the data cells only: the header is text (ExcelJS's column style would also
  // style the header).
  table.columns.forEach((column, c) => {
    if (column.format === FORMATS.general && !column.byRow) return;
    for (let r = 0; r < rows.length; r++) {
      const format = cellFormat(table, r, c);
      if (format !== FORMATS.general) worksheet.getCell(table.row + 2 + r, table.column + 1 + c).numFmt = format;
    }
  });
}

function writeSheet(worksheet: ExcelJS.Worksheet, sheet: ReportSheet): void {
  sheet.columnWidths.forEach((width, c) => (worksheet.getColumn(c + 1).width = width));
  for (const cell of sheet.cells) {
    const target = worksheet.getCell(cell.row + 1, cell.column + 1);
    setCell(target, cell.value, cell.format);
    if (cell.style) target.font = FONTS[cell.style];
  }
  for (const table of sheet.tables) writeTable(worksheet, table);
  for (const chart of sheet.charts) writeChartNote(worksheet, sheet, chart);
  // ExcelJS puts a manual page break after the row it is added to.
  for (const row of sheet.pageBreaks ?? []) if (row > 0) worksheet.getRow(row).addPageBreak();
  if (sheet.print) {
    worksheet.pageSetup.orientation = sheet.print.orientation;
    if (sheet.print.fitToWidth) {
      // One page wide, as many tall as it takes (0: no limit).
      worksheet.pageSetup.fitToPage = true;
      worksheet.pageSetup.fitToWidth = 1;
      worksheet.pageSetup.fitToHeight = 0;
    }
  }
}

/**
 * The note that stands in for a chart: merged over the chart's width and as many rows as the
 * text needs (within the chart's height), wrapped, so that it reads and prints whole.
 */
function writeChartNote(worksheet: ExcelJS.Worksheet, sheet: ReportSheet, chart: ReportChart): void {
  const text = chartNote(chart);
  let width = 0;
  for (let c = chart.column; c < chart.column + chart.width; c++) width += sheet.columnWidths[c] ?? 8.43;
  // A column width is in digits; italic text averages a little narrower, so this is generous.
  const lines = Math.min(chart.height, Math.ceil(text.length / Math.max(1, width)) + 1);
  worksheet.mergeCells(chart.row + 1, chart.column + 1, chart.row + lines, chart.column + chart.width);
  const target = worksheet.getCell(chart.row + 1, chart.column + 1);
  target.value = text;
  target.font = FONTS.note;
  target.alignment = { wrapText: true, vertical: 'top' };
}

/**
 * The report as an ExcelJS workbook, not yet written anywhere: one worksheet per report sheet
 * (named with {@link freeSheetName}), each with its cells, real Excel tables, frozen panes,
 * column widths, chart notes and its marker. Throws before building anything if the report
 * breaks a promise of its type or a limit of Excel (a bug in the builder, not a user error).
 *
 * Dates are written as ExcelJS writes them: the serial number of their UTC date and time (the
 * builder hands over the wall-clock time it wants shown as those UTC fields).
 *
 * @example
 * const workbook = buildWorkbook(report);
 * workbook.worksheets.map((sheet) => sheet.name); // ['Beekeeper Summary', 'Beekeeper Monthly', ...]
 */
export function buildWorkbook(report: Report, options: { readonly signal?: AbortSignal } = {}): ExcelJS.Workbook {
  checkReport(report);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Beekeeper';
  workbook.lastModifiedBy = 'Beekeeper';
  const taken: string[] = [];
  report.sheets.forEach((sheet, index) => {
    options.signal?.throwIfAborted();
    const name = freeSheetName(sheet.name, taken);
    taken.push(name);
    const { rows, columns } = sheet.freeze;
    const frozen = rows > 0 || columns > 0;
    const worksheet = workbook.addWorksheet(
      name,
      frozen ? { views: [{ state: 'frozen', xSplit: columns, ySplit: rows }] } : {},
    );
    writeSheet(worksheet, sheet);
    workbook.definedNames.add(`${sheetPrefix(name)}$A$1`, markerName(sheet.kind, index + 1));
  });
  return workbook;
}

// ---------------------------------------------------------------------------------------------
// Writing the file
// ---------------------------------------------------------------------------------------------

/** The messages the writer gives a user; each begins with the file name. */
export const writerMessages = {
  notXlsxName: (file: string) => `${file}: the report is an Excel workbook; give a file name ending in .xlsx`,
  isFolder: (file: string) => `${file} is a folder: give a file name ending in .xlsx`,
  notOurs: (file: string, why: string) =>
    `${file} exists and was not written by Beekeeper (${why}): choose another ${CLI_FLAGS.out} or move it`,
  earlierReport: (file: string) =>
    `${file} exists (a report an earlier Beekeeper run wrote): choose another ${CLI_FLAGS.out}, or add ${CLI_FLAGS.replace} to replace it`,
  appeared: (file: string) =>
    `${file} was created by another program while the report was being written: choose another ${CLI_FLAGS.out} or move it`,
  cannotWrite: (file: string, why: string) => `${file} could not be written: ${why}`,
} as const;

/** Options of {@link writeReportXlsx}; named so the command line can expose them as they are. */
export interface WriteOptions {
  /**
   * Replace the file if it is a report an earlier Beekeeper run wrote (an .xlsx whose every
   * sheet carries a marker). A file Beekeeper did not write is never replaced.
   */
  readonly replace?: boolean;
  /** Cancels the write; nothing is left behind: no report, no temporary file. */
  readonly signal?: AbortSignal;
}

const errorCode = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/** Why a file system error stopped the write, in words. */
function ioProblem(e: unknown, folder: string): string {
  switch (errorCode(e)) {
    case 'ENOENT':
      return `the folder ${folder} does not exist`;
    case 'ENOTDIR':
      return `${folder} is not a folder`;
    case 'EACCES':
      return 'permission denied';
    case 'EPERM':
      return 'permission denied (if the file is open in Excel, close it and try again)';
    case 'EBUSY':
      return 'it is open in another program (close it in Excel and try again)';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the disk is read-only';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/** Names of the entries of a zip archive, from its central directory; undefined if it is not one. */
function zipEntryNames(data: Buffer): string[] | undefined {
  const END = 0x06054b50;
  const ENTRY = 0x02014b50;
  // The end record is 22 bytes plus a comment of up to 65,535 bytes, at the end of the file.
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--) {
    if (data.readUInt32LE(at) !== END) continue;
    const names: string[] = [];
    let p = data.readUInt32LE(at + 16);
    for (let k = data.readUInt16LE(at + 10); k > 0; k--) {
      if (p + 46 > data.length || data.readUInt32LE(p) !== ENTRY) return undefined;
      const nameLength = data.readUInt16LE(p + 28);
      names.push(data.toString('utf8', p + 46, p + 46 + nameLength));
      p += 46 + nameLength + data.readUInt16LE(p + 30) + data.readUInt16LE(p + 32);
    }
    return names;
  }
  return undefined;
}

/**
 * Why the existing `file` is not a report Beekeeper wrote, or undefined if it is one: an .xlsx
 * whose every sheet carries a marker. Chart sheets and dialog or macro sheets are never
 * Beekeeper's; ExcelJS skips them when reading, so they are found in the zip's directory.
 */
async function notOursBecause(file: string): Promise<string | undefined> {
  const data = await fsp.readFile(file);
  const entries = zipEntryNames(data);
  if (!entries || !entries.includes('xl/workbook.xml')) return 'it is not an .xlsx workbook';
  if (entries.some((name) => /^xl\/(chartsheets|dialogsheets|macrosheets)\//.test(name))) return 'it has a chart sheet';
  const workbook = new ExcelJS.Workbook();
  try {
    // Only names and sheet names are needed: skipping the cells keeps a large report fast to check.
    await workbook.xlsx.load(data as unknown as ArrayBuffer, { ignoreNodes: ['sheetData'] }); // its type for a Buffer is ArrayBuffer
  } catch {
    return 'it is not an .xlsx workbook';
  }
  if (workbook.worksheets.length === 0) return 'it has no worksheets';
  const marked = new Set(readMarkers(workbook).map((marker) => marker.sheet));
  const unmarked = workbook.worksheets.find((sheet) => !marked.has(sheet.name));
  return unmarked ? `its sheet "${unmarked.name}" has no Beekeeper marker` : undefined;
}

/**
 * Checks that `file` may be written: absent (returns false), or an earlier Beekeeper report
 * and `replace` given (returns true). Anything else is refused with a message saying why.
 */
async function mayWrite(file: string, replace: boolean): Promise<boolean> {
  let stats;
  try {
    stats = await fsp.lstat(file);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return false;
    throw new UsageError(writerMessages.cannotWrite(file, ioProblem(e, path.dirname(file))));
  }
  if (stats.isDirectory()) throw new UsageError(writerMessages.isFolder(file));
  // Renaming over a link would replace the link itself, which is the user's.
  if (!stats.isFile()) throw new UsageError(writerMessages.notOurs(file, 'it is a link or a special file'));
  let why: string | undefined;
  try {
    why = await notOursBecause(file);
  } catch (e) {
    throw new UsageError(
      writerMessages.cannotWrite(file, `it exists and cannot be read: ${ioProblem(e, path.dirname(file))}`),
    );
  }
  if (why !== undefined) throw new UsageError(writerMessages.notOurs(file, why));
  if (!replace) throw new UsageError(writerMessages.earlierReport(file));
  return true;
}

/** A temporary file's name next to `file`, hidden and unlikely to be taken: `.<name>.<pid>-<random>.tmp`. */
const temporaryName = (file: string) =>
  path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);

/**
 * Checks, before any long work, that {@link writeReportXlsx} could write `file` now: its name
 * ends in .xlsx, it is absent or (with `replace`) a report an earlier Beekeeper run wrote, and
 * its folder exists and takes a new file, tried by creating and removing a temporary file
 * there (permission bits alone would not tell: root passes them, a read-only disk fails later).
 * Throws the {@link UsageError} the write would give; leaves nothing behind. The write checks
 * again, as things may change meanwhile.
 *
 * @example await checkReportTarget('out.xlsx'); // resolves: the write can go ahead
 * @example await checkReportTarget('no-such-folder/out.xlsx'); // throws "no-such-folder/out.xlsx could not be written: the folder no-such-folder does not exist"
 */
export async function checkReportTarget(file: string, options: Pick<WriteOptions, 'replace'> = {}): Promise<void> {
  if (!/\.xlsx$/i.test(file)) throw new UsageError(writerMessages.notXlsxName(file));
  await mayWrite(file, options.replace === true);
  const temporary = temporaryName(file);
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(temporary, 'wx'); // 'wx': a file already under that name is not ours to remove
    await handle.close();
  } catch (e) {
    throw new UsageError(writerMessages.cannotWrite(file, ioProblem(e, path.dirname(file))));
  } finally {
    if (handle) await fsp.unlink(temporary).catch(() => undefined);
  }
}

/**
 * Puts the finished temporary file in place. Replacing: a rename, atomic on one file system.
 * Not replacing: a hard link, which fails if a file of that name appeared meanwhile, so a file
 * created by someone else during the write is never overwritten; where links are not supported
 * (some network and FAT disks), a last check and a rename.
 */
async function publish(temporary: string, file: string, replace: boolean): Promise<void> {
  if (replace) return fsp.rename(temporary, file);
  try {
    await fsp.link(temporary, file);
  } catch (e) {
    if (errorCode(e) === 'EEXIST') throw new UsageError(writerMessages.appeared(file));
    if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP', 'EXDEV', 'EMLINK'].includes(errorCode(e) ?? '')) throw e;
    const exists = await fsp.lstat(file).then(
      () => true,
      () => false,
    );
    if (exists) throw new UsageError(writerMessages.appeared(file));
    return fsp.rename(temporary, file);
  }
  await fsp.unlink(temporary).catch(() => undefined); // the report is in place; a leftover link is harmless
}

/**
 * Writes `report` to the .xlsx file `file`, all or nothing: the workbook goes to a temporary
 * file in the same folder (`.<name>.<pid>-<random>.tmp`), which is renamed over `file` once
 * complete. On an error or when `options.signal` aborts, the temporary file is removed and
 * `file` is untouched. An existing `file` is replaced only if it is a report an earlier
 * Beekeeper run wrote and `options.replace` is set; otherwise the write is refused with a
 * {@link UsageError} naming the file. Cancelling rejects with the signal's reason.
 *
 * @example
 * await writeReportXlsx(report, 'out.xlsx'); // a new file
 * await writeReportXlsx(report, 'out.xlsx', { replace: true }); // replaces the earlier report
 * await writeReportXlsx(report, 'notes.xlsx'); // throws UsageError "notes.xlsx exists and was not written by Beekeeper ..."
 */
export async function writeReportXlsx(report: Report, file: string, options: WriteOptions = {}): Promise<void> {
  const { signal } = options;
  signal?.throwIfAborted();
  if (!/\.xlsx$/i.test(file)) throw new UsageError(writerMessages.notXlsxName(file));
  // Refuse before the work of building, not after.
  const replace = await mayWrite(file, options.replace === true);
  const workbook = buildWorkbook(report, { signal });
  const written: unknown = await workbook.xlsx.writeBuffer();
  // In Node, ExcelJS hands back a Buffer already (its type says ArrayBuffer): no copy needed.
  const data = Buffer.isBuffer(written) ? written : Buffer.from(written as ArrayBuffer);
  signal?.throwIfAborted();

  const folder = path.dirname(file);
  const temporary = temporaryName(file);
  let handle: fsp.FileHandle | undefined;
  try {
    // 'wx': never write into a file that happens to exist under the temporary name.
    handle = await fsp.open(temporary, 'wx');
    await handle.writeFile(data, { signal });
    await handle.sync(); // on disk before the rename, so a crash cannot leave a renamed empty file
    await handle.close();
    handle = undefined;
    signal?.throwIfAborted();
    await publish(temporary, file, replace);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fsp.unlink(temporary).catch(() => undefined);
    if (e instanceof UsageError || (signal?.aborted && e === signal.reason)) throw e;
    if ((e as Error | undefined)?.name === 'AbortError' && signal?.aborted) throw signal.reason;
    throw new UsageError(writerMessages.cannotWrite(file, ioProblem(e, folder)));
  }
}
