/**
 * Checks a report against what its type promises and what Excel requires, before a writer writes
 * anything: a failure here is a bug in the report builder, not a user error. Host-neutral, shared
 * by the task pane's writer (src/excel/) and the command line's (src/cli/xlsx-writer.ts).
 */
import { CellValue, EXCEL_MAX_COLUMNS, EXCEL_MAX_ROWS, Report, ReportTable, isSeriesColor } from './types';
import { MARKER_PREFIX, address } from './markers';

/** Excel refuses longer text in a cell, and wider columns. */
export const MAX_CELL_TEXT = 32_767;
export const MAX_COLUMN_WIDTH = 255;

/** A rectangle of cells, 0-based and inclusive, with what it holds for messages. */
interface Area {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  readonly what: string;
}

const overlaps = (a: Area, b: Area) => a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;

/**
 * A valid Excel table name: starts with a letter or underscore, not a cell reference, ≤ 255.
 *
 * @example isTableName('BeekeeperKpis') // true
 * @example isTableName('AB12') // false: a cell reference
 */
export function isTableName(name: string): boolean {
  return (
    /^[A-Za-z_][A-Za-z0-9_.]{0,254}$/.test(name) &&
    !/^[A-Za-z]{1,3}[0-9]+$/.test(name) && // would read as a cell reference (A1, XFD1048576)
    !/^[RrCc]([0-9]*|[0-9]+[RrCc][0-9]*)$/.test(name) // or an R1C1 reference
  );
}

/**
 * Checks one value against what an Excel cell holds; returns a problem, or undefined.
 *
 * @example valueProblem(NaN) // "NaN is not a number Excel can hold"
 * @example valueProblem(42) // undefined
 */
export function valueProblem(value: CellValue): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} is not a number Excel can hold`;
  if (typeof value === 'string' && value.length > MAX_CELL_TEXT)
    return `text of ${value.length} characters is longer than Excel's ${MAX_CELL_TEXT}`;
  if (value instanceof Date && Number.isNaN(value.getTime())) return 'an invalid date';
  return undefined;
}

/** The rows a table takes on its sheet: the header and at least one data row (Excel needs one). */
export const tableHeight = (table: ReportTable) => 1 + Math.max(1, table.rows.length);

/**
 * Checks what the report promises and Excel requires, before anything is written: positions
 * within the sheet, tables that fit in Excel's 1,048,576 rows (the builder truncates, so this
 * is an assertion), valid and unique table names, rows as wide as their columns, values Excel
 * can hold, charts over existing columns, and nothing written over anything else. Both writers
 * call it first, so neither writes anything for a report that breaks these.
 *
 * @example checkReport({ sheets: [] }) // throws "invalid report: the report: it has no sheets (a workbook needs one)"
 */
export function checkReport(report: Report): void {
  const fail = (where: string, problem: string): never => {
    throw new Error(`invalid report: ${where}: ${problem}`);
  };
  if (report.sheets.length === 0) fail('the report', 'it has no sheets (a workbook needs one)');
  const tables = new Map<string, ReportTable>();
  for (const sheet of report.sheets) {
    for (const table of sheet.tables) {
      const key = table.name.toLowerCase();
      if (!isTableName(table.name) || key.startsWith(MARKER_PREFIX.toLowerCase()))
        fail(`sheet "${sheet.name}"`, `"${table.name}" is not a valid table name`);
      if (tables.has(key)) fail(`sheet "${sheet.name}"`, `table name ${table.name} is used twice`);
      tables.set(key, table);
    }
  }
  for (const sheet of report.sheets) {
    const where = `sheet "${sheet.name}"`;
    const areas: Area[] = [];
    const place = (row: number, column: number, height: number, width: number, what: string) => {
      if (!Number.isInteger(row) || !Number.isInteger(column) || row < 0 || column < 0)
        fail(where, `${what} is at row ${row}, column ${column}: positions are whole numbers from 0`);
      if (row + height > EXCEL_MAX_ROWS)
        fail(
          where,
          `${what} ends at row ${row + height}, past Excel's last row ${EXCEL_MAX_ROWS}; the builder must truncate it`,
        );
      if (column + width > EXCEL_MAX_COLUMNS) fail(where, `${what} ends past Excel's last column`);
      const area = { top: row, left: column, bottom: row + height - 1, right: column + width - 1, what };
      const clash = areas.find((other) => overlaps(other, area));
      if (clash) fail(where, `${what} overlaps ${clash.what}`);
      areas.push(area);
    };
    for (const table of sheet.tables) {
      const what = `table ${table.name}`;
      if (table.columns.length === 0) fail(where, `${what} has no columns`);
      const headers = new Set<string>();
      for (const { header } of table.columns) {
        if (header.trim() === '') fail(where, `${what} has a column without a header`);
        if (headers.has(header.toLowerCase())) fail(where, `${what} has two columns headed "${header}"`);
        headers.add(header.toLowerCase());
      }
      place(table.row, table.column, tableHeight(table), table.columns.length, what);
      table.rows.forEach((row, r) => {
        if (row.length !== table.columns.length)
          fail(where, `${what} data row ${r + 1} has ${row.length} values for ${table.columns.length} columns`);
        row.forEach((value, c) => {
          const problem = valueProblem(value);
          if (problem) fail(where, `${what} cell ${address(table.row + 1 + r, table.column + c)}: ${problem}`);
        });
      });
    }
    for (const cell of sheet.cells) {
      place(cell.row, cell.column, 1, 1, `cell ${address(cell.row, cell.column)}`);
      const problem = valueProblem(cell.value);
      if (problem) fail(where, `cell ${address(cell.row, cell.column)}: ${problem}`);
    }
    for (const chart of sheet.charts) {
      const what = `chart "${chart.title}"`;
      const table = tables.get(chart.table.toLowerCase());
      if (!table) fail(where, `${what} uses table ${chart.table}, which the report does not have`);
      for (const column of [chart.categoryColumn, ...chart.seriesColumns]) {
        if (!table?.columns.some((c) => c.header === column))
          fail(where, `${what} uses column "${column}", which table ${chart.table} does not have`);
      }
      if (chart.seriesStyles) {
        if (chart.kind !== 'line') fail(where, `${what} styles its series, which only a line chart does`);
        if (chart.seriesStyles.length !== chart.seriesColumns.length)
          fail(
            where,
            `${what} has ${chart.seriesStyles.length} series styles for ${chart.seriesColumns.length} series`,
          );
        for (const style of chart.seriesStyles)
          if (!isSeriesColor(style.color)) fail(where, `${what}: "${style.color}" is not a colour #RRGGBB`);
      }
      if (chart.logScale && table) {
        const columns = chart.seriesColumns.map((h) => table.columns.findIndex((c) => c.header === h));
        const low = table.rows.find((row) =>
          columns.some((c) => typeof row[c] === 'number' && !((row[c] as number) > 0)),
        );
        if (low) fail(where, `${what} has a logarithmic scale and a value of 0 or less`);
      }
      // The whole area: a native chart there would hide anything under it.
      place(chart.row, chart.column, chart.height, chart.width, `the area of ${what}`);
    }
    const { rows, columns } = sheet.freeze;
    if (
      ![rows, columns].every((n) => Number.isInteger(n) && n >= 0) ||
      rows >= EXCEL_MAX_ROWS ||
      columns >= EXCEL_MAX_COLUMNS
    )
      fail(where, `frozen panes of ${rows} rows and ${columns} columns`);
    sheet.columnWidths.forEach((width, c) => {
      if (!(Number.isFinite(width) && width >= 0 && width <= MAX_COLUMN_WIDTH))
        fail(where, `column ${c + 1} width ${width}: Excel's widths go from 0 to ${MAX_COLUMN_WIDTH}`);
    });
  }
}
