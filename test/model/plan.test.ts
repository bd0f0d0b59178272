/**
 * The plan of a running company (model.md v3, "The plan"): step changes, the headcount plan,
 * funding rounds, the price rule, the ARR bridge, and the founder's case against an
 * independent implementation.
 *
 * Reference values: test/reference/founder.json, written by make_founder_reference.py (Python,
 * standard library, from the spec alone, with the employer sums exact per organisation; the
 * model sums over size buckets, within 0.5 %). Tolerance: 1 % relative, as the issue asks; the
 * largest deviation measured is quoted in each test.
 */
import reference from '../reference/founder.json';
import { AssumptionName, assumptionSpec, resolveAssumptions } from '../../src/model/assumptions';
import { monthly } from '../../src/model/bass';
import { kpis } from '../../src/model/kpis';
import fc from 'fast-check';
import {
  PLANNABLE,
  PLAN_NAMES,
  PlanRow,
  checkPlan,
  planMonth,
  planProblems,
  planRule,
  readPlan,
} from '../../src/model/plan';
import { project } from '../../src/model/project';
import { MONTHLY_OUTPUTS, MonthlyOutput, projectMonthly } from '../../src/model/projection';
import { serialOfMonth } from '../../src/model/calendar';
import type { InputTable } from '../../src/model/input-table';

type Overrides = Partial<Record<AssumptionName, number>>;
type Case = {
  assumptions: Overrides;
  plan: PlanRow[];
  monthly: Record<string, number[]>;
  kpis: Record<string, number | null>;
};
const cases = reference as unknown as Record<'founder' | 'founder_no_plan' | 'founder_lag0' | 'v2_defaults', Case>;

/** The largest relative deviation over every month of every output (relative to max(|want|, 1)). */
function worstDeviation(got: Readonly<Record<MonthlyOutput, Float64Array>>, want: Record<string, number[]>) {
  let worst = { deviation: 0, where: '' };
  for (const [output, values] of Object.entries(want)) {
    const column = got[output as MonthlyOutput];
    expect(column).toBeDefined();
    values.forEach((w, i) => {
      const d = Math.abs(column[i] - w) / Math.max(Math.abs(w), 1);
      if (d > worst.deviation) worst = { deviation: d, where: `${output} month ${i + 1}` };
    });
  }
  return worst;
}

describe("the founder's case against the independent implementation (make_founder_reference.py)", () => {
  it.each(['founder', 'founder_no_plan', 'founder_lag0', 'v2_defaults'] as const)(
    '%s: every monthly output within 1 %',
    (name) => {
      const c = cases[name];
      const p = project(c.assumptions, 'beekeeper', c.plan);
      // Measured: at most 3.6e-4 (founder, cashFlow in month 35, near its sign change), from the
      // buckets standing in for the exact sum over organisations.
      const worst = worstDeviation(p.monthly, c.monthly);
      expect(worst.deviation).toBeLessThan(0.01);
      for (const [kpi, want] of Object.entries(c.kpis)) {
        const got = p.kpis[kpi as keyof typeof p.kpis];
        if (want === null) expect(got).toBeUndefined();
        else expect(Math.abs(got! - want) / Math.max(Math.abs(want), 1)).toBeLessThan(0.01);
      }
    },
  );

  it('projects from today: month 1 near 150 customers and $4 M ARR, the round in month 9, the price in month 13', () => {
    const c = cases.founder;
    const s = project(c.assumptions, 'beekeeper', c.plan).monthly;
    const a = resolveAssumptions(c.assumptions);
    // Month 1: the 150 customers less a month's churn, plus the month's new ones.
    expect(s.customers[0]).toBeGreaterThan(150 * (1 - monthly(a.customerChurn)));
    expect(s.customers[0]).toBeLessThan(200);
    expect(s.arr[0] / 4e6).toBeGreaterThan(1);
    expect(s.arr[0] / 4e6).toBeLessThan(1.15);
    // The $20 M round lifts cash in month 9, and financing shows it there alone.
    expect(s.cash[8] - s.cash[7]).toBeCloseTo(s.cashFlow[8] + 20e6, 3);
    expect(Array.from(s.financing).filter((x) => x !== 0)).toEqual([20e6]);
    expect(s.financing[8]).toBe(20e6);
    // New ARR per new customer is the list price: $36,000 from month 13, below it before.
    const perNew = (i: number) => s.newArr[i] / s.newCustomers[i];
    expect(perNew(12)).toBeCloseTo(36_000, 6);
    expect(perNew(11)).toBeLessThan(27_000);
    expect(perNew(13)).toBeCloseTo(36_000 * Math.pow(1.03, 1 / 12), 6);
  });
});

describe('claim 12: a funding round moves cash by exactly its amount from its month, and nothing else', () => {
  const base: Overrides = { initialCustomers: 150, initialArr: 4e6, initialMembers: 40_000 };
  const a = resolveAssumptions(base);
  const without = projectMonthly(a, 'beekeeper', checkPlan([{ month: 13, name: 'engineers', value: 30 }], a));
  const withRound = projectMonthly(
    a,
    'beekeeper',
    checkPlan(
      [
        { month: 13, name: 'engineers', value: 30 },
        { month: 9, name: 'funding', value: 20e6 },
        { month: 9, name: 'funding', value: 5e6 }, // two rows in one month add up
      ],
      a,
    ),
  );
  it('cash: the same before month 9, 25 M more from it (to rounding)', () => {
    for (let i = 0; i < a.months; i++) {
      const difference = withRound.cash[i] - without.cash[i];
      if (i < 8) expect(difference).toBe(0);
      else expect(Math.abs(difference - 25e6)).toBeLessThan(1e-6);
    }
  });
  it('no operating output changes, nor the NPV, burn multiple, rule of 40 or break-even', () => {
    for (const output of MONTHLY_OUTPUTS) {
      if (output === 'cash' || output === 'financing') continue;
      expect(Array.from(withRound[output])).toEqual(Array.from(without[output]));
    }
    const k0 = kpis(a, without);
    const k1 = kpis(a, withRound);
    for (const kpi of ['npv', 'burnMultiple', 'ruleOf40', 'breakEvenMonth', 'revenueTotal', 'arr'] as const)
      expect(k1[kpi]).toBe(k0[kpi]);
  });
  it('fundingNeed is what must be raised beyond initialCash and the rounds', () => {
    const poor = resolveAssumptions({ initialCash: 0 });
    const need = kpis(poor, projectMonthly(poor, 'beekeeper')).fundingNeed!;
    expect(need).toBeGreaterThan(1e6);
    const funded = projectMonthly(poor, 'beekeeper', checkPlan([{ month: 1, name: 'funding', value: need / 2 }], poor));
    expect(kpis(poor, funded).fundingNeed).toBeCloseTo(need / 2, 3);
    const enough = projectMonthly(poor, 'beekeeper', checkPlan([{ month: 1, name: 'funding', value: need + 1 }], poor));
    expect(kpis(poor, enough).fundingNeed).toBe(0);
    expect(kpis(poor, enough).cashOutMonth).toBeUndefined();
  });
});

describe('claim 13: a headcount plan is followed', () => {
  it('with hiringLag 0, engineers equal the planned value from its month', () => {
    const a = resolveAssumptions({ hiringLag: 0 });
    const plan = checkPlan(
      [
        { month: 4, name: 'engineers', value: 40 },
        { month: 30, name: 'engineers', value: 20 },
      ],
      a,
    );
    const s = projectMonthly(a, 'beekeeper', plan);
    const free = projectMonthly(a, 'beekeeper');
    expect(Array.from(s.engineers.slice(0, 3))).toEqual(Array.from(free.engineers.slice(0, 3)));
    for (let i = 3; i < 29; i++) expect(s.engineers[i]).toBe(40);
    for (let i = 29; i < a.months; i++) expect(s.engineers[i]).toBe(20);
  });
  it('never below foundingEngineers, and with a lag the team closes the gap 1/hiringLag a month', () => {
    const a = resolveAssumptions({ hiringLag: 4, foundingEngineers: 12 });
    const s = projectMonthly(a, 'beekeeper', checkPlan([{ month: 1, name: 'engineers', value: 5 }], a));
    expect(Array.from(s.engineers).every((e) => e === 12)).toBe(true);
    const up = projectMonthly(a, 'beekeeper', checkPlan([{ month: 1, name: 'engineers', value: 52 }], a));
    expect(up.engineers[0]).toBeCloseTo(12 + 40 / 4, 12);
    expect(up.engineers[1]).toBeCloseTo(22 + 30 / 4, 12);
  });
});

describe('step changes', () => {
  const a = resolveAssumptions();
  it('a later row replaces an earlier one, from its month on', () => {
    const plan = checkPlan(
      [
        { month: 20, name: 'marketingCosts', value: 3e6 },
        { month: 10, name: 'marketingCosts', value: 2e6 },
      ],
      a,
    );
    const s = projectMonthly(a, 'beekeeper', plan);
    const fixed = (cost: number) => cost / 12;
    // salesMarketingCost = acquisitionCost·new + marketing/12 (memberEducation 0).
    const marketing = (i: number) => s.salesMarketingCost[i] - a.acquisitionCost * s.newCustomers[i];
    expect(marketing(8)).toBeCloseTo(fixed(1e6), 6);
    expect(marketing(9)).toBeCloseTo(fixed(2e6), 6);
    expect(marketing(18)).toBeCloseTo(fixed(2e6), 6);
    expect(marketing(19)).toBeCloseTo(fixed(3e6), 6);
    expect(marketing(59)).toBeCloseTo(fixed(3e6), 6);
  });
  it('the price after a planned annualContractValue grows from it', () => {
    const plan = checkPlan(
      [
        { month: 13, name: 'annualContractValue', value: 36_000 },
        { month: 25, name: 'annualPriceGrowth', value: 0.1 },
      ],
      a,
    );
    const s = projectMonthly(a, 'beekeeper', plan);
    const price = (i: number) => s.newArr[i] / s.newCustomers[i];
    expect(price(0)).toBeCloseTo(25_000, 6);
    expect(price(11)).toBeCloseTo(25_000 * Math.pow(1.03, 11 / 12), 6);
    expect(price(12)).toBeCloseTo(36_000, 6);
    expect(price(23)).toBeCloseTo(36_000 * Math.pow(1.03, 11 / 12), 6);
    expect(price(24)).toBeCloseTo(36_000 * Math.pow(1.03, 11 / 12) * Math.pow(1.1, 1 / 12), 6);
  });
  it('a planned customerChurn changes churn from its month (ARR bridge and customers)', () => {
    const plan = checkPlan([{ month: 6, name: 'customerChurn', value: 0.3 }], a);
    const s = projectMonthly(a, 'beekeeper', plan);
    expect(s.churnedCustomers[4] / s.customers[3]).toBeCloseTo(monthly(0.1), 10);
    expect(s.churnedCustomers[5] / s.customers[4]).toBeCloseTo(monthly(0.3), 10);
    expect(s.churnedArr[5] / s.arr[4]).toBeCloseTo(monthly(0.3), 10);
  });
  it('a plan with every plannable name at its default value changes nothing (but the list price)', () => {
    // A planned annualContractValue sets the list price itself, so at the default it would undo
    // six months of price growth: it is the one name left out.
    const plan = checkPlan(
      PLANNABLE.filter((name) => name !== 'annualContractValue').map((name) => ({ month: 7, name, value: a[name] })),
      a,
    );
    const s = projectMonthly(a, 'beekeeper', plan);
    const v2 = projectMonthly(a, 'beekeeper');
    for (const output of MONTHLY_OUTPUTS) {
      if (output === 'financing') continue;
      const got = Array.from(s[output]);
      // The price is carried month to month either way; the terms are recomputed from the same values.
      got.forEach((x, i) => expect(Math.abs(x - v2[output][i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x))));
    }
  });
});

describe('the ARR bridge', () => {
  it('ARR_t = ARR_{t−1} + newArr − churnedArr + expansionArr, every month, with and without a plan', () => {
    const c = cases.founder;
    for (const plan of [[], c.plan]) {
      const s = project(c.assumptions, 'beekeeper', plan).monthly;
      let previous = 4e6;
      for (let i = 0; i < 60; i++) {
        const bridged = previous + s.newArr[i] - s.churnedArr[i] + s.expansionArr[i];
        expect(Math.abs(bridged - s.arr[i])).toBeLessThan(1e-9 * s.arr[i]);
        previous = s.arr[i];
      }
    }
  });
});

describe('plan rows are validated, each message naming the row', () => {
  const a = resolveAssumptions();
  const dated = resolveAssumptions({ startDate: serialOfMonth({ year: 2027, month: 1 }) });
  const bad =
    (rows: object[], on = a) =>
    () =>
      checkPlan(rows as PlanRow[], on);
  it.each([
    [
      'a name that cannot be planned lists those that can',
      [{ month: 3, name: 'imitation', value: 0.3 }],
      /plan row 1 \(name\): "imitation" cannot be planned: a plan may set annualContractValue, .*fixedCosts, engineers \(a headcount plan\) and funding/,
    ],
    [
      'an unknown name suggests the nearest',
      [{ month: 3, name: 'fundng', value: 1 }],
      /plan row 1 \(name\): unknown plan name "fundng"; did you mean "funding"\?/,
    ],
    [
      "a value out of the assumption's range",
      [{ month: 3, name: 'customerChurn', value: 1.5 }],
      /plan row 1 \(value\): customerChurn must be between 0 and 1, got 1.5/,
    ],
    [
      'a negative round',
      [{ month: 3, name: 'funding', value: -1 }],
      /plan row 1 \(value\): funding must be ≥ 0, got -1/,
    ],
    [
      'a month outside 1..months',
      [{ month: 61, name: 'funding', value: 1 }],
      /plan row 1 \(month\): month must be a whole number from 1 to 60 \(the projection's months\), got 61/,
    ],
    ['month 0', [{ month: 0, name: 'funding', value: 1 }], /month must be a whole number from 1 to 60/],
    ['a fractional month', [{ month: 2.5, name: 'funding', value: 1 }], /month must be a whole number from 1 to 60/],
    [
      'two rows for the same name and month name both',
      [
        { month: 3, name: 'engineers', value: 30 },
        { month: 3, name: 'Engineers', value: 40 },
      ],
      /plan row 2 \(name\): engineers is planned twice for month 3 \(also plan row 1 \(name\)\)/,
    ],
    [
      'a date without startDate',
      [{ month: '2027-05', name: 'funding', value: 1 }],
      /plan row 1 \(month\): month 2027-05 is a calendar month, but startDate is not set/,
    ],
  ])('%s', (_, rows, message) => {
    expect(bad(rows)).toThrow(message);
  });
  it('a date before startDate, and one after the last month', () => {
    expect(bad([{ month: '2026-12', name: 'funding', value: 1 }], dated)).toThrow(
      /month 2026-12 is before startDate \(2027-01\)/,
    );
    expect(bad([{ month: '2032-01', name: 'funding', value: 1 }], dated)).toThrow(
      /month 2032-01 is after the projection's last month \(2031-12, month 60\)/,
    );
  });
  it('a calendar month, as text, a Date or an Excel date serial, names its month number', () => {
    expect(planMonth('2027-01', dated)).toBe(1);
    expect(planMonth('2028-01-31', dated)).toBe(13);
    expect(planMonth(new Date(Date.UTC(2027, 8, 15)), dated)).toBe(9);
    expect(planMonth(serialOfMonth({ year: 2031, month: 12 }) + 20, dated)).toBe(60);
    expect(planMonth(13, dated)).toBe(13);
    expect(planMonth('13', dated)).toBe(13);
  });
});

describe('a plan table (the shared reader of the CLI file, the Excel table and the function range)', () => {
  const a = resolveAssumptions();
  const table = (rows: unknown[][], header: unknown[] = ['Month', 'Name', 'Value', 'Note']): InputTable => ({
    source: 'plan.csv',
    header: header.map((value, c) => ({ value, where: `plan.csv row 1, column ${'ABCD'[c]}` })),
    rows: rows.map((row, r) => row.map((value, c) => ({ value, where: `plan.csv row ${r + 2}, column ${'ABCD'[c]}` }))),
  });
  it('reads rows in any order and sorts them by month; skips empty rows; ignores other columns', () => {
    const plan = readPlan(
      table([
        [13, 'annualContractValue', '$36,000', 'price change'],
        ['', '', '', ''],
        ['9', 'funding', '20,000,000', 'Series B'],
      ]),
      a,
    );
    expect(plan).toEqual([
      { month: 9, name: 'funding', value: 20e6 },
      { month: 13, name: 'annualContractValue', value: 36_000 },
    ]);
  });
  it('lists every problem with its cell', () => {
    const problems = planProblems(
      table([
        [0, 'funding', 1],
        [5, 'imitation', 0.3],
        [7, 'customerChurn', 'lots'],
      ]),
      a,
    );
    expect(problems.map((p) => p.where)).toEqual([
      'plan.csv row 2, column A',
      'plan.csv row 3, column B',
      'plan.csv row 4, column C',
    ]);
    expect(problems[2].message).toBe('customerChurn must be a number, got "lots"');
  });
  it('a header without the value column names what it has', () => {
    expect(() => readPlan(table([[1, 'funding']], ['month', 'name']), a)).toThrow(
      'plan.csv: the header row has no "value" column (it has month, name)',
    );
  });
});

describe('properties over random valid plans (fast-check)', () => {
  const a = resolveAssumptions({ months: 36, initialCustomers: 40, initialArr: 1e6 });
  /** A plan row of any name, any month, and a value inside its rule (the interval's ends included). */
  const rowArbitrary = fc.constantFrom(...PLAN_NAMES).chain((name) => {
    const rule = planRule(name);
    // Within the plausible ranges where they exist (an engineer for 5e-324 a year overflows, as
    // the same assumption does: that is the overflow message's test, not this one's).
    const plausible = PLANNABLE.includes(name as never) ? assumptionSpec(name as AssumptionName).plausible : undefined;
    const low = Math.max(rule.lower ?? -0.99, plausible?.low ?? -Infinity);
    const high = Math.min(
      rule.upper ?? (name === 'funding' || /Cost|Value|Costs$/.test(name) ? 5e7 : 10),
      plausible?.high ?? Infinity,
    );
    const value = fc
      .double({ min: low, max: high, noNaN: true })
      .filter((x) => rule.test(x))
      .map((x) => (name === 'hiringLag' ? Math.round(x) : x));
    return fc.record({ month: fc.integer({ min: 1, max: a.months }), name: fc.constant(name), value });
  });
  const planArbitrary = fc
    .array(rowArbitrary, { maxLength: 12 })
    .map((rows) =>
      rows.filter(
        (r, i) => r.name === 'funding' || !rows.slice(0, i).some((p) => p.name === r.name && p.month === r.month),
      ),
    );

  it('every output is finite, cash is initialCash + Σ (CF + financing), and the ARR bridge holds', () => {
    fc.assert(
      fc.property(planArbitrary, fc.constantFrom('beekeeper', 'proprietary' as const), (rows, scenario) => {
        const s = projectMonthly(a, scenario, checkPlan(rows, a));
        let cash = a.initialCash;
        let arr = a.initialArr;
        for (let i = 0; i < a.months; i++) {
          for (const o of MONTHLY_OUTPUTS) expect(Number.isFinite(s[o][i])).toBe(true);
          cash += s.cashFlow[i] + s.financing[i];
          expect(Math.abs(s.cash[i] - cash)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(cash)));
          const bridged = arr + s.newArr[i] - s.churnedArr[i] + s.expansionArr[i];
          expect(Math.abs(bridged - s.arr[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, s.arr[i]));
          expect(s.customers[i]).toBeLessThanOrEqual(a.organizations * (1 + 1e-12));
          arr = s.arr[i];
        }
        const funded = rows.filter((r) => r.name === 'funding').reduce((t, r) => t + r.value, 0);
        expect(Math.abs(s.financing.reduce((t, x) => t + x, 0) - funded)).toBeLessThanOrEqual(
          1e-6 * Math.max(1, funded),
        );
      }),
      { numRuns: 60, seed: 15 },
    );
  });
});

describe('plan values beyond their plausible range', () => {
  const a = resolveAssumptions();
  const rows = [{ month: 3, name: 'engineerCost', value: 150 }];
  it('stop the read with what they mean, unless the host or the row insists', () => {
    expect(() => checkPlan(rows, a)).toThrow(
      'plan row 1 (value): engineerCost 150 is far below what is plausible (at least 1,000 per engineer per year: ' +
        "an engineer for less than 1,000 or more than 5,000,000 a year); to run it anyway, put TRUE in the row's allowImplausible column",
    );
    expect(checkPlan(rows, a, 'plan', { allowImplausible: true })[0].value).toBe(150);
    expect(() =>
      checkPlan([{ month: 3, name: 'expansion', value: 15 }], a, 'plan', { insist: 'use --allow-implausible' }),
    ).toThrow(/expansion 15 is \+1,500 % a year, .*; for 15 % write 0.15; use --allow-implausible$/);
    expect(() => checkPlan([{ month: 3, name: 'funding', value: 2e10 }], a)).toThrow(
      /funding 20000000000 is far above what is plausible \(at most 10,000,000,000 currency, raised in that month: ten billion raised in one month\)/,
    );
  });
  it("a table row insists with TRUE in its allowImplausible column; the pane's function is asked", () => {
    const table = (insist: unknown): InputTable => ({
      source: 'plan',
      header: ['month', 'name', 'value', 'allowImplausible'].map((value) => ({ value, where: 'header' })),
      rows: [[3, 'engineers', 20_000, insist].map((value, c) => ({ value, where: `row 2 col ${c + 1}` }))],
    });
    expect(planProblems(table(''), a)).toEqual([
      expect.objectContaining({
        where: 'row 2 col 3',
        message: expect.stringMatching(/^engineers 20000 is far above/),
      }),
    ]);
    expect(readPlan(table('TRUE'), a)[0].value).toBe(20_000);
    const asked: string[] = [];
    const agreed = readPlan(table(''), a, { allowImplausible: (p) => (asked.push(p.where), true) });
    expect(agreed[0].value).toBe(20_000);
    expect(asked).toEqual(['row 2 col 3']);
  });
});
