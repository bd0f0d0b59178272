import {
  Assumptions,
  InputCell,
  isBlank,
  InputTable,
  Plan,
  describeValue,
  invalid,
  messages,
  readPlan,
} from '../model';
import { Range, optionalRange } from './args';

/**
 * The plan argument of OSS.PROJECTION, OSS.KPI and OSS.SIMULATE (functions.md v3): a range of
 * the columns month, name, value (model.md v3, "The plan"), read by the model's own plan reader
 * so that a cell says what the BeekeeperPlan table and a plan file say, naming the cell as
 * `plan row r, column c` (r counts the rows of the range, header included).
 */

const PLAN_COLUMNS = ['month', 'name', 'value'] as const;

/** A first row that names a column (month, name or value, any case) is a header row. */
const isHeader = (row: readonly unknown[]) =>
  row.some((v) => typeof v === 'string' && (PLAN_COLUMNS as readonly string[]).includes(v.trim().toLowerCase()));

/**
 * The plan table of a range: with a header row (naming month, name and value in any order and
 * case; other columns, a note, are ignored) or bare rows whose first three columns are month,
 * name and value. Undefined when there is no plan: the argument omitted, empty text or one empty
 * cell. One value that is not empty cannot be a plan (it has no name or value) and is an error.
 *
 * @example planTableFromRange([['month', 'name', 'value'], [9, 'funding', 20e6]])!.rows[0][1].where // "plan row 2, column 2"
 * @example planTableFromRange(null) // undefined
 */
export function planTableFromRange(value: unknown): InputTable | undefined {
  const range: Range = optionalRange('plan', value);
  if (range.length === 0 || range.every((row) => row.every(isBlank))) return undefined;
  const where = (r: number, c: number) => messages.cell('plan', r + 1, c + 1);
  const cells = (row: readonly unknown[], r: number): InputCell[] =>
    row.map((v, c) => ({ value: isBlank(v) ? null : v, where: where(r, c) }));
  const hasHeader = isHeader(range[0]);
  const width = range[0].length;
  if (!hasHeader && width < PLAN_COLUMNS.length) {
    const got =
      width === 1 && range.length === 1
        ? `one value (${describeValue(range[0][0])})`
        : `${width} column${width === 1 ? '' : 's'}`;
    invalid(`plan must be a range of the three columns month, name and value (a header row is optional), got ${got}`);
  }
  const header = hasHeader ? cells(range[0], 0) : PLAN_COLUMNS.map((name, c) => ({ value: name, where: where(-1, c) }));
  const rows = range.slice(hasHeader ? 1 : 0).map((row, i) => cells(row, i + (hasHeader ? 1 : 0)));
  return { source: 'plan', header, rows };
}

/**
 * The validated plan of the argument against the assumptions it runs with (their months and
 * startDate): none (an empty plan) when the argument gives no plan. As for the assumptions, a
 * function checks valid ranges, not plausible ones: a formula is a deliberate calculation.
 *
 * @example planFromArgument([[9, 'funding', 20e6]], resolveAssumptions()) // [{ month: 9, name: 'funding', value: 20000000 }]
 * @example planFromArgument([[0, 'funding', 1]], a) // throws "plan row 1, column 1: month must be a whole number from 1 to 60 …"
 */
export function planFromArgument(value: unknown, a: Assumptions): Plan {
  const table = planTableFromRange(value);
  return table ? readPlan(table, a, { allowImplausible: true }) : [];
}
