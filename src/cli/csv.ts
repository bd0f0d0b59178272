/**
 * RFC 4180 CSV (and its tab-separated sibling): a parser that turns a file into the cells of a
 * range, the way Excel hands a range to a function, and a writer for the `--csv` output.
 */
import { CellValue } from '../model';

/** A parsed field: its text, and whether it was quoted (a quoted field is always text). */
interface Field {
  readonly text: string;
  readonly quoted: boolean;
}

/** A CSV syntax error, with the 1-based line where it happened. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/** A file beyond a bound of {@link parseCsv}: more records or fields than allowed. */
export class CsvLimitError extends Error {
  constructor(
    readonly line: number,
    readonly kind: 'rows' | 'columns',
  ) {
    super(`line ${line}: more ${kind} than allowed`);
    this.name = 'CsvLimitError';
  }
}

/** How much {@link parseCsv} reads before it stops with a {@link CsvLimitError}. */
export interface CsvBounds {
  /** Records (rows), the header included. */
  readonly rows: number;
  /** Fields in one record. */
  readonly columns: number;
}

const UNBOUNDED: CsvBounds = { rows: Infinity, columns: Infinity };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The number a text spells, as a spreadsheet would read it; `undefined` for anything else.
 * Only plain decimal notation counts: not hex ("0x10"), not "Infinity", not "" (which
 * `Number()` would all accept), and not a literal too large for a double.
 *
 * @example parseNumber(' 1e6 ') // 1000000
 * @example parseNumber('-0.2') // -0.2
 * @example parseNumber('abc') // undefined
 */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Splits CSV text into records of fields (RFC 4180): fields separated by `delimiter`, records
 * by CRLF or LF; a field in double quotes may hold delimiters, line breaks and doubled quotes
 * (`""`). A quote inside an unquoted field is kept as a character (as Excel does); text after a
 * closing quote is an error. A final line break does not start a record; a leading BOM is skipped.
 */
function parseFields(text: string, delimiter: string, bounds: CsvBounds): Field[][] {
  const records: Field[][] = [];
  let record: Field[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  if (i >= n) return records;
  for (;;) {
    // One field starts at i.
    let field: Field;
    if (text[i] === '"') {
      const startLine = line;
      let value = '';
      i++;
      for (;;) {
        if (i >= n) throw new CsvSyntaxError(startLine, 'a quoted field is not closed');
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        value += c;
        i++;
      }
      if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
        throw new CsvSyntaxError(
          line,
          `unexpected text after a closing quote: ${JSON.stringify(text.slice(i, i + 10))}`,
        );
      }
      field = { text: value, quoted: true };
    } else {
      let end = i;
      while (end < n && text[end] !== delimiter && text[end] !== '\n' && text[end] !== '\r') end++;
      field = { text: text.slice(i, end), quoted: false };
      i = end;
    }
    record.push(field);
    if (record.length > bounds.columns) throw new CsvLimitError(line, 'columns');
    if (i >= n) {
      records.push(record);
      return records;
    }
    if (text[i] === delimiter) {
      i++;
      continue; // a delimiter at the very end still leaves one (empty) field to read
    }
    // A line break: CRLF, LF or a lone CR.
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line++;
    records.push(record);
    if (records.length >= bounds.rows && i < n) throw new CsvLimitError(line, 'rows');
    record = [];
    if (i >= n) return records;
  }
}

/** A parsed field as the cell Excel would hold: a number, text, or empty (null). */
function toCell(field: Field): CellValue {
  if (field.quoted) return field.text;
  if (field.text === '') return null;
  return parseNumber(field.text) ?? field.text;
}

/**
 * Parses CSV text into a rectangular range of cells: unquoted numbers become numbers, empty
 * fields null, anything else (and every quoted field) text. Short rows are padded with null
 * and trailing empty rows dropped, as a spreadsheet would show the file. Beyond `bounds` (rows
 * or fields in a row) it stops with a {@link CsvLimitError}, before reading the rest.
 *
 * @example parseCsv('name,value\nimitation,0.3\n') // [["name", "value"], ["imitation", 0.3]]
 * @example parseCsv('1\n5\n10') // [[1], [5], [10]]
 * @example parseCsv('"a ""quoted"", text",,2') // [['a "quoted", text', null, 2]]
 */
export function parseCsv(text: string, delimiter = ',', bounds: CsvBounds = UNBOUNDED): CellValue[][] {
  const rows = parseFields(text, delimiter, bounds).map((record) => record.map(toCell));
  while (rows.length > 0 && rows[rows.length - 1].every((cell) => cell === null)) rows.pop();
  // A loop, not Math.max(...): spreading 100,000 rows into arguments overflows the stack.
  let width = 0;
  for (const row of rows) width = Math.max(width, row.length);
  return rows.map((row) => [...row, ...Array<CellValue>(width - row.length).fill(null)]);
}

/**
 * One CSV field: quoted only when it must be (it holds a comma, a quote or a line break, or
 * leading/trailing spaces). Numbers print with full precision (`String(n)` round-trips).
 *
 * @example csvField('a, b') // '"a, b"'
 * @example csvField(0.1 + 0.2) // "0.30000000000000004"
 */
export function csvField(value: CellValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV text with CRLF line breaks (RFC 4180), ending with a line break.
 *
 * @example formatCsv([['month', 'members'], [1, 6817.5]]) // "month,members\r\n1,6817.5\r\n"
 */
export function formatCsv(rows: readonly (readonly CellValue[])[]): string {
  return rows.map((row) => row.map(csvField).join(',') + '\r\n').join('');
}
