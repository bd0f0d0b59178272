/**
 * The history (model.md v3, "History: uncertainty conditioned on what happened"): what was
 * observed, month by month, that a simulation conditions its uncertain inputs on. Rows are
 * `month | metric | value | error`; months are read as a plan's are (a month number, or a
 * calendar month with startDate), and month 1 is the first month of the history.
 *
 * One reader serves the Excel table (BeekeeperHistory), the command line's file and data given
 * in code: {@link readHistory} stops at the first problem, {@link historyProblems} lists them all,
 * {@link checkHistory} reads rows given as data.
 */
import { Assumptions } from './assumptions';
import { invalid, messages, roundedText } from './errors';
import { InputCell, InputProblem, InputTable, asProblem, at, failAt, isBlank, readHeader } from './input-table';
import { cellNumber } from './number-text';
import { planMonth } from './plan';
import { between, checkNumber } from './rules';

/** The metrics a history may observe: monthly outputs of the projection (model.md v3). */
export const HISTORY_METRICS = ['members', 'customers', 'arr', 'revenue', 'cash', 'engineers'] as const;
export type HistoryMetric = (typeof HISTORY_METRICS)[number];

/** The default error of an observation (the run option `historyError`): σ of ln y, about ±10 %. */
export const DEFAULT_HISTORY_ERROR = 0.1;

/** The valid range of an observation's error (σ): above 0, at most 10 (beyond it an observation says nothing). */
export const historyErrorRule = between(1e-6, 10);

/** The most observations a history may hold (6 metrics × 120 months; a bound on hostile input). */
export const MAX_OBSERVATIONS = 6 * 120;

/** One observation: `metric` was `value` at the end of (or, for revenue, during) month `month`. */
export interface Observation {
  readonly month: number;
  readonly metric: HistoryMetric;
  readonly value: number;
  /** σ of the likelihood: of ln value for a positive metric, relative to |value| for cash. */
  readonly error: number;
}

export type History = readonly Observation[];

/** A history row with where each of its cells is, for messages that name the cell. */
interface HistoryEntry {
  readonly month: InputCell;
  readonly metric: InputCell;
  readonly value: InputCell;
  readonly error?: InputCell;
}

const COLUMNS = ['month', 'metric', 'value', 'error'] as const;
const REQUIRED = ['month', 'metric', 'value'] as const;
type HistoryColumn = (typeof COLUMNS)[number];

const BY_LOWER = new Map<string, HistoryMetric>(HISTORY_METRICS.map((m) => [m.toLowerCase(), m]));

/**
 * A metric's name, in any case.
 *
 * @example historyMetric('ARR') // 'arr'
 */
export function historyMetric(name: unknown): HistoryMetric {
  if (typeof name !== 'string' || isBlank(name)) return invalid(messages.notText('metric', name));
  const metric = BY_LOWER.get(name.trim().toLowerCase());
  if (!metric) invalid(messages.oneOf('metric', HISTORY_METRICS, name));
  return metric!;
}

function entriesOf(table: InputTable): HistoryEntry[] {
  const columns = readHeader<HistoryColumn>(table, COLUMNS, REQUIRED, messages.missingColumn, (c, where) =>
    messages.duplicate('column', c, where),
  );
  const entries: HistoryEntry[] = [];
  for (const row of table.rows) {
    if (row.every((c) => isBlank(c.value))) continue;
    const anchor = row.find((c) => c.where)?.where ?? table.source;
    const cell = (c: HistoryColumn): InputCell => row[columns[c]!] ?? { value: undefined, where: anchor };
    entries.push({
      month: cell('month'),
      metric: cell('metric'),
      value: cell('value'),
      ...(columns.error !== undefined ? { error: cell('error') } : {}),
    });
  }
  if (entries.length > MAX_OBSERVATIONS)
    failAt(table.source, messages.historyTooLong(entries.length, MAX_OBSERVATIONS));
  return entries;
}

/** One row on its own, each cell checked where it is. */
function readEntry(entry: HistoryEntry, a: Assumptions, defaultError: number): Observation {
  const metric = at(entry.metric.where, () => historyMetric(entry.metric.value));
  const month = at(entry.month.where, () => planMonth(entry.month.value, a));
  const value = at(entry.value.where, () => {
    const v = cellNumber(entry.value.value);
    if (typeof v !== 'number' || !Number.isFinite(v)) return invalid(messages.historyValueNotNumber(metric, v));
    if (metric !== 'cash' && !(v > 0)) invalid(messages.historyValuePositive(metric, v));
    return v;
  });
  const error =
    entry.error === undefined || isBlank(entry.error.value)
      ? defaultError
      : at(entry.error.where, () => checkNumber('error', cellNumber(entry.error!.value), historyErrorRule));
  if (metric === 'cash' && value === 0) failAt(entry.value.where, messages.historyCashZero());
  return { month, metric, value, error };
}

/** The rows, each checked, then no metric twice in one month; sorted by month, then metric. */
function checkEntries(entries: readonly HistoryEntry[], a: Assumptions, defaultError: number): History {
  checkNumber('historyError', defaultError, historyErrorRule);
  const rows = entries.map((e) => readEntry(e, a, defaultError));
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const key = `${row.metric} ${row.month}`;
    const previous = seen.get(key);
    if (previous !== undefined)
      failAt(entries[i].metric.where, messages.historyTwice(row.metric, row.month, entries[previous].metric.where));
    seen.set(key, i);
  });
  const order = (o: Observation) => HISTORY_METRICS.indexOf(o.metric);
  return Object.freeze(
    [...rows].sort((x, y) => x.month - y.month || order(x) - order(y)).map((row) => Object.freeze({ ...row })),
  );
}

/**
 * Reads and validates a history table against the assumptions it will run with (their months
 * and startDate), stopping at the first problem, named by its cell. `historyError` is the error
 * of a row that gives none.
 *
 * @example readHistory(table, resolveAssumptions()) // [{ month: 1, metric: 'customers', value: 12, error: 0.1 }, …]
 */
export function readHistory(table: InputTable, a: Assumptions, historyError = DEFAULT_HISTORY_ERROR): History {
  return checkEntries(entriesOf(table), a, historyError);
}

/**
 * Every problem of a history table at once: the first of each row, then (when the rows are
 * sound) a metric observed twice in a month. Empty: {@link readHistory} accepts it.
 */
export function historyProblems(
  table: InputTable,
  a: Assumptions,
  historyError = DEFAULT_HISTORY_ERROR,
): InputProblem[] {
  let entries: HistoryEntry[];
  try {
    entries = entriesOf(table);
  } catch (e) {
    return [asProblem(e, table.source)];
  }
  const problems: InputProblem[] = [];
  for (const entry of entries) {
    try {
      readEntry(entry, a, historyError);
    } catch (e) {
      problems.push(asProblem(e, entry.metric.where));
    }
  }
  if (problems.length > 0) return problems;
  try {
    checkEntries(entries, a, historyError);
  } catch (e) {
    problems.push(asProblem(e, table.source));
  }
  return problems;
}

/**
 * Validates history rows given as data (a JSON file, a test), as a table's would be; `where`
 * names the source in messages ("history row 3 (value): …").
 *
 * @example checkHistory([{ month: 12, metric: 'customers', value: 40 }], resolveAssumptions())
 */
export function checkHistory(
  rows: readonly {
    readonly month: unknown;
    readonly metric: unknown;
    readonly value: unknown;
    readonly error?: unknown;
  }[],
  a: Assumptions,
  where = 'history',
  historyError = DEFAULT_HISTORY_ERROR,
): History {
  if (rows.length > MAX_OBSERVATIONS) invalid(messages.historyTooLong(rows.length, MAX_OBSERVATIONS));
  return checkEntries(
    rows.map((r, i) => {
      const at = `${where} row ${i + 1}`;
      return {
        month: { value: r.month, where: `${at} (month)` },
        metric: { value: r.metric, where: `${at} (metric)` },
        value: { value: r.value, where: `${at} (value)` },
        ...(r.error !== undefined ? { error: { value: r.error, where: `${at} (error)` } } : {}),
      };
    }),
    a,
    historyError,
  );
}

/** The last month a history observes (0 when empty). @example lastObservedMonth(history) // 24 */
export const lastObservedMonth = (history: History): number => history.reduce((m, o) => Math.max(m, o.month), 0);

/** A row in words, for messages. @example describeObservation(o) // "customers in month 18 = 600" */
export const describeObservation = (o: Observation): string =>
  `${o.metric} in month ${o.month} = ${roundedText(o.value)}`;
