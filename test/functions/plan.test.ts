/**
 * The plan argument of OSS.PROJECTION and OSS.KPI (functions.md v3: the last optional argument, a
 * range of the columns month, name, value), called as Excel calls the adapters: the founder's
 * case against the independent implementation, the shapes a range may have, dates with
 * startDate and the date column, the appended outputs, and each bad input's message.
 *
 * Reference values: test/reference/founder.json, written by make_founder_reference.py (Python,
 * standard library, from the spec alone; exact per-organisation employer sums where the model
 * uses size buckets). Tolerance 1 % relative, as issue 15 asks. Excel date serials are written
 * out here (days since 1899-12-30: 2027-01-01 is 46388), not computed with src/model/calendar.ts.
 */
import * as oss from '../../src/functions/functions';
import { MONTHLY_OUTPUTS } from '../../src/model';
import { errorOf, show } from '../support/oss-functions';
import reference from '../reference/founder.json';

type Range = unknown[][];
type Case = { monthly: Record<string, number[]>; kpis: Record<string, number | null> };
const founder = reference.founder as unknown as Case;
const founderNoPlan = reference.founder_no_plan as unknown as Case;

/** The founder's assumptions as a user's range (header row, name and value). */
const ASSUMPTIONS: Range = [
  ['name', 'value'],
  ['initialMembers', 40000],
  ['initialCustomers', 150],
  ['initialArr', 4000000],
  ['foundingEngineers', 25],
  ['initialCash', 12000000],
];
/** The founder's plan (founder.json case founder), rows not in month order. */
const PLAN: Range = [
  ['month', 'name', 'value'],
  [9, 'funding', 20000000],
  [13, 'annualContractValue', 36000],
  [7, 'marketingCosts', 2000000],
  [4, 'engineers', 40],
];

const omitted = null as never;
const projection = (assumptions: unknown, metrics: unknown, plan: unknown) =>
  oss.projection(assumptions as never, omitted, metrics as never, plan as never);

/** The columns of a table with a header row, by header name; fails on an error value. */
function columns(table: unknown): Record<string, number[]> {
  const error = errorOf(table);
  if (error) throw new Error(`expected a table, got ${error.code} ${error.message}`);
  const [header, ...rows] = table as (number | string)[][];
  return Object.fromEntries(header.map((name, c) => [name, rows.map((row) => row[c] as number)]));
}

/** The largest deviation of `got` from `want` over the months, relative to max(|want|, 1). */
function worst(got: number[], want: number[]): number {
  expect(got).toHaveLength(want.length);
  return Math.max(...want.map((w, i) => Math.abs(got[i] - w) / Math.max(Math.abs(w), 1)));
}

/** The message of a #VALUE! result, asserting that it is one. */
function valueError(result: unknown): string {
  const error = errorOf(result);
  if (!error) throw new Error(`expected #VALUE!, got ${show(result).slice(0, 200)}`);
  expect(error.code).toBe('#VALUE!');
  return error.message;
}

// ---------------------------------------------------------------------------------------------
describe("the founder's case over a range (make_founder_reference.py, independent)", () => {
  test('OSS.PROJECTION(assumptions, , "customers,arr,cash,newArr", plan): every column within 1 % of founder.json', () => {
    const table = projection(ASSUMPTIONS, 'customers,arr,cash,newArr', PLAN);
    expect((table as unknown[][])[0]).toEqual(['month', 'customers', 'arr', 'cash', 'newArr']);
    const got = columns(table);
    expect(got.month).toEqual(founder.monthly.month);
    for (const output of ['customers', 'arr', 'cash', 'newArr']) {
      // Measured: at most 8.1e-6 (the size buckets standing in for the exact employer sums).
      expect(`${output} ${worst(got[output], founder.monthly[output]) < 0.01}`).toBe(`${output} true`);
    }
    // The plan is what moves them: without it, cash runs out (founder_no_plan).
    expect(worst(columns(projection(ASSUMPTIONS, 'cash', null)).cash, founderNoPlan.monthly.cash)).toBeLessThan(0.01);
  });

  test('every output of the full table within 1 %, and the round lifts cash by exactly its amount in month 9', () => {
    const got = columns(projection(ASSUMPTIONS, null, PLAN));
    // Measured: at most 3.6e-4 (cashFlow in month 35, near its sign change).
    for (const output of MONTHLY_OUTPUTS)
      expect(`${output} ${worst(got[output], founder.monthly[output]) < 0.01}`).toBe(`${output} true`);
    expect(got.financing[8]).toBe(20000000);
    expect(got.financing.filter((f, i) => i !== 8 && f !== 0)).toEqual([]);
    expect(got.cash[8] - got.cash[7]).toBeCloseTo(got.cashFlow[8] + 20000000, 4);
  });

  test('OSS.KPI("fundingNeed", …, plan) is 0 with the round and about $23.4 M without it; other KPIs within 1 %', () => {
    expect(oss.kpi('fundingNeed', ASSUMPTIONS as never, omitted, PLAN as never)).toBe(founder.kpis.fundingNeed);
    expect(founder.kpis.fundingNeed).toBe(0);
    const need = oss.kpi('fundingNeed', ASSUMPTIONS as never) as number;
    expect(Math.abs(need / founderNoPlan.kpis.fundingNeed! - 1)).toBeLessThan(0.01);
    for (const name of ['arr', 'minCash', 'npv', 'customers', 'breakEvenMonth'] as const) {
      const got = oss.kpi(name, ASSUMPTIONS as never, omitted, PLAN as never) as number;
      expect(`${name} ${Math.abs(got / founder.kpis[name]! - 1) < 0.01}`).toBe(`${name} true`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('the shapes a plan range may have', () => {
  const planned = () => projection(ASSUMPTIONS, null, PLAN);

  test('bare rows (no header): the first three columns are month, name, value', () => {
    expect(projection(ASSUMPTIONS, null, PLAN.slice(1))).toEqual(planned());
  });

  test('a header in any order and case, with a note column, reads the same', () => {
    const reordered = PLAN.map(([month, name, value], r) =>
      r === 0 ? ['Note', 'VALUE', 'Name', 'Month'] : [`row ${r}`, value, name, month],
    );
    expect(projection(ASSUMPTIONS, null, reordered)).toEqual(planned());
  });

  test('a fourth column of bare rows is ignored; empty rows are skipped; names are case-insensitive', () => {
    const noted = [
      [9, 'Funding', 20000000, 'Series B'],
      [null, null, null, null],
      [13, 'annualcontractvalue', 36000, ''],
      ['', ' ', '', ''],
      [7, 'MARKETINGCOSTS', 2000000, null],
      [4, 'engineers', 40, 'hiring plan'],
    ];
    expect(projection(ASSUMPTIONS, null, noted)).toEqual(planned());
  });

  test('no plan: omitted, empty text, one empty cell, a header alone, or empty rows', () => {
    const none = projection(ASSUMPTIONS, null, null);
    expect(none).not.toEqual(planned());
    for (const plan of [undefined, '', [[null]], [['']], [['month', 'name', 'value']], [[null, null, null]]])
      expect(projection(ASSUMPTIONS, null, plan)).toEqual(none);
  });

  test('values as text that spells a number count as that number ("20,000,000", "$36,000")', () => {
    const text = [
      [9, 'funding', '20,000,000'],
      ['13', 'annualContractValue', '$36,000'],
      [7, 'marketingCosts', 2000000],
      [4, 'engineers', '40'],
    ];
    expect(projection(ASSUMPTIONS, null, text)).toEqual(planned());
  });

  test('a later row replaces an earlier one for the same name (a step change from its month)', () => {
    const prices = columns(
      projection([['annualPriceGrowth', 0]], 'newCustomers,newArr', [
        [3, 'annualContractValue', 30000],
        [5, 'annualContractValue', 60000],
      ]),
    );
    // newArr = new customers × the price of the month they sign at (no price growth).
    expect(prices.newArr[3] / prices.newCustomers[3]).toBeCloseTo(30000, 6);
    expect(prices.newArr[5] / prices.newCustomers[5]).toBeCloseTo(60000, 6);
  });
});

// ---------------------------------------------------------------------------------------------
describe('dates: startDate set, a plan may name its months as dates; a date column follows month', () => {
  const DATED = [...ASSUMPTIONS, ['startDate', '2027-01']];
  // 2027-09-15 (month 9, any day of it), 2028-01 as text (month 13), the others as numbers.
  const DATED_PLAN: Range = [
    ['month', 'name', 'value'],
    [46645, 'funding', 20000000],
    ['2028-01', 'annualContractValue', 36000],
    [7, 'marketingCosts', 2000000],
    [4, 'engineers', 40],
  ];

  test('the plan with dates projects as the plan with month numbers; the table gains date after month', () => {
    const dated = projection(DATED, 'customers,arr,cash,newArr', DATED_PLAN) as (string | number)[][];
    expect(dated[0]).toEqual(['month', 'date', 'customers', 'arr', 'cash', 'newArr']);
    const numbered = projection(ASSUMPTIONS, 'customers,arr,cash,newArr', PLAN) as (string | number)[][];
    expect(dated.map((row) => [row[0], ...row.slice(2)])).toEqual(numbered);
    // The first of each month as an Excel date: 2027-01-01, 2027-02-01, 2027-09-01, 2028-01-01, 2031-12-01.
    const dates = columns(dated).date;
    expect([dates[0], dates[1], dates[8], dates[12], dates[59]]).toEqual([46388, 46419, 46631, 46753, 48183]);
  });

  test('startDate as an Excel date (a date cell) reads as the same month', () => {
    const serial = [...ASSUMPTIONS, ['startDate', 46400]]; // 2027-01-13
    expect(projection(serial, null, DATED_PLAN)).toEqual(projection(DATED, null, DATED_PLAN));
  });

  test('metrics may name date (shown once, after month, as month is); without startDate it is an error', () => {
    expect((projection(DATED, 'cash, Date, arr', null) as unknown[][])[0]).toEqual(['month', 'date', 'cash', 'arr']);
    expect(valueError(projection(ASSUMPTIONS, 'date,cash', null))).toBe(
      'metric "date" needs startDate (the calendar month of month 1) in the assumptions',
    );
  });

  test('without startDate there is no date column', () => {
    expect((projection(ASSUMPTIONS, null, PLAN) as unknown[][])[0]).toEqual([...MONTHLY_OUTPUTS]);
  });

  test("OSS.ASSUMPTIONS's empty startDate reads back as none; typed in, the months are dated", () => {
    const table = oss.assumptions() as unknown[][];
    expect(table.find((row) => row[0] === 'startDate')![1]).toBe('');
    expect(projection(table, null, PLAN)).toEqual(projection(null, null, PLAN));
    const typed = table.map((row) => (row[0] === 'startDate' ? [row[0], '2027-01', row[2], row[3]] : row));
    const dated = projection(typed, 'cash', null) as unknown[][];
    expect(dated[0]).toEqual(['month', 'date', 'cash']);
    expect(dated[1].slice(0, 2)).toEqual([1, 46388]);
  });
});

// ---------------------------------------------------------------------------------------------
describe('bad plan input is #VALUE! with a message naming the cell (plan row r, column c)', () => {
  const header = ['month', 'name', 'value'];
  const DATED = [['startDate', '2027-01']];
  test.each<[string, Range | unknown, string, (Range | null)?]>([
    [
      'a name that cannot be planned, with the names that can',
      [header, [3, 'imitation', 0.3]],
      'plan row 2, column 2: "imitation" cannot be planned: a plan may set annualContractValue, annualPriceGrowth, expansion, servicesAttach, customerChurn, reinvestShare, engineerCost, hiringLag, subscriptionMargin, servicesMargin, acquisitionCost, marketingCosts, educationCost, memberEducation, communityPitch, certificationPull, otherCostShare, fixedCosts, engineers (a headcount plan) and funding (a round); change other assumptions in the assumptions table',
    ],
    [
      'an unknown name, with the nearest',
      [header, [3, 'fundng', 1]],
      'plan row 2, column 2: unknown plan name "fundng"; did you mean "funding"? A plan may set annualContractValue, annualPriceGrowth, expansion, servicesAttach, customerChurn, reinvestShare, engineerCost, hiringLag, subscriptionMargin, servicesMargin, acquisitionCost, marketingCosts, educationCost, memberEducation, communityPitch, certificationPull, otherCostShare, fixedCosts, engineers, funding',
    ],
    [
      'month 0',
      [header, [0, 'funding', 1]],
      "plan row 2, column 1: month must be a whole number from 1 to 60 (the projection's months), got 0",
    ],
    [
      'a month beyond the horizon (months 24)',
      [[25, 'funding', 1]],
      "plan row 1, column 1: month must be a whole number from 1 to 24 (the projection's months), got 25",
      [['months', 24]],
    ],
    [
      'a month that is not a month',
      [header, ['soon', 'funding', 1]],
      'plan row 2, column 1: month must be a month number (1, 2, …) or a calendar month (an Excel date or YYYY-MM), got "soon"',
    ],
    [
      'the same name twice in one month',
      [header, [3, 'engineers', 30], [3, 'Engineers', 40]],
      'plan row 3, column 2: engineers is planned twice for month 3 (also plan row 2, column 2): keep one row, or give the later change its own month',
    ],
    [
      'a date without startDate',
      [header, [46645, 'funding', 1]],
      'plan row 2, column 1: month 2027-09 is a calendar month, but startDate is not set: set startDate (the calendar month of month 1) in the assumptions, or give the month as a number',
    ],
    [
      'a date before startDate',
      [[46357, 'funding', 1]],
      'plan row 1, column 1: month 2026-12 is before startDate (2027-01): a plan row starts at month 1 (2027-01) or later',
      DATED,
    ],
    [
      'a date after the last month',
      [['2032-01', 'funding', 1]],
      "plan row 1, column 1: month 2032-01 is after the projection's last month (2031-12, month 60)",
      DATED,
    ],
    [
      "a value outside the assumption's range",
      [header, [3, 'customerChurn', 2]],
      'plan row 2, column 3: customerChurn must be between 0 and 1, got 2',
    ],
    ['a negative round', [[3, 'funding', -5]], 'plan row 1, column 3: funding must be ≥ 0, got -5'],
    [
      'a value that is not a number',
      [[3, 'funding', 'lots']],
      'plan row 1, column 3: funding must be a number, got "lots"',
    ],
    ['an empty value', [[3, 'funding', null]], 'plan row 1, column 3: funding must be a number, got an empty cell'],
    ['a name that is not text', [[3, 5, 1]], 'plan row 1, column 2: name must be text, got 5'],
    [
      'an error cell',
      [header, [3, 'funding', new CustomFunctions.Error(CustomFunctions.ErrorCode.divisionByZero)]],
      'plan row 2, column 3: the value is an error (#DIV/0!)',
    ],
    [
      'two columns',
      [[3, 'funding']],
      'plan must be a range of the three columns month, name and value (a header row is optional), got 2 columns',
    ],
    [
      'one value',
      5,
      'plan must be a range of the three columns month, name and value (a header row is optional), got one value (5)',
    ],
    [
      'a header without a value column',
      [
        ['month', 'name', 'amount'],
        [3, 'funding', 1],
      ],
      'plan: the header row has no "value" column (it has month, name, amount)',
    ],
  ])('%s', (_label, plan, message, assumptions = null) => {
    expect(valueError(projection(assumptions, null, plan))).toBe(message);
    // OSS.KPI reads the plan the same way.
    expect(valueError(oss.kpi('minCash', assumptions as never, omitted, plan as never))).toBe(message);
  });

  test('funding twice in one month is not a duplicate: rounds of a month add up', () => {
    const twice = columns(
      projection(null, 'financing', [
        [3, 'funding', 1e6],
        [3, 'funding', 2e6],
      ]),
    );
    expect(twice.financing[2]).toBe(3e6);
  });

  test('the assumptions are checked before the plan', () => {
    expect(valueError(projection([['imitaton', 0.3]], null, [[0, 'funding', 1]]))).toMatch(
      /^assumptions row 1: .*"imitation"/,
    );
  });
});

test('a plan value beyond its plausible range runs, as an assumption does in a function (valid ranges only)', () => {
  const table = oss.projection(undefined, undefined, 'engineeringCost', [
    ['month', 'name', 'value'],
    [1, 'engineerCost', 150],
  ]) as unknown[][];
  expect(table[1][1]).toBeCloseTo((12 * 150) / 12, 9);
});
