/**
 * `beekeeper project`: the model's monthly projection and KPIs, as a table to read or as CSV
 * to load elsewhere. Assumptions are validated by the model itself, so a flag's error says
 * the same as OSS.PROJECTION would in Excel.
 */
import * as path from 'path';
import { Command } from 'commander';
import { choice } from '../functions/args';
import {
  AssumptionName,
  Assumptions,
  KPI_NAMES,
  ModelError,
  MonthlyOutput,
  MonthlyValue,
  Projection,
  SCENARIOS,
  Scenario,
  assumptionValue,
  MAX_QUOTED,
  checkNumber,
  findAssumption,
  implausibility,
  quoted,
  messages,
  monthDates,
  monthText,
  project,
  resolveAssumptions,
  selectOutputs,
} from '../model';
import { KPI_LABELS, formatMeasure, kpiLabel } from '../report/labels';
import { formatCsv } from './csv';
import { Context, UsageError } from './io';
import {
  distributionsNote,
  historyIgnoredNote,
  projectionWarnings,
  readAssumptionsFlag,
  readRunPlan,
} from './run-inputs';
import { alignTable, columnWidths, formatNumber, tableWidth } from './table';

/** The outputs of the projection after `month`, which every table starts with. */
type Output = MonthlyValue;
const OUTPUTS = selectOutputs('');

/**
 * Decimals to read each output with: people and money whole, goodwill and attractiveness
 * (shares and multipliers near 1) to 3 places. A Record, so a new output cannot be forgotten.
 */
const DECIMALS: Record<MonthlyOutput, number> = {
  month: 0,
  members: 0,
  newMembers: 0,
  contributors: 0,
  goodwill: 3,
  attractiveness: 3,
  engineers: 0,
  employersReached: 0,
  customers: 0,
  newCustomers: 0,
  churnedCustomers: 0,
  subscriptionRevenue: 0,
  servicesRevenue: 0,
  revenue: 0,
  arr: 0,
  costOfRevenue: 0,
  engineeringCost: 0,
  salesMarketingCost: 0,
  otherCost: 0,
  cashFlow: 0,
  cash: 0,
  financing: 0,
  newArr: 0,
  expansionArr: 0,
  churnedArr: 0,
};

/**
 * The outputs a narrow terminal keeps, most telling first: the table drops outputs from the
 * end of this list until it fits. Every output is listed (checked by the tests).
 */
export const PRIORITY: readonly Output[] = [
  'members',
  'customers',
  'revenue',
  'cashFlow',
  'cash',
  'arr',
  'engineers',
  'goodwill',
  'newMembers',
  'newCustomers',
  'contributors',
  'employersReached',
  'attractiveness',
  'churnedCustomers',
  'subscriptionRevenue',
  'servicesRevenue',
  'costOfRevenue',
  'engineeringCost',
  'salesMarketingCost',
  'otherCost',
  'financing',
  'newArr',
  'expansionArr',
  'churnedArr',
];

/** The options of `beekeeper project`, as commander parses them. */
export interface ProjectOptions {
  readonly scenario?: string;
  readonly assumptions?: string;
  readonly plan?: string;
  readonly set: readonly string[];
  readonly csv?: boolean;
  readonly metrics?: string;
  readonly allowImplausible?: boolean;
}

/** Runs `check`, prefixing a model error's message with the flag that caused it. */
function forFlag<T>(flag: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof ModelError) throw new UsageError(`${flag}: ${e.message}`);
    throw e;
  }
}

/**
 * Reads `--set name=value` flags into assumption overrides, each checked against the
 * assumption's rule; names are case-insensitive and a typo suggests the nearest name.
 *
 * @example parseSets(['imitation=0.3', 'months=24']) // { imitation: 0.3, months: 24 }
 * @example parseSets(['imitation=-1']) // throws "--set imitation=-1: imitation must be between 0 and 5, got -1"
 */
export function parseSets(sets: readonly string[], allowImplausible = false): Partial<Record<AssumptionName, number>> {
  const overrides: Partial<Record<AssumptionName, number>> = {};
  const given = new Map<AssumptionName, string>();
  for (const raw of sets) {
    const flag = `--set ${raw.length > MAX_QUOTED ? quoted(raw) : raw}`; // a flag of a megabyte is not echoed whole
    const eq = raw.indexOf('=');
    const name = raw.slice(0, eq).trim();
    const text = raw.slice(eq + 1).trim();
    if (eq < 0 || name === '' || text === '') {
      throw new UsageError(`${flag}: expected name=value, for example --set imitation=0.3`);
    }
    const spec = forFlag(flag, () => findAssumption(name));
    // "15%", "1,000", "$2.5e6" are numbers; other text goes to the model as is, for its message.
    const value = forFlag(flag, () => checkNumber(spec.name, assumptionValue(spec, text), spec.rule));
    const implausible = allowImplausible ? undefined : implausibility(spec, value);
    if (implausible) throw new UsageError(`${flag}: ${implausible}; to run it anyway, add --allow-implausible`);
    const previous = given.get(spec.name);
    if (previous !== undefined) {
      throw new UsageError(messages.duplicate('assumption', spec.name, `--set ${previous} and ${flag}`));
    }
    given.set(spec.name, raw);
    overrides[spec.name] = value;
  }
  return overrides;
}

/**
 * Reads `--metrics a,b,c` as OSS.PROJECTION reads its metrics argument: case-insensitive
 * names of monthly outputs, in the order given; `month` is always the first column anyway.
 *
 * @example parseMetrics('cash, Customers') // ["cash", "customers"]
 */
export function parseMetrics(metrics: string | undefined): Output[] {
  try {
    return selectOutputs(metrics ?? '');
  } catch (error) {
    if (error instanceof ModelError) throw new UsageError(`--metrics ${metrics}: ${error.message}`);
    throw error;
  }
}

/**
 * The calendar month of each month as `YYYY-MM` when startDate is set (model.md v3), the
 * `date` column after `month`; undefined without startDate.
 *
 * @example monthLabels({ ...a, startDate: 46388, months: 2 }) // ["2027-01", "2027-02"]
 */
export function monthLabels(a: Assumptions): string[] | undefined {
  if (a.startDate === 0) return undefined;
  return Array.from(monthDates(a.startDate, a.months), monthText);
}

/** The columns every table starts with: month, and date when startDate is set. */
const leading = (projection: Projection): string[] =>
  projection.assumptions.startDate === 0 ? ['month'] : ['month', 'date'];

/**
 * The projection as CSV (RFC 4180): a header row, then one row per month with every number
 * at full precision; with startDate, a `date` column (`YYYY-MM`) after `month`.
 */
export function projectionCsv(projection: Projection, outputs: readonly Output[]): string {
  const dates = monthLabels(projection.assumptions);
  const rows: (string | number)[][] = [[...leading(projection), ...outputs]];
  for (let i = 0; i < projection.assumptions.months; i++) {
    rows.push([i + 1, ...(dates ? [dates[i]] : []), ...outputs.map((o) => projection.monthly[o][i])]);
  }
  return formatCsv(rows);
}

/** The KPIs as name,value CSV at full precision; a KPI that does not exist is "none". */
export function kpisCsv(projection: Projection): string {
  return formatCsv([['kpi', 'value'], ...KPI_NAMES.map((k) => [k, projection.kpis[k] ?? 'none'])]);
}

/** The projection as a table to read: one row per month (and its date), numbers rounded for reading. */
function tableRows(projection: Projection, outputs: readonly Output[]): string[][] {
  const dates = monthLabels(projection.assumptions);
  const rows: string[][] = [[...leading(projection), ...outputs]];
  for (let i = 0; i < projection.assumptions.months; i++) {
    rows.push([
      String(i + 1),
      ...(dates ? [dates[i]] : []),
      ...outputs.map((o) => formatNumber(projection.monthly[o][i], DECIMALS[o])),
    ]);
  }
  return rows;
}

/**
 * The outputs that fit a terminal `columns` wide: the most telling ones (see PRIORITY), in
 * the model's order, after the leading month (and date) columns, which always stay. Everything
 * fits when the width is unknown (stdout is not a terminal).
 */
export function fitOutputs(rows: readonly (readonly string[])[], columns: number | undefined): Output[] {
  const header = rows[0] as readonly string[];
  const widths = columnWidths(rows);
  if (columns === undefined || tableWidth(widths) <= columns) return [...OUTPUTS];
  const widthOf = (o: Output) => widths[header.indexOf(o)];
  const kept = new Set<Output>();
  const fixed = header.filter((h) => h === 'month' || h === 'date').length;
  let width = tableWidth(widths.slice(0, fixed));
  for (const o of PRIORITY) {
    if (width + 2 + widthOf(o) > columns) continue; // a narrower one further down may still fit
    kept.add(o);
    width += 2 + widthOf(o);
  }
  return OUTPUTS.filter((o) => kept.has(o));
}

/**
 * The KPIs as an aligned block of label and value, worded and formatted as `beekeeper simulate`
 * prints them (src/report/labels.ts: "ARR at month 60  $1,234,567", shares in %).
 */
function kpisTable(projection: Projection): string {
  const months = projection.assumptions.months;
  const rows = KPI_NAMES.map((k) => {
    const value = projection.kpis[k];
    return [kpiLabel(k, months), value === undefined ? 'none' : formatMeasure(value, KPI_LABELS[k].measure)];
  });
  return alignTable([['KPI', 'value'], ...rows], ['left', 'right']);
}

/**
 * One line that says what was projected: scenario, months, the assumptions (defaults, or the
 * file) and what --set changed, and the plan.
 *
 * @example title(projection, ['months=24'], undefined, undefined)
 * // "Beekeeper model, beekeeper scenario, 24 months; assumptions: defaults except months=24\n"
 */
function title(projection: Projection, sets: readonly string[], file?: string, planSource?: string): string {
  const from = file === undefined ? 'defaults' : path.basename(file);
  const changed =
    file === undefined && sets.length === 0
      ? 'default assumptions'
      : `assumptions: ${from}${sets.length === 0 ? '' : ` except ${sets.join(', ')}`}`;
  const rows = projection.plan.length;
  const plan = planSource === undefined ? '' : `; plan: ${planSource} (${rows} row${rows === 1 ? '' : 's'})`;
  return `Beekeeper model, ${projection.scenario} scenario, ${projection.assumptions.months} months; ${changed}${plan}\n`;
}

const PROJECT_HELP = `
The table rounds for reading (people and money whole, goodwill and attractiveness to 3
decimals). When it is wider than the terminal, it keeps the most telling outputs and says
so; --metrics chooses the columns, --csv prints all of them.
The KPIs are worded and formatted as \`beekeeper simulate\` prints them ($, %).
--csv prints RFC 4180 CSV with the code names (as --metrics and OSS.KPI take them) and raw
numbers at full precision (shares as fractions, money without $): the projection on stdout and
the KPIs on stderr, so \`beekeeper project --csv > projection.csv\` keeps the file clean.
With startDate set (in the file, or --set startDate=2027-01), a date column (YYYY-MM) follows
month. Assumptions and their defaults: \`beekeeper call OSS.ASSUMPTIONS\`.

--assumptions reads the table \`beekeeper template\` writes (.xlsx, .csv, .tsv or .json) as
\`simulate\` does, and projects each assumption at its value: a distribution is checked, then
ignored (a note says so). --set changes a value of the file. The plan (--plan, or the sheet
"Beekeeper Plan" of an --assumptions workbook) holds rows month | name | value: a step change of
a plannable assumption from that month on, an engineers headcount plan, or a funding round; a
month is 1..months, or a calendar month such as 2027-09 when startDate is set. A history (the
sheet "Beekeeper History") is ignored, with a note: a projection has no uncertainty to condition
on it; \`beekeeper simulate\` conditions its trials on it.

Examples:
  $ beekeeper project
  $ beekeeper project --scenario proprietary --set months=24
  $ beekeeper project --set imitation=0.3 --set reinvestShare=0.5 --metrics customers,revenue,cash
  $ beekeeper project --assumptions my-company.xlsx --plan plan.csv --set startDate=2027-01
  $ beekeeper project --csv > projection.csv`;

/**
 * Runs `beekeeper project` with parsed options and writes its output. Everything is read and
 * checked before the projection: the flags, the --assumptions file, --set (over the file's
 * values) and the plan (against the assumptions that result).
 *
 * @example await runProject({ set: ['months=24'], csv: true }, context) // 25 CSV lines on stdout
 */
export async function runProject(options: ProjectOptions, context: Context): Promise<void> {
  const { io } = context;
  const scenario: Scenario = forFlag(`--scenario ${options.scenario}`, () =>
    choice('scenario', options.scenario, SCENARIOS, 'beekeeper'),
  );
  const sets = parseSets(options.set, options.allowImplausible === true);
  const outputs = parseMetrics(options.metrics);
  const file = await readAssumptionsFlag(options);
  const overrides = { ...file?.inputs.base, ...sets };
  // The cross rules (initialMembers ≤ marketSize…): their messages name both assumptions.
  const assumptions = resolveAssumptions(overrides);
  const { plan, source, notes } = await readRunPlan(options, file, assumptions);
  const projection = project(overrides, scenario, plan);
  if (file) {
    for (const w of projectionWarnings(file.inputs)) io.stderr(`warning: ${w.where}: ${w.message}\n`);
    const ignored = distributionsNote(file.inputs, file.file);
    if (ignored) io.stderr(`note: ${ignored}\n`);
    const history = historyIgnoredNote(file);
    if (history) io.stderr(`note: ${history}\n`);
  }
  for (const note of notes) io.stderr(`note: ${note}\n`);

  if (options.csv) {
    io.stdout(projectionCsv(projection, outputs));
    io.stderr(kpisCsv(projection));
    return;
  }
  let rows = tableRows(projection, outputs);
  let note = '';
  if (options.metrics === undefined) {
    const fitting = fitOutputs(rows, io.columns);
    if (fitting.length < outputs.length) {
      rows = tableRows(projection, fitting);
      note = `note: showing ${fitting.length} of ${outputs.length} outputs to fit ${io.columns} columns; --csv prints all of them, --metrics chooses\n`;
    }
  }
  io.stdout(title(projection, options.set, options.assumptions, source && path.basename(source)));
  io.stdout(
    alignTable(
      rows,
      rows[0].map(() => 'right'),
    ),
  );
  io.stdout('\n' + kpisTable(projection));
  // Last, where a reader of a long table on a terminal sees it.
  if (note) io.stderr(note);
}

/** Adds `project` to the program. */
export function addProjectCommand(program: Command, context: Context): void {
  program
    .command('project')
    .description("print the model's monthly projection and KPIs")
    .option('--scenario <scenario>', `business model: ${SCENARIOS.join(' or ')}`, 'beekeeper')
    .option('--assumptions <file>', 'assumptions table: .xlsx (as `template` writes it), .csv, .tsv or .json')
    .option(
      '--plan <file>',
      'the plan, rows month | name | value: .csv, .tsv, .json or .xlsx (default: the plan sheet of an --assumptions workbook)',
    )
    .option(
      '--set <name=value>',
      'change an assumption (repeatable, over --assumptions), e.g. --set imitation=0.3',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--metrics <list>', 'comma-separated monthly outputs to show, e.g. customers,revenue,cash')
    .option('--csv', 'CSV on stdout at full precision, KPIs on stderr')
    .option('--allow-implausible', 'accept --set and --assumptions values outside the plausible ranges (docs/model.md)')
    .addHelpText('after', PROJECT_HELP)
    .action((options: ProjectOptions) => runProject(options, context));
}
