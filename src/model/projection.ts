import { AssumptionName, Assumptions } from './assumptions';
import { Plan, PlanSchedule, Plannable, schedulePlan } from './plan';
import { bassAdopters, monthly } from './bass';
import { ConversionWorkspace, EmployerConversion, employerBuckets, employersReached } from './employers';
import { ModelError, invalid, messages } from './errors';
import { nearest } from './assumptions';
import { exp, expm1, log, max, min, pow } from './portable-math';

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
  // v3, appended so that a sheet reading the v2 columns by position keeps working: the plan's
  // funding, and the ARR bridge a board reads (ARR_t = ARR_{t−1} + new − churned + expansion).
  'financing',
  'newArr',
  'expansionArr',
  'churnedArr',
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
 * Projects the model of model.md month by month for validated assumptions, with a validated
 * plan of decisions (model.md v3, "The plan"); none: the assumptions hold for every month.
 *
 * @example
 * const s = projectMonthly(resolveAssumptions(), 'beekeeper');
 * s.customers[59] // expected customers at month 60
 */
export function projectMonthly(a: Assumptions, scenario: Scenario, plan: Plan = []): MonthlySeries {
  return projectInto(
    a,
    scenario,
    allocateSeries(a.months),
    plan.length > 0 ? { plan: schedulePlan(plan, a.months) } : {},
  );
}

/** Columns for `months` months of every monthly output. */
export function allocateSeries(months: number): MonthlySeries {
  const series = {} as Record<MonthlyOutput, Float64Array>;
  for (const output of MONTHLY_OUTPUTS) series[output] = new Float64Array(months);
  return series;
}

/**
 * The terms of the month equations that come from the assumptions in force: computed once, and
 * again in a month where the plan changes one of them.
 */
interface Terms {
  goodwillTarget: number;
  hiringSteps: number;
  persuasionBase: number;
  priceMultiplier: number;
  priceGrowth: number;
  customerChurn: number;
  expansionMonthly: number;
  arrCarry: number;
  subscriptionCostShare: number;
  servicesCostShare: number;
  marketingMonthly: number;
  fixedMonthly: number;
}

function termsOf(a: Assumptions, scenario: Scenario): Terms {
  const customerChurn = monthly(a.customerChurn);
  const expansionMonthly = pow(1 + a.expansion, DELTA); // 1 + x
  return {
    goodwillTarget: targetGoodwill(a, scenario),
    hiringSteps: Math.max(1, a.hiringLag),
    persuasionBase: a.persuasion * (1 + a.educationUplift * a.memberEducation),
    priceMultiplier: scenario === 'proprietary' ? a.proprietaryPriceMultiplier : 1,
    priceGrowth: pow(1 + a.annualPriceGrowth, DELTA),
    customerChurn,
    expansionMonthly,
    // A staying customer's ARR: (1 − c) of it stays, and grows by net expansion x a month.
    arrCarry: (1 - customerChurn) * expansionMonthly,
    subscriptionCostShare: 1 - a.subscriptionMargin,
    servicesCostShare: 1 - a.servicesMargin,
    marketingMonthly: (a.marketingCosts + a.educationCost * a.memberEducation) / 12,
    fixedMonthly: a.fixedCosts / 12,
  };
}

/**
 * Projects into columns the caller owns (at least `a.months` long), so that a Monte Carlo run
 * reuses one set for every trial, and with a `workspace` for the employers' state, likewise.
 * `employersReached` is a report of its own (a sum over every bucket each month) that nothing
 * downstream needs: `{ reached: false }` skips it and leaves that column as it was. `plan` is a
 * compiled plan ({@link schedulePlan}) for `a.months` months.
 *
 * @example projectInto(a, 'beekeeper', allocateSeries(a.months), { reached: false }).cash
 */
export function projectInto(
  a: Assumptions,
  scenario: Scenario,
  series: MonthlySeries,
  options: { reached?: boolean; workspace?: ConversionWorkspace; plan?: PlanSchedule } = {},
): MonthlySeries {
  const withReached = options.reached ?? true;
  const months = a.months;
  const plan = options.plan;
  const goodwillPull = -expm1(-Math.LN2 / a.goodwillHalfLife); // 1 − 2^(−1/halfLife)
  const memberLeave = monthly(a.memberChurn);
  const softwareKeep = pow(1 - a.obsolescence, DELTA);
  // The assumptions in force this month: a copy the plan's step changes write to.
  const now: Record<AssumptionName, number> = plan ? { ...a } : (a as Record<AssumptionName, number>);
  let k = termsOf(a, scenario);
  const conversion = options.workspace
    ? options.workspace.start(a.organizations, a.employerSizeSkew, k.customerChurn, a.certificationPull)
    : new EmployerConversion(
        employerBuckets(a.organizations, a.employerSizeSkew),
        k.customerChurn,
        a.certificationPull,
      );
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
  let price = a.annualContractValue * k.priceMultiplier;
  let plannedTeam = -1; // the headcount plan in force; −1: none, the reinvestment rule sets the target
  let nextChange = 0; // index into plan.changeMonths

  for (let i = 0; i < months; i++) {
    let priceSet = false; // a planned annualContractValue sets this month's list price
    if (plan && nextChange < plan.changeMonths.length && plan.changeMonths[nextChange] === i) {
      for (const row of plan.changes[nextChange]) {
        if (row.name === 'engineers') plannedTeam = row.value;
        else {
          now[row.name as Plannable] = row.value;
          if (row.name === 'annualContractValue') priceSet = true;
        }
      }
      nextChange++;
      k = termsOf(now, scenario);
      conversion.setTerms(k.customerChurn, now.certificationPull);
    }
    const contributors = a.contributorShare * members * goodwill;
    goodwill += (k.goodwillTarget - goodwill) * goodwillPull;

    // No hiring freeze (v2): cash below zero is what must be raised (fundingNeed), not a brake.
    // A headcount plan (v3) replaces the reinvestment rule as the target; hiringLag still applies.
    const target = max(
      a.foundingEngineers,
      plannedTeam >= 0 ? plannedTeam : (now.reinvestShare * 12 * revenue) / now.engineerCost,
    );
    engineers += (target - engineers) / k.hiringSteps;

    software = software * softwareKeep + DELTA * (engineers + a.volunteerFte * contributors);
    const attractiveness = min(a.maxAttractiveness, power(software / a.initialEffort, a.qualityElasticity));

    const adopters = bassAdopters(a.marketSize, members, a.innovation, a.imitation * attractiveness, DELTA);
    members += adopters - members * memberLeave;

    const employed = a.employedShare * members;
    const persuasion = min(1, k.persuasionBase * goodwill * attractiveness);
    const customers = conversion.step(employed, persuasion);
    const newCustomers = conversion.newCustomers;

    // price_t = price_{t−1}·(1 + annualPriceGrowth_t)^(1/12), or a planned contract value.
    if (priceSet) price = now.annualContractValue * k.priceMultiplier;
    else if (i > 0) price *= k.priceGrowth;
    const previousArr = arr;
    const newArr = newCustomers * price;
    arr = arr * k.arrCarry + newArr;
    const subscription = arr / 12;
    const services = now.servicesAttach * subscription;
    revenue = subscription + services;
    const costOfRevenue = k.subscriptionCostShare * subscription + k.servicesCostShare * services;
    const engineeringCost = (engineers * now.engineerCost) / 12;
    const salesMarketingCost = now.acquisitionCost * newCustomers + k.marketingMonthly;
    const otherCost = now.otherCostShare * revenue + k.fixedMonthly;
    const cashFlow = revenue - costOfRevenue - engineeringCost - salesMarketingCost - otherCost;
    const financing = plan ? plan.funding[i] : 0;
    cash += cashFlow + financing;

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
    s.financing[i] = financing;
    s.newArr[i] = newArr;
    s.expansionArr[i] = previousArr * (1 - k.customerChurn) * (k.expansionMonthly - 1);
    s.churnedArr[i] = previousArr * k.customerChurn;
    // One sum is finite only if every term is (or the sum itself overflowed): a cheap test
    // each month, and the detailed one only when it fails.
    const sum = members + adopters + contributors + attractiveness + engineers + customers + revenue + cash + cashFlow;
    const all = sum + arr + costOfRevenue + engineeringCost + salesMarketingCost + otherCost + newCustomers;
    // all − all is 0 for a finite sum and NaN otherwise: Number.isFinite without a global's read.
    if (all - all !== 0) {
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
