/**
 * The .xlsx bytes of a report, with its big tables streamed. ExcelJS's document writer keeps
 * every cell as an object (about 1 kB each: a 200,000-trial Trials sheet took 5 GB), and its
 * streaming writer (`ExcelJS.stream.xlsx.WorkbookWriter`) cannot write tables, which the
 * report's sheets are. So ExcelJS lays out the whole workbook with each big table cut to its
 * first data row (tables, formats, widths, markers exactly as the document writer writes them),
 * and the rest of the table's rows are generated as XML in batches into that sheet while the
 * zip is written, in the styles ExcelJS gave the first row; the table's range is widened to
 * match. Memory stays at the size of the report's values; the signal is checked between batches.
 * The report's charts are added to the package here too (xlsx-charts.ts: ExcelJS writes none).
 */
import { Readable } from 'stream';
import * as ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Report, ReportTable } from '../report/types';
import { checkReport } from '../report/check';
import { address, columnLetters } from '../report/markers';
import { addCharts } from './xlsx-charts';

/** Tables with more data rows than this are streamed (the Trials sheet; the others have a few hundred). */
export const STREAM_FROM_ROWS = 5_000;

/** Rows generated per batch: a few MB of XML, between two looks at the signal. */
const BATCH_ROWS = 2_000;

/**
 * A table can be streamed when every data cell of a column has that column's one style: no
 * per-row formats, and no text, which the writer right-aligns in number columns (see
 * writeTable in xlsx-writer.ts) — numbers, booleans and empty cells only.
 */
function streamable(table: ReportTable, fromRows: number): boolean {
  if (table.rows.length <= fromRows || table.rowFormats || table.columns.some((c) => c.byRow)) return false;
  for (const row of table.rows)
    for (const value of row)
      if (value !== null && typeof value !== 'number' && typeof value !== 'boolean') return false;
  return true;
}

/** The data rows of `table` that nothing else on its sheet shares (checkReport forbids overlaps, not neighbours). */
function alone(report: Report, sheetIndex: number, table: ReportTable): boolean {
  const sheet = report.sheets[sheetIndex];
  const first = table.row + 2; // 0-based: the second data row, the first one streamed
  const last = table.row + table.rows.length;
  const inside = (top: number, bottom: number) => top <= last && bottom >= first;
  return (
    sheet.cells.every((c) => !inside(c.row, c.row)) &&
    sheet.tables.every((t) => t === table || !inside(t.row, t.row + t.rows.length)) &&
    sheet.charts.every((c) => !inside(c.row, c.row + c.height - 1)) &&
    (sheet.pageBreaks ?? []).every((r) => !inside(r, r))
  );
}

/** The streamed tables of `report`, by sheet index. */
export function streamedTables(report: Report, fromRows = STREAM_FROM_ROWS): Map<number, ReportTable[]> {
  const found = new Map<number, ReportTable[]>();
  report.sheets.forEach((sheet, i) => {
    const tables = sheet.tables.filter((t) => streamable(t, fromRows) && alone(report, i, t));
    if (tables.length > 0) found.set(i, tables);
  });
  return found;
}

/** The `s` (style index) ExcelJS gave each cell of the row `r` (1-based), by column letters. */
function rowStyles(sheetXml: string, r: number): Map<string, string> {
  const styles = new Map<string, string>();
  const start = sheetXml.search(new RegExp(`<row r="${r}"[ >/]`));
  if (start < 0) return styles; // every cell empty and unformatted: style 0
  const end = sheetXml.indexOf('</row>', start);
  for (const [, letters, s] of sheetXml.slice(start, end).matchAll(/<c r="([A-Z]+)\d+"(?: s="(\d+)")?/g))
    if (s !== undefined) styles.set(letters, s);
  return styles;
}

/** Where rows after row `r` (1-based) go in the sheet's XML: after the last row element numbered ≤ r. */
function insertionPoint(sheetXml: string, r: number, lastStreamed: number): number {
  let at = sheetXml.indexOf('<sheetData>') + '<sheetData>'.length;
  for (const match of sheetXml.matchAll(/<row r="(\d+)"[^>]*?(\/?)>/g)) {
    const row = Number(match[1]);
    if (row > lastStreamed) break;
    if (row > r)
      throw new Error(`xlsx stream: row ${row} lies among the streamed rows (a bug: alone() let it through)`);
    at = match[2] === '/' ? match.index + match[0].length : sheetXml.indexOf('</row>', match.index) + '</row>'.length;
  }
  return at;
}

/** The XML of data rows `from` to `to` (0-based, `to` excluded) of `table`, styled per column. */
function rowsXml(
  table: ReportTable,
  from: number,
  to: number,
  cells: readonly { letters: string; s: string }[],
): string {
  const parts: string[] = [];
  for (let i = from; i < to; i++) {
    const r = table.row + 2 + i;
    parts.push(`<row r="${r}">`);
    const row = table.rows[i];
    for (let c = 0; c < cells.length; c++) {
      const value = row[c];
      const { letters, s } = cells[c];
      const style = s === '' ? '' : ` s="${s}"`;
      if (typeof value === 'number') parts.push(`<c r="${letters}${r}"${style}><v>${value}</v></c>`);
      else if (typeof value === 'boolean')
        parts.push(`<c r="${letters}${r}"${style} t="b"><v>${value ? 1 : 0}</v></c>`);
      else if (style !== '') parts.push(`<c r="${letters}${r}"${style}/>`); // an empty cell keeps its format, as ExcelJS writes it
    }
    parts.push('</row>');
  }
  return parts.join('');
}

/**
 * The sheet's XML with the table's remaining rows generated in between, in batches: the signal
 * is checked, and the event loop turns (so a Ctrl-C is seen), between two batches.
 */
async function* sheetWithRows(
  sheetXml: string,
  tables: readonly ReportTable[],
  signal: AbortSignal | undefined,
): AsyncGenerator<string> {
  const plans = [...tables]
    .sort((a, b) => a.row - b.row)
    .map((table) => {
      const firstRow = table.row + 2; // 1-based row of the first data row, which ExcelJS wrote
      const styles = rowStyles(sheetXml, firstRow);
      const cells = table.columns.map((_, c) => {
        const letters = columnLetters(table.column + c);
        return { letters, s: styles.get(letters) ?? '' };
      });
      return { table, cells, at: insertionPoint(sheetXml, firstRow, table.row + 1 + table.rows.length) };
    });
  let done = 0;
  for (const { table, cells, at } of plans) {
    yield sheetXml.slice(done, at);
    done = at;
    for (let from = 1; from < table.rows.length; from += BATCH_ROWS) {
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
      yield rowsXml(table, from, Math.min(table.rows.length, from + BATCH_ROWS), cells);
    }
  }
  yield sheetXml.slice(done);
}

/** The table's XML with its range (and its filter's) over all its rows. */
function widenTable(tableXml: string, table: ReportTable): string {
  const last = table.column + table.columns.length - 1;
  const cut = `"${address(table.row, table.column)}:${address(table.row + 1, last)}"`;
  const whole = `"${address(table.row, table.column)}:${address(table.row + table.rows.length, last)}"`;
  if (!tableXml.includes(cut)) throw new Error(`xlsx stream: table ${table.name} does not span ${cut}`);
  return tableXml.split(cut).join(whole);
}

/**
 * The .xlsx file of `report` as a stream of bytes. `layout` turns a report into an ExcelJS
 * workbook (buildWorkbook, which checks it first); tables with more than `fromRows` data rows
 * are streamed as this module's comment says, so that memory does not grow with them; the
 * report's charts become native chart parts ({@link addCharts}). The stream fails with the
 * signal's reason once `signal` aborts.
 *
 * @example
 * await pipeline(await xlsxStream(report, buildWorkbook, { signal }), fs.createWriteStream('out.xlsx'), { signal });
 */
export async function xlsxStream(
  report: Report,
  layout: (report: Report) => ExcelJS.Workbook,
  options: { readonly signal?: AbortSignal; readonly fromRows?: number } = {},
): Promise<Readable> {
  const { signal } = options;
  checkReport(report); // all of it: the layout below sees the streamed tables cut to one row
  const streamed = streamedTables(report, options.fromRows);
  const cutReport: Report = {
    ...report, // its footer
    sheets: report.sheets.map((sheet, i) =>
      streamed.has(i)
        ? {
            ...sheet,
            tables: sheet.tables.map((t) => (streamed.get(i)!.includes(t) ? { ...t, rows: t.rows.slice(0, 1) } : t)),
          }
        : sheet,
    ),
  };
  const written: unknown = await layout(cutReport).xlsx.writeBuffer();
  signal?.throwIfAborted();
  // In Node, ExcelJS hands back a Buffer already (its type says ArrayBuffer).
  const small = Buffer.isBuffer(written) ? written : Buffer.from(written as ArrayBuffer);
  const charted = report.sheets.some((sheet) => sheet.charts.length > 0);
  if (streamed.size === 0 && !charted) return Readable.from([small]);

  const zip = await JSZip.loadAsync(small);
  // The charts first: their sheets' XML gains a drawing, which the streamed rows do not touch.
  await addCharts(zip, report);
  signal?.throwIfAborted();
  for (const [i, tables] of streamed) {
    // ExcelJS names the n-th worksheet sheet<n>.xml.
    const sheetName = `xl/worksheets/sheet${i + 1}.xml`;
    const sheetXml = await zip.file(sheetName)!.async('string');
    for (const table of tables) {
      const tableFile = await findTableFile(zip, table.name);
      zip.file(tableFile, widenTable(await zip.file(tableFile)!.async('string'), table));
    }
    // The dimension (the used range) is optional and would now be wrong: Excel works it out.
    const body = sheetXml.replace(/<dimension ref="[^"]*"\/>/, '');
    // Level 1: the rows are most of the file, and deflate's higher levels cost more time than they save bytes.
    zip.file(sheetName, Readable.from(sheetWithRows(body, tables, signal)), {
      compression: 'DEFLATE',
      compressionOptions: { level: 1 },
    });
  }
  // JSZip's stream is an old-style one (readable-stream): wrap it as Node's, which can be iterated.
  return new Readable().wrap(zip.generateNodeStream({ type: 'nodebuffer', streamFiles: true, compression: 'DEFLATE' }));
}

/** The part holding the table named `name` (ExcelJS numbers them in order of writing). */
async function findTableFile(zip: JSZip, name: string): Promise<string> {
  const pattern = new RegExp(`<table [^>]*\\bname="${name.replace(/\./g, '\\.')}"`); // table names are [A-Za-z0-9_.]
  for (const file of zip.file(/^xl\/tables\/table\d+\.xml$/))
    if (pattern.test(await file.async('string'))) return file.name;
  throw new Error(`xlsx stream: no part holds table ${name}`);
}
