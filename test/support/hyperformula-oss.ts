/**
 * A HyperFormula (3.x) function plugin that registers every OSS.* custom function from the
 * generated metadata (functions.json) under its Excel name, "OSS.BASS" and so on, and calls the
 * adapter of src/functions/functions.ts the way Excel's custom-functions runtime calls it. It
 * lets the tests evaluate real worksheet formulas (nesting, SUM/NPV/INDEX over spilled results,
 * range references) with a real formula engine.
 *
 * HyperFormula's custom-function API (typings/interpreter/plugin/FunctionPlugin.d.ts,
 * typings/HyperFormula.d.ts): a class extending FunctionPlugin with a static
 * `implementedFunctions` map from function id to `{ method, sizeOfResultArrayMethod?, ... }`;
 * registered with `HyperFormula.registerFunctionPlugin(plugin, translations)` before an engine
 * is built. A function id may contain dots: the lexer's ProcedureName token is a Unicode letter
 * followed by any non-reserved characters (HyperFormula's own CHISQ.DIST.RT, F.DIST), so
 * "OSS.BASS" needs no workaround.
 *
 * How arguments and results are converted (Excel's conventions for custom functions):
 * - Each method evaluates its argument ASTs itself (rather than through `runFunction`, whose
 *   coercions would answer bad input with HyperFormula's messages instead of the adapter's).
 * - An omitted argument, or a syntactically empty one (`OSS.KPI("npv",,)`), arrives as null;
 *   an empty cell arrives as null, also inside a range.
 * - A matrix parameter (dimensionality "matrix") receives the range's values as a 2-D array
 *   (`SimpleRangeValue.rawData()`), or the single value if one value is given; a scalar
 *   parameter receives the scalar (a 1×1 range is unwrapped by the interpreter). A larger range
 *   given to a scalar parameter is passed as its 2-D array, so the adapter's own message
 *   reports it (Excel would lift the function over the range instead; no test relies on it).
 * - An error value among the arguments (a scalar or a cell of a range) is returned as the
 *   result without calling the function, as Excel does for typed parameters; with the
 *   metadata's allowErrorForDataTypeAny, a range given to an 'any' parameter passes its error
 *   cells in as CustomFunctions.Error values instead.
 * - A returned CustomFunctions.Error (the shim's CustomFunctionError, `.code` like "#VALUE!")
 *   becomes a CellError of the matching ErrorType with the same message; a 1×1 range holding an
 *   error becomes that error in the anchor cell; other arrays become a SimpleRangeValue.
 *   "#NULL!" has no HyperFormula ErrorType and maps to ErrorType.ERROR.
 *
 * Array results and their size. HyperFormula fixes the spill size of a formula when it parses
 * it, before evaluating anything, by calling the function's `sizeOfResultArrayMethod` with the
 * AST. Here that method evaluates the call (so the cells it reads must already hold values),
 * keeps the result in a small cache keyed by the arguments, and reports its size; the
 * evaluation that follows takes the result from the cache. Limitation (the same as
 * HyperFormula's own SEQUENCE with cell-reference arguments): the size is not predicted again
 * when an input cell changes later, so a result that grows is truncated and one that shrinks is
 * padded with empty cells; if the inputs cannot be evaluated at parse time (not yet computed),
 * the size falls back to a single cell. Tests therefore enter input values before the formulas
 * that spill from them.
 */
import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
} from 'hyperformula';
import type { FunctionMetadata, FunctionPluginDefinition, ImplementedFunctions } from 'hyperformula';
import {
  Adapter,
  ErrorValue,
  FunctionsMetadata,
  MetadataFunction,
  adapterFor,
  excelName,
  isErrorValue,
} from './oss-functions';

/** The HyperFormula ErrorType for each Excel error code a custom function can return. */
export const ERROR_TYPES: Readonly<Record<string, ErrorType>> = {
  '#VALUE!': ErrorType.VALUE,
  '#N/A': ErrorType.NA,
  '#DIV/0!': ErrorType.DIV_BY_ZERO,
  '#NUM!': ErrorType.NUM,
  '#NAME?': ErrorType.NAME,
  '#REF!': ErrorType.REF,
  '#NULL!': ErrorType.ERROR,
};

/** The parts of HyperFormula's (internal) ProcedureAst and InterpreterState used here. */
interface CallAst {
  type: string;
  procedureName?: string;
  args: CallAst[];
}
type InterpreterState = object;
type Cell = number | string | boolean | null | CellError;

/** Converts one value of HyperFormula's interpreter to what Excel hands a custom function. */
function toCell(value: unknown): Cell {
  if (value === EmptyValue || value === undefined || value === null) return null;
  if (value instanceof CellError) return value;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  // A RichNumber (a number with a date, percent or currency format): its raw value.
  const raw = (value as { val?: unknown }).val;
  if (typeof raw === 'number') return raw;
  throw new Error(`hyperformula-oss: unexpected interpreter value ${String(value)}`);
}

/** A CellError as Excel hands it to an 'any' parameter: CustomFunctions.Error with its code. */
function toErrorValue(cell: Cell): unknown {
  if (!(cell instanceof CellError)) return cell;
  const code = Object.keys(ERROR_TYPES).find((c) => ERROR_TYPES[c] === cell.type) ?? '#VALUE!';
  return new CustomFunctions.Error(code as CustomFunctions.ErrorCode);
}

function toCellError(error: ErrorValue): CellError {
  return new CellError(ERROR_TYPES[error.code] ?? ErrorType.ERROR, error.message);
}

/** Converts an adapter's result to a HyperFormula interpreter value. */
function toInterpreterValue(result: unknown): unknown {
  if (isErrorValue(result)) return toCellError(result);
  if (!Array.isArray(result)) return result;
  if (result.length === 1 && result[0].length === 1 && isErrorValue(result[0][0])) return toCellError(result[0][0]);
  // A fresh array every time: HyperFormula resizes the arrays it is given in place.
  return SimpleRangeValue.onlyValues(
    result.map((row: unknown[]) => row.map((cell) => (isErrorValue(cell) ? toCellError(cell) : cell))) as never,
  );
}

/** Keys of the result cache: the function and its converted arguments. */
function cacheKey(id: string, args: unknown[]): string {
  return `${id}(${JSON.stringify(args, (_k, v: unknown) => (v === undefined ? 'undefined' : v))})`;
}

const CACHE_SIZE = 32;

/**
 * The functions HyperFormula can evaluate: it computes synchronously, so an asynchronous
 * (cancelable) function such as OSS.SIMULATE is left out (test/functions/simulate.test.ts
 * calls it as Excel does, and awaits it).
 */
export function synchronousFunctions(metadata: FunctionsMetadata): MetadataFunction[] {
  return metadata.functions.filter((f) => !f.options?.cancelable);
}

/**
 * Builds the plugin class for the functions of `metadata`, each calling its adapter from
 * src/functions/functions.ts.
 */
export function createOssPlugin(metadata: FunctionsMetadata): {
  plugin: FunctionPluginDefinition;
  translations: Record<string, Record<string, string>>;
  names: string[];
} {
  const results = new Map<string, unknown>();

  class OssFunctionsPlugin extends FunctionPlugin {
    /** Evaluates the arguments of `ast` for `f`: the adapter's arguments, or an error to return as is. */
    ossArguments(f: MetadataFunction, ast: CallAst, state: InterpreterState): unknown[] | CellError {
      const given = ast.args;
      const required = f.parameters.filter((p) => !p.optional).length;
      if (given.length < required || given.length > f.parameters.length) {
        return new CellError(
          ErrorType.NA,
          `${excelName(f)} takes ${required === f.parameters.length ? required : `${required} to ${f.parameters.length}`} arguments, got ${given.length}`,
        );
      }
      const args: unknown[] = [];
      for (let i = 0; i < f.parameters.length; i++) {
        const argAst = given[i];
        if (argAst === undefined || argAst.type === 'EMPTY') {
          args.push(null);
          continue;
        }
        const value: unknown = this.evaluateAst(argAst as never, state as never);
        // allowErrorForDataTypeAny: an 'any' parameter receives error cells as CustomFunctions.Error.
        const errorsPassed = metadata.allowErrorForDataTypeAny === true && f.parameters[i].type === 'any';
        if (value instanceof SimpleRangeValue) {
          const rows = value.rawData().map((row) => row.map(toCell));
          const error = rows.flat().find((cell): cell is CellError => cell instanceof CellError);
          if (error && !errorsPassed) return error;
          args.push(errorsPassed ? rows.map((row) => row.map(toErrorValue)) : rows);
        } else {
          const cell = toCell(value);
          if (cell instanceof CellError) return cell;
          args.push(cell);
        }
      }
      return args;
    }

    /** The adapter's result for this call, computed once per distinct arguments. */
    ossResult(f: MetadataFunction, adapter: Adapter, ast: CallAst, state: InterpreterState): unknown {
      const args = this.ossArguments(f, ast, state);
      if (args instanceof CellError) return args;
      const key = cacheKey(f.id, args);
      if (results.has(key)) return results.get(key);
      const result = adapter(...args);
      if (results.size >= CACHE_SIZE) results.delete(results.keys().next().value as string);
      results.set(key, result);
      return result;
    }
  }

  const implementedFunctions: ImplementedFunctions = {};
  const translations: Record<string, string> = {};
  const prototype = OssFunctionsPlugin.prototype as unknown as Record<string, unknown>;
  for (const f of synchronousFunctions(metadata)) {
    const adapter = adapterFor(f);
    const name = excelName(f);
    const method = `oss${f.id}`;
    const entry: FunctionMetadata = {
      method,
      // Arguments are evaluated by the method itself; ranges are never spread into scalars.
      vectorizationForbidden: true,
    };
    prototype[method] = function (this: OssFunctionsPlugin, ast: CallAst, state: InterpreterState) {
      const result = this.ossResult(f, adapter, ast, state);
      return result instanceof CellError ? result : toInterpreterValue(result);
    };
    if (f.result.dimensionality === 'matrix') {
      entry.sizeOfResultArrayMethod = `${method}Size`;
      prototype[`${method}Size`] = function (this: OssFunctionsPlugin, ast: CallAst, state: InterpreterState) {
        let result: unknown;
        try {
          result = this.ossResult(f, adapter, ast, state);
        } catch {
          return ArraySize.scalar(); // inputs not computed yet: see the note at the top
        }
        if (!Array.isArray(result) || result.length === 0) return ArraySize.scalar();
        return new ArraySize(result[0].length, result.length);
      };
    }
    implementedFunctions[name] = entry;
    translations[name] = name;
  }
  OssFunctionsPlugin.implementedFunctions = implementedFunctions;
  Object.defineProperty(OssFunctionsPlugin, 'name', { value: 'OssFunctionsPlugin' });
  return {
    plugin: OssFunctionsPlugin as unknown as FunctionPluginDefinition,
    translations: { enGB: translations, enUS: translations },
    names: Object.keys(implementedFunctions),
  };
}

/**
 * Registers the OSS.* functions with HyperFormula (before any engine is built); returns a
 * function that unregisters them.
 */
export function registerOssFunctions(metadata: FunctionsMetadata): { names: string[]; unregister: () => void } {
  const { plugin, translations, names } = createOssPlugin(metadata);
  HyperFormula.registerFunctionPlugin(plugin, translations);
  return { names, unregister: () => HyperFormula.unregisterFunctionPlugin(plugin) };
}
