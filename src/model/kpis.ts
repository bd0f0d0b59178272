import { Assumptions } from './assumptions';
import { ModelError, messages } from './errors';
import { MonthlySeries } from './projection';

/** The KPIs of a projection, in the order of model.md. */
export const KPI_NAMES = [
  'arr',
  'revenueTotal',
  'npv',
  'breakEvenMonth',
  'minCash',
  'customers',
  'members',
  'customersPerThousandMembers',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

/** KPI values; `undefined` where a KPI does not exist (no break-even, no members). */
export type Kpis = Readonly<Record<KpiName, number | undefined>>;

/**
 * The KPIs of a monthly projection.
 *
 * @example kpis(a, projectMonthly(a, 'beekeeper')).npv
 */
export function kpis(a: Assumptions, s: MonthlySeries): Kpis {
  const last = a.months - 1;
  let revenueTotal = 0;
  let npv = 0;
  let minCash = a.initialCash;
  let breakEven: number | undefined;
  // Month i's discount factor (1 + rate)^((i + 1)/12), one multiplication a month.
  const monthlyGrowth = (1 + a.discountRate) ** (1 / 12);
  let discount = 1;
  for (let i = 0; i <= last; i++) {
    revenueTotal += s.revenue[i];
    discount *= monthlyGrowth;
    // A discount factor can underflow to 0 (discountRate near −1): 0/0 must not make NaN.
    if (s.cashFlow[i] !== 0) npv += s.cashFlow[i] / discount;
    minCash = Math.min(minCash, s.cash[i]);
    // Break-even: the first month from which the cash flow stays ≥ 0 to the horizon.
    if (s.cashFlow[i] < 0) breakEven = undefined;
    else if (breakEven === undefined) breakEven = i + 1;
  }
  const members = s.members[last];
  const customers = s.customers[last];
  const result: Kpis = {
    arr: s.arr[last],
    revenueTotal,
    npv,
    breakEvenMonth: breakEven,
    minCash,
    customers,
    members,
    customersPerThousandMembers: members > 0 ? (1000 * customers) / members : undefined,
  };
  // Monthly outputs are finite (projectMonthly checks them), but their sum or discounted sum
  // can still overflow: name the KPI rather than return Infinity.
  for (const name of KPI_NAMES) {
    const value = result[name];
    if (value !== undefined && !Number.isFinite(value)) throw new ModelError('overflow', messages.kpiNotFinite(name));
  }
  return result;
}
