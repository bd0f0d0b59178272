/**
 * The task pane's history table (model.md v3, "History: uncertainty conditioned on what
 * happened"): an Excel table named BeekeeperHistory, `month | metric | value | error | note`, on
 * a sheet of its own ("Beekeeper History", as the command line's template has it), with notes
 * beside it on what a row is. A run reads it back, each cell named by its address
 * (`Beekeeper History!B3`), and checks it against the assumptions it runs with
 * (`historyProblems`: their months and startDate).
 *
 * The metric column has a drop-down of the metrics a history may observe (HISTORY_METRICS): a
 * fixed list, short enough to be typed into the rule (a typed list may hold 255 characters).
 */
import { DEFAULT_HISTORY_ERROR, HISTORY_METRICS } from '../model/history';
import type { InputTable } from '../engine/simulation-inputs';
import { FORMATS } from '../report/types';
import { address, freeSheetName } from '../report/markers';
import { CreateTableResult, readExcelTable } from './assumptions-table';

/** The table's name: how a run finds the history, wherever the user moved or renamed its sheet. */
export const HISTORY_TABLE = 'BeekeeperHistory';
/** The sheet "Create history table" adds (" (2)"… if the name is taken by a sheet of the user's). */
export const HISTORY_SHEET = 'Beekeeper History';
/** The table's columns: the four the reader reads, and a note for the user's sources. */
export const HISTORY_HEADER = ['month', 'metric', 'value', 'error', 'note'] as const;
/** Empty rows the new table starts with: two years of one metric. Excel extends the table, its formats and its drop-down to a row typed below it. */
export const HISTORY_ROWS = 24;
/** The metric column's drop-down: the metrics, typed into the rule. */
export const HISTORY_METRICS_SOURCE = HISTORY_METRICS.join(',');

/** Month, value and error in General (a month typed as a date keeps a date's look); metric and note as text. */
const COLUMN_FORMATS = [FORMATS.general, FORMATS.text, FORMATS.general, FORMATS.general, FORMATS.text];

/** Beside the table, a column apart: how a row acts, in the words of model.md. */
const NOTES_COLUMN = HISTORY_HEADER.length + 1;
const HOW_IT_WORKS = [
  'Each row: what a metric was in a month: members, customers, arr, revenue (of the month), cash or engineers.',
  "month: 1 to the assumptions' months (month 1 is the history's first), or with startDate set a calendar month (a date, or 2027-09).",
  'value: > 0 (cash: any sign but 0). One row per metric and month. The months after the last row are the forecast.',
  `error: optional, σ of ln value (cash: relative to it); empty is ${DEFAULT_HISTORY_ERROR}, about ±10 %. Larger for a rougher figure.`,
  "With a history, a run's trials are the assumptions' distributions conditioned on it. Empty rows are skipped; an empty table is none.",
];

/**
 * Adds the history table on a new sheet, unless the workbook already has one (then it says
 * where, and changes nothing: the user's history is never overwritten) or its name is taken by
 * a defined name. The table starts with {@link HISTORY_ROWS} empty rows (an empty table runs as
 * no history); the metric column gets a drop-down of the metrics.
 *
 * @example await Excel.run((context) => createHistoryTable(context)) // { created: true, sheet: 'Beekeeper History', ... }
 */
export async function createHistoryTable(context: Excel.RequestContext): Promise<CreateTableResult> {
  const existing = context.workbook.tables.getItemOrNullObject(HISTORY_TABLE);
  const defined = context.workbook.names.getItemOrNullObject(HISTORY_TABLE);
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();
  if (!existing.isNullObject) {
    const where = existing.worksheet.load('name');
    await context.sync();
    return {
      created: false,
      sheet: where.name,
      message: `The workbook already has the history table ${HISTORY_TABLE} on sheet ${where.name}: edit it there.`,
    };
  }
  if (!defined.isNullObject)
    return {
      created: false,
      sheet: '',
      message: `The workbook has a defined name ${HISTORY_TABLE} (Formulas > Name Manager), which a table cannot share: rename or delete it, then create the history table.`,
    };
  const name = freeSheetName(
    HISTORY_SHEET,
    sheets.items.map((s) => s.name),
  );
  const sheet = sheets.add(name);
  const all = sheet.getRangeByIndexes(0, 0, HISTORY_ROWS + 1, HISTORY_HEADER.length);
  all.values = [[...HISTORY_HEADER], ...Array.from({ length: HISTORY_ROWS }, () => HISTORY_HEADER.map(() => ''))];
  const table = sheet.tables.add(all, true);
  table.name = HISTORY_TABLE;
  sheet.getRangeByIndexes(1, 0, HISTORY_ROWS, HISTORY_HEADER.length).numberFormat = Array.from(
    { length: HISTORY_ROWS },
    () => [...COLUMN_FORMATS],
  );
  const metrics = sheet.getRangeByIndexes(1, HISTORY_HEADER.indexOf('metric'), HISTORY_ROWS, 1);
  metrics.dataValidation.ignoreBlanks = true;
  metrics.dataValidation.rule = { list: { inCellDropDown: true, source: HISTORY_METRICS_SOURCE } };
  metrics.dataValidation.errorAlert = {
    showAlert: true,
    style: 'Stop',
    title: 'History metric',
    message: `Choose a metric from the list: ${HISTORY_METRICS.join(', ')}.`,
  };
  const notes = sheet.getRangeByIndexes(0, NOTES_COLUMN, HOW_IT_WORKS.length, 1);
  notes.values = HOW_IT_WORKS.map((line) => [line]);
  notes.format.font.italic = true;
  sheet.freezePanes.freezeRows(1);
  all.format.autofitColumns();
  sheet.activate();
  sheet.getRange(address(1, 0)).select();
  await context.sync();
  return {
    created: true,
    sheet: name,
    message: `Created the history table on sheet ${name}: add a row per observation (month, metric, value, and an error if you like), then run.`,
  };
}

/**
 * The history table as the reader reads it (`historyProblems`, `readHistory`), each cell named by
 * its address; `undefined` if the workbook has no table named BeekeeperHistory. A date in the
 * month column arrives as Excel's serial number, which `planMonth` reads as a date.
 *
 * @example
 * const table = await readHistoryTable(context);
 * historyProblems(table!, inputs.base) // [{ where: 'Beekeeper History!B3', message: 'metric must be one of …' }]
 */
export function readHistoryTable(context: Excel.RequestContext): Promise<InputTable | undefined> {
  return readExcelTable(context, HISTORY_TABLE);
}
