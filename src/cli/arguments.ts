/**
 * Turns command-line text into the values Excel would hand a custom function, so the
 * function's own coercion and validation (src/functions/args.ts) judge them as in a cell.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CellValue } from '../model';
import { CatalogEntry, ParameterMetadata, requiredCount, signature } from './catalog';
import { CsvSyntaxError, parseNumber } from './csv';
import { UsageError } from './io';
import { READ_LIMITS, limitMessages, parseBoundedCsv, readBoundedFile } from './limits';
import { XlsxFileError, loadXlsx } from './xlsx-file';
import { decodeRange, xlsxValue } from './assumptions-file';
import { columnLetters } from '../report/markers';

/** A value as Excel passes it: a cell value, or a range as rows of cells. */
export type ExcelValue = CellValue | CellValue[][];

/**
 * A scalar as Excel would pass the same text typed into a cell: a number when it reads as one,
 * otherwise the text itself, so that a function says `innovation must be a number, got "abc"`.
 */
function scalar(text: string, parameter: ParameterMetadata): CellValue {
  if (parameter.type === 'string') return text;
  return parseNumber(text) ?? text;
}

/** A JSON 2-D array of cells, e.g. `[[1],[5],[10]]` (a column) or `[[1,5,10]]` (a row). */
function jsonRange(text: string, name: string): CellValue[][] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${name}: not valid JSON (${(e as Error).message}): ${text}`);
  }
  const isCell = (c: unknown) => c === null || ['number', 'string', 'boolean'].includes(typeof c);
  if (!Array.isArray(value) || !value.every((row) => Array.isArray(row) && row.every(isCell))) {
    throw new UsageError(
      `${name}: a JSON range is an array of rows of numbers, text or null, such as [[1],[5],[10]] (a column) ` +
        `or [[1,5,10]] (a row); got ${text}`,
    );
  }
  // Ragged or empty arrays pass through: the function says what a range must be, as for any bad range.
  return value as CellValue[][];
}

/**
 * A range read from an .xlsx workbook: on its first worksheet, its first Excel table (header
 * included, as `template` writes one), else its used range; each cell as Excel's formulas see it.
 */
async function workbookRange(data: Buffer, file: string, name: string): Promise<CellValue[][]> {
  let workbook;
  try {
    workbook = await loadXlsx(data);
  } catch (e) {
    if (!(e instanceof XlsxFileError)) throw e;
    throw new UsageError(`${name}: ${file} ${e.kind === 'limit' ? e.why : `is not an .xlsx workbook (${e.why})`}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0) throw new UsageError(`${name}: ${file}: its first sheet is empty`);
  const tableRef = (sheet.getTables() as unknown as { table: { tableRef?: string } }[])[0]?.table.tableRef;
  const { top, left, bottom, right } = (tableRef && decodeRange(tableRef)) || sheet.dimensions;
  const where = `${name}: ${file}, sheet ${sheet.name} (${columnLetters(left - 1)}${top}:${columnLetters(right - 1)}${bottom})`;
  if (bottom - top > READ_LIMITS.rows) throw new UsageError(limitMessages.tooManyRows(where, bottom - top + 1));
  if (right - left + 1 > READ_LIMITS.columns)
    throw new UsageError(limitMessages.tooManyColumns(where, right - left + 1));
  const date1904 = workbook.properties.date1904 === true;
  const rows: CellValue[][] = [];
  for (let r = top; r <= bottom; r++) {
    const row: CellValue[] = [];
    for (let c = left; c <= right; c++) {
      const found = sheet.findCell(r, c);
      const at = `${name}: ${file}, sheet ${sheet.name}, cell ${columnLetters(c - 1)}${r}`;
      // A merged cell other than its top-left one is empty to Excel, though ExcelJS repeats the value.
      const empty = !found || (found.isMerged && found.master.address !== found.address);
      row.push(empty ? null : (xlsxValue(found.value, at, date1904) as CellValue));
    }
    rows.push(row);
  }
  return rows;
}

/**
 * A range read from a file: an .xlsx workbook (by its extension or its first bytes, PK\x03\x04),
 * else CSV (tab-separated for .tsv and .tab files), within {@link READ_LIMITS}.
 */
async function fileRange(file: string, name: string): Promise<CellValue[][]> {
  let data: Buffer;
  try {
    data = await readBoundedFile(file);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`${name}: ${e.message}`);
    throw new UsageError(`${name}: cannot read ${file}: ${(e as Error).message}`);
  }
  if (/\.xlsx$/i.test(file) || data.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    return workbookRange(data, file, name);
  }
  const utf16 = data[0] === 0xff && data[1] === 0xfe; // Excel's "Unicode Text"
  if (!utf16 && data.includes(0)) {
    throw new UsageError(`${name}: ${file} is not a CSV text file: give CSV, TSV, an .xlsx workbook or JSON [[...]]`);
  }
  const delimiter = /\.(tsv|tab)$/i.test(file) ? '\t' : ',';
  try {
    return parseBoundedCsv(data.toString(utf16 ? 'utf16le' : 'utf8'), delimiter, `${name}: ${file}`);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new UsageError(`${name}: ${file} ${e.message}`);
    throw e;
  }
}

const isFile = (file: string) => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * A range argument: a JSON 2-D array, a CSV or .xlsx file, or a single value (which Excel passes as a
 * 1×1 range). A number is never taken for a file name, and a missing .csv/.tsv file is an
 * error rather than the text of its name.
 */
async function range(text: string, parameter: ParameterMetadata): Promise<CellValue[][]> {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return jsonRange(trimmed, parameter.name);
  const number = parseNumber(text);
  if (number !== undefined) return [[number]];
  if (isFile(text)) return fileRange(text, parameter.name);
  if (/\.(csv|tsv|tab|xlsx)$/i.test(trimmed)) {
    throw new UsageError(`${parameter.name}: no such file ${JSON.stringify(path.resolve(text))}`);
  }
  return [[text]];
}

/**
 * Converts one command-line argument for a parameter, using its metadata: an empty argument
 * (`""`) is an omitted optional argument (null); a `matrix` parameter takes a range; any
 * other parameter a scalar.
 *
 * @example await toExcelValue('5', { name: 'years', type: 'number', dimensionality: 'matrix' }) // [[5]]
 * @example await toExcelValue('[[1],[5]]', { name: 'years', dimensionality: 'matrix' }) // [[1], [5]]
 * @example await toExcelValue('abc', { name: 'innovation', type: 'number' }) // "abc"
 * @example await toExcelValue('', { name: 'annualChurn', type: 'number', optional: true }) // null
 */
export async function toExcelValue(text: string, parameter: ParameterMetadata): Promise<ExcelValue> {
  if (text === '') return null;
  return parameter.dimensionality === 'matrix' ? range(text, parameter) : scalar(text, parameter);
}

/**
 * The arguments of a call as Excel passes them: one per parameter, null for the optional ones
 * left out. Too many or too few arguments is a usage error that shows the signature (Excel
 * refuses such a formula too); an explicit `""` for a required argument is passed on as an
 * empty cell, for the function to say that it is required.
 *
 * @example await toExcelArguments(catalog.find('OSS.BASS'), ['1', '0.03', '0.38', '5']) // [1, 0.03, 0.38, [[5]]]
 */
export async function toExcelArguments(entry: CatalogEntry, texts: readonly string[]): Promise<ExcelValue[]> {
  const parameters = entry.metadata.parameters;
  const needed = requiredCount(entry);
  const arguments_ = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  if (texts.length > parameters.length || texts.length < needed) {
    const expected =
      needed === parameters.length
        ? `takes ${arguments_(needed)}`
        : `takes ${needed === 0 ? 'at most' : `${needed} to`} ${arguments_(parameters.length)}`;
    throw new UsageError(
      `${entry.excelName} ${expected}, got ${texts.length}: ${signature(entry)}` +
        ` (\`beekeeper functions ${entry.excelName}\` explains them)`,
    );
  }
  return Promise.all(parameters.map((p, i) => (i < texts.length ? toExcelValue(texts[i], p) : null)));
}
