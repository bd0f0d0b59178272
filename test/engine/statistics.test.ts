/**
 * Exact statistics over trials (src/engine/statistics.ts).
 *
 * Reference values:
 * - Microsoft's documentation: PERCENTILE.INC({1,3,2,4}, 0.3) = 1.9
 *   (https://support.microsoft.com/en-us/office/percentile-inc-function-680f9539-45eb-410b-9a5e-c1355e5fe2ed);
 *   QUARTILE.INC({1,2,4,7,8,9,10,12}, 1) = 3.5
 *   (https://support.microsoft.com/en-us/office/quartile-inc-function-1bbacc80-5075-42f1-aed6-47d735c4819d);
 *   RANK.AVG(94, {89,88,92,101,94,97,95}) = 4, descending
 *   (https://support.microsoft.com/en-us/office/rank-avg-function-bd406a6f-eb38-4d73-aa8e-6d1c3c72e83a).
 * - Wikipedia, "Spearman's rank correlation coefficient", Example (IQ vs hours of TV per week,
 *   no ties): ρ = −29/165.
 * - SciPy's documentation of scipy.stats.spearmanr, Examples: spearmanr([1,2,3,4,5], [5,6,7,8,7])
 *   = 0.8207826816681233 (a tie in y).
 * - By hand: ranks of x = (1, 2, 2, 3) are (1, 2.5, 2.5, 4); with y = (1, 3, 2, 4), Σdxdy = 4.5,
 *   Σdx² = 4.5, Σdy² = 5, so ρ = 4.5/√22.5 = 3/√10.
 * - test/reference/statistics.json, written by test/reference/make_statistics_reference.py
 *   (numpy.quantile 'linear', math.fsum, statistics.stdev in exact fractions, scipy rankdata and
 *   spearmanr), and mathjs (quantileSeq, mean, std, corr) as a second independent implementation.
 */
import fc from 'fast-check';
import { corr, mean as mathMean, quantileSeq, std } from 'mathjs';
import reference from '../reference/statistics.json';
import { ModelError } from '../../src/model/errors';
import { hdrUniform } from '../../src/model/hdr';
import {
  averageRanks,
  decileMeans,
  lerpSorted,
  percentileSorted,
  shareWhere,
  spearman,
  summarize,
} from '../../src/engine/statistics';

const f64 = (a: ReadonlyArray<number | null>) => Float64Array.from(a, (v) => (v === null ? NaN : v));
const sortedCopy = (a: ArrayLike<number>) => Float64Array.from(a).sort();
const dataByName = new Map(reference.percentile.cases.map((c) => [c.name, c.data as number[]]));

/** |a − b| ≤ tol·scale: for results whose rounding error scales with the inputs' magnitude. */
function expectNear(actual: number, expected: number, tol: number, scale = Math.abs(expected)) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(scale, Number.MIN_VALUE));
}

describe('percentileSorted (PERCENTILE.INC)', () => {
  test("Microsoft's PERCENTILE.INC example: 30th percentile of {1, 3, 2, 4} is 1.9", () => {
    expectNear(percentileSorted(sortedCopy([1, 3, 2, 4]), 0.3), 1.9, 1e-15);
  });

  test("Microsoft's QUARTILE.INC example: first quartile of {1, 2, 4, 7, 8, 9, 10, 12} is 3.5", () => {
    expect(percentileSorted([1, 2, 4, 7, 8, 9, 10, 12], 0.25)).toBe(3.5);
  });

  test('hand cases: ends, one value, exact positions, the median of two', () => {
    expect(percentileSorted([1, 2], 0.5)).toBe(1.5);
    expect(percentileSorted([-3, 5, 8], 0)).toBe(-3);
    expect(percentileSorted([-3, 5, 8], 1)).toBe(8);
    expect(percentileSorted([-3, 5, 8], 0.5)).toBe(5);
    expect(percentileSorted([-3, 5, 8], 0.75)).toBe(6.5);
    expect(percentileSorted([7], 0.37)).toBe(7);
    expect(percentileSorted([2, 2, 2, 2], 0.61)).toBe(2);
  });

  test('empty data has no percentile (NaN, as Excel #NUM!); p outside [0, 1] throws', () => {
    expect(percentileSorted([], 0.5)).toBeNaN();
    expect(() => percentileSorted([1, 2], 1.01)).toThrow(ModelError);
    expect(() => percentileSorted([1, 2], -0.01)).toThrow('p must be between 0 and 1');
    expect(() => percentileSorted([1, 2], NaN)).toThrow(ModelError);
  });

  test('numpy.quantile(method="linear") on the reference data sets, every p', () => {
    for (const c of reference.percentile.cases) {
      const s = sortedCopy(c.data);
      c.p.forEach((p, k) => {
        // Scale: the largest |value| around the interpolation point bounds the rounding of a + f(b − a).
        expectNear(percentileSorted(s, p), c.values[k], 4e-16, Math.abs(s[0]) + Math.abs(s[s.length - 1]));
      });
    }
  });

  test('mathjs quantileSeq agrees on random data and p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (data, p) => {
          // mathjs takes an index within ~1e-12 of an integer for that integer and then reads
          // flat[3.0000000000000004] (undefined): keep away from its quirk, not from ours.
          const index = p * (data.length - 1);
          fc.pre(index === Math.round(index) || Math.abs(index - Math.round(index)) > 1e-9);
          const s = sortedCopy(data);
          const expected = quantileSeq(Array.from(s), p, true) as number;
          expectNear(percentileSorted(s, p), expected, 1e-15, Math.abs(s[0]) + Math.abs(s[s.length - 1]));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('non-decreasing in p and inside [min, max] (lerpSorted never overshoots b)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (data, p1, p2) => {
          const s = sortedCopy(data);
          const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
          const a = percentileSorted(s, lo);
          const b = percentileSorted(s, hi);
          expect(a).toBeLessThanOrEqual(b);
          expect(a).toBeGreaterThanOrEqual(s[0]);
          expect(b).toBeLessThanOrEqual(s[s.length - 1]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('lerpSorted: a span too wide for a double (b − a = ∞) still interpolates', () => {
    expect(lerpSorted(-1e308, 1e308, 0.5)).toBe(0);
    expectNear(lerpSorted(-Number.MAX_VALUE, Number.MAX_VALUE, 0.75), Number.MAX_VALUE / 2, 1e-15);
    expect(lerpSorted(3, 3, 0.4)).toBe(3);
  });
});

describe('summarize', () => {
  test('reference data sets: mean (math.fsum), sd (exact stdev), sem, min, max, percentiles', () => {
    for (const c of reference.summary.cases) {
      const data = dataByName.get(c.name)!;
      const s = summarize(f64(data))!;
      const scale = data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(s.n).toBe(c.n);
      expectNear(s.mean, c.mean, 2e-16, scale);
      expectNear(s.sd, c.sd, 1e-14);
      expectNear(s.sem, c.sem, 1e-14);
      expect(s.min).toBe(c.min);
      expect(s.max).toBe(c.max);
      const sorted = sortedCopy(data);
      expect([s.p5, s.p10, s.p25, s.p50, s.p75, s.p90, s.p95]).toEqual(
        [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95].map((p) => percentileSorted(sorted, p)),
      );
      const pc = reference.percentile.cases.find((x) => x.name === c.name)!;
      expectNear(s.p25, pc.values[pc.p.indexOf(0.25)], 4e-16, 2 * scale);
      expectNear(s.p95, pc.values[pc.p.indexOf(0.95)], 4e-16, 2 * scale);
    }
  });

  test('mathjs mean and std (unbiased) agree on random data', () => {
    // Not tiny values: mathjs squares deviations directly, and (1e-160)² underflows to 0 (see below).
    const value = fc.double({ min: -1e9, max: 1e9, noNaN: true }).filter((v) => v === 0 || Math.abs(v) > 1e-150);
    fc.assert(
      fc.property(fc.array(value, { minLength: 2, maxLength: 80 }), (d) => {
        const s = summarize(Float64Array.from(d))!;
        const scale = d.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        expectNear(s.mean, mathMean(d) as number, 1e-13, scale);
        expectNear(s.sd, std(d) as unknown as number, 1e-12, Math.max(scale, 1e-300));
      }),
      { numRuns: 300 },
    );
  });

  test('sd of tiny (subnormal) and huge values: deviations are scaled, so d² neither underflows nor overflows', () => {
    // Two values a, b: sd = |a − b|/√2.
    const tiny = -1.41421356238e-312;
    expectNear(summarize(f64([0, tiny]))!.sd, Math.abs(tiny) / Math.SQRT2, 1e-10);
    expectNear(summarize(f64([1e300, -1e300]))!.sd, 2e300 / Math.SQRT2, 1e-15);
    const huge = summarize(f64([Number.MAX_VALUE, Number.MAX_VALUE, Number.MAX_VALUE / 2]))!;
    expectNear(huge.mean, (Number.MAX_VALUE / 6) * 5, 1e-15); // the plain sum overflows
    expectNear(huge.sd, Number.MAX_VALUE / 2 / Math.sqrt(3), 1e-15); // deviations M/6, M/6, −M/3
  });

  test('the compensated sum: Neumaier examples a naive sum gets wrong', () => {
    // Naive left-to-right: (1 + 1e100) = 1e100, + 1 = 1e100, − 1e100 = 0. True sum 2.
    expect(summarize(f64([1, 1e100, 1, -1e100]))!.mean).toBe(0.5);
    expect(summarize(f64([1e16, 1, -1e16]))!.mean).toBe(1 / 3);
  });

  test('NaN entries are skipped and not counted; none left gives undefined', () => {
    const s = summarize(f64([NaN, 4, null, 1, 3, 2, NaN]))!;
    expect(s).toMatchObject({ n: 4, mean: 2.5, min: 1, max: 4, p50: 2.5 });
    expectNear(s.sd, Math.sqrt(5 / 3), 1e-15);
    expectNear(s.sem, Math.sqrt(5 / 3) / 2, 1e-15);
    expect(summarize(new Float64Array(0))).toBeUndefined();
    expect(summarize(f64([NaN, NaN]))).toBeUndefined();
  });

  test('one value: sd and sem are 0, every percentile is the value', () => {
    expect(summarize(f64([NaN, -7.25]))).toEqual({
      n: 1,
      mean: -7.25,
      sd: 0,
      sem: 0,
      p5: -7.25,
      p10: -7.25,
      p25: -7.25,
      p50: -7.25,
      p75: -7.25,
      p90: -7.25,
      p95: -7.25,
      min: -7.25,
      max: -7.25,
    });
  });

  test('constant data: the mean is the constant exactly and sd is 0', () => {
    const s = summarize(new Float64Array(1001).fill(0.1))!;
    expect(s.mean).toBe(0.1);
    expect(s.sd).toBe(0);
  });

  test('±Infinity is an overflow upstream and throws; the input is not modified', () => {
    expect(() => summarize(f64([1, Infinity]))).toThrow(RangeError);
    expect(() => summarize(f64([-Infinity, 1]))).toThrow('values[0] is -Infinity');
    const input = f64([3, 1, 2]);
    summarize(input);
    expect(Array.from(input)).toEqual([3, 1, 2]);
  });

  test('property: min ≤ p5 ≤ p10 ≤ p25 ≤ p50 ≤ p75 ≤ p90 ≤ p95 ≤ max, min ≤ mean ≤ max, sd ≥ 0', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.constantFrom(NaN, 0, -0, 1, 0.1, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 50 }), (d) => {
        const s = summarize(Float64Array.from(d));
        const finite = d.filter((v) => !Number.isNaN(v));
        if (finite.length === 0) return expect(s).toBeUndefined();
        expect(s!.n).toBe(finite.length);
        const chain = [s!.min, s!.p5, s!.p10, s!.p25, s!.p50, s!.p75, s!.p90, s!.p95, s!.max];
        for (let i = 1; i < chain.length; i++) expect(chain[i - 1]).toBeLessThanOrEqual(chain[i]);
        expect(s!.mean).toBeGreaterThanOrEqual(s!.min);
        expect(s!.mean).toBeLessThanOrEqual(s!.max);
        expect(s!.sd).toBeGreaterThanOrEqual(0);
        // Finite whenever the spread is: sd ≤ (max − min)·√(n/(4(n − 1))) ≤ (max − min) for n ≥ 2.
        if (Number.isFinite(s!.max - s!.min)) expect(Number.isFinite(s!.sd)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('averageRanks', () => {
  test("Microsoft's RANK.AVG example: 94 ranks 4th of {89, 88, 92, 101, 94, 97, 95} (descending)", () => {
    const ranks = averageRanks(f64([89, 88, 92, 101, 94, 97, 95]));
    // Descending rank = n + 1 − ascending rank.
    expect(8 - ranks[4]).toBe(4);
    expect(Array.from(ranks)).toEqual([2, 1, 3, 7, 4, 6, 5]);
  });

  test('ties share their average rank; NaN ranks as NaN and is not counted; −0 ties with 0', () => {
    expect(Array.from(averageRanks(f64([10, 20, 10, NaN])))).toEqual([1.5, 3, 1.5, NaN]);
    expect(Array.from(averageRanks(f64([0, -0, 5, 0])))).toEqual([2, 2, 4, 2]);
    expect(Array.from(averageRanks(f64([3, 3, 3])))).toEqual([2, 2, 2]);
    expect(averageRanks(new Float64Array(0)).length).toBe(0);
  });

  /** A plain reference: sort indices with a comparator, then average the positions of each run of equal values. */
  function naiveRanks(v: ArrayLike<number>): number[] {
    const idx = Array.from({ length: v.length }, (_, i) => i).filter((i) => !Number.isNaN(v[i]));
    idx.sort((a, b) => (v[a] < v[b] ? -1 : v[a] > v[b] ? 1 : 0));
    const out = Array.from({ length: v.length }, () => NaN);
    for (let i = 0; i < idx.length;) {
      let j = i + 1;
      while (j < idx.length && v[idx[j]] === v[idx[i]]) j++;
      for (let k = i; k < j; k++) out[idx[k]] = (i + 1 + j) / 2;
      i = j;
    }
    return out;
  }

  test('property: equal to a comparator-sort reference over all doubles (signs, ±0, ±∞, subnormals, NaN)', () => {
    const value = fc.oneof(
      fc.double(),
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom(0, -0, Infinity, -Infinity, NaN, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 100 }), (d) => {
        expect(Array.from(averageRanks(Float64Array.from(d)))).toEqual(naiveRanks(d));
      }),
      { numRuns: 1000 },
    );
  });

  test('100,000 values (the 16-bit radix digits used from 65,536 values up) against the reference', () => {
    const v = Float64Array.from({ length: 100000 }, (_, i) => {
      const u = hdrUniform(i + 1, 3);
      // Ties (rounded values), both signs, magnitudes 1e-8 .. 1e8, and some NaN.
      return u < 0.02 ? NaN : u < 0.3 ? Math.round(u * 20) - 3 : (u - 0.6) * 10 ** (16 * hdrUniform(i + 1, 4) - 8);
    });
    expect(Array.from(averageRanks(v))).toEqual(naiveRanks(v));
  });

  test('scipy.stats.rankdata(method="average") on the reference data, exactly', () => {
    for (const c of reference.ranks.cases) {
      expect(Array.from(averageRanks(f64(dataByName.get(c.name)!)))).toEqual(c.ranks);
    }
  });
});

describe('spearman', () => {
  test('Wikipedia example (IQ vs hours of TV, no ties): −29/165', () => {
    const iq = f64([106, 100, 86, 101, 99, 103, 97, 113, 112, 110]);
    const tv = f64([7, 27, 2, 50, 28, 29, 20, 12, 6, 17]);
    expectNear(spearman(iq, tv)!, -29 / 165, 1e-15);
  });

  test("SciPy's documentation example (tie in y): 0.8207826816681233", () => {
    expectNear(spearman(f64([1, 2, 3, 4, 5]), f64([5, 6, 7, 8, 7]))!, 0.8207826816681233, 1e-15);
  });

  test('tie on x by hand: 3/√10', () => {
    expectNear(spearman(f64([1, 2, 2, 3]), f64([1, 3, 2, 4]))!, 3 / Math.sqrt(10), 1e-15);
  });

  test('scipy.stats.spearmanr on the reference data (heavy ties, 1000 continuous pairs, NaN pairs)', () => {
    for (const c of reference.spearman.cases) {
      expectNear(spearman(f64(c.x), f64(c.y))!, c.rho, 1e-14, 1);
    }
  });

  test('mathjs corr of the average ranks agrees', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.double({ min: -10, max: 10, noNaN: true })), {
          minLength: 3,
          maxLength: 60,
        }),
        (pairs) => {
          const x = Float64Array.from(pairs, (p) => p[0]);
          const y = Float64Array.from(pairs, (p) => p[1]);
          const r = spearman(x, y);
          const rx = Array.from(averageRanks(x));
          const ry = Array.from(averageRanks(y));
          if (new Set(rx).size === 1 || new Set(ry).size === 1) return expect(r).toBeUndefined();
          expectNear(r!, corr(rx, ry) as number, 1e-12, 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('pairs with a non-finite side are dropped before ranking', () => {
    const x = f64([1, 2, NaN, 3, 4, Infinity, 5]);
    const y = f64([2, 1, 9, 4, 3, 0, -Infinity]);
    expect(spearman(x, y)).toBe(spearman(f64([1, 2, 3, 4]), f64([2, 1, 4, 3])));
    expectNear(spearman(x, y)!, 0.6, 1e-15); // ranks (1,2,3,4) vs (2,1,4,3): 1 − 6·4/(4·15)
  });

  test('undefined with fewer than 3 finite pairs or a constant side; unequal lengths throw', () => {
    expect(spearman(f64([1, 2]), f64([1, 2]))).toBeUndefined();
    expect(spearman(f64([1, 2, NaN]), f64([1, 2, 3]))).toBeUndefined();
    expect(spearman(f64([1, 1, 1]), f64([1, 2, 3]))).toBeUndefined();
    expect(spearman(f64([1, 2, 3]), f64([4, 4, 4]))).toBeUndefined();
    expect(() => spearman(f64([1, 2, 3]), f64([1, 2]))).toThrow(RangeError);
  });

  test('properties: in [−1, 1]; symmetric; 1 for a strictly increasing transform of x, −1 for decreasing', () => {
    const transforms: ((v: number) => number)[] = [
      (v) => v,
      (v) => v * v * v + v,
      (v) => Math.exp(v / 100),
      (v) => Math.atan(v),
      (v) => 1e6 * v - 3,
    ];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 80 }),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 80 }),
        fc.integer({ min: 0, max: transforms.length - 1 }),
        (xi, yr, k) => {
          const x = Float64Array.from(xi);
          const y = Float64Array.from(x, (_, i) => yr[i % yr.length]);
          const r = spearman(x, y);
          if (r !== undefined) {
            expect(r).toBeGreaterThanOrEqual(-1);
            expect(r).toBeLessThanOrEqual(1);
            expect(spearman(y, x)).toBe(r);
          }
          if (new Set(xi).size < 2) return expect(r).toBeUndefined();
          const up = Float64Array.from(x, transforms[k]);
          expect(spearman(x, up)).toBe(1);
          expect(
            spearman(
              x,
              up.map((v) => -v),
            ),
          ).toBe(-1);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('decileMeans', () => {
  test('hand case: 11 values, PERCENTILE.INC cut-offs 2 and 10', () => {
    const x = f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const y = f64([10, 20, 0, 0, 0, 0, 0, 0, 0, 40, 60]);
    // x ≤ 2 → y ∈ {10, 20}; x ≥ 10 → y ∈ {40, 60}.
    expect(decileMeans(x, y)).toEqual({ low: 15, high: 50 });
  });

  test('reference data (numpy cut-offs, math.fsum means), including ties at the cut-offs', () => {
    for (const c of reference.decile.cases) {
      const x = f64(c.x);
      const s = sortedCopy(x);
      expect(percentileSorted(s, 0.1)).toBe(c.q10);
      expect(percentileSorted(s, 0.9)).toBe(c.q90);
      const r = decileMeans(x, f64(c.y))!;
      expectNear(r.low, c.low, 1e-15);
      expectNear(r.high, c.high, 1e-15);
    }
  });

  test('non-finite pairs are skipped; nothing finite gives undefined; constant x gives the mean twice', () => {
    const x = f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, NaN, 5, Infinity]);
    const y = f64([10, 20, 0, 0, 0, 0, 0, 0, 0, 40, 60, 1000, NaN, 1000]);
    expect(decileMeans(x, y)).toEqual({ low: 15, high: 50 });
    expect(decileMeans(f64([NaN]), f64([1]))).toBeUndefined();
    expect(decileMeans(new Float64Array(0), new Float64Array(0))).toBeUndefined();
    expect(decileMeans(f64([2, 2, 2]), f64([1, 2, 6]))).toEqual({ low: 3, high: 3 });
  });
});

describe('shareWhere', () => {
  test('share of finite values satisfying the predicate; NaN skipped; none gives NaN; ±∞ throws', () => {
    expect(shareWhere(f64([-1, 2, 3, NaN]), (v) => v > 0)).toBe(2 / 3);
    expect(shareWhere(f64([0, 0, 1, 2]), (v) => v > 0)).toBe(0.5);
    expect(shareWhere(f64([NaN]), () => true)).toBeNaN();
    expect(() => shareWhere(f64([1, -Infinity]), () => true)).toThrow(RangeError);
  });
});
