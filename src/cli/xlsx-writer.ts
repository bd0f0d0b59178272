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
 *   support is the open issue exceljs/exceljs#141): the workbook it lays out leaves each chart's
 *   area empty, and xlsx-charts.ts adds the native chart parts to the package it writes
 *   (through xlsx-stream.ts, which produces the file's bytes).
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
  ReportSheet,
  ReportTable,
  SheetKind,
  EXCEL_MAX_ROWS,
  EXCEL_MAX_COLUMNS,
  cellFormat,
} from '../report/types';
import { checkReport } from '../report/check';
import { wrapText } from '../report/layout';
import { areaReference, footerCode, titleColumnsReference, titleRowsReference } from '../report/print';
import { address, freeSheetName, markerKind, markerName, sheetOfReference, sheetPrefix } from '../report/markers';
import { UsageError } from './io';
import { XlsxFileError, loadXlsx, zipPartNames } from './xlsx-file';
import { xlsxStream } from './xlsx-stream';

/** The height of a line of the default font (Calibri 11), in points: Excel's default row height. */
const LINE_POINTS = 15;

export { EXCEL_MAX_ROWS, EXCEL_MAX_COLUMNS }; // the writer's tests and callers read them here

/**
 * The command-line flags the messages name, kept here so the CLI defines its options with the
 * same spelling the messages use.
 */
export const CLI_FLAGS = { out: '--out', replace: '--force' } as const;

// ---------------------------------------------------------------------------------------------
// Markers
// ---------------------------------------------------------------------------------------------

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
  // A table with wrapped text: its rows grow taller, so every data cell is top-aligned and the
  // wrapped columns' cells wrap. Each row gets the height of its longest wrapped text, as
  // wrapText (layout.ts) cuts it into lines: LibreOffice does not refit rows when it converts or
  // prints, and its lines would overlap the next row's.
  if (table.columns.some((column) => column.wrap !== undefined)) {
    rows.forEach((row, r) => {
      let lines = 1;
      table.columns.forEach((column, c) => {
        const cell = worksheet.getCell(table.row + 2 + r, table.column + 1 + c);
        cell.alignment = {
          ...cell.alignment,
          vertical: 'top',
          ...(column.wrap !== undefined ? { wrapText: true } : {}),
        };
        if (column.wrap !== undefined && typeof row[c] === 'string')
          lines = Math.max(lines, wrapText(row[c] as string, column.wrap - 2).length);
      });
      if (lines > 1) worksheet.getRow(table.row + 2 + r).height = LINE_POINTS * lines;
    });
  }
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

function writeSheet(worksheet: ExcelJS.Worksheet, sheet: ReportSheet, footer: string | undefined): void {
  sheet.columnWidths.forEach((width, c) => (worksheet.getColumn(c + 1).width = width));
  for (const cell of sheet.cells) {
    const target = worksheet.getCell(cell.row + 1, cell.column + 1);
    setCell(target, cell.value, cell.format);
    if (cell.style) target.font = FONTS[cell.style];
  }
  for (const table of sheet.tables) writeTable(worksheet, table);
  // ExcelJS puts a manual page break after the row it is added to.
  for (const row of sheet.pageBreaks ?? []) if (row > 0) worksheet.getRow(row).addPageBreak();
  writePageSetup(worksheet, sheet, footer);
}

/**
 * How the sheet prints (its `print`) and the footer of every page: the sheet's name,
 * its page number and the run's date ({@link footerCode}). Print titles and the print area are
 * defined names ExcelJS writes from `pageSetup` (_xlnm.Print_Titles, _xlnm.Print_Area).
 */
function writePageSetup(worksheet: ExcelJS.Worksheet, sheet: ReportSheet, footer: string | undefined): void {
  const print = sheet.print;
  if (print) {
    const setup = worksheet.pageSetup;
    setup.orientation = print.orientation;
    if (print.scale !== undefined) {
      setup.fitToPage = false;
      setup.scale = print.scale;
    } else if (print.fitToWidth) {
      // One page wide; as many tall as fitToHeight says, or as it takes (0: no limit).
      setup.fitToPage = true;
      setup.fitToWidth = 1;
      setup.fitToHeight = print.fitToHeight ?? 0;
    }
    if (print.titleRows) setup.printTitlesRow = titleRowsReference(print.titleRows);
    if (print.titleColumns) setup.printTitlesColumn = titleColumnsReference(print.titleColumns);
    // ExcelJS puts a "$" before each end ("A1" → "$A1", absolute in its column only): a "$"
    // before each row number makes the area absolute, as Excel writes it ("$A$1:$E$72").
    if (print.area) setup.printArea = areaReference(print.area).replace(/(\d+)/g, '$$$1');
  }
  if (footer !== undefined) worksheet.headerFooter.oddFooter = footerCode(footer);
}

/**
 * The report as an ExcelJS workbook, not yet written anywhere: one worksheet per report sheet
 * (named with {@link freeSheetName}), each with its cells, real Excel tables, frozen panes,
 * column widths and its marker; the charts' areas are left empty (the charts are added to the
 * package it writes, by xlsx-charts.ts). Throws before building anything if the report
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
    writeSheet(worksheet, sheet, report.footer);
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
  earlierTemplate: (file: string) =>
    `${file} exists (an assumptions table Beekeeper wrote, perhaps edited since): choose another ${CLI_FLAGS.out}, or add ${CLI_FLAGS.replace} to replace it`,
  notAReport: (file: string) =>
    `${file} is an assumptions table (as \`beekeeper template\` writes it), not a report: ${CLI_FLAGS.replace} replaces only a report; choose another ${CLI_FLAGS.out}`,
  isInput: (file: string, input: RunInput) =>
    `${file} is the ${input.flag} file of this run${input.file === file ? '' : ` (${input.file})`}: a run never writes over its own input; choose another ${CLI_FLAGS.out}`,
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
  /** Stream tables with more data rows than this (see xlsx-stream.ts); tests lower it. */
  readonly streamFromRows?: number;
  /** The files the run read: never replaced, whatever `replace` says (also through a link). */
  readonly inputs?: readonly RunInput[];
}

/** A file a run reads, with the flag that named it (for the message). */
export interface RunInput {
  readonly flag: string;
  readonly file: string;
}

/**
 * What a writer writes, which decides what it may replace: a report replaces only a report; a
 * template (an assumptions table) replaces a template or a report, never the other way round,
 * as a template holds the user's edits and a report can be run again.
 */
export type Writing = 'report' | 'template';
const writingOf = (report: Report): Writing =>
  report.sheets.some((sheet) => sheet.kind === 'assumptions') ? 'template' : 'report';

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

/**
 * Why the existing `file` is not a workbook Beekeeper wrote (a string), or the kinds of its
 * sheets if it is one: an .xlsx whose every sheet carries a marker. Chart sheets and dialog or
 * macro sheets are never Beekeeper's; ExcelJS skips them when reading, so they are found in the
 * zip's directory.
 */
async function notOursBecause(file: string): Promise<string | SheetKind[]> {
  const data = await fsp.readFile(file);
  let entries;
  try {
    entries = zipPartNames(data);
  } catch (e) {
    if (e instanceof XlsxFileError) return e.why;
    throw e;
  }
  if (!entries || !entries.includes('xl/workbook.xml')) return 'it is not an .xlsx workbook';
  if (entries.some((name) => /^xl\/(chartsheets|dialogsheets|macrosheets)\//.test(name))) return 'it has a chart sheet';
  let workbook: ExcelJS.Workbook;
  try {
    // Only names and sheet names are needed: leaving the sheets out keeps a large report fast to
    // check; loadXlsx reads the rest within its limits and as other tools (openpyxl) write it.
    workbook = await loadXlsx(data, { withoutCells: true });
  } catch (e) {
    if (e instanceof XlsxFileError && e.kind === 'limit') return e.why;
    return 'it is not an .xlsx workbook';
  }
  if (workbook.worksheets.length === 0) return 'it has no worksheets';
  const markers = readMarkers(workbook);
  const marked = new Set(markers.map((marker) => marker.sheet));
  const unmarked = workbook.worksheets.find((sheet) => !marked.has(sheet.name));
  return unmarked ? `its sheet "${unmarked.name}" has no Beekeeper marker` : markers.map((marker) => marker.kind);
}

/**
 * Whether `a` and `b` are one file: the same real path, or the same device and inode (a hard
 * link, or a path spelled another way on a case-insensitive disk). False if either is missing.
 */
async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [sa, sb] = await Promise.all([fsp.stat(a), fsp.stat(b)]);
    if (sa.ino !== 0 && sa.dev === sb.dev && sa.ino === sb.ino) return true; // ino 0: not known (some Windows disks)
    const [ra, rb] = await Promise.all([fsp.realpath(a), fsp.realpath(b)]);
    return ra === rb;
  } catch {
    return false;
  }
}

/**
 * Checks that `file` may be written: absent (returns false), or (with `replace`) a workbook
 * Beekeeper wrote that `writing` may replace (returns true): a report for a report, a template
 * or a report for a template. Never one of the run's `inputs`. Anything else is refused with a
 * message saying why.
 */
async function mayWrite(file: string, options: WriteOptions & { readonly writing: Writing }): Promise<boolean> {
  let stats;
  try {
    stats = await fsp.lstat(file);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return false;
    throw new UsageError(writerMessages.cannotWrite(file, ioProblem(e, path.dirname(file))));
  }
  if (stats.isDirectory()) throw new UsageError(writerMessages.isFolder(file));
  for (const input of options.inputs ?? [])
    if (await sameFile(file, input.file)) throw new UsageError(writerMessages.isInput(file, input));
  // Renaming over a link would replace the link itself, which is the user's.
  if (!stats.isFile()) throw new UsageError(writerMessages.notOurs(file, 'it is a link or a special file'));
  let found: string | SheetKind[];
  try {
    found = await notOursBecause(file);
  } catch (e) {
    throw new UsageError(
      writerMessages.cannotWrite(file, `it exists and cannot be read: ${ioProblem(e, path.dirname(file))}`),
    );
  }
  if (typeof found === 'string') throw new UsageError(writerMessages.notOurs(file, found));
  const template = found.includes('assumptions');
  if (template && options.writing === 'report') throw new UsageError(writerMessages.notAReport(file));
  if (options.replace !== true)
    throw new UsageError(template ? writerMessages.earlierTemplate(file) : writerMessages.earlierReport(file));
  return true;
}

/** A temporary file's name next to `file`, hidden and unlikely to be taken: `.<name>.<pid>-<random>.tmp`. */
const temporaryName = (file: string) =>
  path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);

/**
 * Checks, before any long work, that {@link writeReportXlsx} could write `file` now: its name
 * ends in .xlsx; it is none of the run's `inputs`; it is absent or (with `replace`) a workbook
 * Beekeeper wrote that `writing` may replace, and then it can be opened for writing (not locked
 * by Excel, as on Windows); its folder exists and takes a new file, tried by creating and
 * removing a temporary file there (permission bits alone would not tell: root passes them, a
 * read-only disk fails later). Throws the {@link UsageError} the write would give; leaves
 * nothing behind and the file untouched. The write checks again, as things may change meanwhile.
 *
 * @example await checkReportTarget('out.xlsx'); // resolves: the write can go ahead
 * @example await checkReportTarget('no-such-folder/out.xlsx'); // throws "no-such-folder/out.xlsx could not be written: the folder no-such-folder does not exist"
 * @example await checkReportTarget('a.xlsx', { replace: true, inputs: [{ flag: '--assumptions', file: 'a.xlsx' }] }); // throws "a.xlsx is the --assumptions file of this run: ..."
 */
export async function checkReportTarget(
  file: string,
  options: Pick<WriteOptions, 'replace' | 'inputs'> & { readonly writing?: Writing } = {},
): Promise<void> {
  if (!/\.xlsx$/i.test(file)) throw new UsageError(writerMessages.notXlsxName(file));
  const replacing = await mayWrite(file, { ...options, writing: options.writing ?? 'report' });
  let handle: fsp.FileHandle | undefined;
  if (replacing) {
    try {
      handle = await fsp.open(file, 'r+'); // 'r+': may write, does not truncate
    } catch (e) {
      throw new UsageError(writerMessages.cannotWrite(file, ioProblem(e, path.dirname(file))));
    } finally {
      await handle?.close().catch(() => undefined);
    }
    handle = undefined;
  }
  const temporary = temporaryName(file);
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
  const replace = await mayWrite(file, { ...options, writing: writingOf(report) });
  const bytes = await xlsxStream(report, (cut) => buildWorkbook(cut, { signal }), {
    signal,
    fromRows: options.streamFromRows,
  });

  const folder = path.dirname(file);
  const temporary = temporaryName(file);
  let handle: fsp.FileHandle | undefined;
  try {
    // 'wx': never write into a file that happens to exist under the temporary name.
    handle = await fsp.open(temporary, 'wx');
    // Chunk by chunk, each write awaited: the zip is produced as fast as the disk takes it.
    for await (const chunk of bytes) {
      signal?.throwIfAborted();
      await handle.write(chunk as Buffer);
    }
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
