/**
 * One catalogue of the messages the model gives for bad input, and the error type that carries
 * them. Hosts (custom functions, CLI) translate {@link ModelError.kind} to their own error values.
 */

/**
 * The kinds of failure a user can meet; each host maps them to its own error value:
 * `invalid` input (`#VALUE!`), a result that does `notAvailable` (`#N/A`), a result too large
 * for a number, `overflow` (`#VALUE!` with its message in Excel, which shows none with `#NUM!`).
 */
export type ErrorKind = 'invalid' | 'notAvailable' | 'overflow';

/** An error caused by the user's input (or a result that does not exist), with a message fit to show. */
export class ModelError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

/**
 * Shows a received value the way a spreadsheet user would recognise it.
 *
 * @example describeValue(-0.2) // "-0.2"
 * @example describeValue("abc") // "\"abc\""
 * @example describeValue(null) // "an empty cell"
 */
/**
 * A figure for a sentence: three significant digits, thousands grouped with commas (no locale).
 *
 * @example roundedText(170.697) // "171"
 * @example roundedText(1234567) // "1,230,000"
 * @example roundedText(-0.0123456) // "-0.0123"
 */
export function roundedText(x: number): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  const text = String(Number(x.toPrecision(3)));
  if (/e/.test(text)) return text;
  const [whole, fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'an empty cell';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (Array.isArray(value)) return 'a range';
  if (value instanceof Error) return `an error (${value.message})`;
  return `a value of type ${typeof value}`;
}

/** The most characters of a user's text a message repeats: a name of a megabyte is not echoed whole. */
export const MAX_QUOTED = 40;

/**
 * A user's text in quotes, cut to its first {@link MAX_QUOTED} characters when longer, with its
 * length, so that a message stays readable (and a cell or stderr small) whatever was typed.
 *
 * @example quoted('imitaton') // "\"imitaton\""
 * @example quoted('x'.repeat(50)) // "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (50 characters)\""
 */
export function quoted(text: string): string {
  if (text.length <= MAX_QUOTED) return JSON.stringify(text);
  return JSON.stringify(`${text.slice(0, MAX_QUOTED)}… (${text.length.toLocaleString('en-US')} characters)`);
}

/** The message catalogue: every user-facing sentence the model produces is built here. */
export const messages = {
  mustBe: (name: string, rule: string, got: unknown) => `${name} must be ${rule}, got ${describeValue(got)}`,
  required: (name: string) => `${name} is required`,
  notANumber: (name: string, got: unknown) => `${name} must be a number, got ${describeValue(got)}`,
  notText: (name: string, got: unknown) => `${name} must be text, got ${describeValue(got)}`,
  unknownName: (what: string, got: string, suggestion: string | undefined) =>
    `unknown ${what} ${quoted(got)}` + (suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ''),
  oneOf: (name: string, allowed: readonly string[], got: unknown) =>
    `${name} must be one of ${allowed.join(', ')}, got ${describeValue(got)}`,
  duplicate: (what: string, name: string, where: string) => `${what} ${JSON.stringify(name)} is given twice (${where})`,
  atMost: (name: string, limit: number, got: number) => `${name} must be at most ${limit}, got ${got}`,
  notFinite: (output: string, month: number) =>
    `${output} at month ${month} is too large for a number: the assumptions are too large to compute`,
  kpiNotFinite: (kpi: string) => `the KPI ${kpi} is too large for a number: the assumptions are too large to compute`,
  tooLarge: (what: string) => `${what} is too large for a number`,
  notAGrid: (name: string) => `${name} must be a range (rows of equal length)`,
  notAVector: (name: string, rows: number, columns: number) =>
    `${name} must be a single column or row, got ${rows}×${columns} cells`,
  cell: (name: string, row: number, column: number) => `${name} row ${row}, column ${column}`,
  noBreakEven: (months: number) => `no break-even: cash flow does not stay ≥ 0 through month ${months}`,
  noMembers: (months: number) => `no members at month ${months}, so customers per thousand members is undefined`,
  writtenForV1: (added: readonly string[]) =>
    `this table names none of the assumptions model v2 added (${added.join(', ')}): it was written for v1, ` +
    'and they take their defaults',
  otherCostShareV1: (value: number) =>
    `otherCostShare ${value} is read as model v2 reads it, general and administrative costs only; in v1 it ` +
    'also held sales, support and overhead, which v2 counts in cost of revenue (subscriptionMargin, servicesMargin) ' +
    'and sales and marketing (acquisitionCost, marketingCosts): lower it to the G&A share (default 0.15) or those costs count twice',
  noCashOut: (months: number) => `cash never runs out: it stays ≥ 0 through month ${months}`,
  noRevenueAtHorizon: (months: number) => `no revenue at month ${months}, so the gross margin is undefined`,
  noArrAtHorizon: (months: number) => `no ARR at month ${months}, so the burn multiple is undefined`,
  ruleOf40Short: (months: number) =>
    `the rule of 40 compares two years of revenue: it needs 24 months or more, got ${months}`,
  ruleOf40NoRevenue: (from: number, to: number) =>
    `no revenue in months ${from}–${to}, so the revenue growth of the rule of 40 is undefined`,
  // Distributions (distributions.ts) and the assumptions table of a simulation run (simulation-inputs.ts).
  extraParameter: (distribution: string, column: string, takes: string, got: unknown) =>
    `${distribution}: ${column} must be empty (${distribution} takes ${takes}), got ${describeValue(got)}`,
  useFixedValue: (distribution: string, ends: string, value: number) =>
    `${distribution}: ${ends} are both ${value}; use a fixed value instead`,
  quantilesMustIncrease: (p10: number, p50: number, p90: number) =>
    `metalog: P10 (p1) < P50 (p2) < P90 (p3) must hold, got ${p10}, ${p50}, ${p90}`,
  metalogInfeasible: (p10: number, p50: number, p90: number, low: string, high: string) =>
    `metalog: P10, P50, P90 = ${p10}, ${p50}, ${p90} are too skewed for a 3-term metalog (its quantile ` +
    `function would decrease somewhere); with this P10 and P90, P50 (p2) must be between ${low} and ${high}`,
  canSample: (name: string, label: string, value: string, u: string, range: string, advice: string) =>
    `${name} ~ ${label} can sample ${value} (at u = ${u}), outside its valid range (${range}); ${advice}`,
  adviceBounded: 'keep its min and max within the range',
  adviceUnbounded: 'narrow it, or use pert, triangular, uniform or metalog, which stay within the range',
  adviceMetalog: "move P10 (p1) and P90 (p3) away from the range's ends",
  mayExceed: (name: string, largest: string, nameAt: string, other: string, smallest: string, otherAt: string) =>
    `${name} can be as large as ${largest}${nameAt && ` (${nameAt})`} while ${other} can be as small as ` +
    `${smallest}${otherAt && ` (${otherAt})`}; ${name} must be ≤ ${other} in every trial`,
  paidWhen: (name: string, smallest: string, nameAt: string, other: string, largest: string, otherAt: string) =>
    `${name} can be as small as ${smallest}${nameAt && ` (${nameAt})`} while ${other} can be as large as ` +
    `${largest}${otherAt && ` (${otherAt})`}; ${name} must be > 0 in every trial with ${other} above 0`,
  // The plan (plan.ts).
  notPlannable: (name: string, plannable: readonly string[]) =>
    `${quoted(name)} cannot be planned: a plan may set ${plannable.slice(0, -2).join(', ')}, ` +
    `engineers (a headcount plan) and funding (a round); change other assumptions in the assumptions table`,
  unknownPlanName: (name: string, suggestion: string | undefined, plannable: readonly string[]) =>
    `unknown plan name ${quoted(name)}` +
    (suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : '') +
    ` A plan may set ${plannable.join(', ')}`,
  planMonthNotMonth: (got: unknown) =>
    `month must be a month number (1, 2, …) or a calendar month (an Excel date or YYYY-MM), got ${describeValue(got)}`,
  planMonthRange: (got: number, months: number) =>
    `month must be a whole number from 1 to ${months} (the projection's months), got ${describeValue(got)}`,
  planDateWithoutStart: (date: string) =>
    `month ${date} is a calendar month, but startDate is not set: set startDate (the calendar month of month 1) ` +
    'in the assumptions, or give the month as a number',
  planDateBeforeStart: (date: string, start: string) =>
    `month ${date} is before startDate (${start}): a plan row starts at month 1 (${start}) or later`,
  planDateAfterEnd: (date: string, last: string, months: number) =>
    `month ${date} is after the projection's last month (${last}, month ${months})`,
  planTwice: (name: string, month: number, where: string) =>
    `${name} is planned twice for month ${month} (also ${where}): keep one row, or give the later change its own month`,
  // The history (history.ts).
  historyValueNotNumber: (metric: string, got: unknown) =>
    `value must be a number (the ${metric} observed), got ${describeValue(got)}`,
  historyValuePositive: (metric: string, got: number) =>
    `value must be > 0 (values of ${metric} are compared on a log scale), got ${describeValue(got)}; leave out a month with none`,
  historyCashZero: () => 'value must not be 0 for cash (its error is relative to it); leave the month out',
  historyAfterHorizon: (month: number, months: number) =>
    `the history observes month ${month}, after the projection's last month (${months}): raise months, or leave those rows out`,
  historyUnreachable: (observation: string, side: 'most' | 'least', bound: string, inputs: readonly string[]) =>
    `the history does not fit the assumptions: ${observation}, but the assumptions allow at ${side} ${bound}` +
    (inputs.length > 0 ? `: widen ${inputs.join(' or ')}` : '') +
    ' (or check the observation). Nothing was run',
  historyLowEss: (ess: number, particles: number, least: number) =>
    `the history fits too few trials: the posterior's effective sample size is ${ess} of ${particles} ` +
    `(at least ${least} are needed for a report to rest on). The history and the assumptions disagree: widen the ` +
    'distributions of the inputs the history speaks to, or give the observations a larger error. Nothing was run',
  historyTwice: (metric: string, month: number, where: string) =>
    `${metric} is observed twice in month ${month} (also ${where}): keep one row`,
  historyTooLong: (rows: number, most: number) =>
    `the history has ${rows} rows; at most ${most} (six metrics over 120 months) are read`,
  calendarFixed: (name: string) =>
    `${name} cannot have a distribution: it dates the months and changes no number; give it a fixed value`,
  horizonFixed: (name: string) => `${name} cannot have a distribution: it is the run's horizon; give it a fixed value`,
  valueRequired: (name: string) => `${name} has no value: give a value, or a distribution to sample it from`,
  parameterWithoutDistribution: (name: string, column: string, got: unknown) =>
    `${name} has ${column} = ${describeValue(got)} but no distribution: give a distribution, or clear ${column} ` +
    `to fix ${name} at its value`,
  // Correlated inputs (engine/correlation-table.ts).
  correlationUnknownName: (name: string, suggestion: string | undefined, uncertain: readonly string[]) =>
    `unknown input ${quoted(name)}` +
    (suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : '') +
    ` ${correlatable(uncertain)}`,
  correlationNotUncertain: (name: string, uncertain: readonly string[]) =>
    `${name} has no distribution, so it is the same in every trial and nothing can correlate with it: ` +
    `give it a distribution in the assumptions, or remove this row. ${correlatable(uncertain)}`,
  correlationSelf: (name: string) =>
    `${name} is correlated with itself: a correlation is between two different inputs (every input's correlation with itself is 1)`,
  correlationTwice: (a: string, b: string, where: string) =>
    `the correlation of ${a} and ${b} is given twice (also ${where}): keep one row`,
  correlationConflict: (
    a: string,
    b: string,
    got: number,
    range: readonly [string, string],
    others: readonly string[],
  ) =>
    `the correlations are not a valid correlation matrix (positive definite): ${a}–${b} ${describeValue(got)} ` +
    `conflicts with ${conflictList(others)}; with those as given, ${a}–${b} must be strictly between ${range[0]} ` +
    `and ${range[1]}: change it, or the correlations it conflicts with`,
  correlationCannotHold: (a: string, b: string, got: number, others: readonly string[]) =>
    `the correlations are not a valid correlation matrix (positive definite): ${a}–${b} ${describeValue(got)} ` +
    `and ${conflictList(others)} cannot all hold; weaken some of them`,
  correlationsMended: (changes: readonly string[]) =>
    `the correlations are not a valid correlation matrix; as asked, the run uses the nearest valid one ` +
    `(Higham's alternating projections; pairs not given stay independent): ${changes.join(', ')}`,
  correlationOne: (a: string, b: string, got: number) =>
    `${a}–${b} is ${describeValue(got)}: a correlation of exactly 1 or −1 would make one input a function of the ` +
    `other, which the matrix cannot hold (it must be positive definite); use ${got > 0 ? '0.99' : '−0.99'} or less strong`,
  missingColumn: (column: string, found: readonly string[]) =>
    `the header row has no ${JSON.stringify(column)} column (` +
    (found.length > 0
      ? `it has ${found.map((f) => (f.length > MAX_QUOTED ? quoted(f) : f)).join(', ')})`
      : 'it is empty)'),
} as const;

/** Which inputs a correlation may name, for its messages. */
function correlatable(uncertain: readonly string[]): string {
  if (uncertain.length === 0) return 'No input has a distribution: a correlation is between uncertain inputs.';
  const list = uncertain.length <= 12 ? uncertain.join(', ') : `${uncertain.slice(0, 12).join(', ')} …`;
  return `A correlation is between uncertain inputs (those with a distribution): ${list}`;
}

/** The correlations another one conflicts with, in words: "a–b 0.9 and b–c 0.9". */
function conflictList(others: readonly string[]): string {
  if (others.length === 0) return 'the others';
  const shown = others.length <= 4 ? others : [...others.slice(0, 3), `${others.length - 3} more`];
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** Throws a `#VALUE!`-kind error with a catalogue message. */
export function invalid(message: string): never {
  throw new ModelError('invalid', message);
}
