import {
  CellValue,
  MAX_MONTHS,
  ModelError,
  Rule,
  checkNumber,
  describeValue,
  finite,
  invalid,
  messages,
  nearest,
} from '../model';

/**
 * Argument coercion for the custom functions, declared once per kind of argument (in the
 * spirit of HyperFormula's argument metadata). Excel hands over numbers, text, booleans and
 * null for an omitted optional argument; a range arrives as a 2-D array. Every check throws a
 * ModelError whose message names the argument, the rule and the value received; the
 * adapters in functions.ts turn it into a #VALUE! value.
 */

/** What Excel passes for a range (or a single value given where a range is accepted). */
export type Range = readonly (readonly CellValue[])[];

const isOmitted = (value: unknown): value is null | undefined => value === null || value === undefined;

/**
 * A required number that keeps `rule`.
 *
 * @example number('imitation', -0.2, atLeast(0)) // throws "imitation must be ≥ 0, got -0.2"
 */
export function number(name: string, value: unknown, rule: Rule = finite): number {
  if (isOmitted(value)) invalid(messages.required(name));
  return checkNumber(name, value, rule);
}

/** An optional number: omitted (null) takes `fallback`. */
export function optionalNumber(name: string, value: unknown, rule: Rule, fallback: number): number {
  return isOmitted(value) ? fallback : checkNumber(name, value, rule);
}

/** An optional choice among `allowed` (case-insensitive); an unknown one suggests the nearest. */
export function choice<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (isOmitted(value) || value === '') return fallback;
  if (typeof value !== 'string') invalid(messages.oneOf(name, allowed, value));
  const found = allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase());
  if (found === undefined) {
    const suggestion = nearest(value, allowed);
    invalid(messages.oneOf(name, allowed, value) + (suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ''));
  }
  return found;
}

/** A range as rows of equal length; a single value is a 1×1 range. */
export function grid(name: string, value: unknown): Range {
  if (!Array.isArray(value)) return [[value as CellValue]];
  if (
    value.length === 0 ||
    !value.every((row) => Array.isArray(row) && row.length === value[0].length && row.length > 0)
  ) {
    invalid(messages.notAGrid(name));
  }
  return value as Range;
}

/**
 * Maps `f` over every cell of a range, keeping its shape (for element-wise functions).
 * Each cell must be a number that keeps `rule`; the message names the cell.
 *
 * @example numbersByCell('years', [[1], [5]], atLeast(0), (y) => y * 2) // [[2], [10]]
 */
export function numbersByCell(name: string, value: unknown, rule: Rule, f: (x: number) => number): number[][] {
  const rows = grid(name, value);
  const single = rows.length === 1 && rows[0].length === 1;
  return rows.map((row, r) =>
    row.map((cell, c) => f(checkNumber(single ? name : messages.cell(name, r + 1, c + 1), cell, rule))),
  );
}

/**
 * A time series given as one column (or one row) of numbers, month 1 first, at most
 * {@link MAX_MONTHS} long.
 */
export function series(name: string, value: unknown, rule: Rule): Float64Array {
  const rows = grid(name, value);
  const columns = rows[0].length;
  if (rows.length > 1 && columns > 1) invalid(messages.notAVector(name, rows.length, columns));
  const cells = columns > 1 ? rows[0] : rows.map((row) => row[0]);
  if (cells.length > MAX_MONTHS) invalid(messages.atMost(`${name}'s number of months`, MAX_MONTHS, cells.length));
  return Float64Array.from(cells, (cell, i) =>
    checkNumber(cells.length === 1 ? name : `${name} month ${i + 1}`, cell, rule),
  );
}

/**
 * The code of an error value that Excel passes for an error cell to an `any` parameter (the
 * metadata's allowErrorForDataTypeAny): a CustomFunctions.Error (`code` "#DIV/0!"), or an
 * Excel.ErrorCellValue (`type` "Error", `basicValue` "#DIV/0!") when data types are on.
 * Undefined for any other value.
 *
 * @example errorCodeOf(new CustomFunctions.Error(CustomFunctions.ErrorCode.divisionByZero)) // "#DIV/0!"
 */
export function errorCodeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { code, type, basicValue, errorType } = value as Record<string, unknown>;
  if (typeof code === 'string' && code.startsWith('#')) return code;
  if (type !== 'Error') return undefined;
  if (typeof basicValue === 'string') return basicValue;
  return typeof errorType === 'string' ? errorType : 'unknown';
}

/**
 * An optional range of any cells (the assumptions table); omitted gives no rows. An error cell
 * anywhere in it is refused, naming the cell: a model read from a broken sheet is no model.
 *
 * @example optionalRange('assumptions', [['imitation', 0.4]]) // [['imitation', 0.4]]
 */
export function optionalRange(name: string, value: unknown): Range {
  if (isOmitted(value) || value === '') return [];
  const rows = grid(name, value);
  rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      const code = errorCodeOf(cell);
      if (code !== undefined) invalid(`${messages.cell(name, r + 1, c + 1)}: the value is an error (${code})`);
    }),
  );
  return rows;
}

/** Optional text (trimmed); omitted or empty gives `fallback`. */
export function optionalText(name: string, value: unknown, fallback: string): string {
  if (isOmitted(value) || value === '') return fallback;
  if (typeof value !== 'string') invalid(messages.notText(name, value));
  return value.trim() === '' ? fallback : value.trim();
}

/** Required text (trimmed). */
export function text(name: string, value: unknown): string {
  if (isOmitted(value) || value === '') invalid(messages.required(name));
  if (typeof value !== 'string') invalid(messages.notText(name, value));
  return value.trim();
}

export { describeValue, ModelError };
