/* global Excel */
/**
 * The task pane's report writer: translates a host-neutral {@link Report} into the open workbook
 * through the Excel JavaScript API, as src/cli/xlsx-writer.ts translates it into an .xlsx file
 * (see ../shared/spec/workbook.md, "Sheets written" and "Limits the writers respect").
 *
 * - Sheets of earlier runs are found by their marker (a workbook-scoped defined name, see
 *   {@link markerName}), never by their name; a sheet the run did not write is never modified,
 *   renamed or deleted, and a name already taken gets a suffix ({@link freeSheetName}).
 * - The work is cut into blocks of at most {@link REQUEST_BUDGET} bytes of JSON, one
 *   `context.sync()` each (Excel on the web refuses a request over 5 MB); within a sheet,
 *   values go before formats, and tables, charts and panes come last.
 * - All or nothing: on a failure or an abort, everything written so far (sheets and names) is
 *   removed. An earlier report the user chose to replace is deleted only once the new one is
 *   complete.
 *
 * Requirement sets: ExcelApi 1.7 (getRangeByIndexes, freezePanes, chart series), 1.4 (names);
 * page setup (orientation, scale or fit to pages, print titles and area, the footer, page
 * breaks) needs ExcelApi 1.9 and is written only when {@link WriteReportOptions.pageSetup} is on.
 */
import { checkReport, tableHeight } from '../report/check';
import { MARKER_PREFIX, address, freeSheetName, markerKind, markerName, sheetOfReference } from '../report/markers';
import { FORMATS, SERIES_LINE_POINTS, SERIES_MARKER_SIZES, cellFormat } from '../report/types';
import { areaReference, footerParts, titleColumnsReference, titleRowsReference } from '../report/print';
import type {
  CellValue,
  Report,
  ReportCell,
  ReportChart,
  ReportSheet,
  ReportTable,
  SeriesStyle,
  SheetKind,
} from '../report/types';

/**
 * The most one request carries, in bytes (UTF-8) of the JSON Office.js sends, as
 * {@link OPERATION_BYTES} estimates it. Excel on the web's limit is 5 MB per request; a third
 * of that leaves room for the web's postMessage envelope, which escapes every quote of the
 * JSON again (up to 1.5 times the bytes for text), and is still large enough that a
 * 10,000-trial report takes a handful of requests.
 */
export const REQUEST_BUDGET = 1_500_000;

/**
 * What Office.js sends for one operation besides its values, in bytes: the paths of the sheet
 * and range it addresses, their instantiation and the property set (Office.js's own serializer
 * says 580-750 with 6-digit ids, test/excel/report-writer-size.test.ts). Counting only the
 * values' JSON, as this writer once did, undercounts a block of single-cell operations tenfold.
 */
const OPERATION_BYTES = 900;
/** One more property set on an operation's range, or one more object (a font) under it. */
const PROPERTY_BYTES = 200;
/**
 * Office.js sends a grid (values, number formats) of more than 1,500 cells in chunks of rows of
 * about 1,500 cells, each a range of its own (`getRow(i).getBoundingRect(…)`, its
 * setRangePropertiesInBulk): about 1,000 bytes a chunk besides the cells.
 */
const CHUNK_CELLS = 1500;
const CHUNK_BYTES = 1100;
const rowsPerChunk = (columns: number) => Math.max(1, Math.round(CHUNK_CELLS / columns));

/** A reference to whole rows or columns as Office.js's examples write print titles: "1:1" → "$1:$1". */
const absolute = (reference: string) =>
  reference
    .split(':')
    .map((part) => `$${part}`)
    .join(':');

/** A sheet an earlier run wrote, found by its marker. */
export interface EarlierSheet {
  /** The sheet's name now (the user may have renamed it). */
  readonly sheet: string;
  readonly kind: SheetKind;
  /** The marker's defined name, `Beekeeper_Report_<kind>_<n>`: what {@link WriteReportOptions.replace} lists. */
  readonly marker: string;
}

/** The sheets of one earlier run: consecutive markers, starting at its first sheet. */
export interface EarlierReport {
  readonly sheets: readonly EarlierSheet[];
}

export interface WriteReportOptions {
  /**
   * Sheets of earlier runs to replace (the user confirmed it in the pane), by marker; usually
   * `findEarlierReports(context)` or a part of it. Anything not listed stays as it is.
   */
  readonly replace?: readonly Pick<EarlierSheet, 'marker'>[];
  /** Cancels the write between blocks; what was written is removed. */
  readonly signal?: AbortSignal;
  /** Called after each block: `done` of `total` blocks are written. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Write page setup (orientation, scale or fit to pages, print titles and area, the footer, page
   * breaks): needs ExcelApi 1.9. Default true.
   */
  readonly pageSetup?: boolean;
  /** Bytes of JSON per request; default {@link REQUEST_BUDGET}. */
  readonly requestBudget?: number;
}

/** What {@link writeReport} wrote. */
export interface WrittenReport {
  /** Names of the sheets written, in the report's order. */
  readonly sheets: readonly string[];
  /** Names the replaced earlier sheets had. */
  readonly replaced: readonly string[];
  /**
   * Write blocks (one `context.sync()` each, the replacement of earlier sheets included), not
   * counting the reads that come first: two, three when the workbook holds earlier sheets.
   */
  readonly blocks: number;
}

/** Why a write failed; everything it wrote has been removed unless {@link removed} is false. */
export class ReportWriteError extends Error {
  constructor(
    message: string,
    /** The error Excel (or the code) gave. */
    readonly original: unknown,
    /** Whether the workbook is as it was before the write. */
    readonly removed: boolean,
  ) {
    super(message);
    this.name = 'ReportWriteError';
  }
}

// ---------------------------------------------------------------------------------------------
// Reading what is there
// ---------------------------------------------------------------------------------------------

interface WorkbookState {
  readonly sheets: string[];
  /** Table names and defined names: one namespace in Excel. */
  readonly names: string[];
  readonly earlier: EarlierSheet[];
  /** The highest index any marker uses; new markers count on from it. */
  readonly lastIndex: number;
  /** Per marker, the tables on its sheet (freed when the sheet is replaced). */
  readonly tablesOf: Map<string, string[]>;
}

const markerIndex = (name: string) => Number(/_(\d+)$/.exec(name)?.[1] ?? 0);

/**
 * Two syncs: the names, sheets and tables, then where each marker points; a third, when earlier
 * sheets exist, for their tables (the names replacing them frees).
 */
async function readWorkbook(context: Excel.RequestContext): Promise<WorkbookState> {
  const { worksheets, names, tables } = context.workbook;
  worksheets.load('items/name');
  names.load(['items/name', 'items/type']);
  tables.load('items/name');
  await context.sync();
  const markers = names.items
    .filter((item) => markerKind(item.name) !== undefined && item.type === 'Range')
    .map((item) => ({ name: item.name, range: item.getRangeOrNullObject() }));
  for (const m of markers) m.range.load(['address', 'isNullObject']);
  await context.sync();
  const sheets = worksheets.items.map((s) => s.name);
  const live = new Map(sheets.map((s) => [s.toLowerCase(), s]));
  const earlier: EarlierSheet[] = [];
  for (const m of markers) {
    if (m.range.isNullObject) continue;
    const sheet = live.get((sheetOfReference(m.range.address) ?? '').toLowerCase());
    // One marker per sheet: a second (a sheet copied by the user carries none) would list a sheet twice.
    if (sheet !== undefined && !earlier.some((e) => e.sheet === sheet))
      earlier.push({ sheet, kind: markerKind(m.name) as SheetKind, marker: m.name });
  }
  earlier.sort((a, b) => markerIndex(a.marker) - markerIndex(b.marker));
  const tablesOf = new Map<string, string[]>();
  const onSheet = earlier.map((e) => ({
    marker: e.marker,
    tables: worksheets.getItem(e.sheet).tables.load('items/name'),
  }));
  if (onSheet.length > 0) {
    await context.sync(); // only when there are earlier sheets: their tables are freed by replacing them
    for (const { marker, tables: t } of onSheet)
      tablesOf.set(
        marker,
        t.items.map((x) => x.name),
      );
  }
  const allNames = names.items.map((n) => n.name).concat(tables.items.map((t) => t.name));
  const lastIndex = Math.max(
    0,
    ...names.items
      .filter((n) => n.name.toLowerCase().startsWith(MARKER_PREFIX.toLowerCase()))
      .map((n) => markerIndex(n.name)),
  );
  return { sheets, names: allNames, earlier, lastIndex, tablesOf };
}

/**
 * The reports earlier Beekeeper runs wrote into this workbook, found by their markers (not by
 * sheet names: a renamed report sheet is found, a user's sheet named "Beekeeper Summary" is not),
 * so the pane can ask the user before replacing one. Each report's sheets are consecutive
 * markers; a report starts at its Summary (or its first sheet).
 *
 * @example
 * const earlier = await Excel.run((context) => findEarlierReports(context));
 * // [{ sheets: [{ sheet: 'Beekeeper Summary', kind: 'summary', marker: 'Beekeeper_Report_summary_1' }, ...] }]
 */
export async function findEarlierReports(context: Excel.RequestContext): Promise<EarlierReport[]> {
  return groupReports((await readWorkbook(context)).earlier);
}

function groupReports(sheets: readonly EarlierSheet[]): EarlierReport[] {
  const reports: EarlierSheet[][] = [];
  let last = -1;
  for (const sheet of sheets) {
    const index = markerIndex(sheet.marker);
    if (reports.length === 0 || sheet.kind === 'summary' || index !== last + 1) reports.push([]);
    reports[reports.length - 1].push(sheet);
    last = index;
  }
  return reports.map((s) => ({ sheets: s }));
}

// ---------------------------------------------------------------------------------------------
// Translating a sheet into operations
// ---------------------------------------------------------------------------------------------

/** One queued change and the size of its request (values and Office.js's paths); blocks are packed from these. */
interface Operation {
  readonly bytes: number;
  readonly queue: (context: Excel.RequestContext) => void;
}

/** What Office.js adds for writing a grid of `rows` × `columns` cells: its chunks' ranges. */
const chunkingBytes = (rows: number, columns: number) =>
  rows * columns > CHUNK_CELLS ? CHUNK_BYTES * Math.ceil(rows / rowsPerChunk(columns)) : 0;

/** A grid row's share of a request: its JSON, the comma after it and its part of a chunk. */
const rowBytes = (row: readonly unknown[]) => payloadBytes(row) + 1 + CHUNK_BYTES / rowsPerChunk(row.length);

/** UTF-8 length of a value's JSON. */
function payloadBytes(value: unknown): number {
  const json = JSON.stringify(value) ?? '';
  let bytes = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? (i++, 4) : 3;
  }
  return bytes;
}

/**
 * A report value as Office.js takes it. Text gets a leading apostrophe: Excel reads a value as
 * if it were typed, so "1,234", "TRUE" or "=x" would become a number, a boolean or a formula;
 * the apostrophe keeps text as text and is not part of the value. Dates become the serial
 * number of their UTC date and time, as the .xlsx writer (ExcelJS) writes them.
 */
function excelValue(value: CellValue): string | number | boolean {
  if (value === null) return '';
  if (typeof value === 'string') return `'${value}`;
  if (value instanceof Date) return value.getTime() / 86_400_000 + 25_569;
  return value;
}

/** Excel's column width in points for a width in characters (Calibri 11: a 7-pixel digit, as in the .xlsx). */
export function columnWidthPoints(characters: number): number {
  const pixels = Math.trunc(((256 * characters + Math.trunc(128 / 7)) / 256) * 7);
  return pixels * 0.75;
}

const CHART_TYPES: Record<ReportChart['kind'], string> = {
  line: 'Line',
  column: 'ColumnClustered',
  bar: 'BarClustered',
};

const FONTS: Record<
  NonNullable<ReportCell['style']>,
  { bold?: boolean; italic?: boolean; size?: number; color?: string }
> = {
  title: { bold: true, size: 14 },
  label: { bold: true },
  note: { italic: true, color: '#808080' },
};

/** Where each table of the report lands: its sheet (by index) and its name in this workbook. */
interface Placed {
  readonly sheet: number;
  readonly name: string;
  readonly table: ReportTable;
}

/** Splits rows into runs whose JSON stays under `limit` bytes, so no operation outgrows a block. */
function chunkRows<T>(rows: readonly T[], limit: number, size: (row: T) => number): [number, number][] {
  const chunks: [number, number][] = [];
  let start = 0;
  let bytes = 0;
  rows.forEach((row, r) => {
    const b = size(row);
    if (r > start && bytes + b > limit) {
      chunks.push([start, r]);
      start = r;
      bytes = 0;
    }
    bytes += b;
  });
  if (start < rows.length) chunks.push([start, rows.length]);
  return chunks;
}

/**
 * The operations that write one sheet, in the order they are sent: the sheet and its marker,
 * values, then formats, then tables, panes, charts and page setup. `sheet(context)` returns
 * the sheet's proxy by its (temporary) name.
 */
function sheetOperations(
  report: ReportSheet,
  name: string,
  marker: string,
  tables: Map<string, Placed>,
  sheetNames: readonly string[],
  options: { pageSetup: boolean; limit: number; footer?: string },
): Operation[] {
  const ops: Operation[] = [];
  const ws = (context: Excel.RequestContext) => context.workbook.worksheets.getItem(name);
  // A grid's rows, less the operation and a chunk that rowBytes shares out by row.
  const gridLimit = options.limit - OPERATION_BYTES - CHUNK_BYTES;
  const op = (payload: unknown, queue: (context: Excel.RequestContext) => void, overhead = OPERATION_BYTES) =>
    ops.push({ bytes: payloadBytes(payload) + overhead, queue });
  const setRange = (
    context: Excel.RequestContext,
    row: number,
    column: number,
    rows: number,
    columns: number,
    set: (range: Excel.Range) => void,
  ) => {
    const range = ws(context).getRangeByIndexes(row, column, rows, columns);
    set(range);
    range.untrack(); // the proxy is not needed once the change is queued
  };

  op(
    { name, marker },
    (context) => {
      const sheet = context.workbook.worksheets.add(name);
      // The marker first: a sheet left behind by a closed pane is still recognised as Beekeeper's.
      context.workbook.names.add(marker, sheet.getRange('A1'));
    },
    OPERATION_BYTES + PROPERTY_BYTES,
  );

  // Values.
  for (const cell of report.cells) {
    const value = [[excelValue(cell.value)]];
    op(value, (c) => setRange(c, cell.row, cell.column, 1, 1, (r) => (r.values = value)));
  }
  for (const table of report.tables) {
    const width = table.columns.length;
    const header = [table.columns.map((column) => `'${column.header}`)];
    op(header, (c) => setRange(c, table.row, table.column, 1, width, (r) => (r.values = header)));
    // Excel has no table without a data row: an empty one stands in, as in the .xlsx.
    const rows = table.rows.length > 0 ? table.rows.map((row) => row.map(excelValue)) : [table.columns.map(() => '')];
    for (const [from, to] of chunkRows(rows, gridLimit, rowBytes)) {
      const values = rows.slice(from, to);
      op(
        values,
        (c) => setRange(c, table.row + 1 + from, table.column, to - from, width, (r) => (r.values = values)),
        OPERATION_BYTES + chunkingBytes(to - from, width),
      );
    }
  }

  // Formats.
  report.columnWidths.forEach((width, column) => {
    const points = columnWidthPoints(width);
    op(points, (c) => setRange(c, 0, column, 1, 1, (r) => (r.format.columnWidth = points)));
  });
  for (const cell of report.cells) {
    const font = cell.style ? FONTS[cell.style] : undefined;
    const format = cell.format !== undefined && cell.format !== FORMATS.general ? [[cell.format]] : undefined;
    if (!font && !format) continue;
    const properties = (format ? 1 : 0) + (font ? 1 + Object.keys(font).length : 0);
    op(
      { font, format },
      (c) =>
        setRange(c, cell.row, cell.column, 1, 1, (r) => {
          if (format) r.numberFormat = format;
          if (font?.bold) r.format.font.bold = true;
          if (font?.italic) r.format.font.italic = true;
          if (font?.size) r.format.font.size = font.size;
          if (font?.color) r.format.font.color = font.color;
        }),
      OPERATION_BYTES + PROPERTY_BYTES * (properties - 1),
    );
  }
  for (const table of report.tables) {
    const rows = Math.max(1, table.rows.length);
    table.columns.forEach((column, c) => {
      // Numbers are right-aligned, so are their headers and text among them (as in the .xlsx).
      if (column.byRow || (column.format !== FORMATS.general && column.format !== FORMATS.text)) {
        op('Right', (ctx) =>
          setRange(ctx, table.row, table.column + c, 1, 1, (r) => (r.format.horizontalAlignment = 'Right')),
        );
        table.rows.forEach((row, r) => {
          if (typeof row[c] === 'string')
            op('Right', (ctx) =>
              setRange(
                ctx,
                table.row + 1 + r,
                table.column + c,
                1,
                1,
                (range) => (range.format.horizontalAlignment = 'Right'),
              ),
            );
        });
      }
      if (column.format === FORMATS.general && !column.byRow) return;
      const formats = Array.from({ length: rows }, (_, r) => [cellFormat(table, r, c)]);
      for (const [from, to] of chunkRows(formats, gridLimit, rowBytes)) {
        const part = formats.slice(from, to);
        op(
          part,
          (ctx) => setRange(ctx, table.row + 1 + from, table.column + c, to - from, 1, (r) => (r.numberFormat = part)),
          OPERATION_BYTES + chunkingBytes(to - from, 1),
        );
      }
    });
  }

  // A table with wrapped text (TableColumn.wrap): top-aligned rows, the wrapped columns' cells
  // wrapping, and the rows fitted to them.
  for (const table of report.tables) {
    if (!table.columns.some((column) => column.wrap !== undefined) || table.rows.length === 0) continue;
    const rows = table.rows.length;
    op('Top', (ctx) =>
      setRange(
        ctx,
        table.row + 1,
        table.column,
        rows,
        table.columns.length,
        (r) => (r.format.verticalAlignment = 'Top'),
      ),
    );
    table.columns.forEach((column, c) => {
      if (column.wrap === undefined) return;
      op(true, (ctx) => setRange(ctx, table.row + 1, table.column + c, rows, 1, (r) => (r.format.wrapText = true)));
    });
    op('autofitRows', (ctx) =>
      setRange(ctx, table.row + 1, table.column, rows, table.columns.length, (r) => r.format.autofitRows()),
    );
  }

  // Structure: tables over the values, panes, charts, page setup.
  for (const table of report.tables) {
    const placed = tables.get(table.name) as Placed;
    const where = `${address(table.row, table.column)}:${address(table.row + tableHeight(table) - 1, table.column + table.columns.length - 1)}`;
    op({ where, name: placed.name }, (context) => {
      // A Range, not the address: Excel takes a bare address on the active sheet, not on this one.
      const sheet = ws(context);
      const added = sheet.tables.add(sheet.getRange(where), true);
      added.name = placed.name;
      added.style = 'TableStyleMedium2';
    });
  }
  const { rows, columns } = report.freeze;
  if (rows > 0 || columns > 0)
    op(report.freeze, (context) => {
      const panes = ws(context).freezePanes;
      if (rows > 0 && columns > 0) panes.freezeAt(ws(context).getRangeByIndexes(0, 0, rows, columns));
      else if (rows > 0) panes.freezeRows(rows);
      else panes.freezeColumns(columns);
    });
  for (const chart of report.charts) {
    const placed = tables.get(chart.table) as Placed;
    // A chart is many calls: its series (two ranges each), titles, axes and position.
    op(
      chart,
      (context) => addChart(context, ws(context), chart, placed, sheetNames[placed.sheet]),
      OPERATION_BYTES * (3 + chart.seriesColumns.length + (chart.logScale ? 1 : 0)) +
        PROPERTY_BYTES * SERIES_STYLE_PROPERTIES * (chart.seriesStyles?.length ?? 0),
    );
  }
  if (options.pageSetup && (report.print || options.footer !== undefined)) {
    const { print } = report;
    const footer = options.footer === undefined ? undefined : footerParts(options.footer);
    // Each property set and call is a part of the operation: an orientation, a zoom, up to three
    // references, the footer's path and its three sections.
    const parts =
      (print ? 2 + [print.titleRows, print.titleColumns, print.area].filter(Boolean).length : 0) + (footer ? 4 : 0);
    op(
      { print, footer },
      (context) => {
        const layout = ws(context).pageLayout;
        if (print) {
          layout.orientation = print.orientation === 'landscape' ? 'Landscape' : 'Portrait';
          // A fixed scale (the manual page breaks hold), or one page wide and at most fitToHeight tall (0: no limit).
          if (print.scale !== undefined) layout.zoom = { scale: print.scale };
          else if (print.fitToWidth)
            layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: print.fitToHeight ?? 0 };
          if (print.titleRows) layout.setPrintTitleRows(absolute(titleRowsReference(print.titleRows)));
          if (print.titleColumns) layout.setPrintTitleColumns(absolute(titleColumnsReference(print.titleColumns)));
          if (print.area) layout.setPrintArea(areaReference(print.area));
        }
        if (footer) {
          const pages = layout.headersFooters.defaultForAllPages;
          pages.leftFooter = footer.left;
          pages.centerFooter = footer.center;
          pages.rightFooter = footer.right;
        }
      },
      OPERATION_BYTES + PROPERTY_BYTES * Math.max(0, parts - 1),
    );
  }
  if (options.pageSetup)
    for (const row of report.pageBreaks ?? [])
      if (row > 0) op(row, (context) => ws(context).horizontalPageBreaks.add(address(row, 0))); // a break before the row
  return ops;
}

/**
 * A native chart: one series per value column (they need not be adjacent), categories from the
 * category column, placed over the chart's cell area; a line chart's series styled as the
 * report says ({@link ReportChart.seriesStyles}).
 */
function addChart(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  chart: ReportChart,
  placed: Placed,
  tableSheet: string,
): void {
  const { table } = placed;
  const source = context.workbook.worksheets.getItem(tableSheet);
  const rows = Math.max(1, table.rows.length);
  const columnOf = (header: string) => table.column + table.columns.findIndex((c) => c.header === header);
  const data = (header: string, withHeader: boolean) =>
    source.getRangeByIndexes(table.row + (withHeader ? 0 : 1), columnOf(header), rows + (withHeader ? 1 : 0), 1);
  const categories = data(chart.categoryColumn, false);
  const [first, ...others] = chart.seriesColumns;
  const added = sheet.charts.add(CHART_TYPES[chart.kind] as Excel.ChartType, data(first, true), 'Columns');
  const firstSeries = added.series.getItemAt(0);
  firstSeries.setXAxisValues(categories);
  const all = [firstSeries];
  for (const header of others) {
    const series = added.series.add(header);
    series.setValues(data(header, false));
    series.setXAxisValues(categories);
    all.push(series);
  }
  chart.seriesStyles?.forEach((style, i) => styleSeries(all[i], style));
  added.title.text = chart.title;
  // A bar chart's categories run up the side: its x is the value axis.
  const [categoryTitle, valueTitle] =
    chart.kind === 'bar' ? [chart.yTitle, chart.xTitle] : [chart.xTitle, chart.yTitle];
  if (categoryTitle) added.axes.categoryAxis.title.text = categoryTitle;
  if (valueTitle) added.axes.valueAxis.title.text = valueTitle;
  if (chart.logScale) added.axes.valueAxis.logBase = 10;
  added.setPosition(
    address(chart.row, chart.column),
    address(chart.row + chart.height - 1, chart.column + chart.width - 1),
  );
}

const MARKER_STYLES: Record<NonNullable<SeriesStyle['marker']>, string> = { circle: 'Circle', dash: 'Dash' };
/** The properties {@link styleSeries} sets on a series, for the request's size. */
export const SERIES_STYLE_PROPERTIES = 6;

/**
 * A line series drawn as its style says (ExcelApi 1.7): a line in its colour without markers, or
 * markers in its colour without a line.
 */
function styleSeries(series: Excel.ChartSeries, style: SeriesStyle): void {
  const line = series.format.line;
  if (style.draw === 'line') {
    line.lineStyle = 'Continuous' as Excel.ChartLineStyle;
    line.color = style.color;
    line.weight = SERIES_LINE_POINTS;
    series.markerStyle = 'None' as Excel.ChartMarkerStyle;
    return;
  }
  const marker = style.marker ?? 'circle';
  line.lineStyle = 'None' as Excel.ChartLineStyle;
  series.markerStyle = MARKER_STYLES[marker] as Excel.ChartMarkerStyle;
  series.markerSize = SERIES_MARKER_SIZES[marker];
  series.markerBackgroundColor = style.color;
  series.markerForegroundColor = style.color;
}

/** Packs operations into blocks of at most `limit` bytes, in order. */
function packBlocks(ops: readonly Operation[], limit: number): Operation[][] {
  const blocks: Operation[][] = [];
  let bytes = Infinity;
  for (const op of ops) {
    if (bytes + op.bytes > limit) {
      blocks.push([]);
      bytes = 0;
    }
    blocks[blocks.length - 1].push(op);
    bytes += op.bytes;
  }
  return blocks;
}

/** A table name not in `taken` (case-insensitive): the report's, else with "_2", "_3"… */
function freeTableName(wanted: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? wanted : `${wanted}_${n}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/**
 * Removes the sheets and names a failed write added (two syncs: find, then delete), whatever of
 * its last request Excel applied. Sheets are ours if their name is one we added that was free
 * when the write started.
 */
async function removeWritten(
  context: Excel.RequestContext,
  sheets: readonly string[],
  names: readonly string[],
): Promise<void> {
  const found = {
    sheets: sheets.map((s) => context.workbook.worksheets.getItemOrNullObject(s).load('isNullObject')),
    names: names.map((n) => context.workbook.names.getItemOrNullObject(n).load('isNullObject')),
  };
  await context.sync();
  for (const name of found.names) if (!name.isNullObject) name.delete();
  for (const sheet of found.sheets) if (!sheet.isNullObject) sheet.delete();
  await context.sync();
}

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Writes `report` into the workbook: one new sheet per report sheet, named as the report says
 * when that name is free (else " (2)", " (3)"…), each with its values, number formats, styles,
 * column widths, real tables, frozen header rows, native charts, page setup and a marker.
 * Sheets the run did not write are never touched. The earlier sheets listed in
 * `options.replace` are deleted (with their markers) only after the new report is complete,
 * and the new sheets then take the names they freed.
 *
 * On a failure or an abort (`options.signal`, checked between blocks), everything written is
 * removed and a {@link ReportWriteError} is thrown (on an abort, the signal's reason).
 *
 * @example
 * await Excel.run(async (context) => {
 *   const earlier = await findEarlierReports(context);
 *   const replace = earlier.length > 0 && confirm('Replace the earlier report?') ? earlier[0].sheets : [];
 *   const written = await writeReport(context, report, { replace, onProgress: (done, total) => bar.set(done / total) });
 *   written.sheets; // ['Beekeeper Summary', 'Beekeeper Monthly', ...]
 * });
 */
export async function writeReport(
  context: Excel.RequestContext,
  report: Report,
  options: WriteReportOptions = {},
): Promise<WrittenReport> {
  checkReport(report);
  const { signal } = options;
  signal?.throwIfAborted();
  const limit = options.requestBudget ?? REQUEST_BUDGET;
  const state = await readWorkbook(context);
  const wanted = new Set((options.replace ?? []).map((r) => r.marker.toLowerCase()));
  const replaced = state.earlier.filter((e) => wanted.has(e.marker.toLowerCase()));

  // Names: free now, next to everything that is there (the sheets to replace too: they go last).
  const takenSheets = [...state.sheets];
  const names = report.sheets.map((sheet) => {
    const name = freeSheetName(sheet.name, takenSheets);
    takenSheets.push(name);
    return name;
  });
  const takenNames = new Set(state.names.map((n) => n.toLowerCase()));
  const tables = new Map<string, Placed>();
  report.sheets.forEach((sheet, s) =>
    sheet.tables.forEach((table) => {
      const name = freeTableName(table.name, takenNames);
      takenNames.add(name.toLowerCase());
      tables.set(table.name, { sheet: s, name, table });
    }),
  );
  const markers = report.sheets.map((sheet, s) => markerName(sheet.kind, state.lastIndex + 1 + s));

  const pageSetup = options.pageSetup ?? true;
  const ops = report.sheets.flatMap((sheet, s) =>
    sheetOperations(sheet, names[s], markers[s], tables, names, { pageSetup, limit, footer: report.footer }),
  );
  const blocks = packBlocks(ops, limit);
  const total = blocks.length + (replaced.length > 0 ? 1 : 0);

  let done = 0;
  try {
    for (const block of blocks) {
      signal?.throwIfAborted();
      for (const op of block) op.queue(context);
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per block keeps each request under 5 MB
      await context.sync();
      options.onProgress?.(++done, total);
    }
    signal?.throwIfAborted();
  } catch (e) {
    const aborted = signal?.aborted === true && e === signal.reason;
    try {
      await removeWritten(context, names, markers);
    } catch (cleanup) {
      throw new ReportWriteError(
        `${aborted ? 'The report was cancelled' : `Writing the report failed (${describe(e)})`}, and removing the ` +
          `sheets it had written failed too (${describe(cleanup)}): delete ${names.join(', ')} by hand`,
        e,
        false,
      );
    }
    if (aborted) throw e;
    throw new ReportWriteError(
      `Writing the report failed at block ${done + 1} of ${total} (${describe(e)}); nothing was left in the workbook`,
      e,
      true,
    );
  }

  let finalNames = names;
  if (replaced.length > 0) {
    // Names the replaced sheets and their tables free; then one request deletes and renames.
    const gone = new Set(replaced.map((r) => r.sheet.toLowerCase()));
    const taken = state.sheets.filter((s) => !gone.has(s.toLowerCase())).concat(names);
    finalNames = names.map((name, s) => {
      taken.splice(taken.indexOf(name), 1);
      const free = freeSheetName(report.sheets[s].name, taken);
      taken.push(free);
      return free;
    });
    const freed = new Set(replaced.flatMap((r) => state.tablesOf.get(r.marker) ?? []).map((t) => t.toLowerCase()));
    const renameTables = [...tables.values()].filter(
      (p) => p.name !== p.table.name && freed.has(p.table.name.toLowerCase()),
    );
    try {
      for (const r of replaced) {
        context.workbook.names.getItem(r.marker).delete();
        context.workbook.worksheets.getItem(r.sheet).delete();
      }
      names.forEach((name, s) => {
        if (finalNames[s] !== name) context.workbook.worksheets.getItem(name).name = finalNames[s];
      });
      for (const p of renameTables) context.workbook.tables.getItem(p.name).name = p.table.name;
      await context.sync();
      options.onProgress?.(++done, total);
    } catch (e) {
      // The new report is complete: it stays. Whatever of the earlier one was not deleted stays too.
      throw new ReportWriteError(
        `The report is written (${names.join(', ')}), but replacing the earlier one failed (${describe(e)}): ` +
          'delete its sheets by hand',
        e,
        false,
      );
    }
  }
  return { sheets: finalNames, replaced: replaced.map((r) => r.sheet), blocks: total };
}
