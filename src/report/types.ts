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

/** A cell's value; `null` leaves the cell empty. */
export type CellValue = number | string | boolean | Date | null;

/** Excel number format codes, named by what they show. */
export const FORMATS = {
  general: 'General',
  whole: '#,##0',
  decimal: '#,##0.00',
  currency: '#,##0;[Red]-#,##0',
  percent: '0.0%',
  correlation: '0.000',
  month: '0',
  date: 'yyyy-mm-dd hh:mm:ss',
  text: '@',
} as const;
export type NumberFormat = (typeof FORMATS)[keyof typeof FORMATS];

/** What a sheet is for; the writers mark each sheet they write with it (see workbook.md). */
export type SheetKind = 'summary' | 'monthly' | 'inputs' | 'sensitivity' | 'trials' | 'compare' | 'assumptions';

/** One column of a table. */
export interface TableColumn {
  readonly header: string;
  /** Number format of the column's data cells (the header is text). */
  readonly format: NumberFormat;
}

/** A real Excel table (ListObject): a header row, then data rows; named, filterable, styled. */
export interface ReportTable {
  /** Table name, unique in the workbook: letters, digits and underscores, e.g. "BeekeeperKpis". */
  readonly name: string;
  /** Top-left cell of the header row. */
  readonly row: number;
  readonly column: number;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly CellValue[])[];
}

/** A single cell outside tables: titles, the run block, notes. */
export interface ReportCell {
  readonly row: number;
  readonly column: number;
  readonly value: CellValue;
  readonly format?: NumberFormat;
  /** Text style: a sheet title, a label, or plain. */
  readonly style?: 'title' | 'label' | 'note';
}

/**
 * A native chart over columns of one table: categories from one column, one series per value
 * column. Placed with its top-left corner at (row, column), `width` × `height` in cells.
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
   * Set when the sheet's content was cut at a host limit (Excel's 1,048,576 rows): the
   * explanation, also written into the sheet.
   */
  readonly truncated?: string;
}

/** A whole report: the sheets in the order they are written. */
export interface Report {
  readonly sheets: readonly ReportSheet[];
}
