/**
 * The Node stand-in for Excel's custom-functions runtime (src/cli/excel-runtime.ts) must be as
 * strict as Excel: a message only with #VALUE! and #N/A (CustomFunctions.ErrorCode's docs: "A
 * custom error message can't be used" for every other code), so a function that would lose its
 * message in Excel fails here.
 */
import { CustomFunctionError, ErrorCode, isErrorValue } from '../../src/cli/excel-runtime';

describe('CustomFunctions.Error in Node', () => {
  test.each([ErrorCode.invalidValue, ErrorCode.notAvailable])('%s keeps a message', (code) => {
    const error = new CustomFunctions.Error(code as CustomFunctions.ErrorCode, 'why');
    expect(isErrorValue(error)).toBe(true);
    expect({ code: error.code, message: error.message }).toEqual({ code, message: 'why' });
  });

  test.each(
    Object.values(ErrorCode).filter((code) => code !== ErrorCode.invalidValue && code !== ErrorCode.notAvailable),
  )('%s refuses a message, as Excel does, and is fine without one', (code) => {
    expect(() => new CustomFunctionError(code, 'the result is too large for a number')).toThrow(
      `CustomFunctions.Error: Excel shows a message only with #VALUE! or #N/A, not with ${code} ("the result is too large for a number")`,
    );
    expect(new CustomFunctionError(code).code).toBe(code);
    expect(new CustomFunctionError(code, '').message).toBe('');
  });
});
