/**
 * The task pane's correlation table (model.md v3, "Correlated inputs"): an Excel table named
 * BeekeeperCorrelations, `name1 | name2 | correlation | note`, on a sheet of its own
 * ("Beekeeper Correlations", as the command line's template has it), with notes beside it on what
 * a row is. A run reads it back, each cell named by its address (`Beekeeper Correlations!C3`),
 * and checks it against the uncertain inputs of the assumptions it runs with
 * (`correlationProblems`).
 *
 * The name columns have no drop-down: the inputs that can be correlated are those the
 * assumptions table gives a distribution, which the user may change after the table is made; a
 * name that is not one is a problem at its cell, with the nearest that is.
 */
import type { InputTable } from '../engine/simulation-inputs';
import { FORMATS } from '../report/types';
import { address, freeSheetName } from '../report/markers';
import { CreateTableResult, readExcelTable } from './assumptions-table';

/** The table's name: how a run finds the correlations, wherever the user moved or renamed its sheet. */
export const CORRELATIONS_TABLE = 'BeekeeperCorrelations';
/** The sheet "Create correlations table" adds (" (2)"… if the name is taken by a sheet of the user's). */
export const CORRELATIONS_SHEET = 'Beekeeper Correlations';
/** The table's columns: the three the reader reads, and a note for the user's reasons. */
export const CORRELATIONS_HEADER = ['name1', 'name2', 'correlation', 'note'] as const;
/** Empty rows the new table starts with. Excel extends the table and its formats to a row typed below it. */
export const CORRELATIONS_ROWS = 8;

/** Names and note as text, the correlation in General (0.8, −0.5). */
const COLUMN_FORMATS = [FORMATS.text, FORMATS.text, FORMATS.general, FORMATS.text];

/** Beside the table, a column apart: how a row acts, in the words of model.md. */
const NOTES_COLUMN = CORRELATIONS_HEADER.length + 1;
const HOW_IT_WORKS = [
  'Each row: the Spearman rank correlation of two uncertain inputs (assumptions with a distribution), −1 to 1.',
  'Pairs not given are 0 (independent). Each input keeps its distribution exactly: only the order of its samples changes (Iman–Conover).',
  'Together they must be a valid correlation matrix: a set that cannot hold (a–b 0.9, b–c 0.9, a–c −0.9) is refused, naming the pair.',
  'For example: marketSize | organizations | 0.8. Empty rows are skipped; an empty table runs the inputs independently.',
];

/**
 * Adds the correlation table on a new sheet, unless the workbook already has one (then it says
 * where, and changes nothing) or its name is taken by a defined name. The table starts with
 * {@link CORRELATIONS_ROWS} empty rows: an empty table runs as no correlations.
 *
 * @example await Excel.run((context) => createCorrelationsTable(context)) // { created: true, sheet: 'Beekeeper Correlations', ... }
 */
export async function createCorrelationsTable(context: Excel.RequestContext): Promise<CreateTableResult> {
  const existing = context.workbook.tables.getItemOrNullObject(CORRELATIONS_TABLE);
  const defined = context.workbook.names.getItemOrNullObject(CORRELATIONS_TABLE);
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();
  if (!existing.isNullObject) {
    const where = existing.worksheet.load('name');
    await context.sync();
    return {
      created: false,
      sheet: where.name,
      message: `The workbook already has the correlation table ${CORRELATIONS_TABLE} on sheet ${where.name}: edit it there.`,
    };
  }
  if (!defined.isNullObject)
    return {
      created: false,
      sheet: '',
      message: `The workbook has a defined name ${CORRELATIONS_TABLE} (Formulas > Name Manager), which a table cannot share: rename or delete it, then create the correlation table.`,
    };
  const name = freeSheetName(
    CORRELATIONS_SHEET,
    sheets.items.map((s) => s.name),
  );
  const sheet = sheets.add(name);
  const all = sheet.getRangeByIndexes(0, 0, CORRELATIONS_ROWS + 1, CORRELATIONS_HEADER.length);
  all.values = [
    [...CORRELATIONS_HEADER],
    ...Array.from({ length: CORRELATIONS_ROWS }, () => CORRELATIONS_HEADER.map(() => '')),
  ];
  const table = sheet.tables.add(all, true);
  table.name = CORRELATIONS_TABLE;
  sheet.getRangeByIndexes(1, 0, CORRELATIONS_ROWS, CORRELATIONS_HEADER.length).numberFormat = Array.from(
    { length: CORRELATIONS_ROWS },
    () => [...COLUMN_FORMATS],
  );
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
    message: `Created the correlation table on sheet ${name}: add a row per pair of uncertain inputs (name1, name2, correlation), then run.`,
  };
}

/**
 * The correlation table as the reader reads it (`correlationProblems`, `readCorrelations`), each
 * cell named by its address; `undefined` if the workbook has no table named BeekeeperCorrelations.
 *
 * @example
 * const table = await readCorrelationsTable(context);
 * correlationProblems(table!, inputs) // [{ where: 'Beekeeper Correlations!A3', message: 'unknown input "imitaton"; …' }]
 */
export function readCorrelationsTable(context: Excel.RequestContext): Promise<InputTable | undefined> {
  return readExcelTable(context, CORRELATIONS_TABLE);
}
