import { Assumptions } from './assumptions';
import { bassAdopters, monthly } from './bass';
import { EmployerConversion, employerBuckets, employersReached } from './employers';
import { ModelError, invalid, messages } from './errors';
import { nearest } from './assumptions';

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
  'engineeringCost',
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
  const months = a.months;
  const series = Object.fromEntries(MONTHLY_OUTPUTS.map((k) => [k, new Float64Array(months)])) as Record<
    MonthlyOutput,
    Float64Array
  >;
  const proprietary = scenario === 'proprietary';
  const goodwillTarget = targetGoodwill(a, scenario);
  const goodwillPull = -Math.expm1(-Math.LN2 / a.goodwillHalfLife); // 1 − 2^(−1/halfLife)
  const memberLeave = monthly(a.memberChurn);
  const softwareKeep = (1 - a.obsolescence) ** DELTA;
  const hiringSteps = Math.max(1, a.hiringLag);
  const persuasionBase = a.persuasion * (1 + a.educationUplift * a.memberEducation);
  const priceBase = a.annualContractValue * (proprietary ? a.proprietaryPriceMultiplier : 1);
  const fixedMonthly = (a.fixedCosts + a.educationCost * a.memberEducation) / 12;
  const buckets = employerBuckets(a.organizations, a.employerSizeSkew);
  const conversion = new EmployerConversion(buckets, monthly(a.customerChurn), a.certificationPull);

  let members = a.initialMembers;
  let goodwill = 1;
  let engineers = a.foundingEngineers;
  let software = a.initialEffort;
  let revenue = 0;
  let cash = a.initialCash;

  for (let i = 0; i < months; i++) {
    const contributors = a.contributorShare * members * goodwill;
    goodwill += (goodwillTarget - goodwill) * goodwillPull;

    let target = Math.max(a.foundingEngineers, (a.reinvestShare * 12 * revenue) / a.engineerCost);
    if (cash <= 0) target = Math.min(target, engineers); // hiring freeze
    engineers += (target - engineers) / hiringSteps;

    software = software * softwareKeep + DELTA * (engineers + a.volunteerFte * contributors);
    const attractiveness = (software / a.initialEffort) ** a.qualityElasticity;

    const adopters = bassAdopters(a.marketSize, members, a.innovation, a.imitation * attractiveness, DELTA);
    members += adopters - members * memberLeave;

    const employed = a.employedShare * members;
    const persuasion = Math.min(1, persuasionBase * goodwill * attractiveness);
    const customers = conversion.step(employed, persuasion);

    const price = priceBase * (1 + a.annualPriceGrowth) ** (i / 12);
    const subscription = customers * (price / 12); // price/12 first: no overflow before the result does
    const services = a.servicesAttach * subscription;
    revenue = subscription + services;
    const engineeringCost = (engineers * a.engineerCost) / 12;
    const otherCost = a.otherCostShare * revenue + fixedMonthly;
    const cashFlow = revenue - engineeringCost - otherCost;
    cash += cashFlow;

    series.month[i] = i + 1;
    series.members[i] = members;
    series.newMembers[i] = adopters;
    series.contributors[i] = contributors;
    series.goodwill[i] = goodwill;
    series.attractiveness[i] = attractiveness;
    series.engineers[i] = engineers;
    series.employersReached[i] = employersReached(buckets, employed);
    series.customers[i] = customers;
    series.newCustomers[i] = conversion.newCustomers;
    series.churnedCustomers[i] = conversion.churnedCustomers;
    series.subscriptionRevenue[i] = subscription;
    series.servicesRevenue[i] = services;
    series.revenue[i] = revenue;
    series.arr[i] = 12 * subscription;
    series.engineeringCost[i] = engineeringCost;
    series.otherCost[i] = otherCost;
    series.cashFlow[i] = cashFlow;
    series.cash[i] = cash;
    assertFinite(series, i);
  }
  return series;
}

/**
 * Assumptions at the edge of their ranges can overflow a double: say so instead of returning
 * Infinity, naming the first output (in model order) of the first month that overflowed.
 */
function assertFinite(series: MonthlySeries, i: number): void {
  for (const output of MONTHLY_OUTPUTS) {
    if (!Number.isFinite(series[output][i])) throw new ModelError('overflow', messages.notFinite(output, i + 1));
  }
}
