/**
 * A recording fake of the Excel JavaScript API: an in-memory workbook behind the subset of
 * `Excel.RequestContext` that the add-in uses: the report writer (src/excel/report-writer.ts),
 * the assumptions and plan tables (src/excel/assumptions-table.ts, plan-table.ts) and the task
 * pane. In the browser tests it is the workbook behind `Excel.run` (test/browser/office-host.ts).
 *
 * The subset:
 * - `context.sync()`; `context.workbook.worksheets`: `add(name)`, `getItem(name)`,
 *   `getItemOrNullObject(name)`, `getActiveWorksheet()`, `load(...)` + `items`.
 * - `context.workbook.getSelectedRange()`, `getActiveCell()` (the active sheet's selection and
 *   its top-left cell).
 * - `Worksheet`: `name` (read after load, write = rename), `position`, `id`, `isNullObject`,
 *   `delete()`, `activate()`, `getRange(a1)`, `getRangeByIndexes(row, column, rows, columns)`,
 *   `tables.add(range or address, hasHeaders)`, `charts.add(type, range, seriesBy)`,
 *   `freezePanes.freezeRows/freezeColumns/freezeAt`, `pageLayout.orientation/zoom`,
 *   `pageLayout.setPrintTitleRows/setPrintTitleColumns/setPrintArea(address)` (the address as
 *   given: Office.js's examples write "$1:$1" and "A1:D41"),
 *   `pageLayout.headersFooters.defaultForAllPages.leftFooter/centerFooter/rightFooter`,
 *   `horizontalPageBreaks.add(range)`.
 * - `Range`: `values`, `numberFormat`, `formulas` (2-D arrays the size of the range), `address`
 *   (after load), `worksheet`, `select()`, `format.font.bold/italic/size/color`,
 *   `format.columnWidth`, `format.wrapText`, `format.horizontalAlignment/verticalAlignment`,
 *   `format.autofitColumns()` (recorded in `FakeSheet.autofitColumns`), `format.autofitRows()`
 *   (in `FakeSheet.autofitRows`),
 *   `dataValidation.ignoreBlanks/rule/errorAlert` and `clear()` (recorded on each cell,
 *   `FakeCell.validation`), `untrack()`.
 * - `Table`: `name`, `style`, `showTotals`, `isNullObject`, `worksheet`, `getRange()`,
 *   `getHeaderRowRange()`, `getDataBodyRange()`, `getTotalRowRange()`. `Chart`: `title.text`, `axes.categoryAxis/valueAxis.title.text`,
 *   `axes.valueAxis.logBase`, `setPosition(start, end)`, `series.getItemAt(i)`, `series.add(name)`, `ChartSeries.name`,
 *   `setValues(range)`, `setXAxisValues(range)`, `format.line.color/lineStyle/weight`,
 *   `markerStyle`, `markerSize`, `markerBackgroundColor`, `markerForegroundColor` (checked
 *   against the enums and the 2-72 size range: a value Excel refuses fails the request).
 * - `context.workbook.names`: `add(name, range)`, `load(...)` + `items`, `getItem(name)`,
 *   `getItemOrNullObject(name)`; `NamedItem`: `name`, `type`, `getRange()`,
 *   `getRangeOrNullObject()`, `delete()`. `context.workbook.tables`: `load(...)` + `items`,
 *   `getItem(name)`, `getItemOrNullObject(name)`.
 * - For a test, outside any request: `activeSheet` and `selection` (`'Beekeeper Assumptions!D7'`),
 *   `setCell(sheet, a1, value)` (a user's typing), `cellAt(sheet, a1)`, `startCellEdit()` and
 *   `endCellEdit()` (the user is typing in a cell, then leaves it), `run(options, batch)`
 *   (`Excel.run`).
 *
 * Where it behaves like Office.js, because correctness depends on it:
 * - Every call only queues an operation; operations apply in order at `sync()`. Reading a
 *   property that was not loaded and synced throws, as Office.js does; `isNullObject` of a
 *   `…OrNullObject` proxy is readable after the next sync without a load.
 * - Each context ({@link FakeExcel.createContext}, one per `run`) has its own queue: overlapping
 *   runs sync only their own operations, on the one workbook.
 * - Each `sync()` records a request: its operations and the bytes Office.js would send for
 *   them ({@link requestBytes}, calibrated against Office.js's own serializer). A request over
 *   {@link REQUEST_LIMIT} bytes fails whole, as Excel on the web refuses it.
 * - An operation that fails (a sheet or name already taken, compared without regard to case;
 *   a value array that does not fit its range; an object that does not exist) fails the sync;
 *   the operations before it stay applied: Excel does not roll a failed batch back.
 * - {@link FakeExcel.failAtSync} injects a failure at the N-th sync after applying part of its
 *   operations.
 * - Cell-edit mode (Excel.RunOptions.delayForCellEdit): while the user edits a cell, a sync of a
 *   context run with `delayForCellEdit: true` waits until the editing ends, then applies; any
 *   other sync fails whole with `InvalidOperationInCellEditMode`. `context` has the option, as
 *   the add-in's runs do; `createContext(options)` makes one with other options.
 * - Stricter than Excel, so that a forgotten option fails every test and not only a test that
 *   edits a cell: `run` refuses a batch without `delayForCellEdit: true` (the add-in goes
 *   through `excelRun`, src/excel/excel-run.ts).
 * - A drop-down's list is a typed list or a reference to cells (`"=$F$2:$F$21"`), read when the
 *   user types; a typed list over 255 characters, an alert's title over 32 or message over 225
 *   fail the request, as Excel refuses them.
 * - Values are stored as Excel stores typed input: a string that reads as a number or a
 *   boolean becomes one, a string beginning with "=" a formula; a leading apostrophe keeps the
 *   rest as text. `Date` objects are refused (Office.js takes serial numbers).
 * - A range used after `untrack()` throws (the writer must be done with it).
 * - `tables.add` takes a Range (the table goes on the range's sheet) or an address: one without
 *   a sheet is on the ACTIVE sheet when the request applies, whichever sheet's `tables` it was
 *   called on, as the documentation of `TableCollection.add` says.
 * - A table's totals row (`showTotals = true`: "Total" in the first column, a SUBTOTAL formula in
 *   the last, on the row below the data, which must be empty) is part of `getRange()`, not of
 *   `getDataBodyRange()`; hiding it clears the row.
 * - The active sheet is the first until a sheet is activated or a range selected; selecting
 *   activates the range's sheet; deleting the active sheet activates the next. Each sheet keeps
 *   its own selection (A1 at first). Adding a sheet does not activate it.
 *
 * Not faked (a call throws, or the property is undefined): formulas' results (a formula cell
 * reads as 0), tables growing as rows are typed below them, events (`onChanged`,
 * `onSelectionChanged`), the enums (`Excel.ChartType`…; the add-in passes their strings).
 *
 * It uses no Node API, so it can be bundled into a browser test page.
 */

/** Excel on the web's limit on one request's payload. */
export const REQUEST_LIMIT = 5 * 1024 * 1024;

/** What Excel holds in a cell: a plain value, or a formula (which the writer must never write). */
export type FakeValue = number | string | boolean | { formula: string };

export interface FakeCell {
  value?: FakeValue;
  numberFormat?: string;
  bold?: boolean;
  italic?: boolean;
  size?: number;
  color?: string;
  wrapText?: boolean;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  /** `range.dataValidation` as set on the cell's range (a drop-down list, its alert). */
  validation?: FakeValidation;
}

/** A cell's data validation, as the code set it through `range.dataValidation`. */
export interface FakeValidation {
  ignoreBlanks?: boolean;
  rule?: Excel.DataValidationRule;
  errorAlert?: Excel.DataValidationErrorAlert;
}

/** A rectangle of one sheet without the sheet, 0-based. */
export interface FakeRect {
  row: number;
  column: number;
  rows: number;
  columns: number;
}

export interface FakeSeries {
  name: string;
  values?: FakeArea;
  xValues?: FakeArea;
  /** `format.line.color/lineStyle/weight`, as set. */
  line?: { color?: string; lineStyle?: string; weight?: number };
  /** `markerStyle`, `markerSize`, `markerBackgroundColor`, `markerForegroundColor`, as set. */
  marker?: { style?: string; size?: number; background?: string; foreground?: string };
}

/** What ChartLineStyle and ChartMarkerStyle accept (ExcelApi 1.7); another value fails the request. */
const LINE_STYLES = [
  'None',
  'Continuous',
  'Dash',
  'DashDot',
  'DashDotDot',
  'Dot',
  'Grey25',
  'Grey50',
  'Grey75',
  'Automatic',
  'RoundDot',
];
const MARKER_STYLES = [
  'Invalid',
  'Automatic',
  'None',
  'Square',
  'Diamond',
  'Triangle',
  'X',
  'Star',
  'Dot',
  'Dash',
  'Circle',
  'Plus',
  'Picture',
];

export interface FakeChart {
  type: string;
  title?: string;
  categoryTitle?: string;
  valueTitle?: string;
  /** `axes.valueAxis.logBase`, as set (2 to 1000: Excel refuses other bases). */
  valueLogBase?: number;
  position?: { start: string; end: string };
  series: FakeSeries[];
}

/** A rectangle of one sheet, 0-based. */
export interface FakeArea extends FakeRect {
  sheet: FakeSheet;
}

export interface FakeTable {
  name: string;
  style?: string;
  /** The whole table: the header row, the data body and, when shown, the totals row. */
  area: FakeArea;
  headers: string[];
  /** The totals row is shown (the last row of `area`). */
  showTotals?: boolean;
}

export interface FakeSheet {
  id: string;
  name: string;
  cells: Map<string, FakeCell>;
  /** Column widths in points. */
  columnWidths: Map<number, number>;
  tables: FakeTable[];
  charts: FakeChart[];
  freeze?: { rows: number; columns: number };
  orientation?: string;
  zoom?: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  /** Print titles and area, as the addresses the writer gave. */
  printTitleRows?: string;
  printTitleColumns?: string;
  printArea?: string;
  /** The footer of every page (headersFooters.defaultForAllPages), by section. */
  footer?: { left?: string; center?: string; right?: string };
  pageBreaks: number[];
  /** Columns whose width `format.autofitColumns()` fitted to their content. */
  autofitColumns: Set<number>;
  /** Rows whose height `format.autofitRows()` fitted to their content. */
  autofitRows: Set<number>;
  /** The sheet's selection (Excel keeps one per sheet); A1 until something selects. */
  selection?: FakeRect;
  deleted?: boolean;
}

export interface FakeName {
  name: string;
  sheet: FakeSheet;
  row: number;
  column: number;
}

/** One recorded operation: what it was and its payload. */
export interface FakeOperation {
  readonly op: string;
  readonly args: unknown;
}

/** One request: the operations one `sync()` sent, and what Office.js would send for them ({@link requestBytes}). */
export interface FakeRequest {
  readonly operations: readonly FakeOperation[];
  readonly bytes: number;
  readonly failed?: string;
}

interface Queued extends FakeOperation {
  readonly apply: () => void;
}

const key = (row: number, column: number) => `${row},${column}`;

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * What Office.js sends for an operation besides its arguments: the object paths of its sheet
 * and range, their instantiation, the action. Fitted to Office.js's own serializer on the
 * report writer's mixed blocks (test/support/office-js.ts), where it is 430-520 bytes.
 */
const OPERATION_BYTES = 470;
/** Office.js sends a grid of over 1,500 cells in chunks of rows of about 1,500 cells, each a range of its own. */
const CHUNK_CELLS = 1500;
const CHUNK_BYTES = 1000;

/**
 * The bytes Office.js would send for these operations: their JSON, {@link OPERATION_BYTES}
 * each (none for `untrack` and `load`'s own: an untracked range sends nothing, a load is small)
 * and a grid's chunks. Within ±10 % of Office.js's count on the writer's blocks
 * (test/excel/report-writer-size.test.ts); the JSON alone was 2.3 times low on the Summary's block of small operations.
 */
export function requestBytes(operations: readonly FakeOperation[]): number {
  let bytes = utf8Length(JSON.stringify(operations));
  for (const { op, args } of operations) {
    if (op === 'untrack' || op === 'load') continue;
    bytes += OPERATION_BYTES;
    const grid = (args as { value?: unknown } | undefined)?.value;
    if (Array.isArray(grid) && Array.isArray(grid[0]) && grid.length * grid[0].length > CHUNK_CELLS)
      bytes += CHUNK_BYTES * Math.ceil(grid.length / Math.max(1, Math.round(CHUNK_CELLS / grid[0].length)));
  }
  return bytes;
}

function columnLetters(column: number): string {
  let letters = '';
  for (let c = column + 1; c > 0; c = Math.floor((c - 1) / 26))
    letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  return letters;
}

function a1(row: number, column: number): string {
  return `${columnLetters(column)}${row + 1}`;
}

/** A rectangle's A1 address without the sheet: "B3", or "B3:D10" for more than one cell. */
export function rectAddress(r: FakeRect): string {
  return r.rows === 1 && r.columns === 1
    ? a1(r.row, r.column)
    : `${a1(r.row, r.column)}:${a1(r.row + r.rows - 1, r.column + r.columns - 1)}`;
}

/** Parses "B3" or "B3:D10" (with optional $ and sheet part) into a 0-based rectangle. */
export function parseAddress(address: string): FakeRect {
  const local = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const cell = (text: string) => {
    const match = /^\$?([A-Z]+)\$?(\d+)$/i.exec(text);
    if (!match) throw new FakeExcelError('InvalidArgument', `not an address: ${address}`);
    let column = 0;
    for (const ch of match[1].toUpperCase()) column = column * 26 + ch.charCodeAt(0) - 64;
    return { row: Number(match[2]) - 1, column: column - 1 };
  };
  const [first, second] = local.split(':');
  const start = cell(first);
  const end = second ? cell(second) : start;
  return {
    row: Math.min(start.row, end.row),
    column: Math.min(start.column, end.column),
    rows: Math.abs(end.row - start.row) + 1,
    columns: Math.abs(end.column - start.column) + 1,
  };
}

/** An error as Office.js reports one: a code and a message. */
export class FakeExcelError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RichApi.Error';
  }
}

/** Stores typed input the way Excel does (see the file's header). */
function typedValue(input: unknown): FakeValue | undefined {
  if (input === null) return undefined; // Office.js leaves a cell unchanged for null
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new FakeExcelError('InvalidArgument', `${input} is not a cell value`);
    return input;
  }
  if (typeof input === 'boolean') return input;
  if (typeof input !== 'string') throw new FakeExcelError('InvalidArgument', `${String(input)} is not a cell value`);
  if (input.startsWith("'")) return input.slice(1);
  if (/^[=+-]/.test(input) && input.length > 1 && !/^[+-]?\d/.test(input)) return { formula: input };
  if (input.startsWith('=')) return { formula: input };
  if (/^(true|false)$/i.test(input)) return input.toLowerCase() === 'true';
  const number = input.trim() === '' ? NaN : Number(input.replace(/,/g, '').replace(/%$/, ''));
  if (Number.isFinite(number)) return input.trim().endsWith('%') ? number / 100 : number;
  return input;
}

/** Writes typed input into a cell: "" empties it, null leaves it as it is (see {@link typedValue}). */
function store(cell: FakeCell, input: unknown): void {
  const typed = typedValue(input);
  if (input === '') delete cell.value;
  else if (typed !== undefined) cell.value = typed;
}

/**
 * The fake: its workbook state (`sheets`, `names`), the requests recorded, and the
 * `context` to hand to the code under test.
 *
 * @example
 * const excel = new FakeExcel(['Sheet1']);
 * const sheet = excel.context.workbook.worksheets.add('Data');
 * sheet.getRange('A1').values = [[42]];
 * await excel.context.sync();
 * excel.cell('Data', 0, 0).value; // 42
 */
export class FakeExcel {
  readonly sheets: FakeSheet[] = [];
  readonly names: FakeName[] = [];
  readonly requests: FakeRequest[] = [];
  readonly context: Excel.RequestContext;
  /** This context's operations, not yet synced (each context of {@link createContext} has its own). */
  private queue: Queued[] = [];
  /** Syncs of this context (each context counts its own). */
  private syncs = 0;
  /** The options this context was run with (each context has its own). */
  private runOptions: Excel.RunOptions = {};
  /**
   * What changes besides the arrays, in one object: a context of {@link createContext} is
   * `Object.create(this)` with a queue of its own, so a field assigned here (`this.x = …`) would
   * fork the workbook; a property of `shared` is the same for every context.
   */
  private readonly shared: {
    nextId: number;
    nextTable: number;
    failure?: { sync: number; applied: number | 'half' };
    active?: FakeSheet;
    /** Set while the user edits a cell: `ended` resolves when they leave it. */
    editing?: { ended: Promise<void>; end: () => void };
  } = { nextId: 1, nextTable: 1 };

  constructor(sheetNames: readonly string[] = ['Sheet1']) {
    for (const name of sheetNames) this.addSheet(name);
    this.context = this.createContext({ delayForCellEdit: true });
  }

  /**
   * A new request context on the same workbook, with its own queue of operations, as each
   * `Excel.run` gets one: two runs that overlap sync only their own operations. `context` is
   * the first. `options` are the run's (`delayForCellEdit`).
   */
  createContext(options: Excel.RunOptions = {}): Excel.RequestContext {
    const view = Object.create(this, {
      queue: { value: [], writable: true },
      syncs: { value: 0, writable: true },
      runOptions: { value: { ...options } },
    }) as FakeExcel;
    return new FakeContext(view) as unknown as Excel.RequestContext;
  }

  /**
   * `Excel.run(options, batch)`: a new context for the batch, then a last sync of what it left
   * queued, as Office.js does (none when nothing is queued: Office.js sends no empty request).
   * Without `delayForCellEdit: true` it rejects (see the file's header).
   *
   * @example const result = await excel.run({ delayForCellEdit: true }, (context) => createAssumptionsTable(context));
   */
  run<T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => T | Promise<T>): Promise<T>;
  run<T>(batch: (context: Excel.RequestContext) => T | Promise<T>): Promise<T>;
  async run<T>(
    first: Excel.RunOptions | ((context: Excel.RequestContext) => T | Promise<T>),
    second?: (context: Excel.RequestContext) => T | Promise<T>,
  ): Promise<T> {
    const [options, batch] = typeof first === 'function' ? [{}, first] : [first, second];
    if (typeof batch !== 'function') throw new TypeError('Excel.run needs a batch function');
    if (options.delayForCellEdit !== true)
      throw new Error(
        'Excel.run without { delayForCellEdit: true }: such a batch fails while the user edits a cell ' +
          '(run every batch through excelRun, src/excel/excel-run.ts)',
      );
    const context = this.createContext(options);
    const result = await batch(context);
    if ((context as unknown as FakeContext).pending > 0) await context.sync();
    return result;
  }

  /** The user starts editing a cell (typing in it): Excel holds or fails batches until {@link endCellEdit}. */
  startCellEdit(): void {
    if (this.shared.editing) return;
    let end = () => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    this.shared.editing = { ended, end };
  }

  /** The user leaves the cell (Enter, Tab, a click elsewhere): batches held meanwhile go on. */
  endCellEdit(): void {
    const editing = this.shared.editing;
    this.shared.editing = undefined;
    editing?.end();
  }

  /** True while the user edits a cell. */
  get editingCell(): boolean {
    return this.shared.editing !== undefined;
  }

  /** Syncs this context has made: a proxy's `isNullObject` is readable after one (see Loadable). */
  get syncCount(): number {
    return this.syncs;
  }

  /** Makes the `sync`-th sync (1-based, counted from the start) fail after applying `applied` of its operations. */
  failAtSync(sync: number, applied: number | 'half' = 'half'): void {
    this.shared.failure = { sync, applied };
  }

  /** The live sheets, in order. */
  get liveSheets(): FakeSheet[] {
    return this.sheets.filter((s) => !s.deleted);
  }

  sheet(name: string): FakeSheet {
    const sheet = this.findSheet(name);
    if (!sheet) throw new Error(`no sheet "${name}"`);
    return sheet;
  }

  cell(sheet: string, row: number, column: number): FakeCell {
    return this.sheet(sheet).cells.get(key(row, column)) ?? {};
  }

  /** {@link cell} by an A1 address: `excel.cellAt('Beekeeper Assumptions', 'D7')`. */
  cellAt(sheet: string, address: string): FakeCell {
    const { row, column } = parseAddress(address);
    return this.cell(sheet, row, column);
  }

  /** The active sheet's name: the first sheet's until `activate()` or `select()` changes it. */
  get activeSheet(): string {
    return this.active().name;
  }

  /** The selection as a user reads it, on the active sheet: `Beekeeper Assumptions!D7`, `Sheet1!A1:B3`. */
  get selection(): string {
    const sheet = this.active();
    return `${sheet.name}!${rectAddress(sheet.selection ?? { row: 0, column: 0, rows: 1, columns: 1 })}`;
  }

  /**
   * A user types `value` into one cell (or pastes it, with `paste`): applied at once, outside
   * any request, stored as Excel stores typed input; `''` or `null` empties the cell. Its formats
   * and validation stay. A typed value that the cell's drop-down list refuses (a list rule whose
   * alert is a Stop) throws, as Excel refuses it; a paste goes in unchecked, as in Excel.
   *
   * @example excel.setCell('Beekeeper Assumptions', 'D7', 9)
   */
  setCell(
    sheet: string,
    address: string,
    value: number | string | boolean | null,
    options: { paste?: boolean } = {},
  ): void {
    const target = this.sheet(sheet);
    const at = parseAddress(address);
    if (at.rows !== 1 || at.columns !== 1) throw new Error(`setCell takes one cell, got ${address}`);
    const k = key(at.row, at.column);
    const cell = target.cells.get(k) ?? {};
    const blank = value === null || value === '';
    const list = cell.validation?.rule?.list;
    const alert = cell.validation?.errorAlert;
    if (!options.paste && list && alert?.showAlert !== false && (alert?.style ?? 'Stop') === 'Stop') {
      const allowed = this.listItems(target, String(list.source)).map((item) => item.trim().toLowerCase());
      const ok = blank ? cell.validation?.ignoreBlanks !== false : allowed.includes(String(value).toLowerCase());
      if (!ok)
        throw new Error(
          `${sheet}!${address}: Excel refuses ${JSON.stringify(value)}: the cell's list is ${list.source}`,
        );
    }
    if (blank) delete cell.value;
    else cell.value = typedValue(value);
    target.cells.set(k, cell);
  }

  /**
   * The items of a drop-down's list: a typed list ("uniform,pert"), or the values of the cells a
   * reference names ("=$F$2:$F$21" on the validated cell's sheet, "='Other sheet'!$A$1:$A$3"), as
   * they are when the user types.
   */
  private listItems(sheet: FakeSheet, source: string): string[] {
    if (!source.startsWith('=')) return source.split(',');
    const reference = source.slice(1);
    const bang = reference.lastIndexOf('!');
    const named = bang < 0 ? undefined : reference.slice(0, bang);
    const on = named === undefined ? sheet : this.sheet(named.replace(/^'|'$/g, '').replace(/''/g, "'"));
    const at = parseAddress(reference);
    const items: string[] = [];
    for (let r = 0; r < at.rows; r++)
      for (let c = 0; c < at.columns; c++) {
        const value = on.cells.get(key(at.row + r, at.column + c))?.value;
        if (value !== undefined && typeof value !== 'object') items.push(String(value));
      }
    return items;
  }

  /** Every table of the workbook. */
  get tables(): FakeTable[] {
    return this.liveSheets.flatMap((s) => s.tables);
  }

  /** A copy of everything a user could see, to compare before and after. */
  snapshot(): unknown[] {
    return this.liveSheets
      .map((s) => ({
        name: s.name,
        cells: [...s.cells.entries()].sort(),
        widths: [...s.columnWidths.entries()],
        tables: s.tables.map((t) => ({ ...t, area: { ...t.area, sheet: t.area.sheet.name } })),
        charts: s.charts.length,
        freeze: s.freeze,
        names: this.names.filter((n) => n.sheet === s).map((n) => `${n.name}=${a1(n.row, n.column)}`),
      }))
      .concat([{ names: this.names.map((n) => `${n.name}->${n.sheet.deleted ? '#REF!' : n.sheet.name}`) } as never]);
  }

  // ------------------------------------------------------------------ state changes (at sync)

  findSheet(name: string): FakeSheet | undefined {
    return this.liveSheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  addSheet(name: string): FakeSheet {
    if (this.findSheet(name)) throw new FakeExcelError('ItemAlreadyExists', `a sheet named "${name}" exists`);
    if (name.length > 31 || /[[\]:*?/\\]/.test(name) || name.trim() === '')
      throw new FakeExcelError('InvalidArgument', `"${name}" is not a sheet name`);
    const sheet: FakeSheet = {
      id: `{sheet-${this.shared.nextId++}}`,
      name,
      cells: new Map(),
      columnWidths: new Map(),
      tables: [],
      charts: [],
      pageBreaks: [],
      autofitColumns: new Set(),
      autofitRows: new Set(),
    };
    this.sheets.push(sheet);
    return sheet;
  }

  renameSheet(sheet: FakeSheet, name: string): void {
    const other = this.findSheet(name);
    if (other && other !== sheet) throw new FakeExcelError('ItemAlreadyExists', `a sheet named "${name}" exists`);
    sheet.name = name;
  }

  /** Table names and defined names share one namespace. */
  nameTaken(name: string, except?: FakeTable): boolean {
    const lower = name.toLowerCase();
    return (
      this.names.some((n) => n.name.toLowerCase() === lower) ||
      this.tables.some((t) => t !== except && t.name.toLowerCase() === lower)
    );
  }

  addTable(area: FakeArea, hasHeaders: boolean): FakeTable {
    if (!hasHeaders) throw new FakeExcelError('NotImplemented', 'the fake only adds tables with headers');
    if (area.rows < 2) throw new FakeExcelError('InvalidArgument', 'a table needs a data row');
    const clash = area.sheet.tables.find((t) => overlap(t.area, area));
    if (clash) throw new FakeExcelError('InvalidOperation', `the range overlaps table ${clash.name}`);
    const headers: string[] = [];
    for (let c = 0; c < area.columns; c++) {
      const value = area.sheet.cells.get(key(area.row, area.column + c))?.value;
      // Excel would invent "Column1" or renumber a repeated header: the fake refuses, as that is a writer bug.
      if (typeof value !== 'string' || value === '' || headers.some((h) => h.toLowerCase() === value.toLowerCase()))
        throw new FakeExcelError('InvalidArgument', `header ${a1(area.row, area.column + c)} is not a unique text`);
      headers.push(value);
    }
    let name: string;
    do name = `Table${this.shared.nextTable++}`;
    while (this.nameTaken(name));
    const table: FakeTable = { name, area, headers };
    area.sheet.tables.push(table);
    return table;
  }

  /** Shows or hides a table's totals row (see the file's header). */
  showTotals(table: FakeTable, show: boolean): void {
    if (show === (table.showTotals === true)) return;
    const { area } = table;
    const below = area.row + area.rows - (show ? 0 : 1);
    const cells = Array.from({ length: area.columns }, (_, c) => key(below, area.column + c));
    if (show) {
      if (cells.some((k) => area.sheet.cells.get(k)?.value !== undefined))
        throw new FakeExcelError('InvalidOperation', `the row below table ${table.name} is not empty`);
      const last = table.headers[table.headers.length - 1];
      area.sheet.cells.set(cells[0], { ...area.sheet.cells.get(cells[0]), value: 'Total' });
      if (cells.length > 1)
        area.sheet.cells.set(cells[cells.length - 1], {
          ...area.sheet.cells.get(cells[cells.length - 1]),
          value: { formula: `=SUBTOTAL(109,${table.name}[${last}])` },
        });
    } else for (const k of cells) delete area.sheet.cells.get(k)?.value;
    table.area = { ...area, rows: area.rows + (show ? 1 : -1) };
    table.showTotals = show;
  }

  addName(name: string, area: FakeArea): void {
    if (this.nameTaken(name)) throw new FakeExcelError('ItemAlreadyExists', `the name ${name} exists`);
    if (!/^[A-Za-z_\\][A-Za-z0-9_.]*$/.test(name)) throw new FakeExcelError('InvalidArgument', `${name} is not a name`);
    this.names.push({ name, sheet: area.sheet, row: area.row, column: area.column });
  }

  deleteSheet(sheet: FakeSheet): void {
    const live = this.liveSheets;
    if (live.length === 1) throw new FakeExcelError('InvalidOperation', 'a workbook keeps one sheet');
    // Excel activates the next sheet (the one before, for the last) when the active one goes.
    if (this.active() === sheet) {
      const at = live.indexOf(sheet);
      this.shared.active = live[at + 1] ?? live[at - 1];
    }
    sheet.deleted = true; // names that point at it now show #REF!, as in Excel
  }

  /** The active sheet (the first live one if it was never set). */
  active(): FakeSheet {
    const active = this.shared.active;
    return active && !active.deleted ? active : this.liveSheets[0];
  }

  activate(sheet: FakeSheet): void {
    this.shared.active = sheet;
  }

  /** Selects a range: its sheet becomes the active one, as in Excel. */
  select(area: FakeArea): void {
    const { sheet, ...rect } = area;
    sheet.selection = rect;
    this.shared.active = sheet;
  }

  // ------------------------------------------------------------------ the request protocol

  enqueue(op: string, args: unknown, apply: () => void): void {
    this.queue.push({ op, args, apply });
  }

  /** Operations queued in this context and not yet synced. */
  get pending(): number {
    return this.queue.length;
  }

  async sync(): Promise<void> {
    const queued = this.queue;
    this.queue = [];
    this.syncs++;
    const operations = queued.map(({ op, args }) => ({ op, args }));
    const bytes = requestBytes(operations);
    const fail = (why: string, error: Error) => {
      this.requests.push({ operations, bytes, failed: why });
      throw error;
    };
    // Cell-edit mode: Excel holds a batch run with delayForCellEdit until the user leaves the cell, and fails any other.
    while (this.shared.editing) {
      if (this.runOptions.delayForCellEdit !== true)
        fail(
          'cell edit mode',
          new FakeExcelError(
            'InvalidOperationInCellEditMode',
            'Excel is in cell-editing mode: leave the cell (Enter or Tab) and try again',
          ),
        );
      await this.shared.editing.ended;
    }
    const number = this.requests.length + 1;
    if (bytes > REQUEST_LIMIT)
      fail(
        'too large',
        new FakeExcelError('RequestPayloadSizeLimitExceeded', `the request's payload is ${bytes} bytes, over 5 MB`),
      );
    const injected = this.shared.failure?.sync === number ? this.shared.failure : undefined;
    const upTo = injected
      ? injected.applied === 'half'
        ? Math.floor(queued.length / 2)
        : injected.applied
      : queued.length;
    for (let i = 0; i < upTo; i++) {
      try {
        queued[i].apply();
      } catch (e) {
        fail(`operation ${i + 1} (${queued[i].op})`, e as Error);
      }
    }
    if (injected) fail('injected', new FakeExcelError('GeneralException', `injected failure at sync ${number}`));
    this.requests.push({ operations, bytes });
  }
}

/**
 * Excel's limits on a validation: a typed list of at most 255 characters, as Excel's Data
 * Validation dialog keeps it (a longer list takes its items from cells: `source: "=$F$2:$F$21"`);
 * an alert's title of at most 32 characters and its message of at most 225 (MS-XLS 2.5.37,
 * DValStrings). Beyond them Excel refuses the rule, so the fake fails the request.
 */
function checkValidation(property: keyof FakeValidation, value: unknown): void {
  if (property === 'rule') {
    const source = (value as Excel.DataValidationRule).list?.source;
    if (typeof source === 'string' && !source.startsWith('=') && source.length > 255)
      throw new FakeExcelError(
        'InvalidArgument',
        `a list's source holds at most 255 characters, got ${source.length}: put the items in cells and give their range`,
      );
  }
  if (property === 'errorAlert') {
    const { title = '', message = '' } = value as Excel.DataValidationErrorAlert;
    if (title.length > 32)
      throw new FakeExcelError('InvalidArgument', `an alert's title holds at most 32 characters, got ${title.length}`);
    if (message.length > 225)
      throw new FakeExcelError(
        'InvalidArgument',
        `an alert's message holds at most 225 characters, got ${message.length}`,
      );
  }
}

const overlap = (a: FakeArea, b: FakeArea) =>
  a.row < b.row + b.rows &&
  b.row < a.row + a.rows &&
  a.column < b.column + b.columns &&
  b.column < a.column + a.columns;

// ---------------------------------------------------------------------------------------------
// Proxies: what the code under test holds. Each resolves its object when a request applies.
// ---------------------------------------------------------------------------------------------

/** A loadable proxy: properties read before load + sync throw. */
class Loadable {
  protected loaded = new Map<string, unknown>();
  protected requested = new Set<string>();

  /** The context's syncs when the proxy was made. */
  private readonly bornAt: number;

  constructor(protected readonly excel: FakeExcel) {
    this.bornAt = excel.syncCount;
  }

  /**
   * `isNullObject` of a `…OrNullObject` proxy: Office.js sets it at the next sync without a
   * load; the fake reads it then (live, not as of that sync).
   */
  protected readNullity(): boolean {
    if (this.loaded.has('isNullObject') || this.excel.syncCount <= this.bornAt) return this.read('isNullObject');
    return this.snapshot('isNullObject') as boolean;
  }

  protected read<T>(property: string): T {
    if (!this.loaded.has(property))
      throw new FakeExcelError(
        'PropertyNotLoaded',
        `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    return this.loaded.get(property) as T;
  }

  /** Fills the item's snapshot when its collection loads `items/<property>`. */
  fill(properties: string[]): void {
    for (const p of properties) this.loaded.set(p, this.snapshot(p));
  }

  protected snapshot(_property: string): unknown {
    throw new FakeExcelError('InvalidArgument', `the fake cannot load ${_property}`);
  }

  load(properties?: string | string[]): this {
    const list = properties === undefined ? [] : Array.isArray(properties) ? properties : properties.split(',');
    const names = list.map((p) => p.trim()).filter(Boolean);
    this.excel.enqueue('load', { properties: names }, () => {
      for (const p of names) this.loaded.set(p, this.snapshot(p));
    });
    return this;
  }
}

class FakeContext {
  readonly workbook: FakeWorkbookProxy;
  constructor(private readonly excel: FakeExcel) {
    this.workbook = new FakeWorkbookProxy(excel);
  }
  sync(): Promise<void> {
    return this.excel.sync();
  }
  get pending(): number {
    return this.excel.pending;
  }
}

class FakeWorkbookProxy {
  readonly worksheets: WorksheetCollectionProxy;
  readonly names: NameCollectionProxy;
  readonly tables: TableCollectionProxy;
  constructor(private readonly excel: FakeExcel) {
    this.worksheets = new WorksheetCollectionProxy(excel);
    this.names = new NameCollectionProxy(excel);
    this.tables = new TableCollectionProxy(excel);
  }
  /** The active sheet's selection, as it is when the request applies. */
  getSelectedRange(): RangeProxy {
    return new RangeProxy(this.excel, selected(this.excel, false), 'the selection');
  }
  /** The top-left cell of the selection. */
  getActiveCell(): RangeProxy {
    return new RangeProxy(this.excel, selected(this.excel, true), 'the active cell');
  }
}

/** The selection (or its top-left cell) of the active sheet, resolved when a request applies. */
const selected = (excel: FakeExcel, cell: boolean) => (): FakeArea => {
  const sheet = excel.active();
  const at = sheet.selection ?? { row: 0, column: 0, rows: 1, columns: 1 };
  return { sheet, ...at, ...(cell ? { rows: 1, columns: 1 } : {}) };
};

/** Loads `items/<property>` of a collection: each item gets its own loaded snapshot. */
abstract class CollectionProxy<T extends Loadable> extends Loadable {
  protected abstract all(): T[];
  get items(): T[] {
    return this.read<T[]>('items');
  }
  load(properties?: string | string[]): this {
    const list = properties === undefined ? [] : Array.isArray(properties) ? properties : properties.split(',');
    const itemProperties = list.map((p) => p.trim().replace(/^items\/?/, '')).filter(Boolean);
    this.excel.enqueue('load', { properties: list }, () => {
      const items = this.all();
      for (const item of items) item.fill(itemProperties);
      this.loaded.set('items', items);
    });
    return this;
  }
}

class WorksheetCollectionProxy extends CollectionProxy<WorksheetProxy> {
  protected all(): WorksheetProxy[] {
    return this.excel.liveSheets.map((s) => new WorksheetProxy(this.excel, () => s));
  }
  add(name: string): WorksheetProxy {
    let created: FakeSheet | undefined;
    this.excel.enqueue('worksheets.add', { name }, () => (created = this.excel.addSheet(name)));
    return new WorksheetProxy(this.excel, () => {
      if (!created) throw new FakeExcelError('ItemNotFound', `sheet "${name}" was never added`);
      return created;
    });
  }
  getItem(name: string): WorksheetProxy {
    // A missing sheet fails the sync with ItemNotFound, as in Office.js.
    return new WorksheetProxy(this.excel, () => this.excel.findSheet(name), `sheet "${name}"`);
  }
  getItemOrNullObject(name: string): WorksheetProxy {
    return new WorksheetProxy(this.excel, () => this.excel.findSheet(name), name, true);
  }
  getActiveWorksheet(): WorksheetProxy {
    return new WorksheetProxy(this.excel, () => this.excel.active(), 'the active sheet');
  }
}

/** Resolves lazily (at apply time), then sticks to the object it found, as Office.js proxies do. */
function sticky<T>(resolve: () => T | undefined, what: string): () => T {
  let found: T | undefined;
  return () => {
    if (found === undefined) found = resolve();
    if (found === undefined) throw new FakeExcelError('ItemNotFound', `${what} does not exist`);
    return found;
  };
}

class WorksheetProxy extends Loadable {
  private readonly sheet: () => FakeSheet;
  private readonly maybe: () => FakeSheet | undefined;
  readonly tables: SheetTableCollectionProxy;
  readonly charts: { add: (type: string, source: RangeProxy, seriesBy?: string) => ChartProxy };
  readonly freezePanes: {
    freezeRows(n: number): void;
    freezeColumns(n: number): void;
    freezeAt(r: RangeProxy | string): void;
  };
  readonly pageLayout: {
    orientation: string;
    zoom: FakeSheet['zoom'];
    setPrintTitleRows(address: string): void;
    setPrintTitleColumns(address: string): void;
    setPrintArea(address: string): void;
    readonly headersFooters: {
      readonly defaultForAllPages: { leftFooter: string; centerFooter: string; rightFooter: string };
    };
  };
  readonly horizontalPageBreaks: { add(range: RangeProxy | string): void };

  constructor(excel: FakeExcel, resolve: () => FakeSheet | undefined, label = 'the sheet', nullable = false) {
    super(excel);
    let cached: FakeSheet | undefined;
    let resolved = false;
    this.maybe = () => {
      if (!resolved) {
        cached = resolve();
        resolved = cached !== undefined || nullable;
      }
      return cached;
    };
    this.sheet = () => {
      const s = this.maybe();
      if (!s || s.deleted) throw new FakeExcelError('ItemNotFound', `${label} does not exist`);
      return s;
    };
    const area = (target: string | RangeProxy) => (typeof target === 'string' ? this.getRange(target) : target);
    this.tables = new SheetTableCollectionProxy(excel, () => this.sheet());
    this.charts = {
      add: (type, source, seriesBy = 'Auto') => {
        let chart: FakeChart | undefined;
        excel.enqueue('charts.add', { type, source: source.label, seriesBy }, () => {
          const a = source.resolve();
          const series: FakeSeries[] = [];
          for (let c = 0; c < a.columns; c++) {
            const header = a.sheet.cells.get(key(a.row, a.column + c))?.value;
            const named = typeof header === 'string' && a.rows > 1;
            series.push({
              name: named ? header : `Series${c + 1}`,
              values: {
                sheet: a.sheet,
                row: a.row + (named ? 1 : 0),
                column: a.column + c,
                rows: a.rows - (named ? 1 : 0),
                columns: 1,
              },
            });
          }
          chart = { type, series };
          this.sheet().charts.push(chart);
        });
        return new ChartProxy(
          excel,
          sticky(() => chart, 'the chart'),
        );
      },
    };
    const freeze = (rows: number, columns: number) => (this.sheet().freeze = { rows, columns });
    this.freezePanes = {
      freezeRows: (n) => excel.enqueue('freezeRows', { n }, () => freeze(n, 0)),
      freezeColumns: (n) => excel.enqueue('freezeColumns', { n }, () => freeze(0, n)),
      freezeAt: (r) => {
        const range = area(r);
        excel.enqueue('freezeAt', { range: range.label }, () => {
          const a = range.resolve();
          freeze(a.row + a.rows, a.column + a.columns);
        });
      },
    };
    const layout = { orientation: '', zoom: {} as FakeSheet['zoom'] };
    this.pageLayout = {
      set orientation(value: string) {
        layout.orientation = value;
        excel.enqueue('pageLayout.orientation', { value }, () => (sheetOf().orientation = value));
      },
      get orientation() {
        throw new FakeExcelError('PropertyNotLoaded', 'pageLayout is write-only in the fake');
      },
      set zoom(value: FakeSheet['zoom']) {
        excel.enqueue('pageLayout.zoom', { value }, () => (sheetOf().zoom = { ...value }));
      },
      get zoom() {
        throw new FakeExcelError('PropertyNotLoaded', 'pageLayout is write-only in the fake');
      },
      setPrintTitleRows: (address: string) =>
        excel.enqueue('pageLayout.setPrintTitleRows', { address }, () => (sheetOf().printTitleRows = address)),
      setPrintTitleColumns: (address: string) =>
        excel.enqueue('pageLayout.setPrintTitleColumns', { address }, () => (sheetOf().printTitleColumns = address)),
      setPrintArea: (address: string) =>
        excel.enqueue('pageLayout.setPrintArea', { address }, () => (sheetOf().printArea = address)),
      headersFooters: { defaultForAllPages: footerProxy() },
    };
    /** The footer's three sections, write-only, each set queued and applied at sync. */
    function footerProxy() {
      const section = (key: 'left' | 'center' | 'right') => ({
        set(value: string) {
          excel.enqueue(`headersFooters.${key}Footer`, { value }, () => {
            const sheet = sheetOf();
            sheet.footer = { ...sheet.footer, [key]: value };
          });
        },
        get(): string {
          throw new FakeExcelError('PropertyNotLoaded', 'headersFooters is write-only in the fake');
        },
      });
      const proxy = {} as { leftFooter: string; centerFooter: string; rightFooter: string };
      Object.defineProperties(proxy, {
        leftFooter: section('left'),
        centerFooter: section('center'),
        rightFooter: section('right'),
      });
      return proxy;
    }
    const sheetOf = () => this.sheet();
    this.horizontalPageBreaks = {
      add: (r) => {
        const range = area(r);
        excel.enqueue('horizontalPageBreaks.add', { range: range.label }, () =>
          sheetOf().pageBreaks.push(range.resolve().row),
        );
      },
    };
  }

  protected snapshot(property: string): unknown {
    if (property === 'isNullObject') {
      const s = this.maybe();
      return !s || s.deleted === true;
    }
    const sheet = this.sheet();
    switch (property) {
      case 'name':
        return sheet.name;
      case 'id':
        return sheet.id;
      case 'position':
        return this.excel.liveSheets.indexOf(sheet);
      default:
        return super.snapshot(property);
    }
  }

  get name(): string {
    return this.read('name');
  }
  set name(value: string) {
    this.excel.enqueue('worksheet.name', { value }, () => this.excel.renameSheet(this.sheet(), value));
  }
  get id(): string {
    return this.read('id');
  }
  get position(): number {
    return this.read('position');
  }
  get isNullObject(): boolean {
    return this.readNullity();
  }
  delete(): void {
    this.excel.enqueue('worksheet.delete', {}, () => this.excel.deleteSheet(this.sheet()));
  }
  activate(): void {
    this.excel.enqueue('worksheet.activate', {}, () => this.excel.activate(this.sheet()));
  }
  getRange(address: string): RangeProxy {
    const a = parseAddress(address);
    return new RangeProxy(this.excel, () => ({ sheet: this.sheet(), ...a }), address);
  }
  getRangeByIndexes(row: number, column: number, rows: number, columns: number): RangeProxy {
    const label = rectAddress({ row, column, rows, columns });
    return new RangeProxy(this.excel, () => ({ sheet: this.sheet(), row, column, rows, columns }), label);
  }
}

class RangeProxy extends Loadable {
  private untracked = false;
  readonly format: {
    font: { bold: boolean; italic: boolean; size: number; color: string };
    columnWidth: number;
    wrapText: boolean;
    horizontalAlignment: string;
    verticalAlignment: string;
    autofitColumns(): void;
    autofitRows(): void;
  };
  /** Write-only, as the fake reads nothing back: recorded on each cell (FakeCell.validation). */
  readonly dataValidation: FakeValidation & { clear(): void };
  private readonly area: () => FakeArea;

  constructor(
    excel: FakeExcel,
    area: () => FakeArea | undefined,
    readonly label: string,
  ) {
    super(excel);
    this.area = sticky(area, `range ${label}`);
    const style = (property: keyof FakeCell, op: string) => ({
      set: (value: unknown) => {
        this.check();
        excel.enqueue(op, { range: label, value }, () =>
          this.each((cell) => ((cell as Record<string, unknown>)[property] = value)),
        );
      },
      get: () => {
        throw new FakeExcelError('PropertyNotLoaded', `the fake does not read ${op}`);
      },
    });
    const font = {};
    Object.defineProperty(font, 'bold', style('bold', 'font.bold'));
    Object.defineProperty(font, 'italic', style('italic', 'font.italic'));
    Object.defineProperty(font, 'size', style('size', 'font.size'));
    Object.defineProperty(font, 'color', style('color', 'font.color'));
    const format = { font };
    Object.defineProperty(format, 'wrapText', style('wrapText', 'format.wrapText'));
    Object.defineProperty(format, 'horizontalAlignment', style('horizontalAlignment', 'format.horizontalAlignment'));
    Object.defineProperty(format, 'verticalAlignment', style('verticalAlignment', 'format.verticalAlignment'));
    Object.defineProperty(format, 'columnWidth', {
      set: (value: number) => {
        this.check();
        excel.enqueue('format.columnWidth', { range: label, value }, () => {
          const a = this.resolve();
          for (let c = a.column; c < a.column + a.columns; c++) a.sheet.columnWidths.set(c, value);
        });
      },
    });
    Object.defineProperty(format, 'autofitColumns', {
      value: () => {
        this.check();
        excel.enqueue('format.autofitColumns', { range: label }, () => {
          const a = this.resolve();
          for (let c = a.column; c < a.column + a.columns; c++) a.sheet.autofitColumns.add(c);
        });
      },
    });
    Object.defineProperty(format, 'autofitRows', {
      value: () => {
        this.check();
        excel.enqueue('format.autofitRows', { range: label }, () => {
          const a = this.resolve();
          for (let r = a.row; r < a.row + a.rows; r++) a.sheet.autofitRows.add(r);
        });
      },
    });
    this.format = format as RangeProxy['format'];
    const validation = {};
    const validate = (property: keyof FakeValidation) => ({
      set: (value: unknown) => {
        this.check();
        const copy = JSON.parse(JSON.stringify(value)) as unknown; // the request carries a copy
        excel.enqueue(`dataValidation.${property}`, { range: label, value: copy }, () => {
          checkValidation(property, copy);
          this.each((cell) => (cell.validation = { ...cell.validation, [property]: copy }));
        });
      },
      get: () => {
        throw new FakeExcelError('PropertyNotLoaded', `the fake does not read dataValidation.${property}`);
      },
    });
    for (const property of ['ignoreBlanks', 'rule', 'errorAlert'] as const)
      Object.defineProperty(validation, property, validate(property));
    Object.defineProperty(validation, 'clear', {
      value: () => {
        this.check();
        excel.enqueue('dataValidation.clear', { range: label }, () => this.each((cell) => delete cell.validation));
      },
    });
    this.dataValidation = validation as RangeProxy['dataValidation'];
  }

  private check(): void {
    if (this.untracked) throw new Error(`range ${this.label} used after untrack()`);
  }

  resolve(): FakeArea {
    return this.area();
  }

  private each(apply: (cell: FakeCell, r: number, c: number) => void): void {
    const a = this.resolve();
    for (let r = 0; r < a.rows; r++)
      for (let c = 0; c < a.columns; c++) {
        const k = key(a.row + r, a.column + c);
        const cell = a.sheet.cells.get(k) ?? {};
        apply(cell, r, c);
        a.sheet.cells.set(k, cell);
      }
  }

  private grid(what: string, value: unknown[][], apply: (cell: FakeCell, input: unknown) => void): void {
    this.check();
    if (!Array.isArray(value) || !value.every(Array.isArray))
      throw new FakeExcelError('InvalidArgument', `${what} must be a 2-D array`);
    this.excel.enqueue(what, { range: this.label, value }, () => {
      const a = this.resolve();
      if (value.length !== a.rows || value.some((row) => row.length !== a.columns))
        throw new FakeExcelError(
          'InvalidArgument',
          `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${this.label}).`,
        );
      this.each((cell, r, c) => apply(cell, value[r][c]));
    });
  }

  set values(value: unknown[][]) {
    this.grid('values', value, (cell, input) => {
      if (input instanceof Date) throw new FakeExcelError('InvalidArgument', 'a Date is not a cell value');
      store(cell, input);
    });
  }
  get values(): unknown[][] {
    return this.read('values');
  }
  set numberFormat(value: unknown[][]) {
    this.grid('numberFormat', value, (cell, input) => {
      if (typeof input !== 'string') throw new FakeExcelError('InvalidArgument', 'a number format is text');
      cell.numberFormat = input;
    });
  }
  get numberFormat(): unknown[][] {
    return this.read('numberFormat');
  }
  /** Writes as `values` does (a text beginning with "=" is a formula); reads formulas as text, values as they are. */
  set formulas(value: unknown[][]) {
    this.grid('formulas', value, store);
  }
  get formulas(): unknown[][] {
    return this.read('formulas');
  }
  /** Selects the range (and activates its sheet). */
  select(): void {
    this.check();
    this.excel.enqueue('range.select', { range: this.label }, () => this.excel.select(this.resolve()));
  }
  get address(): string {
    return this.read('address');
  }
  get rowCount(): number {
    return this.read('rowCount');
  }
  get columnCount(): number {
    return this.read('columnCount');
  }
  get isNullObject(): boolean {
    return this.readNullity();
  }
  get worksheet(): WorksheetProxy {
    return new WorksheetProxy(this.excel, () => this.resolve().sheet);
  }

  protected snapshot(property: string): unknown {
    const a = this.resolve();
    const grid = (read: (cell: FakeCell) => unknown) =>
      Array.from({ length: a.rows }, (_, r) =>
        Array.from({ length: a.columns }, (_, c) => read(a.sheet.cells.get(key(a.row + r, a.column + c)) ?? {})),
      );
    switch (property) {
      case 'address': {
        const local = rectAddress(a);
        const sheet = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(a.sheet.name)
          ? a.sheet.name
          : `'${a.sheet.name.replace(/'/g, "''")}'`;
        return `${sheet}!${local}`;
      }
      case 'rowCount':
        return a.rows;
      case 'columnCount':
        return a.columns;
      case 'values':
        return grid((cell) => (cell.value === undefined ? '' : typeof cell.value === 'object' ? 0 : cell.value));
      case 'numberFormat':
        return grid((cell) => cell.numberFormat ?? 'General');
      case 'formulas':
        return grid((cell) =>
          cell.value === undefined ? '' : typeof cell.value === 'object' ? cell.value.formula : cell.value,
        );
      case 'isNullObject':
        return false;
      default:
        return super.snapshot(property);
    }
  }

  untrack(): this {
    this.untracked = true;
    this.excel.enqueue('untrack', { range: this.label }, () => undefined);
    return this;
  }
}

/** A range that may not exist: `getRangeOrNullObject()` of a name whose sheet was deleted. */
class NullableRangeProxy extends RangeProxy {
  constructor(
    excel: FakeExcel,
    private readonly maybe: () => FakeArea | undefined,
    label: string,
  ) {
    super(excel, () => maybe(), label);
  }
  protected snapshot(property: string): unknown {
    if (property === 'isNullObject') return this.maybe() === undefined;
    if (this.maybe() === undefined) return property === 'address' ? '' : undefined;
    return super.snapshot(property);
  }
}

class TableCollectionProxy extends CollectionProxy<TableProxy> {
  protected all(): TableProxy[] {
    return this.excel.tables.map((t) => new TableProxy(this.excel, () => t));
  }
  getItem(name: string): TableProxy {
    return new TableProxy(
      this.excel,
      sticky(() => this.find(name), `table ${name}`),
    );
  }
  getItemOrNullObject(name: string): TableProxy {
    let resolved: { table?: FakeTable } | undefined; // looked up once, when first needed, then kept
    return new TableProxy(this.excel, () => (resolved ??= { table: this.find(name) }).table, true);
  }
  private find(name: string): FakeTable | undefined {
    return this.excel.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
  }
}

/**
 * A range given as a string where Excel takes "a Range or an address" for the workbook
 * (`TableCollection.add`): on the sheet the address names, else on the sheet active when the
 * request applies.
 */
function addressRange(excel: FakeExcel, address: string): RangeProxy {
  const bang = address.lastIndexOf('!');
  const rect = parseAddress(address);
  return new RangeProxy(
    excel,
    () => {
      if (bang < 0) return { sheet: excel.active(), ...rect };
      const named = address.slice(0, bang);
      const sheet = excel.findSheet(named.startsWith("'") ? named.slice(1, -1).replace(/''/g, "'") : named);
      return sheet && { sheet, ...rect };
    },
    address,
  );
}

class SheetTableCollectionProxy extends CollectionProxy<TableProxy> {
  constructor(
    excel: FakeExcel,
    private readonly sheet: () => FakeSheet,
  ) {
    super(excel);
  }
  protected all(): TableProxy[] {
    return this.sheet().tables.map((t) => new TableProxy(this.excel, () => t));
  }
  add(address: string | RangeProxy, hasHeaders: boolean): TableProxy {
    const range = typeof address === 'string' ? addressRange(this.excel, address) : address;
    let table: FakeTable | undefined;
    this.excel.enqueue(
      'tables.add',
      { address: range.label, hasHeaders },
      () => (table = this.excel.addTable(range.resolve(), hasHeaders)),
    );
    return new TableProxy(
      this.excel,
      sticky(() => table, 'the table'),
    );
  }
}

class TableProxy extends Loadable {
  private readonly table: () => FakeTable;
  constructor(
    excel: FakeExcel,
    private readonly maybe: () => FakeTable | undefined,
    private readonly nullable = false,
  ) {
    super(excel);
    this.table = () => {
      const table = maybe();
      if (!table) throw new FakeExcelError('ItemNotFound', 'the table does not exist');
      return table;
    };
  }
  protected snapshot(property: string): unknown {
    if (property === 'isNullObject') return this.nullable && this.maybe() === undefined;
    if (property === 'name') return this.table().name;
    if (property === 'showTotals') return this.table().showTotals === true;
    return super.snapshot(property);
  }
  get isNullObject(): boolean {
    return this.readNullity();
  }
  get worksheet(): WorksheetProxy {
    return new WorksheetProxy(this.excel, () => this.table().area.sheet, "the table's sheet");
  }
  /** The header row, the data rows and the totals row if it is shown. */
  getRange(): RangeProxy {
    return new RangeProxy(this.excel, () => this.table().area, 'the table');
  }
  getHeaderRowRange(): RangeProxy {
    return new RangeProxy(this.excel, () => ({ ...this.table().area, rows: 1 }), "the table's header");
  }
  /** The data rows: neither the header nor the totals row. */
  getDataBodyRange(): RangeProxy {
    return new RangeProxy(
      this.excel,
      () => {
        const table = this.table();
        const { area } = table;
        return { ...area, row: area.row + 1, rows: area.rows - 1 - (table.showTotals ? 1 : 0) };
      },
      "the table's data",
    );
  }
  getTotalRowRange(): RangeProxy {
    return new RangeProxy(
      this.excel,
      () => {
        const table = this.table();
        if (!table.showTotals) throw new FakeExcelError('ItemNotFound', `table ${table.name} shows no totals row`);
        return { ...table.area, row: table.area.row + table.area.rows - 1, rows: 1 };
      },
      "the table's totals",
    );
  }
  get showTotals(): boolean {
    return this.read('showTotals');
  }
  set showTotals(value: boolean) {
    this.excel.enqueue('table.showTotals', { value }, () => this.excel.showTotals(this.table(), value));
  }
  get name(): string {
    return this.read('name');
  }
  set name(value: string) {
    this.excel.enqueue('table.name', { value }, () => {
      const table = this.table();
      if (this.excel.nameTaken(value, table)) throw new FakeExcelError('ItemAlreadyExists', `the name ${value} exists`);
      if (!/^[A-Za-z_\\][A-Za-z0-9_.]*$/.test(value))
        throw new FakeExcelError('InvalidArgument', `${value} is not a table name`);
      table.name = value;
    });
  }
  set style(value: string) {
    this.excel.enqueue('table.style', { value }, () => (this.table().style = value));
  }
  get style(): string {
    return this.read('style');
  }
}

/** An HTML colour code as Office.js takes it ("#RRGGBB"; the fake takes no colour names). */
function checkColor(value: string): void {
  if (!/^#[0-9A-Fa-f]{6}$/.test(value)) throw new FakeExcelError('InvalidArgument', `no colour ${value}`);
}

class ChartProxy {
  readonly title: { text: string };
  readonly axes: {
    categoryAxis: { title: { text: string } };
    valueAxis: { title: { text: string }; logBase: number };
  };
  readonly series: { getItemAt(index: number): SeriesProxy; add(name?: string): SeriesProxy };

  constructor(
    private readonly excel: FakeExcel,
    private readonly chart: () => FakeChart,
  ) {
    const text = (op: string, apply: (chart: FakeChart, value: string) => void) => {
      const holder = {};
      Object.defineProperty(holder, 'text', {
        set: (value: string) => {
          excel.enqueue(op, { value }, () => apply(this.chart(), value));
        },
      });
      return holder as { text: string };
    };
    this.title = text('chart.title', (c, v) => (c.title = v));
    const chartOf = () => this.chart();
    this.axes = {
      categoryAxis: { title: text('categoryAxis.title', (c, v) => (c.categoryTitle = v)) },
      valueAxis: {
        title: text('valueAxis.title', (c, v) => (c.valueTitle = v)),
        set logBase(value: number) {
          excel.enqueue('valueAxis.logBase', { value }, () => {
            if (!(value >= 2 && value <= 1000)) throw new FakeExcelError('InvalidArgument', `a log base of ${value}`);
            chartOf().valueLogBase = value;
          });
        },
      } as { title: { text: string }; logBase: number },
    };
    this.series = {
      getItemAt: (index) =>
        new SeriesProxy(excel, () => {
          const s = this.chart().series[index];
          if (!s) throw new FakeExcelError('ItemNotFound', `the chart has no series ${index}`);
          return s;
        }),
      add: (name) => {
        let created: FakeSeries | undefined;
        excel.enqueue('series.add', { name }, () => {
          created = { name: name ?? `Series${this.chart().series.length + 1}` };
          this.chart().series.push(created);
        });
        return new SeriesProxy(
          excel,
          sticky(() => created, 'the series'),
        );
      },
    };
  }

  setPosition(start: string | RangeProxy, end?: string | RangeProxy): void {
    const label = (r: string | RangeProxy | undefined) =>
      r === undefined ? undefined : typeof r === 'string' ? r : r.label;
    this.excel.enqueue('chart.setPosition', { start: label(start), end: label(end) }, () => {
      this.chart().position = { start: label(start)!, end: label(end) ?? label(start)! };
    });
  }
}

class SeriesProxy {
  readonly format: { line: { color: string; lineStyle: string; weight: number } };

  constructor(
    private readonly excel: FakeExcel,
    private readonly series: () => FakeSeries,
  ) {
    const line = {};
    const property = <T>(name: 'color' | 'lineStyle' | 'weight', check: (value: T) => void) =>
      Object.defineProperty(line, name, {
        set: (value: T) => {
          excel.enqueue(`series.format.line.${name}`, { value }, () => {
            check(value);
            const s = this.series();
            s.line = { ...s.line, [name]: value };
          });
        },
      });
    property<string>('color', (v) => checkColor(v));
    property<string>('lineStyle', (v) => {
      if (!LINE_STYLES.includes(v)) throw new FakeExcelError('InvalidArgument', `no line style ${v}`);
    });
    property<number>('weight', (v) => {
      if (!(v > 0)) throw new FakeExcelError('InvalidArgument', `a line weight of ${v}`);
    });
    this.format = { line: line as { color: string; lineStyle: string; weight: number } };
  }
  private setMarker<K extends keyof NonNullable<FakeSeries['marker']>>(
    op: string,
    key: K,
    value: NonNullable<FakeSeries['marker']>[K],
    check: () => void,
  ): void {
    this.excel.enqueue(op, { value }, () => {
      check();
      const s = this.series();
      s.marker = { ...s.marker, [key]: value };
    });
  }
  set markerStyle(value: string) {
    this.setMarker('series.markerStyle', 'style', value, () => {
      if (!MARKER_STYLES.includes(value)) throw new FakeExcelError('InvalidArgument', `no marker style ${value}`);
    });
  }
  set markerSize(value: number) {
    this.setMarker('series.markerSize', 'size', value, () => {
      // Office.js: "The supported size range is 2 to 72."
      if (!(Number.isInteger(value) && value >= 2 && value <= 72))
        throw new FakeExcelError('InvalidArgument', `a marker size of ${value}`);
    });
  }
  set markerBackgroundColor(value: string) {
    this.setMarker('series.markerBackgroundColor', 'background', value, () => checkColor(value));
  }
  set markerForegroundColor(value: string) {
    this.setMarker('series.markerForegroundColor', 'foreground', value, () => checkColor(value));
  }
  set name(value: string) {
    this.excel.enqueue('series.name', { value }, () => (this.series().name = value));
  }
  setValues(range: RangeProxy): void {
    this.excel.enqueue('series.setValues', { range: range.label }, () => (this.series().values = range.resolve()));
  }
  setXAxisValues(range: RangeProxy): void {
    this.excel.enqueue(
      'series.setXAxisValues',
      { range: range.label },
      () => (this.series().xValues = range.resolve()),
    );
  }
}

class NameCollectionProxy extends CollectionProxy<NamedItemProxy> {
  protected all(): NamedItemProxy[] {
    return this.excel.names.map((n) => new NamedItemProxy(this.excel, () => n));
  }
  add(name: string, reference: RangeProxy | string): NamedItemProxy {
    if (typeof reference === 'string') throw new Error('the fake takes a Range as the reference');
    this.excel.enqueue('names.add', { name, reference: reference.label }, () =>
      this.excel.addName(name, reference.resolve()),
    );
    return this.getItem(name);
  }
  getItem(name: string): NamedItemProxy {
    return new NamedItemProxy(
      this.excel,
      sticky(() => this.excel.names.find((n) => n.name.toLowerCase() === name.toLowerCase()), `the name ${name}`),
    );
  }
  getItemOrNullObject(name: string): NamedItemProxy {
    return new NamedItemProxy(
      this.excel,
      () => this.excel.names.find((n) => n.name.toLowerCase() === name.toLowerCase()),
      true,
    );
  }
}

class NamedItemProxy extends Loadable {
  constructor(
    excel: FakeExcel,
    private readonly item: () => FakeName | undefined,
    private readonly nullable = false,
  ) {
    super(excel);
  }
  private found(): FakeName {
    const item = this.item();
    if (!item) throw new FakeExcelError('ItemNotFound', 'the name does not exist');
    return item;
  }
  protected snapshot(property: string): unknown {
    if (property === 'isNullObject') return this.item() === undefined;
    if (this.nullable && this.item() === undefined) return undefined;
    const item = this.found();
    switch (property) {
      case 'name':
        return item.name;
      case 'type':
        return item.sheet.deleted ? 'Error' : 'Range';
      case 'value':
        return item.sheet.deleted
          ? '#REF!'
          : `=${(this.excel.sheets.includes(item.sheet) && item.sheet.name) || ''}!$A$1`;
      default:
        return super.snapshot(property);
    }
  }
  get name(): string {
    return this.read('name');
  }
  get type(): string {
    return this.read('type');
  }
  get isNullObject(): boolean {
    return this.readNullity();
  }
  private area(): FakeArea | undefined {
    const item = this.item();
    if (!item || item.sheet.deleted) return undefined;
    return { sheet: item.sheet, row: item.row, column: item.column, rows: 1, columns: 1 };
  }
  getRange(): RangeProxy {
    return new RangeProxy(this.excel, () => this.area(), 'a named range');
  }
  getRangeOrNullObject(): RangeProxy {
    return new NullableRangeProxy(this.excel, () => this.area(), 'a named range');
  }
  delete(): void {
    this.excel.enqueue('names.delete', {}, () => {
      const item = this.found();
      this.excel.names.splice(this.excel.names.indexOf(item), 1);
    });
  }
}
