/**
 * Reads a user's assumptions file, plan file, correlations file or history file (.xlsx, .csv,
 * .tsv or .json) into an {@link InputTable}: the header and the rows as written, each cell with
 * where it came from, so that the checks that follow (the simulation's input checks, `readPlan`,
 * `readCorrelations`, `readHistory`) can name the file, sheet, row and column in their messages.
 * This module checks the file itself (its type, encoding, syntax, formulas and error cells), not
 * what the rows say.
 */
import * as path from 'path';
import * as ExcelJS from 'exceljs';
import { describeValue } from '../model/errors';
import type { InputCell, InputTable } from '../engine/simulation-inputs';
import { CsvSyntaxError } from './csv';
import { UsageError } from './io';
import { READ_LIMITS, limitMessages, parseBoundedCsv, readBoundedFile } from './limits';
import { XlsxFileError, loadXlsx } from './xlsx-file';
import { readMarkers } from './xlsx-writer';
import { columnLetters } from '../report/markers';

/**
 * What a file holds, for the readers below that the assumptions file and the plan file share:
 * the words of their messages and how a workbook's table is found.
 */
export interface TableFileKind {
  /** The file in words: "an assumptions file", "a plan file". */
  readonly name: string;
  /** The columns of its header, in messages: "month, name, value". */
  readonly columns: string;
  /** What one data row is, in messages: "assumption", "decision". */
  readonly row: string;
  /** The key of a JSON file's wrapper object, {"plan": [...]}. */
  readonly jsonKey: string;
  /** One JSON row, in messages: {"name": ..., "value": ...}. */
  readonly jsonRow: string;
  /** Where the table is in a workbook; fails when it holds none. */
  readonly findBlock: (workbook: ExcelJS.Workbook, file: string) => Block;
}

const COLUMNS = 'name, value, distribution, p1, p2, p3, unit, description';

/** Every message this module gives; each begins with the file name (or a place in the file). */
export const assumptionsFileMessages = {
  unknownType: (file: string, extension: string) =>
    `${file}: unknown file type ${extension ? `"${extension}"` : '(no extension)'}: give an .xlsx, .csv, .tsv or .json file`,
  notFound: (file: string) => `${file}: no such file`,
  isFolder: (file: string) => `${file} is a folder, not a file`,
  cannotRead: (file: string, why: string) => `${file} could not be read: ${why}`,
  empty: (file: string, kind: TableFileKind = ASSUMPTIONS_FILE) =>
    `${file} is empty: expected a header row (${kind.columns}) and a row per ${kind.row}`,
  notUtf8: (file: string) => `${file} is not UTF-8 text: save it with UTF-8 encoding (in Excel: "CSV UTF-8")`,
  emptyHeader: (file: string, kind: TableFileKind = ASSUMPTIONS_FILE) =>
    `${file} row 1: the header row is empty: expected ${kind.columns}`,
  beyondHeader: (where: string, value: unknown) =>
    `${where} holds ${describeValue(value)}, but the header row has no column there`,
  notXlsx: (file: string, why: string) =>
    `${file} is not an .xlsx workbook (${why}): save it in Excel as "Excel Workbook"`,
  noTable: (file: string) =>
    `${file}: no assumptions table found: expected an Excel table with a "name" column, or a header row starting with "name" (${COLUMNS})`,
  noTableOnSheet: (file: string, sheet: string) =>
    `${file}, sheet ${sheet}: the sheet is marked as Beekeeper assumptions but holds no table with a "name" column`,
  formulaWithoutValue: (where: string) =>
    `${where} holds a formula without a saved value; open and save the file in Excel`,
  errorValue: (where: string, error: string) => `${where} holds the error ${error}; correct it in Excel`,
  unreadableValue: (where: string) => `${where} holds a value of a kind Beekeeper cannot read`,
  jsonSyntax: (file: string, line: number, column: number, problem: string) =>
    `${file} line ${line}, column ${column}: not valid JSON: ${problem}`,
  jsonShape: (file: string, got: string, kind: TableFileKind = ASSUMPTIONS_FILE) =>
    `${file}: expected an array of ${kind.row}s, [${kind.jsonRow}, ...], or {"${kind.jsonKey}": [...]}, got ${got}`,
  jsonNotObject: (where: string, got: string, kind: TableFileKind = ASSUMPTIONS_FILE) =>
    `${where} must be an object with the column names as keys (${kind.jsonRow}), got ${got}`,
  jsonBadValue: (where: string, got: string) => `${where} must be a number, text, true, false or null, got ${got}`,
  jsonTooLarge: (where: string) => `${where} is a number too large for Excel`,
  afterTable: (where: string, end: number) =>
    `${where} holds values below the table, which ends at the empty row ${end}: delete that empty row if this row belongs ` +
    'to the table; only notes (text in the first column alone) may follow it',
} as const;

const fail = (message: string): never => {
  throw new UsageError(message);
};

/** A JSON value's kind in words, for messages. */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return describeValue(value);
}

const isEmpty = (cell: InputCell) => cell.value === null;

/**
 * The rows without the empty ones at the end. Empty rows in between stay, as empty rows: a
 * row's position is its data-row number, the key of its random numbers (workbook.md, "Inputs"),
 * so removing one would change the samples of every row below it.
 */
function withoutTrailingEmpty(rows: InputCell[][]): InputCell[][] {
  let end = rows.length;
  while (end > 0 && rows[end - 1].every(isEmpty)) end--;
  return rows.slice(0, end);
}

// ---------------------------------------------------------------------------------------------
// Text: CSV, TSV, JSON
// ---------------------------------------------------------------------------------------------

/**
 * The file's text: UTF-8 (with or without a BOM), or UTF-16 when it starts with a UTF-16 BOM
 * (Excel's "Unicode Text" is tab-separated UTF-16). Other encodings are refused rather than
 * read as garbled names.
 */
function decodeText(data: Buffer, file: string): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data);
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return fail(assumptionsFileMessages.notUtf8(file));
  }
}

/**
 * A CSV or TSV file: the first row is the header, up to its last non-empty cell; a value
 * outside the header's columns is an error rather than silently ignored. The table ends at the
 * first empty row; below it only notes (text in the first column alone) may follow.
 */
function readDelimited(data: Buffer, file: string, delimiter: string, kind: TableFileKind): InputTable {
  const text = decodeText(data, file);
  let grid: ReturnType<typeof parseBoundedCsv> = [];
  try {
    grid = parseBoundedCsv(text, delimiter, file);
  } catch (e) {
    if (e instanceof CsvSyntaxError) fail(`${file} ${e.message}`);
    throw e;
  }
  if (grid.length === 0) fail(assumptionsFileMessages.empty(file, kind));
  const cellAt = (r: number, c: number): InputCell => ({
    value: grid[r][c] ?? null,
    where: `${file} row ${r + 1}, column ${columnLetters(c)}`,
  });
  let width = grid[0].length;
  while (width > 0 && grid[0][width - 1] === null) width--;
  if (width === 0) fail(assumptionsFileMessages.emptyHeader(file, kind));
  const header = grid[0].slice(0, width).map((_, c) => cellAt(0, c));
  // The table ends at the first empty row. Below it only notes may follow, as `template` writes
  // in the .xlsx: a row holding more is refused rather than dropped unseen.
  let end = 1;
  while (end < grid.length && !grid[end].every((value) => value === null)) end++;
  for (let r = end + 1; r < grid.length; r++) {
    if (grid[r].some((value, c) => c > 0 && value !== null)) {
      fail(assumptionsFileMessages.afterTable(`${file} row ${r + 1}`, end + 1));
    }
  }
  const rows: InputCell[][] = [];
  for (let r = 1; r < end; r++) {
    for (let c = width; c < grid[r].length; c++) {
      if (grid[r][c] !== null) fail(assumptionsFileMessages.beyondHeader(cellAt(r, c).where, grid[r][c]));
    }
    rows.push(header.map((_, c) => cellAt(r, c)));
  }
  return { source: file, header, rows };
}

/**
 * Where `text` first nests deeper than {@link READ_LIMITS}.jsonDepth, or undefined: checked
 * before JSON.parse and the syntax scan below, whose recursion a deep file would overflow.
 */
function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > READ_LIMITS.jsonDepth) return i;
    } else if (c === ']' || c === '}') depth--;
  }
  return undefined;
}

/** Where the scan below stopped: the offset in the text and what is wrong there. */
class JsonSyntaxStop extends Error {
  constructor(
    readonly at: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/**
 * Where and why `text` stops being JSON (RFC 8259), found by a strict scan. Used only after
 * JSON.parse has failed, because its messages do not always give a position.
 */
function jsonSyntaxError(text: string): JsonSyntaxStop | undefined {
  let i = 0;
  const stop = (problem: string): never => {
    throw new JsonSyntaxStop(i, problem);
  };
  const found = () => {
    if (i >= text.length) return 'the end of the file';
    const word = /^[A-Za-z_]\w*/.exec(text.slice(i, i + 20));
    return word ? word[0] : JSON.stringify(text[i]);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) stop('a string is not closed');
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) stop('a line break or control character inside a string (write it as \\n)');
      if (c === 0x5c) {
        const escape = /^\\(["\\/bfnrt]|u[0-9A-Fa-f]{4})/.exec(text.slice(i, i + 6));
        if (!escape) stop(`invalid escape ${JSON.stringify(text.slice(i, i + 2))} in a string`);
        i += escape ? escape[0].length : 0;
      } else i++;
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '"') return string();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] === close) return void i++;
      for (;;) {
        if (close === '}') {
          space();
          if (text[i] !== '"') stop(`expected a property name in double quotes, found ${found()}`);
          string();
          space();
          if (text[i] !== ':') stop(`expected ":" after a property name, found ${found()}`);
          i++;
        }
        value();
        space();
        if (text[i] === close) return void i++;
        if (text[i] !== ',') stop(`expected "," or "${close}", found ${found()}`);
        i++;
      }
    }
    const literal = /^(true|false|null)(?![\w])/.exec(text.slice(i, i + 6));
    if (literal) return void (i += literal[1].length);
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (number && !/^[\w.]/.test(text.slice(i + number[0].length, i + number[0].length + 1))) {
      return void (i += number[0].length);
    }
    if (number || c === '-')
      stop(`invalid number, found ${JSON.stringify(text.slice(i, i + 20).split(/[\s,\]}]/)[0])}`);
    stop(`expected a value, found ${found()}`);
  };
  try {
    value();
    space();
    if (i < text.length) stop(`unexpected ${found()} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (e instanceof JsonSyntaxStop) return e;
    throw e;
  }
}

/** JSON paths read as JavaScript: `[3].p1`, `[3]["p 1"]`. */
const keyPath = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);

/** A JSON value as a cell: numbers, text and true/false as they are; null, absent and "" empty. */
function jsonCell(value: unknown, where: string): InputCell {
  if (value === undefined || value === null || value === '') return { value: null, where };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(assumptionsFileMessages.jsonTooLarge(where)); // 1e999 parses as Infinity
    return { value, where };
  }
  if (typeof value === 'string' || typeof value === 'boolean') return { value, where };
  return fail(assumptionsFileMessages.jsonBadValue(where, jsonKind(value)));
}

/**
 * A JSON file: an array of objects whose keys are the column names, or `{"assumptions": [...]}`.
 * The header lists every key in order of first appearance; a key an object lacks is empty.
 */
function readJson(data: Buffer, file: string, kind: TableFileKind): InputTable {
  const text = decodeText(data, file); // TextDecoder drops a BOM
  if (text.trim() === '') fail(assumptionsFileMessages.empty(file, kind));
  const position = (at: number) => {
    const before = text.slice(0, at).split(/\r\n|\r|\n/);
    return { line: before.length, column: before[before.length - 1].length + 1 };
  };
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    const { line, column } = position(deep);
    fail(
      limitMessages.tooDeep(
        `${file} line ${line}, column ${column}`,
        kind.name,
        `{"${kind.jsonKey}": [${kind.jsonRow}]}`,
      ),
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const error = jsonSyntaxError(text);
    if (!error) return fail(`${file}: not valid JSON: ${(e as Error).message}`);
    const { line, column } = position(error.at);
    fail(assumptionsFileMessages.jsonSyntax(file, line, column, error.problem));
  }
  const wrapped = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  const items = wrapped ? (parsed as Record<string, unknown>)[kind.jsonKey] : parsed;
  if (!Array.isArray(items)) {
    const got = wrapped
      ? `an object without a${/^[aeiou]/.test(kind.jsonKey) ? 'n' : ''} "${kind.jsonKey}" array`
      : jsonKind(parsed);
    fail(assumptionsFileMessages.jsonShape(file, got, kind));
  }
  const list = items as unknown[];
  if (list.length > READ_LIMITS.rows) fail(limitMessages.tooManyRows(file, list.length));
  const at = (index: number) => `${file} ${wrapped ? kind.jsonKey : ''}[${index}]`;
  const keys = new Map<string, string>(); // key → where it first appears
  list.forEach((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      fail(assumptionsFileMessages.jsonNotObject(at(index), jsonKind(item), kind));
    }
    for (const key of Object.keys(item as object)) if (!keys.has(key)) keys.set(key, `${at(index)}${keyPath(key)}`);
  });
  if (keys.size > READ_LIMITS.columns) fail(limitMessages.tooManyColumns(file, keys.size));
  const header = [...keys].map(([key, where]) => ({ value: key, where }));
  const rows = list.map((item, index) =>
    [...keys.keys()].map((key) => jsonCell((item as Record<string, unknown>)[key], `${at(index)}${keyPath(key)}`)),
  );
  return { source: file, header, rows: withoutTrailingEmpty(rows) };
}

// ---------------------------------------------------------------------------------------------
// .xlsx
// ---------------------------------------------------------------------------------------------

/** What ExcelJS keeps of a table it read (its typings describe the table it writes instead). */
interface LoadedTable {
  readonly table: { readonly name: string; readonly tableRef?: string; readonly totalsRow?: boolean };
}

/** A block of cells on a sheet, 1-based and inclusive, the first row being the header. */
export interface Block {
  readonly sheet: ExcelJS.Worksheet;
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  readonly source: string;
}

/**
 * Decodes "B2:I12" (or "B2") into 1-based rows and columns.
 *
 * @example decodeRange('B2:I12') // { top: 2, left: 2, bottom: 12, right: 9 }
 */
export function decodeRange(ref: string): { top: number; left: number; bottom: number; right: number } | undefined {
  const match = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/i.exec(ref);
  if (!match) return undefined;
  const column = (letters: string) =>
    [...letters.toUpperCase()].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);
  const top = Number(match[2]);
  const left = column(match[1]);
  return { top, left, bottom: match[4] ? Number(match[4]) : top, right: match[3] ? column(match[3]) : left };
}

/** A header cell as the finders compare it: text trimmed and in lower case; anything else "". */
const headerText = (value: ExcelJS.CellValue | undefined) =>
  typeof value === 'string' ? value.trim().toLowerCase() : '';

/** Whether a table's header (its cells as {@link headerText} gives them) is the one looked for. */
type HeaderTest = (headers: readonly string[]) => boolean;

/**
 * An assumptions header has a "name" column and no "month" column, which a plan table has beside
 * its "name", nor a "correlation" column, which a correlation table has beside its names.
 */
const isAssumptionsHeader: HeaderTest = (headers) =>
  headers.includes('name') && !headers.includes('month') && !headers.includes('correlation');
/** A plan header has the columns month, name and value, in any order. */
const isPlanHeader: HeaderTest = (headers) => ['month', 'name', 'value'].every((c) => headers.includes(c));

/**
 * The first Excel table on the sheet whose header passes `test` (or, given `named`, the table of
 * that name, whatever its header: its reader then says what the header lacks). Its first row is
 * taken as the header: ExcelJS cannot tell a table without a header row (rare, and never what
 * `template` writes) from one with, as it reads the missing attribute Excel writes for "one
 * header row" as none.
 */
function tableBlock(sheet: ExcelJS.Worksheet, file: string, test: HeaderTest, named?: string): Block | undefined {
  for (const loaded of sheet.getTables() as unknown as LoadedTable[]) {
    const range = decodeRange(loaded.table.tableRef ?? '');
    if (!range) continue;
    if (named !== undefined && loaded.table.name.toLowerCase() !== named.toLowerCase()) continue;
    const headers: string[] = [];
    for (let c = range.left; c <= Math.min(range.right, range.left + READ_LIMITS.columns); c++)
      headers.push(headerText(sheet.findCell(range.top, c)?.value));
    if (named === undefined && !test(headers)) continue;
    const bottom = range.bottom - (loaded.table.totalsRow ? 1 : 0);
    const source = `${file}, sheet ${sheet.name}, table ${loaded.table.name}`;
    const where = `${source} (${loaded.table.tableRef})`;
    if (bottom - range.top > READ_LIMITS.rows) fail(limitMessages.tooManyRows(where, bottom - range.top));
    if (range.right - range.left + 1 > READ_LIMITS.columns) {
      fail(limitMessages.tooManyColumns(where, range.right - range.left + 1));
    }
    return { sheet, ...range, bottom, source };
  }
  return undefined;
}

/**
 * The first row whose non-empty cells pass `test` (their texts as {@link headerText} gives them,
 * left to right): the header runs from the row's first non-empty cell to its last, the data to
 * the sheet's last row (empty rows at the end are dropped later).
 */
function headerRowBlock(sheet: ExcelJS.Worksheet, file: string, test: HeaderTest): Block | undefined {
  for (let r = 1; r <= sheet.rowCount; r++) {
    const cells: { column: number; value: ExcelJS.CellValue }[] = [];
    // eachCell visits the cells holding a value, left to right.
    sheet.findRow(r)?.eachCell((found, column) => void cells.push({ column, value: found.value }));
    if (cells.length > 0 && test(cells.map((cell) => headerText(cell.value)))) {
      const [left, right] = [cells[0].column, cells[cells.length - 1].column];
      const source = `${file}, sheet ${sheet.name}`;
      if (right - left + 1 > READ_LIMITS.columns) {
        const header = `${columnLetters(left - 1)}${r}:${columnLetters(right - 1)}${r}`;
        fail(limitMessages.tooManyColumns(`${source}: the header row ${header}`, right - left + 1));
      }
      if (sheet.rowCount - r > READ_LIMITS.rows) fail(limitMessages.sheetRows(source, r, sheet.rowCount));
      return { sheet, top: r, left, bottom: sheet.rowCount, right, source };
    }
  }
  return undefined;
}

/** An assumptions header row starts with "name" (and has no "month": that is a plan's). */
const isAssumptionsRow: HeaderTest = (cells) => cells[0] === 'name' && isAssumptionsHeader(cells);

/**
 * Finds the assumptions: on a sheet Beekeeper marked as assumptions (`template` writes it, and
 * marks its plan sheet so too), else on the first sheet holding a table with a "name" column or
 * a header row starting with "name". A table or row that also has a "month" column is a plan,
 * never the assumptions.
 */
function findAssumptionsBlock(workbook: ExcelJS.Workbook, file: string): Block {
  const marked = readMarkers(workbook).filter((marker) => marker.kind === 'assumptions');
  const sheets = marked.map((marker) => workbook.getWorksheet(marker.sheet) as ExcelJS.Worksheet);
  for (const sheet of marked.length > 0 ? sheets : workbook.worksheets) {
    const block = tableBlock(sheet, file, isAssumptionsHeader) ?? headerRowBlock(sheet, file, isAssumptionsRow);
    if (block) return block;
  }
  if (marked.length > 0) fail(assumptionsFileMessages.noTableOnSheet(file, marked[0].sheet));
  return fail(assumptionsFileMessages.noTable(file));
}

/** The sheet `template` writes the plan on, and the table the task pane and `template` name it. */
export const PLAN_SHEET = 'Beekeeper Plan';
export const PLAN_TABLE = 'BeekeeperPlan';

/** The messages about a plan file of their own; each begins with the file name. */
export const planFileMessages = {
  noTable: (file: string) =>
    `${file}: no plan table found: expected a sheet named "${PLAN_SHEET}", or a table or header row with the columns month, name and value`,
  noTableOnSheet: (file: string, sheet: string) =>
    `${file}, sheet ${sheet}: no plan table on the sheet: expected a header row with the columns month, name and value (as \`beekeeper template\` writes it)`,
} as const;

/**
 * The plan a workbook holds beside its assumptions, or undefined: the table named BeekeeperPlan
 * on any sheet, else the table (or header row month | name | value) on the sheet named
 * "Beekeeper Plan", which must then hold one.
 */
function workbookPlanBlock(workbook: ExcelJS.Workbook, file: string): Block | undefined {
  for (const sheet of workbook.worksheets) {
    const named = tableBlock(sheet, file, isPlanHeader, PLAN_TABLE);
    if (named) return named;
  }
  const sheet = workbook.worksheets.find((s) => s.name.toLowerCase() === PLAN_SHEET.toLowerCase());
  if (!sheet) return undefined;
  return (
    tableBlock(sheet, file, isPlanHeader) ??
    headerRowBlock(sheet, file, isPlanHeader) ??
    fail(planFileMessages.noTableOnSheet(file, sheet.name))
  );
}

/** The plan of a plan workbook: as beside assumptions, else on the first sheet with a plan table or header row. */
function findPlanBlock(workbook: ExcelJS.Workbook, file: string): Block {
  const block = workbookPlanBlock(workbook, file);
  if (block) return block;
  for (const sheet of workbook.worksheets) {
    const found = tableBlock(sheet, file, isPlanHeader) ?? headerRowBlock(sheet, file, isPlanHeader);
    if (found) return found;
  }
  return fail(planFileMessages.noTable(file));
}

/** The sheet `template` writes the correlations on, and the table the task pane and `template` name it. */
export const CORRELATIONS_SHEET = 'Beekeeper Correlations';
export const CORRELATIONS_TABLE = 'BeekeeperCorrelations';

/**
 * A correlation header has a "correlation" column and two names: name1 and name2, or "name"
 * twice (spaces ignored, as the reader reads them).
 */
const isCorrelationHeader: HeaderTest = (headers) => {
  const keys = headers.map((h) => h.replace(/\s+/g, ''));
  const names = keys.filter((k) => k === 'name').length;
  return (
    keys.includes('correlation') && names + (keys.includes('name1') ? 1 : 0) + (keys.includes('name2') ? 1 : 0) >= 2
  );
};

/** The messages about a correlations file of their own; each begins with the file name. */
export const correlationsFileMessages = {
  noTable: (file: string) =>
    `${file}: no correlation table found: expected a sheet named "${CORRELATIONS_SHEET}", or a table or header row with the columns name1, name2 and correlation`,
  noTableOnSheet: (file: string, sheet: string) =>
    `${file}, sheet ${sheet}: no correlation table on the sheet: expected a header row with the columns name1, name2 and correlation (as \`beekeeper template\` writes it)`,
} as const;

/**
 * The correlations a workbook holds beside its assumptions, or undefined: the table named
 * BeekeeperCorrelations on any sheet, else the table (or header row name1 | name2 |
 * correlation) on the sheet named "Beekeeper Correlations", which must then hold one.
 */
function workbookCorrelationBlock(workbook: ExcelJS.Workbook, file: string): Block | undefined {
  for (const sheet of workbook.worksheets) {
    const named = tableBlock(sheet, file, isCorrelationHeader, CORRELATIONS_TABLE);
    if (named) return named;
  }
  const sheet = workbook.worksheets.find((s) => s.name.toLowerCase() === CORRELATIONS_SHEET.toLowerCase());
  if (!sheet) return undefined;
  return (
    tableBlock(sheet, file, isCorrelationHeader) ??
    headerRowBlock(sheet, file, isCorrelationHeader) ??
    fail(correlationsFileMessages.noTableOnSheet(file, sheet.name))
  );
}

/** The correlations of a correlations workbook: as beside assumptions, else the first sheet with a correlation table or header row. */
function findCorrelationBlock(workbook: ExcelJS.Workbook, file: string): Block {
  const block = workbookCorrelationBlock(workbook, file);
  if (block) return block;
  for (const sheet of workbook.worksheets) {
    const found = tableBlock(sheet, file, isCorrelationHeader) ?? headerRowBlock(sheet, file, isCorrelationHeader);
    if (found) return found;
  }
  return fail(correlationsFileMessages.noTable(file));
}

/** A correlations file: rows name1 | name2 | correlation (see {@link readCorrelationsFile}). */
export const CORRELATIONS_FILE: TableFileKind = {
  name: 'a correlations file',
  columns: 'name1, name2, correlation',
  row: 'correlation',
  jsonKey: 'correlations',
  jsonRow: '{"name1": ..., "name2": ..., "correlation": ...}',
  findBlock: findCorrelationBlock,
};

/** The sheet `template` writes the history on, and the table the task pane and `template` name it. */
export const HISTORY_SHEET = 'Beekeeper History';
export const HISTORY_TABLE = 'BeekeeperHistory';

/** A history header has the columns month, metric and value, in any order. */
const isHistoryHeader: HeaderTest = (headers) => ['month', 'metric', 'value'].every((c) => headers.includes(c));

/** The messages about a history file of their own; each begins with the file name. */
export const historyFileMessages = {
  noTable: (file: string) =>
    `${file}: no history table found: expected a sheet named "${HISTORY_SHEET}", or a table or header row with the columns month, metric and value`,
  noTableOnSheet: (file: string, sheet: string) =>
    `${file}, sheet ${sheet}: no history table on the sheet: expected a header row with the columns month, metric and value (as \`beekeeper template\` writes it)`,
} as const;

/**
 * The history a workbook holds beside its assumptions, or undefined: the table named
 * BeekeeperHistory on any sheet, else the table (or header row month | metric | value) on the
 * sheet named "Beekeeper History", which must then hold one.
 */
function workbookHistoryBlock(workbook: ExcelJS.Workbook, file: string): Block | undefined {
  for (const sheet of workbook.worksheets) {
    const named = tableBlock(sheet, file, isHistoryHeader, HISTORY_TABLE);
    if (named) return named;
  }
  const sheet = workbook.worksheets.find((s) => s.name.toLowerCase() === HISTORY_SHEET.toLowerCase());
  if (!sheet) return undefined;
  return (
    tableBlock(sheet, file, isHistoryHeader) ??
    headerRowBlock(sheet, file, isHistoryHeader) ??
    fail(historyFileMessages.noTableOnSheet(file, sheet.name))
  );
}

/** The history of a history workbook: as beside assumptions, else the first sheet with a history table or header row. */
function findHistoryBlock(workbook: ExcelJS.Workbook, file: string): Block {
  const block = workbookHistoryBlock(workbook, file);
  if (block) return block;
  for (const sheet of workbook.worksheets) {
    const found = tableBlock(sheet, file, isHistoryHeader) ?? headerRowBlock(sheet, file, isHistoryHeader);
    if (found) return found;
  }
  return fail(historyFileMessages.noTable(file));
}

/** A history file: rows month | metric | value | error (see {@link readHistoryFile}). */
export const HISTORY_FILE: TableFileKind = {
  name: 'a history file',
  columns: 'month, metric, value, error',
  row: 'observation',
  jsonKey: 'history',
  jsonRow: '{"month": ..., "metric": ..., "value": ..., "error": ...}',
  findBlock: findHistoryBlock,
};

/** An assumptions file: the table `template` writes (see {@link readAssumptionsFile}). */
export const ASSUMPTIONS_FILE: TableFileKind = {
  name: 'an assumptions file',
  columns: COLUMNS,
  row: 'assumption',
  jsonKey: 'assumptions',
  jsonRow: '{"name": ..., "value": ...}',
  findBlock: findAssumptionsBlock,
};

/** A plan file: rows month | name | value (see {@link readPlanFile}). */
export const PLAN_FILE: TableFileKind = {
  name: 'a plan file',
  columns: 'month, name, value',
  row: 'decision',
  jsonKey: 'plan',
  jsonRow: '{"month": ..., "name": ..., "value": ...}',
  findBlock: findPlanBlock,
};

/**
 * A cell's value as formulas in Excel see it: numbers, text and booleans as they are, empty
 * (and "") as null, a date as its serial number (a number shown as a date is still that
 * number), a formula as its saved result. A formula without a saved result and an error value
 * (#N/A, #VALUE!…) are errors naming the cell.
 *
 * @example xlsxValue({ formula: '12*5', result: 60 }, 'inputs.xlsx, sheet A, cell B6', false) // 60
 */
export function xlsxValue(value: ExcelJS.CellValue | undefined, where: string, date1904: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value === '' ? null : value;
  if (value instanceof Date) return 25569 + value.getTime() / 86_400_000 - (date1904 ? 1462 : 0); // as ExcelJS converts
  if ('error' in value) return fail(assumptionsFileMessages.errorValue(where, value.error));
  if ('formula' in value || 'sharedFormula' in value) {
    if (value.result === undefined) return fail(assumptionsFileMessages.formulaWithoutValue(where));
    return xlsxValue(value.result, where, date1904);
  }
  if ('richText' in value) return value.richText.map((run) => run.text).join('') || null;
  if ('hyperlink' in value) return xlsxValue(value.text, where, date1904);
  return fail(assumptionsFileMessages.unreadableValue(where));
}

/** Why `data` cannot be an .xlsx workbook, judged by its first bytes; undefined if it may be one. */
function notZipBecause(data: Buffer): string | undefined {
  if (data.length === 0) return 'the file is empty';
  if (data.subarray(0, 8).equals(Buffer.from('d0cf11e0a1b11ae1', 'hex'))) {
    return 'it is an old .xls workbook, or a password-protected one';
  }
  return data.subarray(0, 2).toString('latin1') === 'PK' ? undefined : 'it is not a zip archive';
}

async function loadWorkbook(data: Buffer, file: string): Promise<ExcelJS.Workbook> {
  const notZip = notZipBecause(data);
  if (notZip) fail(assumptionsFileMessages.notXlsx(file, notZip));
  let workbook = new ExcelJS.Workbook();
  try {
    workbook = await loadXlsx(data);
  } catch (e) {
    if (!(e instanceof XlsxFileError)) throw e;
    fail(e.kind === 'limit' ? `${file}: ${e.why}` : assumptionsFileMessages.notXlsx(file, e.why));
  }
  if (workbook.worksheets.length === 0) fail(assumptionsFileMessages.notXlsx(file, 'it holds no worksheets'));
  return workbook;
}

/** The cells of a block: each as Excel's formulas see it, with its sheet and cell for messages. */
function readBlock(workbook: ExcelJS.Workbook, block: Block, file: string): InputTable {
  const date1904 = workbook.properties.date1904 === true;
  const cellAt = (r: number, c: number): InputCell => {
    const found = block.sheet.findCell(r, c); // undefined for a cell never written
    const where = `${file}, sheet ${block.sheet.name}, cell ${columnLetters(c - 1)}${r}`;
    // A merged cell other than its top-left one is empty to Excel, though ExcelJS repeats the value.
    if (!found || (found.isMerged && found.master.address !== found.address)) return { value: null, where };
    return { value: xlsxValue(found.value, where, date1904), where };
  };
  const columns = Array.from({ length: block.right - block.left + 1 }, (_, i) => block.left + i);
  const header = columns.map((c) => cellAt(block.top, c));
  const rows: InputCell[][] = [];
  for (let r = block.top + 1; r <= block.bottom; r++) rows.push(columns.map((c) => cellAt(r, c)));
  return { source: block.source, header, rows: withoutTrailingEmpty(rows) };
}

// ---------------------------------------------------------------------------------------------
// The entry points
// ---------------------------------------------------------------------------------------------

const EXTENSIONS = ['.xlsx', '.csv', '.tsv', '.json'];

/** The bytes of `file`, within the limits; every problem of the file system worded, naming it. */
async function readData(file: string): Promise<Buffer> {
  const extension = path.extname(file).toLowerCase();
  if (!EXTENSIONS.includes(extension)) fail(assumptionsFileMessages.unknownType(file, path.extname(file)));
  try {
    return await readBoundedFile(file);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail(assumptionsFileMessages.notFound(file));
    if (code === 'EISDIR') fail(assumptionsFileMessages.isFolder(file));
    if (code === 'EACCES' || code === 'EPERM') fail(assumptionsFileMessages.cannotRead(file, 'permission denied'));
    return fail(assumptionsFileMessages.cannotRead(file, e instanceof Error ? e.message : String(e)));
  }
}

/** A text file's table: JSON, or CSV (TSV for .tsv). */
function readText(data: Buffer, file: string, kind: TableFileKind): InputTable {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.json') return readJson(data, file, kind);
  return readDelimited(data, file, extension === '.tsv' ? '\t' : ',', kind);
}

/** The table of a file of `kind`, by its extension (see {@link readAssumptionsFile}). */
async function readTableFile(file: string, kind: TableFileKind): Promise<InputTable> {
  const data = await readData(file);
  if (path.extname(file).toLowerCase() !== '.xlsx') return readText(data, file, kind);
  const workbook = await loadWorkbook(data, file);
  return readBlock(workbook, kind.findBlock(workbook, file), file);
}

/**
 * Reads an assumptions file into an input table, by its extension:
 * - `.xlsx`: the sheet `template` marked as assumptions, else the first sheet with an Excel
 *   table that has a "name" column, or a header row starting with "name" (a table or row that
 *   also has a "month" column is a plan, not the assumptions); cells as Excel's formulas see
 *   them (a formula's saved result; error cells and formulas never calculated are refused,
 *   naming the cell);
 * - `.csv` / `.tsv`: RFC 4180, UTF-8 (or UTF-16 with a BOM); unquoted numbers become numbers;
 * - `.json`: `[{"name": "imitation", "value": 0.38, ...}, ...]` or `{"assumptions": [...]}`.
 *
 * Empty cells are null. Rows keep their positions, empty ones included (a row's position is the
 * key of its random numbers); only empty rows at the end are dropped. The values are not checked as
 * assumptions here: every cell carries `where` (e.g. "inputs.csv row 7, column D") for the
 * checks that follow. Any problem with the file itself is a {@link UsageError} whose message
 * begins with the file name.
 *
 * @example
 * // inputs.csv: name,value\nimitation,0.38
 * await readAssumptionsFile('inputs.csv');
 * // { source: 'inputs.csv',
 * //   header: [{ value: 'name', where: 'inputs.csv row 1, column A' }, { value: 'value', where: 'inputs.csv row 1, column B' }],
 * //   rows: [[{ value: 'imitation', where: 'inputs.csv row 2, column A' }, { value: 0.38, where: 'inputs.csv row 2, column B' }]] }
 */
export async function readAssumptionsFile(file: string): Promise<InputTable> {
  return readTableFile(file, ASSUMPTIONS_FILE);
}

/**
 * Reads a plan file (model.md v3, "The plan") into an input table, for `readPlan` to check
 * against the run's assumptions. As {@link readAssumptionsFile} reads, with the plan's header
 * `month | name | value` (any order and case; other columns ignored):
 * - `.xlsx`: the table named BeekeeperPlan, else the sheet "Beekeeper Plan" (as `template`
 *   writes it), else the first sheet with a table or header row having month, name and value;
 *   a date cell is its Excel date serial (a month by date, with startDate);
 * - `.csv` / `.tsv`: the header row, then a row per decision;
 * - `.json`: `[{"month": 9, "name": "funding", "value": 20000000}, ...]` or `{"plan": [...]}`.
 *
 * @example
 * // plan.csv: month,name,value\n9,funding,20000000
 * (await readPlanFile('plan.csv')).rows[0][2] // { value: 20000000, where: 'plan.csv row 2, column C' }
 */
export async function readPlanFile(file: string): Promise<InputTable> {
  return readTableFile(file, PLAN_FILE);
}

/**
 * Reads a correlations file (model.md v3, "Correlated inputs") into an input table, for
 * `readCorrelations` to check against the run's uncertain inputs. As {@link readAssumptionsFile}
 * reads, with the header `name1 | name2 | correlation` (or `name | name | correlation`; any order
 * of columns and case; other columns ignored):
 * - `.xlsx`: the table named BeekeeperCorrelations, else the sheet "Beekeeper Correlations" (as
 *   `template` writes it), else the first sheet with a table or header row having those columns;
 * - `.csv` / `.tsv`: the header row, then a row per correlation;
 * - `.json`: `[{"name1": "marketSize", "name2": "organizations", "correlation": 0.8}, ...]` or
 *   `{"correlations": [...]}`.
 *
 * @example
 * // correlations.csv: name1,name2,correlation\nmarketSize,organizations,0.8
 * (await readCorrelationsFile('correlations.csv')).rows[0][2] // { value: 0.8, where: 'correlations.csv row 2, column C' }
 */
export async function readCorrelationsFile(file: string): Promise<InputTable> {
  return readTableFile(file, CORRELATIONS_FILE);
}

/**
 * Reads a history file (model.md v3, "History: uncertainty conditioned on what happened") into
 * an input table, for `readHistory` to check against the run's assumptions (their months and
 * startDate). As {@link readAssumptionsFile} reads, with the header `month | metric | value |
 * error` (error optional; any order of columns and case; other columns ignored):
 * - `.xlsx`: the table named BeekeeperHistory, else the sheet "Beekeeper History" (as
 *   `template` writes it), else the first sheet with a table or header row having those columns;
 * - `.csv` / `.tsv`: the header row, then a row per observation;
 * - `.json`: `[{"month": 12, "metric": "customers", "value": 40, "error": 0.3}, ...]` or
 *   `{"history": [...]}`.
 *
 * @example
 * // history.csv: month,metric,value\n12,customers,40
 * (await readHistoryFile('history.csv')).rows[0][2] // { value: 40, where: 'history.csv row 2, column C' }
 */
export async function readHistoryFile(file: string): Promise<InputTable> {
  return readTableFile(file, HISTORY_FILE);
}

/** A table a workbook holds beside its assumptions: where it is, and how to read it. */
export interface BesideTable {
  /** "template.xlsx, sheet Beekeeper Plan, table BeekeeperPlan". */
  readonly source: string;
  /** Its table; throws a {@link UsageError} naming the cell when it cannot be read. */
  readonly read: () => InputTable;
}

/** An assumptions file, and the plan and correlations an .xlsx holds beside it (see {@link readInputsFile}). */
export interface InputsFile {
  readonly assumptions: InputTable;
  /** The plan beside the assumptions, when the workbook has one. */
  readonly plan?: BesideTable;
  /** The correlations beside the assumptions, when the workbook has them. */
  readonly correlations?: BesideTable;
  /** The history beside the assumptions, when the workbook has one. */
  readonly history?: BesideTable;
}

/**
 * A table beside the assumptions, found by `find`, or undefined: a sheet of that name without
 * its table gives one whose problem is said when it is read.
 */
function besideTable(
  workbook: ExcelJS.Workbook,
  file: string,
  sheetName: string,
  find: (workbook: ExcelJS.Workbook, file: string) => Block | undefined,
): BesideTable | undefined {
  let block: Block | undefined;
  try {
    block = find(workbook, file);
  } catch (e) {
    const sheet = workbook.worksheets.find((s) => s.name.toLowerCase() === sheetName.toLowerCase());
    return {
      source: `${file}, sheet ${sheet?.name ?? sheetName}`,
      read: () => {
        throw e;
      },
    };
  }
  if (!block) return undefined;
  const found = block;
  return { source: found.source, read: () => readBlock(workbook, found, file) };
}

/**
 * Reads an assumptions file (as {@link readAssumptionsFile}) and finds, in an .xlsx, the plan
 * beside it: the table named BeekeeperPlan, else the sheet "Beekeeper Plan" (`template` writes
 * one, empty); and the correlations: the table named BeekeeperCorrelations, else the sheet
 * "Beekeeper Correlations" (`template` writes it empty too); and the history: the table named
 * BeekeeperHistory, else the sheet "Beekeeper History" (empty in the template). Each is read only
 * when asked, so that a run whose plan (or correlations, or history) is another file is not
 * stopped by a problem in this one.
 *
 * @example (await readInputsFile('template.xlsx')).plan?.read().rows.length // 0: the template's plan is empty
 */
export async function readInputsFile(file: string): Promise<InputsFile> {
  const data = await readData(file);
  if (path.extname(file).toLowerCase() !== '.xlsx') return { assumptions: readText(data, file, ASSUMPTIONS_FILE) };
  const workbook = await loadWorkbook(data, file);
  const assumptions = readBlock(workbook, findAssumptionsBlock(workbook, file), file);
  const plan = besideTable(workbook, file, PLAN_SHEET, workbookPlanBlock);
  const correlations = besideTable(workbook, file, CORRELATIONS_SHEET, workbookCorrelationBlock);
  const history = besideTable(workbook, file, HISTORY_SHEET, workbookHistoryBlock);
  return {
    assumptions,
    ...(plan ? { plan } : {}),
    ...(correlations ? { correlations } : {}),
    ...(history ? { history } : {}),
  };
}
