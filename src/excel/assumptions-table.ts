/**
 * The task pane's assumptions table: an Excel table named BeekeeperAssumptions on a sheet of its
 * own, with the columns `beekeeper template` writes (name, value, distribution, p1, p2, p3, unit,
 * description). The workbook holds the inputs: finance users edit them as they edit any sheet,
 * and a run reads them back through the same rows-to-inputs validation the command line uses,
 * with every cell named by its address (`Beekeeper Assumptions!D7`).
 */
import { ASSUMPTION_NAMES } from '../model/assumptions';
import { DISTRIBUTION_NAMES } from '../engine/distributions';
import { defaultSimulationTable } from '../engine/default-uncertainty';
import { checkTableSize } from '../engine/simulation-inputs';
import type { InputCell, InputTable } from '../engine/simulation-inputs';
import { INPUT_FORMATS } from '../report/labels';
import { FORMATS } from '../report/types';
import { address, addressInSheet } from '../report/markers';

/** The table's name: how a run finds the inputs, wherever the user moved or renamed the sheet. */
export const ASSUMPTIONS_TABLE = 'BeekeeperAssumptions';
/** The sheet "Create assumptions table" adds (" (2)"… if the name is taken by a sheet of the user's). */
export const ASSUMPTIONS_SHEET = 'Beekeeper Assumptions';

/** A cell's address as a user reads it and the pane's problem list shows it: `Beekeeper Assumptions!D7`. */
export const cellAddress = (sheet: string, row: number, column: number): string => `${sheet}!${address(row, column)}`;

/**
 * Top-left row and column (0-based) of an A1 address such as `'My sheet'!B3:I46` or `B3`. The
 * cells are what follows the sheet: an unquoted sheet name may itself read like a cell
 * (`FY2024Plan!B3`) or hold a "!" (`Q1!Plan!D7`).
 *
 * @example topLeft('FY2024Plan!B3:I46') // { row: 2, column: 1 }
 */
export function topLeft(address: string): { row: number; column: number } {
  const match = /^\$?([A-Z]+)\$?(\d+)(?::|$)/i.exec(addressInSheet(address));
  if (!match) throw new Error(`not an A1 address: ${address}`);
  const column = [...match[1].toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
  return { row: Number(match[2]) - 1, column };
}

/** What "Create assumptions table" did, for the pane to say. */
export interface CreateTableResult {
  readonly created: boolean;
  readonly sheet: string;
  readonly message: string;
}

/**
 * Adds the assumptions table with every assumption, its default and its default uncertainty on a
 * new sheet, unless the workbook already has one (then it says where, and changes nothing: the
 * user's inputs are never overwritten). The distribution column gets a drop-down of the
 * distributions; value and parameters get each assumption's number format.
 *
 * @example await Excel.run((context) => createAssumptionsTable(context)) // { created: true, sheet: 'Beekeeper Assumptions', ... }
 */
export async function createAssumptionsTable(context: Excel.RequestContext): Promise<CreateTableResult> {
  const existing = context.workbook.tables.getItemOrNullObject(ASSUMPTIONS_TABLE);
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();
  if (!existing.isNullObject) {
    const where = existing.worksheet;
    where.load('name');
    await context.sync();
    return {
      created: false,
      sheet: where.name,
      message: `The workbook already has the assumptions table ${ASSUMPTIONS_TABLE} on sheet ${where.name}: edit it there.`,
    };
  }
  const taken = new Set(sheets.items.map((s) => s.name.toLowerCase()));
  let name = ASSUMPTIONS_SHEET;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${ASSUMPTIONS_SHEET} (${n})`;

  const template = defaultSimulationTable();
  const values = [template.header, ...template.rows].map((row) => row.map((cell) => cell.value ?? ''));
  const sheet = sheets.add(name);
  const all = sheet.getRangeByIndexes(0, 0, values.length, values[0].length);
  all.values = values as (string | number)[][];
  const table = sheet.tables.add(all, true);
  table.name = ASSUMPTIONS_TABLE;
  // Value and p1–p3 in each assumption's own format (money, percent, whole…); the rest as text.
  const formats = template.rows.map((row) => {
    const format = INPUT_FORMATS[row[0].value as (typeof ASSUMPTION_NAMES)[number]] ?? FORMATS.general;
    return [format, FORMATS.text, format, format, format];
  });
  sheet.getRangeByIndexes(1, 1, formats.length, 5).numberFormat = formats;
  const distributions = sheet.getRangeByIndexes(1, 2, template.rows.length, 1);
  distributions.dataValidation.ignoreBlanks = true;
  distributions.dataValidation.rule = { list: { inCellDropDown: true, source: DISTRIBUTION_NAMES.join(',') } };
  distributions.dataValidation.errorAlert = {
    showAlert: true,
    style: 'Stop',
    title: 'Distribution',
    message: `Leave it empty for a fixed value, or choose one of: ${DISTRIBUTION_NAMES.join(', ')}.`,
  };
  sheet.freezePanes.freezeRows(1);
  all.format.autofitColumns();
  sheet.activate();
  await context.sync();
  return {
    created: true,
    sheet: name,
    message: `Created the assumptions table on sheet ${name}: edit values and distributions there, then run.`,
  };
}

/**
 * The assumptions table as the engine reads it (`readSimulationTable`), each cell named by its
 * address; `undefined` if the workbook has no table named BeekeeperAssumptions.
 *
 * @example
 * const table = await readAssumptionsTable(context);
 * readSimulationTable(table!) // throws "Beekeeper Assumptions!D7: imitation ~ pert(…) can sample …" on a bad cell
 */
export async function readAssumptionsTable(context: Excel.RequestContext): Promise<InputTable | undefined> {
  return readExcelTable(context, ASSUMPTIONS_TABLE);
}

/**
 * A table of the workbook as the model's readers take it (header and data body, each cell named
 * by its address, an empty cell as null); `undefined` if the workbook has no table `name`. The
 * table's size is checked before its cells are loaded ({@link checkTableSize}: a TableProblem).
 *
 * @example await readExcelTable(context, 'BeekeeperPlan') // { source: 'Beekeeper Plan!BeekeeperPlan', header: [...], rows: [...] }
 */
export async function readExcelTable(context: Excel.RequestContext, name: string): Promise<InputTable | undefined> {
  const table = context.workbook.tables.getItemOrNullObject(name);
  await context.sync();
  if (table.isNullObject) return undefined;
  // The header and the data body, not getRange(): that takes in the totals row if the user shows one.
  // Their size first: a table stretched to the sheet's end is refused before its cells are loaded.
  const headerRange = table.getHeaderRowRange().load(['address', 'columnCount']);
  const body = table.getDataBodyRange().load(['address', 'rowCount']);
  const sheet = table.worksheet.load('name');
  await context.sync();
  checkTableSize(`${sheet.name}!${name}`, body.rowCount, headerRange.columnCount);
  headerRange.load('values');
  body.load('values');
  await context.sync();
  const cellsOf = (range: Excel.Range) => {
    const origin = topLeft(range.address);
    return range.values.map((row, r): InputCell[] =>
      row.map((value, c) => ({
        value: value === '' ? null : value,
        where: cellAddress(sheet.name, origin.row + r, origin.column + c),
      })),
    );
  };
  return { source: `${sheet.name}!${name}`, header: cellsOf(headerRange)[0], rows: cellsOf(body) };
}
