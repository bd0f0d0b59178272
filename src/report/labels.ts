import type { AssumptionName } from '../model/assumptions';
import type { KpiName } from '../model/kpis';
import type { MonthlyOutput } from '../model/projection';
import type { YearFigure } from '../model/years';
import { CURRENCY_SYMBOL, FORMATS, NumberFormat } from './types';
import { pow } from '../model/portable-math';

/**
 * What the report calls each figure, and how it shows it: one catalogue, keyed by the model's
 * names, so the Summary, Compare, Monthly and Trials sheets and the terminal say the same
 * thing. The catalogues are Records: a KPI or monthly output added to the model without a
 * label here is a compile error.
 */

/** What kind of quantity a figure is; it decides the number format and the terminal text. */
export type Measure = 'money' | 'people' | 'count' | 'share' | 'multiple' | 'month';

/** The number format of each measure (workbook.md: currency, whole people, percentages). */
export const MEASURE_FORMATS: Record<Measure, NumberFormat> = {
  money: FORMATS.currency,
  people: FORMATS.whole,
  count: FORMATS.whole,
  share: FORMATS.percent,
  multiple: FORMATS.oneDecimal,
  month: FORMATS.month,
};

/** A figure's plain-language label (it may name the horizon) and its measure. */
export interface Label {
  readonly label: (months: number) => string;
  readonly measure: Measure;
}

const fixed = (text: string) => (): string => text;

/** The KPIs (model.md, "KPIs"), in words a finance reader uses. */
export const KPI_LABELS: Record<KpiName, Label> = {
  arr: { label: (m) => `ARR at month ${m}`, measure: 'money' },
  revenueTotal: { label: (m) => `Revenue, total over ${m} months`, measure: 'money' },
  npv: { label: fixed('NPV, with exit value'), measure: 'money' },
  breakEvenMonth: { label: fixed('Break-even month'), measure: 'month' },
  minCash: { label: fixed('Lowest cash balance'), measure: 'money' },
  customers: { label: (m) => `Customers at month ${m}`, measure: 'count' },
  members: { label: (m) => `Community members at month ${m}`, measure: 'people' },
  customersPerThousandMembers: { label: fixed('Customers per 1,000 members'), measure: 'multiple' },
  fundingNeed: { label: fixed('Funding need (beyond cash and rounds)'), measure: 'money' },
  cashOutMonth: { label: fixed('Month cash runs out'), measure: 'month' },
  grossMargin: { label: (m) => `Gross margin in month ${m}`, measure: 'share' },
  burnMultiple: { label: fixed('Burn multiple (cash burnt ÷ ARR)'), measure: 'multiple' },
  ruleOf40: { label: fixed('Rule of 40 (growth + cash-flow margin)'), measure: 'share' },
};

/** The monthly outputs (model.md), as column headers: "Revenue P50". */
export const MONTHLY_LABELS: Record<MonthlyOutput, Label> = {
  month: { label: fixed('Month'), measure: 'month' },
  members: { label: fixed('Members'), measure: 'people' },
  newMembers: { label: fixed('New members'), measure: 'people' },
  contributors: { label: fixed('Contributors'), measure: 'people' },
  goodwill: { label: fixed('Goodwill'), measure: 'share' },
  attractiveness: { label: fixed('Attractiveness'), measure: 'multiple' },
  engineers: { label: fixed('Engineers'), measure: 'people' },
  employersReached: { label: fixed('Employers reached'), measure: 'count' },
  customers: { label: fixed('Customers'), measure: 'count' },
  newCustomers: { label: fixed('New customers'), measure: 'count' },
  churnedCustomers: { label: fixed('Churned customers'), measure: 'count' },
  subscriptionRevenue: { label: fixed('Subscription revenue'), measure: 'money' },
  servicesRevenue: { label: fixed('Services revenue'), measure: 'money' },
  revenue: { label: fixed('Revenue'), measure: 'money' },
  arr: { label: fixed('ARR'), measure: 'money' },
  costOfRevenue: { label: fixed('Cost of revenue'), measure: 'money' },
  engineeringCost: { label: fixed('Engineering cost'), measure: 'money' },
  salesMarketingCost: { label: fixed('Sales and marketing cost'), measure: 'money' },
  otherCost: { label: fixed('G&A cost'), measure: 'money' },
  cashFlow: { label: fixed('Cash flow'), measure: 'money' },
  cash: { label: fixed('Cash'), measure: 'money' },
  financing: { label: fixed('Financing'), measure: 'money' },
  newArr: { label: fixed('New ARR'), measure: 'money' },
  expansionArr: { label: fixed('Expansion ARR'), measure: 'money' },
  churnedArr: { label: fixed('Churned ARR'), measure: 'money' },
};

/** A KPI's label for a run of `months` months. @example kpiLabel('arr', 60) // "ARR at month 60" */
export const kpiLabel = (name: KpiName, months: number): string => KPI_LABELS[name].label(months);

/** A KPI's number format. @example kpiFormat('cashOutMonth') // "0" */
export const kpiFormat = (name: KpiName): NumberFormat => MEASURE_FORMATS[KPI_LABELS[name].measure];

/**
 * How the Inputs and Trials sheets show each assumption's value and parameters, by what its
 * unit is: money in currency, shares and rates of money or people in percent, headcounts
 * whole; coefficients (Bass p and q, elasticities, intensities) as typed.
 */
export const INPUT_FORMATS: Record<AssumptionName, NumberFormat> = {
  months: FORMATS.month,
  marketSize: FORMATS.whole,
  initialMembers: FORMATS.whole,
  innovation: FORMATS.general,
  imitation: FORMATS.general,
  memberChurn: FORMATS.inputPercent,
  contributorShare: FORMATS.inputPercent,
  volunteerFte: FORMATS.general,
  employedShare: FORMATS.inputPercent,
  organizations: FORMATS.whole,
  employerSizeSkew: FORMATS.general,
  persuasion: FORMATS.general,
  memberEducation: FORMATS.general,
  educationUplift: FORMATS.general,
  educationCost: FORMATS.currency,
  communityPitch: FORMATS.general,
  pitchPenalty: FORMATS.inputPercent,
  certificationPull: FORMATS.general,
  annualContractValue: FORMATS.currency,
  expansion: FORMATS.inputPercent,
  annualPriceGrowth: FORMATS.inputPercent,
  servicesAttach: FORMATS.inputPercent,
  customerChurn: FORMATS.inputPercent,
  proprietaryPriceMultiplier: FORMATS.general,
  sequestrationResentment: FORMATS.inputPercent,
  goodwillHalfLife: FORMATS.general,
  foundingEngineers: FORMATS.whole,
  engineerCost: FORMATS.currency,
  reinvestShare: FORMATS.inputPercent,
  hiringLag: FORMATS.month,
  subscriptionMargin: FORMATS.inputPercent,
  servicesMargin: FORMATS.inputPercent,
  acquisitionCost: FORMATS.currency,
  marketingCosts: FORMATS.currency,
  otherCostShare: FORMATS.inputPercent,
  fixedCosts: FORMATS.currency,
  initialCash: FORMATS.currency,
  initialEffort: FORMATS.general,
  obsolescence: FORMATS.inputPercent,
  qualityElasticity: FORMATS.general,
  maxAttractiveness: FORMATS.general,
  discountRate: FORMATS.inputPercent,
  exitArrMultiple: FORMATS.general,
  initialCustomers: FORMATS.whole,
  initialArr: FORMATS.currency,
  startDate: FORMATS.calendarMonth,
  fiscalYearStart: FORMATS.month,
};

// ---------------------------------------------------------------------------------------------
// Text (the terminal and the sentences of the report), fixed to en-US like the terminal tables
// ---------------------------------------------------------------------------------------------

/** U+2212: a minus sign, as typeset figures use, in sentences (cells keep Excel's "-"). */
const MINUS = '\u2212';

const grouped = (value: number, decimals: number) =>
  Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

/** True when `value` rounds to zero at `decimals` places: it is then shown without a sign. */
const roundsToZero = (value: number, decimals: number) => Math.abs(value) < 0.5 * pow(10, -decimals);

/**
 * A value as its measure shows it on the terminal: money "$18,915,480" / "-$1,512,247",
 * shares "85.3 %", multiples "2.4", months "37", people and counts "91,712".
 *
 * @example formatMeasure(-1512247.4, 'money') // "-$1,512,247"
 * @example formatMeasure(0.853, 'share') // "85.3 %"
 */
export function formatMeasure(value: number, measure: Measure): string {
  const decimals = measure === 'share' || measure === 'multiple' ? 1 : 0;
  const shown = measure === 'share' ? value * 100 : value;
  const sign = shown < 0 && !roundsToZero(shown, decimals) ? '-' : '';
  const digits = measure === 'month' ? Math.abs(shown).toFixed(0) : grouped(shown, decimals);
  if (measure === 'money') return `${sign}${CURRENCY_SYMBOL}${digits}`;
  return measure === 'share' ? `${sign}${digits} %` : `${sign}${digits}`;
}

/**
 * Money in a sentence, rounded to what a reader takes in, always signed: "+$4.1 M",
 * "−$850 k", "+$12", "$0".
 *
 * @example signedMoney(-4_123_456) // "−$4.1 M"
 * @example signedMoney(2_500_000_000) // "+$2.5 B"
 */
export function signedMoney(value: number): string {
  const size = Math.abs(value);
  const [scaled, unit, decimals] =
    size >= 1e9
      ? [size / 1e9, ' B', 1]
      : size >= 1e6
        ? [size / 1e6, ' M', 1]
        : size >= 1e3
          ? [size / 1e3, ' k', 0]
          : [size, '', 0];
  const text = `${CURRENCY_SYMBOL}${grouped(scaled, decimals)}${unit}`;
  if (roundsToZero(scaled, decimals)) return `${CURRENCY_SYMBOL}0`;
  return `${value < 0 ? MINUS : '+'}${text}`;
}

/**
 * A share of trials in a sentence: whole percent, unless that would round a share that is not
 * 0 or 1 to "0 %" or "100 %" (which would say never or always): then one decimal.
 *
 * @example shareText(0.2312) // "23 %"
 * @example shareText(0.9996) // "99.96 %" (not "100 %": one trial in 2,500 says otherwise)
 */
export function shareText(share: number): string {
  const percent = 100 * share;
  if (Math.round(percent) > 0 && Math.round(percent) < 100) return `${Math.round(percent)} %`;
  if (share === 0 || share === 1) return `${percent.toFixed(0)} %`;
  // Near the ends: keep enough decimals that the text is neither 0 % nor 100 %.
  for (let decimals = 1; decimals < 6; decimals++) {
    const text = percent.toFixed(decimals);
    if (Number(text) > 0 && Number(text) < 100) return `${text} %`;
  }
  return `${percent > 50 ? '> 99.999' : '< 0.001'} %`;
}

/**
 * A signed relative change in a sentence: "+12 %", "−3.4 %" (one decimal below 10 %).
 *
 * @example signedPercent(-0.1234) // "−12 %"
 */
export function signedPercent(fraction: number): string {
  const percent = 100 * fraction;
  const decimals = Math.abs(percent) < 9.95 ? 1 : 0;
  if (roundsToZero(percent, decimals)) return '0 %';
  return `${percent < 0 ? MINUS : '+'}${grouped(percent, decimals)} %`;
}

// ---------------------------------------------------------------------------------------------
// v3 (workbook.md, "Labels"): the assumptions in plain words, and figures over part of the trials
// ---------------------------------------------------------------------------------------------

/**
 * Each assumption in words a finance reader uses, for the tornado chart, the Sensitivity sheet
 * and the Inputs sheet; the code name stays beside it wherever a formula needs it. A Record: an
 * assumption added to the model without a label here is a compile error.
 */
export const ASSUMPTION_LABELS: Record<AssumptionName, string> = {
  months: 'Months projected',
  marketSize: 'Market size (people who could join)',
  initialMembers: 'Community members at the start',
  innovation: 'Joining on their own (Bass p)',
  imitation: 'Word-of-mouth (Bass q)',
  memberChurn: 'Members leaving, per year',
  contributorShare: 'Members who contribute',
  volunteerFte: 'Work of a volunteer (FTE)',
  employedShare: 'Members at an employer that could buy',
  organizations: 'Employers that could buy',
  employerSizeSkew: 'Spread of employer sizes (Zipf)',
  persuasion: 'Chance a member persuades their employer',
  memberEducation: 'Member education effort',
  educationUplift: 'Persuasion gained from education',
  educationCost: 'Cost of member education, per year',
  communityPitch: 'Marketing pitched at the community',
  pitchPenalty: 'Goodwill lost to pitching',
  certificationPull: 'Buying without an advocate',
  annualContractValue: 'Price of a new contract, per year',
  expansion: 'Expansion of a staying customer',
  annualPriceGrowth: 'List price growth, per year',
  servicesAttach: 'Services sold per $ of subscription',
  customerChurn: 'Customers lost, per year',
  proprietaryPriceMultiplier: 'Price multiple of licences (proprietary)',
  sequestrationResentment: 'Goodwill lost to closed fixes (proprietary)',
  goodwillHalfLife: 'Half-life of goodwill (months)',
  foundingEngineers: 'Founding engineers',
  engineerCost: 'Cost of an engineer, per year',
  reinvestShare: 'Revenue reinvested in engineers',
  hiringLag: 'Hiring lag (months)',
  subscriptionMargin: 'Gross margin of subscriptions',
  servicesMargin: 'Gross margin of services',
  acquisitionCost: 'Cost of winning a customer',
  marketingCosts: 'Fixed marketing, per year',
  otherCostShare: 'G&A, share of revenue',
  fixedCosts: 'Fixed G&A, per year',
  initialCash: 'Cash at the start',
  initialEffort: 'Software at the start (engineer-years)',
  obsolescence: 'Ageing of the software, per year',
  qualityElasticity: 'Pull of software quality',
  maxAttractiveness: 'Ceiling on the pull of the software',
  discountRate: 'Discount rate of the NPV',
  exitArrMultiple: 'Exit value (multiple of ARR)',
  initialCustomers: 'Customers at the start',
  initialArr: 'ARR at the start',
  startDate: 'Calendar month of month 1',
  fiscalYearStart: 'First month of the fiscal year',
};

/** An assumption's plain label. @example assumptionLabel('imitation') // "Word-of-mouth (Bass q)" */
export const assumptionLabel = (name: AssumptionName): string => ASSUMPTION_LABELS[name];

/**
 * A KPI's label with the share of the trials its statistics are over, where that is not all of
 * them: the month cash runs out exists only in the trials where it does (workbook.md v3: one
 * definition of each figure, in the Summary's tables and on the terminal alike).
 *
 * @example kpiLabelOver('cashOutMonth', 60, 0.72) // "Month cash runs out (in 72 % of trials)"
 * @example kpiLabelOver('arr', 60, 1) // "ARR at month 60"
 */
export function kpiLabelOver(name: KpiName, months: number, share: number): string {
  const label = kpiLabel(name, months);
  return share === 1 ? label : `${label} (in ${shareText(share)} of trials)`;
}

/**
 * Money in a sentence without a sign for a positive amount: "$9.8 M", "−$850 k", "$0".
 *
 * @example moneyText(9_750_000) // "$9.8 M"
 */
export const moneyText = (value: number): string => signedMoney(value).replace(/^\+/, '');

// ---------------------------------------------------------------------------------------------
// Headers with units (workbook.md v3, "Labels"): the Years sheet and the Monthly base case
// ---------------------------------------------------------------------------------------------

/**
 * The yearly figures (workbook.md v3, "Beekeeper Years"), as headers with their unit in words:
 * flows over the year ("Revenue, year"), stocks at its end ("ARR, end of year").
 */
export const YEAR_LABELS: Record<YearFigure, Label> = {
  revenue: { label: fixed('Revenue, year'), measure: 'money' },
  openingArr: { label: fixed('ARR, start of year'), measure: 'money' },
  newArr: { label: fixed('New ARR, year'), measure: 'money' },
  expansionArr: { label: fixed('Expansion ARR, year'), measure: 'money' },
  churnedArr: { label: fixed('Churned ARR, year'), measure: 'money' },
  closingArr: { label: fixed('ARR, end of year'), measure: 'money' },
  customers: { label: fixed('Customers, end of year'), measure: 'count' },
  members: { label: fixed('Community members, end of year'), measure: 'people' },
  engineers: { label: fixed('Engineers, end of year'), measure: 'people' },
  grossMargin: { label: fixed('Gross margin, year'), measure: 'share' },
  operatingCashFlow: { label: fixed('Operating cash flow, year'), measure: 'money' },
  financing: { label: fixed('Financing, year'), measure: 'money' },
  cash: { label: fixed('Cash, end of year'), measure: 'money' },
  netDollarRetention: { label: fixed('Net dollar retention'), measure: 'share' },
  burnMultiple: { label: fixed('Burn multiple'), measure: 'multiple' },
  cacPaybackMonths: { label: fixed('CAC payback, months'), measure: 'month' },
  magicNumber: { label: fixed('Magic number'), measure: 'multiple' },
  ruleOf40: { label: fixed('Rule of 40'), measure: 'share' },
};

/**
 * Every monthly output as a header with its unit in words: flows over the month ("Revenue,
 * month"), stocks at its end ("ARR, end of month"). The Monthly sheet's base-case columns.
 */
export const MONTHLY_UNIT_LABELS: Record<MonthlyOutput, string> = {
  month: 'Month',
  members: 'Community members, end of month',
  newMembers: 'New members, month',
  contributors: 'Contributors, end of month',
  goodwill: 'Goodwill (share)',
  attractiveness: 'Attractiveness (multiple)',
  engineers: 'Engineers, end of month',
  employersReached: 'Employers reached, end of month',
  customers: 'Customers, end of month',
  newCustomers: 'New customers, month',
  churnedCustomers: 'Churned customers, month',
  subscriptionRevenue: 'Subscription revenue, month',
  servicesRevenue: 'Services revenue, month',
  revenue: 'Revenue, month',
  arr: 'ARR, end of month',
  costOfRevenue: 'Cost of revenue, month',
  engineeringCost: 'Engineering (R&D) cost, month',
  salesMarketingCost: 'Sales and marketing cost, month',
  otherCost: 'G&A cost, month',
  cashFlow: 'Operating cash flow, month',
  cash: 'Cash, end of month',
  financing: 'Financing, month',
  newArr: 'New ARR, month',
  expansionArr: 'Expansion ARR, month',
  churnedArr: 'Churned ARR, month',
};
