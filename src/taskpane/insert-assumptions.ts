/* global Excel */
/** What the task pane's button writes: the assumptions table with its defaults (it spills). */
export const ASSUMPTIONS_FORMULA = '=OSS.ASSUMPTIONS()';

export interface InsertResult {
  inserted: boolean;
  address: string;
  message: string;
}

/**
 * Writes =OSS.ASSUMPTIONS() into the active cell of the active sheet — only if that cell is
 * empty. A user's value or formula is never overwritten, and a cell that merely shows part of
 * another formula's spilled result (formula "" but a value) counts as taken: writing there
 * would break that formula with #SPILL!. Kept apart from the page so it can be unit tested
 * with office-addin-mock.
 */
export async function insertAssumptionsFormula(context: Excel.RequestContext): Promise<InsertResult> {
  const cell = context.workbook.getActiveCell();
  cell.load(['address', 'formulas', 'values']);
  await context.sync();
  const address = cell.address;
  if (!isBlank(cell.formulas[0][0]) || !isBlank(cell.values[0][0])) {
    return {
      inserted: false,
      address,
      message: `${address} is not empty, so nothing was written. Select an empty cell and try again.`,
    };
  }
  cell.formulas = [[ASSUMPTIONS_FORMULA]];
  await context.sync();
  return {
    inserted: true,
    address,
    // Excel itself never lets a spill overwrite cells: it shows #SPILL! instead.
    message: `Inserted ${ASSUMPTIONS_FORMULA} in ${address}. The table spills down and to the right; if cells there are in use, Excel shows #SPILL! and changes nothing.`,
  };
}

function isBlank(v: unknown): boolean {
  return v === '' || v === null || v === undefined;
}
