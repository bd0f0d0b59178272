/**
 * `beekeeper call <function> [args...]`: evaluates a custom function by its Excel name, with
 * the arguments Excel would pass, and prints what the cells would show. `beekeeper functions`
 * (or `call --list`) lists the functions.
 */
import { Command } from 'commander';
import { toExcelArguments } from './arguments';
import { Catalog, CatalogEntry, loadCatalog, signature } from './catalog';
import { isErrorValue } from './excel-runtime';
import { Context } from './io';

/** A result printed: the tab-separated rows for stdout, and error values for stderr. */
export interface PrintedResult {
  /** Tab-separated rows, each ending with a line break; empty when the result is an error. */
  readonly stdout: string;
  /** One line per error value, as Excel shows it: `#VALUE! <message>`. */
  readonly errors: readonly string[];
}

/** An error value as Excel shows it in a cell and its tooltip. */
function showError(error: { code: string; message: string }): string {
  return error.message ? `${error.code} ${error.message}` : error.code;
}

/** One cell as text: numbers with full precision (String(n) round-trips); no tabs or line breaks, which would break the rows. */
function showCell(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell).replace(/[\t\r\n]+/g, ' ');
}

/**
 * What a function's result looks like on the command line: rows of tab-separated cells. A
 * function that fails returns an error value (or, when it returns a range, a 1×1 range
 * holding one): that is printed alone, as Excel shows it. An error value inside a larger
 * range shows its code in its cell and its message on stderr.
 *
 * @example printResult([[1], [2.5]]).stdout // "1\n2.5\n"
 * @example printResult(new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, 'no break-even')).errors
 * // ["#N/A no break-even"]
 */
export function printResult(result: unknown): PrintedResult {
  const rows: unknown[][] = Array.isArray(result) ? (result as unknown[][]) : [[result]];
  if (rows.length === 1 && rows[0].length === 1 && isErrorValue(rows[0][0])) {
    return { stdout: '', errors: [showError(rows[0][0])] };
  }
  const errors: string[] = [];
  const lines = rows.map((row, r) =>
    (Array.isArray(row) ? row : [row]).map((cell, c) => {
      if (!isErrorValue(cell)) return showCell(cell);
      errors.push(`row ${r + 1}, column ${c + 1}: ${showError(cell)}`);
      return cell.code;
    }),
  );
  return { stdout: lines.map((cells) => cells.join('\t') + '\n').join(''), errors };
}

/**
 * Calls a custom function with command-line arguments, as Excel would call it from a cell.
 *
 * @example await callFunction(catalog, 'OSS.BASS', ['1000000', '0.03', '0.38', '5']) // [[331198.6424913736]]
 */
export async function callFunction(catalog: Catalog, name: string, texts: readonly string[]): Promise<unknown> {
  const entry = catalog.find(name);
  const args = await toExcelArguments(entry, texts);
  // Awaited so that asynchronous functions (returning a promise, as Excel allows) work too.
  return await entry.implementation(...args);
}

/** The signature and description of each function, for `beekeeper functions`. */
export function listFunctions(catalog: Catalog): string {
  return catalog.entries.map((e) => `${signature(e)}\n  ${e.metadata.description ?? ''}\n`).join('\n');
}

/** One function's signature, description and arguments, for `beekeeper functions <name>`. */
export function describeFunction(entry: CatalogEntry): string {
  const parameters = entry.metadata.parameters;
  const label = (p: (typeof parameters)[number]) => (p.optional ? `[${p.name}]` : p.name);
  const width = Math.max(0, ...parameters.map((p) => label(p).length));
  const lines = parameters.map((p) => {
    const range = p.dimensionality === 'matrix' ? '(a range: JSON [[...]], a CSV or .xlsx file, or one value) ' : '';
    return `  ${label(p).padEnd(width)}  ${range}${p.description ?? ''}`;
  });
  return [signature(entry), `  ${entry.metadata.description ?? ''}`, '', ...lines].join('\n') + '\n';
}

const CALL_HELP = `
Arguments are converted as Excel would pass them: text that reads as a number is a number,
other text is text, "" leaves an optional argument out. A range argument is a JSON 2-D array
('[[1],[5],[10]]' is a column), a CSV file (.tsv: tab-separated), an .xlsx file (its first
sheet's first table, else its used range), or one value.
The result prints as tab-separated rows; an error prints as Excel shows it (#VALUE! <why>)
on stderr, with exit code 1.

Examples:
  $ beekeeper call OSS.BASS 1000000 0.03 0.38 5
  $ beekeeper call bass 1 0.03 0.38 '[[1],[5],[10]]'
  $ beekeeper call OSS.ASSUMPTIONS > assumptions.tsv
  $ beekeeper call OSS.KPI npv assumptions.tsv
  $ beekeeper call OSS.MEMBERS 2000000 0.01 0.45 24 "" 5000
  $ beekeeper call --list`;

/** Adds `call` and `functions` to the program. */
export function addCallCommands(program: Command, context: Context): void {
  const { io } = context;

  program
    .command('call')
    .description('evaluate an OSS.* custom function as Excel would')
    .argument('[function]', 'the function, e.g. OSS.BASS (case-insensitive; OSS. is optional)')
    .argument('[args...]', "the function's arguments, in order")
    .option('-l, --list', 'list the functions with their arguments')
    .addHelpText('after', CALL_HELP)
    .action(async (name: string | undefined, texts: string[], options: { list?: boolean }, command: Command) => {
      const catalog = await loadCatalog();
      if (options.list) {
        io.stdout(listFunctions(catalog));
        return;
      }
      if (name === undefined)
        command.error("error: missing required argument 'function' (`beekeeper call --list` lists them)");
      const printed = printResult(await callFunction(catalog, name, texts));
      io.stdout(printed.stdout);
      if (printed.errors.length > 0) {
        io.stderr(printed.errors.join('\n') + '\n');
        context.exitCode = 1;
      }
    });

  program
    .command('functions')
    .description('list the OSS.* custom functions, or explain one')
    .argument('[function]', 'a function to explain, e.g. OSS.KPI')
    .addHelpText('after', '\nExamples:\n  $ beekeeper functions\n  $ beekeeper functions OSS.KPI')
    .action(async (name: string | undefined) => {
      const catalog = await loadCatalog();
      io.stdout(name === undefined ? listFunctions(catalog) : describeFunction(catalog.find(name)));
    });
}
