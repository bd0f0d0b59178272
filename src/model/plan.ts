import {
  ASSUMPTION_NAMES,
  AssumptionName,
  Assumptions,
  AssumptionSpec,
  MAX_MONTHS,
  Plausible,
  assumptionSpec,
  implausibility,
  nearest,
} from './assumptions';
import {
  dateCell,
  isDateSerial,
  monthOfSerial,
  monthsBetween,
  monthText,
  parseMonthText,
  serialOfMonth,
} from './calendar';
import { describeValue, invalid, messages } from './errors';
import {
  InputCell,
  InputProblem,
  InputTable,
  ReadOptions,
  asProblem,
  at,
  failAt,
  readHeader,
  isBlank,
  readInsist,
  refuseImplausible,
} from './input-table';
import { cellNumber } from './number-text';
import { Rule, atLeast, checkNumber } from './rules';

/**
 * The plan of a running company (model.md v3, "The plan"): decisions over time, as rows
 * `month | name | value`. A row for a plannable assumption is a step change, from its month on,
 * until a later row for the same name; `engineers` is a headcount plan that replaces the
 * reinvestment rule; `funding` is money raised in that month. The plan is the same in every
 * trial of a simulation: decisions, not uncertainties.
 */

/** The assumptions a plan may change over time (model.md v3), in the spec's order. */
export const PLANNABLE = [
  'annualContractValue',
  'annualPriceGrowth',
  'expansion',
  'servicesAttach',
  'customerChurn',
  'reinvestShare',
  'engineerCost',
  'hiringLag',
  'subscriptionMargin',
  'servicesMargin',
  'acquisitionCost',
  'marketingCosts',
  'educationCost',
  'memberEducation',
  'communityPitch',
  'certificationPull',
  'otherCostShare',
  'fixedCosts',
] as const satisfies readonly AssumptionName[];
export type Plannable = (typeof PLANNABLE)[number];

/** Every name a plan row may have: the plannable assumptions, the headcount plan and funding rounds. */
export const PLAN_NAMES = [...PLANNABLE, 'engineers', 'funding'] as const;
export type PlanName = (typeof PLAN_NAMES)[number];

/** One decision: from `month` (1-based) on, `name` takes `value` (funding: raised in that month). */
export interface PlanRow {
  readonly month: number;
  readonly name: PlanName;
  readonly value: number;
}

/** A validated plan, ordered by month (rows of one month in the order given). */
export type Plan = readonly PlanRow[];

/**
 * The plan's own names, their rules and plausible ranges: a team is at least 0 people (more than
 * ten thousand is a slip, as for foundingEngineers); a round raises money (≥ 0), and more than
 * ten billion in one month is a slip of three zeros.
 */
const OWN_RULES: Record<'engineers' | 'funding', { rule: Rule; unit: string; plausible: Plausible }> = {
  engineers: {
    rule: atLeast(0),
    unit: 'people (the target team)',
    plausible: { high: 10_000, why: 'a team of ten thousand engineers' },
  },
  funding: {
    rule: atLeast(0),
    unit: 'currency, raised in that month',
    plausible: { high: 1e10, why: 'ten billion raised in one month' },
  },
};

/**
 * Why a plan value is implausible (as {@link implausibility} says it of an assumption), or
 * `undefined` if it is not: a plannable assumption has its own plausible range.
 *
 * @example planImplausibility('engineerCost', 150) // "engineerCost 150 is far below what is plausible (at least 1,000 …)"
 */
export function planImplausibility(name: PlanName, value: number): string | undefined {
  if (name !== 'engineers' && name !== 'funding') return implausibility(assumptionSpec(name), value);
  const own = OWN_RULES[name];
  return implausibility({ name, unit: own.unit, plausible: own.plausible } as unknown as AssumptionSpec, value);
}

/**
 * The rule a plan value must keep: the assumption's own valid range, or the plan's for
 * `engineers` and `funding`.
 *
 * @example planRule('customerChurn').text // "between 0 and 1"
 */
export function planRule(name: PlanName): Rule {
  return name === 'engineers' || name === 'funding' ? OWN_RULES[name].rule : assumptionSpec(name).rule;
}

/** What a plan value is in, for a table's unit column and the docs. */
export function planUnit(name: PlanName): string {
  return name === 'engineers' || name === 'funding' ? OWN_RULES[name].unit : assumptionSpec(name).unit;
}

const BY_LOWER = new Map<string, PlanName>(PLAN_NAMES.map((n) => [n.toLowerCase(), n]));
const ASSUMPTION_LOWER = new Set(ASSUMPTION_NAMES.map((n) => n.toLowerCase()));

/**
 * A plan row's name, ignoring case. An assumption that cannot be planned, or an unknown name, is
 * an error that lists the names that can be (and suggests the nearest).
 *
 * @example findPlanName('Funding') // "funding"
 * @example findPlanName('imitation') // throws: imitation cannot be planned: a plan may set …
 */
export function findPlanName(name: string): PlanName {
  const found = BY_LOWER.get(name.trim().toLowerCase());
  if (found) return found;
  if (ASSUMPTION_LOWER.has(name.trim().toLowerCase())) invalid(messages.notPlannable(name.trim(), PLAN_NAMES));
  return invalid(messages.unknownPlanName(name, nearest(name, PLAN_NAMES), PLAN_NAMES));
}

/**
 * A plan row's month as the month number it starts: a whole number 1..months, or (with startDate
 * set) a calendar month: an Excel date, a `Date` or text `YYYY-MM` / `YYYY-MM-DD`. A number above
 * 600 (the longest projection) is read as an Excel date, since no plan starts in the year 1901.
 *
 * @example planMonth(13, a) // 13
 * @example planMonth('2028-01', { ...a, startDate: 46388 }) // 13 (January 2027 is month 1)
 */
export function planMonth(value: unknown, a: Assumptions): number {
  if (isBlank(value)) invalid(messages.required('month'));
  const isDate = value instanceof Date || (typeof value === 'string' && parseMonthText(value) !== undefined);
  const v = cellNumber(dateCell(value));
  if (typeof v !== 'number' || !Number.isFinite(v)) return invalid(messages.planMonthNotMonth(v));
  if (!isDate && v <= MAX_MONTHS) {
    if (!Number.isInteger(v) || v < 1 || v > a.months) invalid(messages.planMonthRange(v, a.months));
    return v;
  }
  if (a.startDate === 0) return invalid(messages.planDateWithoutStart(dateName(v)));
  const month = monthsBetween(a.startDate, v) + 1;
  if (month < 1) invalid(messages.planDateBeforeStart(dateName(v), monthText(a.startDate)));
  if (month > a.months) invalid(messages.planDateAfterEnd(dateName(v), lastMonthText(a), a.months));
  return month;
}

const dateName = (serial: number) => (isDateSerial(serial) ? monthText(serial) : describeValue(serial));
const lastMonthText = (a: Assumptions) => {
  const { year, month } = monthOfSerial(a.startDate);
  return monthText(serialOfMonth({ year, month: month + a.months - 1 }));
};

/** A plan row with where each of its cells is, for messages that name the cell. */
export interface PlanEntry {
  readonly month: InputCell;
  readonly name: InputCell;
  readonly value: InputCell;
  /** The row's allowImplausible cell, when the table has that column. */
  readonly insist?: InputCell;
}

const PLAN_COLUMNS = ['month', 'name', 'value', 'allowimplausible'] as const;
const PLAN_REQUIRED = ['month', 'name', 'value'] as const;
type PlanColumn = (typeof PLAN_COLUMNS)[number];

/**
 * The rows of a plan table (workbook.md v3, the BeekeeperPlan table; the CLI's plan file): a
 * header naming `month`, `name` and `value` in any order and case (other columns, a note or a
 * unit, are ignored), then one row per decision. Rows whose cells are all empty are skipped. An
 * optional `allowImplausible` column lets a row insist on a value beyond its plausible range.
 */
export function planEntries(table: InputTable): PlanEntry[] {
  const columns = readHeader<PlanColumn>(table, PLAN_COLUMNS, PLAN_REQUIRED, messages.missingColumn, (c, where) =>
    messages.duplicate('column', c, where),
  );
  const entries: PlanEntry[] = [];
  for (const row of table.rows) {
    if (row.every((c) => isBlank(c.value))) continue;
    const anchor = row.find((c) => c.where)?.where ?? table.source;
    const cell = (c: PlanColumn): InputCell => row[columns[c]!] ?? { value: undefined, where: anchor };
    entries.push({
      month: cell('month'),
      name: cell('name'),
      value: cell('value'),
      ...(columns.allowimplausible !== undefined ? { insist: cell('allowimplausible') } : {}),
    });
  }
  return entries;
}

/**
 * Reads and validates a plan table against the assumptions it will run with (their months and
 * startDate): stops at the first problem, naming its cell. See {@link planProblems} for all.
 *
 * @example readPlan(table, resolveAssumptions()) // [{ month: 9, name: 'funding', value: 20000000 }, …]
 * @example readPlan(badTable, a) // throws: plan.csv row 3, column A (month): month must be a whole number from 1 to 60 …
 */
export function readPlan(table: InputTable, a: Assumptions, options: ReadOptions = {}): Plan {
  return checkEntries(planEntries(table), a, options);
}

/**
 * Every problem of a plan table at once: the first of each row, then (when the rows are sound)
 * the duplicates across rows. An empty list means {@link readPlan} accepts it (with the same options).
 */
export function planProblems(table: InputTable, a: Assumptions, options: ReadOptions = {}): InputProblem[] {
  let entries: PlanEntry[];
  try {
    entries = planEntries(table);
  } catch (e) {
    return [asProblem(e, table.source)];
  }
  const problems: InputProblem[] = [];
  for (const entry of entries) {
    try {
      readEntry(entry, a, options);
    } catch (e) {
      problems.push(asProblem(e, entry.name.where));
    }
  }
  if (problems.length > 0) return problems;
  try {
    checkEntries(entries, a, options);
  } catch (e) {
    problems.push(asProblem(e, table.source));
  }
  return problems;
}

/**
 * One row on its own: its name, its month and its value, each checked at its cell; a value beyond
 * its plausible range stops the read unless the options or the row insist.
 */
function readEntry(entry: PlanEntry, a: Assumptions, options: ReadOptions): PlanRow {
  const nameCell = entry.name;
  if (typeof nameCell.value !== 'string' || isBlank(nameCell.value))
    failAt(nameCell.where, messages.notText('name', nameCell.value));
  const name = at(nameCell.where, () => findPlanName(nameCell.value as string));
  const month = at(entry.month.where, () => planMonth(entry.month.value, a));
  const value = at(entry.value.where, () => checkNumber(name, cellNumber(entry.value.value), planRule(name)));
  const insisted = options.allowImplausible === true || (entry.insist !== undefined && readInsist(entry.insist));
  const why = insisted ? undefined : planImplausibility(name, value);
  if (why) refuseImplausible(entry.value.where, why, options);
  return { month, name, value };
}

/** The rows, each checked, then no name twice in one month (funding excepted: rounds add up). */
function checkEntries(entries: readonly PlanEntry[], a: Assumptions, options: ReadOptions): Plan {
  const rows = entries.map((e) => readEntry(e, a, options));
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    if (row.name === 'funding') return;
    const key = `${row.name} ${row.month}`;
    const previous = seen.get(key);
    if (previous !== undefined)
      failAt(entries[i].name.where, messages.planTwice(row.name, row.month, entries[previous].name.where));
    seen.set(key, i);
  });
  return sortPlan(rows);
}

/** Rows by month, in the order given within a month (a stable sort). */
function sortPlan(rows: readonly PlanRow[]): Plan {
  return Object.freeze(
    rows
      .map((row, i) => ({ row, i }))
      .sort((x, y) => x.row.month - y.row.month || x.i - y.i)
      .map(({ row }) => Object.freeze({ ...row })),
  );
}

/**
 * Validates plan rows given as data (a JSON file, a test): each month, name and value as a
 * table row would be, and no name twice in one month. `where` names the source for messages
 * ("plan row 3: …"). Values beyond their plausible range are refused unless `options` allow
 * them, as a table's are; a plan already read (the engine's, `project`'s) passes
 * `{ allowImplausible: true }`.
 *
 * @example checkPlan([{ month: 9, name: 'funding', value: 20e6 }], resolveAssumptions())
 */
export function checkPlan(
  rows: readonly { readonly month: unknown; readonly name: unknown; readonly value: unknown }[],
  a: Assumptions,
  where = 'plan',
  options: ReadOptions = {},
): Plan {
  return checkEntries(
    rows.map((r, i) => {
      const at = `${where} row ${i + 1}`;
      return {
        month: { value: r.month, where: `${at} (month)` },
        name: { value: r.name, where: `${at} (name)` },
        value: { value: r.value, where: `${at} (value)` },
      };
    }),
    a,
    options,
  );
}

/**
 * A plan compiled for the projection loop: for each month that changes something, the changes,
 * and the funding of every month.
 */
export interface PlanSchedule {
  /** 0-based month indices with step changes, ascending. */
  readonly changeMonths: readonly number[];
  /** The changes of each of those months, in plan order (a later row wins). */
  readonly changes: readonly (readonly PlanRow[])[];
  /** Fin_t: the funding of month t at index t − 1 (rounds of one month added up). */
  readonly funding: Float64Array;
}

/**
 * Compiles a validated plan for a projection of `months` months.
 *
 * @example schedulePlan([{ month: 9, name: 'funding', value: 2e7 }], 60).funding[8] // 20000000
 */
export function schedulePlan(plan: Plan, months: number): PlanSchedule {
  const funding = new Float64Array(months);
  const byMonth = new Map<number, PlanRow[]>();
  for (const row of plan) {
    if (row.month < 1 || row.month > months) invalid(messages.planMonthRange(row.month, months));
    if (row.name === 'funding') funding[row.month - 1] += row.value;
    else byMonth.set(row.month - 1, [...(byMonth.get(row.month - 1) ?? []), row]);
  }
  const changeMonths = [...byMonth.keys()].sort((x, y) => x - y);
  return { changeMonths, changes: changeMonths.map((m) => byMonth.get(m)!), funding };
}

/** The plan rows for assumptions a simulation samples: the Inputs sheet says the plan replaces them. */
export function plannedOver(plan: Plan, uncertain: readonly AssumptionName[]): PlanRow[] {
  return plan.filter((row) => (uncertain as readonly string[]).includes(row.name));
}

/** A plan row in words, for messages and the Inputs sheet: "annualContractValue 36000 from month 13". */
export function describePlanRow(row: PlanRow): string {
  const what = row.name === 'funding' ? `funding of ${row.value}` : `${row.name} ${row.value}`;
  return `${what} ${row.name === 'funding' ? 'in' : 'from'} month ${row.month}`;
}
