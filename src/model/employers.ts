/**
 * Employers: `organizations` organisations whose sizes follow Zipf's law with exponent s.
 * A member works at organisation i with probability w_i = i^(−s) / Σ_j j^(−s).
 *
 * Sums over organisations run over size buckets: the largest organisations one by one, the
 * rest in runs of consecutive ranks whose weights differ by at most {@link BUCKET_WEIGHT_RATIO}.
 * A run is represented by three nodes, the three-point Gauss rule of the run's weights: they
 * keep its number of organisations and the first five moments of their weights, so every sum
 * that is a polynomial of degree 5 in w is exact and the error comes only from higher moments
 * (tested against the exact per-organisation sum up to 10^7 organisations and 10^7 members;
 * `npm run bench` reports the largest error). Where rounding defeats the three-point rule
 * (nearly equal weights), the run falls back to the two-point rule (three moments).
 */
import { INFINITY, LN2, acos, cos, exp, expm1, log, log1p, max, pow } from './portable-math';

/**
 * Ranks 1..EXACT_RANKS are tracked one by one: the largest employers dominate the sums. With
 * the two-point rule, 16, 8 or 4 gave the same largest errors in the tests to two digits (the
 * rule is close to exact on runs of so few, so similar, weights); 4 saves nodes.
 */
export const EXACT_RANKS = 4;
/**
 * Largest ratio of the biggest to the smallest weight within one run. With the three-point
 * rule, 3 gives 34 nodes for 200,000 organisations and smaller errors than the two-point rule
 * at 1.75 with 42 (test/model/employers.test.ts gives both); at 3.5 (31 nodes) one reference
 * case misses 10⁻⁴, at 4 (28) a function test does, and at 5 the conversion dynamics reach 1.2 %.
 */
export const BUCKET_WEIGHT_RATIO = 3;
/** Nodes of a run's Gauss rule (a run of at most this many organisations is its own nodes). */
const RULE_POINTS = 3;
/** Runs shorter than this, and ranks below it, are summed term by term; the rest by Euler–Maclaurin. */
const DIRECT_SUM_TERMS = 64;

/** Organisations grouped into buckets of similar weight. */
export interface EmployerBuckets {
  readonly organizations: number;
  readonly skew: number;
  /** Number of organisations in each bucket. */
  readonly count: Float64Array;
  /**
   * Mean weight w of the organisations in each bucket, largest first (ranks ascend, and a run's
   * nodes lie within its range of weights, the larger first): the conversion step relies on it.
   */
  readonly weight: Float64Array;
  /** ln(1 − w) of each bucket's weight (−Infinity where w = 1). */
  readonly logMiss: Float64Array;
  /** The first rank of each node's run of organisations (1-based). */
  readonly firstRank: Float64Array;
}

/**
 * Σ_{i=a}^{b} i^(−s): term by term for short runs and below rank {@link DIRECT_SUM_TERMS}, beyond
 * it by Euler–Maclaurin with three correction terms, whose remainder is then at most about
 * s(s+1)…(s+4)/30240 · a^(−s−5): below 1e-10 of the sum for s ≤ 6 and every b.
 *
 * @example zipfPartialSum(1, 1000, 1) // H_1000 = 7.485470860550345
 */
export function zipfPartialSum(a: number, b: number, s: number): number {
  // Short runs, and the ranks below DIRECT_SUM_TERMS of long ones, term by term.
  const directEnd = b - a < DIRECT_SUM_TERMS ? b : Math.max(a, DIRECT_SUM_TERMS) - 1;
  let direct = 0;
  for (let i = directEnd; i >= a; i--) direct += pow(i, -s);
  if (directEnd === b) return direct;
  a = directEnd + 1;
  const logRatio = log(b / a);
  // ∫_a^b x^(−s) dx, written with expm1 so that s near 1 does not cancel.
  const integral = s === 1 ? logRatio : (pow(a, 1 - s) * expm1((1 - s) * logRatio)) / (1 - s);
  const f = (x: number) => pow(x, -s);
  const f1 = (x: number) => -s * pow(x, -s - 1);
  const f3 = (x: number) => -s * (s + 1) * (s + 2) * pow(x, -s - 3);
  return direct + integral + (f(a) + f(b)) / 2 + (f1(b) - f1(a)) / 12 - (f3(b) - f3(a)) / 720;
}

/**
 * Σ_{i=a}^{b} i^(−ks) for k = 1..K at once: what zipfPartialSum(a, b, k·s) gives for each k, by
 * the same method, but with one power per term (i^(−ks) is (i^(−s))^k) and, beyond the direct
 * terms, two powers in all instead of about eight per k. Within a few ulps of zipfPartialSum
 * (tested): a Monte Carlo run needs five of them for the partial run of every trial.
 *
 * @example zipfPowerSums(1, 1000, 1, 2) // [H_1000, Σ 1/i² to 1000]
 */
export function zipfPowerSums(a: number, b: number, s: number, powers: number): number[] {
  const sums = new Array<number>(powers).fill(0);
  const directEnd = b - a < DIRECT_SUM_TERMS ? b : Math.max(a, DIRECT_SUM_TERMS) - 1;
  for (let i = directEnd; i >= a; i--) {
    const t = pow(i, -s);
    let term = t;
    for (let k = 0; k < powers; k++, term *= t) sums[k] += term;
  }
  if (directEnd === b) return sums;
  a = directEnd + 1;
  const logRatio = log(b / a);
  const ta = pow(a, -s);
  const tb = pow(b, -s);
  for (let k = 0, fa = ta, fb = tb; k < powers; k++, fa *= ta, fb *= tb) {
    // f(x) = x^(−e) with f(a) = fa: f′(x) = −e·f(x)/x and f‴(x) = −e(e + 1)(e + 2)·f(x)/x³.
    const e = (k + 1) * s;
    const integral = e === 1 ? logRatio : (a * fa * expm1((1 - e) * logRatio)) / (1 - e);
    const d1 = -e * (fb / b - fa / a);
    const d3 = -e * (e + 1) * (e + 2) * (fb / (b * b * b) - fa / (a * a * a));
    sums[k] += integral + (fa + fb) / 2 + d1 / 12 - d3 / 720;
  }
  return sums;
}

let cached: EmployerBuckets | undefined;

/**
 * The runs of one skew, grown as larger numbers of organisations ask for them: the first rank of
 * each run and, for the complete runs computed so far (in order), their nodes flattened, with
 * weights i^(−s) not yet divided by the total (the Gauss rule scales with its weights), and the
 * running sum of their Σ i^(−s). A Monte Carlo run that samples `organizations` then computes
 * only the last, partial run of each trial and copies the rest.
 */
interface SkewRuns {
  readonly starts: number[];
  /** Run k's nodes are entries nodeStart[k] .. nodeStart[k + 1] − 1 of the node lists. */
  readonly nodeStart: number[];
  readonly nodeCount: number[];
  readonly nodeWeight: number[];
  readonly nodeRank: number[];
  /** massBefore[k] = Σ i^(−s) over runs 0..k − 1, added in run order. */
  readonly massBefore: number[];
}

const runsBySkew = new Map<number, SkewRuns>();
const MAX_CACHED_SKEWS = 16;

function runsFor(skew: number): SkewRuns {
  let runs = runsBySkew.get(skew);
  if (!runs) {
    if (runsBySkew.size >= MAX_CACHED_SKEWS) runsBySkew.clear();
    runs = { starts: [], nodeStart: [0], nodeCount: [], nodeWeight: [], nodeRank: [], massBefore: [0] };
    for (let i = 1; i <= EXACT_RANKS; i++) runs.starts.push(i);
    runsBySkew.set(skew, runs);
  }
  return runs;
}

/** Ranks a..b's power sums Σ i^(−ks) for k = 1..2·RULE_POINTS − 1, the moments a run's rule keeps. */
const powerSums = (a: number, b: number, s: number): number[] =>
  s === 0 ? new Array<number>(2 * RULE_POINTS - 1).fill(b - a + 1) : zipfPowerSums(a, b, s, 2 * RULE_POINTS - 1);

/**
 * Grows the runs of one skew to cover ranks 1..O and returns how many of them are complete
 * within 1..O. Ranks 1..EXACT_RANKS are runs of one; after them a run [a, b] keeps
 * (b/a)^s ≤ BUCKET_WEIGHT_RATIO (for s = 0, one run that never ends).
 */
function completeRunsUpTo(runs: SkewRuns, organizations: number, skew: number): number {
  const { starts } = runs;
  // New run starts only when `organizations` passes the last one (rarely, in a Monte Carlo run).
  if (starts[starts.length - 1] <= organizations) {
    const rankRatio = skew === 0 ? Infinity : pow(BUCKET_WEIGHT_RATIO, 1 / skew);
    const nextStart = (a: number) => (a <= EXACT_RANKS ? a + 1 : Math.max(a + 1, Math.floor(a * rankRatio) + 1));
    while (starts[starts.length - 1] <= organizations) {
      const next = nextStart(starts[starts.length - 1]);
      if (!Number.isFinite(next)) break; // s = 0: the run after the exact ranks never ends
      starts.push(next);
    }
  }
  let complete = 0;
  while (complete + 1 < starts.length && starts[complete + 1] - 1 <= organizations) complete++;
  // Nodes of the complete runs not computed yet, in run order (the mass is summed in that order).
  for (let k = runs.nodeStart.length - 1; k < complete; k++) {
    const a = starts[k];
    const b = starts[k + 1] - 1;
    const sums = powerSums(a, b, skew);
    for (const [n, w] of runNodes(a, b, skew, sums)) {
      runs.nodeCount.push(n);
      runs.nodeWeight.push(w);
      runs.nodeRank.push(a);
    }
    runs.nodeStart.push(runs.nodeCount.length);
    runs.massBefore.push(runs.massBefore[k] + sums[0]);
  }
  return complete;
}

/** Organisations in buckets: the arrays, and ln(1 − w) made when first asked for. */
class Buckets implements EmployerBuckets {
  private logMisses?: Float64Array;

  constructor(
    readonly organizations: number,
    readonly skew: number,
    readonly count: Float64Array,
    readonly weight: Float64Array,
    readonly firstRank: Float64Array,
  ) {}

  // Only the report of employers reached needs it: a Monte Carlo run never asks.
  get logMiss(): Float64Array {
    return (this.logMisses ??= this.weight.map((w) => log1p(-w)));
  }
}

/** Where the nodes of O organisations come from: the cached complete runs, then the partial one. */
interface NodePlan {
  readonly runs: SkewRuns;
  /** Nodes taken from the complete runs. */
  readonly kept: number;
  /** First rank, and nodes, of the last run, cut short at O (none when a complete run ends there). */
  readonly partialRank: number;
  readonly partial: readonly [number, number][];
  /** Σ i^(−s) over ranks 1..O, the divisor of every weight. */
  readonly total: number;
}

function nodePlan(organizations: number, skew: number): NodePlan {
  const runs = runsFor(skew);
  const complete = completeRunsUpTo(runs, organizations, skew);
  const partialRank = runs.starts[complete];
  const sums = partialRank <= organizations ? powerSums(partialRank, organizations, skew) : undefined;
  return {
    runs,
    kept: runs.nodeStart[complete],
    partialRank,
    partial: sums ? runNodes(partialRank, organizations, skew, sums) : [],
    total: runs.massBefore[complete] + (sums ? sums[0] : 0),
  };
}

/** Writes a plan's nodes, weights divided by the total, into the first entries of the arrays. */
function writeNodes(plan: NodePlan, count: Float64Array, weight: Float64Array, firstRank: Float64Array): void {
  const { runs, kept, partial, total } = plan;
  for (let k = 0; k < kept; k++) {
    count[k] = runs.nodeCount[k];
    weight[k] = runs.nodeWeight[k] / total;
    firstRank[k] = runs.nodeRank[k];
  }
  for (let j = 0; j < partial.length; j++) {
    count[kept + j] = partial[j][0];
    weight[kept + j] = partial[j][1] / total;
    firstRank[kept + j] = plan.partialRank;
  }
}

/**
 * Groups `organizations` Zipf-sized employers into buckets (memoised for the last arguments,
 * since a projection and a Monte Carlo run ask for the same ones again and again).
 * With `exact`, every organisation is its own bucket: the test oracle. `organizations` must be a
 * whole number well below 2^53 (the assumption allows up to 10^9), or the ranks stop being exact.
 *
 * @example employerBuckets(200000, 1).count.length // 34 nodes instead of 200,000 organisations
 */
export function employerBuckets(organizations: number, skew: number, exact = false): EmployerBuckets {
  if (exact) return exactBuckets(organizations, skew);
  if (cached && cached.organizations === organizations && cached.skew === skew) return cached;
  const plan = nodePlan(organizations, skew);
  const nodes = plan.kept + plan.partial.length;
  const count = new Float64Array(nodes);
  const weight = new Float64Array(nodes);
  const firstRank = new Float64Array(nodes);
  writeNodes(plan, count, weight, firstRank);
  return (cached = new Buckets(organizations, skew, count, weight, firstRank));
}

/** Every organisation its own bucket, w_i = i^(−s)/Σ j^(−s) (summed in rank order). */
function exactBuckets(organizations: number, skew: number): EmployerBuckets {
  const count = new Float64Array(organizations).fill(1);
  const weight = new Float64Array(organizations);
  const firstRank = new Float64Array(organizations);
  let total = 0;
  for (let i = 0; i < organizations; i++) {
    weight[i] = pow(i + 1, -skew);
    firstRank[i] = i + 1;
    total += weight[i];
  }
  for (let i = 0; i < organizations; i++) weight[i] /= total;
  return new Buckets(organizations, skew, count, weight, firstRank);
}

/**
 * The nodes [organisations, weight] that stand for ranks a..b, whose power sums Σ i^(−ks)
 * (k = 1..5) are given, with unnormalised weights i^(−s) (the rules scale with them: the caller
 * divides by the total). Up to three organisations are their own nodes; longer runs get the
 * three-point Gauss rule of their weights, or the two-point one where rounding defeats it. The
 * nodes lie inside the run's range of weights, the largest first.
 */
function runNodes(a: number, b: number, s: number, sums: readonly number[]): [number, number][] {
  const weightOf = (rank: number) => pow(rank, -s);
  const n = b - a + 1;
  // Runs of up to RULE_POINTS organisations are their own nodes.
  if (n <= RULE_POINTS) return Array.from({ length: n }, (_, i) => [1, n === 1 ? sums[0] : weightOf(a + i)]);
  const mean = sums[0] / n;
  if (s === 0) return [[n, mean]];
  return gaussRule3(n, mean, sums, weightOf(b), weightOf(a)) ?? gaussRule2(n, mean, sums, weightOf(b), weightOf(a));
}

/**
 * The three-point Gauss rule of a run's weights: the nodes t_j and counts c_j with
 * Σ c_j t_j^k = Σ_i w_i^k for k = 0..5, in the variable t = w/w̄ (moments of order n whatever the
 * weights' size). The nodes are the roots of the cubic orthogonal to 1, t, t² (trigonometric
 * solution, then Newton steps); the counts come from the Lagrange basis. The 3 × 3 Hankel system
 * grows ill-conditioned as the run's weights grow alike: at s = 0.01 the fifth moment is kept to
 * 1e-7 (tested), and below that rounding puts a node outside [low, high] or a count at or below
 * 0, and the rule is undefined (the caller falls back to two points).
 */
function gaussRule3(
  n: number,
  mean: number,
  sums: readonly number[],
  low: number,
  high: number,
): [number, number][] | undefined {
  const m0 = n;
  const m1 = sums[0] / mean;
  const mean2 = mean * mean;
  const m2 = sums[1] / mean2;
  const m3 = sums[2] / (mean2 * mean);
  const m4 = sums[3] / (mean2 * mean2);
  const m5 = sums[4] / (mean2 * mean2 * mean);
  // p(t) = t³ + c2·t² + c1·t + c0 with Σ p(t_i)·t_i^j = 0 for j = 0, 1, 2: the Hankel system
  // [m0 m1 m2; m1 m2 m3; m2 m3 m4]·(c0, c1, c2) = −(m3, m4, m5), by Cramer's rule.
  const det = (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number) =>
    a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  const d = det(m0, m1, m2, m1, m2, m3, m2, m3, m4);
  const c0 = det(-m3, m1, m2, -m4, m2, m3, -m5, m3, m4) / d;
  const c1 = det(m0, -m3, m2, m1, -m4, m3, m2, -m5, m4) / d;
  const c2 = det(m0, m1, -m3, m1, m2, -m4, m2, m3, -m5) / d;
  // Depressed cubic x³ + px + q with t = x − c2/3: three real roots when p < 0.
  const p = c1 - (c2 * c2) / 3;
  const q = (2 * c2 * c2 * c2) / 27 - (c2 * c1) / 3 + c0;
  if (!(p < 0)) return undefined;
  const r = 2 * Math.sqrt(-p / 3);
  const theta = acos(Math.max(-1, Math.min(1, (3 * q) / (p * r))));
  const root = (k: number) => {
    let t = r * cos((theta - 2 * Math.PI * k) / 3) - c2 / 3;
    for (let step = 0; step < 2; step++) t -= (((t + c2) * t + c1) * t + c0) / ((3 * t + 2 * c2) * t + c1);
    return t;
  };
  // For θ in [0, π], cos((θ − 2πk)/3) lies in [1/2, 1] at k = 0, [−1/2, 1/2] at k = 1, [−1, −1/2] at k = 2.
  const t0 = root(0);
  const t1 = root(1);
  const t2 = root(2);
  // Counts from the Lagrange basis: c_j = (m2 − (t_k + t_l)·m1 + t_k·t_l·m0)/((t_j − t_k)(t_j − t_l)).
  const count = (tj: number, tk: number, tl: number) => (m2 - (tk + tl) * m1 + tk * tl * m0) / ((tj - tk) * (tj - tl));
  const nodes: [number, number][] = [
    [count(t0, t1, t2), t0 * mean],
    [count(t1, t0, t2), t1 * mean],
    [count(t2, t0, t1), t2 * mean],
  ];
  const valid = t0 > t1 && t1 > t2 && nodes.every(([c, w]) => c > 0 && w >= low && w <= high);
  return valid ? nodes : undefined;
}

/**
 * The two-point Gauss rule of a run's weights (its count and first three moments), the
 * fallback of the three-point rule: a two-point distribution with the run's mean μ, variance σ²
 * and skewness γ puts probability p = 1/2 + γ / (2√(4 + γ²)) on μ − σ√((1 − p)/p) and the rest on
 * μ + σ√(p/(1 − p)); where rounding would put them outside [low, high], the symmetric μ ± σ.
 */
function gaussRule2(n: number, mean: number, sums: readonly number[], low: number, high: number): [number, number][] {
  const meanSquare = sums[1] / n;
  const sd = Math.sqrt(Math.max(0, meanSquare - mean * mean));
  if (sd <= 1e-12 * mean) return [[n, mean]];
  const meanCube = sums[2] / n;
  const skewness = (meanCube - 3 * mean * meanSquare + 2 * mean * mean * mean) / (sd * sd * sd);
  const p = 0.5 + skewness / (2 * Math.sqrt(4 + skewness * skewness));
  const below = mean - sd * Math.sqrt((1 - p) / p);
  const above = mean + sd * Math.sqrt(p / (1 - p));
  if (p > 0 && p < 1 && below >= low && above <= high) {
    return [
      [n * (1 - p), above],
      [n * p, below],
    ];
  }
  return [
    [n / 2, mean + sd],
    [n / 2, mean - sd],
  ];
}

/*
 * The conversion step evaluates 1 − (1 − r·w)^U for every node every month: the hot loop of a
 * Monte Carlo run (34 nodes × 60 months a trial). It is written as −expm1(U·ln(1 − r·w)) in
 * two passes over the nodes, which are sorted by weight (largest first), so that y = U·ln(1 − r·w)
 * rises along them and each pass runs in stretches without a data-dependent branch:
 * - ln(1 − x) by its series, whose length is chosen once a month from the largest x = r·w of
 *   that month (x is about 1e-4 with the defaults); log1p only where x ≥ 0.01;
 * - 1 − e^y by the series of −expm1 wherever |y| < 1/64, with as many terms as the stretch's
 *   largest |y| needs (about half of the node-months with the defaults), and below −1/64 by a
 *   table of 2^(−j/256) and a quartic. The series has no cancellation, so small hazards keep
 *   their relative accuracy (1 − e^y computed from e^y loses it: 1e-9 hazards to 1e-7).
 */

/** ln(1 − x) · u for x = r·w of every weight w, into `out`: the series' length fits the month's largest x. */
function scaledLogMiss(weight: Float64Array, r: number, u: number, largestWeight: number, out: Float64Array): void {
  const largest = r * largestWeight;
  const n = weight.length;
  if (largest < 1e-4) {
    // Remainder < x⁵/5·(1 + x) relative to x: below 3e-18.
    for (let k = 0; k < n; k++) {
      const x = r * weight[k];
      out[k] = -u * x * (1 + x * (1 / 2 + x * (1 / 3 + x / 4)));
    }
  } else if (largest < 0.01) {
    // Remainder < x⁸/9·(1 + x) relative to x: below 1.2e-17.
    for (let k = 0; k < n; k++) {
      const x = r * weight[k];
      out[k] = -u * x * (1 + x * (1 / 2 + x * (1 / 3 + x * (1 / 4 + x * (1 / 5 + x * (1 / 6 + x * (1 / 7 + x / 8)))))));
    }
  } else {
    for (let k = 0; k < n; k++) out[k] = u * log1p(-r * weight[k]);
  }
}

/** 2^(−j/256) for j = 0..256, and 2^(−j) for j = 0..1022: e^y = 2^(−k/256)·e^ρ, k = round(−256·y/ln 2). */
const EXP_FRACTIONS = Float64Array.from({ length: 257 }, (_, j) => exp((-j * Math.LN2) / 256));
const EXP_POWERS = Float64Array.from({ length: 1023 }, (_, j) => pow(2, -j));
/** 2^(−j/256) − 1 for j = 0..256, rounded once (not EXP_FRACTIONS[j] − 1, which cancels). */
const EXP_FRACTIONS_M1 = Float64Array.from({ length: 257 }, (_, j) => expm1((-j * Math.LN2) / 256));
/** ln 2 / 256 in two parts (fdlibm's ln2_hi and ln2_lo over 256): k·high is exact for k < 2^20. */
const LN2_256_HIGH = 6.9314718036912381649e-1 / 256;
const LN2_256_LOW = 1.90821492927058770002e-10 / 256;
/** Adding and subtracting 1.5·2^52 rounds a double below 2^51 to the nearest whole number. */
const ROUND = 6755399441055744;

/**
 * Replaces every y of `ys` (its first `n`) by 1 − e^y = −expm1(y), for y ≤ 0 in ascending order
 * (NaN stays NaN; 1 below −708). The order lets each stretch of values use the fewest terms its size needs (see
 * the loops); below −1/64, a table. Within 1e-15 relative of −expm1 (tested).
 *
 * @example oneMinusExpAscending(Float64Array.of(-1, -0.5, 0)) // [0.6321205588285577, 0.3934693402873666, 0]
 */
export function oneMinusExpAscending(ys: Float64Array, n = ys.length): void {
  let k = 0;
  // Below −708 e^y is no longer a normal double: 1 − e^y = 1. NaN ends the ascending order and
  // every stretch below leaves it NaN.
  for (; k < n && ys[k] < -708; k++) ys[k] = 1;
  // y = −(j/256)·ln 2 + ρ with |ρ| ≤ ln 2/512: e^y = 2^(−j/256)·e^ρ, e^ρ to ρ⁴ (remainder < 4e-17).
  // Below −ln 2, e^y ≤ 1/2 and 1 − e^y loses at most a bit.
  for (; k < n && ys[k] < -LN2; k++) {
    const y = ys[k];
    const m = y * (256 / LN2) - ROUND + ROUND; // −j, rounded
    const rho = y - m * LN2_256_HIGH - m * LN2_256_LOW;
    const j = -m;
    const poly = 1 + rho * (1 + rho * (1 / 2 + rho * (1 / 6 + rho / 24)));
    ys[k] = 1 - EXP_POWERS[j >> 8] * EXP_FRACTIONS[j & 255] * poly;
  }
  // −ln 2 ≤ y ≤ −1/64 (j = 6..256): 1 − e^y = −[2^(−j/256)·expm1(ρ) + (2^(−j/256) − 1)], whose
  // second term is ten times the first: no cancellation. expm1(ρ) to ρ⁵: remainder < 1e-20.
  for (; k < n && ys[k] <= -0.015625; k++) {
    const y = ys[k];
    const m = y * (256 / LN2) - ROUND + ROUND;
    const rho = y - m * LN2_256_HIGH - m * LN2_256_LOW;
    const j = -m;
    const expm1Rho = rho * (1 + rho * (1 / 2 + rho * (1 / 6 + rho * (1 / 24 + rho / 120))));
    ys[k] = -(EXP_FRACTIONS[j] * expm1Rho + EXP_FRACTIONS_M1[j]);
  }
  // |y| < 2^−6: −y·(1 + y/2 + y²/6 + … + y^d/(d + 1)!), with d = 6, 5, 4, 3, 2, 1 as |y| falls below
  // 2^−6, 2^−7, 2^−9, 2^−12, 2^−17, 2^−26: each remainder |y|^(d+1)/(d+2)! is below 5e-17 relative.
  for (; k < n && ys[k] <= -0.0078125; k++) {
    const y = ys[k];
    ys[k] = -y * (1 + y * (1 / 2 + y * (1 / 6 + y * (1 / 24 + y * (1 / 120 + y * (1 / 720 + y / 5040))))));
  }
  for (; k < n && ys[k] <= -0.001953125; k++) {
    const y = ys[k];
    ys[k] = -y * (1 + y * (1 / 2 + y * (1 / 6 + y * (1 / 24 + y * (1 / 120 + y / 720)))));
  }
  for (; k < n && ys[k] <= -0.000244140625; k++) {
    const y = ys[k];
    ys[k] = -y * (1 + y * (1 / 2 + y * (1 / 6 + y * (1 / 24 + y / 120))));
  }
  for (; k < n && ys[k] <= -7.62939453125e-6; k++) {
    const y = ys[k];
    ys[k] = -y * (1 + y * (1 / 2 + y * (1 / 6 + y / 24)));
  }
  for (; k < n && ys[k] <= -1.4901161193847656e-8; k++) {
    const y = ys[k];
    ys[k] = -y * (1 + y * (1 / 2 + y / 6));
  }
  for (; k < n; k++) {
    const y = ys[k];
    ys[k] = 0 - y * (1 + y / 2); // 0 − …, so that y = 0 gives 0, not −0
  }
}

/** Scratch for {@link employersReached} (bucketed runs have a few dozen nodes; larger ones allocate). */
let reachedScratch = new Float64Array(256);

/**
 * Expected organisations with at least one of `employed` members: Σ_i [1 − (1 − w_i)^U].
 * The weights are sorted, largest first, so U·ln(1 − w_i) ascends for U > 0 and
 * {@link oneMinusExpAscending} gives 1 − e^y within 1e-15 of −expm1 (tested) at a fraction of the
 * cost: the projection asks for it at every node every month.
 *
 * @example employersReached(employerBuckets(1000, 0), 1000) // ≈ 632.30
 */
export function employersReached(buckets: EmployerBuckets, employed: number): number {
  if (employed === 0) return 0;
  const { count, logMiss } = buckets;
  const n = count.length;
  let reached = 0;
  if (!(employed > 0 && employed < INFINITY)) {
    for (let k = 0; k < n; k++) reached -= count[k] * expm1(employed * logMiss[k]);
    return reached;
  }
  if (n > reachedScratch.length && n <= 4096) reachedScratch = new Float64Array(n);
  const ys = n <= reachedScratch.length ? reachedScratch : new Float64Array(n);
  for (let k = 0; k < n; k++) ys[k] = employed * logMiss[k];
  oneMinusExpAscending(ys, n);
  for (let k = 0; k < n; k++) reached += count[k] * ys[k];
  return reached;
}

/**
 * The probability that an employer with `advocates` advocates converts in a month, when each
 * persuades it with probability `persuasion`: 1 − (1 − persuasion)^advocates.
 *
 * @example conversionProbability(10, 0.05) // ≈ 0.401263
 */
export function conversionProbability(advocates: number, persuasion: number): number {
  if (advocates === 0) return 0;
  return -expm1(advocates * log1p(-persuasion));
}

/**
 * The customer state of every bucket, stepped month by month:
 * h_i = 1 − (1 − r·w_i)^U · (1 − certificationPull),
 * C_i ← C_i(1 − c) + (1 − C_i(1 − c))·h_i, customers = Σ_i C_i.
 */
export class EmployerConversion {
  /** Probability that an organisation of each bucket is a customer. */
  private readonly share: Float64Array;
  private keep: number;
  private certificationPull: number;
  /** U·ln(1 − r·w) of each bucket this month, then 1 − (1 − r·w)^U in its place. */
  private readonly reach: Float64Array;
  customers = 0;
  newCustomers = 0;
  churnedCustomers = 0;

  /**
   * @param monthlyChurn - c, the monthly share of customers lost
   * @param certificationPull - monthly conversion hazard without an advocate
   * @param scratch - two arrays of at least one entry per bucket to work in (the first zeroed
   *   here), for a caller that steps one conversion after another (see {@link ConversionWorkspace})
   */
  constructor(
    readonly buckets: EmployerBuckets,
    monthlyChurn: number,
    certificationPull: number,
    scratch?: readonly [Float64Array, Float64Array],
  ) {
    const nodes = buckets.count.length;
    const fit = (a: Float64Array) => (a.length === nodes ? a : a.subarray(0, nodes));
    this.share = scratch ? fit(scratch[0]).fill(0) : new Float64Array(nodes);
    this.reach = scratch ? fit(scratch[1]) : new Float64Array(nodes);
    this.keep = 1 - monthlyChurn;
    this.certificationPull = certificationPull;
  }

  /**
   * Starts from `initialCustomers` customers today (model.md v3, "Today's state"): spread over
   * the buckets in proportion to their reach ρ = 1 − (1 − w)^U₀ (ρ = w when U₀ = 0), capped at
   * certainty, C_0 = min(1, κ·ρ) with Σ count·C_0 = initialCustomers. Call it before the first
   * {@link step}; afterwards those customers churn and expand like any, and only the rest convert.
   *
   * @param employed - U₀, the employed members at month 0
   * @example new EmployerConversion(employerBuckets(1000, 1), monthly(0.1), 0).seed(150, 1400).customers // 150
   */
  seed(initialCustomers: number, employed: number): this {
    this.customers = initialShares(this.buckets, initialCustomers, employed, this.share);
    return this;
  }

  /**
   * Changes the monthly churn and the certification pull from the next {@link step} on (a plan's
   * step change of customerChurn or certificationPull, model.md v3).
   */
  setTerms(monthlyChurn: number, certificationPull: number): void {
    this.keep = 1 - monthlyChurn;
    this.certificationPull = certificationPull;
  }

  /**
   * Advances one month with `employed` members each persuading with probability `persuasion`;
   * returns the expected customers at the end of the month.
   */
  step(employed: number, persuasion: number): number {
    const { count, weight } = this.buckets;
    const { share, keep, certificationPull, reach } = this;
    // 1 − (1 − r·w)^U = −expm1(U·ln(1 − r·w)), with 0^0 = 1 (no employed members: nobody is
    // reached). The weights are sorted, largest first, so the exponents ascend.
    if (employed === 0) reach.fill(0);
    else {
      scaledLogMiss(weight, persuasion, employed, weight[0], reach);
      oneMinusExpAscending(reach);
    }
    let customers = 0;
    for (let k = 0; k < share.length; k++) {
      const kept = share[k] * keep;
      // h = 1 − (1 − reach)(1 − certificationPull), written without a difference of near-equal terms.
      const hazard = reach[k] + certificationPull * (1 - reach[k]);
      const next = kept + (1 - kept) * hazard;
      customers += count[k] * next;
      share[k] = next;
    }
    // Σ count·share·c were lost, so Σ count·share·(1 − c) were kept and the rest are new.
    const before = this.customers;
    this.churnedCustomers = before * (1 - keep);
    this.newCustomers = max(0, customers - before * keep); // (rounding could make it −1e-12)
    this.customers = customers;
    return customers;
  }

  /** Customers per bucket (expected), for the concentration of customers by employer size. */
  customersByBucket(): Float64Array {
    return this.share.map((s, k) => s * this.buckets.count[k]);
  }
}

/** Scratch for {@link initialShares}: the suffix sums of count·ρ. */
let suffixScratch = new Float64Array(64);

/**
 * Fills `share` with C_k,0 = min(1, κ·ρ_k) per bucket, ρ_k = 1 − (1 − w_k)^U₀ (w_k when U₀ = 0),
 * κ ≥ 0 such that Σ count_k·C_k,0 = initialCustomers, and returns that sum. The weights are
 * sorted, largest first, so ρ descends along the buckets and the capped ones are a prefix: κ is
 * found in closed form by capping bucket after bucket while κ·ρ would exceed 1 (each cap raises κ,
 * so earlier caps stay). Exact to rounding; once per projection, so not on the hot path.
 *
 * @example initialShares(employerBuckets(6, 1), 3, 0, new Float64Array(6)) // 3
 */
export function initialShares(
  buckets: EmployerBuckets,
  initialCustomers: number,
  employed: number,
  share: Float64Array,
): number {
  const { count, weight } = buckets;
  const n = count.length;
  if (!(initialCustomers > 0)) {
    share.fill(0, 0, n);
    return 0;
  }
  // ρ into `share` for now, and Σ_{k ≥ j} count·ρ summed from the smallest up (no cancellation).
  if (suffixScratch.length < n + 1) suffixScratch = new Float64Array(n + 1);
  const suffix = suffixScratch;
  suffix[n] = 0;
  for (let k = 0; k < n; k++) share[k] = employed > 0 ? -expm1(employed * log1p(-weight[k])) : weight[k];
  for (let k = n - 1; k >= 0; k--) suffix[k] = suffix[k + 1] + count[k] * share[k];
  let capped = 0; // organisations in the buckets capped at 1
  let j = 0;
  let kappa = 0;
  for (; j < n; j++) {
    kappa = Math.max(0, initialCustomers - capped) / suffix[j];
    if (kappa * share[j] <= 1) break;
    capped += count[j];
  }
  let customers = 0;
  for (let k = 0; k < n; k++) {
    share[k] = k < j ? 1 : Math.min(1, kappa * share[k]);
    customers += count[k] * share[k];
  }
  return customers;
}

/**
 * Buffers for one conversion after another (a Monte Carlo runner's trials): the buckets of each
 * and its state live in arrays kept from trial to trial. A Float64Array of a few hundred bytes
 * costs about 0.9 µs to allocate in V8 (its memory is outside the JavaScript heap), and a trial
 * would otherwise allocate five. What `start` returns is valid until the next `start`.
 *
 * @example
 * const workspace = new ConversionWorkspace();
 * const conversion = workspace.start(200000, 1, monthly(0.1), 0);
 * conversion.step(1000, 0.01);
 */
export class ConversionWorkspace {
  private arrays: Float64Array[] = [];
  /** Views of the arrays' first `nodes` entries, kept while the number of nodes stays the same. */
  private views: Float64Array[] = [];

  /** A conversion of `organizations` employers of skew `skew` from no customers, in this workspace's arrays. */
  start(organizations: number, skew: number, monthlyChurn: number, certificationPull: number): EmployerConversion {
    const plan = nodePlan(organizations, skew);
    const nodes = plan.kept + plan.partial.length;
    if (this.arrays.length === 0 || this.arrays[0].length < nodes) {
      this.arrays = Array.from({ length: 5 }, () => new Float64Array(Math.max(64, 2 * nodes)));
      this.views = [];
    }
    if (this.views.length === 0 || this.views[0].length !== nodes)
      this.views = this.arrays.map((a) => a.subarray(0, nodes));
    const [count, weight, firstRank, share, reach] = this.views;
    writeNodes(plan, count, weight, firstRank);
    const buckets = new Buckets(organizations, skew, count, weight, firstRank);
    return new EmployerConversion(buckets, monthlyChurn, certificationPull, [share, reach]);
  }
}
