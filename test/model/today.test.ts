/**
 * Today's state at month 0 (model.md v3, "A running company" → "Today's state: month 0"):
 * initialCustomers spread over employers by their reach at month 0, capped at certainty;
 * initialArr and the revenue R₀ it implies; existing customers churn and expand but are not
 * converted again (claim 11). The per-organisation oracle is test/support/oracles.ts.
 */
import { AssumptionName, resolveAssumptions } from '../../src/model/assumptions';
import { monthly } from '../../src/model/bass';
import { EmployerConversion, employerBuckets, initialShares } from '../../src/model/employers';
import { MONTHLY_OUTPUTS, projectMonthly } from '../../src/model/projection';
import {
  initialCustomersByOrganisation,
  projectByTheBook,
  relativeError,
  zipfWeights,
  type OracleSeries,
} from '../support/oracles';

type Overrides = Partial<Record<AssumptionName, number>>;
const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, x) => s + x, 0);

/** A founder's company: 40,000 members, 150 customers, $4 M ARR, 25 engineers, $12 M cash. */
const FOUNDER: Overrides = {
  initialMembers: 40_000,
  initialCustomers: 150,
  initialArr: 4e6,
  foundingEngineers: 25,
  initialCash: 12e6,
};

describe('C_i,0 = min(1, κ·ρ_i) with Σ_i C_i,0 = initialCustomers', () => {
  const cases: Array<[string, number, number, number, number]> = [
    // [label, organizations, skew, initialCustomers, U₀]
    ['defaults, 150 customers', 50_000, 1, 150, 0.7 * 2000],
    ['no members: ρ = w', 50_000, 1, 150, 0],
    ['no skew', 1000, 0, 37.5, 500],
    ['caps bind: 49,990 of 50,000', 50_000, 1, 49_990, 1400],
    ['caps bind: every organisation a customer', 50_000, 1, 50_000, 1400],
    ['caps bind, steep skew', 200_000, 3, 150_000, 1e6],
    ['one organisation', 1, 1, 0.4, 10],
    ['10^9 organisations, 10^7 members', 1e9, 1.2, 1e6, 1e7],
  ];
  test.each(cases)('%s: the sum is initialCustomers to 1e-9, every share in [0, 1]', (_l, O, s, C0, U0) => {
    const buckets = employerBuckets(O, s);
    const conversion = new EmployerConversion(buckets, monthly(0.1), 0).seed(C0, U0);
    const byBucket = conversion.customersByBucket();
    expect(relativeError(sum(byBucket), C0)).toBeLessThanOrEqual(1e-9);
    expect(relativeError(conversion.customers, C0)).toBeLessThanOrEqual(1e-9);
    byBucket.forEach((c, k) => {
      const share = c / buckets.count[k];
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    });
  });

  test('where caps bind, the largest employers are certain customers and the shares fall with size', () => {
    const buckets = employerBuckets(50_000, 1);
    const share = new Float64Array(buckets.count.length);
    initialShares(buckets, 49_000, 1400, share);
    expect(share[0]).toBe(1);
    expect(share[share.length - 1]).toBeLessThan(1);
    for (let k = 1; k < share.length; k++) expect(share[k]).toBeLessThanOrEqual(share[k - 1]);
  });

  test('organisation by organisation (exact buckets), the same shares as the oracle’s bisection', () => {
    for (const [O, s, C0, U0] of [
      [500, 1, 20, 300],
      [500, 1, 480, 300], // caps bind
      [300, 0.5, 100, 0],
      [50, 2, 49.5, 1e4],
    ]) {
      const exact = employerBuckets(O, s, true);
      const share = new Float64Array(O);
      initialShares(exact, C0, U0, share);
      const oracle = initialCustomersByOrganisation(zipfWeights(O, s), C0, U0);
      for (let i = 0; i < O; i++)
        expect(Math.abs(share[i] - oracle[i])).toBeLessThanOrEqual(1e-9 * Math.max(oracle[i], 1e-3));
    }
  });

  test('no initial customers: every share 0, and the projection starts from nothing (v2)', () => {
    const s = projectMonthly(resolveAssumptions({ initialArr: 0, initialCustomers: 0 }), 'beekeeper');
    const v2 = projectMonthly(resolveAssumptions(), 'beekeeper');
    for (const output of MONTHLY_OUTPUTS) expect(s[output]).toEqual(v2[output]);
    expect(s.churnedCustomers[0]).toBe(0);
  });
});

describe("a founder's case at month 1 (40,000 members, 150 customers, $4 M ARR)", () => {
  const a = resolveAssumptions(FOUNDER);
  const s = projectMonthly(a, 'beekeeper');
  const c = monthly(a.customerChurn);
  const x = (1 + a.expansion) ** (1 / 12) - 1;

  test('customers: 150 less churn plus new; ARR: $4 M carried, plus the new at the list price', () => {
    expect(s.churnedCustomers[0]).toBeCloseTo(150 * c, 9);
    expect(s.customers[0]).toBeCloseTo(150 - s.churnedCustomers[0] + s.newCustomers[0], 9);
    expect(s.customers[0]).toBeGreaterThan(145);
    expect(s.customers[0]).toBeLessThan(200);
    const carried = 4e6 * (1 - c) * (1 + x);
    expect(relativeError(s.arr[0], carried + s.newCustomers[0] * a.annualContractValue)).toBeLessThan(1e-12);
    expect(s.arr[0]).toBeGreaterThan(3.95e6);
    expect(s.arr[0]).toBeLessThan(5e6);
    // Revenue is a twelfth of it, plus services, from the first month.
    expect(relativeError(s.revenue[0], (1 + a.servicesAttach) * (s.arr[0] / 12))).toBeLessThan(1e-12);
  });

  test("the first month's hiring target sees today's revenue R₀ = (1 + servicesAttach)·ARR₀/12", () => {
    const b = resolveAssumptions({ ...FOUNDER, foundingEngineers: 0, reinvestShare: 1, hiringLag: 0 });
    const r0 = ((1 + b.servicesAttach) * b.initialArr) / 12;
    expect(relativeError(projectMonthly(b, 'beekeeper').engineers[0], (12 * r0) / b.engineerCost)).toBeLessThan(1e-12);
    // (v2, no ARR: the floor of the team, here none.)
    expect(projectMonthly(resolveAssumptions({ foundingEngineers: 0, hiringLag: 0 }), 'beekeeper').engineers[0]).toBe(
      0,
    );
  });
});

describe('Claim 11 (v3): existing customers are not converted again', () => {
  test.each([
    ['defaults otherwise', {}],
    ['many members, caps bind', { initialMembers: 400_000, organizations: 1000, initialCustomers: 990 }],
    ['proprietary prices do not touch today’s ARR', { annualPriceGrowth: 0.4, expansion: 0.6 }],
  ] as Array<[string, Overrides]>)(
    '%s: with persuasion = 0 and certificationPull = 0, C_t = C₀(1 − c)^t, ARR_t = ARR₀((1 − c)(1 + x))^t',
    (_l, extra) => {
      const a = resolveAssumptions({ ...FOUNDER, persuasion: 0, certificationPull: 0, months: 120, ...extra });
      const c = monthly(a.customerChurn);
      const x = (1 + a.expansion) ** (1 / 12) - 1;
      for (const scenario of ['beekeeper', 'proprietary'] as const) {
        const s = projectMonthly(a, scenario);
        for (let t = 1; t <= a.months; t++) {
          expect(relativeError(s.customers[t - 1], a.initialCustomers * (1 - c) ** t)).toBeLessThan(1e-12);
          expect(relativeError(s.arr[t - 1], a.initialArr * ((1 - c) * (1 + x)) ** t)).toBeLessThan(1e-12);
          // (newCustomers is customers less those kept, a difference of sums: zero to rounding.)
          expect(Math.abs(s.newCustomers[t - 1])).toBeLessThan(1e-12 * a.initialCustomers);
        }
      }
    },
  );
});

describe('the per-organisation oracle with initial customers (test/support/oracles.ts)', () => {
  const largestError = (got: Float64Array, want: number[], scale: number[]) =>
    Math.max(...want.map((w, i) => Math.abs(got[i] - w) / Math.max(Math.abs(scale[i]), 1e-300)));
  /** Checks every output against the oracle and returns the largest relative difference. */
  const check = (overrides: Overrides, scenario: 'beekeeper' | 'proprietary', tolerance: number): number => {
    const a = resolveAssumptions(overrides);
    const s = projectMonthly(a, scenario);
    const o = projectByTheBook(a, scenario);
    const errors = (Object.keys(o) as Array<keyof OracleSeries>).map((k) => {
      // Cash and cash flow cross zero: compared to the size of the revenue.
      const scale =
        k === 'cash' || k === 'cashFlow' ? o[k].map((v, i) => Math.max(Math.abs(v), o.revenue[i], 1)) : o[k];
      return [k, largestError(s[k], o[k], scale)] as const;
    });
    expect(errors.filter(([, e]) => !(e <= tolerance))).toEqual([]);
    return Math.max(...errors.map(([, e]) => e));
  };

  // With O ≤ 6 every organisation is its own node: model and oracle agree to rounding.
  test.each([
    ['founder, 6 organisations, 2.5 customers', { ...FOUNDER, organizations: 6, initialCustomers: 2.5 }, 'beekeeper'],
    ['caps bind: 5.9 of 6', { ...FOUNDER, organizations: 6, initialCustomers: 5.9 }, 'proprietary'],
    ['every organisation a customer', { ...FOUNDER, organizations: 5, initialCustomers: 5 }, 'beekeeper'],
    ['no members: ρ = w', { ...FOUNDER, organizations: 6, initialMembers: 0, initialCustomers: 1 }, 'beekeeper'],
    [
      'no skew, certification, churn of everything',
      {
        ...FOUNDER,
        organizations: 9,
        employerSizeSkew: 0,
        initialCustomers: 4,
        certificationPull: 0.01,
        customerChurn: 1,
      },
      'beekeeper',
    ],
  ] as Array<[string, Overrides, 'beekeeper' | 'proprietary']>)('%s: every output within 1e-9', (_l, o, scenario) => {
    check(o, scenario, 1e-9);
  });

  test("the founder's case over 50,000 organisations (bucketed): every output within 0.5 %", () => {
    const measured = check(FOUNDER, 'beekeeper', 0.005);
    console.log(`founder's case vs per-organisation oracle: largest relative difference ${measured}`);
  });
});
