import {
  ADDED_IN_V2,
  ASSUMPTIONS,
  AssumptionName,
  Assumptions,
  AssumptionSpec,
  assumptionSpec,
  assumptionValue,
  findAssumption,
  implausibility,
  resolveAssumptions,
} from '../model/assumptions';
import {
  Distribution,
  DistributionName,
  ParameterError,
  U_MAX,
  U_MIN,
  isBlank,
  makeDistribution,
  sampledRange,
} from './distributions';
import { ModelError, describeValue, messages } from '../model/errors';
import { checkNumber } from '../model/rules';
import { cellNumber } from '../model/number-text';
import { Plan, checkPlan } from '../model/plan';
import { History, checkHistory } from '../model/history';
import { Correlations, checkCorrelations } from './correlation-table';
import {
  InputCell,
  InputProblem,
  InputTable,
  TableProblem,
  asProblem,
  at,
  failAt,
  readHeader,
  readInsist,
  refuseImplausible,
  ReadOptions,
  INSIST_IN_TABLE,
} from '../model/input-table';

export type { InputCell, InputProblem, InputTable, ReadOptions } from '../model/input-table';
export { INSIST_IN_TABLE, TableProblem } from '../model/input-table';

/**
 * The assumptions table of a simulation run (workbook.md, "Inputs"):
 * `name | value | distribution | p1 | p2 | p3 | unit | description`, read into the base
 * assumptions and the uncertain inputs a run samples. Every error names the cell it is about.
 */

export interface UncertainInput {
  readonly name: AssumptionName;
  /** HDR `variable` key: the assumption's 1-based data-row number in the table (workbook.md). */
  readonly variable: number;
  readonly distribution: Distribution;
  /** A whole-number assumption (organizations): samples are rounded to the nearest whole number. */
  readonly whole: boolean;
}

/** One assumption as run, for the report's Inputs sheet. */
export interface InputRow {
  readonly name: AssumptionName;
  /** Its data-row number in the table; absent for an assumption the table leaves out (fixed at its default). */
  readonly variable?: number;
  /** The base value: the `value` cell, or the default if that is empty or the row absent. */
  readonly value: number;
  /** Absent for a fixed assumption. */
  readonly distribution?: DistributionName;
  readonly params: readonly number[];
}

/**
 * Something in the table that is valid but probably not what the user meant. The run goes on;
 * each host shows it (the command line on stderr as `warning: <where>: <message>`).
 */
export interface InputWarning {
  /** The cell it is about, as the file reader named it, e.g. "inputs.csv row 5, column B". */
  readonly where: string;
  /** What is wrong and what to do, without `where`. */
  readonly message: string;
}

export interface SimulationInputs {
  /** The `value` column, with defaults for what it leaves out. */
  readonly base: Assumptions;
  /** In table order. */
  readonly uncertain: readonly UncertainInput[];
  /** Every assumption: the table's rows in table order, then those it leaves out, in schema order. */
  readonly rows: readonly InputRow[];
  /** In table order; they never change what a run computes. */
  readonly warnings: readonly InputWarning[];
  /**
   * The plan of decisions (model.md v3, "The plan"), validated against `base`; absent or empty:
   * none. See {@link withPlan}.
   */
  readonly plan?: Plan;
  /**
   * Spearman rank correlations between uncertain inputs (model.md v3, "Correlated inputs"),
   * validated against `uncertain` (a valid matrix); absent or empty: the inputs are sampled
   * independently. See {@link withCorrelations}.
   */
  readonly correlations?: Correlations;
  /**
   * What already happened (model.md v3, "History"): the run's trials are then draws from the
   * posterior given it. Absent or empty: none. See {@link withHistory}.
   */
  readonly history?: History;
}

/**
 * Inputs with a history already read (readHistory, with the run's historyError): its months
 * checked again against the base assumptions. A run of them conditions on it (planRun).
 *
 * @example withHistory(readSimulationTable(table), readHistory(historyTable, inputs.base))
 */
export function withHistory(inputs: SimulationInputs, history: History): SimulationInputs {
  return Object.freeze({ ...inputs, history: checkHistory(history, inputs.base, 'history') });
}

/**
 * Inputs with a plan already read (readPlan, with the host's plausibility options): its rows
 * checked again against the base assumptions (their months and startDate). A plan row for an uncertain input replaces the
 * sampled value from its month on; the report's Inputs sheet says so.
 *
 * @example withPlan(readSimulationTable(table), readPlan(planTable, inputs.base))
 */
export function withPlan(inputs: SimulationInputs, plan: Plan): SimulationInputs {
  return Object.freeze({ ...inputs, plan: checkPlan(plan, inputs.base, 'plan', { allowImplausible: true }) });
}

/**
 * Inputs with correlations already read (readCorrelations): checked again against the uncertain
 * inputs (each name one of them, no pair twice, a valid matrix). The run reorders the samples of
 * the inputs they name to those rank correlations (Iman–Conover), every marginal kept exactly.
 *
 * @example withCorrelations(inputs, readCorrelations(correlationTable, inputs))
 * @example withCorrelations(inputs, [{ a: 'imitation', b: 'persuasion', correlation: 0.6 }]).correlations
 */
export function withCorrelations(
  inputs: SimulationInputs,
  correlations: readonly { readonly a: unknown; readonly b: unknown; readonly correlation: unknown }[],
): SimulationInputs {
  return Object.freeze({ ...inputs, correlations: checkCorrelations(correlations, inputs) });
}

const COLUMNS = ['name', 'value', 'distribution', 'p1', 'p2', 'p3', 'allowimplausible'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: readonly Column[] = ['name', 'value'];
const PARAMETERS = ['p1', 'p2', 'p3'] as const;

/**
 * The largest table any host reads, in rows below the header and columns: far above what an
 * assumptions table needs (about 50 rows, 9 columns), and what keeps a table whose range was
 * stretched to the sheet's end (A1:XFD1048576, 17 billion cells) from being read at all.
 */
export const TABLE_LIMITS = { rows: 10_000, columns: 256 } as const;

/**
 * Throws a {@link TableProblem} at `where` when a table of `rows` × `columns` is beyond
 * {@link TABLE_LIMITS}, before a host loads its cells.
 *
 * @example checkTableSize('Sheet1!BeekeeperAssumptions', 1_048_575, 9) // throws "… has 1,048,575 rows; a table has at most 10,000 rows below its header"
 */
export function checkTableSize(where: string, rows: number, columns: number): void {
  if (rows > TABLE_LIMITS.rows) failAt(where, tableSizeMessages.rows('the table', rows));
  if (columns > TABLE_LIMITS.columns) failAt(where, tableSizeMessages.columns('the table', columns));
}

const count = (n: number | string) => (typeof n === 'number' ? n.toLocaleString('en-US') : n);

/** What a table beyond {@link TABLE_LIMITS} is told, every host alike: `what` is the table, in words or by place. */
export const tableSizeMessages = {
  rows: (what: string, rows: number | string) =>
    `${what} has ${count(rows)} rows; a table has at most ${count(TABLE_LIMITS.rows)} rows below its header`,
  columns: (what: string, columns: number) =>
    `${what} has ${count(columns)} columns; a table has at most ${count(TABLE_LIMITS.columns)} columns`,
} as const;

/**
 * Every problem of the table at once, where {@link readSimulationTable} stops at the first: the
 * first problem of each row, then (when the rows are sound) those across rows (a duplicate
 * name, initialMembers above marketSize). An empty list means `readSimulationTable` accepts it.
 * The task pane lists them, each with its cell.
 *
 * @example tableProblems(table).map((p) => p.where) // ["Beekeeper Assumptions!D7", "Beekeeper Assumptions!C12"]
 */
export function tableProblems(table: InputTable, options: ReadOptions = {}): InputProblem[] {
  let columns: ReturnType<typeof readColumns>;
  try {
    columns = readColumns(table);
  } catch (e) {
    return [asProblem(e, table.source)];
  }
  const problems: InputProblem[] = [];
  table.rows.forEach((row, index) => {
    try {
      readRow(row, index + 1, columns, options);
    } catch (e) {
      problems.push(asProblem(e, row[0]?.where ?? table.source));
    }
  });
  if (problems.length > 0) return problems;
  try {
    readSimulationTable(table, options);
  } catch (e) {
    problems.push(asProblem(e, table.source));
  }
  return problems;
}

/** What the table says about one assumption, kept for the cross-row checks. */
interface Given {
  readonly spec: AssumptionSpec;
  readonly variable: number;
  readonly nameWhere: string;
  readonly valueWhere: string;
  /** Absent when the value cell is empty. */
  readonly value?: number;
  readonly distribution?: Distribution;
  readonly distributionWhere?: string;
  /** The extreme values a run can sample, rounded for whole-number assumptions. */
  readonly range?: readonly [number, number];
}

/**
 * Reads the assumptions table of a simulation run. The header row names the columns, in any
 * case and order: `name` and `value` are required; `distribution` and `p1`–`p3` optional (without
 * them every assumption is fixed); others (unit, description) are ignored. Rows with an empty
 * name are skipped; assumptions the table leaves out are fixed at their defaults. A row with a
 * distribution may leave `value` empty: the base value is then the default. A distribution must
 * not be able to sample outside its assumption's valid range (nothing is clipped), and the
 * largest initialMembers a run can draw must not exceed the smallest marketSize.
 *
 * A value (or a distribution's typical range, see {@link typicalRange}) beyond the assumption's
 * plausible range stops the run with a message that says what it means ("expansion 15 is
 * +1,500 % a year …; for 15 % write 0.15"), unless `options.allowImplausible` or the row's
 * `allowImplausible` cell is TRUE.
 *
 * A row whose value lies outside its own distribution is read as it is, with a warning (see
 * {@link valueOutsideWarning}): the run samples the distribution, so an edited value with
 * unedited p1–p3 would otherwise change nothing without saying so.
 *
 * @example readSimulationTable(table).uncertain.map((u) => u.distribution.label) // ["pert(0.2, 0.45, 0.8)"]
 * @example readSimulationTable(badTable) // throws: inputs.csv row 3, column B (value): imitation must be between 0 and 5, got 7
 * @example
 * // a row: imitation, 0.9, pert, 0.2, 0.45, 0.8
 * readSimulationTable(table).warnings
 * // [{ where: 'inputs.csv row 5, column B',
 * //    message: "imitation's value 0.9 lies outside 0.2 – 0.8, the range of its distribution pert(0.2, 0.45, 0.8); ..." }]
 */
export function readSimulationTable(table: InputTable, options: ReadOptions = {}): SimulationInputs {
  const columns = readColumns(table);
  const given = new Map<AssumptionName, Given>();
  const unnamed: InputWarning[] = [];
  table.rows.forEach((row, index) => {
    const g = readRow(row, index + 1, columns, options);
    if (!g) {
      const ignored = unnamedRowWarning(row, columns);
      if (ignored) unnamed.push(ignored);
      return;
    }
    const previous = given.get(g.spec.name);
    if (previous) failAt(g.nameWhere, messages.duplicate('assumption', g.spec.name, `also ${previous.nameWhere}`));
    given.set(g.spec.name, g);
  });
  checkAcrossRows(given);

  const overrides: Partial<Record<AssumptionName, number>> = {};
  for (const g of given.values()) if (g.value !== undefined) overrides[g.spec.name] = g.value;
  const base = resolveAssumptions(overrides);
  const uncertain: UncertainInput[] = [];
  const rows: InputRow[] = [];
  const warnings: InputWarning[] = [];
  for (const g of given.values()) {
    const d = g.distribution;
    const warning = d && g.value !== undefined ? valueOutsideWarning(g.spec.name, g.value, d) : undefined;
    if (warning !== undefined) warnings.push(Object.freeze({ where: g.valueWhere, message: warning }));
    if (d) uncertain.push({ name: g.spec.name, variable: g.variable, distribution: d, whole: !!g.spec.rule.whole });
    rows.push(
      d
        ? { name: g.spec.name, variable: g.variable, value: base[g.spec.name], distribution: d.name, params: d.params }
        : { name: g.spec.name, variable: g.variable, value: base[g.spec.name], params: [] },
    );
  }
  for (const a of ASSUMPTIONS) if (!given.has(a.name)) rows.push({ name: a.name, value: base[a.name], params: [] });
  warnings.push(...unnamed, ...v1Warnings(table.source, given));
  return Object.freeze({
    base,
    uncertain: Object.freeze(uncertain),
    rows: Object.freeze(rows),
    warnings: Object.freeze(warnings),
  });
}

/**
 * A table written for model v1 runs, with warnings. It is recognised by what changed meaning: it
 * gives otherCostShare or fixedCosts (v1: every cost but R&D; v2: G&A only) and none of the
 * assumptions v2 added. A small table that sets a few other assumptions is not warned about.
 */
function v1Warnings(source: string, given: ReadonlyMap<AssumptionName, Given>): InputWarning[] {
  const otherCost = given.get('otherCostShare');
  if (!(otherCost || given.has('fixedCosts')) || ADDED_IN_V2.some((name) => given.has(name))) return [];
  const warnings: InputWarning[] = [{ where: source, message: messages.writtenForV1(ADDED_IN_V2) }];
  if (otherCost?.value !== undefined)
    warnings.push({ where: otherCost.valueWhere, message: messages.otherCostShareV1(otherCost.value) });
  return warnings.map((w) => Object.freeze(w));
}

/**
 * A row with no name but a value, distribution or parameter: skipped, as every row without a
 * name is, but said, since its numbers were probably meant for an assumption.
 */
function unnamedRowWarning(
  row: readonly InputCell[],
  columns: Partial<Record<Column, number>>,
): InputWarning | undefined {
  const filled = (['value', 'distribution', ...PARAMETERS] as const).flatMap((c) => {
    const cell = columns[c] !== undefined ? row[columns[c]!] : undefined;
    return cell && !isBlank(cell.value) ? [`${c} ${describeValue(cell.value)}`] : [];
  });
  if (filled.length === 0) return undefined;
  const where = row[columns.name!]?.where ?? row.find((c) => !isBlank(c.value))!.where;
  return Object.freeze({
    where,
    message: `this row has no name, so its ${filled.join(', ')} ${filled.length === 1 ? 'is' : 'are'} ignored: give the assumption's name, or clear the row`,
  });
}

/**
 * The warning for a table that gives no assumption a distribution, or `undefined` if one has:
 * every trial is then the same run. Hosts add it when the user gave a table (with none, the run
 * takes the default uncertainty); `defaultsWhen` says when that applies, in the host's words.
 *
 * @example noUncertaintyWarning(readSimulationTable(fixedTable), 'inputs.csv', 'with no --assumptions file')
 * // { where: 'inputs.csv', message: 'no assumption has a distribution, so every trial is the same: …' }
 */
export function noUncertaintyWarning(
  inputs: SimulationInputs,
  source: string,
  defaultsWhen: string,
): InputWarning | undefined {
  if (inputs.uncertain.length > 0) return undefined;
  return Object.freeze({
    where: source,
    message:
      'no assumption has a distribution, so every trial is the same run: assumptions the table leaves out are ' +
      `fixed at their defaults (the default uncertainty applies only ${defaultsWhen}); give a distribution and ` +
      'p1–p3 to the inputs that are uncertain',
  });
}

/** The quantiles that bound "where the distribution lies" for an unbounded distribution. */
export const TYPICAL_QUANTILES = [0.01, 0.99] as const;

/**
 * Why `value` looks like an edit the run ignores, or `undefined` if it does not: the value lies
 * outside the range of `d`, its min and max for uniform, triangular and pert, its 1st and 99th
 * percentiles for normal, lognormal and metalog. Those three have long or unbounded tails, so
 * their support would hardly ever warn; beyond a 1st or 99th percentile, at most 1 trial in 100
 * samples a value as far out on that side, a fair sign of a value edited without its p1–p3. Ends
 * count as inside. Checks no rule: the value is valid; it is just not what the run samples.
 *
 * @example valueOutsideWarning('imitation', 0.6, makeDistribution('pert', [0.2, 0.45, 0.8])) // undefined
 * @example
 * valueOutsideWarning('imitation', 0.9, makeDistribution('pert', [0.2, 0.45, 0.8]))
 * // "imitation's value 0.9 lies outside 0.2 – 0.8, the range of its distribution pert(0.2, 0.45, 0.8);
 * //  the run samples the distribution, not the value: edit p1–p3 to move the distribution, or empty
 * //  the distribution to fix imitation at 0.9"
 */
export function valueOutsideWarning(name: string, value: number, d: Distribution): string | undefined {
  const bounded = isBounded(d);
  const [low, high] = typicalRange(d);
  if (value >= low && value <= high) return undefined;
  // Percentiles in four digits, unless rounding would make the value look inside them.
  const [shownLow, shownHigh] = [low, high].map((x) => (bounded ? x : Number(x.toPrecision(4))));
  const [from, to] = value >= shownLow && value <= shownHigh ? [low, high] : [shownLow, shownHigh];
  const which = bounded ? 'the range' : 'the 1st to 99th percentiles';
  return (
    `${name}'s value ${describeValue(value)} lies outside ${describeValue(from)} – ${describeValue(to)}, ${which} of its distribution ` +
    `${d.label}; the run samples the distribution, not the value: ` +
    `edit p1–p3 to move the distribution, or empty the distribution to fix ${name} at ${describeValue(value)}`
  );
}

const isBounded = (d: Distribution) => d.name === 'uniform' || d.name === 'triangular' || d.name === 'pert';

/**
 * Where a distribution lies: its min and max for uniform, triangular and pert (the parameters
 * themselves, so the range shown is the one typed), its 1st and 99th percentiles for the others.
 *
 * @example typicalRange(makeDistribution('pert', [0.2, 0.45, 0.8])) // [0.2, 0.8]
 */
export function typicalRange(d: Distribution): readonly [number, number] {
  if (isBounded(d)) return [d.params[0], d.params[d.name === 'uniform' ? 1 : 2]];
  return [d.quantile(TYPICAL_QUANTILES[0]), d.quantile(TYPICAL_QUANTILES[1])];
}

/**
 * Inputs with no uncertainty: the assumptions as given, defaults for the rest, all fixed.
 *
 * @example fixedInputs({ imitation: 0.3 }).base.imitation // 0.3
 */
export function fixedInputs(overrides: Partial<Record<AssumptionName, number>> = {}): SimulationInputs {
  const base = resolveAssumptions(overrides);
  return Object.freeze({
    base,
    uncertain: Object.freeze([]),
    rows: Object.freeze(ASSUMPTIONS.map((a): InputRow => ({ name: a.name, value: base[a.name], params: [] }))),
    warnings: Object.freeze([]),
  });
}

/** Column name → index; each required column once, known columns at most once. */
const readColumns = (table: InputTable) =>
  readHeader(table, COLUMNS, REQUIRED, messages.missingColumn, (c, where) => messages.duplicate('column', c, where));

/** One data row, checked on its own; `undefined` for a row with an empty name. */
function readRow(
  row: readonly InputCell[],
  variable: number,
  columns: Partial<Record<Column, number>>,
  options: ReadOptions,
): Given | undefined {
  const nameCell = row[columns.name!];
  if (!nameCell || isBlank(nameCell.value)) return undefined;
  // A cell the row is too short to have is empty; messages about it point at the row's name.
  const cell = (c: Column, fallback = nameCell.where): InputCell => {
    const index = columns[c];
    return (index !== undefined && row[index]) || { value: undefined, where: fallback };
  };
  if (typeof nameCell.value !== 'string') failAt(nameCell.where, messages.notText('name', nameCell.value));
  const spec = at(nameCell.where, () => findAssumption(nameCell.value as string));
  const name = spec.name;
  const valueCell = cell('value');
  const distributionCell = cell('distribution');
  const parameterCells = PARAMETERS.map((p) => cell(p, distributionCell.where));

  const hasValue = !isBlank(valueCell.value);
  const value = hasValue
    ? at(valueCell.where, () => checkNumber(name, assumptionValue(spec, valueCell.value), spec.rule))
    : undefined;
  const g = { spec, variable, nameWhere: nameCell.where, valueWhere: valueCell.where, ...(hasValue ? { value } : {}) };
  const insisted = options.allowImplausible === true || readInsist(cell('allowimplausible'));
  const insist = options.insist ?? INSIST_IN_TABLE;
  const implausible = (x: number) => (insisted ? undefined : implausibility(spec, x));
  // An implausible value stops the read unless the host's function accepts it.
  const refuse = (where: string, why: string) => refuseImplausible(where, why, { ...options, insist });
  const valueProblem = value !== undefined ? implausible(value) : undefined;
  if (valueProblem) refuse(valueCell.where, valueProblem);

  if (isBlank(distributionCell.value)) {
    parameterCells.forEach((p, i) => {
      if (!isBlank(p.value)) failAt(p.where, messages.parameterWithoutDistribution(name, PARAMETERS[i], p.value));
    });
    if (!hasValue && !spec.calendar) failAt(valueCell.where, messages.valueRequired(name));
    return g;
  }
  if (name === 'months') failAt(distributionCell.where, messages.horizonFixed(name));
  if (spec.calendar) failAt(distributionCell.where, messages.calendarFixed(name));
  const distribution = readDistribution(spec, distributionCell, parameterCells);
  const range = checkSupport(spec, distribution, distributionCell.where);
  for (const x of typicalRange(distribution)) {
    const problem = implausible(x);
    if (problem)
      refuse(distributionCell.where, `${name} ~ ${distribution.label} reaches ${describeValue(x)}: ${problem}`);
  }
  return { ...g, distribution, distributionWhere: distributionCell.where, range };
}

/** The row's distribution, bounded (if a metalog) by the assumption's valid range. */
function readDistribution(spec: AssumptionSpec, cell: InputCell, parameters: readonly InputCell[]): Distribution {
  const bounds = {
    ...(spec.rule.lower !== undefined ? { lower: spec.rule.lower } : {}),
    ...(spec.rule.upper !== undefined ? { upper: spec.rule.upper } : {}),
  };
  try {
    return makeDistribution(
      cell.value as string,
      parameters.map((p) => cellNumber(p.value)),
      bounds,
    );
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    const where = e instanceof ParameterError && e.parameter !== undefined ? parameters[e.parameter].where : cell.where;
    return failAt(where, `${spec.name} ~ ${e.message}`);
  }
}

/**
 * The support check of workbook.md: the extremes a run can sample (at U_MIN and U_MAX, rounded
 * for whole-number assumptions) must keep the assumption's rule. Rules are intervals and
 * quantile functions non-decreasing, so the two extremes decide.
 */
function checkSupport(spec: AssumptionSpec, d: Distribution, where: string): [number, number] {
  const round = spec.rule.whole ? Math.round : (x: number) => x;
  const [low, high] = sampledRange(d).map(round);
  for (const [x, u] of [
    [low, U_MIN.toPrecision(2)],
    [high, `1 − ${(1 - U_MAX).toPrecision(2)}`],
  ] as const) {
    if (!spec.rule.test(x)) {
      failAt(where, messages.canSample(spec.name, d.label, showOutside(x, spec), u, spec.rule.text, advice(d.name)));
    }
  }
  return [low, high];
}

/** A sampled value in four digits, unless rounding would make it look valid. */
function showOutside(x: number, spec: AssumptionSpec): string {
  const rounded = Number(x.toPrecision(4));
  return describeValue(spec.rule.test(rounded) ? x : rounded);
}

function advice(d: DistributionName): string {
  if (d === 'metalog') return messages.adviceMetalog;
  return d === 'normal' || d === 'lognormal' ? messages.adviceUnbounded : messages.adviceBounded;
}

/**
 * The rules across assumptions in every trial, each from the extremes a run can sample:
 * initialMembers ≤ marketSize and initialCustomers ≤ organizations (the largest of one against
 * the smallest of the other), and initialArr > 0 wherever initialCustomers > 0. The message
 * names both assumptions and the cells their extremes come from.
 */
function checkAcrossRows(given: ReadonlyMap<AssumptionName, Given>): void {
  // The extreme value of one side, and the cell it comes from ('' for an assumption not in the table).
  const extreme = (name: AssumptionName, end: 0 | 1): { x: number; where: string } => {
    const g = given.get(name);
    if (!g) return { x: assumptionSpec(name).value, where: '' };
    const base = g.value ?? assumptionSpec(name).value;
    const sampled = g.range?.[end];
    if (sampled !== undefined && (end === 1 ? sampled > base : sampled < base)) {
      return { x: sampled, where: g.distributionWhere! };
    }
    return { x: base, where: g.value !== undefined ? g.valueWhere : `${g.valueWhere}, empty: the default` };
  };
  const show = (x: number) => describeValue(Number(x.toPrecision(4)));
  // The cell to report first (the side the table gives), and the note after each value.
  const places = (first: { where: string }, second: { where: string }) =>
    first.where ? [first.where, '', second.where || 'its default'] : [second.where, 'its default', ''];
  for (const [name, bound] of [
    ['initialMembers', 'marketSize'],
    ['initialCustomers', 'organizations'],
  ] as const) {
    const high = extreme(name, 1);
    const low = extreme(bound, 0);
    if (high.x <= low.x) continue;
    const [lead, highAt, lowAt] = places(high, low);
    failAt(lead, messages.mayExceed(name, show(high.x), highAt, bound, show(low.x), lowAt));
  }
  const customers = extreme('initialCustomers', 1);
  const arr = extreme('initialArr', 0);
  if (customers.x > 0 && !(arr.x > 0)) {
    const [lead, customersAt, arrAt] = places(customers, arr);
    failAt(
      lead,
      messages.paidWhen('initialArr', show(arr.x), arrAt, 'initialCustomers', show(customers.x), customersAt),
    );
  }
}
