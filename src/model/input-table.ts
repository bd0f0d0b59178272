import { ModelError, messages } from './errors';

/**
 * Tables as every host hands them to a reader (the assumptions table of a run, the plan): cells
 * with where they are, so that each message names the cell it is about. The file readers (CSV,
 * .xlsx, JSON), the Excel range readers and the custom functions all build these.
 */

/** A cell as the file reader hands it over, with where it is, for messages. */
export interface InputCell {
  readonly value: unknown;
  /** e.g. "assumptions.xlsx, sheet Assumptions, cell D7" or "inputs.csv row 7, column D (p1)". */
  readonly where: string;
}

/** A header row and data rows; `source` names the file (or sheet) for table-wide messages. */
export interface InputTable {
  readonly source: string;
  readonly header: readonly InputCell[];
  readonly rows: readonly (readonly InputCell[])[];
}

/** One problem of a table, for a list that a user works through. */
export interface InputProblem {
  readonly where: string;
  readonly message: string;
}

/**
 * A problem of the table at one place: a `ModelError('invalid')` whose message begins with where
 * it happened, and which keeps that place apart (the task pane selects the cell).
 */
export class TableProblem extends ModelError {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super('invalid', `${where}: ${problem}`);
  }
}

/** Throws a {@link TableProblem}. */
export const failAt = (where: string, message: string): never => {
  throw new TableProblem(where, message);
};

/** Runs `read`, prefixing any model error with `where`. */
export function at<T>(where: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof TableProblem) throw e;
    if (e instanceof ModelError) failAt(where, e.message);
    throw e;
  }
}

/** An error as a problem of the list: a table problem at its cell, another model error at `where`. */
export function asProblem(e: unknown, where: string): InputProblem {
  if (e instanceof TableProblem) return { where: e.where, message: e.problem };
  if (e instanceof ModelError) return { where, message: e.message };
  throw e;
}

/** Column name → index, by header text in any case; each known column at most once, required ones present. */
export function readHeader<C extends string>(
  table: InputTable,
  known: readonly C[],
  required: readonly C[],
  missing: (column: string, found: readonly string[]) => string,
  duplicate: (column: string, where: string) => string,
): Partial<Record<C, number>> {
  const columns: Partial<Record<C, number>> = {};
  const found: string[] = [];
  table.header.forEach((cell, index) => {
    if (typeof cell.value !== 'string' || cell.value.trim() === '') return;
    found.push(cell.value.trim());
    const key = cell.value.trim().toLowerCase() as C;
    if (!known.includes(key)) return;
    const previous = columns[key];
    if (previous !== undefined) failAt(cell.where, duplicate(key, `also ${table.header[previous].where}`));
    columns[key] = index;
  });
  for (const c of required) if (columns[c] === undefined) failAt(table.source, missing(c, found));
  return columns;
}

/** How a table is read: whether values beyond an assumption's plausible range stop the run. */
export interface ReadOptions {
  /**
   * Accept values outside the plausible ranges (still inside the valid ones), as the custom
   * functions do, or as `--allow-implausible` asks. A row can insist on its own with TRUE in an
   * `allowImplausible` column. A function is asked about each implausible value, as the problem
   * it would be, and accepts it by returning true (the pane: the values the user agreed to).
   */
  readonly allowImplausible?: boolean | ((problem: InputProblem) => boolean);
  /** How the host lets a user insist, ending the message of an implausible value. */
  readonly insist?: string;
}

/** The end of an implausible value's message when the host says nothing of its own. */
export const INSIST_IN_TABLE = "to run it anyway, put TRUE in the row's allowImplausible column";

/**
 * Whether a cell counts as empty: nothing, or text of only spaces.
 *
 * @example isBlank('  ') // true
 * @example isBlank(0) // false
 */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** A row's allowImplausible cell: TRUE, yes, x or 1 insist; empty, FALSE, no or 0 do not. */
export function readInsist(cell: InputCell): boolean {
  const v = typeof cell.value === 'string' ? cell.value.trim().toLowerCase() : cell.value;
  if (isBlank(v) || v === false || v === 0 || v === 'false' || v === 'no') return false;
  if (v === true || v === 1 || v === 'true' || v === 'yes' || v === 'x') return true;
  return failAt(cell.where, messages.mustBe('allowImplausible', 'TRUE or empty', cell.value));
}

/**
 * Refuses an implausible value at `where` (the message `why`, ending with how to insist), unless
 * the options accept it: `allowImplausible` true, a row that insists, or the host's function.
 */
export function refuseImplausible(where: string, why: string, options: ReadOptions): void {
  const problem = { where, message: `${why}; ${options.insist ?? INSIST_IN_TABLE}` };
  if (typeof options.allowImplausible !== 'function' || !options.allowImplausible(problem))
    failAt(problem.where, problem.message);
}
