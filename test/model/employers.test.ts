/**
 * Employers (src/model/employers.ts, blocks.ts customersSeries) and Claim 6 of model.md.
 *
 * model.md allows the sums over organisations to run over size buckets "so long as `reached`
 * and `C` stay within 0.5 % of the exact sum for O ≤ 10⁷ and U ≤ 10⁷; the exact sum is the test
 * oracle". Oracles here:
 *  - reference.json groups `employers`, `customers`, `conversion` (make_reference.py: exact
 *    per-organisation sums in Python with math.fsum, 40-digit decimal closed forms for s = 0 and
 *    for 1 − (1 − p)^k; spec checks 621.6 and 632.30 from model.md);
 *  - a per-organisation oracle written in this file / test/support/oracles.ts (direct loop over
 *    i = 1..O, w_i = i^(−s)/H with H by direct compensated summation, no buckets).
 *
 * Largest bucketing errors measured (Node 20, three-point rule on runs of ratio 3, EXACT_RANKS = 4;
 * the afterAll hook prints the current figures):
 *  - reached vs reference.json (grid + large + spec checks): 2.9e-5 relative; vs the in-test exact
 *    oracle, cases kept here (O ≤ 10^7, U ≤ 10^7): 4.2e-5;
 *  - customers vs reference.json (customersSeries): 3.6e-6 relative (O = 200,000, s = 1, month 60);
 *  - conversion dynamics, bucketed vs exact, every month of 60 (cases kept below): 9.7e-4, in
 *    newCustomers (a month's difference of two sums).
 * With the two-point rule on runs of ratio 1.75 they were 5.4e-5, 5.8e-5, 6.6e-6 and 1.4e-3; a
 * wider exploratory scan then (EXACT_RANKS = 16; O = 1..10^7, s = 0..3 in 12 steps, U = 0.3..10^7
 * in 16 steps) found reached within 2.1e-4 (O = 1000, s = 0.1, U = 3000), customers within 1.1e-4.
 * All well inside the 0.5 % of model.md.
 */
import reference from '../reference/reference.json';
import { membersSeries, customersSeries } from '../../src/model/blocks';
import {
  BUCKET_WEIGHT_RATIO,
  EXACT_RANKS,
  EmployerConversion,
  conversionProbability,
  employerBuckets,
  employersReached,
  zipfPartialSum,
  zipfPowerSums,
  oneMinusExpAscending,
} from '../../src/model/employers';
import { monthly } from '../../src/model/bass';
import {
  ConversionSeries,
  conversionByOrganisation,
  directZipfSum,
  logMisses,
  reachedExact,
  relativeError,
  zipfWeights,
} from '../support/oracles';

const TOLERANCE = 0.005; // model.md: within 0.5 % of the exact sum
const worst = { reachedReference: 0, reachedOracle: 0, customersReference: 0, conversionDynamics: 0 };

afterAll(() => {
  // Recorded in the header comment; printed so that a change in the bucketing shows up in the log.
  console.log(`largest relative bucketing errors: ${JSON.stringify(worst)}`);
});

describe('zipfPartialSum: Σ_{i=a}^{b} i^(−s)', () => {
  const exponents = [0, 0.5, 0.999999, 1, 1.000001, 2, 3];

  test('short runs (b − a < 64) are summed term by term: equal to the direct sum for any a', () => {
    for (const s of exponents) {
      for (const [a, b] of [
        [1, 1],
        [1, 2],
        [1, 64],
        [5, 40],
        [17, 80],
        [1000, 1063],
      ]) {
        expect(relativeError(zipfPartialSum(a, b, s), directZipfSum(a, b, s))).toBeLessThanOrEqual(1e-14);
      }
    }
  });

  test('s = 0 counts the terms: b − a + 1', () => {
    for (const [a, b] of [
      [17, 100],
      [17, 200000],
      [1, 1e7],
      [1000, 123456],
    ]) {
      expect(relativeError(zipfPartialSum(a, b, 0), b - a + 1)).toBeLessThanOrEqual(1e-14);
    }
  });

  test('long runs from a ≥ 17 (where the buckets use them) match direct sums, incl. s = 1 and s near 1', () => {
    // Measured relative error of the Euler–Maclaurin form: a = 17: ≤ 6.7e-9 for s ≤ 3 (1.8e-7 at
    // s = 6, which the buckets use for mean squares when s = 3); a = 100: ≤ 3e-13; a = 1000: ≤ 1e-14.
    for (const s of [...exponents, 6]) {
      for (const a of [17, 33, 100, 1000, 12345]) {
        for (const n of a === 17 ? [64, 65, 1000, 100000, 1000000] : [64, 65, 1000, 100000]) {
          const b = a + n;
          const tolerance = a >= 1000 ? 1e-13 : a >= 100 ? 1e-11 : s <= 3 ? 1e-8 : 1e-6;
          expect(relativeError(zipfPartialSum(a, b, s), directZipfSum(a, b, s))).toBeLessThanOrEqual(tolerance);
        }
      }
    }
  });

  test('s near 1 does not cancel: continuous in s around 1', () => {
    const at1 = zipfPartialSum(17, 1e6, 1);
    expect(relativeError(zipfPartialSum(17, 1e6, 0.999999), at1)).toBeLessThan(1e-5);
    expect(relativeError(zipfPartialSum(17, 1e6, 1 + 1e-12), at1)).toBeLessThan(1e-10);
    expect(relativeError(zipfPartialSum(17, 1e6, 1 - 1e-12), at1)).toBeLessThan(1e-10);
  });

  // Long runs that start at a small rank: the first ranks are summed directly, so the
  // Euler–Maclaurin tail starts at rank 64 (H_1000 from Wolfram Alpha, HarmonicNumber[1000]).
  test('long runs from a = 1 equal the direct sum (H_1000 = 7.485470860550345)', () => {
    expect(relativeError(zipfPartialSum(1, 1000, 1), 7.485470860550345)).toBeLessThanOrEqual(1e-12);
  });
});

describe('zipfPowerSums: Σ i^(−ks) for k = 1..5 at once', () => {
  test('within 1e-13 relative of zipfPartialSum(a, b, k·s) for each k: short and long runs, s from 0.1 to 3', () => {
    let worst = 0;
    for (const [a, b] of [
      [1, 1],
      [5, 15],
      [17, 80],
      [40, 200],
      [1000, 3000],
      [123457, 200000],
      [5e8, 1e9],
    ]) {
      for (const s of [0.1, 0.5, 1, 1.5, 3]) {
        const sums = zipfPowerSums(a, b, s, 5);
        sums.forEach((sum, k) => (worst = Math.max(worst, relativeError(sum, zipfPartialSum(a, b, (k + 1) * s)))));
      }
    }
    expect(worst).toBeLessThan(1e-13);
  });
});

describe('oneMinusExpAscending: 1 − e^y for ascending y ≤ 0, the exponential of the conversion step', () => {
  const oneMinusExp = (ys: number[]) => {
    const out = Float64Array.from(ys);
    oneMinusExpAscending(out);
    return out;
  };

  test('within 1e-15 relative of −Math.expm1 from −708 to −1e-300 (table, every series stretch and its edges)', () => {
    // Every 0.01 from −708 to −1, every 1/4096 to −1/64 (every table entry), then 400 points a
    // factor of 2 from 2^−6 down to 2^−1000, each series stretch's edges included.
    const ys = [
      ...Array.from({ length: 70_701 }, (_, i) => -708 + i / 100),
      ...Array.from({ length: 4033 }, (_, i) => -1 + i / 4096),
      ...Array.from({ length: 400_001 }, (_, i) => -(2 ** (-6 - (994 * i) / 400_000))),
    ].sort((a, b) => a - b);
    const got = oneMinusExp(ys);
    let worst = 0;
    ys.forEach((y, i) => (worst = Math.max(worst, Math.abs(got[i] / -Math.expm1(y) - 1))));
    expect(worst).toBeLessThan(1e-15);
  });

  test('0 gives 0, below −708 gives 1, −Infinity gives 1, NaN stays NaN', () => {
    expect(Array.from(oneMinusExp([-Infinity, -1e6, -709, 0]))).toEqual([1, 1, 1, 0]);
    expect(oneMinusExp([NaN])[0]).toBeNaN();
    // (NaN breaks the ascending order: what follows it is not specified, only that NaN shows.)
    expect(Array.from(oneMinusExp([-1, NaN])).map(Number.isNaN)).toEqual([false, true]);
  });
});

describe('employerBuckets', () => {
  const sizes = [1, 2, 16, 17, 18, 1000, 200000, 1e7];
  const skews = [0, 0.5, 1, 2, 3];

  test('bucket counts sum to O and weights times counts sum to 1', () => {
    for (const O of sizes) {
      for (const s of skews) {
        const b = employerBuckets(O, s);
        expect(b.organizations).toBe(O);
        // Gauss nodes split a run in proportions p and 1 − p: whole in sum, up to rounding.
        expect(Math.abs(b.count.reduce((x, y) => x + y, 0) / O - 1)).toBeLessThanOrEqual(1e-13);
        let mass = 0;
        for (let k = 0; k < b.count.length; k++) mass += b.count[k] * b.weight[k];
        expect(Math.abs(mass - 1)).toBeLessThanOrEqual(1e-12);
        for (let k = 0; k < b.count.length; k++) {
          expect(b.weight[k]).toBeGreaterThan(0);
          expect(b.weight[k]).toBeLessThanOrEqual(1);
          expect(b.logMiss[k]).toBe(Math.log1p(-b.weight[k]));
          if (k > 0) expect(b.firstRank[k]).toBeGreaterThanOrEqual(b.firstRank[k - 1]);
        }
      }
    }
  });

  test('the largest organisations are their own buckets, with their exact weight', () => {
    for (const s of skews) {
      const O = 200000;
      const b = employerBuckets(O, s);
      const h = directZipfSum(1, O, s);
      for (let i = 1; i <= EXACT_RANKS; i++) {
        expect(b.firstRank[i - 1]).toBe(i);
        expect(b.count[i - 1]).toBe(1);
        expect(relativeError(b.weight[i - 1], i ** -s / h)).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  test('a run spans ranks whose weights differ by at most BUCKET_WEIGHT_RATIO', () => {
    for (const s of [0.5, 1, 2, 3]) {
      const O = 1e6;
      const b = employerBuckets(O, s);
      const starts = [...new Set(b.firstRank)];
      for (let k = 0; k < starts.length; k++) {
        const first = starts[k];
        const last = k + 1 < starts.length ? starts[k + 1] - 1 : O;
        expect((last / first) ** s).toBeLessThanOrEqual(BUCKET_WEIGHT_RATIO * (1 + 1e-12));
      }
    }
  });

  test('the nodes keep the count and the first five moments of the weights (three-point Gauss rule of each run)', () => {
    // Nearly equal weights make the rule's moment system ill-conditioned: 1e-6 below s = 0.25 (measured 1.4e-7 at most).
    for (const O of [10, 100, 1000, 20000]) {
      for (const s of [0.01, 0.03, 0.1, 0.25, 0.5, 1, 2, 3]) {
        const b = employerBuckets(O, s);
        const w = zipfWeights(O, s);
        for (let k = 0; k <= 5; k++) {
          let nodes = 0;
          for (let j = 0; j < b.count.length; j++) nodes += b.count[j] * b.weight[j] ** k;
          let exact = 0;
          for (let i = 0; i < O; i++) exact += w[i] ** k;
          expect(relativeError(nodes, exact)).toBeLessThanOrEqual(s < 0.25 ? 1e-6 : 1e-9);
        }
      }
    }
  });

  test('nearly equal weights (s = 10⁻⁶): the two-point fallback still keeps count, mean and variance', () => {
    const O = 5000;
    const b = employerBuckets(O, 1e-6);
    const w = zipfWeights(O, 1e-6);
    for (let k = 0; k <= 2; k++) {
      let nodes = 0;
      for (let j = 0; j < b.count.length; j++) nodes += b.count[j] * b.weight[j] ** k;
      let exact = 0;
      for (let i = 0; i < O; i++) exact += w[i] ** k;
      expect(relativeError(nodes, exact)).toBeLessThanOrEqual(1e-9);
    }
  });

  test('weights never rise from one node to the next (the conversion step relies on it)', () => {
    // 60 sizes from 1 to 10^9 (log-spaced) × skews 0 to 3 by 0.05.
    let checked = 0;
    for (let i = 0; i < 60; i++) {
      const O = Math.round(10 ** ((9 * i) / 59));
      for (let j = 0; j <= 60; j++) {
        const { weight } = employerBuckets(O, j / 20);
        for (let k = 1; k < weight.length; k++)
          if (!(weight[k] <= weight[k - 1])) throw new Error(`O ${O}, s ${j / 20}, node ${k}`);
        checked += weight.length;
      }
    }
    expect(checked).toBeGreaterThan(60 * 61);
  });

  test('exact mode: every organisation is its own bucket with w_i = i^(−s)/H', () => {
    for (const s of skews) {
      const O = 5000;
      const b = employerBuckets(O, s, true);
      const w = zipfWeights(O, s);
      expect(b.count.length).toBe(O);
      expect(b.count.every((c) => c === 1)).toBe(true);
      expect(b.firstRank.every((r, i) => r === i + 1)).toBe(true);
      let largest = 0;
      for (let i = 0; i < O; i++) largest = Math.max(largest, relativeError(b.weight[i], w[i]));
      expect(largest).toBeLessThanOrEqual(1e-12);
    }
  });

  test('s = 0: all weights equal 1/O', () => {
    const b = employerBuckets(1000, 0);
    for (let k = 0; k < b.count.length; k++) expect(relativeError(b.weight[k], 1 / 1000)).toBeLessThanOrEqual(1e-15);
  });
});

describe('employersReached: Σ_i [1 − (1 − w_i)^U]', () => {
  // Source: model.md's own checks, verified by make_reference.py (reference.json employers.spec_check).
  test('model.md checks: 621.6 for (U = 1000, O = 100000, s = 1) and 632.30 for (U = 1000, O = 1000, s = 0)', () => {
    const a = employersReached(employerBuckets(100000, 1), 1000);
    expect(Math.round(a * 10) / 10).toBe(621.6);
    const b = employersReached(employerBuckets(1000, 0), 1000);
    expect(Math.round(b * 100) / 100).toBe(632.3);
    for (const c of reference.employers.spec_check) {
      const got = employersReached(employerBuckets(c.O, c.s), c.U);
      expect(relativeError(got, c.reached)).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  test('reference grid (O = 1..10^6, s = 0..3, U = 0..10^6) and O = 10^7 cases within 0.5 %', () => {
    // Source: reference.json employers.grid and employers.large (exact per-organisation fsum).
    for (const c of [...reference.employers.spec_check, ...reference.employers.grid, ...reference.employers.large]) {
      const got = employersReached(employerBuckets(c.O, c.s), c.U);
      if (c.reached === 0) {
        expect(got).toBe(0);
        continue;
      }
      const e = relativeError(got, c.reached);
      worst.reachedReference = Math.max(worst.reachedReference, e);
      expect(e).toBeLessThanOrEqual(TOLERANCE);
    }
    // Measured: 5.4e-5 (O = 200000, s = 0.5, U = 1e6).
  });

  test('no employed members reach nobody; one organisation is reached by any member', () => {
    expect(employersReached(employerBuckets(1000, 1), 0)).toBe(0);
    expect(employersReached(employerBuckets(1, 1), 1)).toBe(1);
    expect(employersReached(employerBuckets(1, 0), 1e-3)).toBe(1);
  });

  // The exact per-organisation oracle, O up to 10^7 and U up to 10^7 (U need not be whole:
  // employed members are an expected count).
  // (O = 10^7 keeps four values of U and two skews: each oracle sum costs ~0.3 s under Jest.)
  const employedCounts = [0.5, 1, 10, 1000, 1e5, 1e6, 1e7];
  const oracleCases: Array<[number, number[], number[]]> = [
    [17, [0, 0.5, 1, 3], employedCounts],
    [1000, [0, 0.1, 0.5, 1, 1.5, 2, 3], employedCounts],
    [200000, [0, 0.5, 1, 1.5, 2, 3], employedCounts],
    [1e6, [0.75, 1, 2], employedCounts],
    [1e7, [0.5, 1], [0.5, 1000, 1e5, 1e7]],
  ];
  test.each(oracleCases)(
    'O = %d: exact per-organisation oracle, s in %j, U in %j, within 0.5 %',
    (O, skews, counts) => {
      for (const s of skews) {
        const miss = logMisses(zipfWeights(O, s));
        const b = employerBuckets(O, s);
        for (const U of counts) {
          const e = relativeError(employersReached(b, U), reachedExact(miss, U));
          worst.reachedOracle = Math.max(worst.reachedOracle, e);
          expect(e).toBeLessThanOrEqual(TOLERANCE);
        }
      }
    },
  );

  test('bounds: reached ≤ O, reached ≤ U for U ≥ 1, and reached ≤ 1 for U < 1', () => {
    // Bernoulli: (1 − w)^U ≥ 1 − U·w for U ≥ 1, so Σ ≤ U·Σw = U; for U < 1, (1 − w)^U ≥ 1 − w,
    // so Σ ≤ Σw = 1. Note: for fractional U < 1 the expected number reached can EXCEED U
    // (O = 2, s = 0, U = 0.5: 2·(1 − 0.5^0.5) = 0.586 > 0.5): it is an expectation, not a count.
    for (const O of [1, 2, 17, 1000, 200000]) {
      for (const s of [0, 1, 3]) {
        const b = employerBuckets(O, s);
        for (const U of [0.01, 0.5, 0.999, 1, 2, 100, 1e4, 1e7]) {
          const r = employersReached(b, U);
          expect(r).toBeGreaterThanOrEqual(0);
          expect(r).toBeLessThanOrEqual(O * (1 + 1e-12));
          expect(r).toBeLessThanOrEqual(Math.max(1, U) * (1 + 1e-12));
        }
      }
    }
    expect(employersReached(employerBuckets(2, 0), 0.5)).toBeCloseTo(2 * (1 - Math.SQRT1_2), 12);
  });

  test('the ascending series (oneMinusExpAscending) gives the sum of −expm1 over the buckets within 1e-15', () => {
    // Bucketed nodes (the shared scratch), 3000 (the scratch grown) and 5000 (an array of its own) organisations.
    for (const [O, exact] of [
      [200000, false],
      [1000, false],
      [3000, true],
      [5000, true],
    ] as const) {
      for (const s of [0, 0.5, 1, 3]) {
        const b = employerBuckets(O, s, exact);
        for (const U of [1e-3, 0.5, 1, 10, 1000, 1e5, 1e7]) {
          let direct = 0;
          for (let k = 0; k < b.count.length; k++) direct -= b.count[k] * Math.expm1(U * b.logMiss[k]);
          expect(relativeError(employersReached(b, U), direct)).toBeLessThan(1e-15);
        }
      }
    }
  });
});

describe('conversionProbability: 1 − (1 − persuasion)^advocates', () => {
  // Source: reference.json conversion.cases (Python decimal, 40 digits; model.md check 0.401263).
  test.each(reference.conversion.cases.map((c) => [c.k, c.p, c.value]))(
    'k = %d, p = %d → %d (to 1e-12)',
    (k, p, value) => {
      const got = conversionProbability(k, p);
      expect(Math.abs(got - value)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(value)));
      expect(relativeError(got, value)).toBeLessThanOrEqual(1e-12);
    },
  );

  test('model.md check: 10 advocates at 5 % → 0.401263', () => {
    expect(Math.round(conversionProbability(10, 0.05) * 1e6) / 1e6).toBe(0.401263);
  });
});

describe('EmployerConversion: the customer recursion over buckets', () => {
  // A realistic members path: the default community (m = 2e6, p = 0.01, q = 0.45, churn 15 %,
  // 5000 initial members), as OSS.MEMBERS gives it, 70 % employed (defaults of model.md).
  const defaultPath = Array.from(membersSeries(2e6, 0.01, 0.45, 60, 0.15, 5000), (n) => 0.7 * n);
  // A big community, so that U reaches ~10^7 employed members.
  const bigPath = Array.from(membersSeries(4e7, 0.01, 0.45, 60, 0.15, 5000), (n) => 0.7 * n);

  /**
   * Steps the bucketed conversion next to an exact one and returns the worst relative error in
   * customers, newCustomers and churnedCustomers over the months. The exact side is
   * EmployerConversion over employerBuckets(O, s, true) (each organisation its own bucket) for
   * O ≤ 20000, and the per-organisation oracle of test/support/oracles.ts above that (the same
   * sums; EmployerConversion's hot loop reads the global Math, which is ~20× slower under Jest's
   * vm context, so O = 200000 exact buckets would take ~8 s per case).
   */
  function compare(O: number, s: number, persuasion: number, certificationPull: number, path: number[]): number {
    const churn = monthly(0.1);
    const bucketed = new EmployerConversion(employerBuckets(O, s), churn, certificationPull);
    const got: ConversionSeries = { customers: [], newCustomers: [], churnedCustomers: [] };
    for (const U of path) {
      got.customers.push(bucketed.step(U, persuasion));
      got.newCustomers.push(bucketed.newCustomers);
      got.churnedCustomers.push(bucketed.churnedCustomers);
    }
    let want: ConversionSeries;
    if (O <= 20000) {
      const exact = new EmployerConversion(employerBuckets(O, s, true), churn, certificationPull);
      want = { customers: [], newCustomers: [], churnedCustomers: [] };
      for (const U of path) {
        want.customers.push(exact.step(U, persuasion));
        want.newCustomers.push(exact.newCustomers);
        want.churnedCustomers.push(exact.churnedCustomers);
      }
    } else {
      want = conversionByOrganisation(zipfWeights(O, s), persuasion, certificationPull, churn, path);
    }
    let largest = 0;
    for (const key of ['customers', 'newCustomers', 'churnedCustomers'] as const) {
      for (let t = 0; t < path.length; t++) {
        if (want[key][t] === 0) expect(got[key][t]).toBe(0);
        else largest = Math.max(largest, relativeError(got[key][t], want[key][t]));
      }
    }
    worst.conversionDynamics = Math.max(worst.conversionDynamics, largest);
    return largest;
  }

  const dynamicsCases: Array<[number, number, number, number, string]> = [
    [200000, 1, 0.0005, 0, 'default'],
    [200000, 2, 0.0005, 0, 'default'],
    [200000, 0.5, 0.01, 0.01, 'default'],
    [200000, 1, 0.0005, 0, 'big'],
    [200000, 3, 0.1, 0, 'big'],
    [20000, 0, 0.0005, 0, 'default'],
    [20000, 1.5, 0.01, 0, 'default'],
    [1000, 0.5, 0.1, 0, 'default'],
    [1000, 1, 1, 0, 'default'],
    [100, 0.5, 0.1, 0, 'default'],
    [100, 3, 0.0005, 0.001, 'default'],
  ];
  test.each(dynamicsCases)(
    'O = %d, s = %d, persuasion %d, certificationPull %d (%s path): bucketed within 0.5 % of exact at every month',
    (O, s, persuasion, cert, path) => {
      expect(compare(O, s, persuasion, cert, path === 'big' ? bigPath : defaultPath)).toBeLessThanOrEqual(TOLERANCE);
    },
  );

  test('exact buckets (employerBuckets(O, s, true)) agree with the per-organisation oracle (1e-9)', () => {
    const [O, s, r, cert, churn] = [20000, 1, 0.002, 0.001, monthly(0.1)];
    const exact = new EmployerConversion(employerBuckets(O, s, true), churn, cert);
    const want = conversionByOrganisation(zipfWeights(O, s), r, cert, churn, defaultPath);
    let largest = 0;
    defaultPath.forEach((U, t) => {
      largest = Math.max(
        largest,
        relativeError(exact.step(U, r), want.customers[t]),
        relativeError(exact.newCustomers, want.newCustomers[t]),
        relativeError(exact.churnedCustomers, want.churnedCustomers[t]),
      );
    });
    expect(largest).toBeLessThanOrEqual(1e-9);
  });

  test('exact buckets reproduce an organisation-by-organisation recursion written from model.md (1e-9)', () => {
    const [O, s, r, cert, annualChurn] = [700, 1.2, 0.003, 0.002, 0.1];
    const w = zipfWeights(O, s);
    const keep = 1 - (1 - (1 - annualChurn) ** (1 / 12));
    const C = new Float64Array(O);
    const conversion = new EmployerConversion(employerBuckets(O, s, true), monthly(annualChurn), cert);
    let previous = 0;
    for (const U of defaultPath) {
      let total = 0;
      for (let i = 0; i < O; i++) {
        const h = 1 - (1 - r * w[i]) ** U * (1 - cert);
        C[i] = C[i] * keep + (1 - C[i] * keep) * h;
        total += C[i];
      }
      const got = conversion.step(U, r);
      expect(relativeError(got, total)).toBeLessThanOrEqual(1e-9);
      // customers_t = customers_{t−1} + new − churned
      expect(Math.abs(previous + conversion.newCustomers - conversion.churnedCustomers - got)).toBeLessThanOrEqual(
        1e-9 * got,
      );
      expect(conversion.customers).toBe(got);
      previous = got;
    }
  });

  test('certificationPull alone converts h = certificationPull per month, without advocates', () => {
    const conversion = new EmployerConversion(employerBuckets(1000, 1), 0, 0.05);
    let expected = 0;
    for (let t = 0; t < 24; t++) {
      expected = 1000 * (1 - 0.95 ** (t + 1));
      expect(relativeError(conversion.step(0, 0.5), expected)).toBeLessThanOrEqual(1e-12);
    }
  });
});

describe('customersSeries (OSS.CUSTOMERS) against the customers reference', () => {
  // Source: reference.json customers.cases: per-organisation recursion in Python (fsum), case 1
  // on the default-community Bass series (O = 200000, s = 1, r = 0.0005, 70 % employed, 10 %
  // churn); case 2 (O = 1000, s = 0, N_t = 100t) cross-checked against a decimal closed form.
  for (const c of reference.customers.cases) {
    test(`O = ${c.O}, s = ${c.s}, persuasion ${c.r}, employed ${c.e}, churn ${c.churnAnnual}: every month within 0.5 %`, () => {
      const got = customersSeries(
        c.series.map((row) => row.members),
        c.O,
        c.r,
        c.churnAnnual,
        c.s,
        c.e,
      );
      for (const row of c.series) {
        const e = relativeError(got[row.t - 1], row.customers);
        worst.customersReference = Math.max(worst.customersReference, e);
        expect(e).toBeLessThanOrEqual(TOLERANCE);
      }
      // Measured: 9.1e-6 (case 1, month 60); 2e-14 (case 2).
    });
  }
});

describe('Claim 6: larger employers convert first: customers are concentrated in the largest organisations when employerSizeSkew > 0', () => {
  const path = Array.from(membersSeries(2e6, 0.01, 0.45, 60, 0.15, 5000), (n) => 0.7 * n);
  const O = 200000;

  /** After 60 months: the share of organisations and of expected customers among the top ranks (whole buckets). */
  function topShares(s: number, topRanks: number) {
    const buckets = employerBuckets(O, s);
    const conversion = new EmployerConversion(buckets, monthly(0.1), 0);
    for (const U of path) conversion.step(U, 0.0005);
    const byBucket = conversion.customersByBucket();
    const starts = [...new Set(buckets.firstRank)];
    const lastRank = (first: number) => {
      const k = starts.indexOf(first);
      return k + 1 < starts.length ? starts[k + 1] - 1 : O;
    };
    let organizations = 0;
    let customers = 0;
    let total = 0;
    for (let k = 0; k < byBucket.length; k++) {
      total += byBucket[k];
      if (lastRank(buckets.firstRank[k]) <= topRanks) {
        organizations += buckets.count[k];
        customers += byBucket[k];
      }
    }
    return {
      organizationShare: organizations / O,
      customerShare: customers / total,
      perOrganisation: byBucket.map((c, k) => c / buckets.count[k]),
    };
  }

  test('s = 1: the top 1 % of organisations by size hold far more than 1 % of the customers', () => {
    const { organizationShare, customerShare } = topShares(1, O / 100);
    expect(organizationShare).toBeGreaterThan(0.005);
    expect(organizationShare).toBeLessThanOrEqual(0.01);
    expect(customerShare).toBeGreaterThan(10 * organizationShare);
  });

  test('s > 0: the chance of being a customer falls with rank (at month 60, per bucket)', () => {
    for (const s of [0.5, 1, 2]) {
      const { perOrganisation } = topShares(s, O / 100);
      // The nodes are sorted by weight, largest first.
      for (let k = 1; k < perOrganisation.length; k++) expect(perOrganisation[k]).toBeLessThan(perOrganisation[k - 1]);
    }
  });

  test('concentration grows with the skew', () => {
    const shares = [0.5, 1, 2].map((s) => topShares(s, O / 100).customerShare);
    expect(shares[1]).toBeGreaterThan(shares[0]);
    expect(shares[2]).toBeGreaterThan(shares[1]);
  });

  test('s = 0: the customers share of any group of organisations equals its share of organisations', () => {
    const { organizationShare, customerShare } = topShares(0, O / 100);
    expect(organizationShare).toBeGreaterThan(0);
    expect(relativeError(customerShare, organizationShare)).toBeLessThanOrEqual(1e-9);
  });
});
