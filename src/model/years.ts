import { Assumptions } from './assumptions';
import { fiscalYearOf, monthDates } from './calendar';
import { monthly } from './bass';
import { Plan } from './plan';
import { MonthlySeries } from './projection';
import { pow } from './portable-math';

/**
 * The yearly view of a projection (workbook.md v3, "Beekeeper Years"): fiscal years by
 * `fiscalYearStart` (without `startDate`, years of 12 months from month 1), each with its
 * totals, its ARR bridge, its end-of-year state and the SaaS metrics a board reads. Every figure
 * of a year that holds fewer than 12 months (the first or last, with a fiscal year that does
 * not start in month 1) is over the months it holds, not annualised; growth across such a year
 * is not meaningful and is left out.
 */

/** One year of a projection: which months it holds. */
export interface YearSpan {
  /** "Year 1" without startDate, else the fiscal year "FY2027" (named by the calendar year it ends in). */
  readonly label: string;
  /** 1-based months of the projection, inclusive. */
  readonly firstMonth: number;
  readonly lastMonth: number;
  /** Fewer than 12 months. */
  readonly partial: boolean;
}

/**
 * The years of a projection of `a.months` months.
 *
 * @example yearSpans(resolveAssumptions({ months: 30 })).map((y) => y.label) // ["Year 1", "Year 2", "Year 3"] (the last partial)
 * @example yearSpans(resolveAssumptions({ startDate: 46388, fiscalYearStart: 7, months: 24 }))[0] // { label: 'FY2027', firstMonth: 1, lastMonth: 6, partial: true }
 */
export function yearSpans(a: Assumptions): YearSpan[] {
  const spans: YearSpan[] = [];
  const push = (label: string, first: number, last: number) =>
    spans.push({ label, firstMonth: first, lastMonth: last, partial: last - first + 1 < 12 });
  if (a.startDate === 0) {
    for (let first = 1; first <= a.months; first += 12)
      push(`Year ${spans.length + 1}`, first, Math.min(a.months, first + 11));
    return spans;
  }
  const dates = monthDates(a.startDate, a.months);
  let first = 1;
  for (let m = 1; m <= a.months; m++) {
    const year = fiscalYearOf(dates[m - 1], a.fiscalYearStart);
    if (m === a.months || fiscalYearOf(dates[m], a.fiscalYearStart) !== year) {
      push(`FY${year}`, first, m);
      first = m + 1;
    }
  }
  return spans;
}

/** The yearly figures, in the order the Years sheet shows them. */
export const YEAR_FIGURES = [
  'revenue',
  'openingArr',
  'newArr',
  'expansionArr',
  'churnedArr',
  'closingArr',
  'customers',
  'members',
  'engineers',
  'grossMargin',
  'operatingCashFlow',
  'financing',
  'cash',
  'netDollarRetention',
  'burnMultiple',
  'cacPaybackMonths',
  'magicNumber',
  'ruleOf40',
] as const;
export type YearFigure = (typeof YEAR_FIGURES)[number];

/** One year's figures; `undefined` where a figure is not meaningful (see {@link yearFigures}). */
export type YearFigures = Readonly<Record<YearFigure, number | undefined>>;

/** A value of an assumption in force each month: the plan's step changes over the base value. */
function inForce(a: Assumptions, plan: Plan, name: 'customerChurn' | 'expansion' | 'acquisitionCost'): Float64Array {
  const values = new Float64Array(a.months).fill(a[name]);
  for (const row of plan) if (row.name === name) values.fill(row.value, row.month - 1);
  return values;
}

/**
 * The figures of every year of a projection (the plan it ran with, for the churn, expansion and
 * acquisition cost in force each month). Definitions (workbook.md v3):
 * - revenue, new/expansion/churned ARR, operating cash flow (Σ CF), financing: sums over the year;
 *   opening ARR: the previous year's closing (initialArr for the first); closing ARR, customers,
 *   members, engineers and cash: at the year's last month; gross margin 1 − Σ cost of revenue ÷ Σ revenue;
 * - net dollar retention Π (1 − c_t)(1 + x_t): the opening cohort's carry, new customers' expansion
 *   left out;
 * - burn multiple: net burn (−operating cash flow when negative, else 0) ÷ net new ARR (closing −
 *   opening); not meaningful when net new ARR ≤ 0;
 * - CAC payback, months: Σ acquisitionCost_t·new_t ÷ (new ARR × gross margin) × 12; not meaningful
 *   when that denominator ≤ 0;
 * - magic number: net new ARR ÷ Σ sales and marketing; not meaningful when that spend ≤ 0;
 * - rule of 40: revenue growth over the year before + Σ CF ÷ Σ revenue; not meaningful for the
 *   first year, when this year or the one before holds fewer than 12 months, or either has no revenue.
 *
 * @example yearFigures(a, projectMonthly(a, 'beekeeper'))[4].netDollarRetention // 1.035 (0.9 × 1.15)
 */
export function yearFigures(a: Assumptions, s: MonthlySeries, plan: Plan = [], spans = yearSpans(a)): YearFigures[] {
  const churn = inForce(a, plan, 'customerChurn');
  const expansion = inForce(a, plan, 'expansion');
  const acquisitionCost = inForce(a, plan, 'acquisitionCost');
  const years: YearFigures[] = [];
  let openingArr = a.initialArr;
  let previousRevenue: number | undefined;
  let previousPartial = true;
  for (const span of spans) {
    let revenue = 0;
    let costOfRevenue = 0;
    let cashFlow = 0;
    let financing = 0;
    let newArr = 0;
    let expansionArr = 0;
    let churnedArr = 0;
    let salesMarketing = 0;
    let acquisition = 0;
    let retention = 1;
    for (let i = span.firstMonth - 1; i < span.lastMonth; i++) {
      revenue += s.revenue[i];
      costOfRevenue += s.costOfRevenue[i];
      cashFlow += s.cashFlow[i];
      financing += s.financing[i];
      newArr += s.newArr[i];
      expansionArr += s.expansionArr[i];
      churnedArr += s.churnedArr[i];
      salesMarketing += s.salesMarketingCost[i];
      acquisition += acquisitionCost[i] * s.newCustomers[i];
      retention *= (1 - monthly(churn[i])) * pow(1 + expansion[i], 1 / 12);
    }
    const last = span.lastMonth - 1;
    const closingArr = s.arr[last];
    const netNewArr = closingArr - openingArr;
    const grossMargin = revenue > 0 ? 1 - costOfRevenue / revenue : undefined;
    const payback = grossMargin !== undefined ? newArr * grossMargin : 0;
    const comparable = !span.partial && !previousPartial && previousRevenue !== undefined && previousRevenue > 0;
    years.push({
      revenue,
      openingArr,
      newArr,
      expansionArr,
      churnedArr,
      closingArr,
      customers: s.customers[last],
      members: s.members[last],
      engineers: s.engineers[last],
      grossMargin,
      operatingCashFlow: cashFlow,
      financing,
      cash: s.cash[last],
      netDollarRetention: retention,
      burnMultiple: netNewArr > 0 ? Math.max(0, -cashFlow) / netNewArr : undefined,
      cacPaybackMonths: payback > 0 ? (acquisition / payback) * 12 : undefined,
      magicNumber: salesMarketing > 0 ? netNewArr / salesMarketing : undefined,
      ruleOf40: comparable && revenue > 0 ? revenue / previousRevenue! - 1 + cashFlow / revenue : undefined,
    });
    openingArr = closingArr;
    previousRevenue = revenue;
    previousPartial = span.partial;
  }
  return years;
}
