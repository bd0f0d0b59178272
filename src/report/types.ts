/**
 * The host-neutral report: every sheet, cell, number format, table and chart that a simulation
 * run writes, decided once by the report builder. The Excel writer (task pane) and the .xlsx
 * writer (command line) only translate it, so both outputs hold the same values.
 *
 * Positions are 0-based (row 0, column 0 is A1). Values are plain: numbers, text, booleans and
 * dates, never formulas that need the add-in.
 */

/** Excel's last row and column: a worksheet holds at most this many. Every host has them. */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLUMNS = 16_384;

/**
 * A cell's value; `null` leaves the cell empty. Excel date-times carry no time zone: a `Date`
 * is written as the date and time of its UTC fields, so the builder hands writers the
 * wall-clock time it wants shown (see `localWallClock` in build.ts).
 */
export type CellValue = number | string | boolean | Date | null;

/**
 * The currency symbol money is shown with. The model has one currency and does not name it;
 * its defaults are US venture figures, so the report shows dollars and says so on the Summary.
 */
export const CURRENCY_SYMBOL = '$';

/** Excel number format codes, named by what they show. */
export const FORMATS = {
  general: 'General',
  /** People, customers, trial counts: "9,998". */
  whole: '#,##0',
  decimal: '#,##0.00',
  /** Multiples and ratios: "2.4". */
  oneDecimal: '#,##0.0',
  /** Money, without cents: "$1,234,567", negative "-$4,100" in red. */
  currency: `"${CURRENCY_SYMBOL}"#,##0;[Red]-"${CURRENCY_SYMBOL}"#,##0`,
  /** Shares, margins, probabilities: "85.3%". */
  percent: '0.0%',
  /** A standard error of a share. */
  percentFine: '0.00%',
  /** An input given as a share, to the precision it was typed: "15.0%", "3.75%". */
  inputPercent: '0.0##%',
  correlation: '0.000',
  /** A coefficient that was not typed (a posterior's percentile): to three significant figures. */
  threeDecimals: '0.000',
  fourDecimals: '0.0000',
  fiveDecimals: '0.00000',
  sixDecimals: '0.000000',
  /** Months and other whole labels without a thousands separator: "11", a seed "20240601". */
  month: '0',
  date: 'yyyy-mm-dd hh:mm:ss',
  /** A calendar month (model.md v3, startDate): "Jan 2027". */
  calendarMonth: 'mmm yyyy',
  text: '@',
} as const;
export type NumberFormat = (typeof FORMATS)[keyof typeof FORMATS];

/** What a sheet is for; the writers mark each sheet they write with it (see workbook.md). */
export type SheetKind =
  'summary' | 'monthly' | 'inputs' | 'sensitivity' | 'trials' | 'compare' | 'assumptions' | 'years' | 'fit';

/** One column of a table. */
export interface TableColumn {
  readonly header: string;
  /** Number format of the column's data cells (the header is text). */
  readonly format: NumberFormat;
  /**
   * The column's cells take their row's format ({@link ReportTable.rowFormats}) where it has
   * one: a table with one row per KPI, whose value columns hold money in one row and months
   * in the next. `'finer'`: one decimal more than the row's ({@link FINER}), for a standard
   * error, which is far smaller than the values it is the error of.
   */
  readonly byRow?: true | 'finer';
  /**
   * Long text: the column is at most this many characters wide and its data cells wrap, top
   * aligned, so that a row grows taller rather than the sheet wider (an assumption's description).
   */
  readonly wrap?: number;
}

/** One decimal more than a format shows (money stays in whole units: cents tell nothing here). */
export const FINER: Partial<Record<NumberFormat, NumberFormat>> = {
  [FORMATS.month]: FORMATS.oneDecimal,
  [FORMATS.whole]: FORMATS.oneDecimal,
  [FORMATS.oneDecimal]: FORMATS.decimal,
  [FORMATS.percent]: FORMATS.percentFine,
};

/** A real Excel table (ListObject): a header row, then data rows; named, filterable, styled. */
export interface ReportTable {
  /** Table name, unique in the workbook: letters, digits and underscores, e.g. "BeekeeperKpis". */
  readonly name: string;
  /** Top-left cell of the header row. */
  readonly row: number;
  readonly column: number;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly CellValue[])[];
  /** Per data row, the format of its cells in the columns marked `byRow` (undefined: the column's). */
  readonly rowFormats?: readonly (NumberFormat | undefined)[];
}

/** The format of a table's data cell: its row's for a `byRow` column, else its column's. */
export function cellFormat(table: ReportTable, row: number, column: number): NumberFormat {
  const c = table.columns[column];
  const own = c.byRow ? table.rowFormats?.[row] : undefined;
  if (own === undefined) return c.format;
  return c.byRow === 'finer' ? (FINER[own] ?? own) : own;
}

/** A single cell outside tables: titles, the run block, notes. */
export interface ReportCell {
  readonly row: number;
  readonly column: number;
  readonly value: CellValue;
  readonly format?: NumberFormat;
  /** Text style: a sheet title, a label, or plain. */
  readonly style?: 'title' | 'label' | 'note';
  /** Text that runs over the empty cells to its right: it does not widen its column. */
  readonly overflows?: boolean;
}

/**
 * How one series of a line chart is drawn, where the host's default (a line without markers,
 * in the next colour of the palette) would not say what it is: observations as points, bands
 * as lines, a lighter band behind another.
 */
export interface SeriesStyle {
  /** A line through the values without markers, or markers alone without a line. */
  readonly draw: 'line' | 'markers';
  /** The line's or the markers' colour, "#RRGGBB". */
  readonly color: string;
  /** The markers' shape (`draw: 'markers'`): a filled circle, or a short horizontal dash. */
  readonly marker?: 'circle' | 'dash';
}

/** A styled series' line width, and its markers' sizes, in points: both writers draw them so. */
export const SERIES_LINE_POINTS = 2.25;
export const SERIES_MARKER_SIZES: Record<NonNullable<SeriesStyle['marker']>, number> = { circle: 7, dash: 9 };

/** The colours a {@link SeriesStyle} may take: "#" and six hex digits. */
export const isSeriesColor = (color: string): boolean => /^#[0-9A-Fa-f]{6}$/.test(color);

/**
 * A native chart over columns of one table: categories from one column, one series per value
 * column. Placed with its top-left corner at (row, column), `width` × `height` in cells; the
 * builder keeps that area free of cells and tables, so a chart never hides a value. A writer
 * that cannot draw charts writes a note there instead.
 */
export interface ReportChart {
  readonly kind: 'line' | 'column' | 'bar';
  readonly title: string;
  /** Name of the table holding the data. */
  readonly table: string;
  readonly categoryColumn: string;
  readonly seriesColumns: readonly string[];
  readonly row: number;
  readonly column: number;
  readonly width: number;
  readonly height: number;
  /** Axis titles. */
  readonly xTitle?: string;
  readonly yTitle?: string;
  /**
   * A line chart's series styles, one per series column in their order. Absent: every series a
   * plain line in the host's palette (the fans). A blank cell leaves a gap in its series.
   */
  readonly seriesStyles?: readonly SeriesStyle[];
  /**
   * The value axis in powers of ten (a logarithmic scale, base 10): for a metric that grows by
   * multiples, so that its first months read as well as its last. Every value must be above 0.
   */
  readonly logScale?: true;
}

/**
 * How a sheet prints (workbook.md v3, "Printing and sharing"). Rows and columns are 0-based and
 * inclusive; the writers turn them into Excel's print titles (Print_Titles).
 */
export interface PrintSetup {
  readonly orientation: 'portrait' | 'landscape';
  /** Scaled to one page wide (as many pages tall as it takes). */
  readonly fitToWidth: boolean;
  /** Scaled to at most this many pages tall as well (with fitToWidth). */
  readonly fitToHeight?: number;
  /** Rows repeated at the top of every printed page: a table's header row. */
  readonly titleRows?: readonly [number, number];
  /** Columns repeated at the left of every printed page: the month or year column. */
  readonly titleColumns?: readonly [number, number];
  /**
   * A fixed scale in percent (10 to 400), in place of fitting (`fitToWidth` false): the sheet's
   * manual page breaks then decide where each page ends (Excel ignores them when fitting).
   */
  readonly scale?: number;
  /** The part of the sheet that prints (0-based, inclusive; Excel's Print_Area). Absent: all of it. */
  readonly area?: { readonly rows: readonly [number, number]; readonly columns: readonly [number, number] };
}

/** One worksheet. */
export interface ReportSheet {
  /** The name to use when it is free ("Beekeeper Summary"); writers add " (2)", " (3)"… if taken. */
  readonly name: string;
  readonly kind: SheetKind;
  readonly cells: readonly ReportCell[];
  readonly tables: readonly ReportTable[];
  readonly charts: readonly ReportChart[];
  /** Rows and columns kept in view when scrolling (the header row of the main table). */
  readonly freeze: { readonly rows: number; readonly columns: number };
  /** Width of each column in characters, fitted to its content. */
  readonly columnWidths: readonly number[];
  /**
   * How the sheet prints: orientation, and whether it is scaled to one page wide (as many
   * pages tall as it takes). Absent: the host's defaults.
   */
  readonly print?: PrintSetup;
  /** Rows (0-based) that begin a new printed page: each chart's block starts on a page of its own. */
  readonly pageBreaks?: readonly number[];
  /**
   * Set when the sheet's content was cut at a host limit (Excel's 1,048,576 rows): the
   * explanation, also written into the sheet.
   */
  readonly truncated?: string;
}

/** A whole report: the sheets in the order they are written. */
export interface Report {
  readonly sheets: readonly ReportSheet[];
  /**
   * What every printed page's footer says after the sheet's name and the page number: the run's
   * date ("Beekeeper run of 2026-12-03 14:05"). Absent: no footer (the template).
   */
  readonly footer?: string;
}
