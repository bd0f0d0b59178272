import { Assumptions } from './assumptions';
import { bassAdopters, monthly } from './bass';
import { ConversionWorkspace, EmployerConversion, employerBuckets, employersReached } from './employers';
import { ModelError, invalid, messages } from './errors';
import { nearest } from './assumptions';
import { exp, expm1, log, pow } from './portable-math';

/** The two business models; they share every equation. */
export const SCENARIOS = ['beekeeper', 'proprietary'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** The monthly outputs, in the order of model.md. */
export const MONTHLY_OUTPUTS = [
  'month',
  'members',
  'newMembers',
  'contributors',
  'goodwill',
  'attractiveness',
  'engineers',
  'employersReached',
  'customers',
  'newCustomers',
  'churnedCustomers',
  'subscriptionRevenue',
  'servicesRevenue',
  'revenue',
  'arr',
  'costOfRevenue',
  'engineeringCost',
  'salesMarketingCost',
  'otherCost',
  'cashFlow',
  'cash',
] as const;
export type MonthlyOutput = (typeof MONTHLY_OUTPUTS)[number];

/** The outputs other than the month itself. */
export type MonthlyValue = Exclude<MonthlyOutput, 'month'>;

/**
 * Reads a comma-separated list of monthly outputs (case-insensitive, in the order given;
 * `month` is skipped, since a table always starts with it); an empty list means all.
 *
 * @example selectOutputs('cash, Customers') // ["cash", "customers"]
 * @example selectOutputs('custmers') // throws: unknown metric "custmers"; did you mean "customers"?
 */
export function selectOutputs(list: string): MonthlyValue[] {
  const all = MONTHLY_OUTPUTS.filter((o): o is MonthlyValue => o !== 'month');
  const items = list
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  if (items.length === 0) return all;
  const chosen: MonthlyValue[] = [];
  for (const item of items) {
    const found = MONTHLY_OUTPUTS.find((o) => o.toLowerCase() === item.toLowerCase());
    if (!found) invalid(messages.unknownName('metric', item, nearest(item, MONTHLY_OUTPUTS)));
    if (found !== 'month' && !chosen.includes(found)) chosen.push(found);
  }
  return chosen;
}

/** One column per monthly output; index t − 1 holds month t. */
export type MonthlySeries = Readonly<Record<MonthlyOutput, Float64Array>>;

/** A year, in months' units of the model: δ = 1/12. */
const DELTA = 1 / 12;

/**
 * The target goodwill of the volunteers, G* = clamp(1 − pitchPenalty·communityPitch
 * − [proprietary]·sequestrationResentment, 0, 1).
 */
export function targetGoodwill(a: Assumptions, scenario: Scenario): number {
  const resentment = scenario === 'proprietary' ? a.sequestrationResentment : 0;
  return Math.min(1, Math.max(0, 1 - a.pitchPenalty * a.communityPitch - resentment));
}

/**
 * Projects the model of model.md month by month for validated assumptions.
 *
 * @example
 * const s = projectMonthly(resolveAssumptions(), 'beekeeper');
 * s.customers[59] // expected customers at month 60
 */
export function projectMonthly(a: Assumptions, scenario: Scenario): MonthlySeries {
  return projectInto(a, scenario, allocateSeries(a.months));
}

/** Columns for `months` months of every monthly output. */
export function allocateSeries(months: number): MonthlySeries {
  const series = {} as Record<MonthlyOutput, Float64Array>;
  for (const output of MONTHLY_OUTPUTS) series[output] = new Float64Array(months);
  return series;
}

/**
 * Projects into columns the caller owns (at least `a.months` long), so that a Monte Carlo run
 * reuses one set for every trial, and with a `workspace` for the employers' state, likewise.
 * `employersReached` is a report of its own (a sum over every bucket each month) that nothing
 * downstream needs: `{ reached: false }` skips it and leaves that column as it was.
 *
 * @example projectInto(a, 'beekeeper', allocateSeries(a.months), { reached: false }).cash
 */
export function projectInto(
  a: Assumptions,
  scenario: Scenario,
  series: MonthlySeries,
  options: { reached?: boolean; workspace?: ConversionWorkspace } = {},
): MonthlySeries {
  const withReached = options.reached ?? true;
  const months = a.months;
  const proprietary = scenario === 'proprietary';
  const goodwillTarget = targetGoodwill(a, scenario);
  const goodwillPull = -expm1(-Math.LN2 / a.goodwillHalfLife); // 1 − 2^(−1/halfLife)
  const memberLeave = monthly(a.memberChurn);
  const softwareKeep = pow(1 - a.obsolescence, DELTA);
  const hiringSteps = Math.max(1, a.hiringLag);
  const persuasionBase = a.persuasion * (1 + a.educationUplift * a.memberEducation);
  const priceBase = a.annualContractValue * (proprietary ? a.proprietaryPriceMultiplier : 1);
  const priceGrowth = pow(1 + a.annualPriceGrowth, DELTA);
  const customerChurn = monthly(a.customerChurn);
  // A staying customer's ARR: (1 − c) of it stays, and grows by net expansion x a month.
  const arrCarry = (1 - customerChurn) * pow(1 + a.expansion, DELTA);
  const subscriptionCostShare = 1 - a.subscriptionMargin;
  const servicesCostShare = 1 - a.servicesMargin;
  const marketingMonthly = (a.marketingCosts + a.educationCost * a.memberEducation) / 12;
  const fixedMonthly = a.fixedCosts / 12;
  const conversion = options.workspace
    ? options.workspace.start(a.organizations, a.employerSizeSkew, customerChurn, a.certificationPull)
    : new EmployerConversion(employerBuckets(a.organizations, a.employerSizeSkew), customerChurn, a.certificationPull);
  // Today's customers (v3), spread over employers by their reach at month 0; none: v2's start.
  if (a.initialCustomers > 0) conversion.seed(a.initialCustomers, a.employedShare * a.initialMembers);
  const buckets = conversion.buckets;
  const s = series;

  let members = a.initialMembers;
  let goodwill = 1;
  let engineers = a.foundingEngineers;
  let software = a.initialEffort;
  let arr = a.initialArr;
  let revenue = (1 + a.servicesAttach) * (arr / 12); // R₀, so that Eng*₁ sees today's revenue
  let cash = a.initialCash;
  let price = priceBase;

  for (let i = 0; i < months; i++) {
    const contributors = a.contributorShare * members * goodwill;
    goodwill += (goodwillTarget - goodwill) * goodwillPull;

    // No hiring freeze (v2): cash below zero is what must be raised (fundingNeed), not a brake.
    const target = Math.max(a.foundingEngineers, (a.reinvestShare * 12 * revenue) / a.engineerCost);
    engineers += (target - engineers) / hiringSteps;

    software = software * softwareKeep + DELTA * (engineers + a.volunteerFte * contributors);
    const attractiveness = Math.min(a.maxAttractiveness, power(software / a.initialEffort, a.qualityElasticity));

    const adopters = bassAdopters(a.marketSize, members, a.innovation, a.imitation * attractiveness, DELTA);
    members += adopters - members * memberLeave;

    const employed = a.employedShare * members;
    const persuasion = Math.min(1, persuasionBase * goodwill * attractiveness);
    const customers = conversion.step(employed, persuasion);
    const newCustomers = conversion.newCustomers;

    if (i > 0) price *= priceGrowth; // priceBase·(1 + annualPriceGrowth)^(i/12)
    arr = arr * arrCarry + newCustomers * price;
    const subscription = arr / 12;
    const services = a.servicesAttach * subscription;
    revenue = subscription + services;
    const costOfRevenue = subscriptionCostShare * subscription + servicesCostShare * services;
    const engineeringCost = (engineers * a.engineerCost) / 12;
    const salesMarketingCost = a.acquisitionCost * newCustomers + marketingMonthly;
    const otherCost = a.otherCostShare * revenue + fixedMonthly;
    const cashFlow = revenue - costOfRevenue - engineeringCost - salesMarketingCost - otherCost;
    cash += cashFlow;

    s.month[i] = i + 1;
    s.members[i] = members;
    s.newMembers[i] = adopters;
    s.contributors[i] = contributors;
    s.goodwill[i] = goodwill;
    s.attractiveness[i] = attractiveness;
    s.engineers[i] = engineers;
    if (withReached) s.employersReached[i] = employersReached(buckets, employed);
    s.customers[i] = customers;
    s.newCustomers[i] = newCustomers;
    s.churnedCustomers[i] = conversion.churnedCustomers;
    s.subscriptionRevenue[i] = subscription;
    s.servicesRevenue[i] = services;
    s.revenue[i] = revenue;
    s.arr[i] = arr;
    s.costOfRevenue[i] = costOfRevenue;
    s.engineeringCost[i] = engineeringCost;
    s.salesMarketingCost[i] = salesMarketingCost;
    s.otherCost[i] = otherCost;
    s.cashFlow[i] = cashFlow;
    s.cash[i] = cash;
    // One sum is finite only if every term is (or the sum itself overflowed): a cheap test
    // each month, and the detailed one only when it fails.
    const sum = members + adopters + contributors + attractiveness + engineers + customers + revenue + cash + cashFlow;
    if (!Number.isFinite(sum + arr + costOfRevenue + engineeringCost + salesMarketingCost + otherCost + newCustomers)) {
      assertFinite(s, i, withReached);
    }
  }
  return series;
}

/**
 * x^e for x ≥ 0 as e^(e·ln x), with x^0 = 1: within 1e-15 relative of Math.pow for
 * |e·ln x| ≤ 10 (tested), at about 60 % of the cost of portable-math's pow (114 against 186 ns
 * a call, measured in a loop), and it runs once a month of every trial.
 *
 * @example power(2, 0.3) // 1.2311444133449163
 */
export function power(x: number, e: number): number {
  return e === 0 ? 1 : exp(e * log(x));
}

/**
 * Assumptions at the edge of their ranges can overflow a double: say so instead of returning
 * Infinity, naming the first output (in model order) of the first month that overflowed.
 */
function assertFinite(series: MonthlySeries, i: number, withReached: boolean): void {
  for (const output of MONTHLY_OUTPUTS) {
    if (output === 'employersReached' && !withReached) continue;
    if (!Number.isFinite(series[output][i])) throw new ModelError('overflow', messages.notFinite(output, i + 1));
  }
}
