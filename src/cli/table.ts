/**
 * Numbers and tables for reading on a terminal. Formatting is fixed to en-US (1,234,567.89)
 * rather than the user's locale, so that output is the same on every machine; `--csv` is the
 * way to get full precision.
 */

const formatters = new Map<number, Intl.NumberFormat>();

/**
 * A number rounded to `decimals` places with thousands separators; never "-0".
 *
 * @example formatNumber(1234567.891, 0) // "1,234,568"
 * @example formatNumber(0.98765, 3) // "0.988"
 * @example formatNumber(-0.2, 0) // "0"
 */
export function formatNumber(value: number, decimals: number): string {
  let format = formatters.get(decimals);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, format);
  }
  const text = format.format(value);
  // A small negative number rounds to zero: show "0", not "-0".
  return /^-[0.,]+$/.test(text) ? text.slice(1) : text;
}

/** How a column lines up: text to the left, numbers to the right. */
export type Align = 'left' | 'right';

/** The width of each column of a table (header included). */
export function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return widths;
}

/** The width of a table's lines: its columns plus two spaces between each. */
export const tableWidth = (widths: readonly number[]): number =>
  widths.reduce((sum, w) => sum + w, 0) + 2 * Math.max(0, widths.length - 1);

/**
 * Rows of text as an aligned table, columns two spaces apart, each line ending with a line
 * break (no trailing spaces).
 *
 * @example alignTable([['month', 'cash'], ['1', '4,899,585']], ['right', 'right'])
 * // "month       cash\n    1  4,899,585\n"
 */
export function alignTable(rows: readonly (readonly string[])[], align: readonly Align[]): string {
  const widths = columnWidths(rows);
  return rows
    .map(
      (row) =>
        row
          .map((cell, i) => (align[i] === 'left' ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
          .join('  ')
          .trimEnd() + '\n',
    )
    .join('');
}
