/**
 * Shared helpers for the tests of the OSS.* custom functions: the generated metadata (the same
 * functions.json Excel reads), the adapter behind each metadata entry, and the shape of Excel's
 * error values as the runtime shim (src/cli/excel-runtime.ts, installed by jest's setupFiles)
 * defines them.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as adapters from '../../src/functions/functions';

/** One parameter of a function in functions.json. */
export interface MetadataParameter {
  name: string;
  description?: string;
  type?: string;
  dimensionality?: 'scalar' | 'matrix';
  optional?: boolean;
}

/** One function of functions.json. */
export interface MetadataFunction {
  id: string;
  name: string;
  description?: string;
  helpUrl?: string;
  parameters: MetadataParameter[];
  result: { dimensionality?: 'scalar' | 'matrix'; type?: string };
  options?: Record<string, unknown>;
}

export interface FunctionsMetadata {
  /** Top-level (custom-functions-json): 'any' parameters receive error cells instead of Excel returning them. */
  allowErrorForDataTypeAny?: boolean;
  functions: MetadataFunction[];
}

// scripts/generate-metadata.js is plain CommonJS without typings.

const generator = require('../../scripts/generate-metadata') as { functionsMetadata: () => Promise<FunctionsMetadata> };

/** The metadata generated from the JSDoc of src/functions/functions.ts (takes a second or two). */
export function loadFunctionsMetadata(): Promise<FunctionsMetadata> {
  return generator.functionsMetadata();
}

/**
 * The same metadata, generated synchronously in a child process: for building one test per
 * function while jest collects the tests (a describe block cannot wait for a promise).
 */
export function loadFunctionsMetadataSync(): FunctionsMetadata {
  const script =
    "require('./scripts/generate-metadata').functionsMetadata()" +
    '.then((m) => process.stdout.write(JSON.stringify(m)), (e) => { console.error(e); process.exit(1); })';
  const output = execFileSync(process.execPath, ['-e', script], {
    cwd: path.resolve(__dirname, '../..'),
    encoding: 'utf8',
  });
  return JSON.parse(output) as FunctionsMetadata;
}

/** The namespace of the add-in's functions (manifest.xml): Excel shows OSS.<NAME>. */
export const NAMESPACE = 'OSS';

/** The name a worksheet formula uses for a metadata function, e.g. "OSS.BASS". */
export const excelName = (f: MetadataFunction): string => `${NAMESPACE}.${f.name}`;

export type Adapter = (...args: any[]) => unknown;

/**
 * The exported adapter of functions.ts behind a metadata entry. The metadata id is the
 * upper-cased name of the exported function (custom-functions-metadata's default), which is
 * also how CustomFunctions.associate links them in the add-in bundle.
 */
export function adapterFor(f: MetadataFunction): Adapter {
  const entry = Object.entries(adapters).find(
    ([name, value]) => typeof value === 'function' && name.toUpperCase() === f.id,
  );
  if (!entry) throw new Error(`no exported function in src/functions/functions.ts for metadata id ${f.id}`);
  return entry[1] as Adapter;
}

/**
 * The error codes a custom function can return (what the cell shows), written out here rather
 * than read from the shim: CustomFunctions.ErrorCode in Office's CustomFunctionsRuntime 1.2/1.3
 * (@types/custom-functions-runtime: invalidValue, notAvailable, divisionByZero, invalidNumber,
 * nullReference, invalidName, invalidReference).
 */
export const EXCEL_ERROR_CODES: readonly string[] = [
  '#VALUE!',
  '#N/A',
  '#DIV/0!',
  '#NUM!',
  '#NULL!',
  '#NAME?',
  '#REF!',
];

/** An Excel error value as the shim builds it: CustomFunctions.Error with a code and a message. */
export interface ErrorValue {
  code: string;
  message: string;
}

/** True for an error value returned by a custom function (the shim's CustomFunctionError). */
export function isErrorValue(value: unknown): value is ErrorValue {
  return value instanceof CustomFunctions.Error;
}

/**
 * The error value a function returned: a scalar function returns it as is, an array function
 * as a 1×1 range holding it. Undefined when the result is not an error.
 */
export function errorOf(result: unknown): ErrorValue | undefined {
  if (isErrorValue(result)) return result;
  if (
    Array.isArray(result) &&
    result.length === 1 &&
    Array.isArray(result[0]) &&
    result[0].length === 1 &&
    isErrorValue(result[0][0])
  ) {
    return result[0][0];
  }
  return undefined;
}

/** Describes a value for a failure message (errors as code + message; NaN and ±Infinity spelled out). */
export function show(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (isErrorValue(v)) return { code: v.code, message: v.message };
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (v === undefined) return 'undefined';
    return v;
  });
}
