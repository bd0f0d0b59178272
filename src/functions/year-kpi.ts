import {
  Projection,
  YearFigure,
  YearFigures,
  YearSpan,
  describeValue,
  invalid,
  ModelError,
  yearFigures,
  yearSpans,
} from '../model';
import { errorCodeOf } from './args';

/**
 * The yearly KPIs of OSS.KPI (functions.md v3, issue 16): each figure of the Years sheet
 * (src/model/years.ts, `yearFigures`) of one year of the projection, the year given as OSS.KPI's
 * last argument. Every name starts with `year`, so that a formula says it needs a year and never
 * reads as the KPI at the horizon of the same word: `burnMultiple`, `grossMargin`, `ruleOf40`,
 * `customers` and `members` are horizon KPIs with other definitions (burnMultiple: all cash burnt
 * ÷ ARR at the horizon; yearBurnMultiple: the year's net burn ÷ its net new ARR). The rest of a
 * name is the figure's, except the two a board abbreviates: netDollarRetention → yearNdr and
 * cacPaybackMonths → yearCacPayback (in months).
 */
export const YEAR_KPIS = {
  yearRevenue: 'revenue',
  yearOpeningArr: 'openingArr',
  yearNewArr: 'newArr',
  yearExpansionArr: 'expansionArr',
  yearChurnedArr: 'churnedArr',
  yearClosingArr: 'closingArr',
  yearCustomers: 'customers',
  yearMembers: 'members',
  yearEngineers: 'engineers',
  yearGrossMargin: 'grossMargin',
  yearOperatingCashFlow: 'operatingCashFlow',
  yearFinancing: 'financing',
  yearCash: 'cash',
  yearNdr: 'netDollarRetention',
  yearBurnMultiple: 'burnMultiple',
  yearCacPayback: 'cacPaybackMonths',
  yearMagicNumber: 'magicNumber',
  yearRuleOf40: 'ruleOf40',
} as const satisfies Record<string, YearFigure>;
export type YearKpiName = keyof typeof YEAR_KPIS;
export const YEAR_KPI_NAMES = Object.keys(YEAR_KPIS) as YearKpiName[];

export const isYearKpi = (name: string): name is YearKpiName => Object.prototype.hasOwnProperty.call(YEAR_KPIS, name);

/** Omitted, as an optional argument arrives (null), or an empty or blank cell. */
const isOmitted = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/** An error cell (the parameter is `any`, so Excel passes one): refused, naming the argument. */
function refuseError(value: unknown): void {
  const code = errorCodeOf(value);
  if (code !== undefined) invalid(`year: the value is an error (${code})`);
}

/** The label text as compared: case and spaces do not matter ("fy2028", "FY 2028", "year2"). */
const normalised = (label: string) => label.replace(/\s+/g, '').toLowerCase();

/** A fiscal year's number from its label "FY2028"; undefined for "Year k". */
const fiscalYear = (span: YearSpan) => (/^FY\d+$/.test(span.label) ? Number(span.label.slice(2)) : undefined);

/**
 * What `year` may be for these years, as a message states the rule.
 *
 * @example yearRule(yearSpans(resolveAssumptions())) // "a whole number from 1 to 5 (the projection's years Year 1 to Year 5) or one of those labels"
 */
export function yearRule(spans: readonly YearSpan[]): string {
  const first = spans[0];
  const last = spans[spans.length - 1];
  const index = `a whole number from 1 to ${spans.length}`;
  if (fiscalYear(first) === undefined)
    return `${index} (the projection's years ${first.label} to ${last.label}) or one of those labels`;
  return `${index}, a fiscal year from ${fiscalYear(first)} to ${fiscalYear(last)} or its label ${first.label} to ${last.label}`;
}

/**
 * Which year (0-based, into `yearSpans(a)`) the `year` argument names: 1, 2, … counts the
 * projection's years; with startDate a fiscal year may also be given by its number (2028) or
 * its label ("FY2028"); without, by the label "Year 2". A number that could be either cannot
 * occur: a fiscal year is at least 1900, and there are at most 50 years (600 months).
 *
 * @example yearIndex('FY2028', spans) // 1 (the founder's case: FY2027 is months 1–6)
 * @example yearIndex(7, yearSpans(resolveAssumptions())) // throws "year must be a whole number from 1 to 5 … got 7"
 */
export function yearIndex(value: unknown, spans: readonly YearSpan[]): number {
  refuseError(value);
  let found = -1;
  if (typeof value === 'number' && Number.isInteger(value)) {
    found = value >= 1 && value <= spans.length ? value - 1 : spans.findIndex((s) => fiscalYear(s) === value);
  } else if (typeof value === 'string') {
    found = spans.findIndex((s) => normalised(s.label) === normalised(value));
  }
  if (found >= 0) return found;
  invalid(`year must be ${yearRule(spans)}, got ${describeValue(value)}${withoutCalendar(value, spans)}`);
}

/** A hint when a fiscal year is given to a projection without startDate (so without fiscal years). */
function withoutCalendar(value: unknown, spans: readonly YearSpan[]): string {
  if (fiscalYear(spans[0]) !== undefined) return '';
  const looksFiscal =
    (typeof value === 'number' && Number.isInteger(value) && value >= 1900) ||
    (typeof value === 'string' && /^\s*fy\s*\d+\s*$/i.test(value));
  return looksFiscal ? '; a fiscal year needs startDate (the calendar month of month 1) in the assumptions' : '';
}

/**
 * Why a yearly figure is undefined for year `i` (OSS.KPI's #N/A says this), following the
 * conditions of `yearFigures` (src/model/years.ts).
 *
 * @example yearNotAvailable('yearRuleOf40', 0, spans, years) // "yearRuleOf40 of Year 1 is not available: the rule of 40 compares a year with the one before, and Year 1 is the first"
 */
export function yearNotAvailable(
  name: YearKpiName,
  i: number,
  spans: readonly YearSpan[],
  years: readonly YearFigures[],
): string {
  const span = spans[i];
  const year = span.label;
  const months = (s: YearSpan) => `${s.lastMonth - s.firstMonth + 1} month${s.firstMonth === s.lastMonth ? '' : 's'}`;
  const because = (reason: string) => `${name} of ${year} is not available: ${reason}`;
  switch (YEAR_KPIS[name]) {
    case 'grossMargin':
      return because(`${year} has no revenue, so its gross margin is undefined`);
    case 'burnMultiple':
      return because(
        `ARR does not grow in ${year} (net new ARR, closing less opening ARR, is ≤ 0), so the burn multiple is undefined`,
      );
    case 'cacPaybackMonths':
      return because(
        `${year} adds no new ARR at a positive gross margin (new ARR × gross margin ≤ 0), so the CAC payback is undefined`,
      );
    case 'magicNumber':
      return because(`${year} has no sales and marketing spend, so the magic number is undefined`);
    case 'ruleOf40': {
      if (i === 0) return because(`the rule of 40 compares a year with the one before, and ${year} is the first`);
      const before = spans[i - 1];
      const full = 'the rule of 40 compares a full year with the full year before';
      if (span.partial) return because(`${full}, and ${year} holds ${months(span)}`);
      if (before.partial) return because(`${full}, and ${before.label} holds ${months(before)}`);
      if (!(years[i - 1].revenue! > 0))
        return because(`${before.label} has no revenue, so the revenue growth of the rule of 40 is undefined`);
      return because(`${year} has no revenue, so the rule of 40 is undefined`);
    }
    default:
      return because('the figure is undefined for this year'); // the other figures always have a value
  }
}

/**
 * The yearly KPI `name` of the year the `year` argument names, of a projection: its value, or
 * a #N/A ModelError saying why it is not meaningful. `year` is required: a yearly KPI without
 * one names no year, and the last year (the only other candidate) is often partial, where the
 * rule of 40 is undefined and every flow covers fewer months.
 *
 * @example yearKpi('yearNdr', 2028, project(founderFy7, 'beekeeper', plan)) // 1.035
 */
export function yearKpi(name: YearKpiName, year: unknown, result: Projection): number {
  const spans = yearSpans(result.assumptions);
  if (isOmitted(year)) invalid(`year is required for the yearly KPI ${name}: ${yearRule(spans)}`);
  const i = yearIndex(year, spans);
  const years = yearFigures(result.assumptions, result.monthly, result.plan, spans);
  const value = years[i][YEAR_KPIS[name]];
  if (value !== undefined) return value;
  throw new ModelError('notAvailable', yearNotAvailable(name, i, spans, years));
}

/**
 * Refuses a year given to a KPI of the whole projection (npv, arr, …), which has no year.
 *
 * @example noYearFor('npv', 2) // throws "year must be empty for npv, a KPI of the whole projection …, got 2"
 */
export function noYearFor(name: string, year: unknown): void {
  if (isOmitted(year)) return;
  refuseError(year);
  invalid(
    `year must be empty for ${name}, a KPI of the whole projection (only the yearly KPIs, ` +
      `${YEAR_KPI_NAMES[0]} to ${YEAR_KPI_NAMES[YEAR_KPI_NAMES.length - 1]}, take a year), got ${describeValue(year)}`,
  );
}
