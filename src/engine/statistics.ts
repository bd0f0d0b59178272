/**
 * Exact statistics over all trials of a Monte Carlo run: Excel's PERCENTILE.INC, a summary
 * (mean, sample SD, percentiles), average ranks, Spearman correlation and the decile means of a
 * tornado chart.
 *
 * Conventions shared by every function here:
 * - NaN means "no value in that trial" (no break-even, say) and is skipped.
 * - Work arrays are typed arrays allocated once per call; nothing is allocated per element, so
 *   10^6 trials cost one sort and a few linear passes.
 * - Sums are compensated (Neumaier) and run in index order: the result is a function of the
 *   values and their order alone, whatever the number of workers that produced them.
 */
import { between, checkNumber } from '../model/rules';
import { log2, pow } from '../model/portable-math';

const unitInterval = between(0, 1);

/**
 * Interpolates between two neighbouring order statistics `a ≤ b` at fraction `f` in [0, 1],
 * as PERCENTILE.INC does: `a + f·(b − a)`. The result never leaves [a, b] (the rounded sum could
 * overshoot `b` by an ulp, which would break monotonicity in p), and a span too large for a
 * double (b − a = ∞) falls back to the weighted form.
 *
 * @example lerpSorted(1, 2, 0.5) // 1.5
 */
export function lerpSorted(a: number, b: number, f: number): number {
  if (f === 0 || a === b) return a;
  const d = b - a;
  const r = d === Infinity ? (1 - f) * a + f * b : a + f * d;
  return r > b ? b : r < a ? a : r;
}

/**
 * Excel's PERCENTILE.INC (linear interpolation between order statistics, R type 7) on
 * ascending-sorted data; p in [0, 1]. The value at 0-based position h = p·(n − 1),
 * interpolated between positions ⌊h⌋ and ⌊h⌋ + 1. Empty data has no percentile: NaN
 * (Excel's #NUM!). A p outside [0, 1] throws, as Excel's #NUM!.
 *
 * @example percentileSorted([1, 2, 3, 4], 0.3) // 1.9 (Microsoft's PERCENTILE.INC example)
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  checkNumber('p', p, unitInterval);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = p * (n - 1);
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  return lerpSorted(sorted[lo], sorted[lo + 1], h - lo);
}

/** The exact summary of one output over the trials that have a value. */
export interface Summary {
  /** Trials with a value (NaN entries are not counted). */
  n: number;
  mean: number;
  /** Sample standard deviation (divisor n − 1); 0 when n = 1. */
  sd: number;
  /** Standard error of the mean, sd/√n. */
  sem: number;
  p5: number;
  p10: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  min: number;
  max: number;
}

/** Why an infinity is refused rather than skipped: NaN is the "no value" marker, ±∞ is an overflow upstream. */
function refuseInfinity(values: ArrayLike<number>, i: number): never {
  throw new RangeError(`statistics: values[${i}] is ${values[i]}; trial outputs must be finite numbers or NaN`);
}

/** The mean of `s[0..n)` when their plain sum overflows: a compensated sum of v·2^−k with 2^k ≥ n. */
function scaledMean(s: Float64Array, n: number): number {
  const k = pow(2, -Math.ceil(log2(n)));
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const v = s[i] * k;
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return (sum + comp) / n / k;
}

/**
 * The exact summary of the finite values. NaN entries mean "no value in that trial" (e.g. no
 * break-even) and are skipped; n counts the rest; n = 0 gives undefined. ±Infinity throws (an
 * overflow upstream must not vanish from the statistics). The mean is a compensated (Neumaier)
 * sum in index order, so it depends only on the values and their order (a sum that overflows
 * is redone scaled, in sorted order); it is clamped to
 * [min, max], which the true mean always satisfies and rounding alone could break by an ulp.
 *
 * @example summarize(new Float64Array([1, 2, 3, 4, NaN]))?.p50 // 2.5 (n = 4)
 */
export function summarize(values: Float64Array): Summary | undefined {
  const sorted = new Float64Array(values.length);
  let n = 0;
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v === Infinity || v === -Infinity) refuseInfinity(values, i);
    sorted[n++] = v;
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  if (n === 0) return undefined;
  const s = sorted.subarray(0, n).sort();
  const min = s[0];
  const max = s[n - 1];
  let rawMean = (sum + comp) / n;
  // The sum of values near ±1.8e308 can overflow where the mean cannot: sum them scaled by 2^−k ≤ 1/n (exact).
  if (!Number.isFinite(rawMean)) rawMean = scaledMean(s, n);
  const mean = rawMean < min ? min : rawMean > max ? max : rawMean;

  // Second pass for the variance: deviations from the mean, not the cancellation-prone Σx² − n·mean².
  // Values are scaled by a power of two 2^−e ≈ 1/spread (exact), so that neither s − mean nor d²
  // overflows or underflows even for values near ±1.8e308; halves keep the spread itself finite.
  const halfSpread = Math.max(mean / 2 - min / 2, max / 2 - mean / 2);
  // 2^−960 ≤ scale ≤ 2^1023 keeps 1/scale finite; values within a tiny spread are themselves tiny.
  const scale = halfSpread > 0 ? pow(2, Math.min(1023, Math.max(-960, Math.ceil(log2(halfSpread))))) : 1;
  const inverse = 1 / scale;
  const scaledMeanValue = mean * inverse;
  let ss = 0;
  let ssComp = 0;
  for (let i = 0; i < n; i++) {
    const d = s[i] * inverse - scaledMeanValue;
    const v = d * d;
    const t = ss + v;
    ssComp += ss >= v ? ss - t + v : v - t + ss;
    ss = t;
  }
  const sd = n > 1 ? Math.sqrt((ss + ssComp) / (n - 1)) * scale : 0;
  return {
    n,
    mean,
    sd,
    sem: sd / Math.sqrt(n),
    p5: percentileSorted(s, 0.05),
    p10: percentileSorted(s, 0.1),
    p25: percentileSorted(s, 0.25),
    p50: percentileSorted(s, 0.5),
    p75: percentileSorted(s, 0.75),
    p90: percentileSorted(s, 0.9),
    p95: percentileSorted(s, 0.95),
    min,
    max,
  };
}

/** Whether a Float64's low 32 bits come first in memory (true on every platform JavaScript runs on today). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Sorts values[0..count) (no NaN) by an LSD radix sort on their IEEE-754 bits, carrying the
 * original indices: linear time and sequential passes, where a comparator sort of indices
 * (or a binary search per value) at 10^6 values spends most of its time in calls and cache
 * misses. The bits are mapped so that unsigned order is numeric order (negative: all bits
 * flipped; positive: sign bit set), with −0 made +0 first so equal keys mean equal values.
 * Digits are 8 bits below 2^16 values and 16 bits above (fewer passes, bigger histogram);
 * a pass where every key has the same digit is skipped.
 */
function radixOrder(values: Float64Array, count: number): { order: Uint32Array; hi: Uint32Array; lo: Uint32Array } {
  const copy = new Float64Array(count);
  for (let i = 0; i < count; i++) copy[i] = values[i] + 0;
  const bits = new Uint32Array(copy.buffer);
  const [h, l] = LITTLE_ENDIAN ? [1, 0] : [0, 1];
  let hi = new Uint32Array(count);
  let lo = new Uint32Array(count);
  let order = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const a = bits[2 * i + h];
    const b = bits[2 * i + l];
    const negative = a >>> 31 === 1;
    hi[i] = negative ? ~a >>> 0 : (a | 0x80000000) >>> 0;
    lo[i] = negative ? ~b >>> 0 : b;
    order[i] = i;
  }
  let hi2 = new Uint32Array(count);
  let lo2 = new Uint32Array(count);
  let order2 = new Uint32Array(count);
  const width = count < 65536 ? 8 : 16;
  const mask = (1 << width) - 1;
  const histogram = new Uint32Array(1 << width);
  for (let shift = 0; shift < 64; shift += width) {
    const word = shift < 32 ? lo : hi;
    const s = shift & 31;
    histogram.fill(0);
    for (let i = 0; i < count; i++) histogram[(word[i] >>> s) & mask]++;
    if (count === 0 || histogram[(word[0] >>> s) & mask] === count) continue;
    for (let d = 0, sum = 0; d <= mask; d++) {
      const c = histogram[d];
      histogram[d] = sum;
      sum += c;
    }
    for (let i = 0; i < count; i++) {
      const p = histogram[(word[i] >>> s) & mask]++;
      hi2[p] = hi[i];
      lo2[p] = lo[i];
      order2[p] = order[i];
    }
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
    [order, order2] = [order2, order];
  }
  return { order, hi, lo };
}

/** Average ranks of `values[0..count)` (no NaN) written to `out`. */
function averageRanksInto(values: Float64Array, count: number, out: Float64Array): void {
  const { order, hi, lo } = radixOrder(values, count);
  for (let i = 0; i < count;) {
    let j = i + 1;
    while (j < count && hi[j] === hi[i] && lo[j] === lo[i]) j++;
    const rank = (i + 1 + j) / 2; // the average of the 1-based positions i + 1 .. j
    for (let k = i; k < j; k++) out[order[k]] = rank;
    i = j;
  }
}

/**
 * Ranks 1..n in ascending order with ties given their average rank (as Excel's RANK.AVG with
 * order = 1); NaN entries rank as NaN and are not counted in n. −0 and 0 tie.
 *
 * @example averageRanks(new Float64Array([10, 20, 10, NaN])) // [1.5, 3, 1.5, NaN]
 */
export function averageRanks(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  const present = new Float64Array(values.length);
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) present[m++] = values[i];
  const ranks = new Float64Array(m);
  averageRanksInto(present, m, ranks);
  for (let i = 0, k = 0; i < values.length; i++) out[i] = values[i] === values[i] ? ranks[k++] : NaN;
  return out;
}

/** Copies the pairs where both sides are finite into new arrays; returns them and their count. */
function finitePairs(x: Float64Array, y: Float64Array): { xs: Float64Array; ys: Float64Array; m: number } {
  if (x.length !== y.length) throw new RangeError(`statistics: x has ${x.length} values but y has ${y.length}`);
  const xs = new Float64Array(x.length);
  const ys = new Float64Array(y.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a - a === 0 && b - b === 0) {
      xs[m] = a;
      ys[m] = b;
      m++;
    }
  }
  return { xs, ys, m };
}

/**
 * Spearman's rank correlation: the Pearson correlation of average ranks (ties handled), over
 * the pairs where both sides are finite, ranked among those pairs only. Undefined if fewer than
 * 3 pairs or either side is constant. Clamped to [−1, 1] against rounding.
 *
 * @example spearman(new Float64Array([1, 2, 3, 4, 5]), new Float64Array([5, 6, 7, 8, 7])) // ≈ 0.8207826816681233
 */
export function spearman(x: Float64Array, y: Float64Array): number | undefined {
  const { xs, ys, m } = finitePairs(x, y);
  if (m < 3) return undefined;
  const rx = new Float64Array(m);
  const ry = new Float64Array(m);
  averageRanksInto(xs, m, rx);
  averageRanksInto(ys, m, ry);
  // Average ranks always sum to m(m + 1)/2, so both means are exactly (m + 1)/2.
  const mean = (m + 1) / 2;
  let sxy = 0;
  let cxy = 0;
  let sxx = 0;
  let cxx = 0;
  let syy = 0;
  let cyy = 0;
  for (let i = 0; i < m; i++) {
    const dx = rx[i] - mean;
    const dy = ry[i] - mean;
    // Σ over 10^6 pairs of terms up to ~10^11 passes 2^53: compensate all three sums.
    let v = dx * dy;
    let t = sxy + v;
    cxy += Math.abs(sxy) >= Math.abs(v) ? sxy - t + v : v - t + sxy;
    sxy = t;
    v = dx * dx;
    t = sxx + v;
    cxx += sxx >= v ? sxx - t + v : v - t + sxx;
    sxx = t;
    v = dy * dy;
    t = syy + v;
    cyy += syy >= v ? syy - t + v : v - t + syy;
    syy = t;
  }
  sxx += cxx;
  syy += cyy;
  if (sxx === 0 || syy === 0) return undefined;
  // √(sxx·syy) rather than √sxx·√syy: for identical ranks √(s²) is exactly s, so r = 1 exactly.
  const r = (sxy + cxy) / Math.sqrt(sxx * syy);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/**
 * The bars of a tornado chart: the mean of y over the trials whose x is in the lowest decile
 * (x ≤ PERCENTILE.INC(x, 0.1)) and in the highest decile (x ≥ PERCENTILE.INC(x, 0.9)), the
 * percentiles taken over the pairs where both sides are finite (the others are skipped).
 * Undefined when no pair is finite. Ties at a cut-off all count, so a decile can hold more
 * than a tenth of the trials (all of them when x is constant).
 *
 * @example decileMeans(new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), new Float64Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5])) // { low: 0, high: 5 }
 */
export function decileMeans(x: Float64Array, y: Float64Array): { low: number; high: number } | undefined {
  const { xs, ys, m } = finitePairs(x, y);
  if (m === 0) return undefined;
  const sorted = new Float64Array(xs.subarray(0, m)).sort();
  const q10 = percentileSorted(sorted, 0.1);
  const q90 = percentileSorted(sorted, 0.9);
  let nLow = 0;
  let sLow = 0;
  let cLow = 0;
  let nHigh = 0;
  let sHigh = 0;
  let cHigh = 0;
  for (let i = 0; i < m; i++) {
    const v = ys[i];
    if (xs[i] <= q10) {
      const t = sLow + v;
      cLow += Math.abs(sLow) >= Math.abs(v) ? sLow - t + v : v - t + sLow;
      sLow = t;
      nLow++;
    }
    if (xs[i] >= q90) {
      const t = sHigh + v;
      cHigh += Math.abs(sHigh) >= Math.abs(v) ? sHigh - t + v : v - t + sHigh;
      sHigh = t;
      nHigh++;
    }
  }
  // Both groups hold at least the minimum (resp. maximum) of x, so neither count is 0.
  return { low: (sLow + cLow) / nLow, high: (sHigh + cHigh) / nHigh };
}

/**
 * The share of the finite values that satisfy `predicate`, e.g. P(NPV > 0). NaN entries ("no
 * value") are skipped; ±Infinity throws as in {@link summarize}; no values at all gives NaN.
 *
 * @example shareWhere(new Float64Array([-1, 2, 3, NaN]), (v) => v > 0) // 2/3
 */
export function shareWhere(values: Float64Array, predicate: (v: number) => boolean): number {
  let n = 0;
  let hits = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v === Infinity || v === -Infinity) refuseInfinity(values, i);
    n++;
    if (predicate(v)) hits++;
  }
  return n === 0 ? NaN : hits / n;
}
