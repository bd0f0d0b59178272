/**
 * OSS.KPI's yearly KPIs (issue 16, item 3; functions.md v3): the figures of the Years sheet
 * (src/model/years.ts) of one year, the year given as the new last argument. Checked against
 * the model's own yearFigures of the same projection (every KPI, every year, three cases) and,
 * for the founder's case with fiscal years, against the independent reference
 * test/reference/years.json (make_years_reference.py, Python) at 1 %.
 */
import * as oss from '../../src/functions/functions';
import { YEAR_KPIS, YEAR_KPI_NAMES } from '../../src/functions/year-kpi';
import { KPI_NAMES, PlanRow, YearFigure, project, resolveAssumptions, yearFigures, yearSpans } from '../../src/model';
import { parseMonthText } from '../../src/model/calendar';
import { ErrorValue, errorOf, show } from '../support/oss-functions';
import reference from '../reference/years.json';

type Year = Record<string, number | string | boolean | null>;
type Case = {
  assumptionOverrides: Record<string, number>;
  plan: PlanRow[];
  startDate: string | null;
  fiscalYearStart: number;
  years: Year[];
};
const cases = (reference as unknown as { cases: Record<'defaults' | 'founder' | 'founder_fy7', Case> }).cases;

/** A case as a sheet holds it: the assumptions range (startDate as the text 2027-01) and the plan range, with headers. */
function ranges(c: Case): { assumptions: unknown[][]; plan: unknown[][] | null } {
  const rows: unknown[][] = Object.entries(c.assumptionOverrides);
  if (c.startDate) rows.push(['startDate', c.startDate], ['fiscalYearStart', c.fiscalYearStart]);
  return {
    assumptions: [['name', 'value'], ...rows],
    plan: c.plan.length > 0 ? [['month', 'name', 'value'], ...c.plan.map((r) => [r.month, r.name, r.value])] : null,
  };
}

const kpi = (name: string, c: Case, year: unknown) => {
  const { assumptions, plan } = ranges(c);
  return oss.kpi(name, assumptions as never, null as never, plan as never, year);
};

function errorIn(result: unknown): ErrorValue {
  const error = errorOf(result);
  if (!error) throw new Error(`expected an error value, got ${show(result).slice(0, 300)}`);
  return error;
}
const shown = (result: unknown) => {
  const error = errorIn(result);
  return `${error.code} ${error.message}`;
};

const fy7 = cases.founder_fy7;

/** The public names (functions.md v3, a contract) and the Years sheet figure each one is, written out. */
const CONTRACT: Record<string, YearFigure> = {
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
};

describe.each(['defaults', 'founder', 'founder_fy7'] as const)(
  '%s: every yearly KPI is yearFigures of the same projection',
  (name) => {
    const c = cases[name];
    const overrides = {
      ...c.assumptionOverrides,
      ...(c.startDate ? { startDate: parseMonthText(c.startDate)!, fiscalYearStart: c.fiscalYearStart } : {}),
    };
    const result = project(overrides, 'beekeeper', c.plan);
    const spans = yearSpans(result.assumptions);
    const years = yearFigures(result.assumptions, result.monthly, result.plan);

    test.each(Object.keys(CONTRACT))('%s, each year by its number 1, 2, …', (kpiName) => {
      expect(spans.length).toBe(c.years.length);
      years.forEach((figures, i) => {
        const want = figures[CONTRACT[kpiName]];
        const got = kpi(kpiName, c, i + 1);
        if (want === undefined) {
          const error = errorIn(got);
          expect(error.code).toBe('#N/A');
          expect(error.message).toMatch(new RegExp(`^${kpiName} of ${spans[i].label} is not available: \\S`));
          expect(error.message).not.toMatch(/the figure is undefined for this year/); // a reason, not the fallback
        } else {
          expect({ year: spans[i].label, got }).toEqual({ year: spans[i].label, got: want });
        }
      });
    });
  },
);

describe("the founder's case with fiscal years from July (startDate 2027-01, fiscalYearStart 7): within 1 % of years.json", () => {
  const FIGURES = Object.entries(CONTRACT);

  test('FY2028 given as the fiscal year 2028, its label "FY2028" and its index 2 gives the same figures', () => {
    const want = fy7.years[1];
    expect(want.label).toBe('FY2028');
    for (const [kpiName, figure] of FIGURES) {
      const w = want[figure] as number | null;
      const byNumber = kpi(kpiName, fy7, 2028);
      expect(kpi(kpiName, fy7, 'FY2028')).toEqual(byNumber);
      expect(kpi(kpiName, fy7, 2)).toEqual(byNumber);
      expect(kpi(kpiName, fy7, ' fy 2028 ')).toEqual(byNumber); // case and spaces do not matter
      if (w === null) expect(errorIn(byNumber).code).toBe('#N/A');
      else
        expect(`${kpiName} ${Math.abs((byNumber as number) - w) / Math.max(Math.abs(w), 1) < 0.01}`).toBe(
          `${kpiName} true`,
        );
    }
  });

  test('yearNdr, yearBurnMultiple, yearCacPayback, yearMagicNumber and yearRuleOf40 of every fiscal year', () => {
    for (const want of fy7.years) {
      const fiscalYear = Number(String(want.label).slice(2));
      for (const [kpiName, figure] of [
        ['yearNdr', 'netDollarRetention'],
        ['yearBurnMultiple', 'burnMultiple'],
        ['yearCacPayback', 'cacPaybackMonths'],
        ['yearMagicNumber', 'magicNumber'],
        ['yearRuleOf40', 'ruleOf40'],
        ['yearRevenue', 'revenue'],
        ['yearClosingArr', 'closingArr'],
      ]) {
        const w = want[figure] as number | null;
        const got = kpi(kpiName, fy7, fiscalYear);
        const where = `${kpiName} ${want.label}`;
        if (w === null) expect(`${where} ${errorIn(got).code}`).toBe(`${where} #N/A`);
        else
          expect(`${where} ${Math.abs((got as number) - w) / Math.max(Math.abs(w), 1) < 0.01}`).toBe(`${where} true`);
      }
    }
    // The values a board reads: the partial first year's NDR is over its 6 months, not annualised.
    expect(kpi('yearNdr', fy7, 'FY2027')).toBeCloseTo(1.0173494974687902, 6);
    expect(kpi('yearNdr', fy7, 'FY2029')).toBeCloseTo(1.035, 6);
    expect(kpi('yearBurnMultiple', fy7, 2030)).toBe(0); // operating cash flow ≥ 0 that year
  });

  test('startDate as an Excel date cell (a serial number) reads the same years', () => {
    const { assumptions, plan } = ranges(fy7);
    const dated = assumptions.map((row) => (row[0] === 'startDate' ? ['startDate', 46388] : row));
    expect(oss.kpi('yearNdr', dated as never, null as never, plan as never, 2028)).toBe(kpi('yearNdr', fy7, 2028));
  });
});

describe('the year argument: validated, naming the argument, the rule and the value', () => {
  const FISCAL = 'a whole number from 1 to 6, a fiscal year from 2027 to 2032 or its label FY2027 to FY2032';
  const NUMBERED = "a whole number from 1 to 5 (the projection's years Year 1 to Year 5) or one of those labels";

  test.each<[unknown, string]>([
    [0, '0'],
    [7, '7'],
    [2040, '2040'],
    [2026, '2026'],
    ['FY1999', '"FY1999"'],
    [1.5, '1.5'],
    [2027.5, '2027.5'],
    ['next year', '"next year"'],
    ['Year 2', '"Year 2"'], // with startDate the years are fiscal years, labelled FY…
    ['2', '"2"'], // text, not a number: as every number argument
    [true, 'TRUE'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [[[2]], 'a range'],
  ])('with fiscal years, year %p is #VALUE!', (year, got) => {
    expect(shown(kpi('yearNdr', fy7, year))).toBe(`#VALUE! year must be ${FISCAL}, got ${got}`);
  });

  test('without startDate, 1 to 5 or the labels Year 1 to Year 5 (any case); a fiscal year says it needs startDate', () => {
    const defaults = cases.defaults;
    expect(kpi('yearRevenue', defaults, 'year 3')).toBe(kpi('yearRevenue', defaults, 3));
    expect(kpi('yearRevenue', defaults, 'Year 5')).toBe(kpi('yearRevenue', defaults, 5));
    expect(shown(kpi('yearRevenue', defaults, 7))).toBe(`#VALUE! year must be ${NUMBERED}, got 7`);
    expect(shown(kpi('yearRevenue', defaults, 'Year 6'))).toBe(`#VALUE! year must be ${NUMBERED}, got "Year 6"`);
    const needsStart = '; a fiscal year needs startDate (the calendar month of month 1) in the assumptions';
    expect(shown(kpi('yearRevenue', defaults, 2028))).toBe(`#VALUE! year must be ${NUMBERED}, got 2028${needsStart}`);
    expect(shown(kpi('yearRevenue', defaults, 'FY2028'))).toBe(
      `#VALUE! year must be ${NUMBERED}, got "FY2028"${needsStart}`,
    );
  });

  test('a yearly KPI without a year is #VALUE!, listing the years', () => {
    for (const omitted of [null, undefined, '', '  '])
      expect(shown(kpi('yearNdr', fy7, omitted))).toBe(
        `#VALUE! year is required for the yearly KPI yearNdr: ${FISCAL}`,
      );
    expect(shown(oss.kpi('yearRuleOf40'))).toBe(
      `#VALUE! year is required for the yearly KPI yearRuleOf40: ${NUMBERED}`,
    );
  });

  test('a year given for a KPI of the whole projection is #VALUE! naming the argument; empty is fine', () => {
    for (const name of KPI_NAMES) {
      expect(shown(oss.kpi(name, null as never, null as never, null as never, 2))).toBe(
        `#VALUE! year must be empty for ${name}, a KPI of the whole projection (only the yearly KPIs, ` +
          'yearRevenue to yearRuleOf40, take a year), got 2',
      );
    }
    expect(shown(oss.kpi('npv', null as never, null as never, null as never, 'FY2028'))).toMatch(/, got "FY2028"$/);
    expect(oss.kpi('npv', null as never, null as never, null as never, '')).toBe(oss.kpi('npv'));
    expect(oss.kpi('npv', null as never, null as never, null as never, null)).toBe(oss.kpi('npv'));
  });

  test('an error cell as year is #VALUE! naming the argument (year is an any parameter)', () => {
    const divZero = new CustomFunctions.Error(CustomFunctions.ErrorCode.divisionByZero);
    expect(shown(kpi('yearNdr', fy7, divZero))).toBe('#VALUE! year: the value is an error (#DIV/0!)');
    expect(shown(oss.kpi('npv', null as never, null as never, null as never, divZero))).toBe(
      '#VALUE! year: the value is an error (#DIV/0!)',
    );
  });

  test('the yearly KPI names are case-insensitive, and a misspelt one suggests the nearest', () => {
    expect(kpi('YEARNDR', fy7, 2)).toBe(kpi('yearNdr', fy7, 2));
    const error = errorIn(kpi('yearNrd', fy7, 2));
    expect(error.message).toMatch(/did you mean "yearNdr"\?$/);
    for (const name of [...KPI_NAMES, ...YEAR_KPI_NAMES]) expect(error.message).toContain(name);
  });

  test('the year is checked against the assumptions it runs with: months 30 has years 1 to 3, the last partial', () => {
    const thirty = [['months', 30]];
    expect(oss.kpi('yearRevenue', thirty as never, null as never, null as never, 3)).toBeGreaterThan(0);
    expect(shown(oss.kpi('yearRevenue', thirty as never, null as never, null as never, 4))).toBe(
      "#VALUE! year must be a whole number from 1 to 3 (the projection's years Year 1 to Year 3) or one of those labels, got 4",
    );
  });

  test('a bad assumptions range is reported before the year (the arguments in order)', () => {
    expect(shown(oss.kpi('yearNdr', [['imitaton', 0.3]], null as never, null as never, 99))).toMatch(
      /did you mean "imitation"\?/,
    );
  });
});

describe('a figure that is not meaningful is #N/A with the reason', () => {
  const noCustomers = [['persuasion', 0]];
  const call = (name: string, assumptions: unknown[][], year: unknown, plan: unknown[][] | null = null) =>
    shown(oss.kpi(name, assumptions as never, null as never, plan as never, year));

  test.each<[string, unknown[][], unknown, unknown[][] | null, string]>([
    [
      'yearRuleOf40',
      [['months', 60]],
      1,
      null,
      'yearRuleOf40 of Year 1 is not available: the rule of 40 compares a year with the one before, and Year 1 is the first',
    ],
    [
      'yearRuleOf40',
      ranges(fy7).assumptions,
      'FY2028',
      ranges(fy7).plan,
      'yearRuleOf40 of FY2028 is not available: the rule of 40 compares a full year with the full year before, and FY2027 holds 6 months',
    ],
    [
      'yearRuleOf40',
      ranges(fy7).assumptions,
      2032,
      ranges(fy7).plan,
      'yearRuleOf40 of FY2032 is not available: the rule of 40 compares a full year with the full year before, and FY2032 holds 6 months',
    ],
    [
      'yearRuleOf40',
      noCustomers,
      2,
      null,
      'yearRuleOf40 of Year 2 is not available: Year 1 has no revenue, so the revenue growth of the rule of 40 is undefined',
    ],
    [
      'yearRuleOf40',
      [
        ['initialCustomers', 100],
        ['initialArr', 2e6],
        ['persuasion', 0],
      ],
      2,
      [[13, 'customerChurn', 1]],
      'yearRuleOf40 of Year 2 is not available: Year 2 has no revenue, so the rule of 40 is undefined',
    ],
    [
      'yearGrossMargin',
      noCustomers,
      2,
      null,
      'yearGrossMargin of Year 2 is not available: Year 2 has no revenue, so its gross margin is undefined',
    ],
    [
      'yearBurnMultiple',
      noCustomers,
      2,
      null,
      'yearBurnMultiple of Year 2 is not available: ARR does not grow in Year 2 (net new ARR, closing less opening ARR, is ≤ 0), so the burn multiple is undefined',
    ],
    [
      'yearCacPayback',
      noCustomers,
      2,
      null,
      'yearCacPayback of Year 2 is not available: Year 2 adds no new ARR at a positive gross margin (new ARR × gross margin ≤ 0), so the CAC payback is undefined',
    ],
    [
      'yearMagicNumber',
      [...noCustomers, ['marketingCosts', 0]],
      2,
      null,
      'yearMagicNumber of Year 2 is not available: Year 2 has no sales and marketing spend, so the magic number is undefined',
    ],
  ])('%s (%#)', (name, assumptions, year, plan, message) => {
    expect(call(name, assumptions, year, plan)).toBe(`#N/A ${message}`);
  });

  test('the same inputs give values where the figure is meaningful (control)', () => {
    expect(oss.kpi('yearRuleOf40', null as never, null as never, null as never, 2)).toBeCloseTo(0.5954458465665211, 3);
    expect(oss.kpi('yearMagicNumber', noCustomers as never, null as never, null as never, 2)).toBe(0);
    expect(oss.kpi('yearRevenue', noCustomers as never, null as never, null as never, 2)).toBe(0);
  });
});

test('the yearly KPIs map onto every figure of the Years sheet, once each, and never collide with a horizon KPI', () => {
  expect(YEAR_KPIS).toEqual(CONTRACT);
  expect(new Set(Object.values(YEAR_KPIS)).size).toBe(YEAR_KPI_NAMES.length);
  const a = resolveAssumptions();
  const figures = Object.keys(yearFigures(a, project().monthly)[0]);
  expect([...Object.values(YEAR_KPIS)].sort()).toEqual([...figures].sort());
  for (const name of YEAR_KPI_NAMES) {
    expect(name).toMatch(/^year[A-Z]/);
    expect((KPI_NAMES as readonly string[]).map((k) => k.toLowerCase())).not.toContain(name.toLowerCase());
  }
});
