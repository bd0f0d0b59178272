import {
  CURRENCY_SYMBOL,
  CellValue,
  FORMATS,
  NumberFormat,
  ReportCell,
  ReportChart,
  ReportSheet,
  ReportTable,
  TableColumn,
  cellFormat,
} from './types';

/**
 * The layout every sheet of the report is built with: a cursor down the sheet that places
 * titles, notes, label–value pairs, tables and charts' areas, and the sizing of columns to what
 * they show. The sheets themselves are in ./sheets/, one module each.
 */

/** Notes are cut into lines of at most this many characters, narrower than the printed page. */
export const NOTE_WIDTH = 110;

export const column = (
  header: string,
  format: NumberFormat = FORMATS.general,
  byRow?: TableColumn['byRow'],
): TableColumn => ({
  header,
  format,
  ...(byRow ? { byRow } : {}),
});

/**
 * A column of long text that wraps within `width` characters (see {@link TableColumn.wrap}).
 *
 * @example wrappedColumn('Description', 40)
 */
export const wrappedColumn = (header: string, width: number): TableColumn => ({
  header,
  format: FORMATS.general,
  wrap: width,
});

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapText(text: string, width: number = NOTE_WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Lays out blocks top to bottom on one sheet, a blank row between them. */
export class SheetLayout {
  readonly cells: ReportCell[] = [];
  readonly tables: ReportTable[] = [];
  readonly charts: ReportChart[] = [];
  readonly pageBreaks: number[] = [];
  row = 0;

  /** The next block starts a printed page. */
  newPage(): void {
    this.pageBreaks.push(this.row);
  }

  title(text: string): void {
    this.cells.push({ row: this.row, column: 0, value: text, style: 'title' });
    this.row += 2;
  }

  /** A note, in as many rows as it needs so that it prints within the page's width. */
  note(text: string): void {
    for (const line of wrapText(text)) this.cells.push({ row: this.row++, column: 0, value: line, style: 'note' });
  }

  /** A heading: it runs over the empty cells to its right. */
  label(text: string): void {
    this.cells.push({ row: this.row++, column: 0, value: text, style: 'label', overflows: true });
  }

  /** Label and value rows; text values run over the empty cells to their right. */
  pairs(rows: readonly [string, CellValue, NumberFormat?][], gap = true): void {
    for (const [label, value, format] of rows) {
      this.cells.push({ row: this.row, column: 0, value: label, style: 'label' });
      this.cells.push({
        row: this.row++,
        column: 1,
        value,
        ...(format ? { format } : {}),
        ...(typeof value === 'string' ? { overflows: true } : {}),
      });
    }
    if (gap) this.row++;
  }

  table(
    name: string,
    columns: readonly TableColumn[],
    rows: readonly (readonly CellValue[])[],
    rowFormats?: readonly (NumberFormat | undefined)[],
    gap = true,
  ): ReportTable {
    const table: ReportTable = { name, row: this.row, column: 0, columns, rows, ...(rowFormats ? { rowFormats } : {}) };
    this.tables.push(table);
    this.row += 1 + Math.max(1, rows.length) + (gap ? 1 : 0);
    return table;
  }

  /**
   * A chart's data table with the chart's area to its right (a column apart), both starting
   * at the current row; the layout goes on below the taller of the two.
   */
  chart(
    spec: Omit<ReportChart, 'table' | 'row' | 'column' | 'width' | 'height'>,
    table: (layout: SheetLayout) => ReportTable,
    below?: { readonly width: number },
  ): void {
    const top = this.row;
    const data = table(this);
    const height = 16;
    if (below) {
      // Under its table, `width` columns from the first: a sheet whose columns are narrow prints
      // no wider for it.
      this.charts.push({ ...spec, table: data.name, row: this.row, column: 0, width: below.width, height });
      this.row += height + 1;
      return;
    }
    // Six columns: within the width of the KPI table above, so the sheet prints as wide as that.
    this.charts.push({ ...spec, table: data.name, row: top, column: data.columns.length + 1, width: 6, height });
    this.row = Math.max(this.row, top + height + 1);
  }

  sheet(
    name: string,
    kind: ReportSheet['kind'],
    freezeRows = 0,
    options: { truncated?: string; print?: ReportSheet['print'] } = {},
  ): ReportSheet {
    return {
      name,
      kind,
      cells: this.cells,
      tables: this.tables,
      charts: this.charts,
      freeze: { rows: freezeRows, columns: 0 },
      columnWidths: fitWidths(this.cells, this.tables),
      ...(options.print ? { print: options.print } : {}),
      ...(this.pageBreaks.length > 0 ? { pageBreaks: this.pageBreaks } : {}),
      ...(options.truncated ? { truncated: options.truncated } : {}),
    };
  }
}

/** Column widths in characters: the longest header or shown value, within 8 to 48 (to its wrap width for a wrapped column). */
export function fitWidths(cells: readonly ReportCell[], tables: readonly ReportTable[]): number[] {
  const widths: number[] = [];
  const fit = (col: number, text: string) => (widths[col] = Math.max(widths[col] ?? 8, Math.min(48, text.length + 2)));
  // Titles, notes and text that runs over empty cells to its right do not widen their column.
  for (const c of cells)
    if (c.style !== 'title' && c.style !== 'note' && !c.overflows) fit(c.column, shown(c.value, c.format));
  for (const t of tables) {
    t.columns.forEach((c, j) => {
      if (c.wrap !== undefined) {
        widths[t.column + j] = Math.max(widths[t.column + j] ?? 8, c.wrap);
        return;
      }
      fit(t.column + j, c.header);
      // Sampling the rows keeps this linear for a million-row trials table.
      const step = Math.max(1, Math.floor(t.rows.length / 2000));
      for (let i = 0; i < t.rows.length; i += step) fit(t.column + j, shown(t.rows[i][j], cellFormat(t, i, j)));
    });
  }
  return Array.from(widths, (w) => w ?? 8);
}

const SHOWN_DECIMALS: Partial<Record<NumberFormat, number>> = {
  [FORMATS.decimal]: 2,
  [FORMATS.oneDecimal]: 1,
  [FORMATS.correlation]: 3,
  [FORMATS.fourDecimals]: 4,
  [FORMATS.fiveDecimals]: 5,
  [FORMATS.sixDecimals]: 6,
  [FORMATS.percent]: 1,
  [FORMATS.percentFine]: 2,
  [FORMATS.inputPercent]: 3,
};

const numberFormatters = new Map<NumberFormat, Intl.NumberFormat>();

/**
 * The formatter of a number format's shown text, made once: `toLocaleString` with options builds
 * a formatter on every call, which cost seconds over the sampled rows of a large Trials sheet.
 */
function shownNumber(format: NumberFormat): Intl.NumberFormat {
  let formatter = numberFormatters.get(format);
  if (!formatter) {
    const digits = SHOWN_DECIMALS[format] ?? 0;
    formatter = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: format === FORMATS.inputPercent ? 1 : digits,
      maximumFractionDigits: format === FORMATS.general ? 6 : digits,
      useGrouping: format !== FORMATS.month,
    });
    numberFormatters.set(format, formatter);
  }
  return formatter;
}

/** The text a value shows with its format, near enough to size a column. */
function shown(value: CellValue, format: NumberFormat = FORMATS.general): string {
  if (value === null) return '';
  if (value instanceof Date) return '0000-00-00 00:00:00';
  if (typeof value !== 'number') return String(value);
  const percent = format === FORMATS.percent || format === FORMATS.percentFine || format === FORMATS.inputPercent;
  const text = shownNumber(format).format(percent ? value * 100 : value);
  if (format === FORMATS.currency) return `${CURRENCY_SYMBOL}${text}`;
  return percent ? `${text}%` : text;
}

export const count = (n: number) => n.toLocaleString('en-US');
