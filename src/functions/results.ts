import { ErrorKind, ModelError } from '../model';

/**
 * Turns what the model returns or throws into what Excel shows. Errors are returned as
 * values, never thrown out of a function: a ModelError keeps its message; anything else is a
 * bug, shown as #VALUE! with a message rather than an unexplained error. A non-finite number
 * never reaches a cell. Excel shows a message only with #VALUE! and #N/A, so every error that
 * has something to say is one of those two (README, "Decisions where the spec is silent").
 */

type Cell = number | string;

/** Excel's error code for each kind of model error (looked up late: the runtime defines CustomFunctions; ErrorCode needs CustomFunctionsRuntime 1.3). */
function errorCode(kind: ErrorKind): CustomFunctions.ErrorCode {
  const codes: Record<ErrorKind, CustomFunctions.ErrorCode> = {
    invalid: CustomFunctions.ErrorCode.invalidValue,
    notAvailable: CustomFunctions.ErrorCode.notAvailable,
    // Not #NUM!: Excel would drop the message, which names the output and month that overflowed.
    overflow: CustomFunctions.ErrorCode.invalidValue,
  };
  return codes[kind];
}

/** The Excel error value for anything thrown while computing `functionName`. */
export function toExcelError(functionName: string, error: unknown): CustomFunctions.Error {
  if (error instanceof ModelError) return new CustomFunctions.Error(errorCode(error.kind), error.message);
  const detail = error instanceof Error ? error.message : String(error);
  return new CustomFunctions.Error(
    CustomFunctions.ErrorCode.invalidValue,
    `${functionName} failed unexpectedly: ${detail}`,
  );
}

function assertFiniteCell(cell: Cell): Cell {
  if (typeof cell === 'number' && !Number.isFinite(cell))
    throw new ModelError('overflow', 'the result is too large for a number');
  return cell;
}

/**
 * Runs a function that returns one value.
 *
 * @example scalarResult('OSS.KPI', () => 42) // 42
 */
export function scalarResult(functionName: string, compute: () => number): number | CustomFunctions.Error {
  try {
    return assertFiniteCell(compute()) as number;
  } catch (error) {
    return toExcelError(functionName, error);
  }
}

/**
 * Runs a function that returns a range; an error is returned as a 1×1 range holding it, so
 * the anchor cell shows #VALUE! and its message.
 *
 * @example arrayResult('OSS.BASS', () => [[1], [2]]) // [[1], [2]]
 */
export function arrayResult<T extends Cell>(
  functionName: string,
  compute: () => T[][],
): (T | CustomFunctions.Error)[][] {
  try {
    return compute().map((row) => row.map((cell) => assertFiniteCell(cell) as T));
  } catch (error) {
    return [[toExcelError(functionName, error)]];
  }
}

/** A column (one row per month) from a series. */
export const column = (values: ArrayLike<number>): number[][] => Array.from(values, (v) => [v]);
