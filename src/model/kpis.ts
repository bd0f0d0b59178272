import { Assumptions } from './assumptions';
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
  for (let i = 0; i <= last; i++) {
    revenueTotal += s.revenue[i];
    npv += s.cashFlow[i] / (1 + a.discountRate) ** ((i + 1) / 12);
    minCash = Math.min(minCash, s.cash[i]);
    // Break-even: the first month from which the cash flow stays ≥ 0 to the horizon.
    if (s.cashFlow[i] < 0) breakEven = undefined;
    else if (breakEven === undefined) breakEven = i + 1;
  }
  const members = s.members[last];
  const customers = s.customers[last];
  return {
    arr: s.arr[last],
    revenueTotal,
    npv,
    breakEvenMonth: breakEven,
    minCash,
    customers,
    members,
    customersPerThousandMembers: members > 0 ? (1000 * customers) / members : undefined,
  };
}
