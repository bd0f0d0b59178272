/**
 * The mergeable quantile sketch (src/engine/quantile-sketch.ts).
 *
 * Oracle: the exact PERCENTILE.INC of the same values (percentileSorted, itself tested against
 * numpy and Microsoft's examples in statistics.test.ts). The bound tested is the one the module
 * guarantees: with h = p·(n − 1), k = ⌊h⌋, f = h − k and x₍ⱼ₎ the exact sorted values,
 *
 *     |q̂ − q| ≤ α·((1 − f)·|x₍ₖ₎| + f·|x₍ₖ₊₁₎|) + zeroThreshold,
 *
 * plus floating-point slack: 1e-12 relative at bucket edges (the key goes through Math.log,
 * which misplaces only values within ~2e-13 of an edge) and 4 ulps for the interpolation. A
 * bucket off by one would err by up to 3α, far outside. Draws come from the project's HDR
 * generator and AS 241 normal quantile, so every run sees the same numbers.
 */
import fc from 'fast-check';
import { ModelError } from '../../src/model/errors';
import { hdrUniform } from '../../src/model/hdr';
import { normalQuantile } from '../../src/model/normal';
import { BucketCounts, PACKED_FIELDS, QuantileSketch, QuantileSketchTransfer } from '../../src/engine/quantile-sketch';
import { percentileSorted } from '../../src/engine/statistics';

const ALPHA = 0.001;
const ZERO = 1e-9;
const EPS = Number.EPSILON;

/** The guaranteed bound on |q̂ − q| for the exact sorted data at p (see the header). */
function bound(sorted: Float64Array, p: number, alpha = ALPHA, zero = ZERO): number {
  const n = sorted.length;
  const h = p * (n - 1);
  const k = Math.min(Math.floor(h), n - 1);
  const f = h - k;
  const a = Math.abs(sorted[k]);
  const b = Math.abs(sorted[Math.min(k + 1, n - 1)]);
  return (alpha + 1e-12) * ((1 - f) * a + f * b) + zero + 4 * EPS * (a + b);
}

function sketchOf(values: ArrayLike<number>, options = {}): QuantileSketch {
  const s = new QuantileSketch(options);
  for (let i = 0; i < values.length; i++) s.add(values[i]);
  return s;
}

/** n draws of f(z), z standard normal by HDR + AS 241 (variable = which distribution). */
function draws(n: number, variable: number, f: (z: number) => number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => f(normalQuantile(hdrUniform(i + 1, variable))));
}

const P_GRID = [
  0, 1e-4, 0.001, 0.01, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.99, 0.999, 1,
];
const P_RANDOM = Array.from({ length: 200 }, (_, i) => hdrUniform(i + 1, 99));

const distributions: [string, Float64Array][] = [
  ['lognormal-ish (e^(10 + 1.5z))', draws(20000, 1, (z) => Math.exp(10 + 1.5 * z))],
  ['normal crossing zero (100 + 300z)', draws(20000, 2, (z) => 100 + 300 * z)],
  [
    'cash-like: −2e6 + 1e6·e^(0.8z), mostly negative, crosses zero',
    draws(20000, 3, (z) => -2e6 + 1e6 * Math.exp(0.8 * z)),
  ],
  ['constant 7.3', new Float64Array(5000).fill(7.3)],
  ['two-point −5 / 1e6', Float64Array.from({ length: 1000 }, (_, i) => (i % 2 ? 1e6 : -5))],
  [
    'zeros, tiny values below the threshold and a few others',
    draws(3000, 4, (z) => (z > 1 ? z * 1000 : z > -1 ? z * 1e-10 : 0)),
  ],
  ['wide magnitudes (1e-6 .. 1e12, both signs)', draws(5000, 5, (z) => Math.sign(z) * 10 ** (3 + 9 * Math.abs(z) - 6))],
];

describe('quantile against the exact PERCENTILE.INC, within the guaranteed bound', () => {
  test.each(distributions)('%s', (_, values) => {
    const sorted = Float64Array.from(values).sort();
    const s = sketchOf(values);
    expect(s.count).toBe(values.length);
    const ps = [...P_GRID, ...P_RANDOM];
    const q = s.quantiles(ps);
    ps.forEach((p, k) => {
      const exact = percentileSorted(sorted, p);
      expect(Math.abs(q[k] - exact)).toBeLessThanOrEqual(bound(sorted, p));
      expect(s.quantile(p)).toBe(q[k]);
    });
    // The extremes are exact: min, max and p = 0, 1.
    expect([s.min, s.max, q[0], q[P_GRID.length - 1]]).toEqual([
      sorted[0],
      sorted[sorted.length - 1],
      sorted[0],
      sorted[sorted.length - 1],
    ]);
  });

  test('the bound is not slack: at α = 1% the lognormal errors reach well past 0.1% (yet stay within 1%)', () => {
    const values = distributions[0][1];
    const sorted = Float64Array.from(values).sort();
    const s = sketchOf(values, { relativeAccuracy: 0.01 });
    let worst = 0;
    for (const p of P_RANDOM) {
      const exact = percentileSorted(sorted, p);
      const q = s.quantile(p);
      expect(Math.abs(q - exact)).toBeLessThanOrEqual(bound(sorted, p, 0.01));
      worst = Math.max(worst, Math.abs(q - exact) / Math.abs(exact));
    }
    expect(worst).toBeGreaterThan(0.005);
    expect(worst).toBeLessThanOrEqual(0.01 + 1e-12);
  });

  test('straddling zero: the error is relative to the neighbours, not to q (and within α of them)', () => {
    const s = sketchOf([-1e6, 1e6]);
    // Exact median 0; both neighbours are the exact min and max here, so it is exact too.
    expect(s.quantile(0.5)).toBe(0);
    const t = sketchOf([-1e6, -1e6 + 1, 1e6 - 1, 1e6]);
    const q = t.quantile(0.5); // exact 0, between order statistics −999,999 and 999,999
    expect(Math.abs(q)).toBeLessThanOrEqual(ALPHA * 999999 * (1 + 1e-12) + ZERO);
  });

  test('PERCENTILE.INC semantics: P50 of {1, 2} is 1.5, P30 of {1, 3, 2, 4} ≈ 1.9; constants are exact', () => {
    expect(sketchOf([2, 1]).quantile(0.5)).toBe(1.5);
    expect(Math.abs(sketchOf([1, 3, 2, 4]).quantile(0.3) - 1.9)).toBeLessThanOrEqual(ALPHA * 2);
    const c = sketchOf(new Float64Array(1000).fill(-123.456));
    expect(Array.from(c.quantiles([0, 0.05, 0.5, 0.95, 1]))).toEqual([
      -123.456, -123.456, -123.456, -123.456, -123.456,
    ]);
    expect(sketchOf([42]).quantile(0.7)).toBe(42);
  });

  test('|x| below zeroThreshold counts as zero; −0 and 0 give the same sketch in any order', () => {
    const s = sketchOf([1e-10, -5e-10, 0, 0, 0]);
    expect(s.quantile(0.5)).toBe(0);
    expect(s.byteLength).toBe(0); // no bucket allocated for zeros
    const a = sketchOf([0, -0]);
    const b = sketchOf([-0, 0]);
    expect(Object.is(a.min, b.min) && Object.is(a.max, b.max)).toBe(true);
    expect(a.toTransfer()).toEqual(b.toTransfer());
    const wide = sketchOf([5, 1e-9, -1e-9], { zeroThreshold: 1 });
    expect(wide.quantile(0.5)).toBe(0);
  });

  test('property: random data (both signs, zeros, ties, tiny values) and p stay within the bound', () => {
    const value = fc.oneof(
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.constantFrom(0, -0, 1e-10, 1, -1, 1e9, ZERO),
      fc.integer({ min: -50, max: 50 }),
    );
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0.001, 0.01, 0.05),
        (data, p, alpha) => {
          const sorted = Float64Array.from(data).sort();
          const s = sketchOf(data, { relativeAccuracy: alpha });
          const q = s.quantile(p);
          expect(Math.abs(q - percentileSorted(sorted, p))).toBeLessThanOrEqual(bound(sorted, p, alpha));
          expect(q).toBeGreaterThanOrEqual(sorted[0]);
          expect(q).toBeLessThanOrEqual(sorted[sorted.length - 1]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('property: non-decreasing in p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 20 }),
        (data, ps) => {
          ps.sort((a, b) => a - b);
          const q = sketchOf(data).quantiles(ps);
          for (let i = 1; i < q.length; i++) expect(q[i - 1]).toBeLessThanOrEqual(q[i]);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('merge: exact and order-independent', () => {
  const ps = [...P_GRID, ...P_RANDOM];
  const values = distributions[2][1];
  const chunks = [0, 1, 2, 3].map((k) => values.subarray(k * 5000, (k + 1) * 5000));

  test('1, 2 or 4 "workers", any grouping and order: bit-identical quantiles and counts', () => {
    const one = sketchOf(values);
    const [a, b, c, d] = chunks.map((chunk) => sketchOf(chunk));
    const pairs = sketchOf(values.subarray(0, 10000));
    pairs.merge(sketchOf(values.subarray(10000)));
    const tree = sketchOf([]);
    const ab = sketchOf([]);
    ab.merge(a);
    ab.merge(b);
    const cd = sketchOf([]);
    cd.merge(c);
    cd.merge(d);
    tree.merge(cd);
    tree.merge(ab);
    const chain = sketchOf(chunks[3]);
    for (const s of [c, b, a].map((x) => QuantileSketch.fromTransfer(x.toTransfer()))) chain.merge(s);
    const reversed = sketchOf(Float64Array.from(values).reverse());
    const expected = one.quantiles(ps);
    for (const s of [pairs, tree, chain, reversed]) {
      expect(s.count).toBe(values.length);
      const got = s.quantiles(ps);
      for (let k = 0; k < ps.length; k++) expect(Object.is(got[k], expected[k])).toBe(true);
      expect(s.toTransfer()).toEqual(one.toTransfer());
    }
  });

  test('property: a random split merged either way equals one sketch of everything', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.constant(0)), { maxLength: 200 }),
        fc.nat(),
        (data, cut) => {
          const at = data.length === 0 ? 0 : cut % (data.length + 1);
          const left = sketchOf(data.slice(0, at));
          const right = sketchOf(data.slice(at));
          const lr = sketchOf([]);
          lr.merge(left);
          lr.merge(right);
          right.merge(left);
          const all = sketchOf(data);
          expect(lr.toTransfer()).toEqual(all.toTransfer());
          expect(right.toTransfer()).toEqual(all.toTransfer());
          if (data.length > 0) expect(Array.from(lr.quantiles(P_GRID))).toEqual(Array.from(all.quantiles(P_GRID)));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('merging a sketch into itself doubles it; an empty sketch changes nothing', () => {
    const s = sketchOf([1, 2, 3, -4]);
    s.merge(s);
    expect(s.toTransfer()).toEqual(sketchOf([1, 2, 3, -4, 1, 2, 3, -4]).toTransfer());
    const before = s.toTransfer();
    s.merge(new QuantileSketch());
    expect(s.toTransfer()).toEqual(before);
  });

  test('different options refuse to merge', () => {
    expect(() => new QuantileSketch().merge(new QuantileSketch({ relativeAccuracy: 0.01 }))).toThrow(RangeError);
    expect(() => new QuantileSketch().merge(new QuantileSketch({ zeroThreshold: 1e-6 }))).toThrow(RangeError);
  });
});

describe('addAll: the same sketch as add one by one', () => {
  test('every test distribution, in blocks of 500 (as a Monte Carlo run adds them): identical transfer data', () => {
    for (const [, values] of distributions) {
      const batched = new QuantileSketch();
      for (let i = 0; i < values.length; i += 500) batched.addAll(values.subarray(i, i + 500));
      expect(batched.toTransfer()).toEqual(sketchOf(values).toTransfer());
    }
  });

  test('property: any mix of signs, zeros, −0, tiny values and growth, in any cut into batches', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1e-12, -1e-12))),
        fc.integer({ min: 1, max: 50 }),
        (values, batch) => {
          const batched = new QuantileSketch();
          for (let i = 0; i < values.length; i += batch) batched.addAll(values.slice(i, i + batch));
          expect(batched.toTransfer()).toEqual(sketchOf(values).toTransfer());
        },
      ),
    );
  });

  test('NaN or ±Infinity throws with the values before it added, as add would', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const s = new QuantileSketch();
      expect(() => s.addAll([3, -2, 0, bad, 5])).toThrow(RangeError);
      expect(s.toTransfer()).toEqual(sketchOf([3, -2, 0]).toTransfer());
    }
  });
});

describe('transfer between workers', () => {
  test('round trip through structuredClone (as postMessage) keeps every quantile and count', () => {
    const s = sketchOf(distributions[1][1]);
    const t = s.toTransfer();
    const cloned = structuredClone(t, { transfer: [t.positiveCounts.buffer, t.negativeCounts.buffer] });
    // Node's structuredClone builds the copy in its own realm, as a worker's message would be.
    expect(Object.prototype.toString.call(cloned.positiveCounts)).toBe('[object Uint32Array]');
    const r = QuantileSketch.fromTransfer(cloned);
    expect(r.count).toBe(s.count);
    expect([r.min, r.max]).toEqual([s.min, s.max]);
    expect(Array.from(r.quantiles(P_RANDOM))).toEqual(Array.from(s.quantiles(P_RANDOM)));
    expect(r.toTransfer()).toEqual(s.toTransfer());
    // fromTransfer takes the arrays over, without a copy.
    expect(r.toTransfer().positiveCounts.buffer).not.toBe(cloned.positiveCounts.buffer); // (toTransfer copies)
    const before = r.quantile(0.5);
    cloned.positiveCounts.fill(0);
    expect(r.quantile(0.5)).not.toBe(before);
  });

  test('an empty sketch round-trips; quantiles of nothing are NaN', () => {
    const e = QuantileSketch.fromTransfer(new QuantileSketch().toTransfer());
    expect(e.count).toBe(0);
    expect(e.quantile(0.5)).toBeNaN();
    expect(e.min).toBeNaN();
  });

  test('inconsistent data is refused', () => {
    const good = sketchOf([1, -2, 0, 3]).toTransfer();
    const bad = (change: Partial<QuantileSketchTransfer>) => () => QuantileSketch.fromTransfer({ ...good, ...change });
    expect(bad({ count: 5 })).toThrow('sum to 4, not 5');
    expect(bad({ positiveCounts: [1, 1] as unknown as Uint32Array })).toThrow('Uint32Arrays');
    expect(bad({ positiveOffset: 0.5 })).toThrow('integers');
    expect(bad({ negativeOffset: 1e9 })).toThrow('outside');
    expect(bad({ min: NaN })).toThrow('min');
    expect(bad({ relativeAccuracy: 2 })).toThrow(ModelError);
    expect(() => QuantileSketch.fromTransfer(good)).not.toThrow();
  });

  test('pack and unpack: the part of each sketch is its toTransfer data, through a structured clone', () => {
    const sketches = [...distributions.map(([, values]) => sketchOf(values)), new QuantileSketch(), sketchOf([0, -3])];
    const packed = structuredClone(QuantileSketch.pack(sketches));
    expect(packed.meta.length).toBe(PACKED_FIELDS * sketches.length);
    const back = QuantileSketch.unpack(packed);
    expect(
      back.map((t) => ({ ...t, positiveCounts: [...t.positiveCounts], negativeCounts: [...t.negativeCounts] })),
    ).toEqual(
      sketches
        .map((s) => s.toTransfer())
        .map((t) => ({ ...t, positiveCounts: [...t.positiveCounts], negativeCounts: [...t.negativeCounts] })),
    );
    expect(QuantileSketch.unpack(QuantileSketch.pack([]))).toEqual([]);
    // 16-bit counts while no sketch holds more than 65,535 values, 32-bit past that, nothing lost.
    const tag = (a: unknown) => Object.prototype.toString.call(a);
    expect(tag(packed.counts)).toBe('[object Uint16Array]');
    const big = sketchOf(new Float64Array(70_000).fill(2)); // one bucket of 70,000
    const wide = QuantileSketch.unpack(structuredClone(QuantileSketch.pack([big, sketchOf([1])])));
    expect(tag(wide[0].positiveCounts)).toBe('[object Uint32Array]');
    const merged = sketchOf([1]);
    merged.mergeTransfer(wide[0]);
    expect(merged.toTransfer()).toEqual(sketchOf([1, ...new Float64Array(70_000).fill(2)]).toTransfer());
  });

  test('unpack refuses a layout that does not add up', () => {
    const good = QuantileSketch.pack([sketchOf([1, 2, -3]), sketchOf([4])]);
    const unpack = (meta: Float64Array, counts: BucketCounts) => () => QuantileSketch.unpack({ meta, counts });
    expect(unpack(good.meta.subarray(1), good.counts)).toThrow('10 numbers per sketch');
    expect(unpack(good.meta, new Uint16Array(good.counts.length + 1))).toThrow('1 counts left over');
    expect(unpack(good.meta, good.counts.subarray(1))).toThrow(/a length of \d+ at \d+ of/);
    const negativeLength = good.meta.slice();
    negativeLength[9] = -1;
    expect(unpack(negativeLength, good.counts)).toThrow('a length of -1');
    expect(() => QuantileSketch.unpack({ meta: [0] as unknown as Float64Array, counts: good.counts })).toThrow(
      'Float64Array',
    );
    expect(unpack(good.meta, Array.from(good.counts) as unknown as Uint32Array)).toThrow(
      'a Uint16Array or a Uint32Array',
    );
  });

  test('clear: an empty sketch that keeps its arrays; refilled, the same as a fresh one', () => {
    for (const [, values] of distributions) {
      const s = sketchOf(values);
      const bytes = s.byteLength;
      s.clear();
      expect([s.count, s.min, s.max, s.quantile(0.5)]).toEqual([0, NaN, NaN, NaN]);
      expect(s.byteLength).toBe(bytes);
      expect(s.toTransfer()).toEqual(new QuantileSketch().toTransfer());
      const half = values.subarray(0, values.length >> 1);
      s.addAll(half);
      expect(s.toTransfer()).toEqual(sketchOf(half).toTransfer());
    }
  });

  test('mergeTransfer: the same sketch as merge(fromTransfer(t)), checked the same way, the arrays only read', () => {
    for (const [, values] of distributions) {
      const half = values.length >> 1;
      const viaSketch = sketchOf(values.subarray(0, half));
      const viaTransfer = sketchOf(values.subarray(0, half));
      const t = structuredClone(sketchOf(values.subarray(half)).toTransfer());
      viaSketch.merge(QuantileSketch.fromTransfer(structuredClone(t)));
      viaTransfer.mergeTransfer(t);
      expect(viaTransfer.toTransfer()).toEqual(viaSketch.toTransfer());
      expect(viaTransfer.toTransfer()).toEqual(sketchOf(values).toTransfer());
      const before = viaTransfer.toTransfer();
      t.positiveCounts.fill(7);
      t.negativeCounts.fill(7);
      expect(viaTransfer.toTransfer()).toEqual(before); // nothing of t kept
    }
    const empty = new QuantileSketch();
    empty.mergeTransfer(new QuantileSketch().toTransfer());
    expect(empty.count).toBe(0);
    const good = sketchOf([1, -2, 0, 3]).toTransfer();
    const target = sketchOf([5]);
    expect(() => target.mergeTransfer({ ...good, count: 5 })).toThrow(
      'QuantileSketch.mergeTransfer: the counts sum to 4, not 5',
    );
    expect(() => target.mergeTransfer({ ...good, relativeAccuracy: 0.01 })).toThrow('cannot merge');
    expect(target.toTransfer()).toEqual(sketchOf([5]).toTransfer()); // refused: unchanged
  });
});

describe('inputs and memory', () => {
  test('NaN and ±Infinity are a bug upstream and throw; the sketch is unchanged', () => {
    const s = sketchOf([1, 2]);
    for (const x of [NaN, Infinity, -Infinity]) expect(() => s.add(x)).toThrow(RangeError);
    expect(s.count).toBe(2);
    expect(s.toTransfer()).toEqual(sketchOf([1, 2]).toTransfer());
  });

  test('a count past 65,535 widens the counts to 32 bits: by add, addAll and merge, nothing lost', () => {
    const many = new Float64Array(70_000).fill(42);
    const byAdd = sketchOf(many);
    const byAddAll = new QuantileSketch();
    byAddAll.addAll(many.subarray(0, 30_000));
    byAddAll.addAll(many.subarray(30_000));
    const halves = [0, 1].map(() => sketchOf(many.subarray(0, 35_000)));
    halves[0].merge(halves[1]);
    const doubled = sketchOf(many.subarray(0, 35_000));
    doubled.merge(doubled);
    for (const s of [byAdd, byAddAll, halves[0], doubled]) {
      expect(s.count).toBe(70_000);
      expect(s.toTransfer().positiveCounts).toEqual(Uint32Array.of(70_000));
      expect(s.quantile(0.5)).toBe(42);
      s.add(43);
      expect(s.quantile(1)).toBe(43);
    }
    expect(sketchOf([42]).byteLength / 2).toBe(byAdd.byteLength / 4); // the same buckets, twice the bytes
  });

  test('options are checked; p outside [0, 1] throws', () => {
    expect(new QuantileSketch().relativeAccuracy).toBe(0.001);
    expect(new QuantileSketch().zeroThreshold).toBe(1e-9);
    expect(() => new QuantileSketch({ relativeAccuracy: 0 })).toThrow('relativeAccuracy must be ≥ 5e-7 and < 1');
    expect(() => new QuantileSketch({ zeroThreshold: 1e-310 })).toThrow(ModelError); // subnormal: its bits do not order
    expect(() => new QuantileSketch({ relativeAccuracy: 1 })).toThrow(ModelError);
    expect(() => new QuantileSketch({ zeroThreshold: 0 })).toThrow(ModelError);
    expect(() => sketchOf([1]).quantile(1.5)).toThrow(ModelError);
  });

  test('memory as documented: 1e3..1e7 takes ≤ 1.5 × 6,779 + 66 buckets; the whole double range ≤ 539,613 per sign', () => {
    const s = sketchOf(draws(20000, 6, (z) => 10 ** (5 + 2 * Math.tanh(z))));
    // The key read independently of the module: the big-endian high word through a DataView, less
    // its last 20 − 9 bits (9 mantissa bits at α = 0.001: 1/(2^10 + 1) ≤ α < 1/(2^9 + 1)).
    const key = (x: number) => {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, x);
      return view.getUint32(0) >>> 11;
    };
    const span = key(1e7) - key(1e3) + 1; // 512 · log₂ 10⁴ ≈ 6,803, less the ends' partial octaves
    expect(span).toBe(6779);
    expect(key(Number.MAX_VALUE) + 1 - (key(1e-9) - 1) + 1).toBe(539613);
    expect(s.byteLength).toBeLessThanOrEqual(2 * (1.5 * span + 66)); // 2 bytes a bucket below 65,536 a count
    expect(s.byteLength).toBeGreaterThan(2 * 1000); // dense: not a handful of buckets
    // addAll grows a store once for its whole batch: within the same bound.
    const batched = new QuantileSketch();
    const values = draws(20000, 6, (z) => 10 ** (5 + 2 * Math.tanh(z)));
    for (let i = 0; i < values.length; i += 500) batched.addAll(values.subarray(i, i + 500));
    expect(batched.byteLength).toBeLessThanOrEqual(2 * (1.5 * span + 66));
    const extremes = sketchOf([ZERO, Number.MAX_VALUE, -ZERO, -Number.MAX_VALUE, 1, -1, 1e100, -1e-5]);
    expect(extremes.byteLength).toBeLessThanOrEqual(2 * 2 * 539613);
    expect(extremes.quantile(1)).toBe(Number.MAX_VALUE);
    expect(Math.abs(extremes.quantiles([6 / 7])[0] - 1e100)).toBeLessThanOrEqual(1e100 * (ALPHA + 1e-12));
  });
});
