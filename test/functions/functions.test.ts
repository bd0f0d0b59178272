/**
 * Unit tests of the OSS.* adapters (src/functions/functions.ts), called as Excel's
 * custom-functions runtime calls them: numbers and text as scalars, null for an omitted optional
 * argument, 2-D arrays for ranges; errors come back as values (CustomFunctions.Error, from the
 * runtime shim that jest's setupFiles installs), a 1×1 range holding the error for an array
 * function.
 *
 * Sources of the reference values are given next to each: the spec's own check values
 * (/work/shared/spec/functions.md, "Reference values anyone can check") and
 * test/reference/reference.json, written by the independent script make_reference.py (Python,
 * decimal / exact integer arithmetic, no code shared with src/), which records its sources
 * per group.
 */
import * as oss from '../../src/functions/functions';
import { ASSUMPTIONS, KPI_NAMES, MONTHLY_OUTPUTS } from '../../src/model';
import { ErrorValue, errorOf, isErrorValue, show } from '../support/oss-functions';
import { callIsolated } from '../support/isolated-call';
import reference from '../reference/reference.json';

/** The numbers of a column result ([[a], [b], ...] → [a, b, ...]); fails on an error value. */
function numbers(result: unknown): number[] {
  expect(errorOf(result)).toBeUndefined();
  const rows = result as unknown[][];
  for (const row of rows) expect(row).toHaveLength(1);
  return rows.map((row) => row[0] as number);
}

/** The one number of a 1×1 result. */
function single(result: unknown): number {
  const values = numbers(result);
  expect(values).toHaveLength(1);
  return values[0];
}

/** The error value of a result, asserting that there is one. */
function errorIn(result: unknown): ErrorValue {
  const error = errorOf(result);
  if (!error) throw new Error(`expected an error value, got ${show(result).slice(0, 300)}`);
  return error;
}

function expectRelative(actual: number, expected: number, tolerance: number): void {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  if (!(Math.abs(actual - expected) / scale <= tolerance)) {
    throw new Error(`expected ${actual} to be within ${tolerance} (relative) of ${expected}`);
  }
}

const column = (values: number[]) => values.map((v) => [v]);

/** The columns of a table with a header row, by header name. */
function columns(table: unknown): Record<string, (number | string)[]> {
  expect(errorOf(table)).toBeUndefined();
  const [header, ...rows] = table as (number | string)[][];
  return Object.fromEntries(header.map((name, c) => [name, rows.map((row) => row[c])]));
}

// ---------------------------------------------------------------------------------------------
describe("the spec's reference values (spec/functions.md)", () => {
  test('OSS.BASS(1, 0.03, 0.38, {1;5;10}) → 0.035758, 0.331199, 0.812803 to 6 places', () => {
    const values = numbers(oss.bass(1, 0.03, 0.38, [[1], [5], [10]]));
    expect(values.map((v) => v.toFixed(6))).toEqual(['0.035758', '0.331199', '0.812803']);
  });

  test('OSS.CONVERSION(10, 0.05) → 0.401263 to 6 places', () => {
    expect(single(oss.conversion([[10]], 0.05)).toFixed(6)).toBe('0.401263');
    expect(single(oss.conversion(10 as never, 0.05)).toFixed(6)).toBe('0.401263'); // a single value, as Excel passes =OSS.CONVERSION(10, 0.05)
  });

  test('OSS.EMPLOYERS(1000, 100000, 1) → 621.6 to 0.1; OSS.EMPLOYERS(1000, 1000, 0) → 632.30', () => {
    expect(Math.abs(single(oss.employers([[1000]], 100000, 1)) - 621.6)).toBeLessThanOrEqual(0.05);
    expect(single(oss.employers([[1000]], 1000, 0)).toFixed(2)).toBe('632.30');
  });
});

// ---------------------------------------------------------------------------------------------
describe('reference.json (make_reference.py, independent)', () => {
  test('bass.spec_check: F(t) at p = 0.03, q = 0.38 (Sultan, Farley & Lehmann 1990 means)', () => {
    for (const c of reference.bass.spec_check) {
      expectRelative(single(oss.bass(c.m, c.p, c.q, [[c.t]])), c.adopters, 1e-12);
      expect(single(oss.bass(c.m, c.p, c.q, [[c.t]])).toFixed(6)).toBe(c.spec_expected_6dp.toFixed(6));
    }
  });

  test.each(reference.bass.curves.map((c) => [c.label, c] as const))(
    'bass.curves: %s, all points in one range',
    (_label, c) => {
      // Closed form in 40-digit decimal; the adapter's double evaluation agrees to ~1e-15.
      const values = numbers(
        oss.bass(
          c.m,
          c.p,
          c.q,
          c.points.map((p) => [p.t]),
        ),
      );
      c.points.forEach((p, i) => expectRelative(values[i], p.adopters, 1e-12));
    },
  );

  test('bass.default_community_monthly: OSS.MEMBERS(2000000, 0.01, 0.45, 60) = m·F(t/12)', () => {
    const c = reference.bass.default_community_monthly;
    expect([c.m, c.p, c.q, c.N0, c.churnAnnual]).toEqual([2000000, 0.01, 0.45, 0, 0]);
    const values = numbers(oss.members(c.m, c.p, c.q, 60));
    expect(values).toHaveLength(60);
    c.series.forEach((row, i) => {
      expect(row.t).toBe(i + 1);
      expectRelative(values[i], row.members, 1e-9);
    });
  });

  test.each(
    reference.bass.churn_series.map(
      (c) => [`M=${c.M} p=${c.p} q=${c.q} churn=${c.churnAnnual} N0=${c.N0}`, c] as const,
    ),
  )('bass.churn_series: OSS.MEMBERS with churn and initial members (%s)', (_label, c) => {
    // The decimal stepper of make_reference.py: exact monthly Bass step, then churn.
    const values = numbers(oss.members(c.M, c.p, c.q, c.months, c.churnAnnual, c.N0));
    expect(values).toHaveLength(c.months);
    c.series.forEach((row, i) => expectRelative(values[i], row.members, 1e-9));
  });

  test('employers.spec_check, grid and large: OSS.EMPLOYERS within 1e-4 relative (size buckets)', () => {
    // Exact per-organisation sums (math.fsum) or the s = 0 closed form in decimal. The adapter
    // sums over buckets of similar weight: measured worst case 5.4e-5 relative on this grid.
    const cases = [...reference.employers.spec_check, ...reference.employers.grid, ...reference.employers.large];
    expect(cases.length).toBeGreaterThan(100);
    for (const c of cases) {
      const value = single(oss.employers([[c.U]], c.O, c.s));
      if (c.reached === 0) expect(value).toBe(0);
      else expectRelative(value, c.reached, 1e-4);
    }
  });

  test('conversion.cases: OSS.CONVERSION = 1 − (1 − p)^k', () => {
    for (const c of reference.conversion.cases) {
      const value = single(oss.conversion([[c.k]], c.p));
      expect(Math.abs(value - c.value)).toBeLessThanOrEqual(1e-15 + 1e-12 * c.value);
    }
  });

  test.each(
    reference.customers.cases.map((c) => [`O=${c.O} s=${c.s} r=${c.r} e=${c.e} churn=${c.churnAnnual}`, c] as const),
  )('customers.cases: OSS.CUSTOMERS within 0.5 %% of the per-organisation recursion (%s)', (_label, c) => {
    expect(c.certificationPull).toBe(0); // OSS.CUSTOMERS has no certification pull
    const values = numbers(
      oss.customers(column(c.series.map((row) => row.members)), c.O, c.r, c.churnAnnual, c.s, c.e),
    );
    expect(values).toHaveLength(c.series.length);
    c.series.forEach((row, i) => expectRelative(values[i], row.customers, 0.005));
  });

  test('hdr.cases: OSS.HDR exactly (exact integer evaluation of HDR 2.0)', () => {
    expect(reference.hdr.cases.length).toBeGreaterThan(30);
    for (const c of reference.hdr.cases) {
      expect(single(oss.hdr([[c.trial]], c.variable, c.entity, c.seed3, c.seed4))).toBe(c.u);
    }
    // All the trials of the default key in one range, element-wise.
    const defaults = reference.hdr.cases.filter(
      (c) => c.variable === 0 && c.entity === 0 && c.seed3 === 0 && c.seed4 === 0,
    );
    expect(numbers(oss.hdr(column(defaults.map((c) => c.trial))))).toEqual(defaults.map((c) => c.u));
  });
});

// ---------------------------------------------------------------------------------------------
describe('shapes', () => {
  const grid2x3 = [
    [0, 1, 2],
    [3, 5, 10],
  ];

  test.each([
    ['OSS.BASS', () => oss.bass(1000, 0.03, 0.38, grid2x3), (x: number) => single(oss.bass(1000, 0.03, 0.38, [[x]]))],
    ['OSS.EMPLOYERS', () => oss.employers(grid2x3, 1000, 1), (x: number) => single(oss.employers([[x]], 1000, 1))],
    ['OSS.CONVERSION', () => oss.conversion(grid2x3, 0.1), (x: number) => single(oss.conversion([[x]], 0.1))],
    ['OSS.HDR', () => oss.hdr(grid2x3, 1), (x: number) => single(oss.hdr([[x]], 1))],
  ])('%s is element-wise: a 2×3 range gives 2×3, each cell as if alone', (_name, call, one) => {
    const result = call() as number[][];
    expect(result).toHaveLength(2);
    result.forEach((row, r) => {
      expect(row).toHaveLength(3);
      row.forEach((cell, c) => expect(cell).toBe(one(grid2x3[r][c])));
    });
  });

  test('a row range keeps its shape too (1×3)', () => {
    const result = oss.conversion([[1, 2, 3]], 0.5);
    expect(result).toEqual([[0.5, 0.75, 0.875]]);
  });

  test('a single value works where a range is accepted', () => {
    expect(oss.bass(1, 0.03, 0.38, 1 as never)).toEqual(oss.bass(1, 0.03, 0.38, [[1]]));
    expect(oss.employers(1000 as never, 100000)).toEqual(oss.employers([[1000]], 100000));
    expect(oss.conversion(10 as never, 0.05)).toEqual(oss.conversion([[10]], 0.05));
    expect(oss.hdr(7 as never)).toEqual(oss.hdr([[7]]));
    expect(numbers(oss.customers(1000 as never, 1000, 0.01))).toHaveLength(1);
    expect(oss.revenue(12 as never, 30000)).toEqual([[30000]]);
  });

  test('time series spill down: one column, one row per month', () => {
    expect(numbers(oss.members(2000000, 0.01, 0.45, 24))).toHaveLength(24);
    const members = column([100, 200, 400]);
    expect(numbers(oss.customers(members, 1000, 0.01))).toHaveLength(3);
    // A row of months gives a column as well.
    expect(oss.customers([[100, 200, 400]], 1000, 0.01)).toEqual(oss.customers(members, 1000, 0.01));
    expect(oss.revenue([[12, 24, 36]], 1200)).toEqual([[1200], [2400], [3600]]);
  });

  test('OSS.REVENUE: subscription plus services, price growing from month 1', () => {
    // Month t: customers·ACV/12·(1 + growth)^((t−1)/12)·(1 + servicesAttach).
    const values = numbers(oss.revenue(column([12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12]), 1200, 0.1, 0.5));
    expect(values[0]).toBeCloseTo(1800, 9);
    expect(values[12]).toBeCloseTo(1800 * 1.1, 9);
  });

  test('OSS.ASSUMPTIONS: header name, value, unit, description; one row per assumption', () => {
    const table = oss.assumptions() as (string | number)[][];
    expect(table[0]).toEqual(['name', 'value', 'unit', 'description']);
    const rows = table.slice(1);
    expect(rows.map((r) => r[0])).toEqual(ASSUMPTIONS.map((a) => a.name));
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
    for (const [name, value, unit, description] of rows) {
      expect(typeof name).toBe('string');
      // startDate's default is none: an empty cell, not the date 0 (1899-12-30).
      if (name === 'startDate') expect(value).toBe('');
      else expect(Number.isFinite(value)).toBe(true);
      expect(typeof unit).toBe('string');
      expect(typeof description === 'string' && description.length > 0).toBe(true);
    }
    expect(rows.find((r) => r[0] === 'months')![1]).toBe(60);
  });

  test('OSS.ASSUMPTIONS("proprietary") has the same names and values; only descriptions differ', () => {
    const beekeeper = oss.assumptions('beekeeper') as (string | number)[][];
    const proprietary = oss.assumptions('proprietary') as (string | number)[][];
    expect(proprietary.map((r) => r.slice(0, 3))).toEqual(beekeeper.map((r) => r.slice(0, 3)));
    expect(beekeeper.some((r) => String(r[3]).includes('Unused in this scenario'))).toBe(true);
    expect(proprietary.some((r) => String(r[3]).includes('Unused in this scenario'))).toBe(false);
  });

  test('OSS.PROJECTION: header month + all 24 outputs, 60 rows by default, months 1..60', () => {
    const table = oss.projection() as (string | number)[][];
    expect(table[0]).toEqual([...MONTHLY_OUTPUTS]);
    expect(table[0]).toHaveLength(25);
    expect(table).toHaveLength(61);
    expect(table.slice(1).map((row) => row[0])).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    for (const row of table.slice(1)) for (const cell of row) expect(Number.isFinite(cell)).toBe(true);
  });

  test('OSS.PROJECTION metrics "customers, arr": those columns, in that order', () => {
    const full = columns(oss.projection());
    const table = oss.projection(null as never, null as never, 'customers, arr') as (string | number)[][];
    expect(table[0]).toEqual(['month', 'customers', 'arr']);
    const chosen = columns(table);
    expect(chosen.customers).toEqual(full.customers);
    expect(chosen.arr).toEqual(full.arr);
    expect(chosen.month).toEqual(full.month);
    // Case-insensitive, spaces ignored, duplicates and "month" not repeated.
    expect(oss.projection(null as never, null as never, ' ARR,customers ,arr,month')[0]).toEqual([
      'month',
      'arr',
      'customers',
    ]);
  });

  test('OSS.PROJECTION follows the months assumption', () => {
    const table = oss.projection([['months', 24]]) as unknown[][];
    expect(table).toHaveLength(25);
  });

  test('OSS.ECOSYSTEM: a table with header bucket, projects, share', () => {
    const table = oss.ecosystem(2000, 60) as (string | number)[][];
    expect(table[0]).toEqual(['bucket', 'projects', 'share']);
    const buckets = table.slice(1, -1);
    expect(buckets.map((r) => r[0])).toEqual(['died', '1–49', '50–999', '1,000–999,999', '≥ 1,000,000']);
    expect(buckets.reduce((sum, r) => sum + (r[1] as number), 0)).toBe(2000);
    for (const [, projects, share] of buckets) {
      expect(Number.isInteger(projects)).toBe(true);
      expect(share).toBe((projects as number) / 2000);
    }
    // The last row: the largest interest (JSDoc of OSS.ECOSYSTEM).
    const last = table[table.length - 1];
    expect(last[0]).toBe('largest interest');
    expect(Number.isFinite(last[1])).toBe(true);
  });

  test('OSS.ECOSYSTEM passes initialInterest (the last argument) to the walk', () => {
    const counts = (...args: Parameters<typeof oss.ecosystem>) =>
      (oss.ecosystem(...args) as (string | number)[][]).slice(1, -1).map((r) => r[1] as number);
    // No volatility, drift or bonus: every project stays where it starts, here in 50–999.
    expect(counts(10, 12, 0, 0, 50, 0, 1, 60)).toEqual([0, 0, 10, 0, 0]);
    // A higher start on the same draws: fewer projects die. Omitted, it is 5.
    const omitted = null as never;
    const at = (initialInterest?: number) => counts(2000, 60, omitted, omitted, omitted, omitted, 1, initialInterest);
    expect(at(20)[0]).toBeLessThan(at(5)[0]);
    expect(at()).toEqual(at(5));
  });
});

// ---------------------------------------------------------------------------------------------
describe('OSS.PROJECTION and its assumptions table', () => {
  test('accepts the OSS.ASSUMPTIONS table as is: the result equals the defaults', () => {
    const table = oss.assumptions() as unknown[][];
    expect(oss.projection(table as never)).toEqual(oss.projection());
    expect(oss.kpi('npv', table as never)).toBe(oss.kpi('npv'));
    // The proprietary table in the proprietary scenario, likewise.
    expect(oss.projection(oss.assumptions('proprietary') as never, 'proprietary')).toEqual(
      oss.projection(null as never, 'proprietary'),
    );
  });

  test('a two-column name/value range works; names not given take defaults', () => {
    const table = (oss.assumptions() as unknown[][]).map((row) => row.slice(0, 2));
    expect(oss.projection(table as never)).toEqual(oss.projection());
  });

  test('an override changes the result, the same whether given alone or edited in the full table', () => {
    const alone = oss.projection([['imitation', 0.3]]);
    expect(errorOf(alone)).toBeUndefined();
    expect(alone).not.toEqual(oss.projection());
    const table = (oss.assumptions() as unknown[][]).map((row) =>
      row[0] === 'imitation' ? [row[0], 0.3, row[2], row[3]] : row,
    );
    expect(oss.projection(table as never)).toEqual(alone);
    // Names are case-insensitive.
    expect(oss.projection([['IMITATION', 0.3]])).toEqual(alone);
  });

  test('the scenario changes the result', () => {
    expect(oss.projection(null as never, 'proprietary')).not.toEqual(oss.projection());
    expect(oss.projection(null as never, 'Proprietary')).toEqual(oss.projection(null as never, 'proprietary'));
  });

  test('an unknown name is an error that suggests the nearest: "imitaton" → "imitation"', () => {
    const error = errorIn(oss.projection([['imitaton', 0.3]]));
    expect(error.code).toBe('#VALUE!');
    expect(error.message).toContain('unknown assumption "imitaton"');
    expect(error.message).toContain('did you mean "imitation"?');
    expect(error.message).toContain('row 1'); // where it is
    expect(errorIn(oss.kpi('npv', [['imitaton', 0.3]])).message).toContain('did you mean "imitation"?');
  });

  test('a duplicated name is an error naming both rows', () => {
    const error = errorIn(
      oss.projection([
        ['imitation', 0.3],
        ['persuasion', 0.001],
        ['Imitation', 0.4],
      ]),
    );
    expect(error.code).toBe('#VALUE!');
    expect(error.message).toContain('imitation');
    expect(error.message).toMatch(/twice/);
    expect(error.message).toMatch(/rows 1 and 3/);
    expect(
      errorIn(
        oss.kpi('arr', [
          ['imitation', 0.3],
          ['imitation', 0.3],
        ]),
      ).code,
    ).toBe('#VALUE!');
  });

  test('an invalid value in the table names the row, the assumption, the rule and the value', () => {
    const error = errorIn(
      oss.projection([
        ['name', 'value'],
        ['imitation', -0.2],
      ]),
    );
    expect(error.code).toBe('#VALUE!');
    expect(error.message).toBe('assumptions row 2: imitation must be between 0 and 5, got -0.2');
  });

  test('an unknown metric suggests the nearest', () => {
    const error = errorIn(oss.projection(null as never, null as never, 'customers, custmers'));
    expect(error.code).toBe('#VALUE!');
    expect(error.message).toContain('"custmers"');
    expect(error.message).toContain('did you mean "customers"?');
  });
});

// ---------------------------------------------------------------------------------------------
describe('OSS.KPI', () => {
  const projection = columns(oss.projection()) as Record<string, number[]>;
  const defaults = Object.fromEntries(
    (oss.assumptions() as [string, number][]).slice(1).map(([name, value]) => [name, value]),
  );
  const last = projection.month.length - 1;

  // Over ten years the default company breaks even (month 95), so every KPI has a value; over the
  // default five years it does not yet, and breakEvenMonth is #N/A (tested below).
  const tenYears = [['months', 120]];
  test('every KPI name gives a finite number with the default assumptions over ten years', () => {
    for (const name of KPI_NAMES) {
      const value = oss.kpi(name, tenYears as never);
      expect(isErrorValue(value) ? `${name}: ${show(value)}` : Number.isFinite(value)).toBe(true);
    }
  });

  test('each KPI agrees with the projection it summarises', () => {
    expect(oss.kpi('arr')).toBe(projection.arr[last]);
    expect(oss.kpi('customers')).toBe(projection.customers[last]);
    expect(oss.kpi('members')).toBe(projection.members[last]);
    expect(oss.kpi('customersPerThousandMembers')).toBeCloseTo(
      (1000 * projection.customers[last]) / projection.members[last],
      9,
    );
    expectRelative(
      oss.kpi('revenueTotal') as number,
      projection.revenue.reduce((s, v) => s + v, 0),
      1e-12,
    );
    expect(oss.kpi('minCash')).toBe(Math.min(defaults.initialCash, ...projection.cash));
    expect(oss.kpi('fundingNeed')).toBe(-Math.min(defaults.initialCash, ...projection.cash));
    expect(oss.kpi('cashOutMonth')).toBe(projection.cash.findIndex((c) => c < 0) + 1);
    expect(oss.kpi('grossMargin')).toBeCloseTo(1 - projection.costOfRevenue[last] / projection.revenue[last], 12);
    // Break-even: the first month from which the cash flow stays ≥ 0 to the horizon (ten years).
    const longer = columns(oss.projection(tenYears as never));
    let breakEven: number | undefined;
    (longer.cashFlow as number[]).forEach((cf, i) => {
      if (cf < 0) breakEven = undefined;
      else if (breakEven === undefined) breakEven = i + 1;
    });
    expect(breakEven).toBeDefined();
    expect(oss.kpi('breakEvenMonth', tenYears as never)).toBe(breakEven);
  });

  test('npv equals Σ CF_t / (1 + d)^(t/12) + exitArrMultiple·ARR_T / (1 + d)^(T/12), recomputed from the columns', () => {
    const npv = (cashFlow: number[], arr: number[], rate: number, multiple: number) =>
      cashFlow.reduce((sum, cf, i) => sum + cf / Math.pow(1 + rate, (i + 1) / 12), 0) +
      (multiple * arr[arr.length - 1]) / Math.pow(1 + rate, arr.length / 12);
    expect([defaults.discountRate, defaults.exitArrMultiple]).toEqual([0.2, 5]);
    expectRelative(oss.kpi('npv') as number, npv(projection.cashFlow, projection.arr, 0.2, 5), 1e-12);
    // With another discount rate, exit multiple and horizon, given in an assumptions table.
    const table = [
      ['discountRate', 0.3],
      ['months', 36],
      ['exitArrMultiple', 0],
    ];
    const { cashFlow, arr } = columns(oss.projection(table as never)) as Record<string, number[]>;
    expect(cashFlow).toHaveLength(36);
    expectRelative(oss.kpi('npv', table as never) as number, npv(cashFlow, arr, 0.3, 0), 1e-12);
  });

  test('KPI names are case-insensitive (and trimmed)', () => {
    expect(oss.kpi('NPV')).toBe(oss.kpi('npv'));
    expect(oss.kpi('BreakEvenMonth', tenYears as never)).toBe(oss.kpi('breakEvenMonth', tenYears as never));
    expect(oss.kpi('CASHOUTMONTH')).toBe(oss.kpi('cashOutMonth'));
    expect(oss.kpi(' customersperthousandmembers ')).toBe(oss.kpi('customersPerThousandMembers'));
  });

  test('breakEvenMonth with no break-even is #N/A with a message', () => {
    const error = errorIn(oss.kpi('breakEvenMonth', [['persuasion', 0]]));
    expect(error.code).toBe('#N/A');
    expect(error.message).toBe('no break-even: cash flow does not stay ≥ 0 through month 60');
  });

  test.each<[string, unknown[][], string]>([
    ['cashOutMonth', [['initialCash', 1e10]], 'cash never runs out: it stays ≥ 0 through month 60'],
    ['grossMargin', [['persuasion', 0]], 'no revenue at month 60, so the gross margin is undefined'],
    ['burnMultiple', [['persuasion', 0]], 'no ARR at month 60, so the burn multiple is undefined'],
    ['ruleOf40', [['months', 23]], 'the rule of 40 compares two years of revenue: it needs 24 months or more, got 23'],
    [
      'ruleOf40',
      [['persuasion', 0]],
      'no revenue in months 37–48, so the revenue growth of the rule of 40 is undefined',
    ],
  ])('%s not available (%j) is #N/A with the reason', (name, table, message) => {
    const error = errorIn(oss.kpi(name, table as never));
    expect(error.code).toBe('#N/A');
    expect(error.message).toBe(message);
  });

  test('customersPerThousandMembers with no members is #N/A with a message', () => {
    const error = errorIn(
      oss.kpi('customersPerThousandMembers', [
        ['marketSize', 5e-324],
        ['initialMembers', 0],
      ]),
    );
    expect(error.code).toBe('#N/A');
    expect(error.message).toMatch(/no members/);
  });

  test('an unknown KPI lists the KPIs and suggests the nearest', () => {
    const error = errorIn(oss.kpi('npvv'));
    expect(error.code).toBe('#VALUE!');
    for (const name of KPI_NAMES) expect(error.message).toContain(name);
    expect(error.message).toContain('got "npvv"');
    expect(error.message).toContain('did you mean "npv"?');
    expect(errorIn(oss.kpi(null as never)).message).toBe('kpi is required');
    expect(errorIn(oss.kpi(3 as never)).message).toBe('kpi must be text, got 3');
  });
});

// ---------------------------------------------------------------------------------------------
describe('errors: invalid input is #VALUE! naming the argument, the rule and the value', () => {
  test.each<[string, () => unknown, string]>([
    ['imitation < 0', () => oss.bass(1, 0.03, -0.2, [[1]]), 'imitation must be between 0 and 5, got -0.2'],
    ['innovation 0', () => oss.bass(1, 0, 0.38, [[1]]), 'innovation must be > 0 and ≤ 1, got 0'],
    ['marketSize text', () => oss.bass('abc' as never, 0.03, 0.38, [[1]]), 'marketSize must be a number, got "abc"'],
    ['marketSize boolean', () => oss.bass(true as never, 0.03, 0.38, [[1]]), 'marketSize must be a number, got TRUE'],
    ['marketSize NaN', () => oss.bass(NaN, 0.03, 0.38, [[1]]), 'marketSize must be a number, got NaN'],
    ['marketSize Infinity', () => oss.bass(Infinity, 0.03, 0.38, [[1]]), 'marketSize must be > 0, got Infinity'],
    ['marketSize omitted', () => oss.bass(null as never, 0.03, 0.38, [[1]]), 'marketSize is required'],
    [
      'a negative time in a range',
      () => oss.bass(1, 0.03, 0.38, [[1], [-5]]),
      'years row 2, column 1 must be ≥ 0, got -5',
    ],
    [
      'an empty cell in a range',
      () => oss.bass(1, 0.03, 0.38, [[1, null]] as never),
      'years row 1, column 2 must be a number, got an empty cell',
    ],
    ['months 0', () => oss.members(2e6, 0.01, 0.45, 0), 'months must be a whole number from 1 to 600, got 0'],
    ['months 1.5', () => oss.members(2e6, 0.01, 0.45, 1.5), 'months must be a whole number from 1 to 600, got 1.5'],
    ['months 601', () => oss.members(2e6, 0.01, 0.45, 601), 'months must be a whole number from 1 to 600, got 601'],
    ['annualChurn 2', () => oss.members(2e6, 0.01, 0.45, 12, 2), 'annualChurn must be between 0 and 1, got 2'],
    [
      'initialMembers > marketSize',
      () => oss.members(1000, 0.01, 0.45, 12, 0, 2000),
      'initialMembers must be between 0 and 1000, got 2000',
    ],
    ['members < 0', () => oss.employers([[-1]], 1000), 'members must be ≥ 0, got -1'],
    [
      'organizations 0.5',
      () => oss.employers([[1]], 0.5),
      'organizations must be a whole number from 1 to 1000000000, got 0.5',
    ],
    ['sizeSkew 4', () => oss.employers([[1]], 10, 4), 'sizeSkew must be between 0 and 3, got 4'],
    ['employedShare -1', () => oss.employers([[1]], 10, 1, -1), 'employedShare must be between 0 and 1, got -1'],
    ['persuasion 2', () => oss.conversion([[1]], 2), 'persuasion must be between 0 and 1, got 2'],
    [
      'members 2-D for a series',
      () =>
        oss.customers(
          [
            [1, 2],
            [3, 4],
          ],
          10,
          0.1,
        ),
      'members must be a single column or row, got 2×2 cells',
    ],
    [
      'members longer than 600 months',
      () => oss.customers(column(new Array(601).fill(1)), 10, 0.1),
      "members's number of months must be at most 600, got 601",
    ],
    ['a ragged range', () => oss.customers([[1], [1, 2]], 10, 0.1), 'members must be a range (rows of equal length)'],
    ['an empty range', () => oss.revenue([], 10), 'customers must be a range (rows of equal length)'],
    ['a month of a series', () => oss.revenue(column([1, -2]), 10), 'customers month 2 must be ≥ 0, got -2'],
    ['annualPriceGrowth -1', () => oss.revenue([[1]], 10, -1), 'annualPriceGrowth must be > -1, got -1'],
    [
      'scenario unknown',
      () => oss.assumptions('proprietory'),
      'scenario must be one of beekeeper, proprietary, got "proprietory"; did you mean "proprietary"?',
    ],
    [
      'scenario a number',
      () => oss.projection(null as never, 5 as never),
      'scenario must be one of beekeeper, proprietary, got 5',
    ],
    ['metrics a number', () => oss.projection(null as never, null as never, 5 as never), 'metrics must be text, got 5'],
    ['projects 0', () => oss.ecosystem(0), 'projects must be a whole number from 1 to 100000, got 0'],
    ['volatility < 0', () => oss.ecosystem(10, 10, 0, -1), 'volatility must be ≥ 0, got -1'],
    [
      'seed -1',
      () => oss.ecosystem(10, 10, 0, 0.5, 50, 0.02, -1),
      'seed must be a whole number from 0 to 100000000, got -1',
    ],
    [
      'initialInterest < 1',
      () => oss.ecosystem(10, 10, 0, 0.5, 50, 0.02, 1, 0.5),
      'initialInterest must be ≥ 1 (a project below 1 is dead), got 0.5',
    ],
    ['trial -1', () => oss.hdr([[-1]]), 'trial must be a whole number from 0 to 100000000, got -1'],
    ['variable 1.5', () => oss.hdr([[1]], 1.5), 'variable must be a whole number from 0 to 100000000, got 1.5'],
    ['assumptions name not text', () => oss.kpi('npv', [[5, 1]]), 'assumptions row 1: the name must be text, got 5'],
  ])('%s', (_label, call, message) => {
    const error = errorIn(call());
    expect(error.code).toBe('#VALUE!');
    expect(error.message).toBe(message);
  });

  test('scalar functions return the error itself; array functions a 1×1 range holding it', () => {
    expect(isErrorValue(oss.kpi('nope'))).toBe(true);
    const array = oss.bass(1, 0.03, -0.2, [[1]]);
    expect(array).toHaveLength(1);
    expect(array[0]).toHaveLength(1);
    expect(isErrorValue(array[0][0])).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
describe('omitted optional arguments (null) take their defaults', () => {
  test.each<[string, () => unknown, () => unknown]>([
    [
      'OSS.MEMBERS annualChurn=0, initialMembers=0',
      () => oss.members(2e6, 0.01, 0.45, 36, null as never, null as never),
      () => oss.members(2e6, 0.01, 0.45, 36, 0, 0),
    ],
    [
      'OSS.EMPLOYERS sizeSkew=1, employedShare=1',
      () => oss.employers([[1000], [5000]], 100000, null as never, null as never),
      () => oss.employers([[1000], [5000]], 100000, 1, 1),
    ],
    [
      'OSS.CUSTOMERS annualChurn=0.1, sizeSkew=1, employedShare=1',
      () => oss.customers(column([1000, 4000, 9000]), 200000, 0.0005, null as never, null as never, null as never),
      () => oss.customers(column([1000, 4000, 9000]), 200000, 0.0005, 0.1, 1, 1),
    ],
    [
      'OSS.REVENUE annualPriceGrowth=0, servicesAttach=0',
      () => oss.revenue(column([1, 2, 3]), 1200, null as never, null as never),
      () => oss.revenue(column([1, 2, 3]), 1200, 0, 0),
    ],
    ['OSS.ASSUMPTIONS scenario=beekeeper', () => oss.assumptions(null as never), () => oss.assumptions('beekeeper')],
    [
      'OSS.PROJECTION assumptions none, scenario=beekeeper, metrics all',
      () => oss.projection(null as never, null as never, null as never),
      // No overrides, stated explicitly: the full default table (Excel never passes an empty range).
      () =>
        oss.projection(oss.assumptions() as never, 'beekeeper', MONTHLY_OUTPUTS.filter((o) => o !== 'month').join(',')),
    ],
    [
      'OSS.KPI assumptions none, scenario=beekeeper',
      () => oss.kpi('npv', null as never, null as never),
      () => oss.kpi('npv', oss.assumptions() as never, 'beekeeper'),
    ],
    [
      'OSS.ECOSYSTEM 10000, 120, 0, 0.35, 50, 0, seed 1, initialInterest 5',
      () =>
        oss.ecosystem(
          null as never,
          null as never,
          null as never,
          null as never,
          null as never,
          null as never,
          null as never,
          null as never,
        ),
      () => oss.ecosystem(10000, 120, 0, 0.35, 50, 0, 1, 5),
    ],
    [
      'OSS.HDR variable, entity, seed3, seed4 = 0',
      () => oss.hdr([[1], [2]], null as never, null as never, null as never, null as never),
      () => oss.hdr([[1], [2]], 0, 0, 0, 0),
    ],
  ])('%s', (_label, omitted, explicit) => {
    const result = omitted();
    expect(errorOf(result)).toBeUndefined();
    expect(result).toEqual(explicit());
  });

  test('arguments left off entirely (undefined) behave as null', () => {
    expect(oss.members(2e6, 0.01, 0.45, 12)).toEqual(oss.members(2e6, 0.01, 0.45, 12, null as never, null as never));
    expect(oss.projection()).toEqual(oss.projection(null as never, null as never, null as never));
    expect(oss.ecosystem(500, 24)).toEqual(
      oss.ecosystem(500, 24, null as never, null as never, null as never, null as never, null as never, null as never),
    );
  });
});

// ---------------------------------------------------------------------------------------------
describe('determinism', () => {
  test('same arguments, same result', () => {
    expect(oss.projection([['imitation', 0.3]])).toEqual(oss.projection([['imitation', 0.3]]));
    expect(oss.kpi('npv', [['persuasion', 0.001]])).toBe(oss.kpi('npv', [['persuasion', 0.001]]));
    expect(oss.customers(column([10, 20]), 1000, 0.1)).toEqual(oss.customers(column([10, 20]), 1000, 0.1));
    // Interleaved calls with other arguments do not leak state (employer buckets are memoised).
    const first = oss.employers([[1000]], 100000, 1);
    oss.employers([[1000]], 5000, 2);
    oss.projection([['organizations', 1234]]);
    expect(oss.employers([[1000]], 100000, 1)).toEqual(first);
  });

  test('OSS.ECOSYSTEM: the same seed gives the same table, another seed another', () => {
    const a = oss.ecosystem(2000, 60, 0, 0.5, 50, 0.02, 7);
    expect(errorOf(a)).toBeUndefined();
    expect(oss.ecosystem(2000, 60, 0, 0.5, 50, 0.02, 7)).toEqual(a);
    expect(oss.ecosystem(2000, 60, 0, 0.5, 50, 0.02, 8)).not.toEqual(a);
  });
});

// ---------------------------------------------------------------------------------------------
describe('error cells in an assumptions range (allowErrorForDataTypeAny) are #VALUE! naming the cell', () => {
  // What Excel passes for an error cell: a CustomFunctions.Error, or (with data types on) an
  // Excel.ErrorCellValue object; both are recognised.
  const div0 = () => new CustomFunctions.Error(CustomFunctions.ErrorCode.divisionByZero);
  const notAvailable = { type: 'Error', basicType: 'Error', basicValue: '#N/A', errorType: 'NotAvailable' };
  const expected = (code: string, row: number, column: number) => ({
    code: '#VALUE!',
    message: `assumptions row ${row}, column ${column}: the value is an error (${code})`,
  });
  const shown = (result: unknown) => {
    const error = errorIn(result);
    return { code: error.code, message: error.message };
  };

  test('OSS.PROJECTION and OSS.KPI: in the value column and in the name column', () => {
    expect(
      shown(
        oss.projection([
          ['name', 'value'],
          ['imitation', div0()],
        ]),
      ),
    ).toEqual(expected('#DIV/0!', 2, 2));
    expect(
      shown(
        oss.kpi('arr', [
          ['persuasion', 0.001],
          [notAvailable, 0.4],
        ]),
      ),
    ).toEqual(expected('#N/A', 2, 1));
  });

  test('OSS.SIMULATE: a parameter of a distribution', async () => {
    const table = [
      ['name', 'value', 'distribution', 'p1', 'p2', 'p3'],
      ['imitation', 0.4, 'pert', 0.2, div0(), 0.8],
    ];
    expect(shown(await oss.simulate('arr', table, 10, 1, null as never, null as never, {} as never))).toEqual(
      expected('#DIV/0!', 2, 5),
    );
  });
});

// ---------------------------------------------------------------------------------------------
describe('no NaN or Infinity: overflow is #VALUE! with a message (Excel shows no message with #NUM!)', () => {
  test.each<[string, () => unknown]>([
    ['OSS.REVENUE(1e308, 1e308)', () => oss.revenue([[1e308]], 1e308)],
    [
      'OSS.REVENUE with a price growing past 1e308',
      () => oss.revenue(column([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]), 1e300, 1e300),
    ],
    [
      'OSS.PROJECTION with annualContractValue 1e308',
      () =>
        oss.projection([
          ['annualContractValue', 1e308],
          ['servicesAttach', 1e308],
        ]),
    ],
    [
      'OSS.KPI npv discounted at a rate just above −1 over 600 months',
      () =>
        oss.kpi('npv', [
          ['months', 600],
          ['discountRate', -1 + 2 ** -52],
        ]),
    ],
    ['OSS.ECOSYSTEM whose largest interest exceeds 1e308', () => oss.ecosystem(10, 600, 100)],
  ])('%s', (_label, call) => {
    const error = errorIn(call());
    expect(error.code).toBe('#VALUE!');
    expect(error.message).toMatch(/too large for a number/);
  });

  test("OSS.PROJECTION's overflow message names the output and the month", () => {
    const error = errorIn(
      oss.projection([
        ['annualContractValue', 1e308],
        ['servicesAttach', 1e308],
      ]),
    );
    expect(error.message).toMatch(/^\w+ at month \d+ is too large for a number/);
  });

  test('results at the edge of the ranges stay finite', () => {
    for (const result of [
      oss.bass(Number.MAX_VALUE, 1, 5, [[1e308]]),
      oss.bass(1, Number.MIN_VALUE, 5, [[0], [1e-300], [600]]),
      oss.members(1e308, 1, 5, 600),
      oss.conversion([[1e308]], 1e-300),
      oss.employers([[1e308]], 1, 3, 1),
      oss.customers([[1e308]], 1, 1, 0, 0, 1),
    ]) {
      const error = errorOf(result);
      if (error) expect(error.message).toMatch(/too large for a number/);
      else for (const row of result as number[][]) for (const cell of row) expect(Number.isFinite(cell)).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('organizations near 2^53 (once an endless loop in employerBuckets)', () => {
  // Above 2^53, organizations + 1 === organizations and the bucket loop never ended (the
  // functions runtime hung). The assumption is now capped at 10^9. Each call runs in a worker
  // thread with a time and heap limit, so that a regression fails here instead of hanging the run.
  const bound = 'organizations must be a whole number from 1 to 1000000000, got 9007199254740992';
  test.each<[string, unknown[], unknown]>([
    ['employers', [[[1000]], 2 ** 53, 1], [[{ errorCode: '#VALUE!', message: bound }]]],
    [
      'kpi',
      ['customers', [['organizations', 2 ** 53]]],
      { errorCode: '#VALUE!', message: `assumptions row 1: ${bound}` },
    ],
  ])('OSS.%s%j returns #VALUE! naming the bound', async (name, args, expected) => {
    const outcome = await callIsolated(name, args, { timeoutMs: 8000, heapMb: 64 });
    expect(outcome).toEqual({ status: 'returned', result: expected });
  });

  test('the largest allowed number of organisations, 10^9, returns a count within bounds', async () => {
    const outcome = await callIsolated('employers', [[[1000]], 1e9, 1], { timeoutMs: 20000 });
    expect(outcome.status).toBe('returned');
    const value = (outcome as { result: number[][] }).result[0][0];
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThanOrEqual(1000);
  });
});
