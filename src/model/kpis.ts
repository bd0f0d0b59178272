import { Assumptions } from './assumptions';
import { ModelError, messages } from './errors';
import { MonthlySeries } from './projection';
import { min, pow } from './portable-math';

/** The KPIs of a projection, in the order of model.md (v2). */
export const KPI_NAMES = [
  'arr',
  'revenueTotal',
  'npv',
  'breakEvenMonth',
  'minCash',
  'customers',
  'members',
  'customersPerThousandMembers',
  'fundingNeed',
  'cashOutMonth',
  'grossMargin',
  'burnMultiple',
  'ruleOf40',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

/**
 * KPI values; `undefined` where a KPI does not exist (no break-even, cash that never runs out,
 * no members, no revenue or ARR at the horizon, fewer than 24 months for the rule of 40).
 */
export type Kpis = Readonly<Record<KpiName, number | undefined>>;

/**
 * The KPIs of a monthly projection.
 *
 * @example kpis(a, projectMonthly(a, 'beekeeper')).fundingNeed // what must be raised beyond initialCash
 */
export function kpis(a: Assumptions, s: MonthlySeries): Kpis {
  const months = a.months;
  const last = months - 1;
  let revenueTotal = 0;
  let npv = 0;
  let minCash = a.initialCash;
  let burnt = 0;
  let breakEven: number | undefined;
  let cashOut: number | undefined;
  // Month i's discount factor (1 + rate)^((i + 1)/12), one multiplication a month.
  const monthlyGrowth = pow(1 + a.discountRate, 1 / 12);
  let discount = 1;
  for (let i = 0; i <= last; i++) {
    const cashFlow = s.cashFlow[i];
    revenueTotal += s.revenue[i];
    discount *= monthlyGrowth;
    // A discount factor can underflow to 0 (discountRate near −1): 0/0 must not make NaN.
    if (cashFlow !== 0) npv += cashFlow / discount;
    if (cashFlow < 0) burnt -= cashFlow;
    minCash = min(minCash, s.cash[i]);
    if (cashOut === undefined && s.cash[i] < 0) cashOut = i + 1;
    // Break-even: the first month from which the cash flow stays ≥ 0 to the horizon.
    if (cashFlow < 0) breakEven = undefined;
    else if (breakEven === undefined) breakEven = i + 1;
  }
  const arr = s.arr[last];
  // The company's value at the horizon, as investors value it: a multiple of its ARR.
  if (a.exitArrMultiple > 0 && arr > 0) npv += (a.exitArrMultiple * arr) / discount;
  const members = s.members[last];
  const customers = s.customers[last];
  const revenueLast = s.revenue[last];
  const result: Kpis = {
    arr,
    revenueTotal,
    npv,
    breakEvenMonth: breakEven,
    minCash,
    customers,
    members,
    customersPerThousandMembers: members > 0 ? (1000 * customers) / members : undefined,
    fundingNeed: Math.max(0, -minCash),
    cashOutMonth: cashOut,
    grossMargin: revenueLast > 0 ? 1 - s.costOfRevenue[last] / revenueLast : undefined,
    burnMultiple: arr > 0 ? burnt / arr : undefined,
    ruleOf40: ruleOf40(s, months),
  };
  // Monthly outputs are finite (projectMonthly checks them), but their sum or discounted sum
  // can still overflow: name the KPI rather than return Infinity.
  for (const name of KPI_NAMES) {
    const value = result[name];
    if (value !== undefined && !Number.isFinite(value)) throw new ModelError('overflow', messages.kpiNotFinite(name));
  }
  return result;
}

/**
 * The rule of 40 at the horizon, as a fraction: the last 12 months' revenue over the 12 before,
 * less 1, plus the last 12 months' cash-flow margin. Not available before 24 months, or without
 * revenue in either year.
 */
function ruleOf40(s: MonthlySeries, months: number): number | undefined {
  if (months < 24) return undefined;
  let revenueBefore = 0;
  let revenueLast = 0;
  let cashFlowLast = 0;
  for (let i = months - 24; i < months - 12; i++) revenueBefore += s.revenue[i];
  for (let i = months - 12; i < months; i++) {
    revenueLast += s.revenue[i];
    cashFlowLast += s.cashFlow[i];
  }
  if (!(revenueBefore > 0) || !(revenueLast > 0)) return undefined;
  return revenueLast / revenueBefore - 1 + cashFlowLast / revenueLast;
}

/**
 * Why a KPI is not available for a projection of `months` months (`#N/A` in Excel says this).
 *
 * @example kpiNotAvailable('breakEvenMonth', 60) // "no break-even: cash flow does not stay ≥ 0 through month 60"
 */
export function kpiNotAvailable(name: KpiName, months: number): string {
  switch (name) {
    case 'breakEvenMonth':
      return messages.noBreakEven(months);
    case 'cashOutMonth':
      return messages.noCashOut(months);
    case 'customersPerThousandMembers':
      return messages.noMembers(months);
    case 'grossMargin':
      return messages.noRevenueAtHorizon(months);
    case 'burnMultiple':
      return messages.noArrAtHorizon(months);
    case 'ruleOf40':
      return months < 24 ? messages.ruleOf40Short(months) : messages.ruleOf40NoRevenue(months - 23, months - 12);
    default:
      return `${name} is always available`; // the other KPIs always have a value
  }
}
