/**
 * Approximate percentiles with bounded memory: a mergeable quantile sketch with a guaranteed
 * relative accuracy, after DDSketch (Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable
 * quantile sketch with relative-error guarantees", VLDB 2019), with the bit-level index mapping
 * of its reference implementation (sketches-java's BitwiseLinearlyInterpolatedMapping).
 *
 * A Monte Carlo run keeps one sketch per month × output instead of every trial's value
 * (100,000 trials × 120 months × 6 outputs would be 576 MB of doubles).
 *
 * Buckets. A value |x| ≥ zeroThreshold goes to the bucket keyed by the top 32 − (20 − m) bits of
 * its double's high word: the biased exponent and the first m bits of the mantissa, so
 * key = highWord(|x|) >>> (20 − m). Within one power of two the 2^m buckets are equally wide;
 * bucket j of exponent e covers [N·u, (N + 1)·u) with N = 2^m + j and u = 2^(e − m). Its
 * representative 2·N·(N + 1)·u/(2N + 1) (the harmonic mean of its ends) is within
 * 1/(2N + 1) ≤ 1/(2^(m+1) + 1) of every value in it, relatively; m is the smallest that makes
 * this ≤ α (m = 9 at the default α = 0.001: 1/1025 ≈ 0.000976). The key is one store and one
 * load through a typed-array view of the double and a shift: no logarithm (ln per value was 20 %
 * of a default run's time). Positive and negative values have separate buckets (keyed on |x|);
 * |x| < zeroThreshold counts as zero.
 *
 * Memory. Counts are dense arrays over the occupied key range per sign, grown on demand with a
 * quarter of the span as slack on each side; nothing is ever collapsed, so the guarantee holds
 * for every value. They are Uint16Arrays until a bucket passes 65,535, then Uint32Arrays: half
 * the memory, and half the cache lines a Monte Carlo block's adds touch (what their speed
 * depends on). After any sequence of adds and merges a sign holds at most 1.5 × (occupied key
 * span) + 66 buckets of 2 or 4 bytes (clear() keeps the arrays: the span is then that of the
 * values before it too), and never more than the keys from zeroThreshold to Number.MAX_VALUE
 * plus 2 (539,613 per sign at the defaults). At m = 9 a decade of values takes
 * 512·log₂ 10 ≈ 1,701 buckets (3.4 KB): a month whose values span 1e3..1e7 holds about 6,800
 * buckets (6,779 keys: 13.6 KB, 20 KB with slack).
 *
 * Accuracy of {@link QuantileSketch.quantile}. The quantile is PERCENTILE.INC's interpolation
 * q = x₍ₖ₎ + f·(x₍ₖ₊₁₎ − x₍ₖ₎) with each order statistic x₍ⱼ₎ replaced by the representative of its
 * bucket (the smallest and largest by the exact min and max, every one clamped to [min, max]).
 * Each replacement errs by at most α·|x₍ⱼ₎| (at most zeroThreshold for a zero), so
 *
 *     |q̂ − q| ≤ α·((1 − f)·|x₍ₖ₎| + f·|x₍ₖ₊₁₎|) + zeroThreshold,
 *
 * which is α·|q| + zeroThreshold whenever the two neighbours have the same sign. Where they
 * straddle zero, q itself can be near 0 and the error is relative to the neighbours, not to q
 * (two trials at −1e6 and +1e6: the median 0 may come out as ±1,000).
 *
 * Determinism. Counts are integers, and a quantile reads only the counts, min, max and n: adding
 * or merging the same values in any order or grouping gives bit-identical quantiles. The keys are
 * bits of the values and the representatives need only a product and a quotient, so every
 * IEEE-754 JavaScript engine gives the same buckets and the same quantiles.
 */
import { between, checkNumber, Rule } from '../model/rules';
import { lerpSorted } from './statistics';
import { INFINITY, pow } from '../model/portable-math';

const unitInterval = between(0, 1);
const accuracyRule: Rule = { text: '≥ 5e-7 and < 1', test: (x) => x >= 5e-7 && x < 1 };
/** The smallest normal double: below it the exponent bits no longer order the values' magnitudes. */
const MIN_NORMAL = 2.2250738585072014e-308;
const normalPositive: Rule = {
  text: '≥ 2.2250738585072014e-308 (the smallest normal double)',
  test: (x) => x >= MIN_NORMAL,
};
/** The most mantissa bits a key takes (all of the high word's): α down to 1/(2^21 + 1) ≈ 4.8e-7. */
const MAX_MANTISSA_BITS = 20;

/** A double's bits, through one shared view (one store and one load, no allocation). */
const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);
/** Which of the two words holds the sign, exponent and top of the mantissa (1 on little-endian hosts). */
const HIGH = ((): number => {
  BITS[0] = 1;
  return WORDS[1] === 0x3ff00000 ? 1 : 0;
})();

/** The high word of |x|'s bits: sign cleared, exponent, first 20 mantissa bits. */
function highWordOfMagnitude(x: number): number {
  BITS[0] = x;
  return WORDS[HIGH] & 0x7fffffff;
}

/** The fewest mantissa bits m whose buckets keep every value within α: 1/(2^(m+1) + 1) ≤ α. */
function mantissaBitsFor(alpha: number): number {
  let m = 0;
  while (m < MAX_MANTISSA_BITS && 1 / (2 * pow(2, m) + 1) > alpha) m++;
  return m;
}

/** The largest count a sketch holds: bucket counts are at most Uint32. */
const MAX_COUNT = 0xffffffff;
/** Minimum slack, in buckets, on each side of a grown store (so small early growth is not repeated). */
const MIN_PAD = 32;

/** Options of a {@link QuantileSketch}. Sketches merge only with the same options. */
export interface QuantileSketchOptions {
  /** α: each value is represented within α·|x|. Default 0.001 (0.1%). Must be ≥ 5e-7 and < 1. */
  relativeAccuracy?: number;
  /** |x| below this counts as zero (represented by 0). Default 1e-9. Must be a normal double > 0 (≥ 2.2e-308). */
  zeroThreshold?: number;
}

/**
 * A sketch as plain data, for postMessage between worker threads (structured clone keeps the
 * typed arrays): Uint32Array counts from toTransfer, Uint16Array or Uint32Array views from
 * unpack. toTransfer's count arrays are fresh copies. Post them as copies rather than in a
 * transfer list when speed matters: the first ArrayBuffer a V8 thread detaches slows every
 * typed array access of its optimized code from then on (a loop over two typed arrays ran
 * 61.7 against 31.2 ms after one 8-byte buffer was transferred).
 */
export interface QuantileSketchTransfer {
  relativeAccuracy: number;
  zeroThreshold: number;
  count: number;
  zeroCount: number;
  /** Exact smallest and largest value added (NaN when empty). */
  min: number;
  max: number;
  /** Key of positiveCounts[0]; bucket key i holds the values whose high word of bits, shifted, is i (module comment). */
  positiveOffset: number;
  positiveCounts: BucketCounts;
  /** Same for negative values, keyed on |x|. */
  negativeOffset: number;
  negativeCounts: BucketCounts;
}

/**
 * Many sketches' transfer data in two typed arrays ({@link QuantileSketch.pack}): a message with
 * hundreds of sketches is then cloned as two blocks of memory, not hundreds of objects and
 * arrays (180 sketches as objects took about 3 ms between two worker threads).
 */
export interface PackedSketches {
  /**
   * {@link PACKED_FIELDS} numbers per sketch: relativeAccuracy, zeroThreshold, count, zeroCount,
   * min, max, positiveOffset, positive length, negativeOffset, negative length.
   */
  readonly meta: Float64Array;
  /**
   * Each sketch's positive counts, then its negative counts, sketch after sketch: 16 bits when
   * no sketch holds more than 65,535 values (half the bytes to copy), else 32.
   */
  readonly counts: BucketCounts;
}

/** Numbers per sketch in {@link PackedSketches.meta}. */
export const PACKED_FIELDS = 10;

/** Bucket counts: 16 bits until a count needs more. */
export type BucketCounts = Uint16Array | Uint32Array;
type Counts = BucketCounts;
/** A Uint16Array count that reaches this wrapped to 0 and must be widened. */
const WRAP = 0x10000;

/** Dense counts for one sign: counts[i] is the count of bucket key offset + i. */
class Store {
  counts: Counts = new Uint16Array(0);
  offset = 0;

  constructor(
    private readonly minKey: number,
    private readonly maxKey: number,
  ) {}

  increment(key: number): void {
    if (!(key - this.offset >= 0 && key - this.offset < this.counts.length)) this.cover(key, key);
    const i = key - this.offset;
    if (++this.counts[i] === WRAP) this.widen(i);
  }

  /**
   * After `++counts[i]` gave 65,536: a Uint16Array wrapped that count to 0, so the counts move to
   * a Uint32Array with count i restored (a Uint32Array is left as it is).
   */
  widen(i: number): void {
    if (this.counts.BYTES_PER_ELEMENT === 4) return;
    const wide = new Uint32Array(this.counts);
    wide[i] = WRAP;
    this.counts = wide;
  }

  /** The first and last key with a non-zero count, or undefined when empty. */
  occupied(): [number, number] | undefined {
    const c = this.counts;
    let lo = 0;
    while (lo < c.length && c[lo] === 0) lo++;
    if (lo === c.length) return undefined;
    let hi = c.length - 1;
    while (c[hi] === 0) hi--;
    return [this.offset + lo, this.offset + hi];
  }

  /** Makes keys lo..hi addressable, keeping the counts; grows by a quarter of the occupied span per side. */
  cover(lo: number, hi: number): void {
    const used = this.occupied();
    const first = used ? Math.min(used[0], lo) : lo;
    const last = used ? Math.max(used[1], hi) : hi;
    if (first >= this.offset && last < this.offset + this.counts.length) return;
    const pad = Math.max(MIN_PAD, Math.ceil((last - first + 1) / 4));
    // Slack stays inside the keys a finite double can reach; the requested keys always fit.
    const start = Math.min(first, Math.max(this.minKey, first - pad));
    const end = Math.max(last, Math.min(this.maxKey, last + pad));
    const next =
      this.counts.BYTES_PER_ELEMENT === 2 ? new Uint16Array(end - start + 1) : new Uint32Array(end - start + 1);
    if (used) next.set(this.counts.subarray(used[0] - this.offset, used[1] - this.offset + 1), used[0] - start);
    this.counts = next;
    this.offset = start;
  }

  /** {@link Store.cover}, after the cheap test of whether lo..hi are addressable already. */
  coverIfNeeded(lo: number, hi: number): void {
    if (lo < this.offset || hi >= this.offset + this.counts.length) this.cover(lo, hi);
  }

  /** Adds another store's counts (same bucket keys); `total` bounds every count after it. */
  merge(other: Store, total: number): void {
    this.addCounts(other.offset, other.counts, total);
  }

  /**
   * Adds counts whose first element is bucket key `offset`; `total` bounds every count after it.
   * The array is read, never kept: this store's counts stay the arrays it made itself.
   */
  addCounts(offset: number, src: Counts, total: number): void {
    let lo = 0;
    while (lo < src.length && src[lo] === 0) lo++;
    if (lo === src.length) return;
    let hi = src.length - 1;
    while (src[hi] === 0) hi--;
    if (total >= WRAP && this.counts.BYTES_PER_ELEMENT === 2) this.counts = new Uint32Array(this.counts);
    this.coverIfNeeded(offset + lo, offset + hi);
    const dst = this.counts;
    const shift = offset - this.offset;
    for (let i = lo; i <= hi; i++) dst[i + shift] += src[i];
  }

  /** Takes `counts` over (no copy). */
  adopt(offset: number, counts: Counts): void {
    this.counts = counts;
    this.offset = offset;
  }

  /** The occupied counts as a fresh array, with the key of its first element. */
  export(): { offset: number; counts: Uint32Array } {
    const { offset, counts } = this.occupiedCounts();
    return { offset, counts: new Uint32Array(counts) };
  }

  /** A view of the occupied counts (empty when there are none), with the key of its first element. */
  occupiedCounts(): { offset: number; counts: Counts } {
    const used = this.occupied();
    if (!used) return { offset: 0, counts: this.counts.subarray(0, 0) };
    return { offset: used[0], counts: this.counts.subarray(used[0] - this.offset, used[1] - this.offset + 1) };
  }
}

function refuseValue(x: number): never {
  throw new RangeError(`QuantileSketch: cannot add ${x}; values must be finite (NaN or ±Infinity is a bug upstream)`);
}

function refuseCount(): never {
  throw new RangeError(`QuantileSketch: more than ${MAX_COUNT} values`);
}

/**
 * A mergeable sketch of a distribution with relative accuracy α (see the module comment for
 * the bound, the memory and the determinism guarantees).
 *
 * @example
 * const s = new QuantileSketch();
 * for (const x of [1, 2, 3, 4]) s.add(x);
 * s.quantile(0.5); // ≈ 2.5 (within 0.1%)
 */
export class QuantileSketch {
  readonly relativeAccuracy: number;
  readonly zeroThreshold: number;
  /** Mantissa bits in a key (see the module comment), and the shift that takes them from the high word. */
  private readonly mantissaBits: number;
  private readonly shift: number;
  /** 2^mantissaBits: the buckets in each power of two. */
  private readonly perOctave: number;
  private readonly positive: Store;
  private readonly negative: Store;
  private n = 0;
  private zeros = 0;
  private lo = INFINITY;
  private hi = -INFINITY;

  /** @example new QuantileSketch({ relativeAccuracy: 0.01 }) // 1% accuracy, 8× fewer buckets */
  constructor(options: QuantileSketchOptions = {}) {
    this.relativeAccuracy = checkNumber('relativeAccuracy', options.relativeAccuracy ?? 0.001, accuracyRule);
    this.zeroThreshold = checkNumber('zeroThreshold', options.zeroThreshold ?? 1e-9, normalPositive);
    this.mantissaBits = mantissaBitsFor(this.relativeAccuracy);
    this.shift = MAX_MANTISSA_BITS - this.mantissaBits;
    this.perOctave = pow(2, this.mantissaBits);
    // A bucket of slack beyond each end of the finite range, as the stores' growth allows for.
    const minKey = this.key(this.zeroThreshold) - 1;
    const maxKey = this.key(Number.MAX_VALUE) + 1;
    this.positive = new Store(minKey, maxKey);
    this.negative = new Store(minKey, maxKey);
  }

  /** The bucket key of |x| (x finite, |x| ≥ zeroThreshold). */
  private key(x: number): number {
    return highWordOfMagnitude(x) >>> this.shift;
  }

  /**
   * The representative of bucket `key` (for |x|): its lower end N·u times 2(N + 1)/(2N + 1), the
   * harmonic mean of its ends (see the module comment). Exact but for the product's rounding.
   */
  private representative(key: number): number {
    WORDS[HIGH] = key << this.shift;
    WORDS[1 - HIGH] = 0;
    const lower = BITS[0];
    const n = this.perOctave + (key & (this.perOctave - 1));
    return lower * ((2 * n + 2) / (2 * n + 1));
  }

  /**
   * Adds one value: a look at its bits and an array increment. Throws on NaN and ±Infinity.
   *
   * @example s.add(-1250.5)
   */
  add(x: number): void {
    if (this.n === MAX_COUNT) refuseCount();
    const t = this.zeroThreshold;
    if (x >= t) {
      if (x === INFINITY) refuseValue(x);
      this.positive.increment(this.key(x));
    } else if (x <= -t) {
      if (x === -INFINITY) refuseValue(x);
      this.negative.increment(this.key(x));
    } else if (x === x) {
      this.zeros++;
      x += 0; // −0 → +0, so that min and max do not depend on the order of 0 and −0
    } else refuseValue(x);
    this.n++;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
  }

  /**
   * Makes every finite value of a batch addressable with at most one growth per sign, not one
   * per value that falls outside (each a new array and a copy): the first block of a fresh
   * runner's sketches took 27.4–36.6 ms against 23–24 for the next ones, and 24.0 with this.
   */
  private coverBatch(values: ArrayLike<number>): void {
    const t = this.zeroThreshold;
    let upLo = INFINITY;
    let upHi = 0;
    let downLo = INFINITY;
    let downHi = 0;
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (x >= t) {
        if (x < upLo) upLo = x;
        if (x > upHi && x < INFINITY) upHi = x;
      } else if (x <= -t) {
        if (-x < downLo) downLo = -x;
        if (-x > downHi && x > -INFINITY) downHi = -x;
      }
    }
    if (upHi > 0) this.positive.coverIfNeeded(this.key(upLo), this.key(upHi));
    if (downHi > 0) this.negative.coverIfNeeded(this.key(downLo), this.key(downHi));
  }

  /**
   * Adds every value of `values`: the same counts, min and max as {@link QuantileSketch.add} one by
   * one, in a loop that keeps the stores' counts at hand (a Monte Carlo block adds 500 values to
   * each sketch this way: 21 against 24 ns a value, measured in a loop). Throws on NaN and
   * ±Infinity with the values before it added, as `add` would; throws before adding any if the
   * count would pass 2^32 − 1.
   *
   * @example s.addAll(Float64Array.of(3, -1, 0, 2.5))
   */
  addAll(values: ArrayLike<number>): void {
    if (this.n + values.length > MAX_COUNT) refuseCount();
    this.coverBatch(values);
    const { zeroThreshold, shift, positive, negative } = this;
    let { counts: up, offset: upOffset } = positive;
    let { counts: down, offset: downOffset } = negative;
    let { lo, hi } = this;
    let added = 0; // values counted in the loop and not yet in this.n
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (x >= zeroThreshold && x < INFINITY) {
        BITS[0] = x;
        const j = (WORDS[HIGH] >>> shift) - upOffset;
        if (j >= 0 && j < up.length) {
          if (++up[j] === WRAP) {
            positive.widen(j);
            up = positive.counts;
          }
        } else {
          positive.increment(j + upOffset);
          ({ counts: up, offset: upOffset } = positive);
        }
      } else if (x <= -zeroThreshold && x > -INFINITY) {
        BITS[0] = -x;
        const j = (WORDS[HIGH] >>> shift) - downOffset;
        if (j >= 0 && j < down.length) {
          if (++down[j] === WRAP) {
            negative.widen(j);
            down = negative.counts;
          }
        } else {
          negative.increment(j + downOffset);
          ({ counts: down, offset: downOffset } = negative);
        }
      } else {
        // Zeros, and the values add() refuses: its own path, with the totals brought up to date first.
        this.n += added;
        added = 0;
        this.lo = lo;
        this.hi = hi;
        this.add(x);
        ({ lo, hi } = this);
        continue;
      }
      added++;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    this.n += added;
    this.lo = lo;
    this.hi = hi;
  }

  /** The number of values added (merged sketches included). @example s.count // 4 */
  get count(): number {
    return this.n;
  }

  /** The exact smallest value added; NaN when empty. @example s.min // 1 */
  get min(): number {
    return this.n === 0 ? NaN : this.lo;
  }

  /** The exact largest value added; NaN when empty. @example s.max // 4 */
  get max(): number {
    return this.n === 0 ? NaN : this.hi;
  }

  /**
   * Empties the sketch and keeps its count arrays, zeroed: values over the same range as before
   * then need no growth (a Monte Carlo runner reuses its sketches from one run to the next).
   *
   * @example s.clear(); s.count // 0
   */
  clear(): void {
    this.positive.counts.fill(0);
    this.negative.counts.fill(0);
    this.n = 0;
    this.zeros = 0;
    this.lo = INFINITY;
    this.hi = -INFINITY;
  }

  /** Bytes held by the bucket counts (the sketch's memory, less a fixed ~200 bytes). @example s.byteLength // 512 */
  get byteLength(): number {
    return this.positive.counts.byteLength + this.negative.counts.byteLength;
  }

  /**
   * Adds every value of `other` into this sketch, exactly (integer counts): any order or
   * grouping of merges gives the same quantiles, bit for bit. Both must have the same options.
   *
   * @example total.merge(fromWorker)
   */
  merge(other: QuantileSketch): void {
    this.checkOptions(other);
    if (other.n === 0) return;
    if (this.n + other.n > MAX_COUNT) refuseCount();
    // Read other's totals first: `other` may be this sketch.
    const { n, zeros, lo, hi } = other;
    this.positive.merge(other.positive, this.n + n);
    this.negative.merge(other.negative, this.n + n);
    this.n += n;
    this.zeros += zeros;
    if (lo < this.lo) this.lo = lo;
    if (hi > this.hi) this.hi = hi;
  }

  /**
   * Adds a sketch sent as {@link QuantileSketch.toTransfer}'s data, checked as fromTransfer
   * checks it: the same result as `merge(QuantileSketch.fromTransfer(t))`, without the
   * intermediate sketch (the counts are read, not taken over).
   *
   * @example total.mergeTransfer(event.data)
   */
  mergeTransfer(t: QuantileSketchTransfer): void {
    this.checkOptions(t);
    checkTransfer(t, [this.key(this.zeroThreshold) - 1, this.key(Number.MAX_VALUE) + 1], 'mergeTransfer');
    if (t.count === 0) return;
    if (this.n + t.count > MAX_COUNT) refuseCount();
    this.positive.addCounts(t.positiveOffset, t.positiveCounts, this.n + t.count);
    this.negative.addCounts(t.negativeOffset, t.negativeCounts, this.n + t.count);
    this.n += t.count;
    this.zeros += t.zeroCount;
    if (t.min < this.lo) this.lo = t.min + 0;
    if (t.max > this.hi) this.hi = t.max + 0;
  }

  private checkOptions(other: { relativeAccuracy: number; zeroThreshold: number }): void {
    if (other.relativeAccuracy !== this.relativeAccuracy || other.zeroThreshold !== this.zeroThreshold) {
      throw new RangeError(
        `QuantileSketch: cannot merge relativeAccuracy ${other.relativeAccuracy}, zeroThreshold ${other.zeroThreshold} ` +
          `into relativeAccuracy ${this.relativeAccuracy}, zeroThreshold ${this.zeroThreshold}`,
      );
    }
  }

  /**
   * PERCENTILE.INC of the values added, approximated: the value at 0-based position h = p·(n − 1),
   * interpolated linearly between the representatives of positions ⌊h⌋ and ⌊h⌋ + 1. NaN when
   * empty; p outside [0, 1] throws.
   *
   * @example s.quantile(0.95)
   */
  quantile(p: number): number {
    return this.quantiles([p])[0];
  }

  /**
   * Several quantiles in one pass over the buckets.
   *
   * @example const [p5, p50, p95] = s.quantiles([0.05, 0.5, 0.95]);
   */
  quantiles(ps: ArrayLike<number>): Float64Array {
    const m = ps.length;
    const out = new Float64Array(m);
    for (let k = 0; k < m; k++) checkNumber('p', ps[k], unitInterval);
    const n = this.n;
    if (n === 0) return out.fill(NaN);
    // The 0-based positions each p needs (⌊h⌋ and ⌊h⌋ + 1), looked up in ascending order.
    const positions = new Float64Array(2 * m);
    const fractions = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const h = ps[k] * (n - 1);
      const lo = Math.min(Math.floor(h), n - 1);
      fractions[k] = h - lo;
      positions[2 * k] = lo;
      positions[2 * k + 1] = Math.min(lo + 1, n - 1);
    }
    const order = Array.from(positions.keys()).sort((a, b) => positions[a] - positions[b]);
    // The wanted positions in ascending order, and what each is found to be.
    const wanted = Float64Array.from(order, (j) => positions[j]);
    const found = new Float64Array(wanted.length);
    let next = 0;
    let target = wanted[0]; // the next wanted position (Infinity once all are found)
    let below = 0; // values in the buckets already walked
    const take = (representative: number) => {
      while (next < wanted.length && wanted[next] < below) found[next++] = representative;
      target = next < wanted.length ? wanted[next] : INFINITY;
    };
    // The buckets in ascending order of value: negative keys from the largest |x| down, zeros,
    // positive keys up; a bucket that holds a wanted position gives its representative . The loops touch each bucket once, with one test for most.
    const neg = this.negative.counts;
    for (let i = neg.length - 1; i >= 0 && target !== INFINITY; i--) {
      const c = neg[i];
      if (c !== 0 && target < (below += c)) take(-this.representative(this.negative.offset + i));
    }
    below += this.zeros;
    if (target < below) take(0);
    const pos = this.positive.counts;
    for (let i = 0; i < pos.length && target !== INFINITY; i++) {
      const c = pos[i];
      if (c !== 0 && target < (below += c)) take(this.representative(this.positive.offset + i));
    }
    const values = new Float64Array(2 * m);
    order.forEach((j, k) => (values[j] = found[k]));
    for (let j = 0; j < 2 * m; j++) {
      const pos = positions[j];
      // The extreme order statistics are known exactly; the rest are clamped into [min, max].
      values[j] = pos === 0 ? this.lo : pos === n - 1 ? this.hi : Math.min(this.hi, Math.max(this.lo, values[j]));
    }
    for (let k = 0; k < m; k++) out[k] = lerpSorted(values[2 * k], values[2 * k + 1], fractions[k]);
    return out;
  }

  /**
   * The sketch as plain data for postMessage (structured clone); the counts are fresh copies of
   * the occupied buckets only.
   *
   * @example worker.postMessage(s.toTransfer()) // copied: see QuantileSketchTransfer
   */
  toTransfer(): QuantileSketchTransfer {
    const p = this.positive.export();
    const q = this.negative.export();
    return {
      relativeAccuracy: this.relativeAccuracy,
      zeroThreshold: this.zeroThreshold,
      count: this.n,
      zeroCount: this.zeros,
      min: this.min,
      max: this.max,
      positiveOffset: p.offset,
      positiveCounts: p.counts,
      negativeOffset: q.offset,
      negativeCounts: q.counts,
    };
  }

  /**
   * The transfer data of many sketches in two typed arrays (see {@link PackedSketches}); each
   * sketch's part is what its toTransfer gives.
   *
   * @example port.postMessage(QuantileSketch.pack(sketches)) // and QuantileSketch.unpack(event.data) there
   */
  static pack(sketches: readonly QuantileSketch[]): PackedSketches {
    const meta = new Float64Array(PACKED_FIELDS * sketches.length);
    const stores = sketches.map((s) => [s.positive.occupiedCounts(), s.negative.occupiedCounts()]);
    const total = stores.reduce((n, [p, q]) => n + p.counts.length + q.counts.length, 0);
    const counts = sketches.every((s) => s.n < WRAP) ? new Uint16Array(total) : new Uint32Array(total);
    let at = 0;
    sketches.forEach((s, i) => {
      const m = PACKED_FIELDS * i;
      meta.set([s.relativeAccuracy, s.zeroThreshold, s.n, s.zeros, s.min, s.max], m);
      stores[i].forEach((store, j) => {
        meta[m + 6 + 2 * j] = store.offset;
        meta[m + 7 + 2 * j] = store.counts.length;
        counts.set(store.counts, at);
        at += store.counts.length;
      });
    });
    return { meta, counts };
  }

  /**
   * The sketches of {@link QuantileSketch.pack}, as transfer data whose counts are views into
   * `packed.counts` (no copy), for mergeTransfer or fromTransfer, which check each. Throws when
   * the layout does not add up.
   *
   * @example QuantileSketch.unpack(event.data).forEach((t, i) => totals[i].mergeTransfer(t))
   */
  static unpack(packed: PackedSketches): QuantileSketchTransfer[] {
    const { meta, counts } = packed;
    const bad = (why: string): never => {
      throw new RangeError(`QuantileSketch.unpack: ${why}`);
    };
    if (Object.prototype.toString.call(meta) !== '[object Float64Array]' || meta.length % PACKED_FIELDS !== 0) {
      bad(`meta must be a Float64Array of ${PACKED_FIELDS} numbers per sketch`);
    }
    if (!isCounts(counts)) bad('counts must be a Uint16Array or a Uint32Array');
    const out: QuantileSketchTransfer[] = [];
    let at = 0;
    const take = (n: number): BucketCounts => {
      if (!(Number.isInteger(n) && n >= 0 && at + n <= counts.length))
        bad(`a length of ${n} at ${at} of ${counts.length}`);
      return counts.subarray(at, (at += n));
    };
    for (let m = 0; m < meta.length; m += PACKED_FIELDS) {
      out.push({
        relativeAccuracy: meta[m],
        zeroThreshold: meta[m + 1],
        count: meta[m + 2],
        zeroCount: meta[m + 3],
        min: meta[m + 4],
        max: meta[m + 5],
        positiveOffset: meta[m + 6],
        positiveCounts: take(meta[m + 7]),
        negativeOffset: meta[m + 8],
        negativeCounts: take(meta[m + 9]),
      });
    }
    if (at !== counts.length) bad(`${counts.length - at} counts left over`);
    return out;
  }

  /**
   * Rebuilds a sketch from {@link QuantileSketch.toTransfer}'s data, after checking that the
   * parts agree (a mismatch throws). The sketch takes the count arrays over, without a copy (they
   * arrive fresh from postMessage or toTransfer): change them afterwards and the sketch changes.
   *
   * @example total.merge(QuantileSketch.fromTransfer(event.data))
   */
  static fromTransfer(t: QuantileSketchTransfer): QuantileSketch {
    const s = new QuantileSketch({ relativeAccuracy: t.relativeAccuracy, zeroThreshold: t.zeroThreshold });
    checkTransfer(t, [s.key(s.zeroThreshold) - 1, s.key(Number.MAX_VALUE) + 1], 'fromTransfer');
    s.positive.adopt(t.positiveOffset, t.positiveCounts);
    s.negative.adopt(t.negativeOffset, t.negativeCounts);
    s.n = t.count;
    s.zeros = t.zeroCount;
    if (t.count > 0) {
      s.lo = t.min + 0;
      s.hi = t.max + 0;
    }
    return s;
  }
}

/**
 * Throws unless a transfer's parts agree: Uint16Array or Uint32Array counts that sum to its count, whole
 * offsets whose keys lie within `limits` (the keys a sketch's own adds could produce, slack
 * included, else cover() could not hold them), and a finite min ≤ max when it holds values.
 */
function checkTransfer(t: QuantileSketchTransfer, limits: readonly [number, number], caller: string): void {
  const bad = (why: string): never => {
    throw new RangeError(`QuantileSketch.${caller}: ${why}`);
  };
  if (!isCounts(t.positiveCounts) || !isCounts(t.negativeCounts)) bad('counts must be Uint16Arrays or Uint32Arrays');
  if (!Number.isInteger(t.positiveOffset) || !Number.isInteger(t.negativeOffset)) bad('offsets must be integers');
  if (!Number.isInteger(t.count) || t.count < 0 || t.count > MAX_COUNT) bad(`invalid count ${t.count}`);
  if (!Number.isInteger(t.zeroCount) || t.zeroCount < 0) bad(`invalid zero count ${t.zeroCount}`);
  const total = t.zeroCount + sumOf(t.positiveCounts) + sumOf(t.negativeCounts);
  if (total !== t.count) bad(`the counts sum to ${total}, not ${t.count}`);
  if (t.count > 0 && !(Number.isFinite(t.min) && Number.isFinite(t.max) && t.min <= t.max)) {
    bad(`invalid min ${t.min} and max ${t.max}`);
  }
  const within = (offset: number, counts: BucketCounts) => {
    if (counts.length > 0 && (offset < limits[0] || offset + counts.length - 1 > limits[1])) {
      bad(`bucket keys ${offset}..${offset + counts.length - 1} outside ${limits[0]}..${limits[1]}`);
    }
  };
  within(t.positiveOffset, t.positiveCounts);
  within(t.negativeOffset, t.negativeCounts);
}

function sumOf(counts: BucketCounts): number {
  let sum = 0;
  for (let i = 0; i < counts.length; i++) sum += counts[i];
  return sum;
}

/** Whether `a` is a Uint16Array or a Uint32Array (not instanceof: a clone made in another realm, a worker or a vm context, has other constructors). */
function isCounts(a: unknown): a is BucketCounts {
  const tag = Object.prototype.toString.call(a);
  return tag === '[object Uint16Array]' || tag === '[object Uint32Array]';
}
