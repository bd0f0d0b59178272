/**
 * The task pane's plan table (model.md v3, "The plan"): an Excel table named BeekeeperPlan,
 * `month | name | value | note`, on a sheet of its own ("Beekeeper Plan"), beside a list of the
 * names a plan can set with their unit and valid values, which is also the source of the name
 * column's drop-down. A run reads it back, each cell named by its address
 * (`Beekeeper Plan!B3`), and checks it against the assumptions it runs with (`planProblems`).
 *
 * Why a sheet of its own rather than to the right of the assumptions: filtering a table hides
 * whole sheet rows, so filtering the assumptions would hide plan rows beside them (and the
 * reverse); the assumptions' description column is autofitted wide, which would push a plan on
 * the same sheet off the screen; and the command line's template workbook has its plan on a
 * sheet "Beekeeper Plan" too, so the two workbooks look alike.
 */
import { PLAN_NAMES, planRule, planUnit } from '../model/plan';
import type { InputTable } from '../engine/simulation-inputs';
import { FORMATS } from '../report/types';
import { address, columnLetters, freeSheetName } from '../report/markers';
import { CreateTableResult, readExcelTable } from './assumptions-table';

/** The table's name: how a run finds the plan, wherever the user moved or renamed its sheet. */
export const PLAN_TABLE = 'BeekeeperPlan';
/** The sheet "Create plan table" adds (" (2)"… if the name is taken by a sheet of the user's). */
export const PLAN_SHEET = 'Beekeeper Plan';
/** The table's columns: the three a plan reads (model.md), and a note for the user's reasons. */
export const PLAN_HEADER = ['month', 'name', 'value', 'note'] as const;
/**
 * Empty rows the new table starts with, each with the drop-down and the formats: room for a
 * year's decisions. Excel extends the table, its formats and its drop-down to a row typed below it.
 */
export const PLAN_ROWS = 12;

/**
 * Month and value in General: a month typed as a date then keeps a date's look, and a share
 * (customerChurn 0.02) is not shown as 0 as "#,##0" would; name and note as text.
 */
const COLUMN_FORMATS = [FORMATS.general, FORMATS.text, FORMATS.general, FORMATS.text];

/** The list of plan names: one column after the table, so that a gap column parts the two. */
const LIST_COLUMN = PLAN_HEADER.length + 1;
const LIST_HEADER = ['Names a plan can set', 'Unit', 'Valid values'];

/** The drop-down's source: the list's names on the same sheet (a typed list may hold at most 255 characters; the names take 285). */
export const PLAN_NAMES_SOURCE = `=$${columnLetters(LIST_COLUMN)}$2:$${columnLetters(LIST_COLUMN)}$${PLAN_NAMES.length + 1}`;

/** Below the list: how a row acts, in the words of model.md. */
const HOW_IT_WORKS = [
  'Each row: from its month on, name takes value, until a later row for the same name.',
  'funding: money raised in that month (rounds of one month add up). engineers: the team to hire to, in place of the reinvestment rule.',
  "month: 1 to the assumptions' months, or with startDate set a calendar month (a date, or 2027-09). Empty rows are skipped.",
];

/**
 * Adds the plan table on a new sheet, unless the workbook already has one (then it says where,
 * and changes nothing: the user's plan is never overwritten) or its name is taken by a defined
 * name. The table starts with {@link PLAN_ROWS} empty rows: a plan is the user's decisions, so
 * none is made for them, and an empty table runs as no plan. The name column gets a drop-down
 * of the names a plan can set.
 *
 * @example await Excel.run((context) => createPlanTable(context)) // { created: true, sheet: 'Beekeeper Plan', ... }
 */
export async function createPlanTable(context: Excel.RequestContext): Promise<CreateTableResult> {
  const existing = context.workbook.tables.getItemOrNullObject(PLAN_TABLE);
  const defined = context.workbook.names.getItemOrNullObject(PLAN_TABLE);
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();
  if (!existing.isNullObject) {
    const where = existing.worksheet.load('name');
    await context.sync();
    return {
      created: false,
      sheet: where.name,
      message: `The workbook already has the plan table ${PLAN_TABLE} on sheet ${where.name}: edit it there.`,
    };
  }
  if (!defined.isNullObject)
    return {
      created: false,
      sheet: '',
      message: `The workbook has a defined name ${PLAN_TABLE} (Formulas > Name Manager), which a table cannot share: rename or delete it, then create the plan table.`,
    };
  const name = freeSheetName(
    PLAN_SHEET,
    sheets.items.map((s) => s.name),
  );
  const sheet = sheets.add(name);
  const all = sheet.getRangeByIndexes(0, 0, PLAN_ROWS + 1, PLAN_HEADER.length);
  all.values = [[...PLAN_HEADER], ...Array.from({ length: PLAN_ROWS }, () => PLAN_HEADER.map(() => ''))];
  const table = sheet.tables.add(all, true);
  table.name = PLAN_TABLE;
  sheet.getRangeByIndexes(1, 0, PLAN_ROWS, PLAN_HEADER.length).numberFormat = Array.from({ length: PLAN_ROWS }, () => [
    ...COLUMN_FORMATS,
  ]);
  const names = sheet.getRangeByIndexes(1, PLAN_HEADER.indexOf('name'), PLAN_ROWS, 1);
  names.dataValidation.ignoreBlanks = true;
  names.dataValidation.rule = { list: { inCellDropDown: true, source: PLAN_NAMES_SOURCE } };
  names.dataValidation.errorAlert = {
    showAlert: true,
    style: 'Stop',
    title: 'Plan name',
    message: `Choose a name from the list in column ${columnLetters(LIST_COLUMN)}: an assumption a plan can change, engineers (the team) or funding (a round).`,
  };

  const list = sheet.getRangeByIndexes(0, LIST_COLUMN, PLAN_NAMES.length + 1, LIST_HEADER.length);
  list.values = [LIST_HEADER, ...PLAN_NAMES.map((n) => [n, planUnit(n), planRule(n).text])];
  list.numberFormat = [LIST_HEADER, ...PLAN_NAMES].map(() => LIST_HEADER.map(() => FORMATS.text));
  sheet.getRangeByIndexes(0, LIST_COLUMN, 1, LIST_HEADER.length).format.font.bold = true;
  const notes = sheet.getRangeByIndexes(PLAN_NAMES.length + 2, LIST_COLUMN, HOW_IT_WORKS.length, 1);
  notes.values = HOW_IT_WORKS.map((line) => [line]);
  notes.format.font.italic = true;

  sheet.freezePanes.freezeRows(1);
  // The table and the list, not the notes: a note runs on into the empty cells to its right.
  all.format.autofitColumns();
  list.format.autofitColumns();
  sheet.activate();
  sheet.getRange(address(1, 0)).select();
  await context.sync();
  return {
    created: true,
    sheet: name,
    message: `Created the plan table on sheet ${name}: add a row per decision (month, name, value), then run.`,
  };
}

/**
 * The plan table as the model reads it (`planProblems`, `readPlan`), each cell named by its
 * address; `undefined` if the workbook has no table named BeekeeperPlan. A date in the month
 * column arrives as Excel's serial number, which `planMonth` reads as a date.
 *
 * @example
 * const table = await readPlanTable(context);
 * planProblems(table!, inputs.base) // [{ where: 'Beekeeper Plan!B3', message: 'imitation cannot be planned: …' }]
 */
export function readPlanTable(context: Excel.RequestContext): Promise<InputTable | undefined> {
  return readExcelTable(context, PLAN_TABLE);
}
