/**
 * The OSS.* custom functions: thin adapters that coerce Excel's arguments, call the model
 * core and return its results or an error value. The JSDoc of each function is the one source
 * of its metadata (functions.json is generated from it); names and argument order are a
 * public contract (spec/functions.md) and never change.
 */
import {
  ASSUMPTIONS,
  ECOSYSTEM_BUCKETS,
  KPI_NAMES,
  kpiNotAvailable,
  MAX_MONTHS,
  ModelError,
  SCENARIOS,
  assumptionSpec,
  atLeast,
  between,
  conversionProbability,
  invalid,
  customersSeries,
  employerBuckets,
  employersReached,
  hdrSource,
  hdrUniform,
  HDR_MAX_KEY,
  bassShare,
  membersSeries,
  overridesFromRows,
  project,
  resolveEcosystemOptions,
  revenueSeries,
  walkEcosystem,
  wholeBetween,
  MonthlyOutput,
  Projection,
  monthDates,
  resolveAssumptions,
  selectOutputs,
} from '../model';
import * as arg from './args';
import { arrayResult, column, scalarResult, toExcelError } from './results';
import { assumptionsTableFromRange } from './simulation-table';
import { planFromArgument } from './plan-table';
import { YEAR_KPI_NAMES, isYearKpi, noYearFor, yearKpi } from './year-kpi';
import { MONTHLY_STATISTICS, SimulationOptions, simulateStepwise } from '../engine/simulation';
import { readSimulationTable, withPlan } from '../engine/simulation-inputs';
import { seedRule } from '../engine/sampling';
import { defaultSimulationTable } from '../engine/default-uncertainty';

const rule = (name: Parameters<typeof assumptionSpec>[0]) => assumptionSpec(name).rule;
const monthsRule = wholeBetween(1, MAX_MONTHS);
const hdrKeyRule = wholeBetween(0, HDR_MAX_KEY);

/**
 * Cumulative adopters m·F(years) of the closed-form Bass diffusion curve.
 * @customfunction
 * @helpurl https://localhost:3000/help.html#bass
 * @param marketSize Market potential m: everyone who will ever adopt (> 0).
 * @param innovation Bass innovation coefficient p, per year (> 0 and ≤ 1).
 * @param imitation Bass imitation coefficient q, per year (0 to 5).
 * @param years Years since launch (≥ 0): one value or a range; the result has its shape.
 * @returns Cumulative adopters at each time.
 */
export function bass(
  marketSize: number,
  innovation: number,
  imitation: number,
  years: number[][],
): Array<Array<number | CustomFunctions.Error>> {
  return arrayResult('OSS.BASS', () => {
    const m = arg.number('marketSize', marketSize, rule('marketSize'));
    const p = arg.number('innovation', innovation, rule('innovation'));
    const q = arg.number('imitation', imitation, rule('imitation'));
    return arg.numbersByCell('years', years, atLeast(0), (t) => m * bassShare(p, q, t));
  });
}

/**
 * Active community members per month (spills down from month 1): the model's community block with attractiveness 1. Its defaults (no churn, no initial members) are a published contract and never change; OSS.PROJECTION's are memberChurn 0.15 and initialMembers 2,000, and its attractiveness grows with the software: pass those to compare.
 * @customfunction
 * @helpurl https://localhost:3000/help.html#members
 * @param marketSize Market potential m: people who could ever join (> 0).
 * @param innovation Bass innovation coefficient p, per year (> 0 and ≤ 1).
 * @param imitation Bass imitation coefficient q, per year (0 to 5).
 * @param months Months to project (whole number from 1 to 600).
 * @param [annualChurn] Share of members who leave in a year (0 to 1; default 0; OSS.PROJECTION's memberChurn is 0.15).
 * @param [initialMembers] Members at month 0 (0 to marketSize; default 0; OSS.PROJECTION's is 2,000).
 * @returns A column of members, one row per month.
 */
export function members(
  marketSize: number,
  innovation: number,
  imitation: number,
  months: number,
  annualChurn?: number,
  initialMembers?: number,
): Array<Array<number | CustomFunctions.Error>> {
  return arrayResult('OSS.MEMBERS', () => {
    const m = arg.number('marketSize', marketSize, rule('marketSize'));
    const p = arg.number('innovation', innovation, rule('innovation'));
    const q = arg.number('imitation', imitation, rule('imitation'));
    const t = arg.number('months', months, monthsRule);
    const churn = arg.optionalNumber('annualChurn', annualChurn, rule('memberChurn'), 0);
    const n0 = arg.optionalNumber('initialMembers', initialMembers, between(0, m), 0);
    return column(membersSeries(m, p, q, t, churn, n0));
  });
}

/**
 * Expected organisations with at least one member, when employers' sizes follow Zipf's law.
 * @customfunction
 * @helpurl https://localhost:3000/help.html#employers
 * @param members Community members (≥ 0): one value or a range; the result has its shape.
 * @param organizations Number of employers (whole number from 1 to 10⁹).
 * @param [sizeSkew] Zipf exponent of employer sizes (0 to 3; 0 = all equal; default 1).
 * @param [employedShare] Share of members who are employed (0 to 1; default 1).
 * @returns Expected organisations reached.
 */
export function employers(
  members: number[][],
  organizations: number,
  sizeSkew?: number,
  employedShare?: number,
): Array<Array<number | CustomFunctions.Error>> {
  return arrayResult('OSS.EMPLOYERS', () => {
    const o = arg.number('organizations', organizations, rule('organizations'));
    const s = arg.optionalNumber('sizeSkew', sizeSkew, rule('employerSizeSkew'), 1);
    const e = arg.optionalNumber('employedShare', employedShare, rule('employedShare'), 1);
    const buckets = employerBuckets(o, s);
    return arg.numbersByCell('members', members, atLeast(0), (n) => employersReached(buckets, e * n));
  });
}

/**
 * Probability that an employer with this many advocates becomes a customer in a month: 1 − (1 − persuasion)^advocates.
 * @customfunction
 * @helpurl https://localhost:3000/help.html#conversion
 * @param advocates Members who advocate at the employer (≥ 0): one value or a range; the result has its shape.
 * @param persuasion Chance that one advocate persuades the employer in a month (0 to 1).
 * @returns Monthly conversion probability.
 */
export function conversion(advocates: number[][], persuasion: number): Array<Array<number | CustomFunctions.Error>> {
  return arrayResult('OSS.CONVERSION', () => {
    const r = arg.number('persuasion', persuasion, rule('persuasion'));
    return arg.numbersByCell('advocates', advocates, atLeast(0), (k) => conversionProbability(k, r));
  });
}

/**
 * Expected paying customers per month for a column of members per month, converted through their employers, with goodwill and attractiveness 1. Its defaults are a published contract and never change; OSS.PROJECTION's employedShare is 0.7: pass it (and the projection's members) to compare.
 * @customfunction
 * @helpurl https://localhost:3000/help.html#customers
 * @param members Members per month: one column (or row), month 1 first, at most 600 months.
 * @param organizations Number of employers (whole number from 1 to 10⁹).
 * @param persuasion Chance that one member persuades their employer in a month (0 to 1).
 * @param [annualChurn] Share of customers lost in a year (0 to 1; default 0.1).
 * @param [sizeSkew] Zipf exponent of employer sizes (0 to 3; default 1).
 * @param [employedShare] Share of members who are employed (0 to 1; default 1; OSS.PROJECTION's is 0.7).
 * @returns A column of expected customers, one row per month.
 */
export function customers(
  members: number[][],
  organizations: number,
  persuasion: number,
  annualChurn?: number,
  sizeSkew?: number,
  employedShare?: number,
): Array<Array<number | CustomFunctions.Error>> {
  return arrayResult('OSS.CUSTOMERS', () => {
    const n = arg.series('members', members, atLeast(0));
    const o = arg.number('organizations', organizations, rule('organizations'));
    const r = arg.number('persuasion', persuasion, rule('persuasion'));
    const churn = arg.optionalNumber('annualChurn', annualChurn, rule('customerChurn'), 0.1);
    const s = arg.optionalNumber('sizeSkew', sizeSkew, rule('employerSizeSkew'), 1);
    const e = arg.optionalNumber('employedShare', employedShare, rule('employedShare'), 1);
    return column(customersSeries(n, o, r, churn, s, e));
  });
}

/**
 * Monthly revenue (subscription plus services) for a column of customers per month, every customer at the month's list price. OSS.PROJECTION's revenue also grows each customer's contract by expansion and keeps the price it signed at.
 * @customfunction
 * @helpurl https://localhost:3000/help.html#revenue
 * @param customers Customers per month: one column (or row), month 1 first, at most 600 months.
 * @param annualContractValue Price per customer per year (≥ 0).
 * @param [annualPriceGrowth] Yearly growth of the price from month 1 (> −1; default 0).
 * @param [servicesAttach] Services revenue per unit of subscription revenue (≥ 0; default 0).
 * @returns A column of monthly revenue, one row per month.
 */
export function revenue(
  customers: number[][],
  annualContractValue: number,
  annualPriceGrowth?: number,
  servicesAttach?: number,
): Array<Array<number | CustomFunctions.Error>> {
  return arrayResult('OSS.REVENUE', () => {
    const c = arg.series('customers', customers, atLeast(0));
    const price = arg.number('annualContractValue', annualContractValue, rule('annualContractValue'));
    const growth = arg.optionalNumber('annualPriceGrowth', annualPriceGrowth, rule('annualPriceGrowth'), 0);
    const attach = arg.optionalNumber('servicesAttach', servicesAttach, rule('servicesAttach'), 0);
    return column(revenueSeries(c, price, growth, attach));
  });
}

/**
 * Every assumption of the Beekeeper model with its default: a table to start a model from. startDate's value is empty (no calendar: months are numbered only); give it a month, e.g. 2027-01, to date the months.
 * @customfunction
 * @helpurl https://localhost:3000/help.html#assumptions
 * @param [scenario] "beekeeper" (default) or "proprietary".
 * @returns A table with a header row: name, value, unit, description.
 */
export function assumptions(scenario?: string): Array<Array<string | number | CustomFunctions.Error>> {
  return arrayResult('OSS.ASSUMPTIONS', () => {
    const chosen = arg.choice('scenario', scenario, SCENARIOS, 'beekeeper');
    const rows = ASSUMPTIONS.map((a) => [
      a.name,
      // No startDate is an empty cell, not 0 (a date cell would show 1899-12-30); read back as
      // the assumptions argument, an empty calendar value takes its default.
      a.name === 'startDate' && a.value === 0 ? '' : a.value,
      a.unit,
      a.proprietaryOnly && chosen === 'beekeeper' ? `${a.description} Unused in this scenario.` : a.description,
    ]);
    return [['name', 'value', 'unit', 'description'], ...rows];
  });
}

/**
 * Monthly projection of the Beekeeper model: month and the monthly outputs, on the plan if one is given. With startDate set, a date column follows month: each month's first day as an Excel date, which a function cannot format: format that column as a date (e.g. mmm yyyy).
 * @customfunction
 * @helpurl https://localhost:3000/help.html#projection
 * @param [assumptions] Range whose first two columns are name and value (the OSS.ASSUMPTIONS table works as is); names not given take defaults.
 * @param [scenario] "beekeeper" (default) or "proprietary".
 * @param [metrics] Comma-separated monthly outputs to show, in that order (default: all); month, and date with startDate, always come first.
 * @param [plan] Range of the plan's columns month, name, value (a header row is optional): from each row's month on, the assumption takes the value; engineers is a headcount plan, funding a round raised in that month. A month is a number 1, 2, … or, with startDate, a date.
 * @returns A table with a header row, one row per month.
 */
export function projection(
  assumptions?: any[][],
  scenario?: string,
  metrics?: string,
  plan?: any[][],
): Array<Array<string | number | CustomFunctions.Error>> {
  return arrayResult('OSS.PROJECTION', () => {
    const result = projectFromArgs(assumptions, scenario, plan);
    const dated = result.assumptions.startDate > 0;
    const outputs = ['month', ...(dated ? ['date'] : []), ...selectOutputs(metricsList(metrics, dated))];
    const dates = dated ? monthDates(result.assumptions.startDate, result.assumptions.months) : undefined;
    const value = (o: string, i: number) => (o === 'date' ? dates![i] : result.monthly[o as MonthlyOutput][i]);
    const rows: (string | number)[][] = [outputs];
    for (let i = 0; i < result.assumptions.months; i++) rows.push(outputs.map((o) => value(o, i)));
    return rows;
  });
}

/**
 * The metrics argument without `date`, which (like month) is always shown when startDate is
 * set and cannot be shown without it.
 */
function metricsList(metrics: unknown, dated: boolean): string {
  const items = arg.optionalText('metrics', metrics, '').split(',');
  const isDate = (m: string) => m.trim().toLowerCase() === 'date';
  if (!dated && items.some(isDate))
    invalid('metric "date" needs startDate (the calendar month of month 1) in the assumptions');
  return items.filter((m) => !isDate(m)).join(',');
}

/**
 * One KPI of the Beekeeper projection, on the plan if one is given: at the horizon, or of one year (the KPIs named year…, with the year argument); made for Excel's Data Tables and Goal Seek.
 * @customfunction
 * @helpurl https://localhost:3000/help.html#kpi
 * @param kpi At the horizon: arr, revenueTotal, npv, breakEvenMonth, minCash, customers, members, customersPerThousandMembers, fundingNeed, cashOutMonth, grossMargin, burnMultiple, ruleOf40. Of the year given as year (the Years sheet's figures): summed over it yearRevenue, yearNewArr, yearExpansionArr, yearChurnedArr, yearOperatingCashFlow, yearFinancing; at its start yearOpeningArr; at its end yearClosingArr, yearCustomers, yearMembers, yearEngineers, yearCash; and yearGrossMargin, yearNdr (net dollar retention), yearBurnMultiple (net burn ÷ net new ARR), yearCacPayback (months), yearMagicNumber, yearRuleOf40.
 * @param [assumptions] Range whose first two columns are name and value; names not given take defaults.
 * @param [scenario] "beekeeper" (default) or "proprietary".
 * @param [plan] Range of the plan's columns month, name, value (a header row is optional), as OSS.PROJECTION takes it.
 * @param [year] The year of a yearly KPI (required for those, empty for the others): 1, 2, … counts the years of the projection (Year 1 is months 1–12; with startDate, fiscal years by fiscalYearStart, the first and last maybe partial); with startDate also the fiscal year, 2028 or "FY2028".
 * @returns The KPI's value; #N/A with the reason when it does not exist (no break-even, cash that never runs out, a rule of 40 without a full year before).
 */
export function kpi(
  kpi: string,
  assumptions?: any[][],
  scenario?: string,
  plan?: any[][],
  year?: any,
): number | CustomFunctions.Error {
  return scalarResult('OSS.KPI', () => {
    const name = arg.choice('kpi', arg.text('kpi', kpi), [...KPI_NAMES, ...YEAR_KPI_NAMES], 'arr');
    const result = projectFromArgs(assumptions, scenario, plan);
    if (isYearKpi(name)) return yearKpi(name, year, result);
    noYearFor(name, year);
    const value = result.kpis[name];
    if (value !== undefined) return value;
    throw new ModelError('notAvailable', kpiNotAvailable(name, result.assumptions.months));
  });
}

/**
 * Monte Carlo run of the model: mean, P10, P50 and P90 of one monthly output over the trials, month by month (spills down; cancelable). A plan is the same in every trial. With startDate set, a date column follows month (Excel dates: format it as a date, e.g. mmm yyyy).
 * @customfunction
 * @cancelable
 * @helpurl https://localhost:3000/help.html#simulate
 * @param metric Monthly output: members, customers, revenue, arr, engineers, cashFlow, cash, costOfRevenue, engineeringCost, salesMarketingCost, otherCost, newArr, expansionArr or churnedArr.
 * @param [assumptions] The assumptions table (name, value, distribution, p1, p2, p3; with or without its header row), e.g. the BeekeeperAssumptions table; assumptions it leaves out are fixed at their defaults. Omitted: the defaults with their default uncertainty.
 * @param [trials] Trials (whole number 1 to 100,000; default 1,000).
 * @param [seed] Seed of the HDR generator (whole number 0 to 100,000,000; default 1).
 * @param [scenario] "beekeeper" (default) or "proprietary".
 * @param [plan] Range of the plan's columns month, name, value (a header row is optional), e.g. the BeekeeperPlan table: the same decisions in every trial; a row for an uncertain assumption replaces its sampled value from its month on.
 * @param invocation Excel's handle of this call, to be told when it is canceled.
 * @returns A table with a header row: month (and date with startDate), mean, P10, P50, P90.
 */
export async function simulate(
  metric: string,
  assumptions: any[][],
  trials: number,
  seed: number,
  scenario: string,
  plan: any[][],
  invocation: CustomFunctions.CancelableInvocation,
): Promise<Array<Array<string | number | CustomFunctions.Error>>> {
  let canceled = false;
  if (invocation) invocation.onCanceled = () => (canceled = true);
  try {
    const name = arg.choice('metric', arg.text('metric', metric), MONTHLY_STATISTICS, 'revenue');
    // No table: the defaults with their default uncertainty, as `beekeeper simulate` runs them.
    const range = arg.optionalRange('assumptions', assumptions);
    const table = range.length === 0 ? defaultSimulationTable() : assumptionsTableFromRange(range);
    const options: SimulationOptions = {
      scenario: arg.choice('scenario', scenario, SCENARIOS, 'beekeeper'),
      trials: arg.optionalNumber('trials', trials, wholeBetween(1, MAX_FUNCTION_TRIALS), 1000),
      seed: arg.optionalNumber('seed', seed, seedRule, 1),
      sampling: 'lhs',
    };
    // Functions keep only the valid ranges: a workbook that worked goes on working (README).
    const read = readSimulationTable(table, { allowImplausible: true });
    // The plan is read against the base assumptions (their months and startDate), before any trial.
    const inputs = withPlan(read, planFromArgument(plan, read.base));
    // Between blocks of trials the runtime gets its turn: Excel stays responsive, and a cancel
    // (the user edits or deletes the cell) stops the run within a block.
    const run = await simulateStepwise(inputs, options, () => nextTurn().then(() => !canceled));
    if (!run) return [[new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, 'canceled')]];
    const s = run.scenarios[0].monthly[name];
    const { startDate, months } = inputs.base;
    const dates = startDate > 0 ? monthDates(startDate, months) : undefined;
    return arrayResult<string | number>('OSS.SIMULATE', () => [
      ['month', ...(dates ? ['date'] : []), 'mean', 'P10', 'P50', 'P90'],
      ...Array.from(s.mean, (mean, i) => [i + 1, ...(dates ? [dates[i]] : []), mean, s.p10[i], s.p50[i], s.p90[i]]),
    ]);
  } catch (error) {
    return [[toExcelError('OSS.SIMULATE', error)]];
  }
}

/** The most trials `OSS.SIMULATE` runs: a cell's formula should come back in seconds, not minutes. */
export const MAX_FUNCTION_TRIALS = 100_000;

const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The drunkard's walk with a Darwinistic filter: how many open-source projects find an audience (defaults fitted to SourceForge).
 * @customfunction
 * @helpurl https://localhost:3000/help.html#ecosystem
 * @param [projects] Projects started (whole number 1 to 100,000; default 10,000).
 * @param [months] Months walked (whole number 1 to 600; default 120).
 * @param [drift] Monthly drift of log interest (default 0).
 * @param [volatility] Monthly standard deviation of log interest (≥ 0; default 0.35).
 * @param [teamThreshold] Interest from which a team forms (≥ 0; default 50).
 * @param [teamBonus] Monthly log-interest bonus of projects with a team (default 0).
 * @param [seed] Seed of the HDR generator (whole number 0 to 100,000,000; default 1).
 * @param [initialInterest] Interest of each project at the start (≥ 1, as below 1 a project is dead; default 5).
 * @returns A table with a header row: bucket, projects, share; and a last row with the largest interest.
 */
export function ecosystem(
  projects?: number,
  months?: number,
  drift?: number,
  volatility?: number,
  teamThreshold?: number,
  teamBonus?: number,
  seed?: number,
  initialInterest?: number,
): Array<Array<string | number | CustomFunctions.Error>> {
  return arrayResult('OSS.ECOSYSTEM', () => {
    const options = resolveEcosystemOptions({
      projects,
      months,
      drift,
      volatility,
      teamThreshold,
      teamBonus,
      initialInterest,
    });
    const random = hdrSource({ seed3: arg.optionalNumber('seed', seed, hdrKeyRule, 1) });
    const result = walkEcosystem(options, random);
    return [
      ['bucket', 'projects', 'share'],
      ...ECOSYSTEM_BUCKETS.map((bucket, i) => [bucket, result.counts[i], result.counts[i] / options.projects]),
      ['largest interest', result.largestInterest, ''],
    ];
  });
}

/**
 * The HDR 2.0 uniform random number in (0, 1) (Hubbard Decision Research, SIPmath 3.0 standard).
 * @customfunction
 * @helpurl https://localhost:3000/help.html#hdr
 * @param trial Trial number (whole number 0 to 100,000,000): one value or a range; the result has its shape.
 * @param [variable] Variable id (whole number; default 0).
 * @param [entity] Entity id (whole number; default 0).
 * @param [seed3] Third seed (whole number; default 0).
 * @param [seed4] Fourth seed (whole number; default 0).
 * @returns Uniform random numbers, one per trial.
 */
export function hdr(
  trial: number[][],
  variable?: number,
  entity?: number,
  seed3?: number,
  seed4?: number,
): Array<Array<number | CustomFunctions.Error>> {
  return arrayResult('OSS.HDR', () => {
    const v = arg.optionalNumber('variable', variable, hdrKeyRule, 0);
    const e = arg.optionalNumber('entity', entity, hdrKeyRule, 0);
    const s3 = arg.optionalNumber('seed3', seed3, hdrKeyRule, 0);
    const s4 = arg.optionalNumber('seed4', seed4, hdrKeyRule, 0);
    return arg.numbersByCell('trial', trial, hdrKeyRule, (t) => hdrUniform(t, v, e, s3, s4));
  });
}

/**
 * Projects the assumptions range, scenario and plan range that OSS.PROJECTION and OSS.KPI
 * receive; the plan is read against the assumptions (their months and startDate).
 */
function projectFromArgs(assumptionsRange: unknown, scenario: unknown, planRange: unknown): Projection {
  const overrides = overridesFromRows(arg.optionalRange('assumptions', assumptionsRange));
  const chosen = arg.choice('scenario', scenario, SCENARIOS, 'beekeeper');
  const plan = planFromArgument(planRange, resolveAssumptions(overrides));
  return project(overrides, chosen, plan);
}
