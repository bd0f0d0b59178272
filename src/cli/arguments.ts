/**
 * Turns command-line text into the values Excel would hand a custom function, so the
 * function's own coercion and validation (src/functions/args.ts) judge them as in a cell.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CellValue } from '../model';
import { CatalogEntry, ParameterMetadata, requiredCount, signature } from './catalog';
import { CsvSyntaxError, parseCsv, parseNumber } from './csv';
import { UsageError } from './io';

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

/** A range read from a CSV file (tab-separated for .tsv and .tab files). */
function fileRange(file: string, name: string): CellValue[][] {
  const delimiter = /\.(tsv|tab)$/i.test(file) ? '\t' : ',';
  try {
    return parseCsv(fs.readFileSync(file, 'utf8'), delimiter);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new UsageError(`${name}: ${file} ${e.message}`);
    throw new UsageError(`${name}: cannot read ${file}: ${(e as Error).message}`);
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
 * A range argument: a JSON 2-D array, a CSV file, or a single value (which Excel passes as a
 * 1×1 range). A number is never taken for a file name, and a missing .csv/.tsv file is an
 * error rather than the text of its name.
 */
function range(text: string, parameter: ParameterMetadata): CellValue[][] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return jsonRange(trimmed, parameter.name);
  const number = parseNumber(text);
  if (number !== undefined) return [[number]];
  if (isFile(text)) return fileRange(text, parameter.name);
  if (/\.(csv|tsv|tab)$/i.test(trimmed)) {
    throw new UsageError(`${parameter.name}: no such file ${JSON.stringify(path.resolve(text))}`);
  }
  return [[text]];
}

/**
 * Converts one command-line argument for a parameter, using its metadata: an empty argument
 * (`""`) is an omitted optional argument (null); a `matrix` parameter takes a range; any
 * other parameter a scalar.
 *
 * @example toExcelValue('5', { name: 'years', type: 'number', dimensionality: 'matrix' }) // [[5]]
 * @example toExcelValue('[[1],[5]]', { name: 'years', dimensionality: 'matrix' }) // [[1], [5]]
 * @example toExcelValue('abc', { name: 'innovation', type: 'number' }) // "abc"
 * @example toExcelValue('', { name: 'annualChurn', type: 'number', optional: true }) // null
 */
export function toExcelValue(text: string, parameter: ParameterMetadata): ExcelValue {
  if (text === '') return null;
  return parameter.dimensionality === 'matrix' ? range(text, parameter) : scalar(text, parameter);
}

/**
 * The arguments of a call as Excel passes them: one per parameter, null for the optional ones
 * left out. Too many or too few arguments is a usage error that shows the signature (Excel
 * refuses such a formula too); an explicit `""` for a required argument is passed on as an
 * empty cell, for the function to say that it is required.
 *
 * @example toExcelArguments(catalog.find('OSS.BASS'), ['1', '0.03', '0.38', '5']) // [1, 0.03, 0.38, [[5]]]
 */
export function toExcelArguments(entry: CatalogEntry, texts: readonly string[]): ExcelValue[] {
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
  return parameters.map((p, i) => (i < texts.length ? toExcelValue(texts[i], p) : null));
}
