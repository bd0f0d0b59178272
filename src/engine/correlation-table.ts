import { ASSUMPTION_NAMES, AssumptionName, nearest } from '../model/assumptions';
import { describeValue, invalid, messages } from '../model/errors';
import { InputCell, InputProblem, InputTable, asProblem, at, failAt, isBlank } from '../model/input-table';
import { cellNumber } from '../model/number-text';
import { between, checkNumber } from '../model/rules';
import { IndexedCorrelation, matrixConflict } from './correlation';
import { nearestCorrelations } from './nearest-correlation';

/**
 * The correlation table of a run (model.md v3, "Correlated inputs"): rows
 * `name | name | correlation`, each the Spearman rank correlation of two uncertain inputs. One
 * reader for every host: the task pane's BeekeeperCorrelations table, the command line's
 * `--correlations` file (.csv, .tsv, .json, .xlsx) and the template's "Beekeeper Correlations"
 * sheet, each handed over as an {@link InputTable} whose cells say where they are.
 *
 * The header names the two inputs' columns `name1` and `name2` (as Beekeeper writes them: an
 * Excel table, like a JSON object, cannot have two columns of one name), or `name` twice, in
 * that order (the spec's `name | name | correlation`); spaces and case do not matter, other
 * columns (a note) are ignored.
 */

/** One correlation between two uncertain inputs, by their names. */
export interface Correlation {
  readonly a: AssumptionName;
  readonly b: AssumptionName;
  /** The Spearman rank correlation, −1..1. */
  readonly correlation: number;
  /**
   * The correlation as typed, when the typed ones did not make a valid matrix and the run uses
   * the nearest valid one's (`correlation`) on request ({@link ReadCorrelationOptions}).
   */
  readonly given?: number;
}

/**
 * How to read correlations. `nearest`: correlations that do not make a valid correlation matrix
 * are not refused but mended to the nearest valid one (nearest-correlation.ts), each changed
 * pair keeping its typed value in `given` for the warning ({@link mendedWarning}) and the report.
 */
export interface ReadCorrelationOptions {
  readonly nearest?: boolean;
  /** How the host asks for the nearest matrix, appended to a matrix's refusal ("or run with --nearest-correlations"). */
  readonly askNearest?: string;
}

/** A run's correlations, validated against its uncertain inputs, in the order given. */
export type Correlations = readonly Correlation[];

/** What a reader needs of the run's inputs: the uncertain ones, in the order of their columns. */
export interface Correlatable {
  readonly uncertain: readonly { readonly name: AssumptionName }[];
}

/** The header Beekeeper writes (template, task pane, JSON). */
export const CORRELATION_COLUMNS = ['name1', 'name2', 'correlation'] as const;

/** A correlation row with where each of its cells is, for messages that name the cell. */
export interface CorrelationEntry {
  readonly first: InputCell;
  readonly second: InputCell;
  readonly correlation: InputCell;
}

type Column = 'first' | 'second' | 'correlation';

/** Column → index: name1 (or the first `name`), name2 (or the second), correlation. */
function readColumns(table: InputTable): Record<Column, number> {
  const columns: Partial<Record<Column, number>> = {};
  const found: string[] = [];
  const take = (c: Column, index: number, key: string) => {
    const previous = columns[c];
    if (previous !== undefined)
      failAt(table.header[index].where, messages.duplicate('column', key, `also ${table.header[previous].where}`));
    columns[c] = index;
  };
  table.header.forEach((cell, index) => {
    if (typeof cell.value !== 'string' || cell.value.trim() === '') return;
    found.push(cell.value.trim());
    const key = cell.value.replace(/\s+/g, '').toLowerCase();
    if (key === 'name') take(columns.first === undefined ? 'first' : 'second', index, 'name');
    else if (key === 'name1') take('first', index, key);
    else if (key === 'name2') take('second', index, key);
    else if (key === 'correlation') take('correlation', index, key);
  });
  if (columns.first === undefined) failAt(table.source, messages.missingColumn('name1', found));
  if (columns.second === undefined) failAt(table.source, messages.missingColumn('name2', found));
  if (columns.correlation === undefined) failAt(table.source, messages.missingColumn('correlation', found));
  return columns as Record<Column, number>;
}

/**
 * The rows of a correlation table, each with its three cells; rows whose cells are all empty
 * are skipped.
 *
 * @example correlationEntries(table)[0].correlation // { value: 0.6, where: 'correlations.csv row 2, column C' }
 */
export function correlationEntries(table: InputTable): CorrelationEntry[] {
  const columns = readColumns(table);
  const entries: CorrelationEntry[] = [];
  for (const row of table.rows) {
    if (row.every((c) => isBlank(c.value))) continue;
    const anchor = row.find((c) => c.where)?.where ?? table.source;
    const cell = (c: Column): InputCell => row[columns[c]] ?? { value: undefined, where: anchor };
    entries.push({ first: cell('first'), second: cell('second'), correlation: cell('correlation') });
  }
  return entries;
}

/**
 * An uncertain input by its name, in any case. A known assumption without a distribution, or an
 * unknown name, is an error that says which inputs can be correlated (and suggests the nearest).
 *
 * @example uncertainName('Imitation', inputs) // "imitation"
 * @example uncertainName('imitaton', inputs) // throws: unknown input "imitaton"; did you mean "imitation"? …
 */
export function uncertainName(name: string, inputs: Correlatable): AssumptionName {
  const lower = name.trim().toLowerCase();
  const names = inputs.uncertain.map((u) => u.name);
  const found = names.find((n) => n.toLowerCase() === lower);
  if (found) return found;
  const known = ASSUMPTION_NAMES.find((n) => n.toLowerCase() === lower);
  if (known) return invalid(messages.correlationNotUncertain(known, names));
  return invalid(messages.correlationUnknownName(name, nearest(name, names) ?? nearest(name, ASSUMPTION_NAMES), names));
}

const CORRELATION_RULE = between(-1, 1);

/** One row on its own: both names uncertain inputs, not the same, the correlation −1..1. */
function readEntry(entry: CorrelationEntry, inputs: Correlatable): Correlation {
  const name = (cell: InputCell, column: string) => {
    if (typeof cell.value !== 'string' || isBlank(cell.value)) failAt(cell.where, messages.notText(column, cell.value));
    return at(cell.where, () => uncertainName(cell.value as string, inputs));
  };
  const a = name(entry.first, 'name1');
  const b = name(entry.second, 'name2');
  if (a === b) failAt(entry.second.where, messages.correlationSelf(a));
  const correlation = at(entry.correlation.where, () =>
    checkNumber('correlation', cellNumber(entry.correlation.value), CORRELATION_RULE),
  );
  return { a, b, correlation };
}

/** A correlation in words, for messages: "imitation–persuasion 0.6". */
const pairText = (c: Correlation) => `${c.a}–${c.b} ${describeValue(c.correlation)}`;

/** The bounds of an interval for a message, rounded inward to two decimals (more if that empties it). */
function shownRange([low, high]: readonly [number, number]): [string, string] {
  for (const scale of [100, 1000, 10_000, 1_000_000]) {
    const lo = Math.ceil(low * scale - 1e-9) / scale;
    const hi = Math.floor(high * scale + 1e-9) / scale;
    if (lo < hi) return [describeValue(lo), describeValue(hi)];
  }
  return [describeValue(low), describeValue(high)];
}

/**
 * The rows, each checked, then across them: no pair twice (in either order), and together a
 * valid correlation matrix. A matrix that is not is an error at the correlation cell of the pair
 * that breaks it (see {@link matrixConflict}), saying the range that pair must lie in.
 */
function checkEntries(
  entries: readonly CorrelationEntry[],
  inputs: Correlatable,
  { nearest = false, askNearest }: ReadCorrelationOptions = {},
): Correlations {
  const rows = entries.map((e) => readEntry(e, inputs));
  const seen = new Map<string, number>();
  rows.forEach((row, k) => {
    const key = [row.a, row.b].sort().join(' ');
    const previous = seen.get(key);
    if (previous !== undefined)
      failAt(entries[k].first.where, messages.correlationTwice(row.a, row.b, entries[previous].first.where));
    seen.set(key, k);
  });
  const indexed = indexCorrelations(rows, inputs);
  const size = new Set(indexed.flatMap((p) => [p.i, p.j])).size;
  const conflict = matrixConflict(size, compact(indexed));
  if (conflict && nearest) {
    const used = nearestCorrelations(size, compact(indexed));
    return Object.freeze(
      rows.map((r, k) =>
        Object.freeze(used[k] === r.correlation ? r : { ...r, correlation: used[k], given: r.correlation }),
      ),
    );
  }
  if (conflict) {
    const row = rows[conflict.pair];
    const where = entries[conflict.pair].correlation.where;
    const asking = (message: string) => (askNearest ? `${message}; ${askNearest}` : message);
    if (Math.abs(row.correlation) === 1) failAt(where, asking(messages.correlationOne(row.a, row.b, row.correlation)));
    // The others in the leading block that failed: the pairs among its inputs.
    const compacted = compact(indexed);
    const last = Math.max(compacted[conflict.pair].i, compacted[conflict.pair].j);
    const others = rows
      .filter((_, k) => k !== conflict.pair && Math.max(compacted[k].i, compacted[k].j) <= last)
      .filter((r) => r.correlation !== 0)
      .map(pairText);
    if (conflict.range)
      failAt(
        where,
        asking(messages.correlationConflict(row.a, row.b, row.correlation, shownRange(conflict.range), others)),
      );
    failAt(where, asking(messages.correlationCannotHold(row.a, row.b, row.correlation, others)));
  }
  return Object.freeze(rows.map((r) => Object.freeze(r)));
}

/**
 * Correlations by the columns of the run's uncertain inputs (their order in the table), for the
 * engine: i and j index `inputs.uncertain`.
 *
 * @example indexCorrelations([{ a: 'imitation', b: 'persuasion', correlation: 0.5 }], inputs) // [{ i: 0, j: 3, correlation: 0.5 }]
 */
export function indexCorrelations(correlations: Correlations, inputs: Correlatable): IndexedCorrelation[] {
  const column = new Map(inputs.uncertain.map((u, i) => [u.name, i]));
  return correlations.map((c) => {
    const i = column.get(c.a);
    const j = column.get(c.b);
    if (i === undefined) return invalid(messages.correlationNotUncertain(c.a, [...column.keys()]));
    if (j === undefined) return invalid(messages.correlationNotUncertain(c.b, [...column.keys()]));
    return { i, j, correlation: c.correlation };
  });
}

/** The pairs renumbered over the inputs they name alone, in column order (as the engine orders them). */
function compact(pairs: readonly IndexedCorrelation[]): IndexedCorrelation[] {
  const named = [...new Set(pairs.flatMap((p) => [p.i, p.j]))].sort((x, y) => x - y);
  const position = new Map(named.map((c, k) => [c, k]));
  return pairs.map((p) => ({ i: position.get(p.i)!, j: position.get(p.j)!, correlation: p.correlation }));
}

/**
 * Reads and validates a correlation table against the run's inputs: stops at the first
 * problem, naming its cell. See {@link correlationProblems} for all.
 *
 * @example readCorrelations(table, inputs) // [{ a: 'imitation', b: 'persuasion', correlation: 0.6 }]
 * @example readCorrelations(badTable, inputs) // throws: correlations.csv row 3, column C (correlation): correlation must be between -1 and 1, got 1.5
 */
export function readCorrelations(
  table: InputTable,
  inputs: Correlatable,
  options: ReadCorrelationOptions = {},
): Correlations {
  return checkEntries(correlationEntries(table), inputs, options);
}

/**
 * The warning of a run whose correlations were mended to the nearest valid matrix, each changed
 * pair as given → used; undefined when none was.
 *
 * @example mendedWarning(readCorrelations(table, inputs, { nearest: true })) // "the correlations … a–b 0.9 → 0.5, …"
 */
export function mendedWarning(correlations: Correlations): string | undefined {
  const changed = correlations.filter((c) => c.given !== undefined);
  if (changed.length === 0) return undefined;
  const shown = (x: number) => describeValue(Number(x.toFixed(3)));
  return messages.correlationsMended(changed.map((c) => `${c.a}–${c.b} ${shown(c.given!)} → ${shown(c.correlation)}`));
}

/**
 * Every problem of a correlation table at once: the first of each row, then (when the rows are
 * sound) those across rows (a pair twice, a matrix that is not valid). An empty list means
 * {@link readCorrelations} accepts it. The task pane lists them, each with its cell.
 *
 * @example correlationProblems(table, inputs).map((p) => p.where) // ["Beekeeper Correlations!A3", "Beekeeper Correlations!C5"]
 */
export function correlationProblems(
  table: InputTable,
  inputs: Correlatable,
  options: ReadCorrelationOptions = {},
): InputProblem[] {
  let entries: CorrelationEntry[];
  try {
    entries = correlationEntries(table);
  } catch (e) {
    return [asProblem(e, table.source)];
  }
  const problems: InputProblem[] = [];
  for (const entry of entries) {
    try {
      readEntry(entry, inputs);
    } catch (e) {
      problems.push(asProblem(e, entry.first.where));
    }
  }
  if (problems.length > 0) return problems;
  try {
    checkEntries(entries, inputs, options);
  } catch (e) {
    problems.push(asProblem(e, table.source));
  }
  return problems;
}

/**
 * Validates correlations given as data (a test, correlations already read, passed on): each as
 * a table row would be, no pair twice, a valid matrix. `where` names the source for messages
 * ("correlations row 2 (correlation): …").
 *
 * @example checkCorrelations([{ a: 'imitation', b: 'persuasion', correlation: 0.6 }], inputs)
 */
export function checkCorrelations(
  rows: readonly {
    readonly a: unknown;
    readonly b: unknown;
    readonly correlation: unknown;
    readonly given?: unknown;
  }[],
  inputs: Correlatable,
  where = 'correlations',
): Correlations {
  const checked = checkEntries(
    rows.map((r, k) => {
      const row = `${where} row ${k + 1}`;
      return {
        first: { value: r.a, where: `${row} (name1)` },
        second: { value: r.b, where: `${row} (name2)` },
        correlation: { value: r.correlation, where: `${row} (correlation)` },
      };
    }),
    inputs,
  );
  // Mended correlations passed on keep what was typed, for the report.
  return Object.freeze(
    checked.map((c, k) => {
      const given = rows[k].given;
      if (given === undefined) return c;
      checkNumber(`${where} row ${k + 1} (given)`, given, CORRELATION_RULE);
      return Object.freeze({ ...c, given: given as number });
    }),
  );
}
