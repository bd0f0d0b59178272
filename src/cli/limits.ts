/**
 * How much of a user's file the command line reads, in one place. A file beyond a limit is
 * refused with a message naming the file and the limit, before the work that would exhaust the
 * memory (a cell at XFD1048576 makes a table of 17 billion cells; a 1 MB zip can hold a 400 MB
 * sheet). The limits are far above what Beekeeper's tables need: an assumptions table has about
 * 50 rows and 8 columns; plan and history tables a few thousand rows and a few dozen columns.
 */
import { promises as fsp } from 'fs';
import { TABLE_LIMITS, tableSizeMessages } from '../engine/simulation-inputs';
import { CellValue } from '../model';
import { CsvLimitError, parseCsv } from './csv';
import { UsageError } from './io';

export const READ_LIMITS = {
  /** Bytes of an input file (.xlsx, .csv, .tsv, .json, a range's file): a 10,000-row CSV is about 1 MB. */
  fileBytes: 20 * 1024 * 1024,
  /** Parts (files) in an .xlsx zip: Excel writes a dozen or two, more with many sheets or images. */
  zipParts: 10_000,
  /** Bytes of one part of an .xlsx once inflated: a 10,000-row, 8-column sheet is about 2 MB of XML. */
  partBytes: 32 * 1024 * 1024,
  /**
   * Bytes of all the parts read, inflated. ExcelJS takes about 20 bytes of memory per byte of
   * sheet XML (a 31 MB sheet: 5 s and 625 MB), so this keeps a workbook's load near 1.3 GB.
   */
  totalBytes: 64 * 1024 * 1024,
  /** Rows of a table below its header: of an Excel table's range, a CSV file, a JSON array, a range. */
  rows: TABLE_LIMITS.rows,
  /** Columns of a table or a range. */
  columns: TABLE_LIMITS.columns,
  /** Nesting of a JSON file: an assumptions file needs 3 levels ({"assumptions": [{...}]}). */
  jsonDepth: 64,
} as const;

/** Bytes in words, for messages: "20 MB", "400.5 MB", "730 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes.toLocaleString('en-US')} bytes`;
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The messages of a limit reached; each begins with the file (or a place in it). */
export const limitMessages = {
  fileTooLarge: (file: string, bytes: number) =>
    `${file} is ${formatBytes(bytes)}; Beekeeper reads files of at most ${formatBytes(READ_LIMITS.fileBytes)}`,
  tooManyRows: tableSizeMessages.rows,
  sheetRows: (where: string, header: number, last: number) =>
    `${where}: the header is row ${count(header)} and the sheet uses rows up to ${count(last)}; a table has at most ${count(READ_LIMITS.rows)} rows below its header`,
  tooManyColumns: tableSizeMessages.columns,
  tooDeep: (where: string, file = 'an assumptions file', needs = '{"assumptions": [{"name": ..., "value": ...}]}') =>
    `${where} is nested more than ${READ_LIMITS.jsonDepth} levels deep; ${file} needs 3 (${needs})`,
} as const;

/**
 * The bytes of `file`, refused with a {@link UsageError} beyond {@link READ_LIMITS}.fileBytes
 * before any is read. Errors of the file system (ENOENT…) are passed on for the caller to word.
 *
 * @example await readBoundedFile('inputs.csv'); // <Buffer 6e 61 6d 65 ...>
 */
export async function readBoundedFile(file: string): Promise<Buffer> {
  const handle = await fsp.open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > READ_LIMITS.fileBytes) throw new UsageError(limitMessages.fileTooLarge(file, size));
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * CSV or TSV text parsed within {@link READ_LIMITS} (rows below the header, columns): beyond
 * them a {@link UsageError} naming `where` and the limit; a syntax error is passed on
 * (CsvSyntaxError) for the caller to place.
 *
 * @example parseBoundedCsv('name,value\nimitation,0.3\n', ',', 'inputs.csv') // [["name", "value"], ["imitation", 0.3]]
 */
export function parseBoundedCsv(text: string, delimiter: string, where: string): CellValue[][] {
  try {
    return parseCsv(text, delimiter, { rows: READ_LIMITS.rows + 1, columns: READ_LIMITS.columns });
  } catch (e) {
    if (!(e instanceof CsvLimitError)) throw e;
    throw new UsageError(
      e.kind === 'rows'
        ? limitMessages.tooManyRows(where, `more than ${count(READ_LIMITS.rows)}`)
        : limitMessages.tooManyColumns(`${where} row ${e.line}`, READ_LIMITS.columns + 1),
    );
  }
}
