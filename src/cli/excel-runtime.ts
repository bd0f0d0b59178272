/**
 * The globals that Excel's custom-functions runtime gives the functions bundle
 * (`CustomFunctions.Error`, `CustomFunctions.ErrorCode`, `CustomFunctions.associate`), for
 * running the same adapters in Node: the command line and the tests. Import this module
 * before src/functions.
 */

/** Excel's error codes, as the runtime names them (values are what a cell shows). */
export const ErrorCode = {
  invalidValue: '#VALUE!',
  notAvailable: '#N/A',
  divisionByZero: '#DIV/0!',
  invalidNumber: '#NUM!',
  nullReference: '#NULL!',
  invalidName: '#NAME?',
  invalidReference: '#REF!',
} as const;

/** The codes Excel shows a custom message with (CustomFunctions.ErrorCode: "can't be used" for the rest). */
const WITH_MESSAGE: readonly string[] = [ErrorCode.invalidValue, ErrorCode.notAvailable];

/**
 * An error value a custom function returns: a code and an optional message. As strict as Excel:
 * a message with any code but #VALUE! and #N/A throws, so a message Excel would drop fails in
 * Node (the CLI and the tests) instead of vanishing in a cell.
 *
 * @example new CustomFunctionError('#N/A', 'no break-even').message // "no break-even"
 */
export class CustomFunctionError extends Error {
  constructor(
    readonly code: (typeof ErrorCode)[keyof typeof ErrorCode],
    message?: string,
  ) {
    if (message && !WITH_MESSAGE.includes(code)) {
      throw new Error(
        `CustomFunctions.Error: Excel shows a message only with #VALUE! or #N/A, not with ${code} (${JSON.stringify(message)})`,
      );
    }
    super(message);
    this.name = 'CustomFunctions.Error';
  }
}

/** Functions associated by id, as `CustomFunctions.associate` records them. */
export const associated = new Map<string, (...args: unknown[]) => unknown>();

const runtime = {
  Error: CustomFunctionError,
  ErrorCode,
  associate(id: string | Record<string, (...args: unknown[]) => unknown>, fn?: (...args: unknown[]) => unknown) {
    if (typeof id === 'string') associated.set(id.toUpperCase(), fn!);
    else for (const [key, f] of Object.entries(id)) associated.set(key.toUpperCase(), f);
  },
};

const host = globalThis as unknown as { CustomFunctions?: unknown };
if (host.CustomFunctions === undefined) host.CustomFunctions = runtime;

/**
 * True for an error value returned by a custom function: an instance of whichever
 * `CustomFunctions.Error` the host defines (this shim's, unless a real runtime came first).
 */
export function isErrorValue(value: unknown): value is CustomFunctionError {
  const hostError = (host.CustomFunctions as { Error?: new (...args: never[]) => unknown } | undefined)?.Error;
  return value instanceof CustomFunctionError || (hostError !== undefined && value instanceof hostError);
}
